//! A subset of Go's text/template, as `docker ps --format` and `docker inspect -f` use it.
//!
//! [`render`] lexes, parses and executes a template as Go's `text/template` does (parse/lex.go,
//! parse/parse.go, exec.go, funcs.go) with docker/cli's functions (templates/templates.go), so
//! output, error positions and error wording match the real CLI. Left out: `define`, `template`,
//! `block`, the `html`/`js`/`urlquery`/`slice`/`call` builtins and complex numbers.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

/// A value a template can look into.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Go's nil: a JSON `null`, or a nil pointer in a struct.
    Null,
    /// A `bool`.
    Bool(bool),
    /// An `int`.
    Int(i64),
    /// A `float64` (what JSON numbers decode to).
    Float(f64),
    /// A `string`.
    Str(String),
    /// A slice; its elements are `interface {}` values, as JSON decodes them.
    List(Vec<Value>),
    /// A Go `map[string]interface{}` (what `docker inspect` templates see: JSON decoded).
    /// Missing key → prints `<no value>`; printing/json sorts keys.
    Map(Vec<(String, Value)>),
    /// A Go struct (what `docker ps --format` sees). `type_name` is used in errors,
    /// e.g. "*formatter.ContainerContext". Missing field → execution error. Printing/json keep field order.
    Struct {
        /// Go's name for the type, as errors print it.
        type_name: String,
        /// Field names and values, in declaration order.
        fields: Vec<(String, Value)>,
    },
}

impl Value {
    /// A string value.
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }

    /// A list value.
    pub fn list(items: impl IntoIterator<Item = Value>) -> Value {
        Value::List(items.into_iter().collect())
    }

    /// A map value (a JSON object as Go decodes it).
    pub fn map<K: Into<String>>(entries: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// A struct value; `type_name` is how Go names the type in errors.
    pub fn structure<K: Into<String>>(
        name: impl Into<String>,
        fields: impl IntoIterator<Item = (K, Value)>,
    ) -> Value {
        let fields = fields.into_iter().map(|(k, v)| (k.into(), v)).collect();
        Value::Struct {
            type_name: name.into(),
            fields,
        }
    }
}

/// A parse or execution error, worded exactly as Go words it (e.g. `template: :1: unclosed action`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// The message, without any prefix the docker CLI adds.
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TemplateError {}

/// Parses `template` and executes it with `data` as dot, returning what Go would print.
pub fn render(template: &str, data: &Value) -> Result<String, TemplateError> {
    let tree = Parser::new(template).parse()?;
    // exec.go execute: reflect.ValueOf(nil) is the invalid value.
    let root = if *data == Value::Null {
        Ev::Missing
    } else {
        Ev::Val(Cow::Borrowed(data), false)
    };
    let mut ex = Exec {
        src: template,
        vars: vec![("$", root.clone())],
        at: None,
        out: String::new(),
        steps: 0,
    };
    ex.walk_list(&root, &tree)?;
    Ok(ex.out)
}

/// `v` as docker/cli's `json` template function prints it: encoding/json with HTML escaping
/// off, map keys sorted, struct fields in order. Empty if `v` holds a NaN or an infinity
/// (Go's encoder fails and docker ignores the error).
pub fn to_json(v: &Value) -> String {
    let mut out = String::new();
    if write_json(&mut out, v).is_err() {
        out.clear();
    }
    out
}

/// Deepest nesting of blocks and parentheses. UNCONFIRMED: Go has no limit for blocks.
const MAX_DEPTH: usize = 64;
/// Nodes walked and range iterations before giving up. UNCONFIRMED: Go has no limit.
const MAX_STEPS: u64 = 1_000_000;
/// Output bytes before giving up. UNCONFIRMED: Go has no limit.
const MAX_OUTPUT: usize = 4 << 20;
/// Largest `pad` count. UNCONFIRMED: Go would try to allocate it.
const MAX_REPEAT: i64 = 1_000_000;

// Lexer: parse/lex.go (Go 1.22+, where actions may span lines). ---------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum K {
    Error,
    Bool,
    Char,
    CharConst,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Ident,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawStr,
    RightDelim,
    RightParen,
    Space,
    Str,
    Text,
    Variable,
    // Keywords: lex.go's item.String prints these as `<val>`.
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

struct Item<'s> {
    k: K,
    pos: usize,
    line: usize,
    val: Cow<'s, str>,
}

struct Lexer<'s> {
    src: &'s str,
    pos: usize,
    start: usize,
    paren: i32,
    items: Vec<Item<'s>>,
    line: usize,
    line_pos: usize,
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

/// lex.go: a trim marker is `{{- ` or ` -}}`; the space keeps `{{-3}}` a number.
fn has_trim(s: &str, left: bool) -> bool {
    let b = s.as_bytes();
    let (dash, space) = if left { (0, 1) } else { (1, 0) };
    b.get(dash) == Some(&b'-') && b.get(space).is_some_and(|&c| is_space(c.into()))
}

fn left_trim_len(s: &str) -> usize {
    s.len() - s.trim_start_matches(is_space).len()
}

impl<'s> Lexer<'s> {
    fn tail(&self, pos: usize) -> &'s str {
        self.src.get(pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.tail(self.pos).chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn accept(&mut self, valid: &str) -> bool {
        let hit = self.peek().is_some_and(|c| valid.contains(c));
        if hit {
            self.bump();
        }
        hit
    }

    fn push(&mut self, k: K, val: Cow<'s, str>) {
        // Items start in order, so lines are counted incrementally.
        let bytes = self.src.as_bytes().get(self.line_pos..self.start).unwrap_or(&[]);
        self.line += bytes.iter().filter(|&&c| c == b'\n').count();
        self.line_pos = self.line_pos.max(self.start);
        self.items.push(Item {
            k,
            pos: self.start,
            line: self.line,
            val,
        });
    }

    fn emit(&mut self, k: K) -> bool {
        self.push(k, Cow::Borrowed(self.src.get(self.start..self.pos).unwrap_or("")));
        self.start = self.pos;
        true
    }

    fn fail(&mut self, msg: impl Into<String>) -> bool {
        self.push(K::Error, Cow::Owned(msg.into()));
        false
    }

    fn run(mut self) -> Vec<Item<'s>> {
        while let Some(x) = self.tail(self.pos).find("{{") {
            let at = self.pos + x;
            if x > 0 {
                let text = self.src.get(self.start..at).unwrap_or("");
                let trimmed = text.len() - text.trim_end_matches(is_space).len();
                self.pos = at
                    - if has_trim(self.tail(at + 2), true) {
                        trimmed
                    } else {
                        0
                    };
                if self.pos > self.start {
                    self.emit(K::Text);
                }
                (self.pos, self.start) = (at, at);
            }
            self.pos = at + 2;
            let after = if has_trim(self.tail(self.pos), true) { 2 } else { 0 };
            let ok = if self.tail(self.pos + after).starts_with("/*") {
                self.pos += after;
                self.start = self.pos;
                self.comment()
            } else {
                self.emit(K::LeftDelim);
                self.pos += after;
                (self.start, self.paren) = (self.pos, 0);
                self.action()
            };
            if !ok {
                return self.items;
            }
        }
        self.pos = self.src.len();
        if self.pos > self.start {
            self.emit(K::Text);
        }
        self.emit(K::Eof);
        self.items
    }

    fn comment(&mut self) -> bool {
        let Some(i) = self.tail(self.pos + 2).find("*/") else {
            return self.fail("unclosed comment");
        };
        self.pos += i + 4;
        let (delim, trim) = self.at_right_delim();
        if !delim {
            return self.fail("comment ends before closing delimiter");
        }
        self.pos += if trim { 4 } else { 2 };
        if trim {
            self.pos += left_trim_len(self.tail(self.pos));
        }
        self.start = self.pos;
        true
    }

    fn at_right_delim(&self) -> (bool, bool) {
        let t = self.tail(self.pos);
        if has_trim(t, false) && t.get(2..).is_some_and(|r| r.starts_with("}}")) {
            return (true, true);
        }
        (t.starts_with("}}"), false)
    }

    fn at_terminator(&self) -> bool {
        let Some(c) = self.peek() else { return true };
        is_space(c) || ".,|:()".contains(c) || self.tail(self.pos).starts_with("}}")
    }

    fn action(&mut self) -> bool {
        loop {
            let (delim, trim) = self.at_right_delim();
            if delim {
                if self.paren != 0 {
                    return self.fail("unclosed left paren");
                }
                if trim {
                    self.pos += 2;
                    self.start = self.pos;
                }
                self.pos += 2;
                self.emit(K::RightDelim);
                if trim {
                    self.pos += left_trim_len(self.tail(self.pos));
                    self.start = self.pos;
                }
                return true;
            }
            let Some(c) = self.peek() else {
                return self.fail("unclosed action");
            };
            let next_is_digit = self
                .src
                .as_bytes()
                .get(self.pos + 1)
                .is_some_and(u8::is_ascii_digit);
            let simple = match c {
                '=' => Some(K::Assign),
                '|' => Some(K::Pipe),
                '(' => Some(K::LeftParen),
                ')' => Some(K::RightParen),
                c if c.is_ascii_graphic() && !"\"'`$.+-_:".contains(c) && !c.is_ascii_alphanumeric() => {
                    Some(K::Char)
                }
                _ => None,
            };
            let ok = match (c, simple) {
                (_, Some(k)) => {
                    self.pos += 1;
                    self.paren += match k {
                        K::LeftParen => 1,
                        K::RightParen => -1,
                        _ => 0,
                    };
                    if self.paren < 0 {
                        return self.fail("unexpected right paren");
                    }
                    self.emit(k)
                }
                (c, _) if is_space(c) => self.space(),
                (':', _) => {
                    self.pos += 1;
                    self.bump() == Some('=') && self.emit(K::Declare) || self.fail("expected :=")
                }
                ('"', _) => self.quoted('"', K::Str, "unterminated quoted string"),
                ('\'', _) => self.quoted('\'', K::CharConst, "unterminated character constant"),
                ('`', _) => self.quoted('`', K::RawStr, "unterminated raw quoted string"),
                ('$', _) => self.word(K::Variable),
                // lex.go: ".x" is a field, but "." before a digit (or at EOF) starts a number.
                ('.', _) if self.pos + 1 < self.src.len() && !next_is_digit => self.word(K::Field),
                ('.' | '+' | '-' | '0'..='9', _) => self.number(),
                (c, _) if is_alnum(c) => self.word(K::Ident),
                (c, _) => {
                    self.pos += c.len_utf8();
                    self.fail(format!("unrecognized character in action: {}", fmt_u(c)))
                }
            };
            if !ok {
                return false;
            }
        }
    }

