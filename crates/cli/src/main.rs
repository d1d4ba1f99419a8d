//! `paperlab`: the engine on the command line, for lesson authors and tests.
//!
//! ```text
//! paperlab replay [--json] [--cwd DIR] SCRIPT    run SCRIPT's lines (- = stdin) on a fresh host
//! paperlab bench                                 console commands per second (prints figures)
//! paperlab check DIR                             validate a content folder: index, papers, quizzes
//! ```

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::{env, fs};

use engine::host::Host;

const USAGE: &str = "usage: paperlab replay [--json] [--cwd DIR] SCRIPT   (SCRIPT may be - for stdin)\n       paperlab bench\n       paperlab check DIR";

/// A lifecycle session of typical console lines, run over and over.
const BENCH_SESSION: &[&str] = &[
    "docker run -d --name web -p 8080:80 nginx",
    "docker ps",
    "docker pause web",
    "docker unpause web",
    "docker exec web touch /tmp/a",
    "docker stop web",
    "docker ps -a --format '{{.Names}} {{.Status}}'",
    "docker inspect -f '{{.State.ExitCode}}' web",
    "docker start web",
    "docker rm -f web",
];

/// Prints how many console lines per second the engine answers, natively (the browser figure
/// comes from the end-to-end tests). A figure, not a test: nothing is asserted.
#[expect(
    clippy::disallowed_methods,
    reason = "a native benchmark measures wall time on purpose"
)]
fn bench() {
    let rounds = 2_000;
    let mut host = Host::new(14);
    host.run("docker pull nginx");
    let start = std::time::Instant::now();
    let mut worst = std::time::Duration::ZERO;
    for _ in 0..rounds {
        for line in BENCH_SESSION {
            let t = std::time::Instant::now();
            let outcome = host.run(line);
            worst = worst.max(t.elapsed());
            std::hint::black_box(outcome);
        }
    }
    let elapsed = start.elapsed();
    // What the browser does after every command: the picture of the host, with every card's
    // button verdicts (each a command run on a copy of the host).
    let mut busy = Host::new(14);
    for n in 0..20 {
        busy.run(&format!("docker run -d --name c{n} alpine sleep {}", 100 + n));
    }
    let t = std::time::Instant::now();
    let snapshots = 200;
    for _ in 0..snapshots {
        std::hint::black_box(busy.snapshot());
    }
    println!(
        "snapshot with 20 containers (native): {:.0} µs",
        t.elapsed().as_secs_f64() * 1e6 / f64::from(snapshots)
    );
    // The layers issue's figure: parse + build a 5,000-line Dockerfile, then rebuild it from
    // the cache (each a single console command).
    let dockerfile = large_dockerfile(5_000);
    let mut builder = Host::new(14).with_files(
        "big",
        [
            ("Dockerfile".to_string(), dockerfile),
            ("main.py".to_string(), "print(1)\n".to_string()),
        ],
    );
    builder.run("docker pull alpine");
    let t = std::time::Instant::now();
    let first = builder.run("docker build -t big .");
    let cold = t.elapsed();
    let t = std::time::Instant::now();
    let again = builder.run("docker build -t big .");
    let warm = t.elapsed();
    let report = builder.last_build().map(|r| &r.steps[..]).unwrap_or_default();
    let steps = report.len();
    let cached = report.iter().filter(|s| s.cached).count();
    std::hint::black_box((first.stdout, again.stdout));
    println!(
        "5,000-line Dockerfile (native): parse + build {:.1} ms (exit {}), rebuild {:.1} ms (exit {}, {cached} of {steps} steps CACHED)",
        cold.as_secs_f64() * 1000.0,
        first.exit,
        warm.as_secs_f64() * 1000.0,
        again.exit
    );
    let t = std::time::Instant::now();
    let picture = builder.snapshot();
    let snapshot_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = std::time::Instant::now();
    let comparison = builder.compare_cache_cost();
    let compare_ms = t.elapsed().as_secs_f64() * 1000.0;
    std::hint::black_box((picture, comparison));
    println!(
        "  then: the views' snapshot {snapshot_ms:.1} ms, the rebuild-cost comparison {compare_ms:.1} ms"
    );
    // The compose issue's figure: a 200-service file loaded, validated, viewed and laid out
    // (what the browser does on every edit of the compose editor).
    let yaml = large_compose(200);
    let host = Host::new(14);
    let t = std::time::Instant::now();
    let runs = 20;
    let mut nodes = 0;
    for _ in 0..runs {
        let view = host.compose_view_of("compose.yaml", &yaml);
        let filter = engine::host::compose_graph::GraphFilter {
            networks: true,
            volumes: true,
        };
        nodes = engine::host::compose_graph::compose_graph(&view, filter)
            .nodes
            .len();
    }
    println!(
        "compose, 200 services (native): parse + validate + view + layout {:.1} ms ({nodes} nodes)",
        t.elapsed().as_secs_f64() * 1000.0 / f64::from(runs)
    );
    let commands = rounds * BENCH_SESSION.len();
    println!(
        "console path (native): {commands} commands in {:.1} ms = {:.0} commands/s, mean {:.1} µs, worst {:.1} µs",
        elapsed.as_secs_f64() * 1000.0,
        commands as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e6 / commands as f64,
        worst.as_secs_f64() * 1e6
    );
}

