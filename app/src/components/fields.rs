use crate::domain::submission::{group_thousands, FieldError, Fields};
use leptos::prelude::*;

/// The message for one field, if it has a mistake.
pub fn error_for(errors: &[FieldError], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.clone())
}

/// Values and mistakes for the fields of one page.
#[derive(Clone, Debug, Default)]
pub struct FormState {
    pub values: Fields,
    pub errors: Vec<FieldError>,
}

impl FormState {
    pub fn value(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }
    pub fn error(&self, field: &str) -> Option<String> {
        error_for(&self.errors, field)
    }
}

fn field_name(name: &str) -> String {
    format!("f[{name}]")
}

#[component]
fn ErrorMessage(id: String, message: Option<String>) -> impl IntoView {
    message.map(|m| {
        view! {
            <p class="field-error" id=id>
                <span class="visually-hidden">"Error: "</span>
                {m}
            </p>
        }
    })
}

/// A set of radio buttons: one question, one answer.
#[component]
pub fn Radios(
    name: &'static str,
    #[prop(into)] legend: String,
    #[prop(optional, into)] hint: Option<String>,
    options: Vec<(String, String)>,
    form: FormState,
    #[prop(optional)] page_heading: bool,
) -> impl IntoView {
    let value = form.value(name);
    let error = form.error(name);
    let hint_id = format!("f-{name}-hint");
    let error_id = format!("f-{name}-error");
    let described = [
        hint.as_ref().map(|_| hint_id.clone()),
        error.as_ref().map(|_| error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let legend_view = if page_heading {
        view! { <legend class="legend legend--page"><h1>{legend}</h1></legend> }.into_any()
    } else {
        view! { <legend class="legend">{legend}</legend> }.into_any()
    };
    let class = if error.is_some() {
        "field field--error"
    } else {
        "field"
    };
    view! {
        <div class=class>
            <fieldset aria-describedby=(!described.is_empty()).then_some(described)>
                {legend_view}
                {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
                <ErrorMessage id=error_id.clone() message=error/>
                <div class="radios">
                    {options
                        .into_iter()
                        .enumerate()
                        .map(|(i, (code, label))| {
                            let id = if i == 0 { format!("f-{name}") } else { format!("f-{name}-{i}") };
                            let checked = code == value;
                            view! {
                                <div class="radio">
                                    <input type="radio" id=id.clone() name=field_name(name) value=code checked=checked/>
                                    <label for=id>{label}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// A one-line text box.
#[component]
pub fn TextInput(
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    form: FormState,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let error = form.error(name);
    let id = format!("f-{name}");
    let hint_id = format!("f-{name}-hint");
    let error_id = format!("f-{name}-error");
    let described = [
        hint.as_ref().map(|_| hint_id.clone()),
        error.as_ref().map(|_| error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    view! {
        <div class=if error.is_some() { "field field--error" } else { "field" }>
            <label class="label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <ErrorMessage id=error_id.clone() message=error.clone()/>
            <input
                class="input"
                type=kind
                id=id
                name=field_name(name)
                value=form.value(name)
                autocomplete=autocomplete.unwrap_or("off")
                inputmode=inputmode
                spellcheck="false"
                aria-invalid=error.is_some().then_some("true")
                aria-describedby=(!described.is_empty()).then_some(described)
            />
        </div>
    }
}

/// A big text box with a visible limit; with JavaScript it counts down as you type (the
/// [`super::KeepTyping`] island around it updates the count).
#[component]
pub fn TextArea(
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    form: FormState,
    max: usize,
    #[prop(optional)] page_heading: bool,
) -> impl IntoView {
    let error = form.error(name);
    let value = form.value(name);
    let id = format!("f-{name}");
    let hint_id = format!("f-{name}-hint");
    let count_id = format!("f-{name}-count");
    let error_id = format!("f-{name}-error");
    let count = count_text(value.chars().count(), max);
    let described = [
        hint.as_ref().map(|_| hint_id.clone()),
        Some(count_id.clone()),
        error.as_ref().map(|_| error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let label_view = if page_heading {
        view! { <h1 class="label-wrapper"><label class="label label--page" for=id.clone()>{label}</label></h1> }.into_any()
    } else {
        view! { <label class="label" for=id.clone()>{label}</label> }.into_any()
    };
    view! {
        <div class=if error.is_some() { "field field--error" } else { "field" }>
            {label_view}
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <ErrorMessage id=error_id.clone() message=error.clone()/>
            <textarea
                class="textarea"
                id=id
                name=field_name(name)
                rows="6"
                aria-invalid=error.is_some().then_some("true")
                aria-describedby=described
                data-max=max
            >
                {value}
            </textarea>
            <p class="count" id=count_id aria-live="polite">{count}</p>
        </div>
    }
}

/// The main button of a page. Disabled while sending, so a double tap sends once.
#[component]
pub fn Continue(
    #[prop(into, default = "Continue".to_string())] label: String,
    #[prop(into, optional)] pending: Signal<bool>,
) -> impl IntoView {
    view! {
        <button type="submit" class="button" disabled=move || pending.get()>
            {label}
        </button>
    }
}

/// "You have 4,950 characters left." (the server draws it; the browser updates it as you type).
pub fn count_text(used: usize, max: usize) -> String {
    if used == 0 {
        format!("You can write up to {} characters.", group_thousands(max))
    } else if used <= max {
        format!("You have {} characters left.", group_thousands(max - used))
    } else {
        format!(
            "You have {} characters too many.",
            group_thousands(used - max)
        )
    }
}
