//! The simulators beside a lesson: views over the lesson's [`crate::lab::Lab`].

pub mod console;
pub mod layers;
pub mod lifecycle;
pub mod time;
