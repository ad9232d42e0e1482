//! Shared pieces of the young person's pages: the frame every page sits in, the quick exit,
//! the error summary and the form fields (GOV.UK Design System patterns, in plain CSS).
//! The two `#[island]`s here (keep typing, send form) are the only WebAssembly a young
//! person's browser downloads, and only on the pages where they type (`crate::pages::runs_islands`);
//! quick exit, Shift×3 and Print are the small plain script in `app/js/`.
mod bar_chart;
mod fields;
mod frame;
mod keep_typing;
mod quick_exit;
mod send_form;
mod trend_chart;

pub use bar_chart::*;
pub use fields::*;
pub use frame::*;
pub use keep_typing::*;
pub use quick_exit::*;
pub use send_form::*;
pub use trend_chart::*;
