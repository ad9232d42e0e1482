//! The rights officers' workspace: sign-in, the inbox, cases. Every function here checks the
//! caller's role on the server (see [`guard`]): no session → 401, wrong role → 403.
mod audit_log;
mod case_action;
mod case_view;
mod change_password;
mod close_year;
mod draft_report;
mod form_token;
mod import_figures;
mod import_view;
mod inbox;
mod manage_account;
mod me;
mod new_password;
mod record_contact;
mod report;
mod safeguarding_action;
mod safety_view;
mod save_narrative;
mod sign_in;
mod sign_out;
mod trends;
mod two_factor;
mod users;

pub use audit_log::*;
pub use case_action::*;
pub use case_view::*;
pub use change_password::*;
pub use close_year::*;
pub use draft_report::*;
pub use form_token::*;
pub use import_figures::*;
pub use import_view::*;
pub use inbox::*;
pub use manage_account::*;
pub use me::*;
pub use new_password::*;
pub use record_contact::*;
pub use report::*;
pub use safeguarding_action::*;
pub use safety_view::SafetyView;
pub use save_narrative::*;
pub use sign_in::*;
pub use sign_out::*;
pub use trends::*;
pub use two_factor::*;
pub use users::*;

#[cfg(feature = "ssr")]
pub mod guard;
#[cfg(feature = "ssr")]
mod report_cache;
#[cfg(feature = "ssr")]
pub use report_cache::ReportCache;
#[cfg(feature = "ssr")]
pub mod staff_auth;