    /// lex.go lexSpace: a run of spaces, minding a trim-marked right delimiter.
    fn space(&mut self) -> bool {
        let n = left_trim_len(self.tail(self.pos));
        self.pos += n;
        let last = self.pos.saturating_sub(1);
        if has_trim(self.tail(last), false) && self.tail(last + 2).starts_with("}}") {
            self.pos = last;
            if n == 1 {
                return true;
            }
        }
        self.emit(K::Space)
    }

    /// A field (`.x`), variable (`$x`) or identifier (keywords included).
    fn word(&mut self, k: K) -> bool {
        if k != K::Ident {
            self.pos += 1;
            if self.at_terminator() {
                return self.emit(if k == K::Variable { K::Variable } else { K::Dot });
            }
        }
        while self.peek().is_some_and(is_alnum) {
            self.bump();
        }
        if !self.at_terminator() {
            let c = self.peek().unwrap_or('\u{FFFD}');
            return self.fail(format!("bad character {}", fmt_u(c)));
        }
        let word = self.src.get(self.start..self.pos).unwrap_or("");
        self.emit(match (k, word) {
            (K::Ident, "block") => K::Block,
            (K::Ident, "break") => K::Break,
            (K::Ident, "continue") => K::Continue,
            (K::Ident, "define") => K::Define,
            (K::Ident, "else") => K::Else,
            (K::Ident, "end") => K::End,
            (K::Ident, "if") => K::If,
            (K::Ident, "range") => K::Range,
            (K::Ident, "nil") => K::Nil,
            (K::Ident, "template") => K::Template,
            (K::Ident, "with") => K::With,
            (K::Ident, "true" | "false") => K::Bool,
            (k, _) => k,
        })
    }

    fn number(&mut self) -> bool {
        if !self.scan_number() {
            return self.bad_number();
        }
        if !matches!(self.peek(), Some('+' | '-')) {
            return self.emit(K::Number);
        }
        if !self.scan_number() || !self.src.get(..self.pos).is_some_and(|s| s.ends_with('i')) {
            return self.bad_number();
        }
        self.emit(K::Complex)
    }

    fn bad_number(&mut self) -> bool {
        let text = go_quote(self.src.get(self.start..self.pos).unwrap_or(""));
        self.fail(format!("bad number syntax: {text}"))
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            for (prefix, set) in [
                ("xX", "0123456789abcdefABCDEF_"),
                ("oO", "01234567_"),
                ("bB", "01_"),
            ] {
                if self.accept(prefix) {
                    digits = set;
                    break;
                }
            }
        }
        while self.accept(digits) {}
        if self.accept(".") {
            while self.accept(digits) {}
        }
        let exp = match digits.len() {
            11 => "eE",
            23 => "pP",
            _ => "",
        };
        if !exp.is_empty() && self.accept(exp) {
            self.accept("+-");
            while self.accept("0123456789_") {}
        }
        self.accept("i");
        !(self.peek().is_some_and(is_alnum) && self.bump().is_some())
    }

    fn quoted(&mut self, q: char, k: K, msg: &str) -> bool {
        self.pos += 1;
        loop {
            match self.bump() {
                Some('\\') if q != '`' && matches!(self.bump(), None | Some('\n')) => return self.fail(msg),
                None => return self.fail(msg),
                Some('\n') if q != '`' => return self.fail(msg),
                Some(c) if c == q => return self.emit(k),
                _ => {}
            }
        }
    }
}

/// lex.go item.String, as "unexpected X in Y" shows a token.
fn item_str(k: K, val: &str) -> String {
    match k {
        K::Eof => "EOF".into(),
        K::Error => val.into(),
        k if k as u8 >= K::Block as u8 => format!("<{val}>"),
        _ if val.len() > 10 => format!("{}...", go_quote(&val.chars().take(10).collect::<String>())),
        _ => go_quote(val),
    }
}

// Parse tree and parser: parse/parse.go and parse/node.go. --------------------------------------

enum Node {
    Text(String),
    Action(Pipe),
    If(Box<Control>),
    Range(Box<Control>),
    With(Box<Control>),
    Break,
    Continue,
}

struct Control {
    pipe: Pipe,
    list: Vec<Node>,
    else_list: Option<Vec<Node>>,
}

struct Pipe {
    pos: usize,
    decl: Vec<String>,
    is_assign: bool,
    cmds: Vec<Cmd>,
}

struct Cmd {
    pos: usize,
    args: Vec<Arg>,
}

struct Arg {
    pos: usize,
    kind: Kind,
}

enum Kind {
    /// `.A.B` is ["A", "B"].
    Field(Vec<String>),
    /// `(pipe).A` or `fn.A`.
    Chain(Box<Arg>, Vec<String>),
    /// `$x.A` is ["$x", "A"].
    Variable(Vec<String>),
    Ident(String),
    Dot,
    Nil,
    Bool(bool),
    /// Source text, value as an int (if it is one) and as a float.
    Number(String, Option<i64>, Option<f64>),
    /// Source text (quoted) and value.
    Str(String, String),
    Pipe(Pipe),
}

// node.go String methods: what execution errors show after "at <".
impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Field(ids) => ids.iter().try_for_each(|id| write!(f, ".{id}")),
            Kind::Chain(node, fields) if matches!(node.kind, Kind::Pipe(_)) => {
                write!(f, "({node}).{}", fields.join("."))
            }
            Kind::Chain(node, fields) => write!(f, "{node}.{}", fields.join(".")),
            Kind::Variable(ids) => f.write_str(&ids.join(".")),
            Kind::Ident(text) | Kind::Number(text, ..) | Kind::Str(text, _) => f.write_str(text),
            Kind::Dot => f.write_str("."),
            Kind::Nil => f.write_str("nil"),
            Kind::Bool(b) => write!(f, "{b}"),
            Kind::Pipe(p) => write!(f, "{p}"),
        }
    }
}

impl fmt::Display for Cmd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, a) in self.args.iter().enumerate() {
            f.write_str(if i > 0 { " " } else { "" })?;
            match a.kind {
                Kind::Pipe(_) => write!(f, "({a})")?,
                _ => write!(f, "{a}")?,
            }
        }
        Ok(())
    }
}

impl fmt::Display for Pipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.decl.is_empty() {
            write!(
                f,
                "{}{}",
                self.decl.join(", "),
                if self.is_assign { " = " } else { " := " }
            )?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            write!(f, "{}{c}", if i > 0 { " | " } else { "" })?;
        }
        Ok(())
    }
}

enum Parsed {
    Node(Node),
    End,
    Else,
}

#[derive(Clone, Copy)]
struct Tok {
    k: K,
    pos: usize,
    line: usize,
    idx: usize,
}

struct Parser<'s> {
    items: Vec<Item<'s>>,
    i: usize,
    /// The furthest token read: Go's `t.token[0]`, whose line parse errors report.
    far: usize,
    vars: Vec<String>,
    action_line: usize,
    range_depth: usize,
    depth: usize,
}

type R<T> = Result<T, TemplateError>;

impl<'s> Parser<'s> {
    fn new(src: &'s str) -> Self {
        let lexer = Lexer {
            src,
            pos: 0,
            start: 0,
            paren: 0,
            items: Vec::new(),
            line: 1,
            line_pos: 0,
        };
        let items = lexer.run();
        Parser {
            items,
            i: 0,
            far: 0,
            vars: vec!["$".into()],
            action_line: 0,
            range_depth: 0,
            depth: 0,
        }
    }

    fn tok(&self, idx: usize) -> Tok {
        let (k, pos, line) = self
            .items
            .get(idx)
            .map_or((K::Eof, 0, 1), |it| (it.k, it.pos, it.line));
        Tok { k, pos, line, idx }
    }

    fn val(&self, t: Tok) -> String {
        self.items
            .get(t.idx)
            .map_or(String::new(), |it| it.val.to_string())
    }

    fn next(&mut self) -> Tok {
        let idx = self.i.min(self.items.len().saturating_sub(1));
        self.i = idx + 1;
        self.far = self.far.max(idx);
        self.tok(idx)
    }

    fn backup(&mut self) {
        self.i = self.i.saturating_sub(1);
    }

    fn peek(&mut self) -> Tok {
        let t = self.next();
        self.backup();
        t
    }

    fn next_non_space(&mut self) -> Tok {
        loop {
            let t = self.next();
            if t.k != K::Space {
                return t;
            }
        }
    }

    fn peek_non_space(&mut self) -> Tok {
        let t = self.next_non_space();
        self.backup();
        t
    }

    fn errorf(&self, msg: impl fmt::Display) -> TemplateError {
        TemplateError {
            message: format!("template: :{}: {msg}", self.tok(self.far).line),
        }
    }

    /// parse.go unexpected: a lexer error is reported as it is.
    fn unexpected(&self, t: Tok, context: &str) -> TemplateError {
        let val = self.val(t);
        if t.k != K::Error {
            return self.errorf(format!("unexpected {} in {context}", item_str(t.k, &val)));
        }
        let mut extra = String::new();
        if self.action_line != 0 && self.action_line != t.line {
            extra = format!(" in action started at :{}", self.action_line);
            if val.ends_with(" action") {
                extra = extra.replacen(" in action", "", 1);
            }
        }
        self.errorf(format!("{val}{extra}"))
    }

