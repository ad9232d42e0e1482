//! Browser-only helpers (hydrate feature): the device copy of typed answers, the quick exit
//! and its Shift×3 shortcut. Nothing here is needed for the pages to work without JavaScript.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement, Storage};

/// Every key this app keeps on the device starts with this.
const PREFIX: &str = "speakup.";

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Saves the value of the field that fired `ev` (only answer fields, named `f[...]`).
pub fn remember_field(ev: &web_sys::Event) {
    let Some(target) = ev.target() else { return };
    let Some(store) = storage() else { return };
    if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
        let name = input.name();
        if !name.starts_with("f[") {
            return;
        }
        if input.type_() == "radio" && !input.checked() {
            return;
        }
        let _ = store.set_item(&format!("{PREFIX}{name}"), &input.value());
    } else if let Some(area) = target.dyn_ref::<HtmlTextAreaElement>() {
        let name = area.name();
        if name.starts_with("f[") {
            let _ = store.set_item(&format!("{PREFIX}{name}"), &area.value());
        }
    }
}

/// Puts back values kept on the device into the fields inside `root`.
pub fn restore_fields(root: &Element) {
    let Some(store) = storage() else { return };
    let Ok(list) = root.query_selector_all("input[name^='f['], textarea[name^='f[']") else {
        return;
    };
    for i in 0..list.length() {
        let Some(node) = list.item(i) else { continue };
        if let Some(input) = node.dyn_ref::<HtmlInputElement>() {
            let kept = store
                .get_item(&format!("{PREFIX}{}", input.name()))
                .ok()
                .flatten();
            if let Some(kept) = kept {
                if input.type_() == "radio" {
                    input.set_checked(input.value() == kept);
                } else {
                    input.set_value(&kept);
                }
            }
        } else if let Some(area) = node.dyn_ref::<HtmlTextAreaElement>() {
            let kept = store
                .get_item(&format!("{PREFIX}{}", area.name()))
                .ok()
                .flatten();
            if let Some(kept) = kept {
                area.set_value(&kept);
                // Let the character count catch up.
                if let Ok(ev) = web_sys::Event::new("input") {
                    let _ = area.dispatch_event(&ev);
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

/// Leaves at once: forget the device copy, replace this page (so Back does not return) with
/// `/leave`, which deletes the draft on the server and sends the browser to a neutral site.
pub fn quick_exit() {
    forget_all();
    if let Some(w) = web_sys::window() {
        let _ = w.location().replace("/leave");
    }
}

/// Shift pressed three times, each within a second of the last, leaves the page.
pub fn install_shift_shortcut() {
    use std::cell::Cell;
    use std::rc::Rc;
    let Some(w) = web_sys::window() else { return };
    let count = Rc::new(Cell::new(0u32));
    let last = Rc::new(Cell::new(0f64));
    let handler =
        Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |ev: web_sys::KeyboardEvent| {
            if ev.key() != "Shift" || ev.repeat() {
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
    let _ = w.add_event_listener_with_callback("keydown", handler.as_ref().unchecked_ref());
    handler.forget();
}

fn js_sys_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
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
