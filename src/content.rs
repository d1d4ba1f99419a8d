//! The lessons compiled into the app: parsed by build.rs, decoded here once.

use std::sync::OnceLock;

use engine::{BundleError, Lesson, decode_library};

static BUNDLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/library.bin"));

/// Every lesson, decoded on first use.
pub fn library() -> &'static Result<Vec<Lesson>, BundleError> {
    static LIBRARY: OnceLock<Result<Vec<Lesson>, BundleError>> = OnceLock::new();
    LIBRARY.get_or_init(|| decode_library(BUNDLE))
}

/// The lesson with this URL name.
pub fn lesson(slug: &str) -> Option<&'static Lesson> {
    library().as_ref().ok()?.iter().find(|l| l.slug == slug)
}
