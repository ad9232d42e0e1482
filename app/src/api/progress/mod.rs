//! "Check progress": reference + code → what is happening, in plain words.
//! A wrong pair and an unknown reference get the same answer, and repeated tries are slowed.
mod check;
mod status;
pub use check::*;
pub use status::*;
