//! Fixture-driven console tests: each `console/*.txt` is a terminal session — `$ command`
//! lines followed by what the simulated host must print (`! ` marks stderr, `[exit N]` a
//! non-zero status). Container IDs appear as `{id:NAME}` / `{short:NAME}`.
//!
//! Adding a case is adding a file. `BLESS=1 cargo test -p engine --test console` rewrites the
//! files from what the engine prints now — read the diff before committing it.

#![allow(
    clippy::expect_used,
    reason = "test helpers: a failed expectation is a failed test"
)]

use std::fs;
use std::path::Path;

use engine::host::Host;

/// Runs a session's commands on a fresh host and writes the transcript in fixture form.
fn transcript(header: &str, commands: &[String]) -> String {
    let mut host = Host::new(14);
    let mut out = String::from(header);
    let mut names: Vec<(String, String)> = Vec::new();
    let mut raw = Vec::new();
    for command in commands {
        let outcome = host.run(command);
        for c in host.containers() {
            if !names.iter().any(|(_, id)| *id == c.id) {
                names.push((c.name.clone(), c.id.clone()));
            }
        }
        raw.push((command.clone(), outcome));
    }
    for (command, outcome) in raw {
        out.push_str(&format!("$ {command}\n"));
        // Both streams in the order a terminal shows them; `! ` marks stderr.
        let mut text = String::new();
        for (stderr, line) in &outcome.merged {
            text.push_str(&match (stderr, line.is_empty()) {
                (true, true) => "!\n".to_string(),
                (true, false) => format!("! {line}\n"),
                (false, _) => format!("{line}\n"),
            });
        }
        if outcome.exit != 0 {
            text.push_str(&format!("[exit {}]\n", outcome.exit));
        }
        for (name, id) in &names {
            text = text.replace(id.as_str(), &format!("{{id:{name}}}"));
            text = text.replace(&id[..12], &format!("{{short:{name}}}"));
        }
        out.push_str(&text);
    }
    out
}

fn split(fixture: &str) -> (String, Vec<String>) {
    let mut header = String::new();
    let mut commands = Vec::new();
    for line in fixture.lines() {
        if let Some(command) = line.strip_prefix("$ ") {
            commands.push(command.to_string());
        } else if commands.is_empty() {
            header.push_str(line);
            header.push('\n');
        }
    }
    (header, commands)
}

#[test]
fn every_console_fixture_prints_what_docker_prints() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/console");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("fixture dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(files.len() >= 5, "fixtures missing in {}", dir.display());
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let expected = fs::read_to_string(path).expect("readable fixture");
        let (header, commands) = split(&expected);
        let actual = transcript(&header, &commands);
        if bless {
            fs::write(path, &actual).expect("writable fixture");
        } else if actual != expected {
            failures.push(format!(
                "--- {} differs:\n{}",
                path.display(),
                first_difference(&expected, &actual)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn first_difference(expected: &str, actual: &str) -> String {
    for (n, (e, a)) in expected.lines().zip(actual.lines()).enumerate() {
        if e != a {
            return format!("line {}:\n  expected: {e}\n  actual:   {a}", n + 1);
        }
    }
    format!(
        "lengths differ: expected {} lines, got {}",
        expected.lines().count(),
        actual.lines().count()
    )
}
