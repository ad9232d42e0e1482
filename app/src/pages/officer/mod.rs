//! The rights officers' pages. Plain, dense and keyboard-friendly: these are people at work on
//! a council laptop (often with JavaScript locked down), not young people on phones.
mod account;
mod audit;
mod case;
mod frame;
mod inbox;
mod new_contact;
mod report;
mod safety_alert;
mod sign_in;
mod users;

pub use account::AccountPage;
pub use audit::AuditPage;
pub use case::CasePage;
pub use frame::OfficerFrame;
pub use inbox::InboxPage;
pub use new_contact::NewContactPage;
pub use report::ReportPage;
pub use sign_in::SignInPage;
pub use users::UsersPage;
