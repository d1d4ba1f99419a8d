//! Dockerfile parser: BuildKit's syntax tree (directives, continuations, heredocs, arguments).
//!
//! This follows moby/buildkit `frontend/dockerfile/parser` (the step before instruction
//! semantics): each logical line becomes one [`Instruction`] whose arguments are split the way
//! BuildKit splits them for that keyword, and [`Dockerfile::dump`] prints the tree in the
//! s-expression form of BuildKit's own parser test files. The only instruction-level check is the
//! one for unknown instructions (with BuildKit's "did you mean" suggestion).

use std::fmt;

pub mod highlight;
mod json;
mod text;

#[cfg(test)]
mod tests;

/// The instruction keywords BuildKit knows, lowercase and sorted.
pub const KNOWN_INSTRUCTIONS: [&str; 18] = [
    "add",
    "arg",
    "cmd",
    "copy",
    "entrypoint",
    "env",
    "expose",
    "from",
    "healthcheck",
    "label",
    "maintainer",
    "onbuild",
    "run",
    "shell",
    "stopsignal",
    "user",
    "volume",
    "workdir",
];

/// The longest line BuildKit's line scanner accepts, newline included.
const MAX_LINE_BYTES: usize = 64 * 1024;

/// A parsed Dockerfile: its parser directives and its instructions in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dockerfile {
    /// The parser directives found at the top of the file (`syntax`, `escape`, `check`).
    pub directives: Vec<Directive>,
    /// The escape token in effect: `\` unless an `escape` directive chose `` ` ``.
    pub escape: char,
    /// The instructions, one per logical line (continuations joined).
    pub instructions: Vec<Instruction>,
    /// Non-fatal findings, such as empty continuation lines.
    pub warnings: Vec<Warning>,
}

/// One parser directive, e.g. `# escape=`` ` ``.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The directive's name, lowercase (`syntax`, `escape` or `check`).
    pub name: String,
    /// Its value, trimmed.
    pub value: String,
    /// The 1-based line it is on.
    pub line: usize,
}

/// A non-fatal parser finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The 1-based line the finding refers to (the last line of the instruction).
    pub line: usize,
    /// BuildKit's wording, e.g. `Empty continuation line found in: RUN foo bar`.
    pub message: String,
}

/// One instruction (a logical line, continuations joined) of a Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// The keyword, lowercase (`run`, `from`, …).
    pub keyword: String,
    /// The keyword as written in the file (`RUN`, `Run`, …).
    pub written: String,
    /// The `--flag` words that followed the keyword, as written but unquoted.
    pub flags: Vec<String>,
    /// The arguments, split the way BuildKit splits them for this keyword.
    pub arguments: Arguments,
    /// Whether the arguments were given in JSON array form (exec form).
    pub json: bool,
    /// The logical line as read: continuation characters removed, comment lines dropped.
    pub original: String,
    /// The 1-based line the instruction starts on.
    pub start_line: usize,
    /// The 1-based line the instruction ends on (heredoc bodies included).
    pub end_line: usize,
    /// The heredocs the instruction uses (`RUN`, `COPY`, `ADD`, or those via `ONBUILD`).
    pub heredocs: Vec<Heredoc>,
}

/// An instruction's arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arguments {
    /// A flat list of strings. `ENV` and `LABEL` give triples of key, value and separator
    /// (`"="`, or `""` for the old `ENV key value` form); `HEALTHCHECK` gives its type first.
    Values(Vec<String>),
    /// The trigger instruction of an `ONBUILD`.
    Trigger(Box<Instruction>),
}

/// A heredoc body attached to an instruction (`<<EOF` … `EOF`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    /// The terminator word, unquoted.
    pub name: String,
    /// The file descriptor written before `<<` (0 when absent).
    pub file_descriptor: u64,
    /// Whether variables in the body are expanded (false when the word was quoted).
    pub expand: bool,
    /// Whether leading tabs are stripped (`<<-`).
    pub chomp: bool,
    /// The body, each line with its line ending.
    pub content: String,
}

