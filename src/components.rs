//! Reusable pieces of the interface.

pub mod header;
pub mod markdown;
pub mod sim_panel;
