//! A small, safe markdown document tree built from pulldown-cmark's event stream.
//!
//! The UI draws this tree itself (no HTML string is ever injected), so raw HTML written in a
//! paper stays visible text and cannot run: `<script>` in a paper is shown, not executed.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A block of a document: what a reader sees as one paragraph, table, list, …
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Block {
    /// A heading; `id` is its anchor, unique within the document.
    Heading {
        /// 1 to 6.
        level: u8,
        /// Anchor for links (`#id`), derived from the text like GitHub does.
        id: String,
        /// The heading's text.
        content: Vec<Inline>,
    },
    /// A paragraph of text.
    Paragraph(Vec<Inline>),
    /// A bulleted (`start: None`) or numbered list; each item holds blocks.
    List {
        /// The first number of a numbered list.
        start: Option<u64>,
        /// The items, each a sequence of blocks.
        items: Vec<Vec<Block>>,
    },
    /// A `>` quotation.
    Quote(Vec<Block>),
    /// A fenced or indented code block.
    Code {
        /// The fence's language (`dockerfile`, `yaml`, …), if given.
        lang: Option<String>,
        /// The code, verbatim, ending without a trailing newline.
        text: String,
    },
    /// A table with a header row.
    Table {
        /// Column alignments.
        align: Vec<Align>,
        /// Header cells.
        head: Vec<Vec<Inline>>,
        /// Body rows of cells.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A thematic break (`---`).
    Rule,
    /// Raw HTML written in the paper, kept as text and shown escaped.
    Html(String),
    /// A ```` ```quiz ```` block, parsed when the lesson is built ([`crate::quiz::attach`]).
    Quiz(Box<crate::quiz::attach::QuizBlock>),
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Align {
    /// No alignment given.
    None,
    /// `:--`
    Left,
    /// `:-:`
    Center,
    /// `--:`
    Right,
}

/// A run of text inside a block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// `code`.
    Code(String),
    /// **strong** text.
    Strong(Vec<Inline>),
    /// *emphasised* text.
    Emphasis(Vec<Inline>),
    /// ~~struck~~ text.
    Strike(Vec<Inline>),
    /// A link; `href` has passed [`safe_url`] (unsafe targets become `None`).
    Link {
        /// Where it goes, or `None` when the target was unsafe (shown as plain text).
        href: Option<String>,
        /// The link text.
        content: Vec<Inline>,
    },
    /// An image; `src` has passed [`safe_url`].
    Image {
        /// The image address, or `None` when unsafe.
        src: Option<String>,
        /// Alternative text.
        alt: String,
    },
    /// A line break inside a paragraph: `hard` for two trailing spaces or `\`, otherwise soft.
    Break {
        /// Whether the author forced the break.
        hard: bool,
    },
    /// Raw inline HTML written in the paper, kept as text and shown escaped.
    Html(String),
}

/// Parses markdown (CommonMark + tables + strikethrough) into blocks. Never fails: any text is
/// some markdown. Heading ids are unique within the returned blocks.
pub fn parse_markdown(source: &str) -> Vec<Block> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut builder = Builder::default();
    for event in Parser::new_ext(source, options) {
        builder.event(event);
    }
    builder.finish()
}

/// Keeps only link and image targets that cannot run script: `http(s):`, `mailto:`, and
/// relative or `#fragment` addresses. `javascript:`, `data:`, `vbscript:` and every other
/// scheme give `None`.
pub fn safe_url(url: &str) -> Option<String> {
    // Browsers ignore ASCII whitespace and control characters inside a scheme
    // ("java\tscript:"), so judge the address with them removed.
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect();
    let lower = squeezed.to_ascii_lowercase();
    let scheme_end = lower.find(':');
    let first_delim = lower.find(['/', '?', '#']);
    let has_scheme = match (scheme_end, first_delim) {
        (Some(colon), Some(delim)) => colon < delim,
        (Some(_), None) => true,
        (None, _) => false,
    };
    let allowed = !has_scheme
        || ["http:", "https:", "mailto:"]
            .iter()
            .any(|scheme| lower.starts_with(scheme));
    allowed.then(|| url.trim().to_string())
}

/// The text of inlines with all formatting dropped (for titles, anchors, labels).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(inlines, &mut out);
    out
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) | Inline::Html(t) => out.push_str(t),
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Strike(c) => push_plain(c, out),
            Inline::Link { content, .. } => push_plain(content, out),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::Break { .. } => out.push(' '),
        }
    }
}

