//! The learner's review schedule: a Leitner box per question id, with due dates as day
//! numbers (days since 1970-01-01). The engine never reads a clock: the app passes "today".
//!
//! ```text
//! right answer, when due:  box + 1 (at most 5), due = today + INTERVALS[box - 1]
//! right answer, too early: nothing moves (only a spaced recall counts)
//! wrong answer, any time:  box 1, due tomorrow
//! INTERVALS = 1, 2, 4, 8, 16 days for boxes 1 to 5; a first right answer moves box 1 → 2
//! ```
//!
//! The store is text for localStorage, one question a line, read back through [`migrate`]:
//!
//! ```text
//! store   = "paperlab-review 1" NL *(entry NL)        blank lines and "#" comments are skipped
//! entry   = id SP box SP due SP last SP reviewed     p14-cache 3 20434 1 20430
//! id      = the question id, bytes outside [A-Za-z0-9._:/-] written %XX
//! box     = "1" … "5";  due = day number;  last = "1" right / "0" wrong;  reviewed = day | "-"
//! ```
//!
//! Version 0, the prototype's shape, is a JSON object of question id → whether the last answer
//! was right (`{"p14-a": true}`); [`migrate`] upgrades it. Anything else is rejected with a
//! [`StoreError`] naming what is wrong, never a panic. (Not JSON for version 1: `serde_json` costs
//! about 35 KB gzipped in the app's first load, this format a few hundred bytes.)

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Days until the next review, for boxes 1 to 5.
pub const INTERVALS: [i32; 5] = [1, 2, 4, 8, 16];

/// The store version this engine writes.
pub const SCHEMA_VERSION: u32 = 1;

/// Where one question stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The Leitner box, 1 to 5: the higher, the longer until it is asked again.
    pub r#box: u8,
    /// The day it is due again (days since 1970-01-01).
    pub due: i32,
    /// Whether the last answer was right.
    pub last_correct: bool,
    /// The day of the last answer (`None` for progress migrated from version 0, which had no
    /// dates).
    pub last_review: Option<i32>,
}

/// Every question's progress, as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Store {
    /// The shape's version ([`SCHEMA_VERSION`] once loaded).
    pub schema_version: u32,
    /// Progress by question id.
    pub progress: BTreeMap<String, Progress>,
}

impl Default for Store {
    fn default() -> Store {
        Store::new()
    }
}

impl Store {
    /// An empty store of the current version.
    pub fn new() -> Store {
        Store {
            schema_version: SCHEMA_VERSION,
            progress: BTreeMap::new(),
        }
    }

    /// A question's progress, if it was ever answered.
    pub fn get(&self, id: &str) -> Option<&Progress> {
        self.progress.get(id)
    }

