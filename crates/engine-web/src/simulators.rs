//! The simulators beside a lesson: views over the lesson's [`crate::lab::Lab`].

pub mod compose;
pub mod console;
pub mod layers;
pub mod lifecycle;
pub mod stacks;
pub mod time;

/// For a list of `len` rows of which only `head` + `tail` are drawn, the hidden middle (a
/// 5,000-line Dockerfile makes ~1,900 steps; drawing them all costs the browser a second).
pub fn elided(len: usize, head: usize, tail: usize) -> Option<std::ops::Range<usize>> {
    (len > head + tail + 1).then(|| head..len - tail)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_long_lists_lose_their_middle() {
        assert_eq!(super::elided(10, 4, 4), Some(4..6));
        assert_eq!(super::elided(9, 4, 4), None, "hiding one row would save nothing");
        assert_eq!(super::elided(0, 4, 4), None);
    }
}
