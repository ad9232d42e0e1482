//! The rights officers' pages. Plain, dense and keyboard-friendly: these are people at work on
//! a council laptop (often with JavaScript locked down), not young people on phones.
mod account;
mod audit;
mod case;
mod frame;
mod inbox;
mod new_contact;
mod new_password;
mod recovery_codes;
mod report;
mod report_draft;
mod report_import;
mod report_trends;
mod safety_alert;
mod sign_in;
mod trends;
mod two_factor;
mod two_factor_setup;
mod users;

pub use account::AccountPage;
pub use audit::AuditPage;
pub use case::CasePage;
pub use frame::OfficerFrame;
pub use inbox::InboxPage;
pub use new_contact::NewContactPage;
pub use new_password::NewPasswordPage;
pub use recovery_codes::RecoveryCodesPage;
pub use report::ReportPage;
pub use report_draft::ReportDraftPage;
pub use report_import::ReportImportPage;
pub use report_trends::ReportTrendsPage;
pub use sign_in::SignInPage;
pub use two_factor::TwoFactorPage;
pub use two_factor_setup::TwoFactorSetupPage;
pub use users::UsersPage;
