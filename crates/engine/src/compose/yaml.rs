//! YAML text to a positioned tree, reporting problems in go-yaml v4's words.
//!
//! Compose v5 reads files with `go.yaml.in/yaml/v4` (v4.0.0-rc.6 in docker/compose's go.mod)
//! through compose-go's `ResetProcessor` (`loader/reset.go`). This module rebuilds what that
//! pipeline sees from saphyr-parser's events: a tree whose every node knows its 1-based line and
//! column, with anchors and aliases resolved (under a budget), merge keys (`<<`) applied and
//! duplicate keys reported the way the reset processor reports them.
//!
//! go-yaml v4.0.0-rc.6 words its errors `go-yaml load error in <stage> [(<context>)] at
//! L<line>.C<col>[-<end>]: <problem>` (`internal/libyaml/errors.go`, `yaml.go` `rangeString`);
//! problems found while constructing values are listed as
//! `yaml: construct errors: line <root>: <problem>[; …]`. `Builder::scan_error` translates
//! saphyr's errors into that form. Each translation it makes was compared, message and
//! positions, with the real go-yaml rc.6 decoding the same text through the same
//! `UnmarshalYAML` path compose-go uses: missing `:` after a key, bad indentation (block
//! mappings and sequences), tabs, characters that cannot start a token, `:` inside a plain
//! value, unclosed double quotes, unclosed flow collections, unknown escapes, unknown and
//! self-containing anchors, bad merges, duplicate keys, trailing content after a quoted value.
//! UNCONFIRMED: the end position of an unclosed single-quoted value (go-yaml printed `L1.C4-C8`
//! where this prints the end of the input), and any saphyr error not listed in `scan_error`,
//! which keeps saphyr's own words inside go-yaml's frame.

use std::collections::BTreeMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, Tag};

/// The deepest nesting of collections accepted. go-yaml allows 10 000 levels; this simulator
/// stops far earlier so that every later pass (which recurses) stays within a browser's stack.
pub(crate) const MAX_DEPTH: usize = 100;

/// compose-go's `defaultMaxNodeVisits` (`loader/reset.go`): documents with more value nodes fail.
const MAX_NODE_VISITS: usize = 100_000;

/// Hard cap on nodes produced by alias expansion, whatever go-yaml's ratio rule says.
const MAX_ALIAS_NODES: usize = 2_000_000;

/// go-yaml's `alias_ratio_range_low` / `_high` (`internal/libyaml/constructor.go`).
const ALIAS_RATIO_LOW: f64 = 400_000.0;
const ALIAS_RATIO_HIGH: f64 = 4_000_000.0;

/// One YAML node with the position of its first character (an anchor or tag if it has one).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    /// What the node holds.
    pub(crate) value: Value,
    /// 1-based line.
    pub(crate) line: usize,
    /// 1-based column, in characters.
    pub(crate) column: usize,
}

/// The three kinds of YAML node.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// A scalar, already resolved to a type.
    Scalar(Scalar),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order, merge keys applied, `!reset` entries removed.
    Map(Vec<(Node, Node)>),
}

/// A scalar's text and the type go-yaml resolves it to when decoding into `any`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scalar {
    /// The scalar's value (quotes and escapes already processed).
    pub(crate) text: String,
    /// Its resolved type.
    pub(crate) kind: Kind,
}

/// The type of a scalar as go-yaml resolves it (`internal/libyaml/resolver.go`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    /// `~`, `null`, `Null`, `NULL` or nothing.
    Null,
    /// `true`/`True`/`TRUE`/`false`/… (YAML 1.2 booleans only: `yes` is a string).
    Bool(bool),
    /// An integer (`0x`, `0o`, `0b`, legacy `0` octal and `_` separators accepted).
    Int(i128),
    /// A float, including `.inf` and `.nan`.
    Float(f64),
    /// Anything else, and every quoted or block scalar.
    Str,
}