/// Which stage of BuildKit reported an error, which decides how it is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Raised by BuildKit's parser; printed as the bare message.
    Syntax,
    /// Raised when turning the tree into instructions; printed as
    /// `dockerfile parse error on line N: …`.
    Instruction,
}

/// Why a Dockerfile was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DockerfileError {
    /// The 1-based line the error is reported on (0 for an empty file).
    pub line: usize,
    /// BuildKit's message, e.g. `unknown instruction: BADCMD (did you mean ADD?)`.
    pub message: String,
    /// Which stage raised it.
    pub kind: ErrorKind,
}

impl DockerfileError {
    fn syntax(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
            kind: ErrorKind::Syntax,
        }
    }
}

impl fmt::Display for DockerfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ErrorKind::Syntax => f.write_str(&self.message),
            ErrorKind::Instruction => {
                write!(
                    f,
                    "dockerfile parse error on line {}: {}",
                    self.line, self.message
                )
            }
        }
    }
}

impl std::error::Error for DockerfileError {}

impl Dockerfile {
    /// The tree as BuildKit's parser tests print it: one s-expression per instruction, each
    /// followed by a newline, e.g. `(copy ["--user=me"] "foo" "/tmp/")`.
    #[must_use]
    pub fn dump(&self) -> String {
        let mut out = String::new();
        for instruction in &self.instructions {
            out.push('(');
            out.push_str(&instruction.dump());
            out.push_str(")\n");
        }
        out
    }
}

impl Instruction {
    /// This instruction as an s-expression body, without the outer parentheses.
    #[must_use]
    pub fn dump(&self) -> String {
        let mut out = self.keyword.clone();
        if !self.flags.is_empty() {
            out.push_str(" [");
            let quoted: Vec<String> = self.flags.iter().map(|f| go_quote(f)).collect();
            out.push_str(&quoted.join(" "));
            out.push(']');
        }
        match &self.arguments {
            Arguments::Values(values) => {
                for value in values {
                    out.push(' ');
                    out.push_str(&go_quote(value));
                }
            }
            Arguments::Trigger(trigger) => {
                out.push_str(" (");
                out.push_str(&trigger.dump());
                out.push(')');
            }
        }
        out
    }

    /// The argument strings (empty for `ONBUILD`, whose argument is an instruction).
    #[must_use]
    pub fn values(&self) -> &[String] {
        match &self.arguments {
            Arguments::Values(values) => values,
            Arguments::Trigger(_) => &[],
        }
    }

    fn can_contain_heredoc(&self) -> bool {
        let node = match &self.arguments {
            Arguments::Trigger(trigger) if self.keyword == "onbuild" => trigger,
            _ => self,
        };
        matches!(node.keyword.as_str(), "run" | "copy" | "add") && !node.json
    }
}

