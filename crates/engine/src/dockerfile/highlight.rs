//! Dockerfile colouring for the live editor: one pass over the text, the same line rules as
//! the parser (directives only at the top, the escape character, continuation lines, heredoc
//! bodies), producing HTML with `tok-*` classes. It never fails: text it does not understand
//! stays plain, so the editor shows exactly what was typed.

use super::KNOWN_INSTRUCTIONS;

/// What a piece of Dockerfile text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// An instruction keyword (`RUN`), or `AS` in `FROM … AS name`.
    Keyword,
    /// A word in the keyword position that is not an instruction (a typo such as `RUNN`).
    Unknown,
    /// `# comment`.
    Comment,
    /// A parser directive (`# syntax=…`, `# escape=…`, `# check=…`) at the top.
    Directive,
    /// An instruction flag (`--from=build`).
    Flag,
    /// A variable reference (`$HOME`, `${VERSION:-1}`).
    Variable,
    /// A quoted string.
    String,
    /// The escape character ending a line that continues.
    Continuation,
    /// A heredoc body line or its terminator.
    Heredoc,
}

impl Token {
    /// The CSS class the editor gives it.
    pub fn class(self) -> &'static str {
        match self {
            Token::Keyword => "tok-kw",
            Token::Unknown => "tok-bad",
            Token::Comment => "tok-comment",
            Token::Directive => "tok-directive",
            Token::Flag => "tok-flag",
            Token::Variable => "tok-var",
            Token::String => "tok-str",
            Token::Continuation => "tok-cont",
            Token::Heredoc => "tok-heredoc",
        }
    }
}

/// Byte ranges of the coloured pieces of `source`, in order and not overlapping; everything
/// else is plain text.
pub fn tokens(source: &str) -> Vec<(usize, usize, Token)> {
    let mut out = Vec::new();
    let mut escape = '\\';
    let mut directives_open = true;
    let mut continuing = false;
    // Heredoc terminators still to come (`<<EOF` opens one), and whether tabs are stripped.
    let mut heredocs: Vec<(String, bool)> = Vec::new();
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if let Some((word, strip_tabs)) = heredocs.first().cloned() {
            let candidate = if strip_tabs {
                body.trim_start_matches('\t')
            } else {
                body
            };
            if !body.is_empty() {
                out.push((start, start + body.len(), Token::Heredoc));
            }
            if candidate == word {
                heredocs.remove(0);
            }
            continue;
        }
        let trimmed = body.trim_start();
        let lead = body.len() - trimmed.len();
        if trimmed.starts_with('#') {
            if directives_open
                && !continuing
                && let Some(found) = directive(trimmed)
            {
                if found.0 == "escape" && found.1.chars().count() == 1 {
                    escape = found.1.chars().next().unwrap_or('\\');
                }
                out.push((start + lead, start + body.len(), Token::Directive));
                continue;
            }
            directives_open = false;
            out.push((start + lead, start + body.len(), Token::Comment));
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        directives_open = false;
        let mut pos = lead;
        let mut keyword = String::new();
        if !continuing {
            let end = trimmed.find(|c: char| c.is_whitespace()).unwrap_or(trimmed.len());
            keyword = trimmed[..end].to_ascii_lowercase();
            let kind = if KNOWN_INSTRUCTIONS.contains(&keyword.as_str()) {
                Token::Keyword
            } else {
                Token::Unknown
            };
            out.push((start + lead, start + lead + end, kind));
            pos = lead + end;
        }
        // The rest of the line: flags, strings, variables, heredoc openers, a continuation.
        let rest_end = continuation_at(body, escape);
        scan_arguments(
            body,
            pos,
            rest_end.unwrap_or(body.len()),
            start,
            &keyword,
            escape,
            &mut out,
            &mut heredocs,
        );
        continuing = rest_end.is_some();
        if let Some(at) = rest_end {
            out.push((start + at, start + at + escape.len_utf8(), Token::Continuation));
        }
    }
    out
}

/// `# key=value` with a known directive key: (key, value).
fn directive(comment: &str) -> Option<(String, String)> {
    let inner = comment.trim_start_matches('#').trim();
    let (key, value) = inner.split_once('=')?;
    let key = key.trim().to_ascii_lowercase();
    ["syntax", "escape", "check"]
        .contains(&key.as_str())
        .then(|| (key, value.trim().to_string()))
}

/// Where the line's continuing escape character is (the last non-space character), if any,
/// by the parser's own rule (an escape preceded by another escape does not continue).
fn continuation_at(body: &str, escape: char) -> Option<usize> {
    let (before, ends) = super::trim_continuation(body, escape);
    (!ends).then_some(before.len())
}

