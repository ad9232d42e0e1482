use super::ErrorSummary;
use crate::domain::submission::FieldError;
use leptos::prelude::*;

/// A form that posts to a server function (`action`), with its error summary above it.
///
/// Without JavaScript it is a plain form post: the server checks and saves, then sends the
/// browser on (or back to the same page with its mistakes). With JavaScript (the island
/// inside) the form is sent with `fetch`, so that a dropped connection only shows "We could not
/// reach the internet…" and leaves the page, and what was typed, as they were; a second tap
/// while sending does nothing. The server checks the page either way, by one set of rules
/// (`domain::submission::apply_step`): checking in the browser as well cost 7.9 KB of
/// WebAssembly on every question page (README, "Decisions"). When the server answers by going
/// to `sent_page` (the confirmation, or "added" after "I don't feel safe"), the typed words
/// have been sent: the device copy is forgotten before that page opens. An empty `sent_page`
/// never forgets.
///
/// What the island needs is written on the form as `data-` attributes: an island with no props
/// needs no JSON decoder in the WASM.
#[component]
pub fn SendForm(
    #[prop(into)] action: String,
    errors: Vec<FieldError>,
    #[prop(into)] sent_page: String,
    children: Children,
) -> impl IntoView {
    view! {
        <SendFormIsland>
            <ErrorSummary errors=errors/>
            // "We could not reach the internet…" goes here (JavaScript on).
            <div class="send-problem"></div>
            <form
                method="post"
                action=action
                novalidate=""
                data-sent=(!sent_page.is_empty()).then_some(sent_page)
            >
                {children()}
            </form>
        </SendFormIsland>
    }
}

/// The browser side of [`SendForm`]: catches the form's submit (it bubbles up to here). It
/// draws with the page's own elements (`crate::browser::send_form`), not Leptos views: the
/// WASM stays smaller.
#[island]
fn SendFormIsland(children: Children) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    crate::browser::focus_soon("error-summary");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        crate::browser::send_form(&ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! { <div on:submit=submit>{children()}</div> }
}

/// Clears the text kept on this device (JavaScript on) as soon as the page shows: used where
/// what was typed has just been sent (the confirmation page). Draws nothing visible; the plain
/// script (`app/js/`) does the clearing, so the page needs no WebAssembly.
#[component]
pub fn ForgetDeviceCopy() -> impl IntoView {
    view! { <span hidden="" data-forget-device-copy=""></span> }
}

/// "Print this page" (JavaScript only: hidden until the plain script marks the page).
#[component]
pub fn PrintButton() -> impl IntoView {
    view! {
        <button type="button" class="button button--secondary" data-print="">
            "Print this page"
        </button>
    }
}
