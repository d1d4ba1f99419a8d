//! Conformance of the Dockerfile parser against BuildKit's parser test files and real Dockerfiles.
#![allow(
    clippy::expect_used,
    reason = "test helpers: a failed expectation is a failed test"
)]

use engine::dockerfile;

use std::fs;
use std::path::{Path, PathBuf};

#[path = "support/corpus.rs"]
mod support;
use support::corpus;

/// The case directories under `dir`, sorted.
fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .expect("corpus directory is readable")
        .map(|e| e.expect("corpus entry is readable").path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

/// Every file called `Dockerfile` under `dir`, sorted.
fn dockerfiles(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("corpus directory is readable") {
        let path = entry.expect("corpus entry is readable").path();
        if path.is_dir() {
            dockerfiles(&path, out);
        } else if path.file_name().is_some_and(|n| n == "Dockerfile") {
            out.push(path);
        }
    }
    out.sort();
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).expect("corpus file is readable UTF-8")
}

#[test]
fn every_buildkit_case_dumps_exactly_its_result() {
    let dirs = cases(&corpus("buildkit-parser/testfiles"));
    assert_eq!(dirs.len(), 33, "expected 33 BuildKit parser cases");
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let expected = read(&dir.join("result"));
        match dockerfile::parse_dockerfile(&read(&dir.join("Dockerfile"))) {
            Err(e) => failures.push(format!("{name}: rejected: {e}")),
            Ok(parsed) => {
                let actual = parsed.dump();
                if actual != expected {
                    let mut exp = expected.lines();
                    let mut act = actual.lines();
                    let mut line = 1;
                    loop {
                        let (e, a) = (exp.next(), act.next());
                        if e != a {
                            failures.push(format!(
                                "{name}: line {line} differs\n  expected: {}\n  actual:   {}",
                                e.unwrap_or("<end>"),
                                a.unwrap_or("<end>")
                            ));
                            break;
                        }
                        if e.is_none() {
                            failures.push(format!("{name}: differs only in line endings"));
                            break;
                        }
                        line += 1;
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n")
    );
}

#[test]
fn every_negative_buildkit_case_is_rejected() {
    let dirs = cases(&corpus("buildkit-parser/testfiles-negative"));
    assert_eq!(dirs.len(), 4, "expected 4 negative BuildKit parser cases");
    let accepted: Vec<String> = dirs
        .iter()
        .filter(|dir| dockerfile::parse_dockerfile(&read(&dir.join("Dockerfile"))).is_ok())
        .map(|dir| dir.display().to_string())
        .collect();
    assert!(accepted.is_empty(), "accepted invalid Dockerfiles: {accepted:?}");
}

#[test]
fn negative_cases_fail_with_buildkits_messages() {
    let root = corpus("buildkit-parser/testfiles-negative");
    let expectations = [
        ("empty_dockerfile", 0, "file with no instructions"),
        ("env_no_value", 3, "ENV must have two arguments"),
        ("only_comments", 3, "file with no instructions"),
        (
            "shykes-nested-json",
            1,
            "when using JSON array syntax, arrays must be comprised of strings only",
        ),
    ];
    for (name, line, message) in expectations {
        let err = dockerfile::parse_dockerfile(&read(&root.join(name).join("Dockerfile")))
            .expect_err("negative case must be rejected");
        assert_eq!((err.line, err.to_string().as_str()), (line, message), "{name}");
    }
}

#[test]
fn every_awesome_compose_dockerfile_parses() {
    let mut files = Vec::new();
    dockerfiles(&corpus("awesome-compose"), &mut files);
    assert_eq!(files.len(), 35, "expected 35 awesome-compose Dockerfiles");
    let failures: Vec<String> = files
        .iter()
        .filter_map(|path| {
            dockerfile::parse_dockerfile(&read(path))
                .err()
                .map(|e| format!("{}: {e}", path.display()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "Dockerfiles rejected:\n{}",
        failures.join("\n")
    );
}

/// The editor's colouring agrees with the parser on every corpus file: one keyword token per
/// instruction (continuations, comments and heredoc bodies are never taken for instructions).
#[test]
fn the_editor_colours_one_keyword_per_parsed_instruction_in_every_corpus_file() {
    let mut files = Vec::new();
    dockerfiles(&corpus("awesome-compose"), &mut files);
    for dir in cases(&corpus("buildkit-parser/testfiles")) {
        files.push(dir.join("Dockerfile"));
    }
    let mut failures = Vec::new();
    for path in &files {
        let source = read(path);
        let Ok(parsed) = dockerfile::parse_dockerfile(&source) else {
            continue;
        };
        let keywords: Vec<String> = dockerfile::highlight::tokens(&source)
            .into_iter()
            .filter(|t| {
                t.2 == dockerfile::highlight::Token::Keyword && !source[t.0..t.1].eq_ignore_ascii_case("as")
            })
            .map(|t| source[t.0..t.1].to_ascii_lowercase())
            .collect();
        let expected: Vec<String> = parsed.instructions.iter().map(|i| i.keyword.clone()).collect();
        if keywords != expected {
            failures.push(format!(
                "{}:\n  parser:   {expected:?}\n  coloured: {keywords:?}",
                path.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files coloured differently:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}