/// Quotes a string the way Go's `strconv.Quote` (and so `%q`) does.
#[must_use]
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if text::is_go_printable(c) => out.push(c),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if u32::from(c) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", u32::from(c)));
            }
            c if u32::from(c) < 0x10000 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push_str(&format!("\\U{:08x}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

/// The closest known instruction to `name` (Levenshtein distance below 3), in the case style
/// of `name`: all-lowercase and all-uppercase input get that case, mixed case gets lowercase.
#[must_use]
pub fn suggest_instruction(name: &str) -> Option<String> {
    let lower = name.to_lowercase();
    let mut best: Option<&str> = None;
    let mut min = 3;
    for option in KNOWN_INSTRUCTIONS {
        if lower == option {
            return None;
        }
        let distance = text::levenshtein(&lower, option);
        if distance < min {
            min = distance;
            best = Some(option);
        }
    }
    let best = best?;
    if name == name.to_uppercase() && name != lower {
        Some(best.to_uppercase())
    } else {
        Some(best.to_owned())
    }
}

/// Parses a Dockerfile into BuildKit's syntax tree.
///
/// # Errors
///
/// Returns BuildKit's error for a file with no instructions, a bad or repeated parser directive,
/// an unterminated heredoc, a JSON array holding non-strings, an `ENV`/`LABEL` that is not
/// `key value` or `key=value …`, a line longer than 65535 bytes, or an unknown instruction.
pub fn parse_dockerfile(source: &str) -> Result<Dockerfile, DockerfileError> {
    let mut lines = Lines {
        rest: source,
        too_long: false,
    };
    let mut directives = DirectiveParser::default();
    let mut instructions = Vec::new();
    let mut warnings = Vec::new();
    let mut current = 0usize;

    while let Some(raw) = lines.next() {
        let raw = if current == 0 {
            raw.strip_prefix('\u{feff}').unwrap_or(raw)
        } else {
            raw
        };
        let token = trim_newline(raw).trim_start();
        directives
            .check(token, current + 1)
            .map_err(|message| DockerfileError::syntax(current + 1, message))?;
        let token = if is_comment(token) { "" } else { token };
        current += 1;
        let start = current;
        let escape = directives.escape;
        let (first, mut end_of_line) = trim_continuation(token, escape);
        if end_of_line && first.is_empty() {
            continue;
        }
        let mut line = String::from(first);
        let mut empty_continuation = false;
        while !end_of_line {
            let Some(next) = lines.next() else { break };
            current += 1;
            if is_comment(next) {
                continue;
            }
            let next = trim_newline(next);
            if next.trim_start().is_empty() {
                empty_continuation = true;
                continue;
            }
            let (part, eol) = trim_continuation(next, escape);
            line.push_str(part);
            end_of_line = eol;
        }
        if empty_continuation {
            warnings.push(Warning {
                line: current,
                message: format!("Empty continuation line found in: {line}"),
            });
        }

        let mut instruction = node_from_line(&line, escape).map_err(|m| DockerfileError::syntax(start, m))?;
        if instruction.can_contain_heredoc() && line.contains("<<") {
            for mut heredoc in text::heredocs_from_line(&line) {
                let mut terminated = false;
                let mut content = String::new();
                for body in lines.by_ref() {
                    current += 1;
                    let mut candidate = trim_newline(body);
                    if heredoc.chomp {
                        candidate = candidate.trim_start_matches('\t');
                    }
                    if candidate == heredoc.name {
                        terminated = true;
                        break;
                    }
                    content.push_str(body);
                }
                if !terminated {
                    return Err(DockerfileError::syntax(start, "unterminated heredoc"));
                }
                heredoc.content = content;
                instruction.heredocs.push(heredoc);
            }
        }
        instruction.start_line = start;
        instruction.end_line = current;
        instructions.push(instruction);
    }

    if instructions.is_empty() {
        return Err(DockerfileError::syntax(current, "file with no instructions"));
    }
    if lines.too_long {
        return Err(DockerfileError::syntax(
            current,
            format!(
                "dockerfile line greater than max allowed size of {}",
                MAX_LINE_BYTES - 1
            ),
        ));
    }
    if let Some(unknown) = instructions
        .iter()
        .find(|i| !KNOWN_INSTRUCTIONS.contains(&i.keyword.as_str()))
    {
        let mut message = format!("unknown instruction: {}", unknown.written);
        if let Some(suggestion) = suggest_instruction(&unknown.written) {
            message.push_str(&format!(" (did you mean {suggestion}?)"));
        }
        return Err(DockerfileError {
            line: unknown.start_line,
            message,
            kind: ErrorKind::Instruction,
        });
    }

    Ok(Dockerfile {
        directives: directives.found,
        escape: directives.escape,
        instructions,
        warnings,
    })
}

/// Raw lines (line ending kept), stopping like Go's `bufio.Scanner` at an over-long line.
struct Lines<'a> {
    rest: &'a str,
    too_long: bool,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.rest.is_empty() || self.too_long {
            return None;
        }
        let (line, rest) = match self.rest.find('\n') {
            Some(i) => self.rest.split_at(i + 1),
            None => (self.rest, ""),
        };
        let fits = if line.ends_with('\n') {
            line.len() <= MAX_LINE_BYTES
        } else {
            line.len() < MAX_LINE_BYTES
        };
        if !fits {
            self.too_long = true;
            return None;
        }
        self.rest = rest;
        Some(line)
    }
}