#[allow(clippy::too_many_arguments)]
fn scan_arguments(
    body: &str,
    from: usize,
    to: usize,
    base: usize,
    keyword: &str,
    escape: char,
    out: &mut Vec<(usize, usize, Token)>,
    heredocs: &mut Vec<(String, bool)>,
) {
    let bytes = body.as_bytes();
    let mut i = from;
    let mut first_word = true;
    while i < to {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let word_end = |s: usize| {
            body[s..to]
                .find(|ch: char| ch.is_whitespace())
                .map_or(to, |n| s + n)
        };
        if first_word && c == b'-' && body[i..].starts_with("--") {
            // Flags come before the arguments: `COPY --from=build --chmod=644 a b`.
            let end = word_end(i);
            out.push((base + i, base + end, Token::Flag));
            i = end;
            continue;
        }
        first_word = false;
        if c == b'"' || c == b'\'' {
            let end = closing_quote(body, i, to, escape);
            out.push((base + i, base + end, Token::String));
            i = end;
        } else if c == b'$' && i + 1 < to {
            let end = variable_end(body, i, to);
            if end > i + 1 {
                out.push((base + i, base + end, Token::Variable));
            }
            i = end.max(i + 1);
        } else if body[i..to].starts_with("<<") && keyword_allows_heredoc(keyword) {
            let end = word_end(i);
            if let Some(opened) = heredoc_word(&body[i..end]) {
                heredocs.push(opened);
            }
            i = end;
        } else if keyword == "from" && body[i..word_end(i)].eq_ignore_ascii_case("as") {
            out.push((base + i, base + i + 2, Token::Keyword));
            i += 2;
        } else {
            // Plain text up to the next character that could start something coloured.
            let after = i + body[i..].chars().next().map_or(1, char::len_utf8);
            let next = body[after..to]
                .find(['"', '\'', '$', '<'])
                .map_or(to, |n| after + n)
                .min(word_end(i).max(after));
            i = next;
        }
    }
}

fn keyword_allows_heredoc(keyword: &str) -> bool {
    matches!(keyword, "run" | "copy" | "add")
}

