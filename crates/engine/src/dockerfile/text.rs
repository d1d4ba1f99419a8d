//! Dockerfile word-level helpers: directives, flags, words, heredoc words, quoting, distance.

use super::Heredoc;

/// Matches a directive line (`#` first, then `key = value`) like BuildKit's
/// `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` after the `#`; returns key and value.
pub(super) fn match_directive(line: &str) -> Option<(&str, &str)> {
    let body = line.strip_prefix('#')?.trim_start();
    let key_end = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    let key = body.get(..key_end)?;
    if !key.chars().next()?.is_ascii_alphabetic() {
        return None;
    }
    let rest = body.get(key_end..)?.trim_start_matches(is_re_space);
    let rest = rest.strip_prefix('=')?;
    if rest.is_empty() {
        return None;
    }
    let value = rest.trim_matches(is_re_space);
    if value.is_empty() {
        // Only whitespace: the lazy `.+?` still takes the last character.
        let last = rest.char_indices().last()?.0;
        return Some((key, rest.get(last..)?));
    }
    Some((key, value))
}

/// Go RE2's `\s`: `[\t\n\f\r ]`.
fn is_re_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{c}' | '\r' | ' ')
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Spaces,
    Word,
    Quote,
}

/// Takes the leading `--flag` words off an instruction's arguments (quotes and escapes
/// removed); a bare `--` ends the flags. Returns the remaining text and the flags.
pub(super) fn extract_flags(line: &str, escape: char) -> (String, Vec<String>) {
    let mut flags = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut chars = line.char_indices().peekable();
    while let Some((pos, c)) = chars.next() {
        let mut ch = c;
        if phase == Phase::Spaces {
            if ch.is_whitespace() {
                continue;
            }
            let next_is_dash = chars.peek().is_some_and(|&(_, n)| n == '-');
            if ch != '-' || !next_is_dash {
                return (line.get(pos..).unwrap_or_default().to_owned(), flags);
            }
            phase = Phase::Word;
        }
        if phase == Phase::Word {
            if ch.is_whitespace() {
                if word == "--" {
                    return (line.get(pos..).unwrap_or_default().to_owned(), flags);
                }
                if blank_ok || !word.is_empty() {
                    flags.push(std::mem::take(&mut word));
                }
                word.clear();
                blank_ok = false;
                phase = Phase::Spaces;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
                continue;
            }
            if ch == escape {
                match chars.next() {
                    Some((_, n)) => ch = n,
                    None => continue,
                }
            }
            word.push(ch);
            continue;
        }
        // Inside quotes.
        if ch == quote {
            phase = Phase::Word;
            continue;
        }
        if ch == escape {
            match chars.next() {
                Some((_, n)) => ch = n,
                None => {
                    phase = Phase::Word;
                    continue;
                }
            }
        }
        word.push(ch);
    }
    if phase != Phase::Spaces && word != "--" && (blank_ok || !word.is_empty()) {
        flags.push(word);
    }
    (String::new(), flags)
}

/// Splits `ENV`/`LABEL`/`ARG` arguments into words on whitespace outside quotes, keeping
/// quotes and escapes in the words (BuildKit's `parseWords`).
pub(super) fn parse_words(rest: &str, escape: char) -> Vec<String> {
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut word = String::new();
    let mut chars = rest.chars();
    while let Some(ch) = chars.next() {
        if phase == Phase::Spaces {
            if ch.is_whitespace() {
                continue;
            }
            phase = Phase::Word;
        }
        if phase == Phase::Word {
            if ch.is_whitespace() {
                phase = Phase::Spaces;
                if blank_ok || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                word.clear();
                blank_ok = false;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
            }
            if ch == escape {
                if let Some(next) = chars.next() {
                    word.push(ch);
                    word.push(next);
                }
                continue;
            }
            word.push(ch);
            continue;
        }
        // Inside quotes: the escape works except in single quotes.
        if ch == quote {
            phase = Phase::Word;
        }
        if ch == escape && quote != '\'' {
            match chars.next() {
                Some(next) => {
                    word.push(ch);
                    word.push(next);
                }
                None => phase = Phase::Word,
            }
            continue;
        }
        word.push(ch);
    }
    if phase != Phase::Spaces && (blank_ok || !word.is_empty()) {
        words.push(word);
    }
    words
}

