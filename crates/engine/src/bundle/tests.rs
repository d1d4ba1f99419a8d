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

#[test]
fn a_lesson_splits_into_a_textless_entry_and_a_body_that_joins_back_exactly() {
    let lesson = shipped().remove(0);
    let (entry, body) = split_lesson(&lesson);
    assert!(entry.parts.iter().all(|p| p.blocks.is_empty()) && entry.intro.is_empty());
    assert_eq!(entry.parts.len(), lesson.parts.len());
    let bytes = encode_body(&body).expect("encodes");
    let decoded = decode_body(&bytes).expect("decodes");
    assert_eq!(join_lesson(&entry, decoded), lesson);
    assert!(decode_body(b"PAPERLB1xx").is_err());
    assert!(decode_body(&bytes[..bytes.len() / 3]).is_err());
    // The catalogue is a small fraction of the whole.
    let whole = encode_library(std::slice::from_ref(&lesson))
        .expect("encodes")
        .len();
    let catalogue = encode_library(&[entry]).expect("encodes").len();
    assert!(catalogue * 10 < whole, "catalogue {catalogue} B of {whole} B");
}
