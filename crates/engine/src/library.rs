//! The content index: which papers exist and which simulators sit beside their sections.
//!
//! `content/index.txt` has one paper per line; `#` starts a comment:
//!
//! ```text
//! line       = file *(space assignment)
//! file       = a markdown file name in content/, e.g. weekly-paper-14.md
//! assignment = part-id "=" simulator *("+" simulator)     e.g. 01=layers+lifecycle
//! simulator  = "layers" | "lifecycle" | "compose" | "kubernetes"
//! ```
//!
//! Adding a paper is adding its file and one line here; no code changes.

use std::fmt;

use crate::lesson::{Lesson, parse_lesson};
use crate::simulator::Simulator;

/// One line of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// 1-based line in the index file.
    pub line: usize,
    /// The markdown file name, e.g. `weekly-paper-14.md`.
    pub file: String,
    /// The URL name: the file name without `.md`.
    pub slug: String,
    /// Part id → simulators, in the order written.
    pub simulators: Vec<(String, Vec<Simulator>)>,
}

/// A problem in the content index or a paper it names, with the index line it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexError {
    /// The index file's name, as given to [`load_library`].
    pub index: String,
    /// 1-based line in the index file.
    pub line: usize,
    /// What is wrong, in plain words.
    pub message: String,
}

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.index, self.line, self.message)
    }
}

impl std::error::Error for IndexError {}

/// Parses the index file (named `index` in error messages).
pub fn parse_index(index: &str, source: &str) -> Result<Vec<IndexEntry>, IndexError> {
    let mut entries: Vec<IndexEntry> = Vec::new();
    for (i, raw) in source.lines().enumerate() {
        let line = i + 1;
        let error = |message: String| IndexError {
            index: index.to_string(),
            line,
            message,
        };
        let text = raw.split('#').next().unwrap_or_default().trim();
        let mut words = text.split_whitespace();
        let Some(file) = words.next() else { continue };
        let Some(slug) = file.strip_suffix(".md").filter(|s| is_plain_name(s)) else {
            return Err(error(format!(
                "\"{file}\" is not a paper file name: expected a name like weekly-paper-14.md \
                 (letters, digits, '-', '_', ending in .md, no folders)"
            )));
        };
        if let Some(first) = entries.iter().find(|e| e.file == file) {
            return Err(error(format!(
                "\"{file}\" is listed twice (first on line {})",
                first.line
            )));
        }
        let mut simulators: Vec<(String, Vec<Simulator>)> = Vec::new();
        for word in words {
            let Some((part, names)) = word.split_once('=') else {
                return Err(error(format!(
                    "\"{word}\" should look like PART=SIMULATOR, e.g. 01=layers+lifecycle"
                )));
            };
            if part.is_empty() {
                return Err(error(format!("\"{word}\" names no part before '='")));
            }
            let mut sims = Vec::new();
            for name in names.split('+') {
                let Some(sim) = Simulator::from_name(name) else {
                    let known: Vec<&str> = Simulator::ALL.iter().map(|s| s.name()).collect();
                    return Err(error(format!(
                        "unknown simulator \"{name}\" (known: {})",
                        known.join(", ")
                    )));
                };
                if !sims.contains(&sim) {
                    sims.push(sim);
                }
            }
            simulators.push((part.to_string(), sims));
        }
        entries.push(IndexEntry {
            line,
            file: file.to_string(),
            slug: slug.to_string(),
            simulators,
        });
    }
    Ok(entries)
}

fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Parses the index and every paper it names. `read` returns a paper's text by file name, or
/// why it could not (e.g. "No such file or directory"). The first problem found is returned,
/// naming the index line.
pub fn load_library(
    index: &str,
    source: &str,
    mut read: impl FnMut(&str) -> Result<String, String>,
) -> Result<Vec<Lesson>, IndexError> {
    let entries = parse_index(index, source)?;
    let mut lessons = Vec::with_capacity(entries.len());
    for entry in entries {
        let error = |message: String| IndexError {
            index: index.to_string(),
            line: entry.line,
            message,
        };
        let text = read(&entry.file)
            .map_err(|why| error(format!("paper file \"{}\" could not be read: {why}", entry.file)))?;
        let mut lesson = parse_lesson(&entry.slug, &text);
        for (part_id, sims) in &entry.simulators {
            let Some(part) = lesson.parts.iter_mut().find(|p| p.id == *part_id) else {
                let ids: Vec<&str> = lesson.parts.iter().map(|p| p.id.as_str()).collect();
                return Err(error(format!(
                    "\"{}\" has no part \"{part_id}\" (its parts: {})",
                    entry.file,
                    ids.join(", ")
                )));
            };
            part.simulators.clone_from(sims);
        }
        lessons.push(lesson);
    }
    Ok(lessons)
}

#[cfg(test)]
mod tests;