    fn expect_right_delim(&mut self, context: &str) -> R<()> {
        let t = self.next_non_space();
        if t.k == K::RightDelim {
            Ok(())
        } else {
            Err(self.unexpected(t, context))
        }
    }

    fn parse(mut self) -> R<Vec<Node>> {
        let mut root = Vec::new();
        while self.peek().k != K::Eof {
            match self.text_or_action()? {
                Parsed::Node(n) => root.push(n),
                Parsed::End => return Err(self.errorf("unexpected {{end}}")),
                Parsed::Else => return Err(self.errorf("unexpected {{else}}")),
            }
        }
        Ok(root)
    }

    fn item_list(&mut self) -> R<(Vec<Node>, Parsed)> {
        let mut list = Vec::new();
        while self.peek_non_space().k != K::Eof {
            match self.text_or_action()? {
                Parsed::Node(n) => list.push(n),
                other => return Ok((list, other)),
            }
        }
        Err(self.errorf("unexpected EOF"))
    }

    fn text_or_action(&mut self) -> R<Parsed> {
        let t = self.next_non_space();
        match t.k {
            K::Text => Ok(Parsed::Node(Node::Text(self.val(t)))),
            K::LeftDelim => {
                self.action_line = t.line;
                let r = self.action();
                self.action_line = 0;
                r
            }
            _ => Err(self.unexpected(t, "input")),
        }
    }

    fn action(&mut self) -> R<Parsed> {
        let t = self.next_non_space();
        let node = match t.k {
            // UNCONFIRMED: Go supports these three; this simulator does not.
            K::Block | K::Define | K::Template => {
                return Err(self.errorf(format!("{{{{{}}}}} is not supported", self.val(t))));
            }
            K::Break | K::Continue => {
                let word = format!("{{{{{}}}}}", self.val(t));
                self.expect_right_delim(&word)?;
                if self.range_depth == 0 {
                    return Err(self.errorf(format!("{word} outside {{{{range}}}}")));
                }
                if t.k == K::Break {
                    Node::Break
                } else {
                    Node::Continue
                }
            }
            K::Else => {
                // "{{else if" and "{{else with" leave the keyword for control().
                if !matches!(self.peek_non_space().k, K::If | K::With) {
                    self.expect_right_delim("else")?;
                }
                return Ok(Parsed::Else);
            }
            K::End => {
                self.expect_right_delim("end")?;
                return Ok(Parsed::End);
            }
            K::If => Node::If(Box::new(self.control("if")?)),
            K::Range => Node::Range(Box::new(self.control("range")?)),
            K::With => Node::With(Box::new(self.control("with")?)),
            _ => {
                self.backup();
                Node::Action(self.pipeline("command", K::RightDelim)?)
            }
        };
        Ok(Parsed::Node(node))
    }

    fn control(&mut self, context: &str) -> R<Control> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.errorf(format!("exceeded maximum nesting depth ({MAX_DEPTH})")));
        }
        let nvars = self.vars.len();
        let pipe = self.pipeline(context, K::RightDelim)?;
        let range = usize::from(context == "range");
        self.range_depth += range;
        let (list, next) = self.item_list()?;
        self.range_depth -= range;
        let else_list = match next {
            Parsed::Else if (context, self.peek().k) == ("if", K::If) => {
                self.next();
                Some(vec![Node::If(Box::new(self.control("if")?))])
            }
            Parsed::Else if (context, self.peek().k) == ("with", K::With) => {
                self.next();
                Some(vec![Node::With(Box::new(self.control("with")?))])
            }
            Parsed::Else => match self.item_list()? {
                (list, Parsed::End) => Some(list),
                _ => return Err(self.errorf("expected end; found {{else}}")),
            },
            _ => None,
        };
        self.vars.truncate(nvars);
        self.depth -= 1;
        Ok(Control {
            pipe,
            list,
            else_list,
        })
    }

    fn pipeline(&mut self, context: &str, end: K) -> R<Pipe> {
        let pos = self.peek_non_space().pos;
        let mut pipe = Pipe {
            pos,
            decl: Vec::new(),
            is_assign: false,
            cmds: Vec::new(),
        };
        while self.peek_non_space().k == K::Variable {
            let save = self.i;
            let t = self.next();
            let name = self.val(t);
            let next = self.peek_non_space();
            if matches!(next.k, K::Assign | K::Declare) {
                pipe.is_assign = next.k == K::Assign;
                self.next_non_space();
                pipe.decl.push(name.clone());
                self.vars.push(name);
                break;
            }
            if next.k != K::Char || self.val(next) != "," {
                self.i = save;
                break;
            }
            self.next_non_space();
            pipe.decl.push(name.clone());
            self.vars.push(name);
            if context != "range" || pipe.decl.len() >= 2 {
                return Err(self.errorf(format!("too many declarations in {context}")));
            }
            if !matches!(
                self.peek_non_space().k,
                K::Variable | K::RightDelim | K::RightParen
            ) {
                return Err(self.errorf("range can only initialize variables"));
            }
        }
        loop {
            let t = self.next_non_space();
            use K::*;
            match t.k {
                k if k == end => break,
                Bool | CharConst | Complex | Dot | Field | Ident | Number | Nil | RawStr | Str | Variable
                | LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                }
                _ => return Err(self.unexpected(t, context)),
            }
        }
        if pipe.cmds.is_empty() {
            return Err(self.errorf(format!("missing value for {context}")));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if let Some(Kind::Bool(_) | Kind::Dot | Kind::Nil | Kind::Number(..) | Kind::Str(..)) =
                c.args.first().map(|a| &a.kind)
            {
                return Err(self.errorf(format!("non executable command in pipeline stage {}", i + 1)));
            }
        }
        Ok(pipe)
    }

    fn command(&mut self) -> R<Cmd> {
        let pos = self.peek_non_space().pos;
        let mut args = Vec::new();
        loop {
            self.peek_non_space();
            if let Some(op) = self.operand()? {
                args.push(op);
            }
            let t = self.next();
            match t.k {
                K::Space => continue,
                K::RightDelim | K::RightParen => self.backup(),
                K::Pipe => {}
                _ => return Err(self.unexpected(t, "operand")),
            }
            break;
        }
        if args.is_empty() {
            return Err(self.errorf("empty command"));
        }
        Ok(Cmd { pos, args })
    }

    fn operand(&mut self) -> R<Option<Arg>> {
        let Some(node) = self.term()? else { return Ok(None) };
        if self.peek().k != K::Field {
            return Ok(Some(node));
        }
        // parse.go: a chain's position is that of its first trailing field.
        let pos = self.peek().pos;
        let mut fields = Vec::new();
        while self.peek().k == K::Field {
            let t = self.next();
            fields.push(self.val(t).split_off(1));
        }
        let kind = match node.kind {
            Kind::Field(mut ids) => {
                ids.extend(fields);
                Kind::Field(ids)
            }
            Kind::Variable(mut ids) => {
                ids.extend(fields);
                Kind::Variable(ids)
            }
            Kind::Ident(_) | Kind::Pipe(_) => Kind::Chain(Box::new(node), fields),
            _ => return Err(self.errorf(format!("unexpected . after term {}", go_quote(&node.to_string())))),
        };
        Ok(Some(Arg { pos, kind }))
    }

    fn term(&mut self) -> R<Option<Arg>> {
        let t = self.next_non_space();
        let val = self.val(t);
        let mut pos = t.pos;
        let kind = match t.k {
            K::Ident if signature(&val).is_none() => {
                return Err(self.errorf(format!("function {} not defined", go_quote(&val))));
            }
            K::Ident => Kind::Ident(val),
            K::Dot => Kind::Dot,
            K::Nil => Kind::Nil,
            K::Variable if !self.vars.contains(&val) => {
                return Err(self.errorf(format!("undefined variable {}", go_quote(&val))));
            }
            K::Variable => Kind::Variable(vec![val]),
            K::Field => Kind::Field(vec![val.get(1..).unwrap_or("").to_string()]),
            K::Bool => Kind::Bool(val == "true"),
            K::CharConst | K::Complex | K::Number => number(val, t.k).map_err(|e| self.errorf(e))?,
            K::LeftParen => {
                if self.depth >= MAX_DEPTH {
                    return Err(self.errorf("max expression depth exceeded"));
                }
                self.depth += 1;
                let p = self.pipeline("parenthesized pipeline", K::RightParen)?;
                self.depth -= 1;
                pos = p.pos;
                Kind::Pipe(p)
            }
            K::Str | K::RawStr => Kind::Str(val.clone(), unquote(&val).map_err(|e| self.errorf(e))?),
            _ => {
                self.backup();
                return Ok(None);
            }
        };
        Ok(Some(Arg { pos, kind }))
    }
}

