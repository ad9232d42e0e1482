//! Shared pieces of the young person's pages: the frame every page sits in, the quick exit,
//! the error summary and the form fields (GOV.UK Design System patterns, in plain CSS).
mod bar_chart;
mod fields;
mod frame;
mod keep_typing;
mod quick_exit;

pub use bar_chart::*;
pub use fields::*;
pub use frame::*;
pub use keep_typing::*;
pub use quick_exit::*;
