//! Reading a ```` ```quiz ```` block's TOML into [`Quiz`], at build time.
//!
//! The TOML is read into loose `Raw*` structs whose values keep their byte spans, then checked
//! question by question in code, so every error names the markdown line it is about and one
//! bad question never hides the others. The grammar is in the [module docs](super).

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::predict::{self, Ask};
use super::{
    ChoiceOption, MatchPair, Matching, Mistake, MultipleChoice, OrderItem, Ordering, Prediction, Question,
    QuestionKind, Quiz, Scenario, ShortAnswer,
};

/// A problem in a quiz block, at a line of the markdown file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizError {
    /// 1-based line in the markdown file.
    pub line: usize,
    /// What is wrong, for the author.
    pub message: String,
}

impl fmt::Display for QuizError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for QuizError {}

/// Parses one quiz block. `first_line` is the markdown line where the TOML text begins (the
/// line after the opening fence); error lines count from it. Fails with the first problem (by
/// line); [`validate_quiz_block`] reports them all. Runs every predict scenario.
pub fn parse_quiz_block(toml_text: &str, first_line: usize) -> Result<Quiz, QuizError> {
    let (quiz, mut errors) = validate_quiz_block(toml_text, first_line);
    errors.sort_by_key(|e| e.line);
    match errors.into_iter().next() {
        Some(error) => Err(error),
        None => Ok(quiz),
    }
}

/// Parses one quiz block and reports every problem: the returned quiz holds the questions
/// that are fine, the list every problem found (empty when the block is fine). Never panics.
pub fn validate_quiz_block(toml_text: &str, first_line: usize) -> (Quiz, Vec<QuizError>) {
    let mut reader = Reader {
        text: toml_text,
        first_line,
        errors: Vec::new(),
    };
    let questions = reader.block();
    let quiz = Quiz {
        line: first_line,
        questions,
    };
    (quiz, reader.errors)
}

/// The question types, as written in `type`.
const TYPES: [&str; 5] = ["choice", "short", "order", "match", "predict"];

/// The keys each type uses beyond the common ones.
fn type_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "choice" => &["options", "answer", "shuffle"],
        "short" => &["accept", "mistakes"],
        "order" => &["items"],
        "match" => &["pairs", "distractors", "distractors_en"],
        "predict" => &["target", "container", "scenario"],
        _ => &[],
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Option<Spanned<String>>,
    #[serde(rename = "type")]
    kind: Option<Spanned<String>>,
    prompt: Option<Spanned<String>>,
    prompt_en: Option<Spanned<String>>,
    explanation: Option<Spanned<String>>,
    explanation_en: Option<Spanned<String>>,
    options: Option<Spanned<Vec<Spanned<RawItem>>>>,
    answer: Option<Spanned<Indices>>,
    shuffle: Option<Spanned<bool>>,
    accept: Option<Spanned<Vec<Spanned<String>>>>,
    mistakes: Option<Spanned<Vec<Spanned<RawMistake>>>>,
    items: Option<Spanned<Vec<Spanned<RawItem>>>>,
    pairs: Option<Spanned<Vec<Spanned<RawPair>>>>,
    distractors: Option<Spanned<Vec<Spanned<String>>>>,
    distractors_en: Option<Spanned<Vec<Spanned<String>>>>,
    target: Option<Spanned<String>>,
    container: Option<Spanned<String>>,
    scenario: Option<Spanned<RawScenario>>,
}

impl RawQuestion {
    /// Start offsets of the type-specific keys present.
    fn present_keys(&self) -> Vec<(&'static str, usize)> {
        let spans = [
            ("options", self.options.as_ref().map(Spanned::span)),
            ("answer", self.answer.as_ref().map(Spanned::span)),
            ("shuffle", self.shuffle.as_ref().map(Spanned::span)),
            ("accept", self.accept.as_ref().map(Spanned::span)),
            ("mistakes", self.mistakes.as_ref().map(Spanned::span)),
            ("items", self.items.as_ref().map(Spanned::span)),
            ("pairs", self.pairs.as_ref().map(Spanned::span)),
            ("distractors", self.distractors.as_ref().map(Spanned::span)),
            ("distractors_en", self.distractors_en.as_ref().map(Spanned::span)),
            ("target", self.target.as_ref().map(Spanned::span)),
            ("container", self.container.as_ref().map(Spanned::span)),
            ("scenario", self.scenario.as_ref().map(Spanned::span)),
        ];
        spans
            .into_iter()
            .filter_map(|(key, span)| Some((key, span?.start)))
            .collect()
    }
}

