//! The `paperlab replay --json` contract: one JSON object per executed line.

#![allow(
    clippy::expect_used,
    reason = "test helpers: a failed expectation is a failed test"
)]

use std::io::Write;
use std::process::{Command, Stdio};

fn replay(args: &[&str], stdin: &str) -> (String, String, Option<i32>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_paperlab"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("paperlab runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("script written");
    let output = child.wait_with_output().expect("paperlab finishes");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code(),
    )
}

#[test]
fn json_replay_prints_one_object_per_executed_line() {
    let script =
        "# a comment\n\ndocker run -d --name web nginx\ndocker stop web\ndocker rm web\ndocker rm web\n";
    let (stdout, _, code) = replay(&["replay", "--json", "-"], script);
    assert_eq!(code, Some(0));
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(records.len(), 4, "blank lines and comments are skipped");
    assert_eq!(records[0]["cmd"], "docker run -d --name web nginx");
    assert_eq!(records[0]["exit"], 0);
    assert_eq!(
        records[0]["stdout"].as_str().map(|s| s.trim().len()),
        Some(64),
        "the full container ID"
    );
    assert!(
        records[0]["stderr"]
            .as_str()
            .is_some_and(|s| s.starts_with("Unable to find image 'nginx:latest' locally"))
    );
    assert_eq!(records[1]["stdout"], "web\n");
    assert_eq!(records[2]["stdout"], "web\n");
    assert_eq!(records[3]["exit"], 1);
    assert_eq!(
        records[3]["stderr"],
        "Error response from daemon: No such container: web\n"
    );
    let keys: Vec<&String> = records[3].as_object().expect("object").keys().collect();
    assert_eq!(keys.len(), 4);
}

#[test]
fn plain_replay_reads_like_a_terminal() {
    let (stdout, _, code) = replay(&["replay", "-"], "echo hi\ndocker frob\n");
    assert_eq!(code, Some(0));
    assert_eq!(
        stdout,
        "$ echo hi\nhi\n$ docker frob\ndocker: 'frob' is not a docker command.\nSee 'docker --help'\n"
    );
}

#[test]
fn the_working_directory_is_seeded_from_cwd() {
    let dir = std::env::temp_dir().join(format!("paperlab-replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("requirements.txt"), "flask\n").expect("file written");
    let (stdout, _, _) = replay(
        &["replay", "--cwd", dir.to_str().expect("utf-8 path"), "-"],
        "cat requirements.txt\nls\n",
    );
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(stdout, "$ cat requirements.txt\nflask\n$ ls\nrequirements.txt\n");
}

#[test]
fn a_missing_script_is_a_clear_error() {
    let (_, stderr, code) = replay(&["replay", "/no/such/script"], "");
    assert_eq!(code, Some(2));
    assert!(stderr.starts_with("paperlab: /no/such/script: "), "{stderr}");
}
