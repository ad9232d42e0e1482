use leptos::prelude::*;

/// "Leave this page quickly": replaces the page with a neutral website and forgets the draft.
///
/// Without JavaScript the form posts to `/leave`, which deletes the draft, clears this site's
/// cookies and storage, and redirects. With JavaScript the plain script (`app/js/`, on every
/// page, no WebAssembly needed) also blanks the page at once, clears what was kept on the
/// device and *replaces* the page, so the back button does not come back here; pressing Shift
/// three times does the same.
#[component]
pub fn QuickExit() -> impl IntoView {
    view! {
        <form method="post" action="/leave" class="quick-exit">
            <button type="submit" class="quick-exit__button">
                "Leave this page quickly"
            </button>
        </form>
    }
}