    /// Records an answer given on `today` and returns the question's new progress.
    pub fn record(&mut self, id: &str, correct: bool, today: i32) -> Progress {
        let previous = self.progress.get(id).copied();
        let next = match previous {
            _ if !correct => Progress {
                r#box: 1,
                due: today.saturating_add(INTERVALS[0]),
                last_correct: false,
                last_review: Some(today),
            },
            Some(p) if today < p.due => Progress {
                last_correct: true,
                last_review: Some(today),
                ..p
            },
            _ => {
                let from = previous.map_or(1, |p| p.r#box.clamp(1, 5));
                let r#box = (from + 1).min(5);
                Progress {
                    r#box,
                    due: today.saturating_add(interval(r#box)),
                    last_correct: true,
                    last_review: Some(today),
                }
            }
        };
        self.progress.insert(id.to_string(), next);
        next
    }

    /// Ids due on `today` or earlier: most overdue first, then by id.
    pub fn due_today(&self, today: i32) -> Vec<String> {
        let mut due: Vec<(i32, &String)> = self
            .progress
            .iter()
            .filter(|(_, p)| p.due <= today)
            .map(|(id, p)| (p.due, id))
            .collect();
        due.sort();
        due.into_iter().map(|(_, id)| id.clone()).collect()
    }

    /// The store as text, for saving (what [`migrate`] reads back).
    pub fn to_text(&self) -> String {
        let mut text = format!("{HEADER} {SCHEMA_VERSION}\n");
        for (id, p) in &self.progress {
            let reviewed = p.last_review.map_or("-".to_string(), |d| d.to_string());
            text.push_str(&format!(
                "{} {} {} {} {reviewed}\n",
                escape_id(id),
                p.r#box,
                p.due,
                u8::from(p.last_correct)
            ));
        }
        text
    }
}

/// The first word of a saved store.
const HEADER: &str = "paperlab-review";

/// Days until the next review for a box (1 to 5; out-of-range boxes are clamped).
pub fn interval(r#box: u8) -> i32 {
    INTERVALS[usize::from(r#box.clamp(1, 5)) - 1]
}

/// Why a saved store could not be read. The app sets the text aside and starts afresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// Neither a store of a known version nor the version-0 JSON map.
    NotAStore(String),
    /// Saved by a newer app.
    TooNew {
        /// The version in the text.
        found: u64,
    },
    /// A store of this version with a damaged line.
    Invalid {
        /// 1-based line of the text.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NotAStore(e) => write!(f, "not a review store: {e}"),
            StoreError::TooNew { found } => write!(
                f,
                "the review store has version {found}, newer than this app's {SCHEMA_VERSION}"
            ),
            StoreError::Invalid { line, message } => {
                write!(f, "the review store is damaged at line {line}: {message}")
            }
        }
    }
}

impl std::error::Error for StoreError {}

/// Reads a saved store of any known version, upgrading it to the current one.
///
/// Version 0 (`{"id": true, …}`): each question goes to box 2 (right) or box 1 (wrong), due at
/// once (day 0), since version 0 kept no dates.
pub fn migrate(text: &str) -> Result<Store, StoreError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.starts_with('{') {
        return parse_v0(trimmed).map_err(StoreError::NotAStore);
    }
    let mut lines = text.lines().enumerate();
    let header = lines
        .by_ref()
        .map(|(_, l)| l.trim())
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let version = match header.split_whitespace().collect::<Vec<_>>().as_slice() {
        [HEADER, version] => version
            .parse::<u64>()
            .map_err(|_| StoreError::NotAStore(format!("bad version `{version}`")))?,
        _ => {
            let shown: String = header.chars().take(40).collect();
            return Err(StoreError::NotAStore(if shown.is_empty() {
                "the text is empty".to_string()
            } else {
                format!("it starts with `{shown}`, not `{HEADER} N` or a JSON object")
            }));
        }
    };
    if version > u64::from(SCHEMA_VERSION) {
        return Err(StoreError::TooNew { found: version });
    }
    if version != u64::from(SCHEMA_VERSION) {
        return Err(StoreError::NotAStore(format!("unknown version {version}")));
    }
    let mut store = Store::new();
    for (i, line) in lines {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let invalid = |message: String| StoreError::Invalid { line: i + 1, message };
        let (id, progress) = parse_entry(line).map_err(invalid)?;
        if store.progress.insert(id.clone(), progress).is_some() {
            return Err(invalid(format!("`{id}` appears twice")));
        }
    }
    Ok(store)
}

fn parse_entry(line: &str) -> Result<(String, Progress), String> {
    let [id, r#box, due, last, reviewed] = line.split_whitespace().collect::<Vec<_>>()[..] else {
        return Err(format!("expected `id box due last reviewed`, got `{line}`"));
    };
    let id = unescape_id(id).ok_or_else(|| format!("bad id `{id}`"))?;
    let r#box = r#box
        .parse::<u8>()
        .ok()
        .filter(|b| (1..=5).contains(b))
        .ok_or_else(|| format!("`{id}` is in box `{box}`, not 1 to 5"))?;
    let day = |text: &str| {
        text.parse::<i32>()
            .map_err(|_| format!("`{text}` is not a day number"))
    };
    let progress = Progress {
        r#box,
        due: day(due)?,
        last_correct: match last {
            "1" => true,
            "0" => false,
            other => return Err(format!("last answer `{other}` is neither 1 nor 0")),
        },
        last_review: if reviewed == "-" {
            None
        } else {
            Some(day(reviewed)?)
        },
    };
    Ok((id, progress))
}

/// Writes an id so it is one word: bytes outside `[A-Za-z0-9._:/-]` become `%XX`.
fn escape_id(id: &str) -> String {
    let mut out = String::new();
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || b"._:/-".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn unescape_id(word: &str) -> Option<String> {
    let mut bytes = Vec::new();
    let mut rest = word.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        if byte == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(byte);
            rest = tail;
        }
    }
    String::from_utf8(bytes).ok().filter(|id| !id.is_empty())
}

/// Reads the version-0 shape: a flat JSON object of string keys and `true`/`false` values.
fn parse_v0(text: &str) -> Result<Store, String> {
    let mut reader = V0 { text, at: 0 };
    let mut store = Store::new();
    reader.expect('{')?;
    if !reader.eat('}') {
        loop {
            let id = reader.string()?;
            reader.expect(':')?;
            let correct = if reader.word("true") {
                true
            } else if reader.word("false") {
                false
            } else {
                return Err(reader.unexpected("`true` or `false` (a version-0 store maps ids to them)"));
            };
            if id.is_empty() {
                return Err("an empty question id".to_string());
            }
            store.progress.insert(
                id,
                Progress {
                    r#box: if correct { 2 } else { 1 },
                    due: 0,
                    last_correct: correct,
                    last_review: None,
                },
            );
            if reader.eat('}') {
                break;
            }
            if !reader.eat(',') {
                return Err(reader.unexpected("`,` or `}`"));
            }
        }
    }
    reader.skip_space();
    if reader.at < text.len() {
        return Err(reader.unexpected("the end of the text"));
    }
    Ok(store)
}

/// A cursor over version-0 JSON.
struct V0<'a> {
    text: &'a str,
    at: usize,
}

