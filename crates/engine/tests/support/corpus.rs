//! Where the shared corpus is: beside the checkout (`../shared/corpus` from the repository
//! root), or wherever `PAPERLAB_CORPUS` points.

use std::path::PathBuf;

/// The corpus folder `sub` (`awesome-compose`, `buildkit-parser/testfiles`).
pub fn corpus(sub: &str) -> PathBuf {
    let default = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus");
    let root = std::env::var_os("PAPERLAB_CORPUS").map_or_else(|| PathBuf::from(default), PathBuf::from);
    assert!(
        root.is_dir(),
        "the corpus is missing: expected it at {} (set PAPERLAB_CORPUS to its folder)",
        root.display()
    );
    root.join(sub)
}