/// Reads the parser directives at the top of the file.
#[derive(Debug)]
struct DirectiveParser {
    done: bool,
    escape: char,
    found: Vec<Directive>,
}

impl Default for DirectiveParser {
    fn default() -> Self {
        Self {
            done: false,
            escape: '\\',
            found: Vec::new(),
        }
    }
}

impl DirectiveParser {
    /// Looks at one line (left-trimmed, line ending removed) while directives are still allowed.
    fn check(&mut self, line: &str, number: usize) -> Result<(), String> {
        if self.done {
            return Ok(());
        }
        let Some((name, value)) = text::match_directive(line) else {
            self.done = true;
            return Ok(());
        };
        let name = name.to_ascii_lowercase();
        if !matches!(name.as_str(), "syntax" | "escape" | "check") {
            self.done = true;
            return Ok(());
        }
        if self.found.iter().any(|d| d.name == name) {
            return Err(format!("only one {name} parser directive can be used"));
        }
        if name == "escape" {
            self.escape = match value {
                "\\" => '\\',
                "`" => '`',
                other => {
                    return Err(format!("invalid escape token '{other}' does not match ` or \\"));
                }
            };
        }
        self.found.push(Directive {
            name,
            value: value.to_owned(),
            line: number,
        });
        Ok(())
    }
}

/// Strips all trailing `\r` and `\n`.
fn trim_newline(line: &str) -> &str {
    line.trim_end_matches(['\r', '\n'])
}

/// A comment line: the first non-blank character is `#`.
fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// Removes a line-continuation escape at the end of the line (trailing spaces and tabs
/// ignored); returns the line and whether it ends the instruction. An escape preceded by
/// another escape is not a continuation.
fn trim_continuation(line: &str, escape: char) -> (&str, bool) {
    let trimmed = line.trim_end_matches([' ', '\t']);
    match trimmed.strip_suffix(escape) {
        Some("") => ("", false),
        Some(before) if !before.ends_with(escape) => (before, false),
        _ => (line, true),
    }
}

/// BuildKit's argument whitespace: `[\t\v\f\r ]`.
fn is_arg_space(c: char) -> bool {
    matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ')
}

/// Splits at the first run of argument whitespace (Go's `reWhitespace.Split(s, 2)`).
fn split_once_space(s: &str) -> Option<(&str, &str)> {
    let start = s.find(is_arg_space)?;
    let (head, tail) = s.split_at(start);
    Some((head, tail.trim_start_matches(is_arg_space)))
}

/// Splits at every run of argument whitespace (Go's `reWhitespace.Split(s, -1)`).
fn split_all_space(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some((head, tail)) = split_once_space(rest) {
        out.push(head.to_owned());
        rest = tail;
    }
    out.push(rest.to_owned());
    out
}

