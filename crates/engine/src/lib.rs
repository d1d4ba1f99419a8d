//! paperlab's engine: weekly papers as lessons (and, in later issues, the simulators).
//!
//! Pure Rust with no web dependency, so everything here is tested natively in seconds; the
//! Leptos app in the workspace root only draws what this crate returns.

pub mod bundle;
pub mod compose;
pub mod dockerfile;
pub mod gotemplate;
pub mod host;
pub mod layout;
pub mod lesson;
pub mod library;
pub mod markdown;
pub mod quiz;
pub mod sha256;
pub mod shell;
pub mod simulator;

pub use bundle::{
    Body, BundleError, decode_body, decode_library, encode_body, encode_library, join_lesson, split_lesson,
};
pub use lesson::{Lesson, Meta, Part, parse_lesson};
pub use library::{IndexEntry, IndexError, load_library, parse_index};
pub use markdown::{Align, Block, Inline, parse_markdown, plain_text, safe_url, slugify};
pub use simulator::Simulator;
