//! The rights officers' workspace: sign-in, the inbox, cases. Every function here checks the
//! caller's role on the server (see [`guard`]): no session → 401, wrong role → 403.
mod audit_log;
mod case_action;
mod case_view;
mod change_password;
mod form_token;
mod inbox;
mod me;
mod record_contact;
mod report;
mod safeguarding_action;
mod safety_view;
mod sign_in;
mod sign_out;
mod users;

pub use audit_log::*;
pub use case_action::*;
pub use case_view::*;
pub use change_password::*;
pub use form_token::*;
pub use inbox::*;
pub use me::*;
pub use record_contact::*;
pub use report::*;
pub use safeguarding_action::*;
pub use safety_view::SafetyView;
pub use sign_in::*;
pub use sign_out::*;
pub use users::*;

#[cfg(feature = "ssr")]
pub mod guard;
