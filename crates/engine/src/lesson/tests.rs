use super::*;
use crate::markdown::Inline;

const SEED: &str = include_str!("../../../../content/weekly-paper-14.md");

fn seed() -> Lesson {
    parse_lesson("weekly-paper-14", SEED)
}

#[test]
fn the_seed_paper_has_its_title_and_marker() {
    let lesson = seed();
    assert_eq!(lesson.title, "[AI] 위클리페이퍼 #14");
    assert_eq!(lesson.marker.as_deref(), Some("📘"));
    assert_eq!(lesson.slug, "weekly-paper-14");
}

#[test]
fn the_seed_paper_metadata_comes_from_the_quote_under_the_title() {
    let meta = seed().meta;
    assert_eq!(meta.date.as_deref(), Some("2025년 12월 8일"));
    assert_eq!(meta.author.as_deref(), Some("이유노"));
    assert_eq!(meta.fields.len(), 2);
}

#[test]
fn the_seed_paper_has_three_numbered_sections_and_a_closing_summary() {
    let lesson = seed();
    let heads: Vec<(Option<&str>, &str, &str)> = lesson
        .parts
        .iter()
        .map(|p| (p.number.as_deref(), p.id.as_str(), p.title.as_str()))
        .collect();
    assert_eq!(
        heads,
        vec![
            (
                Some("01"),
                "01",
                "Docker 이미지(Image)와 컨테이너(Container)의 차이를 설명해보세요."
            ),
            (
                Some("02"),
                "02",
                "Docker Compose는 어떤 상황에서 유용하며, Dockerfile과 어떤 차이가 있나요?"
            ),
            (
                Some("03"),
                "03",
                "Kubernetes의 기본 개념은 무엇이며, Docker와는 어떤 관계가 있나요?"
            ),
            (None, "summary", "최종 요약"),
        ]
    );
    assert_eq!(lesson.sections().count(), 3);
    assert!(
        lesson.intro.is_empty(),
        "nothing stands between the metadata and section 01"
    );
}

fn tables(part: &Part) -> Vec<(Vec<String>, usize)> {
    part.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table { head, rows, .. } => Some((
                head.iter().map(|c| plain_text(c).trim().to_string()).collect(),
                rows.len(),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn each_section_keeps_its_tables() {
    let lesson = seed();
    let [s1, s2, s3, summary] = &lesson.parts[..] else {
        panic!("four parts expected")
    };
    assert_eq!(
        tables(s1),
        vec![(
            vec!["구분".into(), "Docker Image".into(), "Docker Container".into()],
            5
        )]
    );
    assert_eq!(
        tables(s2),
        vec![(
            vec!["구분".into(), "Dockerfile".into(), "Docker Compose".into()],
            5
        )]
    );
    assert_eq!(
        tables(s3),
        vec![
            (vec!["개념".into(), "역할".into()], 5),
            (vec!["구분".into(), "Docker".into(), "Kubernetes".into()], 3),
        ]
    );
    assert!(tables(summary).is_empty());
}

#[test]
fn table_cells_keep_inline_code() {
    let lesson = seed();
    let Some(Block::Table { rows, .. }) = lesson.parts[1]
        .blocks
        .iter()
        .find(|b| matches!(b, Block::Table { .. }))
    else {
        panic!("section 02 has a table")
    };
    let run_row = rows
        .iter()
        .find(|r| plain_text(&r[0]).trim() == "실행")
        .map(|r| r[1].clone());
    assert_eq!(run_row, Some(vec![Inline::Code("docker build/run".into())]));
}

#[test]
fn code_blocks_keep_their_language() {
    let lesson = seed();
    let code: Vec<(String, Option<String>, String)> = lesson
        .parts
        .iter()
        .flat_map(|p| {
            p.blocks.iter().filter_map(|b| match b {
                Block::Code { lang, text } => Some((
                    p.id.clone(),
                    lang.clone(),
                    text.lines().next().unwrap_or_default().to_string(),
                )),
                _ => None,
            })
        })
        .collect();
    assert_eq!(
        code,
        vec![
            ("02".into(), Some("dockerfile".into()), "FROM python:3.10".into()),
            ("02".into(), Some("yaml".into()), "services:".into()),
            (
                "03".into(),
                Some("text".into()),
                "Dockerfile → Docker Image → Docker Container".into()
            ),
        ]
    );
}

#[test]
fn separators_at_the_edges_of_a_part_are_dropped_but_inner_ones_kept() {
    let lesson = seed();
    for part in &lesson.parts {
        assert!(
            !matches!(part.blocks.first(), Some(Block::Rule)),
            "{} starts with ---",
            part.id
        );
        assert!(
            !matches!(part.blocks.last(), Some(Block::Rule)),
            "{} ends with ---",
            part.id
        );
    }
    assert!(lesson.parts[0].blocks.contains(&Block::Rule));
}

#[test]
fn subheadings_keep_anchors() {
    let lesson = seed();
    let ids: Vec<&str> = lesson.parts[0]
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level: 3, id, .. } => Some(id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        ids,
        [
            "docker-image란",
            "docker-container란",
            "image-vs-container-비교",
            "핵심-정리"
        ]
    );
}

#[test]
fn a_paper_without_title_or_numbers_still_becomes_a_lesson() {
    let lesson = parse_lesson("notes", "plain text first\n\n## Alpha\n\nA\n\n## 베타\n\nB\n");
    assert_eq!(lesson.title, "notes");
    assert_eq!(lesson.intro.len(), 1);
    let ids: Vec<&str> = lesson.parts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["alpha", "summary"]);
}

#[test]
fn h1_papers_use_the_level_of_their_numbered_headings() {
    let lesson = parse_lesson("x", "# Title\n\n### 1. One\n\ntext\n\n### 2) Two\n\n#### sub\n");
    assert_eq!(lesson.title, "Title");
    let ids: Vec<&str> = lesson.parts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["1", "2"]);
    assert_eq!(lesson.parts[1].title, "Two");
}

#[test]
fn a_quote_that_is_not_metadata_stays_in_the_text() {
    let lesson = parse_lesson("x", "## T\n\n> just a quote\n\n## 01. A\n");
    assert_eq!(lesson.meta, Meta::default());
    assert!(matches!(lesson.intro.as_slice(), [Block::Quote(_)]));
}

#[test]
fn duplicate_part_numbers_get_distinct_ids() {
    let lesson = parse_lesson("x", "## 01. A\n\n## 01. B\n");
    let ids: Vec<&str> = lesson.parts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["01", "01-2"]);
}

#[test]
fn version_numbers_are_not_section_numbers() {
    assert!(split_number("3.10 release notes").is_none());
    assert!(split_number("2024. year").is_none());
    assert_eq!(split_number("🔹 01. Q"), Some((Some("🔹".into()), "01", "Q")));
}
