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

#[test]
fn json_replay_covers_build_history_images_and_inspect() {
    let dir = std::env::temp_dir().join(format!("paperlab-build-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("Dockerfile"),
        "FROM python:3.10\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"main.py\"]\n",
    )
    .expect("Dockerfile");
    std::fs::write(dir.join("requirements.txt"), "flask\n").expect("requirements");
    std::fs::write(dir.join("main.py"), "print(\"hi from replay\")\n").expect("main.py");
    let script = "docker build -t app .\ndocker build -t app .\ndocker history app\ndocker images --format '{{.Repository}}:{{.Tag}}'\ndocker image inspect -f '{{len .RootFS.Layers}} {{json .Config.Cmd}}' app\ndocker run --rm app\n";
    let (stdout, _, code) = replay(
        &[
            "replay",
            "--json",
            "--cwd",
            dir.to_str().expect("utf-8 path"),
            "-",
        ],
        script,
    );
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, Some(0));
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(records.len(), 6);
    let stderr = |i: usize| records[i]["stderr"].as_str().unwrap_or_default().to_string();
    assert!(
        stderr(0).contains("#7 [4/5] RUN pip install -r requirements.txt\n#7 DONE"),
        "{}",
        stderr(0)
    );
    assert_eq!(
        stderr(1).matches("CACHED").count(),
        4,
        "the rebuild takes every step from the cache"
    );
    assert!(
        records[2]["stdout"]
            .as_str()
            .unwrap_or_default()
            .starts_with("IMAGE          CREATED")
    );
    assert_eq!(records[3]["stdout"], "app:latest\npython:3.10\n");
    assert_eq!(
        records[4]["stdout"], "11 [\"python\",\"main.py\"]\n",
        "7 base layers + WORKDIR + 2 COPY + RUN"
    );
    assert_eq!(records[5]["stdout"], "hi from replay\n");
}

#[test]
fn json_replay_covers_compose_up_ps_scale_and_down() {
    let dir = std::env::temp_dir().join(format!("shop{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("compose.yaml"),
        "services:\n  web:\n    image: nginx\n    ports: [\"8080:80\"]\n    depends_on:\n      db: {condition: service_healthy}\n  db:\n    image: postgres\n    environment: {POSTGRES_PASSWORD: example}\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready\"]\n      interval: 2s\n",
    )
    .expect("compose.yaml");
    let project = dir
        .file_name()
        .and_then(|n| n.to_str())
        .expect("name")
        .to_string();
    let script = "docker compose up -d\ndocker compose ps --services\ndocker compose up -d --scale db=2\ndocker ps -q\ndocker compose down\n";
    let (stdout, _, code) = replay(
        &[
            "replay",
            "--json",
            "--cwd",
            dir.to_str().expect("utf-8 path"),
            "-",
        ],
        script,
    );
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, Some(0));
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(records.len(), 5);
    let stderr = |i: usize| records[i]["stderr"].as_str().unwrap_or_default().to_string();
    // Leaves first: db is started and healthy before web starts.
    let up = stderr(0);
    let at = |line: &str| {
        up.find(line)
            .unwrap_or_else(|| panic!("{line:?} missing from:\n{up}"))
    };
    assert!(
        at(&format!(" Network {project}_default Created "))
            < at(&format!(" Container {project}-db-1 Started "))
    );
    assert!(
        at(&format!(" Container {project}-db-1 Healthy "))
            < at(&format!(" Container {project}-web-1 Starting "))
    );
    assert_eq!(records[0]["exit"], 0);
    assert_eq!(records[1]["stdout"], "db\nweb\n");
    assert!(stderr(2).contains(&format!(" Container {project}-db-2 Started ")));
    assert_eq!(
        records[3]["stdout"].as_str().map(|s| s.lines().count()),
        Some(3),
        "web + two db replicas"
    );
    // Down in reverse: web goes before db.
    let down = stderr(4);
    assert!(down.find(&format!("{project}-web-1 Removed")) < down.find(&format!("{project}-db-1 Stopping")));
    assert!(
        down.ends_with(&format!(" Network {project}_default Removed \n")),
        "{down}"
    );
}

#[test]
fn check_names_the_file_and_line_of_a_broken_quiz_and_fails() {
    let dir = std::env::temp_dir().join(format!("paperlab-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("index.txt"), "paper.md\n").expect("index");
    std::fs::write(
        dir.join("paper.md"),
        "# Paper\n\n## 🔹 01. One\n\ntext\n\n```quiz\n[[questions]]\nid = \"q1\"\ntype = \"choice\"\nprompt = \"?\"\nexplanation = \"x\"\nanswer = [5]\noptions = [\"a\", { text = \"b\", why = \"no\" }]\n```\n",
    )
    .expect("paper");
    let run = Command::new(env!("CARGO_BIN_EXE_paperlab"))
        .args(["check", dir.to_str().expect("utf-8 path")])
        .output()
        .expect("paperlab runs");
    std::fs::remove_dir_all(&dir).ok();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("paper.md:"), "{stderr}");
    let line: usize = stderr
        .split(':')
        .nth(1)
        .and_then(|n| n.parse().ok())
        .expect("a line number");
    assert!((8..=14).contains(&line), "{stderr}");
}
