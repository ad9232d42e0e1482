//! HTTP plumbing, one concern per file.
pub mod api_errors;
pub mod copy;
pub mod csrf;
pub mod quick_exit;
pub mod report_csv;
pub mod security_headers;
