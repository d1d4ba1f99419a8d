use super::*;

fn text(s: &str) -> Inline {
    Inline::Text(s.to_string())
}

#[test]
fn tables_keep_header_rows_and_alignment() {
    let blocks = parse_markdown("| a | b |\n| :-- | --: |\n| 1 | **2** |\n");
    assert_eq!(
        blocks,
        vec![Block::Table {
            align: vec![Align::Left, Align::Right],
            head: vec![vec![text("a")], vec![text("b")]],
            rows: vec![vec![vec![text("1")], vec![Inline::Strong(vec![text("2")])]]],
        }]
    );
}

#[test]
fn fenced_code_keeps_its_language_and_text_verbatim() {
    let blocks = parse_markdown("```dockerfile title\nFROM alpine\n  RUN  x\n```\n");
    assert_eq!(
        blocks,
        vec![Block::Code {
            lang: Some("dockerfile".into()),
            text: "FROM alpine\n  RUN  x".into()
        }]
    );
}

#[test]
fn tight_list_items_become_paragraphs_and_nested_lists_stay_nested() {
    let blocks = parse_markdown("* one\n  * inner\n* two\n");
    let Block::List { start: None, items } = &blocks[0] else {
        panic!("not a list: {blocks:?}")
    };
    assert_eq!(items.len(), 2);
    assert_eq!(items[0][0], Block::Paragraph(vec![text("one")]));
    assert!(matches!(&items[0][1], Block::List { items, .. } if items.len() == 1));
    assert_eq!(items[1], vec![Block::Paragraph(vec![text("two")])]);
}

#[test]
fn raw_html_is_kept_as_text_not_markup() {
    let blocks = parse_markdown("<script>alert(1)</script>\n\nhi <img src=x onerror=alert(1)> there\n");
    assert_eq!(blocks[0], Block::Html("<script>alert(1)</script>".into()));
    let Block::Paragraph(inlines) = &blocks[1] else {
        panic!("{blocks:?}")
    };
    assert!(inlines.contains(&Inline::Html("<img src=x onerror=alert(1)>".into())));
}

#[test]
fn script_urls_in_links_and_images_are_dropped() {
    let blocks = parse_markdown(
        "[a](javascript:alert(1)) [b](JaVaScRiPt:x) ![c](data:text/html,x) [d](https://docker.com) [e](#top)",
    );
    let Block::Paragraph(inlines) = &blocks[0] else {
        panic!("{blocks:?}")
    };
    let targets: Vec<Option<String>> = inlines
        .iter()
        .filter_map(|i| match i {
            Inline::Link { href, .. } => Some(href.clone()),
            Inline::Image { src, .. } => Some(src.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        targets,
        vec![
            None,
            None,
            None,
            Some("https://docker.com".into()),
            Some("#top".into())
        ]
    );
}

#[test]
fn relative_addresses_with_colons_later_on_are_safe() {
    assert_eq!(safe_url("docs/a:b"), Some("docs/a:b".into()));
    assert_eq!(safe_url("?q=a:b"), Some("?q=a:b".into()));
    assert_eq!(safe_url("vbscript:x"), None);
    assert_eq!(safe_url(" java\tscript:alert(1)"), None);
}

#[test]
fn heading_ids_are_github_style_and_unique() {
    let blocks =
        parse_markdown("### 📌 Docker Image란?\n\n### 📌 Docker Image란?\n\n## Image vs Container 비교\n");
    let ids: Vec<&str> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { id, .. } => Some(id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        ids,
        ["docker-image란", "docker-image란-1", "image-vs-container-비교"]
    );
}

#[test]
fn emoji_and_korean_text_survive_untouched() {
    let blocks = parse_markdown("✅ **핵심** 정리 🐳\n");
    assert_eq!(
        plain_text(match &blocks[0] {
            Block::Paragraph(i) => i,
            other => panic!("{other:?}"),
        }),
        "✅ 핵심 정리 🐳"
    );
}

#[test]
fn a_five_megabyte_paste_parses_without_panicking() {
    let big = "| a | b |\n|---|---|\n| `x` | **y** |\n> quote\n* item\n".repeat(100_000);
    assert!(big.len() > 5_000_000);
    let blocks = parse_markdown(&big);
    assert!(!blocks.is_empty());
}

#[test]
fn unbalanced_and_odd_input_never_panics() {
    for input in [
        "**",
        "[x](",
        "| a |\n|",
        "```",
        "> > > *",
        "<div>",
        "* [ ] task",
        "\u{0}",
        "#",
    ] {
        let _ = parse_markdown(input);
    }
}
