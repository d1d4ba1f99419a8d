//! A weekly paper as a lesson: title, metadata, an introduction and its parts.
//!
//! The shape follows how the study group writes papers (see `content/weekly-paper-14.md`):
//!
//! ```text
//! paper    = title-heading [meta-quote] intro* part*
//! title    = the first heading, when nothing but blank space precedes it ("## 📘 [AI] 위클리페이퍼 #14")
//! meta     = a blockquote right under the title whose every line is "**key**: value"
//! part     = a heading at the part level and the blocks up to the next one
//!            numbered:  "## 🔹 01. question"  → number "01", id "01"
//!            otherwise: "## ✅ 최종 요약"      → a closing part (summary), id "summary"
//! ```
//!
//! The part level is the level of the first numbered heading (2 when there is none).
//! Thematic breaks (`---`) at the edges of a part are separators and are dropped.

use crate::markdown::{Block, Inline, parse_markdown, plain_text, slugify};
use crate::simulator::Simulator;
use serde::{Deserialize, Serialize};

/// A paper turned into a lesson.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lesson {
    /// The URL name of the paper (its file name without `.md`).
    pub slug: String,
    /// The title without its leading emoji marker, e.g. `[AI] 위클리페이퍼 #14`.
    pub title: String,
    /// The emoji the author put before the title, e.g. `📘`.
    pub marker: Option<String>,
    /// Date, author and any other `**key**: value` lines under the title.
    pub meta: Meta,
    /// Blocks between the title (or metadata) and the first part.
    pub intro: Vec<Block>,
    /// The numbered sections and closing parts, in order.
    pub parts: Vec<Part>,
}

/// The metadata quote under a paper's title.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// `작성일` / `Date`.
    pub date: Option<String>,
    /// `작성자` / `Author`.
    pub author: Option<String>,
    /// Every `key: value` line, in order, including the two above.
    pub fields: Vec<(String, String)>,
}

/// One section of a lesson, shown on its own page beside its simulators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// Stable URL id: the number (`01`) for numbered sections, `summary` for a closing part.
    pub id: String,
    /// `01`, `02`, … for numbered sections; `None` for the closing summary and other parts.
    pub number: Option<String>,
    /// The heading without marker and number.
    pub title: String,
    /// The emoji before the heading, e.g. `🔹` or `✅`.
    pub marker: Option<String>,
    /// The section's content below its heading.
    pub blocks: Vec<Block>,
    /// The simulators that belong beside this part (set from the content index).
    pub simulators: Vec<Simulator>,
}

impl Part {
    /// Whether this is a closing part (no number) such as the final summary.
    pub fn is_summary(&self) -> bool {
        self.number.is_none()
    }
}

impl Lesson {
    /// The part with this URL id.
    pub fn part(&self, id: &str) -> Option<&Part> {
        self.parts.iter().find(|p| p.id == id)
    }

    /// Position of the part with this URL id.
    pub fn part_index(&self, id: &str) -> Option<usize> {
        self.parts.iter().position(|p| p.id == id)
    }

    /// The numbered sections only.
    pub fn sections(&self) -> impl Iterator<Item = &Part> {
        self.parts.iter().filter(|p| p.number.is_some())
    }
}

/// Parses a paper's markdown into a lesson. Never fails: a paper without a title gets its slug
/// as title, one without numbered headings gets its level-2 headings as parts.
pub fn parse_lesson(slug: &str, source: &str) -> Lesson {
    let mut tree = parse_markdown(source);
    crate::quiz::attach::attach_quizzes(&mut tree, source);
    let mut blocks = tree.into_iter().peekable();

    let mut title = None;
    let mut marker = None;
    if let Some(Block::Heading { content, .. }) = blocks.peek() {
        let text = plain_text(content);
        if split_number(&text).is_none() {
            let (m, rest) = split_marker(&text);
            marker = m;
            title = Some(rest.to_string());
            blocks.next();
        }
    }

    let rest: Vec<Block> = blocks.collect();
    let mut rest = rest.as_slice();
    // Skip separators between the title and the metadata quote.
    while let [Block::Rule, tail @ ..] = rest {
        rest = tail;
    }
    let mut meta = Meta::default();
    if let [Block::Quote(quote), tail @ ..] = rest
        && let Some(found) = parse_meta(quote)
    {
        meta = found;
        rest = tail;
    }

    let part_level = rest
        .iter()
        .find_map(|b| match b {
            Block::Heading { level, content, .. } if split_number(&plain_text(content)).is_some() => {
                Some(*level)
            }
            _ => None,
        })
        .unwrap_or(2);

    let mut intro = Vec::new();
    let mut parts: Vec<Part> = Vec::new();
    for block in rest {
        match block {
            Block::Heading { level, content, .. } if *level == part_level => {
                parts.push(start_part(&plain_text(content), parts.len()));
            }
            other => match parts.last_mut() {
                Some(part) => part.blocks.push(other.clone()),
                None => intro.push(other.clone()),
            },
        }
    }

    trim_rules(&mut intro);
    for part in &mut parts {
        trim_rules(&mut part.blocks);
    }
    dedupe_part_ids(&mut parts);

    Lesson {
        slug: slug.to_string(),
        title: title.unwrap_or_else(|| slug.to_string()),
        marker,
        meta,
        intro,
        parts,
    }
}

