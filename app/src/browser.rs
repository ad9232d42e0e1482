//! Browser-only helpers (hydrate feature), used by the islands in `crate::components`: the
//! device copy of typed answers (one draft's only, see [`restore_fields`]), the character
//! count, sending a question page with fetch ([`send_form`]). Quick exit, Shift×3 and Print
//! are the plain script in `app/js/` (every page has them; only typing pages load this).
//! Nothing here is needed for the pages to work without JavaScript.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement, Storage};

/// Every key this app keeps on the device starts with this (the plain script in `app/js/`
/// forgets the same keys on quick exit and on the confirmation page).
const PREFIX: &str = "speakup.";

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Text kept on the device lives no longer than a draft does on the server.
const KEEP_MS: u64 = 2 * 24 * 60 * 60 * 1000;

fn key(tag: &str, name: &str) -> String {
    format!("{PREFIX}{tag}.{name}")
}

/// Wall-clock time in whole ms (performance.timeOrigin + now(), without pulling in js-sys).
/// Whole numbers: formatting and parsing floats would add kilobytes to the WASM.
fn now_ms() -> u64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| (p.time_origin() + p.now()) as u64)
        .unwrap_or(0)
}

/// The draft's tag and whether what was typed has just been sent, from the server-drawn
/// wrapper around `el` (`crate::components::KeepTyping`).
fn wrapper_of(el: &Element) -> Option<(String, bool)> {
    let wrapper = el.closest(".keep-typing").ok().flatten()?;
    Some((
        wrapper.get_attribute("data-tag").unwrap_or_default(),
        wrapper.has_attribute("data-clear"),
    ))
}

/// When a page with typing opens: forgets the device copy if what was typed has just been
/// sent, or else puts back this draft's kept text (see [`restore_fields`]).
pub fn start_keeping() {
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".keep-typing").ok().flatten())
    else {
        return;
    };
    match wrapper_of(&el) {
        Some((_, true)) => forget_all(),
        Some((tag, false)) => restore_fields(&el, &tag),
        None => {}
    }
}

/// Saves the value of the field that fired `ev` (only answer fields, named `f[...]`), under
/// this draft's tag, and updates its character count.
pub fn remember_field(ev: &web_sys::Event) {
    update_count(ev);
    let Some(target) = ev.target() else { return };
    let Some(store) = storage() else { return };
    let Some((tag, _)) = target.dyn_ref::<Element>().and_then(wrapper_of) else {
        return;
    };
    if tag.is_empty() {
        return;
    }
    let value = if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
        if input.type_() == "radio" && !input.checked() {
            return;
        }
        Some((input.name(), input.value()))
    } else {
        target
            .dyn_ref::<HtmlTextAreaElement>()
            .map(|area| (area.name(), area.value()))
    };
    if let Some((name, value)) = value.filter(|(n, _)| n.starts_with("f[")) {
        let _ = store.set_item(&key(&tag, &name), &value);
        let _ = store.set_item(&key(&tag, "at"), &now_ms().to_string());
    }
}

/// Deletes kept text that belongs to another draft, or to this one if it is older than a
/// draft lives.
fn forget_others(store: &Storage, tag: &str) {
    let stale = store
        .get_item(&key(tag, "at"))
        .ok()
        .flatten()
        .and_then(|t| t.parse::<u64>().ok())
        .is_some_and(|at| now_ms().saturating_sub(at) > KEEP_MS);
    let mine = format!("{PREFIX}{tag}.");
    let len = store.length().unwrap_or(0);
    let doomed: Vec<String> = (0..len)
        .filter_map(|i| store.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX) && (stale || !k.starts_with(&mine)))
        .collect();
    for k in doomed {
        let _ = store.remove_item(&k);
    }
}

/// Puts back text kept for this draft into the fields inside `root` that the server left
/// empty (what the server shows always wins).
pub fn restore_fields(root: &Element, tag: &str) {
    let Some(store) = storage() else { return };
    forget_others(&store, tag);
    if tag.is_empty() {
        return;
    }
    let Ok(list) = root.query_selector_all("input[name^='f['], textarea[name^='f[']") else {
        return;
    };
    let kept = |name: String| store.get_item(&key(tag, &name)).ok().flatten();
    for i in 0..list.length() {
        let Some(node) = list.item(i) else { continue };
        if let Some(input) = node.dyn_ref::<HtmlInputElement>() {
            if input.type_() == "radio" {
                let group_answered = root
                    .query_selector(&format!("input[name='{}']:checked", input.name()))
                    .ok()
                    .flatten()
                    .is_some();
                if let Some(v) = kept(input.name()).filter(|_| !group_answered) {
                    input.set_checked(input.value() == v);
                }
            } else if input.value().is_empty() {
                if let Some(v) = kept(input.name()) {
                    input.set_value(&v);
                }
            }
        } else if let Some(area) = node.dyn_ref::<HtmlTextAreaElement>() {
            if area.value().is_empty() {
                if let Some(v) = kept(area.name()) {
                    area.set_value(&v);
                    // Let the character count catch up.
                    if let Ok(ev) = web_sys::Event::new("input") {
                        let _ = area.dispatch_event(&ev);
                    }
                }
            }
        }
    }
}

