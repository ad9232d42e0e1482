//! One file per page. The young person's pages live in `young/`; officers' pages will have
//! their own folder, because their words, layout and pace are different.
pub mod officer;
pub mod young;
