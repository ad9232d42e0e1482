//! Plain Rust rules, shared by the browser and the server: no Leptos, no HTTP, no SQL.
//! Each module starts with the rules it follows and the decisions taken where the law is silent.
pub mod calendar;
pub mod case_file;
pub mod officer;
pub mod procedure;
pub mod progress;
pub mod reference;
pub mod report;
pub mod report_input;
pub mod submission;
pub mod timescales;
pub mod uk_time;
