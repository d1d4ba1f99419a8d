//! The interface strings, shared with the app (one table, both languages): this module draws
//! only the simulators, so the app's own strings go unused here.

#[allow(dead_code)]
#[path = "../../../src/i18n.rs"]
mod table;

pub use table::*;