/// Forgets everything this app kept on the device.
pub fn forget_all() {
    let Some(store) = storage() else { return };
    let len = store.length().unwrap_or(0);
    let keys: Vec<String> = (0..len)
        .filter_map(|i| store.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .collect();
    for k in keys {
        let _ = store.remove_item(&k);
    }
}

/// Marks the page once every island on it is awake (`islands-awake` on `<body>`), for the
/// browser tests and the slow-phone measurement. (The plain script marks `js-enabled` as soon
/// as the page is parsed, which is when the page itself works.)
pub fn mark_islands_awake() {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.class_list().add_1("islands-awake");
    }
}

/// Moves keyboard focus to the element with this id (the error summary), once it is drawn.
pub fn focus_soon(id: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// Updates the character count under the big text box that fired `ev` (its `data-max`).
pub fn update_count(ev: &web_sys::Event) {
    let Some(area) = ev
        .target()
        .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
    else {
        return;
    };
    let Some(max) = area
        .get_attribute("data-max")
        .and_then(|m| m.parse::<usize>().ok())
    else {
        return;
    };
    if let Some(count) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("{}-count", area.id())))
    {
        let used = area.value().chars().count();
        count.set_text_content(Some(&crate::components::count_text(used, max)));
    }
}

/// Shows (or hides) "We could not reach the internet…" above the form (`SendForm`'s
/// `.send-problem`; an alert, so screen readers say it).
fn show_problem(form: &Element, message: Option<&str>) {
    let Some(slot) = form.previous_element_sibling() else {
        return;
    };
    match message {
        Some(_) => slot
            .set_inner_html("<div class=\"notice notice--problem\" role=\"alert\"><p></p></div>"),
        None => slot.set_inner_html(""),
    }
    if let (Some(m), Ok(Some(p))) = (message, slot.query_selector("p")) {
        p.set_text_content(Some(m));
    }
}

/// Sends the form with `fetch` (see [`crate::components::SendForm`]). The server checks it
/// and answers with where to go next (the same page when it found mistakes) (`Location`, without a real redirect, so a
/// one-time page is not opened by `fetch`).
pub fn send_form(ev: &web_sys::SubmitEvent) {
    use crate::api::error::ApiError;
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return;
    };
    ev.prevent_default();
    if form.has_attribute("aria-busy") {
        return; // Already sending: a double tap sends once.
    }
    let Ok(data) = web_sys::FormData::new_with_form(&form) else {
        return;
    };
    if let Some(button) = ev
        .submitter()
        .and_then(|b| b.dyn_into::<web_sys::HtmlButtonElement>().ok())
        .filter(|b| !b.name().is_empty())
    {
        let _ = data.append_with_str(&button.name(), &button.value());
    }
    let Ok(body) = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data) else {
        return;
    };
    let _ = form.set_attribute("aria-busy", "true");
    show_problem(&form, None);
    let action = form.action();
    let sent_page = form.get_attribute("data-sent");
    leptos::task::spawn_local(async move {
        let answer = match gloo_net::http::Request::post(&action)
            .header("Accept", "application/json")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
        {
            Ok(req) => req.send().await.ok(),
            Err(_) => None,
        };
        let _ = form.remove_attribute("aria-busy");
        let Some(res) = answer else {
            show_problem(&form, Some(&ApiError::offline().message));
            return;
        };
        let Some(location) = web_sys::window().map(|w| w.location()) else {
            return;
        };
        if let Some(to) = res.headers().get("location") {
            if sent_page.is_some_and(|p| to.starts_with(&p)) {
                forget_all();
            }
            let _ = location.assign(&to);
        } else if res.ok() {
            let _ = location.reload();
        } else {
            let text = res.text().await.unwrap_or_default();
            let message =
                ApiError::message_in(&text).unwrap_or_else(|| ApiError::unavailable().message);
            show_problem(&form, Some(&message));
        }
    });
}