impl V0<'_> {
    fn rest(&self) -> &str {
        self.text.get(self.at..).unwrap_or("")
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    fn unexpected(&self, wanted: &str) -> String {
        match self.rest().chars().next() {
            Some(c) => format!("expected {wanted} at byte {}, found `{c}`", self.at),
            None => format!("expected {wanted}, the text ends"),
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_space();
        if self.rest().starts_with(c) {
            self.at += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.unexpected(&format!("`{c}`")))
        }
    }

    fn word(&mut self, word: &str) -> bool {
        self.skip_space();
        if self.rest().starts_with(word) {
            self.at += word.len();
            true
        } else {
            false
        }
    }

    /// A JSON string (`\"`, `\\`, `\/`, `\n`, `\t`, `\uXXXX` escapes).
    fn string(&mut self) -> Result<String, String> {
        self.expect('"')?;
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.at += i + 1;
                    return Ok(out);
                }
                '\\' => match chars.next().map(|(_, e)| e) {
                    Some('"') => out.push('"'),
                    Some('\\') => out.push('\\'),
                    Some('/') => out.push('/'),
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('u') => {
                        let hex: String = chars.by_ref().take(4).map(|(_, h)| h).collect();
                        let code = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                        out.push(code.ok_or_else(|| format!("bad escape `\\u{hex}`"))?);
                    }
                    other => return Err(format!("bad escape `\\{}`", other.unwrap_or(' '))),
                },
                c if c.is_control() => return Err("a control character inside a string".to_string()),
                c => out.push(c),
            }
        }
        Err("a string is never closed".to_string())
    }
}

/// The day number (days since 1970-01-01) of a calendar date, `None` for a date that does not
/// exist. The app turns the learner's local date into "today" with it.
pub fn day_number(year: i32, month: u32, day: u32) -> Option<i32> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    // Howard Hinnant's days_from_civil, in March-based years so leap days come last.
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i32::try_from(era * 146_097 + doe - 719_468).ok()
}

/// The calendar date (year, month, day) of a day number: the inverse of [`day_number`].
pub fn calendar_date(day: i32) -> (i32, u32, u32) {
    let z = i64::from(day) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    // Every i32 day number lands within ±6 million years, so these conversions cannot fail.
    (
        i32::try_from(y).unwrap_or(i32::MAX),
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}
