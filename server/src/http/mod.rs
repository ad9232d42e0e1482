//! HTTP plumbing, one concern per file.
pub mod api_errors;
pub mod client_addr;
pub mod cookies;
pub mod csrf;
pub mod finish;
pub mod intake_limit;
pub mod plain_script;
pub mod quick_exit;
pub mod report_csv;
pub mod security_headers;