/// strconv.UnquoteChar: the code point (a byte if the flag is set) and the rest. Every
/// failure is Go's `invalid syntax`.
fn unquote_char(s: &str, q: char) -> Result<(u32, bool, &str), String> {
    let bad = || "invalid syntax".to_string();
    let mut it = s.chars();
    let c = it.next().filter(|&c| c != q).ok_or_else(bad)?;
    if c != '\\' {
        return Ok((c.into(), false, it.as_str()));
    }
    let e = it.next().ok_or_else(bad)?;
    let rest = it.as_str();
    let simple = "a\x07b\x08f\x0cn\nr\rt\tv\x0b\\\\";
    if let Some(i) = simple.find(e).filter(|i| i % 2 == 0) {
        let c = simple
            .get(i + 1..)
            .and_then(|s| s.chars().next())
            .ok_or_else(bad)?;
        return Ok((c.into(), false, rest));
    }
    if e == q && q != '`' {
        return Ok((e.into(), false, rest));
    }
    let (n, radix) = match e {
        'x' => (2, 16),
        'u' => (4, 16),
        'U' => (8, 16),
        '0'..='7' => (2, 8),
        _ => return Err(bad()),
    };
    let digits = rest.get(..n).ok_or_else(bad)?;
    let text = if radix == 8 {
        format!("{e}{digits}")
    } else {
        digits.to_string()
    };
    let v = u32::from_str_radix(&text, radix)
        .ok()
        .filter(|_| text.chars().all(|c| c.is_digit(radix)));
    let is_byte = matches!(e, 'x' | '0'..='7');
    let v = v
        .filter(|&v| {
            if is_byte {
                v < 256
            } else {
                char::from_u32(v).is_some()
            }
        })
        .ok_or_else(bad)?;
    Ok((v, is_byte, rest.get(n..).unwrap_or("")))
}

/// strconv.Unquote for "double" and `raw` strings.
fn unquote(text: &str) -> Result<String, String> {
    if let Some(raw) = text.strip_prefix('`').and_then(|s| s.strip_suffix('`')) {
        return Ok(raw.replace('\r', ""));
    }
    let mut rest = text
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or("\"");
    let mut buf = Vec::new();
    while !rest.is_empty() {
        let (v, is_byte, tail) = unquote_char(rest, '"')?;
        match char::from_u32(v) {
            Some(c) if !is_byte => buf.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            _ => buf.push(u8::try_from(v).unwrap_or(b'?')),
        }
        rest = tail;
    }
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// parse/node.go newNumber, for char constants and decimal, hex, octal and binary numbers.
fn number(text: String, k: K) -> Result<Kind, String> {
    let quoted = go_quote(&text);
    let int = match k {
        K::CharConst => match unquote_char(text.get(1..).unwrap_or(""), '\'')? {
            (v, _, "'") => Some(i64::from(v)),
            _ => return Err(format!("malformed character constant: {text}")),
        },
        // UNCONFIRMED: Go parses complex constants; this simulator does not.
        _ if k == K::Complex || text.ends_with('i') => {
            return Err(format!("complex constant {text} is not supported"));
        }
        _ => {
            let (neg, body) = text
                .strip_prefix('-')
                .map_or((false, text.trim_start_matches('+')), |b| (true, b));
            let body = body.replace('_', "").to_ascii_lowercase();
            let (radix, digits) = [("0x", 16), ("0o", 8), ("0b", 2), ("0", 8)]
                .iter()
                .find_map(|(p, r)| body.strip_prefix(p).filter(|d| !d.is_empty()).map(|d| (*r, d)))
                .unwrap_or((10, body.as_str()));
            let v = i64::from_str_radix(digits, radix)
                .ok()
                .filter(|_| !digits.starts_with(['+', '-']));
            v.map(|v| if neg { -v } else { v })
        }
    };
    let float = int
        .map(|i| i as f64)
        .or_else(|| text.parse::<f64>().ok().filter(|f| f.is_finite()));
    match (int, float) {
        (None, Some(_)) if !text.contains(['.', 'e', 'E']) => Err(format!("integer overflow: {quoted}")),
        (None, None) => Err(format!("illegal number syntax: {quoted}")),
        (int, float) => {
            let whole = float
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18)
                .map(|f| f as i64);
            Ok(Kind::Number(text, int.or(whole), float))
        }
    }
}

// Execution: exec.go. ---------------------------------------------------------------------------

/// A reflect.Value as exec.go sees it. `Missing` is the invalid value (a missing map key, a nil
/// interface once a pipeline unwraps it). The flag says the static type is `interface {}` (a map
/// or list element): such a value names its type "interface {}" in errors, and a nil one prints
/// `<no value>` once a pipeline stage unwraps it (exec.go evalPipeline: "dig down one level").
#[derive(Clone, Debug)]
enum Ev<'a> {
    Missing,
    Val(Cow<'a, Value>, bool),
}

fn owned<'a>(v: Value) -> Ev<'a> {
    Ev::Val(Cow::Owned(v), false)
}

fn val<'b>(ev: &'b Ev<'_>) -> &'b Value {
    static NULL: Value = Value::Null;
    match ev {
        Ev::Val(v, _) => v,
        Ev::Missing => &NULL,
    }
}

/// exec.go indirectInterface: the concrete value inside an interface, or the invalid value.
fn concrete(ev: Ev<'_>) -> Ev<'_> {
    match ev {
        Ev::Val(v, true) if *v == Value::Null => Ev::Missing,
        Ev::Val(v, _) => Ev::Val(v, false),
        Ev::Missing => Ev::Missing,
    }
}

fn project<'a>(
    v: Cow<'a, Value>,
    f: impl for<'x> Fn(&'x Value) -> Option<&'x Value>,
) -> Option<Cow<'a, Value>> {
    match v {
        Cow::Borrowed(b) => f(b).map(Cow::Borrowed),
        Cow::Owned(o) => f(&o).cloned().map(Cow::Owned),
    }
}

fn field_of<'x>(v: &'x Value, name: &str) -> Option<&'x Value> {
    match v {
        Value::Map(m) | Value::Struct { fields: m, .. } => m.iter().find(|(k, _)| k == name).map(|(_, x)| x),
        _ => None,
    }
}

/// The Go type of a value, as reflect prints it.
fn type_name(v: &Value) -> &str {
    match v {
        // UNCONFIRMED: a nil struct field is a typed nil pointer in Go (e.g. *types.Health).
        Value::Null => "interface {}",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Float(_) => "float64",
        Value::Str(_) => "string",
        Value::List(_) => "[]interface {}",
        Value::Map(_) => "map[string]interface {}",
        Value::Struct { type_name, .. } => type_name,
    }
}

/// exec.go isTrue.
fn truth(ev: &Ev<'_>) -> bool {
    match val(ev) {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::Float(f) => *f != 0.0,
        Value::Str(s) => !s.is_empty(),
        Value::List(x) => !x.is_empty(),
        Value::Map(m) => !m.is_empty(),
        Value::Struct { .. } => true,
    }
}

