//! Shared pieces of the young person's pages: the frame every page sits in, the quick exit,
//! the error summary and the form fields (GOV.UK Design System patterns, in plain CSS).
//! The `#[island]`s here (keep typing, send form, quick exit, page ready, print, forget the
//! device copy) are the only code a young person's browser downloads.
mod bar_chart;
mod fields;
mod frame;
mod keep_typing;
mod quick_exit;
mod send_form;

pub use bar_chart::*;
pub use fields::*;
pub use frame::*;
pub use keep_typing::*;
pub use quick_exit::*;
pub use send_form::*;