/// A Dockerfile of `lines` lines mixing every kind of step: layers (RUN, COPY), metadata
/// (ENV, LABEL, ARG), comments and continuation lines. The browser test builds the same shape.
fn large_dockerfile(lines: usize) -> String {
    let mut text = String::from("FROM alpine\nWORKDIR /app\n");
    let mut n = 2;
    let mut i = 0;
    while n < lines {
        let block = match i % 6 {
            0 => format!("RUN echo step {i} > /tmp/f{i}\n"),
            1 => format!("ENV K{i}=v{i}\n"),
            2 => format!("# step {i}\nCOPY main.py /app/m{i}.py\n"),
            3 => format!("LABEL n{i}=\"{i}\"\n"),
            4 => format!("RUN echo a \\\n    && echo b{i}\n"),
            _ => format!("ARG A{i}=x\n"),
        };
        n += block.lines().count();
        text.push_str(&block);
        i += 1;
    }
    text
}

/// A compose file of `n` services (the shape the browser benchmark in tests/e2e generates):
/// a DAG of depends_on, some published ports, two networks, a volume every tenth service.
fn large_compose(n: usize) -> String {
    let mut text = String::from("services:\n");
    for i in 0..n {
        text.push_str(&format!(
            "  svc{i:03}:\n    image: {}\n",
            ["nginx", "redis:latest", "postgres"][i % 3]
        ));
        if i % 4 == 0 {
            text.push_str(&format!("    ports:\n      - \"{}:80\"\n", 10_000 + i));
        }
        let deps: Vec<usize> = [i.checked_sub(1), i.checked_sub(7)]
            .into_iter()
            .flatten()
            .filter(|_| i % 5 != 0)
            .collect();
        if !deps.is_empty() {
            text.push_str("    depends_on:\n");
            for d in deps {
                text.push_str(&format!("      - svc{d:03}\n"));
            }
        }
        text.push_str(&format!(
            "    networks: [{}]\n",
            if i % 2 == 1 { "front" } else { "back" }
        ));
        if i % 10 == 0 {
            text.push_str(&format!("    volumes:\n      - data{i}:/data\n"));
        }
    }
    text.push_str("networks:\n  front: {}\n  back: {}\nvolumes:\n");
    for i in (0..n).step_by(10) {
        text.push_str(&format!("  data{i}: {{}}\n"));
    }
    text
}

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    match args.split_first() {
        Some((command, _)) if command == "bench" => {
            bench();
            ExitCode::SUCCESS
        }
        Some((command, [dir])) if command == "check" => check(Path::new(dir)),
        Some((command, rest)) if command == "replay" => match replay(rest) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("paperlab: {message}");
                ExitCode::from(2)
            }
        },
        Some((flag, _)) if flag == "--help" || flag == "-h" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// `paperlab check DIR`: every paper the index names loads, and every quiz in them parses,