#[derive(Clone, Copy)]
enum At<'t> {
    Pipe(&'t Pipe),
    Cmd(&'t Cmd),
    Arg(&'t Arg),
}

enum Flow {
    Normal,
    Break,
    Continue,
}

/// Parameter types, as exec.go evalArg and validateType treat them.
#[derive(Clone, Copy, PartialEq)]
enum P {
    Str,
    Int,
    StrList,
    /// `interface {}`.
    Any,
    /// `reflect.Value` (the builtins): a missing value stays missing.
    Rv,
}

impl P {
    fn go(self) -> &'static str {
        ["string", "int", "[]string", "interface {}", "reflect.Value"][self as usize]
    }
}

/// The known functions: Go's builtins (funcs.go) and docker/cli's (templates/templates.go).
fn signature(name: &str) -> Option<(&'static [P], Option<P>)> {
    use P::*;
    let sig: (&'static [P], Option<P>) = match name {
        "and" | "or" | "eq" | "index" => (&[Rv], Some(Rv)),
        "len" | "not" => (&[Rv], None),
        "ne" | "lt" | "le" | "gt" | "ge" => (&[Rv, Rv], None),
        "print" | "println" => (&[], Some(Any)),
        "printf" => (&[Str], Some(Any)),
        "json" => (&[Any], None),
        "split" => (&[Str, Str], None),
        "join" => (&[StrList, Str], None),
        "title" | "lower" | "upper" => (&[Str], None),
        "pad" => (&[Str, Int, Int], None),
        "truncate" => (&[Str, Int], None),
        _ => return None,
    };
    Some(sig)
}

struct Exec<'t, 'a> {
    src: &'t str,
    vars: Vec<(&'t str, Ev<'a>)>,
    at: Option<At<'t>>,
    out: String,
    steps: u64,
}

impl<'t, 'a> Exec<'t, 'a> {
    /// exec.go errorf: `template: NAME:LINE:COL: executing "NAME" at <NODE>: MSG`.
    fn err(&self, msg: impl fmt::Display) -> TemplateError {
        let (pos, context) = match self.at {
            None => {
                return TemplateError {
                    message: format!("template: : {msg}"),
                };
            }
            Some(At::Pipe(p)) => (p.pos, p.to_string()),
            Some(At::Cmd(c)) => (c.pos, c.to_string()),
            Some(At::Arg(a)) => (a.pos, a.to_string()),
        };
        // parse.go ErrorContext: the line, and the 0-based byte column on that line.
        let before = self.src.get(..pos).unwrap_or(self.src);
        let line = 1 + before.matches('\n').count();
        let col = before.rfind('\n').map_or(pos, |i| pos - i - 1);
        TemplateError {
            message: format!("template: :{line}:{col}: executing \"\" at <{context}>: {msg}"),
        }
    }

    fn tick(&mut self) -> R<()> {
        self.steps += 1;
        if self.steps > MAX_STEPS || self.out.len() > MAX_OUTPUT {
            return Err(self.err("template is too slow or its output too long"));
        }
        Ok(())
    }

    fn walk_list(&mut self, dot: &Ev<'a>, list: &'t [Node]) -> R<Flow> {
        for node in list {
            self.tick()?;
            match node {
                Node::Text(t) => self.out.push_str(t),
                Node::Action(pipe) => match self.eval_pipeline(dot, pipe)? {
                    _ if !pipe.decl.is_empty() => {}
                    // exec.go printValue: the invalid value prints as "<no value>".
                    Ev::Missing => self.out.push_str("<no value>"),
                    Ev::Val(v, _) => fmt_arg(&mut self.out, &v, 'v', &Spec::default(), 0),
                },
                Node::If(c) | Node::With(c) => {
                    let mark = self.vars.len();
                    let v = self.eval_pipeline(dot, &c.pipe)?;
                    let flow = match (truth(&v), &c.else_list) {
                        (true, _) if matches!(node, Node::With(_)) => self.walk_list(&v, &c.list)?,
                        (true, _) => self.walk_list(dot, &c.list)?,
                        (false, Some(e)) => self.walk_list(dot, e)?,
                        (false, None) => Flow::Normal,
                    };
                    self.vars.truncate(mark);
                    if !matches!(flow, Flow::Normal) {
                        return Ok(flow);
                    }
                }
                Node::Range(c) => self.walk_range(dot, c)?,
                Node::Break => return Ok(Flow::Break),
                Node::Continue => return Ok(Flow::Continue),
            }
        }
        Ok(Flow::Normal)
    }

    fn walk_range(&mut self, dot: &Ev<'a>, c: &'t Control) -> R<()> {
        let mark0 = self.vars.len();
        let v = self.eval_pipeline(dot, &c.pipe)?;
        let (mark, ndecl) = (self.vars.len(), c.pipe.decl.len());
        let index = |i: usize| owned(Value::Int(i64::try_from(i).unwrap_or(i64::MAX)));
        let (mut pairs, mut count): (Vec<(Ev<'a>, Ev<'a>)>, i64) = (Vec::new(), 0);
        match v {
            Ev::Missing => {}
            Ev::Val(Cow::Borrowed(Value::List(xs)), _) => {
                pairs = xs
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (index(i), Ev::Val(Cow::Borrowed(x), true)))
                    .collect();
            }
            Ev::Val(Cow::Owned(Value::List(xs)), _) => {
                pairs = xs
                    .into_iter()
                    .enumerate()
                    .map(|(i, x)| (index(i), Ev::Val(Cow::Owned(x), true)))
                    .collect();
            }
            // exec.go walkRange: maps are visited in sorted key order.
            Ev::Val(Cow::Borrowed(Value::Map(m)), _) => {
                pairs = m
                    .iter()
                    .map(|(k, x)| (owned(Value::str(k)), Ev::Val(Cow::Borrowed(x), true)))
                    .collect();
            }
            Ev::Val(Cow::Owned(Value::Map(m)), _) => {
                pairs = m
                    .into_iter()
                    .map(|(k, x)| (owned(Value::Str(k)), Ev::Val(Cow::Owned(x), true)))
                    .collect();
            }
            // Go 1.22: range over an int.
            Ev::Val(v, _) if matches!(*v, Value::Int(_)) => {
                count = if let Value::Int(n) = *v { n } else { 0 };
                if ndecl > 1 {
                    return Err(self.err(format!(
                        "can't use {count} to iterate over more than one variable"
                    )));
                }
            }
            Ev::Val(v, _) => {
                return Err(self.err(format!("range can't iterate over {}", sprint(&[&*v], false))));
            }
        }
        pairs.sort_by(|a, b| sort_key(&a.0).cmp(sort_key(&b.0)));
        let ran = count > 0 || !pairs.is_empty();
        let ints = (0..count).map(|i| (Ev::Missing, owned(Value::Int(i))));
        for (key, elem) in ints.chain(pairs) {
            self.tick()?;
            let len = self.vars.len();
            for (n, v) in [(1, elem.clone()), (2, key)].into_iter().take(ndecl) {
                if let Some(slot) = len.checked_sub(n).and_then(|i| self.vars.get_mut(i)) {
                    slot.1 = v;
                }
            }
            let flow = self.walk_list(&elem, &c.list)?;
            self.vars.truncate(mark);
            if matches!(flow, Flow::Break) {
                break;
            }
        }
        if let (false, Some(e)) = (ran, &c.else_list) {
            self.walk_list(dot, e)?;
        }
        self.vars.truncate(mark0);
        Ok(())
    }

    fn eval_pipeline(&mut self, dot: &Ev<'a>, pipe: &'t Pipe) -> R<Ev<'a>> {
        self.at = Some(At::Pipe(pipe));
        let mut value = None;
        for cmd in &pipe.cmds {
            // exec.go: "If the object has type interface{}, dig down one level to the thing inside."
            value = Some(concrete(self.eval_command(dot, cmd, value.take())?));
        }
        let value = value.unwrap_or(Ev::Missing);
        for name in &pipe.decl {
            if !pipe.is_assign {
                self.vars.push((name, value.clone()));
            } else if let Some(slot) = self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                slot.1 = value.clone();
            } else {
                return Err(self.err(format!("undefined variable: {name}")));
            }
        }
        Ok(value)
    }

    fn not_a_function(&self, args: &[Arg], fin: bool) -> R<()> {
        match args.first() {
            Some(first) if args.len() > 1 || fin => {
                Err(self.err(format!("can't give argument to non-function {first}")))
            }
            _ => Ok(()),
        }
    }

    fn eval_command(&mut self, dot: &Ev<'a>, cmd: &'t Cmd, fin: Option<Ev<'a>>) -> R<Ev<'a>> {
        let Some(first) = cmd.args.first() else {
            return Ok(Ev::Missing);
        };
        let has_fin = fin.is_some();
        self.at = Some(At::Arg(first));
        match &first.kind {
            Kind::Field(ids) => self.eval_fields(dot.clone(), ids, &cmd.args, has_fin),
            Kind::Chain(node, fields) => self.eval_chain(dot, first, node, fields, &cmd.args, has_fin),
            Kind::Ident(name) => {
                self.eval_call(dot, name, At::Cmd(cmd), cmd.args.get(1..).unwrap_or(&[]), fin)
            }
            Kind::Pipe(p) => {
                self.not_a_function(&cmd.args, has_fin)?;
                self.eval_pipeline(dot, p)
            }
            Kind::Variable(ids) => self.eval_variable(first, ids, &cmd.args, has_fin),
            Kind::Nil => Err(self.err("nil is not a command")),
            _ => {
                self.not_a_function(&cmd.args, has_fin)?;
                self.eval_literal(dot, P::Any, first)
            }
        }
    }

    fn eval_variable(&mut self, arg: &'t Arg, ids: &'t [String], args: &'t [Arg], fin: bool) -> R<Ev<'a>> {
        self.at = Some(At::Arg(arg));
        let Some((first, rest)) = ids.split_first() else {
            return Ok(Ev::Missing);
        };
        let Some((_, value)) = self.vars.iter().rev().find(|(n, _)| n == first) else {
            return Err(self.err(format!("undefined variable: {first}")));
        };
        if rest.is_empty() {
            self.not_a_function(args, fin)?;
        }
        self.eval_fields(value.clone(), rest, args, fin)
    }

    fn eval_chain(
        &mut self,
        dot: &Ev<'a>,
        arg: &'t Arg,
        node: &'t Arg,
        fields: &'t [String],
        args: &'t [Arg],
        fin: bool,
    ) -> R<Ev<'a>> {
        self.at = Some(At::Arg(arg));
        let receiver = self.eval_arg(dot, None, node)?;
        self.eval_fields(receiver, fields, args, fin)
    }

    /// exec.go evalFieldChain and evalField: `.X.Y.Z`; only the last field sees the arguments.
    fn eval_fields(&mut self, mut receiver: Ev<'a>, ids: &[String], args: &[Arg], fin: bool) -> R<Ev<'a>> {
        for (i, name) in ids.iter().enumerate() {
            let Ev::Val(v, iface) = receiver else {
                return Ok(Ev::Missing);
            };
            let typ = if iface { "interface {}" } else { type_name(&v) };
            let has_args = i + 1 == ids.len() && (args.len() > 1 || fin);
            let in_struct = match &*v {
                Value::Null => return Err(self.err(format!("nil pointer evaluating {typ}.{name}"))),
                Value::Struct { fields, .. } if fields.iter().any(|(k, _)| k == name) => true,
                Value::Map(_) => false,
                _ => return Err(self.err(format!("can't evaluate field {name} in type {typ}"))),
            };
            if has_args {
                // UNCONFIRMED for docker's formatter contexts: they have methods, not fields.
                return Err(self.err(if in_struct {
                    format!("{name} has arguments but cannot be invoked as function")
                } else {
                    format!("{name} is not a method but has arguments")
                }));
            }
            receiver = project(v, |x| field_of(x, name)).map_or(Ev::Missing, |c| Ev::Val(c, !in_struct));
        }
        Ok(receiver)
    }

    /// exec.go evalCall: arity, arguments, then the function.
    fn eval_call(
        &mut self,
        dot: &Ev<'a>,
        name: &str,
        node: At<'t>,
        args: &'t [Arg],
        fin: Option<Ev<'a>>,
    ) -> R<Ev<'a>> {
        let (params, variadic) = signature(name).unwrap_or((&[], None));
        let num_in = args.len() + usize::from(fin.is_some());
        if variadic.is_some() && num_in < params.len() {
            let (want, got) = (params.len(), args.len());
            return Err(self.err(format!(
                "wrong number of args for {name}: want at least {want} got {got}"
            )));
        } else if variadic.is_none() && num_in != params.len() {
            let want = params.len();
            return Err(self.err(format!(
                "wrong number of args for {name}: want {want} got {num_in}"
            )));
        }
        let ptype = |i: usize| params.get(i).copied().or(variadic).unwrap_or(P::Any);
        if name == "and" || name == "or" {
            // funcs.go: and/or short-circuit and return the deciding argument itself.
            let mut v = Ev::Missing;
            for a in args {
                v = self.eval_arg(dot, Some(P::Rv), a)?;
                if truth(&v) == (name == "or") {
                    return Ok(v);
                }
            }
            return Ok(fin.unwrap_or(v));
        }
        let mut argv = Vec::with_capacity(num_in);
        for (i, a) in args.iter().enumerate() {
            argv.push(self.eval_arg(dot, Some(ptype(i)), a)?);
        }
        if let Some(f) = fin {
            argv.push(self.validate(f, Some(ptype(num_in - 1)))?);
        }
        builtin(name, argv).map_err(|msg| {
            self.at = Some(node);
            self.err(format!("error calling {name}: {msg}"))
        })
    }

    /// exec.go validateType; `None` is no type at all (a chain's receiver).
    fn validate(&self, v: Ev<'a>, t: Option<P>) -> R<Ev<'a>> {
        let t = match (t, v) {
            (None | Some(P::Rv), v) => return Ok(v),
            (Some(P::Any), Ev::Missing) => return Ok(Ev::Val(Cow::Owned(Value::Null), true)),
            (Some(P::StrList), Ev::Missing) => return Ok(owned(Value::List(Vec::new()))),
            (Some(P::Any), v) => return Ok(v),
            (Some(t), Ev::Missing) => return Err(self.err(format!("invalid value; expected {}", t.go()))),
            (Some(t), Ev::Val(c, iface)) => match (t, &*c) {
                (P::Str, Value::Str(_)) | (P::Int, Value::Int(_)) => return Ok(Ev::Val(c, false)),
                // UNCONFIRMED: Go accepts only a []string here; a list of strings stands for one.
                (P::StrList, Value::List(xs)) if xs.iter().all(|x| matches!(x, Value::Str(_))) => {
                    return Ok(Ev::Val(c, false));
                }
                (t, v) => (
                    t,
                    if iface && *v == Value::Null {
                        "interface {}"
                    } else {
                        type_name(v)
                    }
                    .to_string(),
                ),
            },
        };
        Err(self.err(format!(
            "wrong type for value; expected {}; got {}",
            t.0.go(),
            t.1
        )))
    }

    /// exec.go evalArg.
    fn eval_arg(&mut self, dot: &Ev<'a>, t: Option<P>, arg: &'t Arg) -> R<Ev<'a>> {
        self.at = Some(At::Arg(arg));
        let v = match &arg.kind {
            Kind::Dot => dot.clone(),
            Kind::Nil => match t {
                Some(p @ (P::Str | P::Int)) => {
                    return Err(self.err(format!("cannot assign nil to {}", p.go())));
                }
                _ => Ev::Missing,
            },
            Kind::Field(ids) => self.eval_fields(dot.clone(), ids, std::slice::from_ref(arg), false)?,
            Kind::Variable(ids) => self.eval_variable(arg, ids, &[], false)?,
            Kind::Pipe(p) => self.eval_pipeline(dot, p)?,
            Kind::Ident(name) => self.eval_call(dot, name, At::Arg(arg), &[], None)?,
            Kind::Chain(node, fields) => self.eval_chain(dot, arg, node, fields, &[], false)?,
            Kind::Bool(_) | Kind::Number(..) | Kind::Str(..) => {
                return self.eval_literal(dot, t.unwrap_or(P::Any), arg);
            }
        };
        self.validate(v, t)
    }

    /// exec.go evalArg for literals, and idealConstant where no type is known.
    fn eval_literal(&mut self, dot: &Ev<'a>, t: P, arg: &'t Arg) -> R<Ev<'a>> {
        self.at = Some(At::Arg(arg));
        match (t, &arg.kind) {
            (P::Int, Kind::Number(_, Some(i), _)) => Ok(owned(Value::Int(*i))),
            (P::Int, _) => Err(self.err(format!("expected integer; found {arg}"))),
            (P::Str | P::Any | P::Rv, Kind::Str(_, s)) => Ok(owned(Value::str(s))),
            (P::Str, _) => Err(self.err(format!("expected string; found {arg}"))),
            (P::StrList, _) => Err(self.err(format!("can't handle {arg} for arg of type []string"))),
            (_, Kind::Bool(b)) => Ok(owned(Value::Bool(*b))),
            (_, Kind::Number(text, int, float)) => {
                let hex = text
                    .trim_start_matches(['+', '-'])
                    .get(..2)
                    .is_some_and(|p| p.eq_ignore_ascii_case("0x"));
                Ok(match (int, float) {
                    (_, Some(f)) if !hex && !text.starts_with('\'') && text.contains(['.', 'e', 'E']) => {
                        owned(Value::Float(*f))
                    }
                    (Some(i), _) => owned(Value::Int(*i)),
                    _ => Ev::Missing,
                })
            }
            _ => Ok(dot.clone()),
        }
    }
}