fn start_part(heading: &str, position: usize) -> Part {
    match split_number(heading) {
        Some((marker, number, title)) => Part {
            id: number.to_string(),
            number: Some(number.to_string()),
            title: title.to_string(),
            marker,
            blocks: Vec::new(),
            simulators: Vec::new(),
        },
        None => {
            let (marker, title) = split_marker(heading);
            let slug = slugify(title);
            let id = if !slug.is_empty() && slug.is_ascii() {
                slug
            } else if position > 0 {
                "summary".to_string()
            } else {
                format!("part-{}", position + 1)
            };
            Part {
                id,
                number: None,
                title: title.to_string(),
                marker,
                blocks: Vec::new(),
                simulators: Vec::new(),
            }
        }
    }
}

fn dedupe_part_ids(parts: &mut [Part]) {
    for i in 0..parts.len() {
        let base = parts[i].id.clone();
        let mut n = 2;
        while parts[..i].iter().any(|p| p.id == parts[i].id) {
            parts[i].id = format!("{base}-{n}");
            n += 1;
        }
    }
}

fn trim_rules(blocks: &mut Vec<Block>) {
    while matches!(blocks.last(), Some(Block::Rule)) {
        blocks.pop();
    }
    let leading = blocks.iter().take_while(|b| matches!(b, Block::Rule)).count();
    blocks.drain(..leading);
}

/// Splits a leading emoji or symbol marker (`🔹`, `📘`, `✅`) from a heading.
pub fn split_marker(text: &str) -> (Option<String>, &str) {
    let text = text.trim();
    let end = text
        .char_indices()
        .find(|(_, c)| c.is_alphanumeric() || c.is_ascii_punctuation() || c.is_whitespace())
        .map_or(text.len(), |(i, _)| i);
    let marker = &text[..end];
    let rest = text[end..].trim_start();
    if marker.is_empty() || rest.is_empty() {
        (None, text)
    } else {
        (Some(marker.to_string()), rest)
    }
}

/// Splits `🔹 01. Title` into (`🔹`, `01`, `Title`); `None` when the heading is not numbered.
fn split_number(text: &str) -> Option<(Option<String>, &str, &str)> {
    let (marker, rest) = split_marker(text);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let after = rest[digits..].strip_prefix(['.', ')'])?;
    if !after.is_empty() && !after.starts_with(char::is_whitespace) {
        return None;
    }
    Some((marker, &rest[..digits], after.trim()))
}

/// Reads `**key**: value` lines; `None` unless every line of the quote has that shape.
fn parse_meta(quote: &[Block]) -> Option<Meta> {
    let mut meta = Meta::default();
    for block in quote {
        let Block::Paragraph(inlines) = block else {
            return None;
        };
        for line in inlines.split(|i| matches!(i, Inline::Break { .. })) {
            if !matches!(line.first(), Some(Inline::Strong(_))) {
                return None;
            }
            let text = plain_text(line);
            let (key, value) = text.split_once(':')?;
            let (key, value) = (key.trim(), value.trim());
            if key.is_empty() || key.chars().count() > 24 {
                return None;
            }
            match key.to_lowercase().as_str() {
                "작성일" | "date" | "날짜" => meta.date = Some(value.to_string()),
                "작성자" | "author" | "글쓴이" => meta.author = Some(value.to_string()),
                _ => {}
            }
            meta.fields.push((key.to_string(), value.to_string()));
        }
    }
    (!meta.fields.is_empty()).then_some(meta)
}

#[cfg(test)]
mod tests;
