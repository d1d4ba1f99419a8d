//! Reusable pieces of the interface.

pub mod header;
pub mod markdown;
pub mod quiz;
pub mod sim_panel;
