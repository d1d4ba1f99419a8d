//! Draws the engine's markdown tree as DOM. Text always becomes text nodes: raw HTML in a
//! paper is shown as visible code and never parsed, so it cannot run.

use engine::{Align, Block, Inline};
use leptos::prelude::*;

use crate::components::quiz::QuizView;
use crate::i18n::tr;
use crate::prefs::use_prefs;

/// The address of the page being drawn. Heading anchors link to `page#id`: a bare `#id` would
/// resolve against `<base href>` and lead to the home page.
#[derive(Clone)]
pub struct PageAddress(pub String);

/// Draws a sequence of blocks.
pub fn blocks_view(blocks: &[Block]) -> AnyView {
    blocks.iter().map(block_view).collect_view().into_any()
}

fn block_view(block: &Block) -> AnyView {
    match block {
        Block::Heading { level, id, content } => heading_view(*level, id, content),
        Block::Paragraph(content) => view! { <p>{inlines_view(content)}</p> }.into_any(),
        Block::List {
            start: Some(start),
            items,
        } => view! { <ol start=start.to_string()>{items_view(items)}</ol> }.into_any(),
        Block::List { start: None, items } => view! { <ul>{items_view(items)}</ul> }.into_any(),
        Block::Quote(blocks) => view! { <blockquote>{blocks_view(blocks)}</blockquote> }.into_any(),
        Block::Code { lang, text } => code_view(lang.clone(), text.clone()),
        Block::Table { align, head, rows } => table_view(align, head, rows),
        Block::Rule => view! { <hr/> }.into_any(),
        Block::Quiz(block) => view! { <QuizView block=(**block).clone()/> }.into_any(),
        Block::Html(raw) => view! {
            <figure class="raw-html">
                <figcaption>{tr(|u| u.raw_html)}</figcaption>
                <pre><code>{raw.clone()}</code></pre>
            </figure>
        }
        .into_any(),
    }
}

fn items_view(items: &[Vec<Block>]) -> AnyView {
    items
        .iter()
        .map(|item| view! { <li>{blocks_view(item)}</li> })
        .collect_view()
        .into_any()
}

fn heading_view(level: u8, id: &str, content: &[Inline]) -> AnyView {
    let id = id.to_string();
    let page = use_context::<PageAddress>().map(|p| p.0).unwrap_or_default();
    let anchor = format!("{page}#{id}");
    let inner = move || {
        view! {
            {inlines_view(content)}
            <a class="heading-anchor" href=anchor.clone() aria-hidden="true" tabindex="-1">"#"</a>
        }
    };
    // A part's own title is the page's h2, so paper headings start at h3.
    match level {
        0..=3 => view! { <h3 id=id>{inner()}</h3> }.into_any(),
        4 => view! { <h4 id=id>{inner()}</h4> }.into_any(),
        5 => view! { <h5 id=id>{inner()}</h5> }.into_any(),
        _ => view! { <h6 id=id>{inner()}</h6> }.into_any(),
    }
}

fn code_view(lang: Option<String>, text: String) -> AnyView {
    let prefs = use_prefs();
    let copied = RwSignal::new(false);
    let to_copy = text.clone();
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let _ = clipboard.write_text(&to_copy);
        copied.set(true);
        set_timeout(move || copied.set(false), std::time::Duration::from_millis(1500));
    };
    let label = lang.clone().unwrap_or_default();
    view! {
        <figure class="code-block" data-lang=lang.clone()>
            <figcaption>
                <span class="code-lang">{label}</span>
                <button type="button" class="copy-button" on:click=copy>
                    {move || {
                        let ui = prefs.lang.get().ui();
                        if copied.get() { ui.copied } else { ui.copy }
                    }}
                </button>
            </figcaption>
            <pre tabindex="0"><code>{text}</code></pre>
        </figure>
    }
    .into_any()
}

fn table_view(align: &[Align], head: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) -> AnyView {
    let style = |i: usize| match align.get(i) {
        Some(Align::Left) => Some("text-align: left"),
        Some(Align::Center) => Some("text-align: center"),
        Some(Align::Right) => Some("text-align: right"),
        _ => None,
    };
    let head = head
        .iter()
        .enumerate()
        .map(|(i, cell)| view! { <th scope="col" style=style(i)>{inlines_view(cell)}</th> })
        .collect_view();
    let rows = rows
        .iter()
        .map(|row| {
            let cells = row
                .iter()
                .enumerate()
                .map(|(i, cell)| view! { <td style=style(i)>{inlines_view(cell)}</td> })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0">
            <table>
                <thead><tr>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Draws inline content.
pub fn inlines_view(inlines: &[Inline]) -> AnyView {
    inlines.iter().map(inline_view).collect_view().into_any()
}

fn inline_view(inline: &Inline) -> AnyView {
    match inline {
        Inline::Text(text) => text.clone().into_any(),
        Inline::Code(code) => view! { <code>{code.clone()}</code> }.into_any(),
        Inline::Strong(c) => view! { <strong>{inlines_view(c)}</strong> }.into_any(),
        Inline::Emphasis(c) => view! { <em>{inlines_view(c)}</em> }.into_any(),
        Inline::Strike(c) => view! { <del>{inlines_view(c)}</del> }.into_any(),
        Inline::Link {
            href: Some(href),
            content,
        } => {
            let external = href.starts_with("http:") || href.starts_with("https:");
            view! {
                <a
                    href=href.clone()
                    target=external.then_some("_blank")
                    rel=external.then_some("noopener noreferrer")
                >
                    {inlines_view(content)}
                </a>
            }
            .into_any()
        }
        Inline::Link { href: None, content } => view! {
            <span class="unsafe-link" title=tr(|u| u.unsafe_link)>
                {inlines_view(content)}
            </span>
        }
        .into_any(),
        Inline::Image { src: Some(src), alt } => {
            view! { <img src=src.clone() alt=alt.clone() loading="lazy"/> }.into_any()
        }
        Inline::Image { src: None, alt } => {
            view! { <span class="unsafe-link">{alt.clone()}</span> }.into_any()
        }
        Inline::Break { hard: true } => view! { <br/> }.into_any(),
        Inline::Break { hard: false } => "\n".into_any(),
        Inline::Html(raw) => view! { <code class="raw-html">{raw.clone()}</code> }.into_any(),
    }
}
