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

#[cfg(test)]
mod tests;