/// has a right answer, keeps its ids unique and (for predictions) runs on the engine. Errors
/// are printed `FILE:LINE: message`; the exit status is 1 if there is any.
fn check(dir: &Path) -> ExitCode {
    let index_path = dir.join("index.txt");
    let index = match fs::read_to_string(&index_path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("paperlab: {}: {e}", index_path.display());
            return ExitCode::from(2);
        }
    };
    let mut papers: Vec<(String, String)> = Vec::new();
    let lessons = engine::load_library("index.txt", &index, |file| {
        let text = fs::read_to_string(dir.join(file)).map_err(|e| e.to_string())?;
        papers.push((file.to_string(), text.clone()));
        Ok(text)
    });
    let lessons = match lessons {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let errors = engine::quiz::check_library(&papers);
    for e in &errors {
        eprintln!("{e}");
    }
    let (quizzes, questions) = papers.iter().fold((0, 0), |(q, n), (file, text)| {
        let (found, _) = engine::quiz::paper_quizzes(text, file);
        (
            q + found.len(),
            n + found.iter().map(|f| f.questions.len()).sum::<usize>(),
        )
    });
    if errors.is_empty() {
        println!(
            "{}: {} papers, {quizzes} quiz blocks, {questions} questions: ok",
            dir.display(),
            lessons.len()
        );
        ExitCode::SUCCESS
    } else {
        eprintln!("{} problems", errors.len());
        ExitCode::from(1)
    }
}

fn replay(args: &[String]) -> Result<(), String> {
    let mut json = false;
    let mut cwd: Option<PathBuf> = None;
    let mut script: Option<&str> = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--json" => json = true,
            "--cwd" => {
                i += 1;
                cwd = Some(PathBuf::from(args.get(i).ok_or("--cwd needs a directory")?));
            }
            other if script.is_none() && (other == "-" || !other.starts_with('-')) => script = Some(other),
            other => return Err(format!("unexpected argument '{other}'\n{USAGE}")),
        }
        i += 1;
    }
    let script = script.ok_or(USAGE)?;
    let text = if script == "-" {
        let mut text = String::new();
        io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("reading stdin: {e}"))?;
        text
    } else {
        fs::read_to_string(script).map_err(|e| format!("{script}: {e}"))?
    };

    let mut host = Host::new(14);
    if let Some(dir) = cwd {
        let project = dir
            .canonicalize()
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "project".to_string());
        let mut files = Vec::new();
        collect_files(&dir, &dir, &mut files)?;
        host = host.with_files(&project, files);
    }

    let stdout = io::stdout();
    let mut out = stdout.lock();
    for line in text.lines() {
        let command = line.trim();
        if command.is_empty() || command.starts_with('#') {
            continue;
        }
        let outcome = host.run(command);
        let written = if json {
            let record = serde_json::json!({
                "cmd": command,
                "stdout": outcome.stdout,
                "stderr": outcome.stderr,
                "exit": outcome.exit,
            });
            writeln!(out, "{record}")
        } else {
            write!(out, "$ {command}\n{}", outcome.terminal_text())
        };
        written.map_err(|e| format!("writing output: {e}"))?;
    }
    Ok(())
}

/// Every regular file under `dir`, as (path relative to `root` with `/`, text).
fn collect_files(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(root, &path, files)?;
        } else if let Ok(text) = fs::read_to_string(&path) {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let name = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.push((name, text));
        }
    }
    Ok(())
}