impl Node {
    /// The mapping's entries, if this is a mapping.
    pub(crate) fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(pairs) => Some(pairs),
            _ => None,
        }
    }

    /// The sequence's items, if this is a sequence.
    pub(crate) fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The scalar, if this is one.
    pub(crate) fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a string scalar (only `Kind::Str`).
    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(Scalar {
                text,
                kind: Kind::Str,
            }) => Some(text),
            _ => None,
        }
    }

    /// Whether this is a null scalar.
    pub(crate) fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar(Scalar { kind: Kind::Null, .. }))
    }

    /// Looks a key up in a mapping whose keys are strings.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.as_scalar().is_some_and(|s| s.text == key))
            .map(|(_, v)| v)
    }
}

/// A YAML problem: where it is and the text docker compose prints after `failed to parse FILE: `.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    /// 1-based line of the offending node or character.
    pub(crate) line: usize,
    /// 1-based column.
    pub(crate) column: usize,
    /// go-yaml's message.
    pub(crate) message: String,
}

/// Parses every document of a YAML stream.
///
/// Syntax errors stop the parse (one error); problems found while building the tree (duplicate
/// keys, bad merges) are all collected, in document order.
pub(crate) fn parse(src: &str) -> Result<Vec<Node>, Vec<YamlError>> {
    let mut builder = Builder::new(src);
    let mut parser = Parser::new_from_str(src);
    loop {
        match parser.next_event() {
            None => break,
            Some(Err(e)) => return Err(vec![builder.scan_error(&e)]),
            Some(Ok((event, span))) => {
                if let Err(e) = builder.on_event(event, span) {
                    return Err(vec![e]);
                }
            }
        }
    }
    if builder.errors.is_empty() {
        Ok(builder.docs)
    } else {
        builder.errors.sort_by_key(|e| (e.line, e.column));
        Err(builder.errors)
    }
}