/// An option or order item: `"text"` or
/// `{ text = "…", text_en = "…", why = "…", why_en = "…" }`.
struct RawItem {
    text: String,
    text_en: Option<String>,
    why: Option<String>,
    why_en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemTable {
    text: String,
    text_en: Option<String>,
    why: Option<String>,
    why_en: Option<String>,
}

impl<'de> Deserialize<'de> for RawItem {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<RawItem, D::Error> {
        struct ItemVisitor;
        impl<'de> Visitor<'de> for ItemVisitor {
            type Value = RawItem;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a table { text = \"…\", text_en = \"…\", why = \"…\" }")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<RawItem, E> {
                Ok(RawItem {
                    text: text.to_string(),
                    text_en: None,
                    why: None,
                    why_en: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawItem, A::Error> {
                let table = ItemTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawItem {
                    text: table.text,
                    text_en: table.text_en,
                    why: table.why,
                    why_en: table.why_en,
                })
            }
        }
        deserializer.deserialize_any(ItemVisitor)
    }
}

/// `answer = 1` or `answer = [0, 2]`.
struct Indices(Vec<i64>);

impl<'de> Deserialize<'de> for Indices {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Indices, D::Error> {
        struct IndicesVisitor;
        impl<'de> Visitor<'de> for IndicesVisitor {
            type Value = Indices;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("option indices counted from 0, like [0] or [0, 2]")
            }
            fn visit_i64<E: de::Error>(self, index: i64) -> Result<Indices, E> {
                Ok(Indices(vec![index]))
            }
            fn visit_u64<E: de::Error>(self, index: u64) -> Result<Indices, E> {
                Ok(Indices(vec![i64::try_from(index).unwrap_or(i64::MAX)]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Indices, A::Error> {
                let mut indices = Vec::new();
                while let Some(index) = seq.next_element::<i64>()? {
                    indices.push(index);
                }
                Ok(Indices(indices))
            }
        }
        deserializer.deserialize_any(IndicesVisitor)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMistake {
    answer: String,
    why: String,
    why_en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPair {
    term: String,
    term_en: Option<String>,
    description: String,
    description_en: Option<String>,
    why: Option<String>,
    why_en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    kind: Option<Spanned<String>>,
    project: Option<Spanned<String>>,
    files: Option<Spanned<BTreeMap<String, String>>>,
    setup: Option<Vec<Spanned<String>>>,
    run: Option<Spanned<Vec<Spanned<String>>>>,
}

struct Reader<'a> {
    text: &'a str,
    first_line: usize,
    errors: Vec<QuizError>,
}

impl Reader<'_> {
    /// The markdown line of a byte offset into the TOML text.
    fn line(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.first_line
            + self.text.as_bytes()[..end]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
    }

    fn error(&mut self, offset: usize, message: impl Into<String>) {
        let line = self.line(offset);
        self.errors.push(QuizError {
            line,
            message: message.into(),
        });
    }

    fn toml_error(&mut self, error: &toml::de::Error, fallback: usize) {
        let at = error.span().map_or(fallback, |s| s.start);
        self.error(at, plain_message(error.message().trim()));
    }

    fn block(&mut self) -> Vec<Question> {
        let doc = match DeTable::parse(self.text) {
            Ok(doc) => doc,
            Err(error) => {
                self.toml_error(&error, 0);
                return Vec::new();
            }
        };
        let mut tables: Vec<Spanned<DeValue<'_>>> = Vec::new();
        let mut found = false;
        for (key, value) in doc.get_ref() {
            if key.get_ref().as_ref() != "questions" {
                self.error(
                    key.span().start,
                    format!(
                        "unknown key `{}`: a quiz block holds only [[questions]] tables",
                        key.get_ref()
                    ),
                );
                continue;
            }
            found = true;
            match value.get_ref() {
                DeValue::Array(array) if array.is_empty() => {
                    self.error(value.span().start, "`questions` is empty");
                }
                DeValue::Array(array) => tables.extend(array.iter().cloned()),
                _ => self.error(
                    value.span().start,
                    "`questions` must be an array of tables: write each question under [[questions]]",
                ),
            }
        }
        if !found {
            self.error(0, "a quiz block needs at least one [[questions]] table");
        }
        let mut questions: Vec<Question> = Vec::new();
        let mut ids: Vec<(String, usize)> = Vec::new();
        for table in tables {
            let header = table.span().start;
            if !matches!(table.get_ref(), DeValue::Table(_)) {
                self.error(header, "each entry of `questions` must be a table");
                continue;
            }
            let raw = match RawQuestion::deserialize(ValueDeserializer::from(table)) {
                Ok(raw) => raw,
                Err(error) => {
                    self.toml_error(&error, header);
                    continue;
                }
            };
            // Duplicates within the block are reported here (and the later question dropped);
            // across blocks and papers by `check_library`.
            let mut duplicate = false;
            if let Some(id) = &raw.id {
                let line = self.line(id.span().start);
                if let Some((_, first)) = ids.iter().find(|(seen, _)| seen == id.get_ref()) {
                    let message = format!(
                        "duplicate question id `{}` (first used at line {first})",
                        id.get_ref()
                    );
                    self.error(id.span().start, message);
                    duplicate = true;
                } else {
                    ids.push((id.get_ref().clone(), line));
                }
            }
            if let Some(question) = self.question(raw, header)
                && !duplicate
            {
                questions.push(question);
            }
        }
        questions
    }

    /// Checks one question; `None` (with errors recorded) when it is unusable.
    fn question(&mut self, raw: RawQuestion, header: usize) -> Option<Question> {
        let errors_before = self.errors.len();
        let id = match &raw.id {
            None => {
                self.error(header, "missing `id` (a stable name unique across the content)");
                String::new()
            }
            Some(id) => {
                let valid = !id.get_ref().is_empty()
                    && id
                        .get_ref()
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
                if !valid {
                    self.error(
                        id.span().start,
                        format!(
                            "id `{}` may only use ASCII letters, digits, `-`, `_` and `.`",
                            id.get_ref()
                        ),
                    );
                }
                id.get_ref().clone()
            }
        };
        let prompt = self.required_text(raw.prompt.as_ref(), header, "prompt", "the question itself");
        let kind_name = match &raw.kind {
            None => {
                self.error(
                    header,
                    format!("missing `type`; expected one of {}", TYPES.join(", ")),
                );
                return None;
            }
            Some(kind) if !TYPES.contains(&kind.get_ref().as_str()) => {
                self.error(
                    kind.span().start,
                    format!(
                        "unknown question type `{}`; expected one of {}",
                        kind.get_ref(),
                        TYPES.join(", ")
                    ),
                );
                return None;
            }
            Some(kind) => kind.get_ref().clone(),
        };
        for (key, at) in raw.present_keys() {
            if !type_keys(&kind_name).contains(&key) {
                self.error(at, format!("`{key}` does not belong in a `{kind_name}` question"));
            }
        }
        let explanation = if kind_name == "predict" {
            // The engine writes one from the run when the author leaves it out.
            self.optional_text(raw.explanation.as_ref(), "explanation")
        } else {
            Some(self.required_text(
                raw.explanation.as_ref(),
                header,
                "explanation",
                "why the right answer is right",
            ))
        };
        let prompt_en = self.optional_text(raw.prompt_en.as_ref(), "prompt_en");
        let explanation_en = self.optional_text(raw.explanation_en.as_ref(), "explanation_en");

        let mut explanation = explanation;
        let mut explanation_en = explanation_en;
        let kind = match kind_name.as_str() {
            "choice" => self.choice(&raw, header).map(QuestionKind::MultipleChoice),
            "short" => self.short(&raw, header).map(QuestionKind::ShortAnswer),
            "order" => self.order(&raw, header).map(QuestionKind::Order),
            "match" => self.matching(&raw, header).map(QuestionKind::Match),
            _ => self
                .predict(&raw, header)
                .map(|(prediction, generated, generated_en)| {
                    // An author's explanation replaces the generated one, English included.
                    if explanation.is_none() {
                        explanation = Some(generated);
                        explanation_en = Some(generated_en);
                    }
                    QuestionKind::Predict(prediction)
                }),
        };
        if self.errors.len() > errors_before {
            return None;
        }
        Some(Question {
            id,
            line: self.line(header),
            prompt,
            prompt_en,
            explanation: explanation.unwrap_or_default(),
            explanation_en,
            kind: kind?,
        })
    }

    fn required_text(
        &mut self,
        value: Option<&Spanned<String>>,
        header: usize,
        key: &str,
        what: &str,
    ) -> String {
        match value {
            None => {
                self.error(header, format!("missing `{key}` ({what})"));
                String::new()
            }
            Some(text) => {
                if text.get_ref().trim().is_empty() {
                    self.error(text.span().start, format!("`{key}` is empty"));
                }
                text.get_ref().trim().to_string()
            }
        }
    }

    fn optional_text(&mut self, value: Option<&Spanned<String>>, key: &str) -> Option<String> {
        let text = value?;
        if text.get_ref().trim().is_empty() {
            self.error(
                text.span().start,
                format!("`{key}` is empty (leave it out instead)"),
            );
        }
        Some(text.get_ref().trim().to_string())
    }

    /// Reports a blank English text (`key`) of the entry at `at`; the trimmed text otherwise.
    fn english(&mut self, text: Option<&String>, at: usize, key: &str) -> Option<String> {
        let text = text?.trim();
        if text.is_empty() {
            self.error(at, format!("`{key}` is empty (leave it out instead)"));
        }
        Some(text.to_string())
    }

    /// [`Reader::distinct`] over what an English reader sees: each entry's English (`.0`), its
    /// Korean (`.1`) where it has none. Checked only when some entry has English, and blank
    /// English counts as none (already reported); `entries` gives the offsets.
    fn distinct_english(
        &mut self,
        english: &[(Option<&String>, &String)],
        entries: &[(String, usize)],
        what: &str,
    ) {
        fn given(en: Option<&String>) -> Option<&String> {
            en.filter(|t| !t.trim().is_empty())
        }
        if english.iter().all(|(en, _)| given(*en).is_none()) {
            return;
        }
        let shown: Vec<(String, usize)> = english
            .iter()
            .zip(entries)
            .map(|((en, ko), (_, at))| (given(*en).unwrap_or(ko).clone(), *at))
            .collect();
        self.distinct(&shown, &format!("English {what}"));
    }

    /// Reports blank entries and entries that repeat an earlier one (compared like answers).
    fn distinct(&mut self, entries: &[(String, usize)], what: &str) {
        for (i, (text, at)) in entries.iter().enumerate() {
            let key = super::compact_answer(text);
            if key.is_empty() {
                self.error(*at, format!("{what} {i} is empty"));
            } else if let Some(first) = entries[..i]
                .iter()
                .position(|(t, _)| super::compact_answer(t) == key)
            {
                self.error(
                    *at,
                    format!("{what} {i} repeats {what} {first} (`{}`)", text.trim()),
                );
            }
        }
    }

    fn choice(&mut self, raw: &RawQuestion, header: usize) -> Option<MultipleChoice> {
        let Some(options) = &raw.options else {
            self.error(header, "missing `options` (at least two)");
            return None;
        };
        if options.get_ref().len() < 2 {
            self.error(options.span().start, "a choice needs at least two `options`");
        }
        let entries: Vec<(String, usize)> = options
            .get_ref()
            .iter()
            .map(|o| (o.get_ref().text.clone(), o.span().start))
            .collect();
        self.distinct(&entries, "option");
        let n = options.get_ref().len();
        let Some(answer) = &raw.answer else {
            self.error(
                header,
                "missing `answer`: the indices of the correct options, counted from 0 (`answer = [0]`)",
            );
            return None;
        };
        let at = answer.span().start;
        let answer_errors = self.errors.len();
        let mut indices: Vec<usize> = Vec::new();
        if answer.get_ref().0.is_empty() {
            self.error(at, "no correct option: `answer` is empty");
        }
        for &index in &answer.get_ref().0 {
            match usize::try_from(index) {
                Ok(i) if i < n => {
                    if indices.contains(&i) {
                        self.error(at, format!("`answer` lists option {i} twice"));
                    }
                    indices.push(i);
                }
                _ => self.error(
                    at,
                    format!(
                        "answer index {index} is out of range: there are {n} options (0 to {})",
                        n.saturating_sub(1)
                    ),
                ),
            }
        }
        indices.sort_unstable();
        indices.dedup();
        // Which options are wrong is only known once the answer is sound.
        let answer_sound = self.errors.len() == answer_errors;
        for (i, option) in options.get_ref().iter().enumerate() {
            if answer_sound
                && !indices.contains(&i)
                && option
                    .get_ref()
                    .why
                    .as_deref()
                    .is_none_or(|w| w.trim().is_empty())
            {
                self.error(
                    option.span().start,
                    format!(
                        "option {i} (`{}`) is wrong but has no `why` explaining why",
                        option.get_ref().text.trim()
                    ),
                );
            }
        }
        let options: Vec<ChoiceOption> = options
            .get_ref()
            .iter()
            .map(|o| {
                let at = o.span().start;
                let o = o.get_ref();
                ChoiceOption {
                    text: o.text.trim().to_string(),
                    text_en: self.english(o.text_en.as_ref(), at, "text_en"),
                    why: o.why.as_ref().map(|w| w.trim().to_string()),
                    why_en: o.why_en.as_ref().map(|w| w.trim().to_string()),
                }
            })
            .collect();
        let english: Vec<(Option<&String>, &String)> =
            options.iter().map(|o| (o.text_en.as_ref(), &o.text)).collect();
        self.distinct_english(&english, &entries, "option");
        Some(MultipleChoice {
            options,
            answer: indices,
            shuffle: raw.shuffle.as_ref().is_none_or(|s| *s.get_ref()),
        })
    }

    fn short(&mut self, raw: &RawQuestion, header: usize) -> Option<ShortAnswer> {
        let Some(accept) = &raw.accept else {
            self.error(header, "missing `accept` (the accepted answers)");
            return None;
        };
        if accept.get_ref().is_empty() {
            self.error(
                accept.span().start,
                "`accept` is empty: list at least one accepted answer",
            );
        }
        let entries: Vec<(String, usize)> = accept
            .get_ref()
            .iter()
            .map(|a| (a.get_ref().clone(), a.span().start))
            .collect();
        self.distinct(&entries, "accepted answer");
        let mut mistakes = Vec::new();
        for mistake in raw.mistakes.iter().flat_map(|m| m.get_ref()) {
            let at = mistake.span().start;
            let m = mistake.get_ref();
            let key = super::compact_answer(&m.answer);
            if key.is_empty() {
                self.error(at, "a mistake's `answer` is empty");
            } else if entries.iter().any(|(a, _)| super::compact_answer(a) == key) {
                self.error(
                    at,
                    format!("mistake `{}` is also an accepted answer", m.answer.trim()),
                );
            }
            if m.why.trim().is_empty() {
                self.error(at, format!("mistake `{}` has an empty `why`", m.answer.trim()));
            }
            mistakes.push(Mistake {
                answer: m.answer.trim().to_string(),
                why: m.why.trim().to_string(),
                why_en: m.why_en.as_ref().map(|w| w.trim().to_string()),
            });
        }
        Some(ShortAnswer {
            accept: accept
                .get_ref()
                .iter()
                .map(|a| a.get_ref().trim().to_string())
                .collect(),
            mistakes,
        })
    }

    fn order(&mut self, raw: &RawQuestion, header: usize) -> Option<Ordering> {
        let Some(items) = &raw.items else {
            self.error(header, "missing `items` (in the right order)");
            return None;
        };
        if items.get_ref().len() < 2 {
            self.error(items.span().start, "an order question needs at least two `items`");
        }
        let entries: Vec<(String, usize)> = items
            .get_ref()
            .iter()
            .map(|i| (i.get_ref().text.clone(), i.span().start))
            .collect();
        self.distinct(&entries, "item");
        let items: Vec<OrderItem> = items
            .get_ref()
            .iter()
            .map(|i| {
                let at = i.span().start;
                let i = i.get_ref();
                OrderItem {
                    text: i.text.trim().to_string(),
                    text_en: self.english(i.text_en.as_ref(), at, "text_en"),
                    why: i.why.as_ref().map(|w| w.trim().to_string()),
                    why_en: i.why_en.as_ref().map(|w| w.trim().to_string()),
                }
            })
            .collect();
        let english: Vec<(Option<&String>, &String)> =
            items.iter().map(|i| (i.text_en.as_ref(), &i.text)).collect();
        self.distinct_english(&english, &entries, "item");
        Some(Ordering {
            ranks: (0..items.len()).collect(),
            items,
        })
    }

    fn matching(&mut self, raw: &RawQuestion, header: usize) -> Option<Matching> {
        let Some(pairs) = &raw.pairs else {
            self.error(header, "missing `pairs` ({ term = \"…\", description = \"…\" })");
            return None;
        };
        if pairs.get_ref().len() < 2 {
            self.error(pairs.span().start, "a match question needs at least two `pairs`");
        }
        let terms: Vec<(String, usize)> = pairs
            .get_ref()
            .iter()
            .map(|p| (p.get_ref().term.clone(), p.span().start))
            .collect();
        self.distinct(&terms, "term");
        let mut descriptions: Vec<(String, usize)> = pairs
            .get_ref()
            .iter()
            .map(|p| (p.get_ref().description.clone(), p.span().start))
            .collect();
        descriptions.extend(
            raw.distractors
                .iter()
                .flat_map(|d| d.get_ref())
                .map(|d| (d.get_ref().clone(), d.span().start)),
        );
        self.distinct(&descriptions, "description");
        let pairs: Vec<MatchPair> = pairs
            .get_ref()
            .iter()
            .map(|p| {
                let at = p.span().start;
                let p = p.get_ref();
                MatchPair {
                    term: p.term.trim().to_string(),
                    term_en: self.english(p.term_en.as_ref(), at, "term_en"),
                    description: p.description.trim().to_string(),
                    description_en: self.english(p.description_en.as_ref(), at, "description_en"),
                    why: p.why.as_ref().map(|w| w.trim().to_string()),
                    why_en: p.why_en.as_ref().map(|w| w.trim().to_string()),
                }
            })
            .collect();
        let distractors: Vec<String> = raw
            .distractors
            .iter()
            .flat_map(|d| d.get_ref())
            .map(|d| d.get_ref().trim().to_string())
            .collect();
        let mut distractors_en = Vec::new();
        if let Some(english) = &raw.distractors_en {
            if english.get_ref().len() == distractors.len() {
                for d in english.get_ref() {
                    let text = self.english(Some(d.get_ref()), d.span().start, "distractors_en");
                    distractors_en.push(text.unwrap_or_default());
                }
            } else {
                self.error(
                    english.span().start,
                    format!(
                        "`distractors_en` has {} while `distractors` has {}: give one English text per \
                         distractor, in the same order",
                        entries(english.get_ref().len()),
                        distractors.len()
                    ),
                );
            }
        }
        let matching = Matching {
            pairs,
            distractors,
            distractors_en,
        };
        let english: Vec<(Option<&String>, &String)> = matching
            .pairs
            .iter()
            .map(|p| (p.term_en.as_ref(), &p.term))
            .collect();
        self.distinct_english(&english, &terms, "term");
        let english: Vec<(Option<&String>, &String)> = matching
            .pairs
            .iter()
            .map(|p| (p.description_en.as_ref(), &p.description))
            .chain(
                matching
                    .distractors
                    .iter()
                    .enumerate()
                    .map(|(i, d)| (matching.distractors_en.get(i), d)),
            )
            .collect();
        self.distinct_english(&english, &descriptions, "description");
        Some(matching)
    }

    /// Reads the scenario, runs it and returns the prediction with the engine's explanation.
    fn predict(&mut self, raw: &RawQuestion, header: usize) -> Option<(Prediction, String, String)> {
        const TARGETS: &str = "cached_steps, state_exit, start_order";
        let ask = match raw.target.as_ref().map(|t| (t.get_ref().as_str(), t.span())) {
            None => {
                self.error(header, format!("missing `target`; expected one of {TARGETS}"));
                return None;
            }
            Some(("cached_steps", _)) => Ask::CachedSteps,
            Some(("state_exit", _)) => Ask::StateExit {
                container: raw.container.as_ref().map(|c| c.get_ref().trim().to_string()),
            },
            Some(("start_order", _)) => Ask::StartOrder,
            Some((other, span)) => {
                self.error(
                    span.start,
                    format!("unknown predict target `{other}`; expected one of {TARGETS}"),
                );
                return None;
            }
        };
        if let (Some(container), false) = (&raw.container, matches!(ask, Ask::StateExit { .. })) {
            self.error(
                container.span().start,
                "`container` only belongs with `target = \"state_exit\"`",
            );
            return None;
        }
        let Some(scenario) = &raw.scenario else {
            self.error(
                header,
                "missing `scenario` (a [questions.scenario] table with `setup` and `run` lines)",
            );
            return None;
        };
        let (scenario, starts) = self.scenario(scenario.get_ref(), scenario.span())?;
        match predict::answer(&scenario, &ask) {
            Ok(answered) => Some((
                Prediction {
                    scenario,
                    target: answered.target,
                },
                answered.explanation,
                answered.explanation_en,
            )),
            Err(error) => {
                let at = error
                    .step
                    .and_then(|step| starts.get(step).copied())
                    .unwrap_or(header);
                self.error(at, error.message);
                None
            }
        }
    }

    /// The scenario and the offset of each of its lines (setup, then run).
    fn scenario(&mut self, raw: &RawScenario, span: Range<usize>) -> Option<(Scenario, Vec<usize>)> {
        let before = self.errors.len();
        if let Some(kind) = &raw.kind
            && kind.get_ref() != "console"
        {
            self.error(
                kind.span().start,
                format!("unknown scenario kind `{}`; supported: console", kind.get_ref()),
            );
        }
        let project = match &raw.project {
            Some(project) => {
                let name = project.get_ref().trim();
                let valid = !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_'));
                if !valid {
                    self.error(
                        project.span().start,
                        format!("project `{name}` must be lower-case letters, digits, `-` or `_`"),
                    );
                }
                name.to_string()
            }
            None => "myapp".to_string(),
        };
        let mut files = Vec::new();
        if let Some(table) = &raw.files {
            for (name, content) in table.get_ref() {
                if name.is_empty() || name == "." || name == ".." || name.contains('/') {
                    self.error(
                        table.span().start,
                        format!("file name `{name}` must be a plain name in the project folder"),
                    );
                }
                files.push((name.clone(), content.clone()));
            }
        }
        let setup: Vec<&Spanned<String>> = raw.setup.iter().flatten().collect();
        let run: Vec<&Spanned<String>> = raw.run.iter().flat_map(|r| r.get_ref()).collect();
        if run.is_empty() {
            let at = raw.run.as_ref().map_or(span.start, |r| r.span().start);
            self.error(
                at,
                "the scenario needs `run`: the line(s) the question asks about",
            );
        }
        if self.errors.len() > before {
            return None;
        }
        let starts = setup.iter().chain(&run).map(|l| l.span().start).collect();
        let scenario = Scenario {
            project,
            files,
            setup: setup.iter().map(|l| l.get_ref().clone()).collect(),
            run: run.iter().map(|l| l.get_ref().clone()).collect(),
        };
        Some((scenario, starts))
    }
}

/// `1 entry`, `2 entries`.
fn entries(n: usize) -> String {
    format!("{n} {}", if n == 1 { "entry" } else { "entries" })
}

/// serde's messages in the author's words: no Rust type names.
fn plain_message(message: &str) -> String {
    let mut out = message.replace("expected i64", "expected an integer");
    if let Some(at) = out.find("expected struct ") {
        let name_end = out[at + "expected struct ".len()..]
            .find(|c: char| !c.is_alphanumeric() && c != '_')
            .map_or(out.len(), |n| at + "expected struct ".len() + n);
        out.replace_range(at..name_end, "expected a table");
    }
    out
}
