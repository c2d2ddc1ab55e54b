//! Checks of a loaded review beyond what reading a file finds: lints of the
//! studies (duplicate DOIs, missing fields, given-name-first authors), the
//! appraisals against their instruments, and the PRISMA arithmetic.
//!
//! The checks see a study through [`Entry`], which the store implements, so
//! they run on studies however they were loaded.

pub mod appraisal;
pub mod lint;
pub mod prisma;

use std::borrow::Cow;
use std::path::Path;

use crate::model::Study;

/// A loaded study as the checks see it: the study and the text of its file,
/// for pointing at a line in a message.
pub trait Entry {
    fn study(&self) -> &Study;
    /// The file's text (the kept text, or the file as it is now; empty when
    /// unreadable).
    fn text_for_messages(&self, path: &Path) -> Cow<'_, str>;
}

impl<T: Entry> Entry for &T {
    fn study(&self) -> &Study {
        (**self).study()
    }
    fn text_for_messages(&self, path: &Path) -> Cow<'_, str> {
        (**self).text_for_messages(path)
    }
}
