//! Splitting a console line into words the way a POSIX shell does (quotes, escapes,
//! redirections), without running anything.

use std::fmt;

/// A console line split into words, with an optional output redirection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandLine {
    /// The words, quotes removed.
    pub words: Vec<String>,
    /// `> FILE` or `>> FILE`.
    pub redirect: Option<Redirect>,
}

/// Where a command's standard output goes instead of the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The file name.
    pub file: String,
    /// `>>` appends; `>` replaces.
    pub append: bool,
}

/// Why a line could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShellError {
    /// A quote was opened and never closed.
    UnterminatedQuote(char),
    /// `>` or `>>` with no file name after it.
    MissingRedirectTarget,
}

impl fmt::Display for ShellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // bash: "unexpected EOF while looking for matching `''"
            ShellError::UnterminatedQuote(q) => {
                write!(
                    f,
                    "sh: syntax error: unexpected EOF while looking for matching `{q}'"
                )
            }
            ShellError::MissingRedirectTarget => {
                f.write_str("sh: syntax error near unexpected token `newline'")
            }
        }
    }
}

impl std::error::Error for ShellError {}

/// Splits a line: whitespace separates words; `'…'` keeps everything literally; `"…"` keeps
/// spaces and honours `\"`, `\\`, `\$`; a backslash outside quotes escapes the next character;
/// an unquoted `>` / `>>` starts a redirection; an unquoted `#` at a word start begins a comment.
pub fn split_line(line: &str) -> Result<CommandLine, ShellError> {
    let mut words = Vec::new();
    let mut redirect: Option<Redirect> = None;
    let mut pending_redirect: Option<bool> = None;
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();

    let mut finish = |word: &mut String, in_word: &mut bool, pending: &mut Option<bool>| {
        if *in_word {
            let text = std::mem::take(word);
            match pending.take() {
                Some(append) => redirect = Some(Redirect { file: text, append }),
                None => words.push(text),
            }
            *in_word = false;
        }
    };

    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => finish(&mut word, &mut in_word, &mut pending_redirect),
            '#' if !in_word => break,
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => word.push(ch),
                        None => return Err(ShellError::UnterminatedQuote('\'')),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.peek() {
                            Some(&next @ ('"' | '\\' | '$' | '`')) => {
                                word.push(next);
                                chars.next();
                            }
                            _ => word.push('\\'),
                        },
                        Some(ch) => word.push(ch),
                        None => return Err(ShellError::UnterminatedQuote('"')),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(next) = chars.next() {
                    word.push(next);
                }
            }
            '>' => {
                finish(&mut word, &mut in_word, &mut pending_redirect);
                let append = chars.peek() == Some(&'>');
                if append {
                    chars.next();
                }
                pending_redirect = Some(append);
            }
            other => {
                in_word = true;
                word.push(other);
            }
        }
    }
    finish(&mut word, &mut in_word, &mut pending_redirect);
    if pending_redirect.is_some() {
        return Err(ShellError::MissingRedirectTarget);
    }
    Ok(CommandLine { words, redirect })
}

#[cfg(test)]
mod tests;