/// Turns one logical line into an instruction (lines are filled in by the caller).
fn node_from_line(line: &str, escape: char) -> Result<Instruction, String> {
    let trimmed = line.trim();
    let (written, after) = match split_once_space(trimmed) {
        Some((cmd, after)) => (cmd, Some(after)),
        None => (trimmed, None),
    };
    let (args, flags) = match after {
        Some(after) => text::extract_flags(after, escape),
        None => (String::new(), Vec::new()),
    };
    let args = args.trim();
    let keyword = written.to_lowercase();
    let (arguments, json) = match keyword.as_str() {
        "add" | "copy" | "volume" => maybe_json_to_list(args)?,
        "arg" => (Arguments::Values(text::parse_words(args, escape)), false),
        "cmd" | "entrypoint" | "run" | "shell" => maybe_json(args)?,
        "env" => (name_values(args, "ENV", escape)?, false),
        "label" => (name_values(args, "LABEL", escape)?, false),
        "expose" | "from" => (whitespace_list(args), false),
        "healthcheck" => health(args)?,
        "maintainer" | "stopsignal" | "user" | "workdir" => (single(args), false),
        "onbuild" if !args.is_empty() => (Arguments::Trigger(Box::new(node_from_line(args, escape)?)), false),
        _ => (Arguments::Values(Vec::new()), false),
    };
    Ok(Instruction {
        keyword,
        written: written.to_owned(),
        flags,
        arguments,
        json,
        original: line.to_owned(),
        start_line: 0,
        end_line: 0,
        heredocs: Vec::new(),
    })
}

const NOT_STRINGS: &str = "when using JSON array syntax, arrays must be comprised of strings only";

fn single(args: &str) -> Arguments {
    if args.is_empty() {
        Arguments::Values(Vec::new())
    } else {
        Arguments::Values(vec![args.to_owned()])
    }
}

fn whitespace_list(args: &str) -> Arguments {
    if args.is_empty() {
        Arguments::Values(Vec::new())
    } else {
        Arguments::Values(split_all_space(args))
    }
}

fn maybe_json(args: &str) -> Result<(Arguments, bool), String> {
    if args.is_empty() {
        return Ok((Arguments::Values(Vec::new()), false));
    }
    match json::parse_string_array(args) {
        json::Array::Strings(values) => Ok((Arguments::Values(values), true)),
        json::Array::NotStrings => Err(NOT_STRINGS.to_owned()),
        json::Array::NotJson => Ok((single(args), false)),
    }
}

fn maybe_json_to_list(args: &str) -> Result<(Arguments, bool), String> {
    match json::parse_string_array(args) {
        json::Array::Strings(values) => Ok((Arguments::Values(values), true)),
        json::Array::NotStrings => Err(NOT_STRINGS.to_owned()),
        json::Array::NotJson => Ok((whitespace_list(args), false)),
    }
}

fn health(args: &str) -> Result<(Arguments, bool), String> {
    let (kind, rest) = match args.find(char::is_whitespace) {
        Some(i) => {
            let (kind, rest) = args.split_at(i);
            (kind, rest.trim_start())
        }
        None => (args, ""),
    };
    if kind.is_empty() {
        return Ok((Arguments::Values(Vec::new()), false));
    }
    let (command, json) = maybe_json(rest)?;
    let mut values = vec![kind.to_owned()];
    if let Arguments::Values(more) = command {
        values.extend(more);
    }
    Ok((Arguments::Values(values), json))
}

/// `ENV`/`LABEL`: the old `KEY name value` form or `name=value …` pairs.
fn name_values(args: &str, key: &str, escape: char) -> Result<Arguments, String> {
    let words = text::parse_words(args, escape);
    let Some(first) = words.first() else {
        return Ok(Arguments::Values(Vec::new()));
    };
    if !first.contains('=') {
        let Some((name, value)) = split_once_space(args) else {
            return Err(format!("{key} must have two arguments"));
        };
        return Ok(Arguments::Values(vec![
            name.to_owned(),
            value.to_owned(),
            String::new(),
        ]));
    }
    let mut values = Vec::with_capacity(words.len() * 3);
    for word in &words {
        let Some((name, value)) = word.split_once('=') else {
            return Err(format!(
                "Syntax error - can't find = in {}. Must be of the form: name=value",
                go_quote(word)
            ));
        };
        values.extend([name.to_owned(), value.to_owned(), "=".to_owned()]);
    }
    Ok(Arguments::Values(values))
}
