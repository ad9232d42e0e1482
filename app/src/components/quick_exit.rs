use leptos::prelude::*;

/// "Leave this page quickly": replaces the page with a neutral website and forgets the draft.
///
/// Without JavaScript the form posts to `/leave`, which deletes the draft, clears this site's
/// cookies and storage, and redirects. With JavaScript it also clears what was kept on the
/// device and *replaces* the page, so the back button does not come back here. Pressing Shift
/// three times does the same (installed once for the whole app, see `crate::browser`).
#[component]
pub fn QuickExit() -> impl IntoView {
    view! {
        <form
            method="post"
            action="/leave"
            class="quick-exit"
            on:submit=move |ev| {
                #[cfg(feature = "hydrate")]
                {
                    ev.prevent_default();
                    crate::browser::quick_exit();
                }
                #[cfg(not(feature = "hydrate"))]
                let _ = ev;
            }
        >
            <button type="submit" class="quick-exit__button">
                "Leave this page quickly"
            </button>
        </form>
    }
}
