use super::*;

fn read_from<'a>(files: &'a [(&'a str, &'a str)]) -> impl FnMut(&str) -> Result<String, String> + 'a {
    move |name| {
        files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| (*text).to_string())
            .ok_or_else(|| "No such file or directory".to_string())
    }
}

const PAPER: &str = "## T\n\n## 🔹 01. A\n\n## 🔹 02. B\n\n## ✅ 최종 요약\n";

#[test]
fn the_real_index_loads_the_seed_with_its_simulators() {
    let index = include_str!("../../../../content/index.txt");
    let seed = include_str!("../../../../content/weekly-paper-14.md");
    let lessons = load_library(
        "content/index.txt",
        index,
        read_from(&[("weekly-paper-14.md", seed)]),
    )
    .expect("the shipped content loads");
    assert_eq!(lessons.len(), 1);
    let sims: Vec<(&str, &[Simulator])> = lessons[0]
        .parts
        .iter()
        .map(|p| (p.id.as_str(), p.simulators.as_slice()))
        .collect();
    assert_eq!(
        sims,
        vec![
            ("01", &[Simulator::ImageLayers, Simulator::Lifecycle][..]),
            ("02", &[Simulator::Compose, Simulator::Lifecycle][..]),
            ("03", &[Simulator::Kubernetes][..]),
            ("summary", &[][..]),
        ]
    );
}

#[test]
fn a_missing_paper_file_names_the_index_line_and_the_file() {
    let index = "# papers\na.md\n\nmissing-99.md 01=compose\n";
    let err = load_library("content/index.txt", index, read_from(&[("a.md", PAPER)])).unwrap_err();
    assert_eq!(err.line, 4);
    assert_eq!(
        err.to_string(),
        "content/index.txt:4: paper file \"missing-99.md\" could not be read: No such file or directory"
    );
}

#[test]
fn an_unknown_simulator_lists_the_known_ones() {
    let err = parse_index("i", "a.md 01=layers+docker\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "i:1: unknown simulator \"docker\" (known: layers, lifecycle, compose, kubernetes)"
    );
}

#[test]
fn an_assignment_to_a_part_the_paper_lacks_is_refused() {
    let err = load_library("i", "a.md 04=compose", read_from(&[("a.md", PAPER)])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "i:1: \"a.md\" has no part \"04\" (its parts: 01, 02, summary)"
    );
}

#[test]
fn bad_file_names_and_duplicates_are_refused_with_their_line() {
    for (index, line, needle) in [
        ("../etc/passwd.md", 1, "is not a paper file name"),
        ("paper.txt", 1, "is not a paper file name"),
        ("a.md\na.md # again", 2, "listed twice (first on line 1)"),
        ("a.md 01", 1, "should look like PART=SIMULATOR"),
        ("a.md =compose", 1, "names no part"),
    ] {
        let err = parse_index("i", index).unwrap_err();
        assert_eq!(err.line, line, "{index}");
        assert!(err.message.contains(needle), "{index}: {err}");
    }
}

#[test]
fn comments_and_blank_lines_are_ignored() {
    let entries = parse_index("i", "# c\n\n  a.md   # trailing\n").expect("valid");
    assert_eq!(entries.len(), 1);
    assert_eq!((entries[0].line, entries[0].slug.as_str()), (3, "a"));
}