/// `<<EOF`, `<<-EOF`, `<<"EOF"`, `<<'EOF'` → (terminator, strip leading tabs).
fn heredoc_word(word: &str) -> Option<(String, bool)> {
    let rest = word.strip_prefix("<<")?;
    let (rest, strip) = match rest.strip_prefix('-') {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let name: String = rest
        .trim_matches(|c| c == '"' || c == '\'')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some((name, strip))
}

fn closing_quote(body: &str, open: usize, to: usize, escape: char) -> usize {
    let quote = body.as_bytes()[open];
    let mut chars = body[open + 1..to].char_indices();
    while let Some((n, ch)) = chars.next() {
        if ch == escape && quote == b'"' {
            chars.next();
        } else if ch as u32 == u32::from(quote) {
            return open + 1 + n + 1;
        }
    }
    to
}

fn variable_end(body: &str, dollar: usize, to: usize) -> usize {
    let rest = &body[dollar + 1..to];
    if rest.starts_with('{') {
        return rest.find('}').map_or(to, |n| dollar + 1 + n + 1);
    }
    let len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    dollar + 1 + len
}

/// The editor's coloured copy of `source`: escaped HTML with a `<span class="tok-…">` around
/// each coloured piece. A trailing newline gets a space after it so the copy has as many lines
/// as the textarea it sits under.
pub fn to_html(source: &str) -> String {
    let mut html = String::with_capacity(source.len() + source.len() / 2);
    let mut at = 0;
    for (start, end, token) in tokens(source) {
        if start < at || end > source.len() {
            continue;
        }
        escape_into(&mut html, &source[at..start]);
        html.push_str("<span class=\"");
        html.push_str(token.class());
        html.push_str("\">");
        escape_into(&mut html, &source[start..end]);
        html.push_str("</span>");
        at = end;
    }
    escape_into(&mut html, &source[at..]);
    if source.is_empty() || source.ends_with('\n') {
        html.push(' ');
    }
    html
}

/// The editor's copy of a file that is not coloured: escaped HTML, same line count rule.
pub fn plain_html(source: &str) -> String {
    let mut html = String::with_capacity(source.len() + 1);
    escape_into(&mut html, source);
    if source.is_empty() || source.ends_with('\n') {
        html.push(' ');
    }
    html
}

fn escape_into(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '&' => html.push_str("&amp;"),
            _ => html.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The coloured pieces as (text, token).
    fn pieces(source: &str) -> Vec<(&str, Token)> {
        tokens(source)
            .into_iter()
            .map(|(s, e, t)| (&source[s..e], t))
            .collect()
    }

    #[test]
    fn the_papers_dockerfile_colours_keywords_strings_and_nothing_else() {
        let src = "FROM python:3.10\nCOPY . /app\nWORKDIR /app\nRUN pip install -r requirements.txt\nCMD [\"python\", \"main.py\"]\n";
        assert_eq!(
            pieces(src),
            vec![
                ("FROM", Token::Keyword),
                ("COPY", Token::Keyword),
                ("WORKDIR", Token::Keyword),
                ("RUN", Token::Keyword),
                ("CMD", Token::Keyword),
                ("\"python\"", Token::String),
                ("\"main.py\"", Token::String),
            ]
        );
    }

    #[test]
    fn directives_only_at_the_top_then_comments() {
        let src = "# syntax=docker/dockerfile:1\n# escape=`\n# hello\n# check=skip=all\nFROM a AS b\n";
        assert_eq!(
            pieces(src),
            vec![
                ("# syntax=docker/dockerfile:1", Token::Directive),
                ("# escape=`", Token::Directive),
                ("# hello", Token::Comment),
                ("# check=skip=all", Token::Comment),
                ("FROM", Token::Keyword),
                ("AS", Token::Keyword),
            ]
        );
    }

    #[test]
    fn a_typo_a_flag_a_variable_and_a_continuation() {
        let src = "RUNN x\nCOPY --from=build ${APP:-a}/bin $HOME \\\n  /usr/bin\nRUN echo 50$\n";
        assert_eq!(
            pieces(src),
            vec![
                ("RUNN", Token::Unknown),
                ("COPY", Token::Keyword),
                ("--from=build", Token::Flag),
                ("${APP:-a}", Token::Variable),
                ("$HOME", Token::Variable),
                ("\\", Token::Continuation),
                ("RUN", Token::Keyword),
            ],
            "the continued line has no keyword; a lone $ is plain"
        );
    }

    #[test]
    fn the_escape_directive_changes_the_continuation_character() {
        let src = "# escape=`\nRUN dir c:\\ `\n  /s\n";
        let got = pieces(src);
        assert!(got.contains(&("`", Token::Continuation)));
        assert!(!got.iter().any(|(t, _)| *t == "\\"));
    }

    #[test]
    fn heredoc_bodies_are_not_instructions() {
        let src = "RUN <<EOF\nFROM not-an-instruction\necho hi\nEOF\nCMD x\n";
        assert_eq!(
            pieces(src),
            vec![
                ("RUN", Token::Keyword),
                ("FROM not-an-instruction", Token::Heredoc),
                ("echo hi", Token::Heredoc),
                ("EOF", Token::Heredoc),
                ("CMD", Token::Keyword),
            ]
        );
    }

    #[test]
    fn html_is_escaped_and_keeps_every_character() {
        let src = "RUN echo '<b>&' > \"x\"\n";
        let html = to_html(src);
        assert_eq!(
            html,
            "<span class=\"tok-kw\">RUN</span> echo <span class=\"tok-str\">'&lt;b&gt;&amp;'</span> &gt; <span class=\"tok-str\">\"x\"</span>\n "
        );
        assert_eq!(plain_of(&html), format!("{src} "));
    }

    /// The text a browser shows for the editor's HTML.
    fn plain_of(html: &str) -> String {
        let mut plain = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                _ if !in_tag => plain.push(c),
                _ => {}
            }
        }
        plain
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    #[test]
    fn never_panics_on_odd_input() {
        for src in [
            "",
            "\"",
            "RUN \"unterminated",
            "RUN ${",
            "RUN $",
            "COPY <<",
            "RUN <<-\"E\"\n\tE\n",
            "# escape=\\\\\nRUN a\\",
            "FROM a AS",
            "é€ RUN 한국어 \"문자열\" $변수 \\\n",
            "\r\nRUN x\r\n",
        ] {
            // Whatever the colouring, the editor's copy shows exactly the text typed.
            assert_eq!(
                plain_of(&to_html(src)).trim_end_matches(' '),
                src.trim_end_matches(' '),
                "{src:?}"
            );
        }
        let big = "RUN echo \"x\" $Y \\\n  && z\n".repeat(20_000);
        assert_eq!(
            tokens(&big).iter().filter(|t| t.2 == Token::Keyword).count(),
            20_000
        );
    }
}
