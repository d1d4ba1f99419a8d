//! The library as bytes: papers are parsed natively at build time and the browser only decodes
//! the result, so the shipped app carries no markdown parser.
//!
//! Layout: the 8-byte magic `PAPERLB1`, then the lessons in postcard encoding. The app and its
//! bundle are always built together, so the magic only guards against a damaged file.

use std::fmt;

use crate::lesson::Lesson;

const MAGIC: &[u8; 8] = b"PAPERLB1";

/// Why a bundle could not be made or read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleError(String);

impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "lesson bundle: {}", self.0)
    }
}

impl std::error::Error for BundleError {}

/// Encodes lessons for shipping.
pub fn encode_library(lessons: &[Lesson]) -> Result<Vec<u8>, BundleError> {
    let body = postcard::to_allocvec(lessons).map_err(|e| BundleError(e.to_string()))?;
    let mut bytes = Vec::with_capacity(MAGIC.len() + body.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&body);
    Ok(bytes)
}

/// Decodes lessons made by [`encode_library`].
pub fn decode_library(bytes: &[u8]) -> Result<Vec<Lesson>, BundleError> {
    let body = bytes
        .strip_prefix(MAGIC)
        .ok_or_else(|| BundleError("not a paperlab bundle (bad header)".to_string()))?;
    postcard::from_bytes(body).map_err(|e| BundleError(format!("damaged: {e}")))
}

const BODY_MAGIC: &[u8; 8] = b"PAPERBD1";

/// A lesson's text: what the page fetches when the lesson is opened, so the app's first
/// download carries only the catalogue (titles, parts, simulators) however many papers there
/// are.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Body {
    /// The blocks before the first part.
    pub intro: Vec<crate::markdown::Block>,
    /// Each part's blocks, in order.
    pub parts: Vec<Vec<crate::markdown::Block>>,
}

/// Splits a lesson into its catalogue entry (no text) and its body.
pub fn split_lesson(lesson: &Lesson) -> (Lesson, Body) {
    let mut entry = lesson.clone();
    let body = Body {
        intro: std::mem::take(&mut entry.intro),
        parts: entry
            .parts
            .iter_mut()
            .map(|p| std::mem::take(&mut p.blocks))
            .collect(),
    };
    (entry, body)
}

/// Encodes a lesson's body for shipping as its own file.
pub fn encode_body(body: &Body) -> Result<Vec<u8>, BundleError> {
    let data = postcard::to_allocvec(body).map_err(|e| BundleError(e.to_string()))?;
    let mut bytes = Vec::with_capacity(BODY_MAGIC.len() + data.len());
    bytes.extend_from_slice(BODY_MAGIC);
    bytes.extend_from_slice(&data);
    Ok(bytes)
}

/// Decodes a body made by [`encode_body`].
pub fn decode_body(bytes: &[u8]) -> Result<Body, BundleError> {
    let data = bytes
        .strip_prefix(BODY_MAGIC)
        .ok_or_else(|| BundleError("not a paperlab lesson body (bad header)".to_string()))?;
    postcard::from_bytes(data).map_err(|e| BundleError(format!("damaged: {e}")))
}

/// Puts a body back into its catalogue entry.
pub fn join_lesson(entry: &Lesson, body: Body) -> Lesson {
    let mut lesson = entry.clone();
    lesson.intro = body.intro;
    for (part, blocks) in lesson.parts.iter_mut().zip(body.parts) {
        part.blocks = blocks;
    }
    lesson
}

#[cfg(test)]
mod tests;
