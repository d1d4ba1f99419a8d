use super::*;
use crate::load_library;

fn shipped() -> Vec<Lesson> {
    let index = include_str!("../../../../content/index.txt");
    let seed = include_str!("../../../../content/weekly-paper-14.md");
    load_library("index.txt", index, |_| Ok(seed.to_string())).unwrap_or_default()
}

#[test]
fn the_shipped_library_survives_the_round_trip_exactly() {
    let lessons = shipped();
    assert_eq!(lessons.len(), 1);
    let bytes = encode_library(&lessons).expect("encodes");
    assert_eq!(decode_library(&bytes), Ok(lessons));
}

#[test]
fn damaged_bundles_are_refused_not_panicked_on() {
    let bytes = encode_library(&shipped()).expect("encodes");
    assert!(decode_library(b"garbage").is_err());
    assert!(decode_library(&bytes[..bytes.len() / 2]).is_err());
    let mut flipped = bytes.clone();
    flipped[20] ^= 0xff;
    let _ = decode_library(&flipped); // any outcome but a panic
}