/// A GitHub-style anchor: lower case, letters (any script), digits, `-` and `_` kept,
/// spaces become `-`, everything else (punctuation, emoji) dropped.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            slug.extend(c.to_lowercase());
        } else if c == ' ' {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

/// Turns the flat event stream into nested blocks with a stack of open containers.
#[derive(Default)]
struct Builder {
    /// Finished top-level blocks.
    blocks: Vec<Block>,
    /// Open block containers (quote, list, item, table, …), innermost last.
    open: Vec<Open>,
    /// Open inline containers (strong, link, …), innermost last; the bottom one is the
    /// paragraph, heading or table cell being filled.
    inlines: Vec<OpenInline>,
    /// Anchors handed out so far, to keep them unique.
    ids: HashSet<String>,
}

enum Open {
    Quote(Vec<Block>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Item(Vec<Block>),
    Code {
        lang: Option<String>,
        text: String,
    },
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        in_head: bool,
    },
    Row(Vec<Vec<Inline>>),
    HtmlBlock(String),
}

enum OpenInline {
    Paragraph(Vec<Inline>),
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Cell(Vec<Inline>),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Strike(Vec<Inline>),
    Link {
        href: Option<String>,
        content: Vec<Inline>,
    },
    Image {
        src: Option<String>,
        alt: Vec<Inline>,
    },
}

impl OpenInline {
    fn content(&mut self) -> &mut Vec<Inline> {
        match self {
            OpenInline::Paragraph(c)
            | OpenInline::Heading { content: c, .. }
            | OpenInline::Cell(c)
            | OpenInline::Strong(c)
            | OpenInline::Emphasis(c)
            | OpenInline::Strike(c)
            | OpenInline::Link { content: c, .. }
            | OpenInline::Image { alt: c, .. } => c,
        }
    }
}

impl Builder {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if let Some(Open::Code { text: code, .. }) = self.open.last_mut() {
                    code.push_str(&text);
                } else {
                    self.push_inline(Inline::Text(text.into_string()));
                }
            }
            Event::Code(code) => self.push_inline(Inline::Code(code.into_string())),
            Event::Html(html) => {
                if let Some(Open::HtmlBlock(raw)) = self.open.last_mut() {
                    raw.push_str(&html);
                } else {
                    self.push_block(Block::Html(html.into_string()));
                }
            }
            Event::InlineHtml(html) => self.push_inline(Inline::Html(html.into_string())),
            Event::SoftBreak => self.push_inline(Inline::Break { hard: false }),
            Event::HardBreak => self.push_inline(Inline::Break { hard: true }),
            Event::Rule => self.push_block(Block::Rule),
            // Options we do not enable (math, footnotes, task lists) never produce these;
            // if they ever do, keep their text visible rather than dropping it.
            Event::InlineMath(t) | Event::DisplayMath(t) | Event::FootnoteReference(t) => {
                self.push_inline(Inline::Text(t.into_string()));
            }
            Event::TaskListMarker(done) => {
                self.push_inline(Inline::Text(if done { "[x] " } else { "[ ] " }.to_string()));
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        let starts_block = matches!(
            tag,
            Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::List(_)
                | Tag::Item
                | Tag::Table(_)
        );
        if starts_block {
            self.flush_loose_inlines();
        }
        match tag {
            Tag::Paragraph => self.inlines.push(OpenInline::Paragraph(Vec::new())),
            Tag::Heading { level, .. } => {
                self.inlines.push(OpenInline::Heading {
                    level: heading_level(level),
                    content: Vec::new(),
                });
            }
            Tag::BlockQuote(_) => self.open.push(Open::Quote(Vec::new())),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(str::to_string),
                    CodeBlockKind::Indented => None,
                };
                self.open.push(Open::Code {
                    lang,
                    text: String::new(),
                });
            }
            Tag::HtmlBlock => self.open.push(Open::HtmlBlock(String::new())),
            Tag::List(start) => self.open.push(Open::List {
                start,
                items: Vec::new(),
            }),
            Tag::Item => self.open.push(Open::Item(Vec::new())),
            Tag::Table(align) => self.open.push(Open::Table {
                align: align.iter().map(|a| convert_align(*a)).collect(),
                head: Vec::new(),
                rows: Vec::new(),
                in_head: false,
            }),
            Tag::TableHead => {
                if let Some(Open::Table { in_head, .. }) = self.open.last_mut() {
                    *in_head = true;
                }
                self.open.push(Open::Row(Vec::new()));
            }
            Tag::TableRow => self.open.push(Open::Row(Vec::new())),
            Tag::TableCell => self.inlines.push(OpenInline::Cell(Vec::new())),
            Tag::Emphasis => self.inlines.push(OpenInline::Emphasis(Vec::new())),
            Tag::Strong => self.inlines.push(OpenInline::Strong(Vec::new())),
            Tag::Strikethrough => self.inlines.push(OpenInline::Strike(Vec::new())),
            Tag::Link { dest_url, .. } => {
                self.inlines.push(OpenInline::Link {
                    href: safe_url(&dest_url),
                    content: Vec::new(),
                });
            }
            Tag::Image { dest_url, .. } => {
                self.inlines.push(OpenInline::Image {
                    src: safe_url(&dest_url),
                    alt: Vec::new(),
                });
            }
            // Not enabled by our options; their content still flows into the enclosing block.
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Superscript
            | Tag::Subscript
            | Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                if let Some(OpenInline::Paragraph(content)) = self.inlines.pop() {
                    self.push_block(Block::Paragraph(content));
                }
            }
            TagEnd::Heading(_) => {
                if let Some(OpenInline::Heading { level, content }) = self.inlines.pop() {
                    let id = self.unique_id(&slugify(&plain_text(&content)));
                    self.push_block(Block::Heading { level, id, content });
                }
            }
            TagEnd::BlockQuote(_) => {
                if let Some(Open::Quote(blocks)) = self.open.pop() {
                    self.push_block(Block::Quote(blocks));
                }
            }
            TagEnd::CodeBlock => {
                if let Some(Open::Code { lang, mut text }) = self.open.pop() {
                    if text.ends_with('\n') {
                        text.pop();
                    }
                    self.push_block(Block::Code { lang, text });
                }
            }
            TagEnd::HtmlBlock => {
                if let Some(Open::HtmlBlock(raw)) = self.open.pop() {
                    self.push_block(Block::Html(raw.trim_end().to_string()));
                }
            }
            TagEnd::List(_) => {
                if let Some(Open::List { start, items }) = self.open.pop() {
                    self.push_block(Block::List { start, items });
                }
            }
            TagEnd::Item => {
                // A tight list item's text arrives without a paragraph around it.
                self.flush_loose_inlines();
                if let Some(Open::Item(blocks)) = self.open.pop()
                    && let Some(Open::List { items, .. }) = self.open.last_mut()
                {
                    items.push(blocks);
                }
            }
            TagEnd::Table => {
                if let Some(Open::Table {
                    align, head, rows, ..
                }) = self.open.pop()
                {
                    self.push_block(Block::Table { align, head, rows });
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(Open::Row(cells)) = self.open.pop()
                    && let Some(Open::Table {
                        head, rows, in_head, ..
                    }) = self.open.last_mut()
                {
                    if *in_head {
                        *head = cells;
                        *in_head = false;
                    } else {
                        rows.push(cells);
                    }
                }
            }
            TagEnd::TableCell => {
                if let Some(OpenInline::Cell(content)) = self.inlines.pop()
                    && let Some(Open::Row(cells)) = self.open.last_mut()
                {
                    cells.push(content);
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image => {
                let inline = match self.inlines.pop() {
                    Some(OpenInline::Emphasis(c)) => Inline::Emphasis(c),
                    Some(OpenInline::Strong(c)) => Inline::Strong(c),
                    Some(OpenInline::Strike(c)) => Inline::Strike(c),
                    Some(OpenInline::Link { href, content }) => Inline::Link { href, content },
                    Some(OpenInline::Image { src, alt }) => Inline::Image {
                        src,
                        alt: plain_text(&alt),
                    },
                    Some(other) => {
                        // Unbalanced stream: put the container back and ignore the end.
                        self.inlines.push(other);
                        return;
                    }
                    None => return,
                };
                self.push_inline(inline);
            }
            _ => {}
        }
    }

    /// Adds inline content to the innermost open inline container, opening an implicit
    /// paragraph when there is none (tight list items).
    fn push_inline(&mut self, inline: Inline) {
        if self.inlines.is_empty() {
            self.inlines.push(OpenInline::Paragraph(Vec::new()));
        }
        if let Some(top) = self.inlines.last_mut() {
            top.content().push(inline);
        }
    }

    /// Closes an implicit paragraph opened by [`Builder::push_inline`] before a block starts
    /// or an item ends.
    fn flush_loose_inlines(&mut self) {
        if self.inlines.len() == 1
            && matches!(self.inlines.last(), Some(OpenInline::Paragraph(_)))
            && let Some(OpenInline::Paragraph(content)) = self.inlines.pop()
        {
            self.push_block(Block::Paragraph(content));
        }
    }

    fn push_block(&mut self, block: Block) {
        if !matches!(block, Block::Paragraph(_)) {
            self.flush_loose_inlines();
        }
        match self.open.last_mut() {
            Some(Open::Quote(blocks) | Open::Item(blocks)) => blocks.push(block),
            _ => self.blocks.push(block),
        }
    }

    fn unique_id(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        let mut id = base.to_string();
        let mut n = 1;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.insert(id.clone());
        id
    }

    fn finish(mut self) -> Vec<Block> {
        self.flush_loose_inlines();
        self.blocks
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn convert_align(align: Alignment) -> Align {
    match align {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

#[cfg(test)]
mod tests;
