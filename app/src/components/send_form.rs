use super::ErrorSummary;
use crate::domain::submission::FieldError;
use leptos::prelude::*;

/// What the browser needs to check a question page by the same rules as the server
/// (`domain::submission::apply_step` reads only these from the answers so far).
#[derive(Clone, Debug, PartialEq)]
pub struct Checks {
    pub step: crate::domain::submission::Step,
    /// Writing for a young person (an advocate or professional).
    pub on_behalf: bool,
    /// The council's list of services (the "which service" question).
    pub services: Vec<String>,
}

/// A form that posts to a server function (`action`), with its error summary above it.
///
/// Without JavaScript it is a plain form post: the server saves, then sends the browser on
/// (or back to the same page with its mistakes). With JavaScript (the island inside) it first
/// checks the page by the same rules the server uses (`checks`) and shows mistakes at once;
/// then it sends the form itself, so that a dropped connection only shows "We could not reach
/// the internet…" and leaves the page, and what was typed, as they were. A second tap while
/// sending does nothing. When the server answers by going to `sent_page` (the confirmation, or
/// "added" after "I don't feel safe"), the typed words have been sent: the device copy is
/// forgotten before that page opens. An empty `sent_page` never forgets.
///
/// What the island needs is written on the form as `data-` attributes: an island with no props
/// needs no JSON decoder in the WASM.
#[component]
pub fn SendForm(
    #[prop(into)] action: String,
    checks: Option<Checks>,
    errors: Vec<FieldError>,
    #[prop(into)] sent_page: String,
    children: Children,
) -> impl IntoView {
    let (step, behalf, services) = match checks {
        Some(c) => (
            Some(c.step.slug()),
            c.on_behalf.then_some("1"),
            Some(c.services.join("\n")),
        ),
        None => (None, None, None),
    };
    view! {
        <SendFormIsland>
            <ErrorSummary errors=errors/>
            // "We could not reach the internet…" goes here (JavaScript on).
            <div class="send-problem"></div>
            <form
                method="post"
                action=action
                novalidate=""
                data-step=step
                data-behalf=behalf
                data-services=services
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

#[cfg(test)]
mod tests {
    use crate::domain::submission::{apply_step, Answers, Fields, Kind, Step, Who};

    /// The browser checks a page with only `who` known (`crate::browser::send_form`): the
    /// mistakes must be exactly those the server finds with every answer so far.
    #[test]
    fn the_browser_finds_the_same_mistakes_as_the_server_with_only_who_known() {
        let services = vec!["My social worker".to_string(), "Something else".to_string()];
        let pages: [(&str, &str); 12] = [
            ("who", ""),
            ("who", "in_care"),
            ("name", ""),
            ("contact_by", "phone"),
            ("contact_by", "email"),
            ("email", "not an email"),
            ("phone", "12"),
            ("service", "Nope"),
            ("what_happened", ""),
            ("consent", "no"),
            ("yp_name", ""),
            ("thanks_who", ""),
        ];
        for who in [Who::InCare, Who::Advocate, Who::Parent] {
            let full = Answers {
                kind: Some(Kind::Complaint),
                who: Some(who),
                service: "My social worker".into(),
                what_happened: "Words".into(),
                name: "A name".into(),
                ..Answers::default()
            };
            for step in Step::ALL.iter().copied().filter(|s| *s != Step::Check) {
                for (k, v) in pages {
                    let fields: Fields = [(k.to_string(), v.to_string())].into_iter().collect();
                    let scratch = Answers {
                        who: full.on_behalf().then_some(Who::Advocate),
                        ..Answers::default()
                    };
                    let server = apply_step(&mut full.clone(), step, &fields, &services);
                    let browser = apply_step(&mut scratch.clone(), step, &fields, &services);
                    assert_eq!(server.err(), browser.err(), "{step:?} {k}={v} {who:?}");
                }
            }
        }
    }
}
