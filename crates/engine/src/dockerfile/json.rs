//! The JSON (exec) form of Dockerfile arguments: Go `encoding/json` rules for a string array.

/// What a JSON-form argument turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Array {
    /// A valid JSON array of strings.
    Strings(Vec<String>),
    /// Valid JSON, an array, but holding something other than strings.
    NotStrings,
    /// Not a JSON array at all (the caller falls back to the plain form).
    NotJson,
}

/// Go's `encoding/json` nesting limit.
const MAX_DEPTH: usize = 10_000;

/// Reads `text` as Go's `json.Unmarshal` into `[]any` would, after BuildKit's checks: leading
/// whitespace skipped, must start with `[`, the whole text must be valid JSON.
pub(super) fn parse_string_array(text: &str) -> Array {
    let text = text.trim_start();
    if !text.starts_with('[') {
        return Array::NotJson;
    }
    let mut reader = Reader { text, pos: 0 };
    match reader.top_array() {
        Some(items) if reader.at_end() => {
            let mut strings = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Some(s) => strings.push(s),
                    None => return Array::NotStrings,
                }
            }
            Array::Strings(strings)
        }
        _ => Array::NotJson,
    }
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.bump()? == b).then_some(())
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn at_end(&mut self) -> bool {
        self.skip_space();
        self.pos == self.text.len()
    }

    /// The top-level array: each element is `Some(string)` or `None` for any other value.
    fn top_array(&mut self) -> Option<Vec<Option<String>>> {
        self.eat(b'[')?;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Some(items);
        }
        loop {
            self.skip_space();
            if self.peek() == Some(b'"') {
                items.push(Some(self.string()?));
            } else {
                self.skip_value()?;
                items.push(None);
            }
            self.skip_space();
            match self.bump()? {
                b',' => {}
                b']' => return Some(items),
                _ => return None,
            }
        }
    }

    /// Validates one value nested in the top-level array, without recursion.
    fn skip_value(&mut self) -> Option<()> {
        let mut stack: Vec<u8> = Vec::new();
        loop {
            // Expect a value.
            self.skip_space();
            match self.peek()? {
                open @ (b'[' | b'{') => {
                    self.pos += 1;
                    if stack.len() + 2 > MAX_DEPTH {
                        return None;
                    }
                    stack.push(open);
                    self.skip_space();
                    let close = if open == b'[' { b']' } else { b'}' };
                    if self.peek() == Some(close) {
                        self.pos += 1;
                        stack.pop();
                    } else if open == b'{' {
                        self.key()?;
                        continue;
                    } else {
                        continue;
                    }
                }
                b'"' => {
                    self.string()?;
                }
                b't' => self.literal("true")?,
                b'f' => self.literal("false")?,
                b'n' => self.literal("null")?,
                b'-' | b'0'..=b'9' => self.number()?,
                _ => return None,
            }
            // After a value: close containers or move to the next element.
            loop {
                let Some(&top) = stack.last() else { return Some(()) };
                self.skip_space();
                match (self.bump()?, top) {
                    (b',', b'[') => break,
                    (b',', _) => {
                        self.key()?;
                        break;
                    }
                    (b']', b'[') | (b'}', b'{') => {
                        stack.pop();
                    }
                    _ => return None,
                }
            }
        }
    }

    /// An object key and its colon.
    fn key(&mut self) -> Option<()> {
        self.skip_space();
        if self.peek() != Some(b'"') {
            return None;
        }
        self.string()?;
        self.skip_space();
        self.eat(b':')
    }

    fn literal(&mut self, word: &str) -> Option<()> {
        let rest = self.text.get(self.pos..)?;
        if rest.starts_with(word) {
            self.pos += word.len();
            Some(())
        } else {
            None
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Option<()> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek()? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return None;
            }
        }
        Some(())
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.pos..self.pos + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    /// A string, decoded (lone surrogates become U+FFFD, as in Go).
    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let mut out = String::new();
        loop {
            let start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(self.text.get(start..self.pos)?);
            match self.bump()? {
                b'"' => return Some(out),
                b'\\' => {}
                _ => return None,
            }
            match self.bump()? {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => {
                    let unit = self.hex4()?;
                    out.push(self.code_point(unit));
                }
                _ => return None,
            }
        }
    }

    /// Completes a `\uXXXX` escape, pairing a high surrogate with a following low one.
    fn code_point(&mut self, unit: u32) -> char {
        if !(0xD800..0xE000).contains(&unit) {
            return char::from_u32(unit).unwrap_or('\u{fffd}');
        }
        if unit < 0xDC00 && self.text.get(self.pos..self.pos + 2) == Some("\\u") {
            let save = self.pos;
            self.pos += 2;
            if let Some(low) = self.hex4()
                && (0xDC00..0xE000).contains(&low)
            {
                let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                return char::from_u32(c).unwrap_or('\u{fffd}');
            }
            self.pos = save;
        }
        '\u{fffd}'
    }
}
