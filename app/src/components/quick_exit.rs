use leptos::prelude::*;

/// "Leave this page quickly": replaces the page with a neutral website and forgets the draft.
///
/// Without JavaScript the form posts to `/leave`, which deletes the draft, clears this site's
/// cookies and storage, and redirects. With JavaScript (an island) it also clears what was kept
/// on the device and *replaces* the page, so the back button does not come back here. Pressing
/// Shift three times does the same (see [`PageReady`]).
#[island]
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

/// The last island on every page (it draws nothing): marks the page as running JavaScript, so
/// buttons that need it (Print) show, and installs the Shift×3 quick exit — except on officer
/// pages (see `crate::browser::install_shift_shortcut`). Islands wake up in page order, so when
/// this one runs, every island above it is ready.
#[island]
pub fn PageReady() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        crate::browser::install_shift_shortcut();
        crate::browser::mark_js_enabled();
    }
}
