//! Pages a young person (or a parent, carer or advocate) sees. Written for a reading age of 9:
//! short sentences, everyday words, one thing per page.
mod done;
mod privacy;
mod progress;
mod questions;
mod start;
mod unsafe_now;

pub use done::{DonePage, FinishButton};
pub use privacy::PrivacyPage;
pub use progress::{ProgressPage, ProgressStatusPage};
pub use questions::QuestionPage;
pub use start::StartPage;
pub use unsafe_now::UnsafePage;