/// Go's `%#v` / `strconv.Quote` for a string.
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Resolves a plain scalar's type as go-yaml v4 does when decoding into `any`.
pub(crate) fn resolve_plain(text: &str) -> Kind {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Kind::Null,
        "true" | "True" | "TRUE" => return Kind::Bool(true),
        "false" | "False" | "FALSE" => return Kind::Bool(false),
        ".nan" | ".NaN" | ".NAN" => return Kind::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Kind::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Kind::Float(f64::NEG_INFINITY),
        "-0" | "-0.0" => return Kind::Float(-0.0),
        _ => {}
    }
    let first = text.as_bytes()[0];
    match first {
        b'.' => match text.parse::<f64>() {
            Ok(f) if is_yaml_float(text) => Kind::Float(f),
            _ => Kind::Str,
        },
        b'0'..=b'9' | b'+' | b'-' => {
            let plain: String = text.chars().filter(|&c| c != '_').collect();
            if let Some(i) = parse_go_int(&plain) {
                return Kind::Int(i);
            }
            if is_yaml_float(&plain)
                && let Ok(f) = plain.parse::<f64>()
                && f.is_finite()
            {
                return Kind::Float(f);
            }
            Kind::Str
        }
        _ => Kind::Str,
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)` then `ParseUint(s, 0, 64)`: sign, `0x`/`0o`/`0b`/`0` prefixes.
fn parse_go_int(s: &str) -> Option<i128> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u128::from_str_radix(digits, radix).ok()?;
    if neg {
        // ParseInt only: down to -2^63.
        if magnitude > 1u128 << 63 {
            return None;
        }
        Some(-(magnitude as i128))
    } else if magnitude <= u64::MAX as u128 {
        Some(magnitude as i128)
    } else {
        None
    }
}

/// go-yaml's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// `L3.C5` (go-yaml's `Mark.shortString`), from a 1-based line and column.
fn short_mark(line: usize, column: usize) -> String {
    if line == 0 {
        "<unknown position>".to_owned()
    } else if column > 0 {
        format!("L{line}.C{column}")
    } else {
        format!("L{line}")
    }
}

/// go-yaml's `Mark.rangeString`.
fn range_mark(start: (usize, usize), end: (usize, usize)) -> String {
    let first = short_mark(start.0, start.1);
    if start.0 == end.0 {
        if start.1 == end.1 {
            return first;
        }
        if start.1 > 0 && end.1 > 0 {
            return format!("{first}-C{}", end.1);
        }
    }
    format!("{first}-{}", short_mark(end.0, end.1))
}

/// A collection still being read.
struct Frame {
    items: Vec<Node>,
    /// For mappings: the pairs so far, and a key waiting for its value.
    pairs: Vec<(Node, Node)>,
    pending_key: Option<Node>,
    is_map: bool,
    flow: bool,
    line: usize,
    column: usize,
    anchor: usize,
    tag: Option<String>,
}

/// A duplicate key waiting for its document's root line.
struct PendingDuplicate {
    line: usize,
    column: usize,
    text: String,
}

struct Builder<'s> {
    src: &'s str,
    line_starts: Vec<usize>,
    stack: Vec<Frame>,
    anchors: BTreeMap<usize, Node>,
    docs: Vec<Node>,
    errors: Vec<YamlError>,
    duplicates: Vec<PendingDuplicate>,
    /// Nodes made by the parser and by alias expansion (go-yaml's `constructCount`).
    constructed: usize,
    /// Nodes made by alias expansion alone (go-yaml's `aliasCount`).
    aliased: usize,
    /// Value nodes as written, aliases counted once (compose-go's node visits).
    visits: usize,
    /// Where the last event ended, for errors that need a context position.
    last_end: (usize, usize),
}

impl<'s> Builder<'s> {
    fn new(src: &'s str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Builder {
            src,
            line_starts,
            stack: Vec::new(),
            anchors: BTreeMap::new(),
            docs: Vec::new(),
            errors: Vec::new(),
            duplicates: Vec::new(),
            constructed: 0,
            aliased: 0,
            visits: 0,
            last_end: (1, 1),
        }
    }

    /// The text of a 1-based line, without its line break.
    fn line_text(&self, line: usize) -> &'s str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.line_starts.get(line).map_or(self.src.len(), |&e| e);
        self.src
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// The source from a 1-based line and 0-based character column on.
    fn text_from(&self, line: usize, col0: usize) -> &'s str {
        let text = self.line_text(line);
        let byte = text.char_indices().nth(col0).map_or(text.len(), |(b, _)| b);
        text.get(byte..).unwrap_or("")
    }

    /// The 1-based line and column just past the end of the input.
    fn end_of_input(&self) -> (usize, usize) {
        let lines = self.line_starts.len();
        (lines, self.line_text(lines).chars().count() + 1)
    }

    fn on_event(&mut self, event: Event<'_>, span: Span) -> Result<(), YamlError> {
        let line = span.start.line();
        let column = span.start.col() + 1;
        let is_map = matches!(event, Event::MappingStart(..));
        self.last_end = (span.end.line(), span.end.col() + 1);
        match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing | Event::DocumentEnd => Ok(()),
            Event::DocumentStart(_) => {
                self.anchors.clear();
                Ok(())
            }
            Event::Alias(id) => self.on_alias(id, line, column),
            Event::Scalar(text, style, anchor, tag) => {
                let tag = tag.map(|t| tag_name(&t));
                let kind = match (style, tag.as_deref()) {
                    (_, Some("!!str" | "!reset" | "!override")) => Kind::Str,
                    (_, Some("!!null")) => Kind::Null,
                    (_, Some("!!int" | "!!float" | "!!bool")) => resolve_plain(&text),
                    (ScalarStyle::Plain, None) => resolve_plain(&text),
                    _ => Kind::Str,
                };
                let node = Node {
                    value: Value::Scalar(Scalar {
                        text: text.into_owned(),
                        kind,
                    }),
                    line,
                    column,
                };
                self.constructed += 1;
                self.finish(node, anchor, tag)
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err(YamlError {
                        line,
                        column,
                        message: format!(
                            "yaml: line {line}: collections are nested more than {MAX_DEPTH} levels deep \
                             (paperlab's limit; docker compose allows 10000)"
                        ),
                    });
                }
                let flow = self.is_flow_at(line, span.start.col());
                self.stack.push(Frame {
                    items: Vec::new(),
                    pairs: Vec::new(),
                    pending_key: None,
                    is_map,
                    flow,
                    line,
                    column,
                    anchor,
                    tag: tag.map(|t| tag_name(&t)),
                });
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(());
                };
                self.constructed += 1;
                let value = if frame.is_map {
                    Value::Map(self.finish_map(frame.pairs))
                } else {
                    Value::Seq(frame.items)
                };
                let node = Node {
                    value,
                    line: frame.line,
                    column: frame.column,
                };
                self.finish(node, frame.anchor, frame.tag)
            }
        }
    }

    /// Whether the collection starting at this position is a flow one (`[` or `{`).
    fn is_flow_at(&self, line: usize, col0: usize) -> bool {
        let mut rest = self.text_from(line, col0).trim_start();
        // Skip an anchor and a tag in front of the collection.
        while rest.starts_with('&') || rest.starts_with('!') {
            let end = rest.find([' ', '\t']).unwrap_or(rest.len());
            rest = rest[end..].trim_start();
        }
        rest.starts_with('[') || rest.starts_with('{')
    }

    fn on_alias(&mut self, id: usize, line: usize, column: usize) -> Result<(), YamlError> {
        let name: String = self
            .text_from(line, column - 1)
            .trim_start_matches('*')
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
            .collect();
        let Some(target) = self.anchors.get(&id) else {
            // saphyr knows the anchor but it is not complete yet: it contains this alias.
            let root = self.stack.first().map_or(line, |f| f.line);
            return Err(YamlError {
                line,
                column,
                message: format!(
                    "yaml: construct errors: line {root}: go-yaml load error in composer at {}: \
                     anchor '{name}' value contains itself",
                    short_mark(line, column)
                ),
            });
        };
        let size = count_nodes(target);
        self.constructed += size;
        self.aliased += size;
        let allowed = if (self.constructed as f64) <= ALIAS_RATIO_LOW {
            0.99
        } else if (self.constructed as f64) >= ALIAS_RATIO_HIGH {
            0.10
        } else {
            0.99 - 0.89 * ((self.constructed as f64 - ALIAS_RATIO_LOW) / (ALIAS_RATIO_HIGH - ALIAS_RATIO_LOW))
        };
        if self.aliased > MAX_ALIAS_NODES
            || (self.aliased > 100
                && self.constructed > 1000
                && self.aliased as f64 / self.constructed as f64 > allowed)
        {
            let root = self.stack.first().map_or(line, |f| f.line);
            return Err(YamlError {
                line,
                column,
                message: format!(
                    "yaml: construct errors: line {root}: go-yaml load error in constructor at {}: \
                     document contains excessive aliasing",
                    short_mark(line, column)
                ),
            });
        }
        // The copy keeps the anchored node's positions but sits where the alias is.
        let mut node = target.clone();
        node.line = line;
        node.column = column;
        // An alias counts as one visit (compose-go caches the anchored node).
        self.visits += 1;
        self.place(node);
        Ok(())
    }

    /// Records a finished node's anchor, then places it in its parent.
    fn finish(&mut self, node: Node, anchor: usize, tag: Option<String>) -> Result<(), YamlError> {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        if tag.as_deref() == Some("!reset") {
            // compose-go's ResetProcessor drops the entry (it only matters for overrides).
            self.drop_pending_key();
            return Ok(());
        }
        self.visits += 1;
        self.place(node);
        Ok(())
    }

    fn drop_pending_key(&mut self) {
        if let Some(frame) = self.stack.last_mut()
            && frame.is_map
        {
            frame.pending_key = None;
        }
    }

    fn place(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.finish_document(node),
            Some(frame) if !frame.is_map => frame.items.push(node),
            Some(frame) => match frame.pending_key.take() {
                None => {
                    // Keys are not visited by compose-go's reset processor.
                    self.visits = self.visits.saturating_sub(1);
                    frame.pending_key = Some(node);
                }
                Some(key) => frame.pairs.push((key, node)),
            },
        }
    }

    fn finish_document(&mut self, root: Node) {
        let root_line = root.line;
        for dup in self.duplicates.drain(..) {
            self.errors.push(YamlError {
                line: dup.line,
                column: dup.column,
                message: format!("yaml: construct errors: line {root_line}: {}", dup.text),
            });
        }
        if self.visits > MAX_NODE_VISITS {
            self.errors.push(YamlError {
                line: root_line,
                column: root.column,
                message: format!(
                    "yaml: construct errors: line {root_line}: compose file exceeds maximum node visit \
                     limit ({MAX_NODE_VISITS})"
                ),
            });
        }
        self.visits = 0;
        self.docs.push(root);
    }

    /// Reports duplicate keys and applies merge keys.
    fn finish_map(&mut self, pairs: Vec<(Node, Node)>) -> Vec<(Node, Node)> {
        let mut first_line: BTreeMap<&str, usize> = BTreeMap::new();
        for (key, _) in &pairs {
            let text = key.as_scalar().map_or("", |s| s.text.as_str());
            match first_line.get(text) {
                Some(&line) => self.duplicates.push(PendingDuplicate {
                    line: key.line,
                    column: key.column,
                    text: format!(
                        "line {}: mapping key {} already defined at line {line}",
                        key.line,
                        go_quote(text)
                    ),
                }),
                None => {
                    first_line.insert(text, key.line);
                }
            }
        }
        if !pairs.iter().any(|(k, _)| is_merge_key(k)) {
            return pairs;
        }
        let mut explicit: Vec<(Node, Node)> = Vec::new();
        let mut sources: Vec<Node> = Vec::new();
        for (key, value) in pairs {
            if is_merge_key(&key) {
                match value.value {
                    Value::Map(_) => sources.push(value),
                    Value::Seq(items) => {
                        for item in items {
                            if matches!(item.value, Value::Map(_)) {
                                sources.push(item);
                            } else {
                                self.merge_error(&item);
                            }
                        }
                    }
                    _ => self.merge_error(&value),
                }
            } else {
                explicit.push((key, value));
            }
        }
        // Explicit keys win; among merged mappings the first listed wins.
        for source in sources {
            if let Value::Map(merged) = source.value {
                for (key, value) in merged {
                    let text = key.as_scalar().map(|s| s.text.clone());
                    let present = explicit
                        .iter()
                        .any(|(k, _)| k.as_scalar().map(|s| &s.text) == text.as_ref() && text.is_some());
                    if !present {
                        explicit.push((key, value));
                    }
                }
            }
        }
        explicit
    }

    fn merge_error(&mut self, node: &Node) {
        // go-yaml: `failf("map merge requires map or sequence of maps as the value")`, raised
        // while constructing; framed like the other construct errors (UNCONFIRMED frame).
        self.duplicates.push(PendingDuplicate {
            line: node.line,
            column: node.column,
            text: format!(
                "go-yaml load error in constructor at {}: map merge requires map or sequence of maps as the value",
                short_mark(node.line, node.column)
            ),
        });
    }

    /// Translates a saphyr error into go-yaml's message for the same problem.
    fn scan_error(&self, e: &ScanError) -> YamlError {
        let m = e.marker();
        let line = m.line();
        let column = m.col() + 1;
        let info = e.info();
        let at = |l, c| short_mark(l, c);
        // The innermost open collection is go-yaml's context for parser errors.
        let context = self.stack.last().map(|f| (f.line, f.column, f.flow));
        let (message, line, column) = match info {
            "mapping values are not allowed in this context"
            | "block sequence entries are not allowed in this context"
            | "mapping keys are not allowed in this context" => (
                format!("go-yaml load error in scanner at {}: {info}", at(line, column)),
                line,
                column,
            ),
            "simple key expect ':'" => {
                // The key is the last content line before the error (block keys are one line).
                let key = self.last_content_line_before(line);
                (
                    format!(
                        "go-yaml load error in scanner (while scanning a simple key) at {}: could not find expected ':'",
                        range_mark(key, (line, column))
                    ),
                    key.0,
                    key.1,
                )
            }
            "tabs disallowed within this context (block indentation)"
            | "tab cannot be used as indentation"
            | "tabs disallowed in this context" => {
                // go-yaml points at the tab itself; saphyr just past it.
                let column = self
                    .line_text(line)
                    .chars()
                    .take_while(|c| c.is_whitespace())
                    .position(|c| c == '\t')
                    .map_or(column, |i| i + 1);
                (
                    format!(
                        "go-yaml load error in scanner (while scanning for the next token) at {}: \
                         found character that cannot start any token",
                        at(line, column)
                    ),
                    line,
                    column,
                )
            }
            _ if info.starts_with("unexpected character: ") => (
                format!(
                    "go-yaml load error in scanner (while scanning for the next token) at {}: \
                     found character that cannot start any token",
                    at(line, column)
                ),
                line,
                column,
            ),
            "while scanning a quoted scalar, found unexpected end of stream" => (
                format!(
                    "go-yaml load error in scanner (while scanning a quoted scalar) at {}: found unexpected end of stream",
                    range_mark((line, column), self.end_of_input())
                ),
                line,
                column,
            ),
            "while parsing a quoted scalar, found unknown escape character" => {
                let escape = self.bad_escape_after(line, column);
                (
                    format!(
                        "go-yaml load error in scanner (while scanning a quoted scalar) at {}: found unknown escape character",
                        range_mark((line, column), escape)
                    ),
                    escape.0,
                    escape.1,
                )
            }
            "while scanning a plain scalar, found a tab" => {
                let tab = self.tab_after(line, column);
                (
                    format!(
                        "go-yaml load error in scanner (while scanning a plain scalar) at {}: \
                         found a tab character that violates indentation",
                        range_mark((line, column), tab)
                    ),
                    tab.0,
                    tab.1,
                )
            }
            "invalid trailing content after double-quoted scalar" | "invalid indentation" => {
                // Content where go-yaml's parser expected the next entry of the open collection.
                let message = match self.stack.last() {
                    None => format!(
                        "go-yaml load error in parser at {}: did not find expected <document start>",
                        at(line, column)
                    ),
                    Some(f) => {
                        let (ctx, problem) = match (f.flow, f.is_map) {
                            (true, true) => {
                                ("while parsing a flow mapping", "did not find expected ',' or '}'")
                            }
                            (true, false) => (
                                "while parsing a flow sequence",
                                "did not find expected ',' or ']'",
                            ),
                            (false, true) => ("while parsing a block mapping", "did not find expected key"),
                            (false, false) => (
                                "while parsing a block collection",
                                "did not find expected '-' indicator",
                            ),
                        };
                        format!(
                            "go-yaml load error in parser ({ctx}) at {}: {problem}",
                            range_mark((f.line, f.column), (line, column))
                        )
                    }
                };
                (message, line, column)
            }
            "while parsing a block mapping, did not find expected key"
            | "while parsing a block collection, did not find expected '-' indicator"
            | "while parsing a flow sequence, expected ',' or ']'"
            | "while parsing a flow mapping, did not find expected ',' or '}'" => {
                let (ctx, problem) = match info {
                    "while parsing a block mapping, did not find expected key" => {
                        ("while parsing a block mapping", "did not find expected key")
                    }
                    "while parsing a block collection, did not find expected '-' indicator" => (
                        "while parsing a block collection",
                        "did not find expected '-' indicator",
                    ),
                    "while parsing a flow sequence, expected ',' or ']'" => (
                        "while parsing a flow sequence",
                        "did not find expected ',' or ']'",
                    ),
                    _ => ("while parsing a flow mapping", "did not find expected ',' or '}'"),
                };
                let start = context.map_or((line, column), |(l, c, _)| (l, c));
                // go-yaml's problem token is a `-` entry when the line starts with one.
                let text = self.line_text(line);
                let indent = text.chars().take_while(|c| *c == ' ').count();
                let column = if text.trim_start().starts_with('-') && column > indent + 1 {
                    indent + 1
                } else {
                    column
                };
                (
                    format!(
                        "go-yaml load error in parser ({ctx}) at {}: {problem}",
                        range_mark(start, (line, column))
                    ),
                    line,
                    column,
                )
            }
            "while parsing a node, did not find expected node content" => {
                let ctx = if context.is_some_and(|(_, _, flow)| flow) {
                    "while parsing a flow node"
                } else {
                    "while parsing a block node"
                };
                (
                    format!(
                        "go-yaml load error in parser ({ctx}) at {}: did not find expected node content",
                        at(line, column)
                    ),
                    line,
                    column,
                )
            }
            "while parsing node, found unknown anchor" => {
                let name: String = self
                    .text_from(line, column - 1)
                    .trim_start_matches('*')
                    .chars()
                    .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
                    .collect();
                (
                    format!(
                        "go-yaml load error in composer at {}: unknown anchor '{name}' referenced",
                        at(line, column)
                    ),
                    line,
                    column,
                )
            }
            "recursion limit exceeded" => (
                format!(
                    "yaml: line {line}: collections are nested more than {MAX_DEPTH} levels deep \
                     (paperlab's limit; docker compose allows 10000)"
                ),
                line,
                column,
            ),
            // UNCONFIRMED: no go-yaml equivalent identified; saphyr's words in go-yaml's frame.
            _ => (
                format!("go-yaml load error in scanner at {}: {info}", at(line, column)),
                line,
                column,
            ),
        };
        YamlError {
            line,
            column,
            message,
        }
    }

    /// The 1-based position of the first non-blank character of the last line before `line`
    /// that holds something other than a comment.
    fn last_content_line_before(&self, line: usize) -> (usize, usize) {
        let mut l = line.saturating_sub(1);
        while l >= 1 {
            let text = self.line_text(l);
            let trimmed = text.trim_start();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                let indent = text.chars().take_while(|c| c.is_whitespace()).count();
                return (l, indent + 1);
            }
            l -= 1;
        }
        (line, 1)
    }

    /// The position of the first backslash with an unknown escape after a quote.
    fn bad_escape_after(&self, line: usize, column: usize) -> (usize, usize) {
        const VALID: &str = "0abt\tnvfre \"/\\N_LPxuU\n";
        let chars: Vec<char> = self.line_text(line).chars().collect();
        let mut i = column; // 0-based index just after the quote
        while i < chars.len() {
            if chars[i] == '\\' {
                match chars.get(i + 1) {
                    Some(c) if VALID.contains(*c) => i += 2,
                    _ => return (line, i + 1),
                }
            } else {
                i += 1;
            }
        }
        (line, column)
    }

    /// The position of the first tab that starts a line after `line`.
    fn tab_after(&self, line: usize, column: usize) -> (usize, usize) {
        for l in line + 1..=self.line_starts.len() {
            let text = self.line_text(l);
            if let Some(i) = text
                .chars()
                .take_while(|c| c.is_whitespace())
                .position(|c| c == '\t')
            {
                return (l, i + 1);
            }
        }
        (line, column)
    }
}

fn tag_name(tag: &Tag) -> String {
    if tag.handle == "tag:yaml.org,2002:" || tag.handle == "!!" {
        format!("!!{}", tag.suffix)
    } else {
        format!("{}{}", tag.handle, tag.suffix)
    }
}

fn is_merge_key(key: &Node) -> bool {
    matches!(&key.value, Value::Scalar(Scalar { text, kind: Kind::Str }) if text == "<<")
}

/// How many nodes a subtree holds (keys included), iteratively.
fn count_nodes(node: &Node) -> usize {
    let mut count = 0;
    let mut todo = vec![node];
    while let Some(n) = todo.pop() {
        count += 1;
        match &n.value {
            Value::Scalar(_) => {}
            Value::Seq(items) => todo.extend(items.iter()),
            Value::Map(pairs) => {
                for (k, v) in pairs {
                    todo.push(k);
                    todo.push(v);
                }
            }
        }
    }
    count
}