/// Shell-style word splitting as BuildKit's lexer does it for heredoc detection (backslash
/// escapes, `'…'` and `"…"` quotes; variables left as written). `None` on an unterminated
/// quote.
fn shell_words(s: &str, raw_quotes: bool, raw_escapes: bool) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = s.chars().peekable();
    while let Some(&ch) = chars.peek() {
        match ch {
            '\'' => {
                chars.next();
                let mut quoted = String::new();
                if raw_quotes {
                    quoted.push('\'');
                }
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => quoted.push(c),
                    }
                }
                if raw_quotes {
                    quoted.push('\'');
                }
                word.push_str(&quoted);
                in_word = true;
            }
            '"' => {
                chars.next();
                let mut quoted = String::new();
                if raw_quotes {
                    quoted.push('"');
                }
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => {
                            if raw_escapes {
                                quoted.push('\\');
                            }
                            match chars.peek() {
                                None => {}
                                Some(&n @ ('"' | '$' | '\\')) => {
                                    chars.next();
                                    quoted.push(n);
                                }
                                Some(_) if !raw_escapes => quoted.push('\\'),
                                Some(_) => {}
                            }
                        }
                        c => quoted.push(c),
                    }
                }
                if raw_quotes {
                    quoted.push('"');
                }
                word.push_str(&quoted);
                in_word = true;
            }
            '<' => {
                chars.next();
                word.push('<');
                if chars.peek() == Some(&'<') {
                    chars.next();
                    word.push('<');
                    while let Some(&w) = chars.peek() {
                        if w != ' ' && w != '\t' {
                            break;
                        }
                        chars.next();
                        word.push(w);
                    }
                }
                in_word = true;
            }
            '\\' => {
                chars.next();
                if raw_escapes {
                    word.push('\\');
                }
                let Some(next) = chars.next() else { break };
                word.push(next);
                in_word = true;
            }
            c if c.is_whitespace() => {
                chars.next();
                if in_word && !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                chars.next();
                word.push(c);
                in_word = true;
            }
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    Some(words)
}

/// The heredocs (`[fd]<<[-]WORD`) named on an instruction line, in order.
pub(super) fn heredocs_from_line(line: &str) -> Vec<Heredoc> {
    let Some(words) = shell_words(line, true, true) else {
        return Vec::new();
    };
    words.iter().filter_map(|w| heredoc_from_word(w)).collect()
}

/// Matches `^(\d*)<<(-?)\s*([^<]*)$` and reads the terminator word.
fn heredoc_from_word(word: &str) -> Option<Heredoc> {
    let digits_end = word.find(|c: char| !c.is_ascii_digit()).unwrap_or(word.len());
    let digits = word.get(..digits_end)?;
    let rest = word.get(digits_end..)?.strip_prefix("<<")?;
    let (chomp, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let rest = rest.trim_start_matches(is_re_space);
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    let processed = shell_words(rest, false, false)?;
    let [name] = processed.as_slice() else { return None };
    let raw = shell_words(rest, true, false)?;
    let [raw_name] = raw.as_slice() else { return None };
    let quotes = |s: &str| s.chars().filter(|&c| c == '\'' || c == '"').count();
    let file_descriptor = if digits.is_empty() {
        0
    } else {
        digits.parse().unwrap_or(u64::MAX)
    };
    Some(Heredoc {
        name: name.clone(),
        file_descriptor,
        expand: quotes(name) == quotes(raw_name),
        chomp,
        content: String::new(),
    })
}

/// Go's `unicode.IsPrint`, approximated without Unicode tables: everything except control,
/// non-ASCII-space whitespace, format, private-use and non-characters.
pub(super) fn is_go_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let u = u32::from(c);
    let format = matches!(u,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x890..=0x891 | 0x8E2 | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF
        | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F);
    let private = matches!(u, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF);
    let nonchar = matches!(u, 0xFDD0..=0xFDEF) || (u & 0xFFFE) == 0xFFFE;
    !(format || private || nonchar)
}

/// Levenshtein distance between two strings, by characters.
pub(super) fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = i;
        let mut left = i + 1;
        let mut next = Vec::with_capacity(row.len());
        next.push(left);
        for (j, &cb) in b.iter().enumerate() {
            let up = row.get(j + 1).copied().unwrap_or(usize::MAX - 1);
            let cost = usize::from(ca != cb);
            let value = (diagonal + cost).min(up + 1).min(left + 1);
            next.push(value);
            diagonal = up;
            left = value;
        }
        row = next;
    }
    row.last().copied().unwrap_or(0)
}