fn sort_key<'v>(ev: &'v Ev<'_>) -> &'v str {
    match val(ev) {
        Value::Str(s) => s,
        _ => "",
    }
}

// Functions: Go's builtins (funcs.go) and docker/cli's (templates/templates.go). ----------------

fn builtin<'a>(name: &str, argv: Vec<Ev<'a>>) -> Result<Ev<'a>, String> {
    let a = |i: usize| argv.get(i).unwrap_or(&Ev::Missing);
    let s = |i: usize| {
        if let Value::Str(s) = val(a(i)) {
            s.as_str()
        } else {
            ""
        }
    };
    let n = |i: usize| if let Value::Int(n) = val(a(i)) { *n } else { 0 };
    let int = |n: usize| Ok(owned(Value::Int(i64::try_from(n).unwrap_or(i64::MAX))));
    let string = |s: String| Ok(owned(Value::Str(s)));
    let boolean = |b: bool| Ok(owned(Value::Bool(b)));
    let vals: Vec<&Value> = argv.iter().map(val).collect();
    let rest = argv.get(1..).unwrap_or(&[]);
    match name {
        "len" => match (a(0), val(a(0))) {
            // UNCONFIRMED: reflect panics on the invalid value; text/template recovers it.
            (Ev::Missing, _) => Err("reflect: call of reflect.Value.Type on zero Value".into()),
            (_, Value::Null) => Err("len of nil pointer".into()),
            (_, Value::Str(s)) => int(s.len()),
            (_, Value::List(x)) => int(x.len()),
            (_, Value::Map(x)) => int(x.len()),
            (_, v) => Err(format!("len of type {}", type_name(v).trim_start_matches('*'))),
        },
        "index" => index(argv),
        "not" => boolean(!truth(a(0))),
        "eq" => boolean(eq(a(0), rest)?),
        "ne" => boolean(!eq(a(0), rest)?),
        "lt" => boolean(lt(a(0), a(1))?),
        "le" => boolean(lt(a(0), a(1))? || eq(a(0), rest)?),
        "gt" => boolean(!(lt(a(0), a(1))? || eq(a(0), rest)?)),
        "ge" => boolean(!lt(a(0), a(1))?),
        "print" => string(sprint(&vals, false)),
        "println" => string(sprint(&vals, true)),
        "printf" => string(sprintf(s(0), vals.get(1..).unwrap_or(&[]))),
        // docker/cli: json.NewEncoder with SetEscapeHTML(false), trailing newline trimmed.
        "json" => string(to_json(val(a(0)))),
        "split" if s(1).is_empty() => Ok(owned(Value::list(s(0).chars().map(|c| Value::Str(c.into()))))),
        "split" => Ok(owned(Value::list(s(0).split(s(1)).map(Value::str)))),
        "join" => {
            let parts = if let Value::List(xs) = val(a(0)) {
                xs.as_slice()
            } else {
                &[]
            };
            let parts: Vec<&str> = parts
                .iter()
                .map(|x| if let Value::Str(s) = x { s.as_str() } else { "" })
                .collect();
            string(parts.join(s(1)))
        }
        "title" => string(title(s(0))),
        "lower" => string(s(0).chars().map(|c| single(c.to_lowercase(), c)).collect()),
        "upper" => string(s(0).chars().map(|c| single(c.to_uppercase(), c)).collect()),
        // docker/cli padWithSpace: an empty string stays empty.
        "pad" if s(0).is_empty() => string(String::new()),
        "pad" if n(1) < 0 || n(2) < 0 => Err("strings: negative Repeat count".into()),
        "pad" if n(1) > MAX_REPEAT || n(2) > MAX_REPEAT => {
            Err("strings: Repeat output length overflow".into())
        }
        "pad" => {
            let spaces = |k: i64| " ".repeat(usize::try_from(k).unwrap_or(0));
            string(format!("{}{}{}", spaces(n(1)), s(0), spaces(n(2))))
        }
        // docker/cli truncateWithLength cuts bytes: source[:length].
        "truncate" => match usize::try_from(n(1)) {
            Ok(k) if k >= s(0).len() => string(s(0).to_string()),
            Ok(k) => string(String::from_utf8_lossy(s(0).as_bytes().get(..k).unwrap_or(&[])).into_owned()),
            Err(_) => Err(format!("runtime error: slice bounds out of range [:{}]", n(1))),
        },
        _ => Err(format!("{} is not a defined function", go_quote(name))),
    }
}

