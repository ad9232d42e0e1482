//! Browser-only helpers (hydrate feature): the device copy of typed answers (one draft's
//! only, see [`restore_fields`]), the quick exit and its Shift×3 shortcut. Nothing here is needed for the pages to work without JavaScript.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement, Storage};

/// Every key this app keeps on the device starts with this.
const PREFIX: &str = "speakup.";

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Text kept on the device lives no longer than a draft does on the server.
const KEEP_MS: f64 = 2.0 * 24.0 * 60.0 * 60.0 * 1000.0;

fn key(tag: &str, name: &str) -> String {
    format!("{PREFIX}{tag}.{name}")
}

/// Wall-clock time in ms (performance.timeOrigin + now(), without pulling in js-sys).
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.time_origin() + p.now())
        .unwrap_or(0.0)
}

/// Saves the value of the field that fired `ev` (only answer fields, named `f[...]`), under
/// this draft's tag.
pub fn remember_field(ev: &web_sys::Event, tag: &str) {
    let Some(target) = ev.target() else { return };
    let Some(store) = storage() else { return };
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
        let _ = store.set_item(&key(tag, &name), &value);
        let _ = store.set_item(&key(tag, "at"), &now_ms().to_string());
    }
}

/// Deletes kept text that belongs to another draft, or to this one if it is older than a
/// draft lives.
fn forget_others(store: &Storage, tag: &str) {
    let stale = store
        .get_item(&key(tag, "at"))
        .ok()
        .flatten()
        .and_then(|t| t.parse::<f64>().ok())
        .is_some_and(|at| now_ms() - at > KEEP_MS);
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

/// Leaves at once, like GOV.UK's "Exit this page": hide the page this instant, forget the
/// device copy, then *replace* this page (so Back does not return to it) with `/leave`, which
/// deletes the draft on the server, clears the site's cookies and storage, and sends the
/// browser to a neutral site.
pub fn quick_exit() {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if let Some(body) = doc.body() {
            body.set_inner_html("");
        }
        doc.set_title("");
    }
    forget_all();
    if let Some(w) = web_sys::window() {
        let _ = w.location().replace("/leave");
    }
}

/// Shift pressed three times **on its own** (each within a second of the last) leaves the
/// page. A Shift used with another key (a capital letter, Shift+Tab) starts the count again,
/// as GOV.UK's "Exit this page" does. Not on officer pages: staff type capitals all day.
pub fn install_shift_shortcut() {
    use std::cell::Cell;
    use std::rc::Rc;
    let Some(w) = web_sys::window() else { return };
    let officer_page = w
        .location()
        .pathname()
        .is_ok_and(|p| p.starts_with("/officer"));
    if officer_page {
        return;
    }
    let count = Rc::new(Cell::new(0u32));
    let last = Rc::new(Cell::new(0f64));
    // Shift is down with nothing else pressed since.
    let alone = Rc::new(Cell::new(false));
    let down = {
        let (count, alone) = (count.clone(), alone.clone());
        Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |ev: web_sys::KeyboardEvent| {
            if ev.key() == "Shift" {
                if !ev.repeat() {
                    alone.set(!(ev.ctrl_key() || ev.alt_key() || ev.meta_key()));
                }
            } else {
                alone.set(false);
                count.set(0);
            }
        })
    };
    let up =
        Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |ev: web_sys::KeyboardEvent| {
            if ev.key() != "Shift" {
                return;
            }
            if !alone.replace(false) {
                count.set(0);
                return;
            }
            // Only the Shift page itself counts, not an officer page opened client-side later.
            let on_officer_page = web_sys::window()
                .and_then(|w| w.location().pathname().ok())
                .is_some_and(|p| p.starts_with("/officer"));
            if on_officer_page {
                return;
            }
            let now = js_sys_now();
            if now - last.get() > 1000.0 {
                count.set(0);
            }
            last.set(now);
            count.set(count.get() + 1);
            if count.get() >= 3 {
                count.set(0);
                quick_exit();
            }
        });
    let _ = w.add_event_listener_with_callback("keydown", down.as_ref().unchecked_ref());
    let _ = w.add_event_listener_with_callback("keyup", up.as_ref().unchecked_ref());
    down.forget();
    up.forget();
}

fn js_sys_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Empties the form with this id (after what it held has been sent).
pub fn reset_form(id: &str) {
    if let Some(form) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlFormElement>().ok())
    {
        form.reset();
    }
}

/// Marks the page as running JavaScript, so buttons that need it (Print) can show.
pub fn mark_js_enabled() {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.class_list().add_1("js-enabled");
    }
}

/// The answer fields inside a form (`f[name]` → value), as the form would post them.
pub fn collect_fields(form: &Element) -> crate::domain::submission::Fields {
    let mut fields = crate::domain::submission::Fields::new();
    let Ok(list) = form.query_selector_all("input[name^='f['], textarea[name^='f[']") else {
        return fields;
    };
    let key = |name: String| {
        name.strip_prefix("f[")
            .and_then(|n| n.strip_suffix(']'))
            .map(str::to_string)
    };
    for i in 0..list.length() {
        let Some(node) = list.item(i) else { continue };
        if let Some(input) = node.dyn_ref::<HtmlInputElement>() {
            if input.type_() == "radio" && !input.checked() {
                continue;
            }
            if let Some(k) = key(input.name()) {
                fields.insert(k, input.value());
            }
        } else if let Some(area) = node.dyn_ref::<HtmlTextAreaElement>() {
            if let Some(k) = key(area.name()) {
                fields.insert(k, area.value());
            }
        }
    }
    fields
}

/// The `f[...]` field a submit button adds (e.g. "Skip these questions").
pub fn submitter_field(ev: &web_sys::SubmitEvent) -> Option<(String, String)> {
    let button = ev
        .submitter()?
        .dyn_into::<web_sys::HtmlButtonElement>()
        .ok()?;
    let name = button.name();
    let key = name.strip_prefix("f[")?.strip_suffix(']')?.to_string();
    Some((key, button.value()))
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