/// Go's unicode.ToUpper/ToLower map one rune to one rune: keep runes Rust maps to several.
fn single(mut mapped: impl Iterator<Item = char>, c: char) -> char {
    match (mapped.next(), mapped.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

/// strings.Title: upper-case the first letter of each word.
fn title(s: &str) -> String {
    let mut prev = ' ';
    let is_sep = |p: char| {
        if p.is_ascii() {
            !p.is_ascii_alphanumeric() && p != '_'
        } else {
            p.is_whitespace()
        }
    };
    s.chars()
        .map(|c| {
            let up = if is_sep(prev) {
                single(c.to_uppercase(), c)
            } else {
                c
            };
            prev = c;
            up
        })
        .collect()
}

/// funcs.go index: `index x 1 2` is x[1][2].
fn index(argv: Vec<Ev<'_>>) -> Result<Ev<'_>, String> {
    let mut it = argv.into_iter().map(concrete);
    let mut item = it.next().unwrap_or(Ev::Missing);
    if let Ev::Missing = item {
        return Err("index of untyped nil".into());
    }
    for idx in it {
        let Ev::Val(v, _) = item else {
            return Err("index of nil pointer".into());
        };
        let (len, map) = match &*v {
            Value::List(xs) => (xs.len(), false),
            Value::Str(s) => (s.len(), false),
            Value::Map(_) => (0, true),
            Value::Null => return Err("index of nil pointer".into()),
            other => return Err(format!("can't index item of type {}", type_name(other))),
        };
        item = match (map, val(&idx)) {
            // A missing key gives the zero value of interface {}: nil.
            (true, Value::Str(k)) => Ev::Val(
                project(v, |x| field_of(x, k)).unwrap_or(Cow::Owned(Value::Null)),
                true,
            ),
            (true, _) if matches!(idx, Ev::Missing) => {
                return Err("value is nil; should be of type string".into());
            }
            (true, k) => return Err(format!("value has type {}; should be string", type_name(k))),
            (false, _) if matches!(idx, Ev::Missing) => {
                return Err("cannot index slice/array with nil".into());
            }
            (false, &Value::Int(x)) => {
                let i = usize::try_from(x)
                    .ok()
                    .filter(|&i| i <= len)
                    .ok_or(format!("index out of range: {x}"))?;
                // funcs.go lets x == len through and reflect panics; these are its messages.
                if let Value::Str(s) = &*v {
                    let b = s.as_bytes().get(i).ok_or("reflect: string index out of range")?;
                    owned(Value::Int(i64::from(*b)))
                } else {
                    let elem = project(v, |x| if let Value::List(xs) = x { xs.get(i) } else { None });
                    Ev::Val(elem.ok_or("reflect: slice index out of range")?, true)
                }
            }
            (false, k) => return Err(format!("cannot index slice/array with type {}", type_name(k))),
        };
    }
    Ok(item)
}

const BAD_COMPARISON: &str = "invalid type for comparison";

/// funcs.go basicKind: 0 is not a basic kind.
fn basic_kind(v: &Value) -> u8 {
    match v {
        Value::Bool(_) => 1,
        Value::Int(_) => 2,
        Value::Float(_) => 3,
        Value::Str(_) => 4,
        _ => 0,
    }
}

/// funcs.go eq: arg1 == arg2 || arg1 == arg3 …
// UNCONFIRMED: "incompatible types for comparison: int and string" is current funcs.go; Go
// releases before the types were added say only "incompatible types for comparison".
fn eq(a: &Ev<'_>, rest: &[Ev<'_>]) -> Result<bool, String> {
    if rest.is_empty() {
        return Err("missing argument for comparison".into());
    }
    let x = val(a);
    for b in rest {
        let y = val(b);
        let valid =
            !matches!(concrete(a.clone()), Ev::Missing) && !matches!(concrete(b.clone()), Ev::Missing);
        let equal = match (basic_kind(x), basic_kind(y)) {
            (k1, k2) if k1 != k2 && valid => {
                return Err(format!(
                    "incompatible types for comparison: {} and {}",
                    type_name(x),
                    type_name(y)
                ));
            }
            (k1, k2) if k1 != k2 || k1 != 0 => x == y,
            // Not basic kinds: nil equals only nil; slices and maps can't be compared.
            _ if *x == Value::Null || *y == Value::Null => x == y,
            _ if matches!(y, Value::List(_) | Value::Map(_))
                || std::mem::discriminant(x) != std::mem::discriminant(y) =>
            {
                return Err(format!(
                    "non-comparable type {}: {}",
                    sprint(&[y], false),
                    type_name(y)
                ));
            }
            _ => x == y,
        };
        if equal {
            return Ok(true);
        }
    }
    Ok(false)
}

/// funcs.go lt.
fn lt(a: &Ev<'_>, b: &Ev<'_>) -> Result<bool, String> {
    match (val(a), val(b)) {
        (Value::Int(x), Value::Int(y)) => Ok(x < y),
        (Value::Float(x), Value::Float(y)) => Ok(x < y),
        (Value::Str(x), Value::Str(y)) => Ok(x < y),
        (x, y) if basic_kind(x) == 0 || basic_kind(y) == 0 || basic_kind(x) == basic_kind(y) => {
            Err(BAD_COMPARISON.into())
        }
        (x, y) => Err(format!(
            "incompatible types for comparison: {} and {}",
            type_name(x),
            type_name(y)
        )),
    }
}

// Go's fmt (Sprint, Sprintf) and strconv, for the values a template sees. -----------------------

#[derive(Default, Clone, Copy)]
struct Spec {
    minus: bool,
    plus: bool,
    plus_v: bool,
    zero: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// fmt.Sprint (spaces between operands when neither is a string) and fmt.Sprintln.
fn sprint(vals: &[&Value], ln: bool) -> String {
    let mut out = String::new();
    for (i, v) in vals.iter().enumerate() {
        let strs = (
            matches!(v, Value::Str(_)),
            i > 0 && matches!(vals.get(i - 1), Some(Value::Str(_))),
        );
        if i > 0 && (ln || strs == (false, false)) {
            out.push(' ');
        }
        fmt_arg(&mut out, v, 'v', &Spec::default(), 0);
    }
    if ln {
        out.push('\n');
    }
    out
}

/// fmt.Sprintf: flags, width and precision (above 1e6 they end the format), verb.
fn sprintf(format: &str, args: &[&Value]) -> String {
    let b = format.as_bytes();
    let (mut out, mut i, mut argn) = (String::new(), 0, 0);
    let num = |i: &mut usize| -> Option<Option<usize>> {
        let (start, mut n) = (*i, 0usize);
        while let Some(d) = b.get(*i).filter(|d| d.is_ascii_digit()) {
            if n > 1_000_000 {
                return None;
            }
            (n, *i) = (n * 10 + usize::from(d - b'0'), *i + 1);
        }
        Some((*i > start).then_some(n))
    };
    while i < b.len() {
        let end = format
            .get(i..)
            .and_then(|r| r.find('%'))
            .map_or(b.len(), |x| i + x);
        out.push_str(format.get(i..end).unwrap_or(""));
        i = end + 1;
        if end >= b.len() {
            break;
        }
        let mut sp = Spec::default();
        while let Some(c) = b.get(i).filter(|c| b"#0+- ".contains(c)) {
            (sp.zero, sp.plus, sp.minus) = (
                sp.zero || *c == b'0',
                sp.plus || *c == b'+',
                sp.minus || *c == b'-',
            );
            i += 1;
        }
        match num(&mut i) {
            Some(w) => sp.width = w,
            None => i = b.len(),
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            match num(&mut i) {
                Some(p) => sp.prec = Some(p.unwrap_or(0)),
                None => (sp.prec, i) = (Some(0), b.len()),
            }
        }
        let Some(verb) = format.get(i..).and_then(|r| r.chars().next()) else {
            out.push_str("%!(NOVERB)");
            break;
        };
        i += verb.len_utf8();
        if verb == 'v' && sp.plus {
            (sp.plus, sp.plus_v) = (false, true);
        }
        match (verb, args.get(argn)) {
            ('%', _) => out.push('%'),
            (_, None) => {
                let _ = write!(out, "%!{verb}(MISSING)");
            }
            (_, Some(v)) => {
                argn += 1;
                fmt_arg(&mut out, v, verb, &sp, 0);
            }
        }
    }
    if let Some(extra) = args.get(argn..).filter(|e| !e.is_empty()) {
        let extra: Vec<String> = extra.iter().map(|v| typed(v)).collect();
        let _ = write!(out, "%!(EXTRA {})", extra.join(", "));
    }
    out
}

/// `type=value`, as fmt shows a bad or extra operand; `<nil>` for nil.
fn typed(v: &Value) -> String {
    if *v == Value::Null {
        "<nil>".into()
    } else {
        format!("{}={}", type_name(v), sprint(&[v], false))
    }
}

fn pad(out: &mut String, s: &str, sp: &Spec) {
    if sp.width.is_none() {
        return out.push_str(s);
    }
    let fill = " ".repeat(sp.width.unwrap_or(0).saturating_sub(s.chars().count()));
    let (left, right) = if sp.minus {
        (s, fill.as_str())
    } else {
        (fill.as_str(), s)
    };
    out.push_str(left);
    out.push_str(right);
}

/// fmt printValue for one operand; `depth` > 0 inside a list, map or struct.
fn fmt_arg(out: &mut String, v: &Value, verb: char, sp: &Spec, depth: usize) {
    if let (Value::Str(s), 'v' | 's', None, None) = (v, verb, sp.width, sp.prec) {
        return out.push_str(s);
    }
    let mut items = |open: &str, entries: &mut dyn Iterator<Item = (Option<&str>, &Value)>| {
        out.push_str(open);
        for (i, (name, x)) in entries.enumerate() {
            out.push_str(if i > 0 { " " } else { "" });
            if let Some(name) = name {
                fmt_arg(out, &Value::str(name), verb, sp, depth + 1);
                out.push(':');
            }
            fmt_arg(out, x, verb, sp, depth + 1);
        }
        out.push(if open == "{" { '}' } else { ']' });
    };
    match v {
        Value::List(xs) => items("[", &mut xs.iter().map(|x| (None, x))),
        Value::Map(m) => {
            let mut m: Vec<_> = m.iter().collect();
            m.sort_by(|a, b| a.0.cmp(&b.0));
            items("map[", &mut m.into_iter().map(|(k, x)| (Some(k.as_str()), x)));
        }
        Value::Struct { fields, .. } => {
            items(
                "{",
                &mut fields.iter().map(|(k, x)| (sp.plus_v.then_some(k.as_str()), x)),
            );
        }
        Value::Null if depth > 0 || verb == 'v' => pad(out, "<nil>", sp),
        Value::Bool(b) if matches!(verb, 't' | 'v') => pad(out, if *b { "true" } else { "false" }, sp),
        Value::Int(i) if matches!(verb, 'd' | 'v' | 'x' | 'X') => {
            let mag = i.unsigned_abs();
            let mut digits = match verb {
                'x' => format!("{mag:x}"),
                'X' => format!("{mag:X}"),
                _ => mag.to_string(),
            };
            let sign = if *i < 0 {
                "-"
            } else if sp.plus {
                "+"
            } else {
                ""
            };
            if let Some(p) = sp.prec {
                digits = if p == 0 && *i == 0 {
                    String::new()
                } else {
                    format!("{digits:0>p$}")
                };
            } else if let (true, false, Some(w)) = (sp.zero, sp.minus, sp.width) {
                let w = w.saturating_sub(sign.len());
                digits = format!("{digits:0>w$}");
            }
            pad(out, &format!("{sign}{digits}"), sp);
        }
        Value::Float(f) if "vgGeEfF".contains(verb) => fmt_float(out, *f, verb, sp),
        Value::Str(s) if "vsqxX".contains(verb) => {
            let s: String = s.chars().take(sp.prec.unwrap_or(usize::MAX)).collect();
            let s = match verb {
                'q' => go_quote(&s),
                'x' => s.bytes().map(|b| format!("{b:02x}")).collect(),
                'X' => s.bytes().map(|b| format!("{b:02X}")).collect(),
                _ => s,
            };
            pad(out, &s, sp);
        }
        v => {
            let _ = write!(out, "%!{verb}({})", typed(v));
        }
    }
}

/// fmt fmtFloat: %v is %g with the shortest representation; %e and %f default to 6 digits.
fn fmt_float(out: &mut String, f: f64, verb: char, sp: &Spec) {
    let plain = Spec { zero: false, ..*sp };
    if !f.is_finite() {
        let s = if f.is_nan() {
            "NaN"
        } else if f < 0.0 {
            "-Inf"
        } else {
            "+Inf"
        };
        return pad(out, if sp.plus && f.is_nan() { "+NaN" } else { s }, &plain);
    }
    let prec = if "eEfF".contains(verb) {
        Some(sp.prec.unwrap_or(6))
    } else {
        sp.prec
    };
    let mut s = format_float(f, verb.to_ascii_lowercase(), prec);
    if verb.is_ascii_uppercase() {
        s = s.replace('e', "E");
    }
    let (sign, body) = match s.strip_prefix('-') {
        Some(body) => ("-", body),
        None => (if sp.plus { "+" } else { "" }, s.as_str()),
    };
    match (sp.zero, sp.minus, sp.width) {
        (true, false, Some(w)) => {
            let w = w.saturating_sub(sign.len());
            pad(out, &format!("{sign}{body:0>w$}"), &plain);
        }
        _ => pad(out, &format!("{sign}{body}"), sp),
    }
}

/// Decimal digits (no trailing zeros; none for zero) and decimal point position of `abs`:
/// shortest round-trip when `sig` is None, else rounded to `sig` significant digits.
fn float_digits(abs: f64, sig: Option<usize>) -> (Vec<u8>, i64) {
    let s = match sig {
        None => format!("{abs:e}"),
        Some(n) => format!("{:.*e}", n.saturating_sub(1), abs),
    };
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let mut d: Vec<u8> = m.bytes().filter(u8::is_ascii_digit).collect();
    while d.last() == Some(&b'0') {
        d.pop();
    }
    let dp = if d.is_empty() {
        0
    } else {
        e.parse::<i64>().unwrap_or(0) + 1
    };
    (d, dp)
}

/// strconv fmtE (d.ddde±dd) or fmtF (ddd.ddd) with `prec` digits after the point.
fn fmt_digits(d: &[u8], dp: i64, prec: usize, exp: bool) -> String {
    let digit = |j: i64| {
        usize::try_from(j)
            .ok()
            .and_then(|j| d.get(j))
            .map_or('0', |&c| char::from(c))
    };
    let shift = if exp { 1 } else { dp.max(1) };
    let mut s: String = if exp || dp > 0 {
        (0..shift).map(digit).collect()
    } else {
        "0".into()
    };
    let first = if exp { 1 } else { dp };
    if prec > 0 {
        s.push('.');
        s.extend((0..i64::try_from(prec).unwrap_or(0)).map(|i| digit(first + i)));
    }
    if exp {
        let e = if d.is_empty() { 0 } else { dp - 1 };
        let _ = write!(s, "e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    }
    s
}

/// strconv.FormatFloat for a finite `f` with fmt 'e', 'f' or 'g' (`prec` None: shortest).
fn format_float(f: f64, fch: char, prec: Option<usize>) -> String {
    let abs = f.abs();
    let body = match (fch, prec) {
        ('f', Some(p)) => format!("{abs:.p$}"),
        ('e', p) => {
            let (d, dp) = float_digits(abs, p.map(|p| p + 1));
            fmt_digits(&d, dp, p.unwrap_or(d.len().saturating_sub(1)), true)
        }
        ('f', None) => {
            let (d, dp) = float_digits(abs, None);
            fmt_digits(
                &d,
                dp,
                usize::try_from(i64::try_from(d.len()).unwrap_or(0) - dp).unwrap_or(0),
                false,
            )
        }
        (_, p) => {
            // strconv ftoa.go %g: "if precision was the shortest possible, use precision 6 for
            // this decision", so %v switches to an exponent from 1e+06 on.
            let (d, dp) = float_digits(abs, p.map(|p| p.max(1)));
            let nd = d.len();
            let prec = p.map_or(nd, |p| p.max(1));
            let eprec = match p {
                None => 6,
                Some(_) if prec > nd && i64::try_from(nd).unwrap_or(0) >= dp => nd,
                Some(_) => prec,
            };
            let exp = dp - 1;
            if exp < -4 || exp >= i64::try_from(eprec).unwrap_or(i64::MAX) {
                fmt_digits(&d, dp, prec.min(nd).saturating_sub(1), true)
            } else {
                let prec = if i64::try_from(prec).unwrap_or(0) > dp {
                    nd
                } else {
                    prec
                };
                fmt_digits(
                    &d,
                    dp,
                    usize::try_from(i64::try_from(prec).unwrap_or(0) - dp).unwrap_or(0),
                    false,
                )
            }
        }
    };
    if f.is_sign_negative() {
        format!("-{body}")
    } else {
        body
    }
}

/// strconv.IsPrint, approximately: letters, marks, numbers, punctuation, symbols and ' '.
fn go_is_print(c: char) -> bool {
    let format_or_private = matches!(u32::from(c), 0xad | 0x200b..=0x200f | 0x202a..=0x202e | 0x2060..=0x206f | 0xfeff | 0xe000..=0xf8ff | 0xf0000..);
    c == ' ' || !(c.is_control() || c.is_whitespace() || format_or_private)
}

/// strconv.Quote.
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        let short = "\x07a\x08b\x0cf\nn\rr\tt\x0bv".find(c).filter(|i| i % 2 == 0);
        let _ = match (c, short) {
            ('"' | '\\', _) => write!(out, "\\{c}"),
            (c, _) if go_is_print(c) => write!(out, "{c}"),
            (_, Some(i)) => write!(
                out,
                "\\{}",
                "\x07a\x08b\x0cf\nn\rr\tt\x0bv".get(i + 1..i + 2).unwrap_or("")
            ),
            (c, _) if c < ' ' || c == '\x7f' => write!(out, "\\x{:02x}", u32::from(c)),
            (c, _) if u32::from(c) < 0x10000 => write!(out, "\\u{:04x}", u32::from(c)),
            (c, _) => write!(out, "\\U{:08x}", u32::from(c)),
        };
    }
    out.push('"');
    out
}

/// fmt's %#U: `U+0041 'A'`.
fn fmt_u(c: char) -> String {
    if go_is_print(c) {
        format!("U+{:04X} '{c}'", u32::from(c))
    } else {
        format!("U+{:04X}", u32::from(c))
    }
}

// encoding/json, as docker/cli's `json` function uses it (SetEscapeHTML(false)). ----------------

fn write_json(out: &mut String, v: &Value) -> Result<(), ()> {
    let entries: Vec<&(String, Value)> = match v {
        Value::Float(f) if !f.is_finite() => return Err(()),
        Value::Null | Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Str(_) => Vec::new(),
        Value::List(xs) => {
            out.push('[');
            for (i, x) in xs.iter().enumerate() {
                out.push_str(if i > 0 { "," } else { "" });
                write_json(out, x)?;
            }
            out.push(']');
            return Ok(());
        }
        Value::Map(m) => {
            let mut m: Vec<_> = m.iter().collect();
            m.sort_by(|a, b| a.0.cmp(&b.0));
            m
        }
        Value::Struct { fields, .. } => fields.iter().collect(),
    };
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => {
            // encoding/json floatEncoder: 'e' only below 1e-6 or from 1e21, and "1e-7" not "1e-07".
            let fch = if *f != 0.0 && !(1e-6..1e21).contains(&f.abs()) {
                'e'
            } else {
                'f'
            };
            out.push_str(&format_float(*f, fch, None).replace("e-0", "e-"));
        }
        Value::Str(s) => json_str(out, s),
        _ => {
            out.push('{');
            for (i, (k, x)) in entries.into_iter().enumerate() {
                out.push_str(if i > 0 { "," } else { "" });
                json_str(out, k);
                out.push(':');
                write_json(out, x)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

/// encoding/json appendString with escapeHTML false: `<`, `>`, `&` stay, U+2028 and U+2029 are
/// always escaped, and \b and \f are short escapes (Go 1.22+).
fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        let _ = match c {
            '"' | '\\' => write!(out, "\\{c}"),
            '\n' => write!(out, "\\n"),
            '\r' => write!(out, "\\r"),
            '\t' => write!(out, "\\t"),
            '\x08' => write!(out, "\\b"),
            '\x0c' => write!(out, "\\f"),
            c if c < ' ' || c == '\u{2028}' || c == '\u{2029}' => write!(out, "\\u{:04x}", u32::from(c)),
            c => write!(out, "{c}"),
        };
    }
    out.push('"');
}

#[cfg(test)]
mod tests;
