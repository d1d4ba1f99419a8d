use super::*;

fn host_after(lines: &[&str]) -> Host {
    let mut host = Host::new(14);
    for line in lines {
        host.run(line);
    }
    host
}

fn state_of(host: &Host, name: &str) -> Option<State> {
    host.containers()
        .iter()
        .find(|c| c.name == name)
        .map(Container::state)
}

#[test]
fn replaying_the_same_lines_gives_the_same_world() {
    let lines = [
        "docker run -d --name web nginx",
        "docker run -d --restart always alpine sh -c 'sleep 1; exit 1'",
        "sleep 7",
        "docker pause web",
        "docker exec web ls",
        "docker stop web",
    ];
    assert_eq!(host_after(&lines), host_after(&lines));
    assert_ne!(
        Host::new(1).run("docker run -d alpine").stdout,
        Host::new(2).run("docker run -d alpine").stdout
    );
}

#[test]
fn every_state_is_reachable_and_derived_from_the_flags() {
    let mut host = host_after(&["docker create --name c1 alpine sleep 100"]);
    assert_eq!(state_of(&host, "c1"), Some(State::Created));
    host.run("docker start c1");
    assert_eq!(state_of(&host, "c1"), Some(State::Running));
    host.run("docker pause c1");
    assert_eq!(state_of(&host, "c1"), Some(State::Paused));
    host.run("docker unpause c1");
    host.run("docker kill c1");
    assert_eq!(state_of(&host, "c1"), Some(State::Exited));
    host.run("docker run -d --name r1 --restart always alpine false");
    assert_eq!(state_of(&host, "r1"), Some(State::Restarting));
    host.run("docker rm -f c1 r1");
    assert!(host.containers().is_empty());
}

#[test]
fn time_only_moves_when_told() {
    let mut host = host_after(&["docker run -d --name s1 alpine sleep 5"]);
    assert_eq!(host.elapsed(), 0, "run takes no time");
    host.run("docker ps");
    assert_eq!(state_of(&host, "s1"), Some(State::Running));
    let events = host.advance(5_000);
    assert!(events.iter().any(|e| matches!(e, Event::Died(_, 0))));
    assert_eq!(state_of(&host, "s1"), Some(State::Exited));
    assert_eq!(host.elapsed(), 5_000);
}

#[test]
fn a_paused_process_cannot_finish_until_it_is_unpaused() {
    let mut host = host_after(&["docker run -d --name s1 alpine sleep 2", "docker pause s1"]);
    host.advance(10_000);
    assert_eq!(state_of(&host, "s1"), Some(State::Paused));
    host.run("docker unpause s1");
    assert_eq!(state_of(&host, "s1"), Some(State::Exited));
}

#[test]
fn restart_backoff_doubles_from_100_ms() {
    let mut host = host_after(&["docker run -d --name f1 --restart always alpine false"]);
    let mut restarts = Vec::new();
    for _ in 0..2000 {
        host.advance(10);
        let count = host.containers()[0].restart_count;
        if restarts.len() < count as usize {
            restarts.push(host.elapsed());
        }
    }
    assert_eq!(
        &restarts[..5],
        &[100, 300, 700, 1500, 3100],
        "100, +200, +400, +800, +1600 ms"
    );
}

#[test]
fn hostile_input_never_panics() {
    let mut host = Host::new(3);
    for line in [
        "",
        "   ",
        "docker",
        "docker run",
        "docker run -",
        "docker run --",
        "docker run -d",
        "docker ps --format '{{'",
        "docker ps --format '{{.Nope}}'",
        "docker inspect -f '{{json .}}' x",
        "docker run -p 99999:1 nginx",
        "docker run -p :80 nginx",
        "docker stop -t -1",
        "docker kill -s NOPE x",
        "sleep 1e308",
        "sleep -1",
        "docker run --restart on-failure:-1 alpine",
        "docker run --restart :3 alpine",
        "docker logs",
        "docker exec",
        "echo 'x",
        "docker run -e alpine",
        "docker run alpine sh -c",
        "docker exec x",
        "docker logs --tail x x",
        "docker wait",
        "docker network rm x",
        "docker rm -f",
        "\u{0}",
        "docker run alpine sleep 1e400",
    ] {
        let _ = host.run(line);
    }
}

#[test]
fn containers_are_found_by_id_prefix_unless_ambiguous() {
    let mut host = host_after(&[
        "docker run -d --name one alpine sleep 99",
        "docker run -d --name two alpine sleep 99",
    ]);
    let ids: Vec<String> = host.containers().iter().map(|c| c.id.clone()).collect();
    let unique = (1..=12)
        .map(|n| &ids[0][..n])
        .find(|prefix| !ids[1].starts_with(prefix))
        .expect("IDs differ within 12 digits");
    let outcome = host.run(&format!("docker stop {unique}"));
    assert_eq!(
        (outcome.stdout.as_str(), outcome.exit),
        (format!("{unique}\n").as_str(), 0)
    );
    assert_eq!(host.containers()[0].state(), State::Exited);
    let full = host.run(&format!("docker inspect -f '{{{{.Name}}}}' {}", ids[1]));
    assert_eq!(full.stdout, "/two\n");
    // 17 IDs over 16 hex digits: some first digit is shared, so that prefix is ambiguous.
    for n in 0..15 {
        host.run(&format!("docker create --name extra{n} alpine"));
    }
    let firsts: Vec<char> = host
        .containers()
        .iter()
        .filter_map(|c| c.id.chars().next())
        .collect();
    let shared = firsts
        .iter()
        .find(|c| firsts.iter().filter(|d| d == c).count() > 1)
        .expect("pigeonhole");
    let outcome = host.run(&format!("docker stop {shared}"));
    assert_eq!(
        outcome.stderr,
        format!("Error response from daemon: multiple IDs found with provided prefix: {shared}\n")
    );
    let outcome = host.run("docker stop ''");
    assert_eq!(outcome.exit, 1);
}

#[test]
fn thousands_of_random_command_lines_never_panic() {
    // Words that make sense together, shuffled: the host must answer every combination.
    const WORDS: &[&str] = &[
        "docker",
        "run",
        "create",
        "start",
        "stop",
        "kill",
        "pause",
        "unpause",
        "restart",
        "rm",
        "exec",
        "wait",
        "logs",
        "ps",
        "inspect",
        "images",
        "pull",
        "-d",
        "-a",
        "-f",
        "-q",
        "-t",
        "0",
        "-1",
        "--rm",
        "--name",
        "web",
        "db",
        "--restart",
        "always",
        "on-failure:2",
        "nginx",
        "alpine",
        "redis",
        "postgres",
        "sleep",
        "5",
        "sh",
        "-c",
        "'exit 3'",
        "ls",
        "/tmp",
        "touch",
        "/tmp/x",
        "rm",
        "-s",
        "HUP",
        "KILL",
        "--format",
        "'{{.Names}}'",
        "'{{json .}}'",
        "-p",
        "80:80",
        "sleep 1",
        ">",
        "out.txt",
        "echo",
        "hi",
        "cat",
        "|",
        "''",
    ];
    let mut host = Host::new(7);
    let mut seed: u64 = 0x1234_5678;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % n
    };
    for _ in 0..3_000 {
        let len = 1 + next(6);
        let mut line: Vec<&str> = (0..len).map(|_| WORDS[next(WORDS.len())]).collect();
        if next(3) > 0 {
            line.insert(0, "docker");
        }
        let _ = host.run(&line.join(" "));
        if next(10) == 0 {
            host.advance(next(20_000) as u64);
        }
        let _ = host.snapshot();
    }
}

fn build_report(host: &mut Host, line: &str) -> Vec<(String, bool, Option<String>)> {
    let outcome = host.run(line);
    assert_eq!(outcome.exit, 0, "{}", outcome.stderr);
    host.last_build()
        .map(|r| {
            r.steps
                .iter()
                .map(|s| {
                    (
                        s.instruction.clone(),
                        s.cached,
                        s.reason.as_ref().map(ToString::to_string),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_rebuilt_step_says_why_it_ran() {
    let mut host = host_after(&[
        "printf 'FROM python:3.10\\nWORKDIR /app\\nARG V=1\\nCOPY requirements.txt .\\nRUN pip install -r requirements.txt\\nCOPY . .\\nCMD [\"python\", \"main.py\"]\\n' > Dockerfile",
        "echo flask > requirements.txt",
        "echo 'print(1)' > main.py",
    ]);
    assert_eq!(
        host.files().get("Dockerfile").map(|d| d.lines().count()),
        Some(7),
        "printf wrote seven lines"
    );
    let first = build_report(&mut host, "docker build -t app .");
    assert!(
        first
            .iter()
            .all(|(_, cached, why)| !cached && why.as_deref() == Some("first build of this step"))
    );

    let again = build_report(&mut host, "docker build -t app .");
    assert!(
        again.iter().all(|(_, cached, why)| *cached && why.is_none()),
        "{again:?}"
    );

    host.run("echo 'print(2)' > main.py");
    let edited = build_report(&mut host, "docker build -t app .");
    let ran: Vec<(&str, Option<&str>)> = edited
        .iter()
        .filter(|s| !s.1)
        .map(|(i, _, w)| (i.as_str(), w.as_deref()))
        .collect();
    assert_eq!(
        ran,
        vec![("COPY . .", Some("main.py changed"))],
        "only the last COPY re-runs"
    );

    let arg = build_report(&mut host, "docker build -t app --build-arg V=2 .");
    let ran: Vec<(&str, Option<&str>)> = arg
        .iter()
        .filter(|s| !s.1)
        .map(|(i, _, w)| (i.as_str(), w.as_deref()))
        .collect();
    assert_eq!(
        ran,
        vec![
            ("RUN pip install -r requirements.txt", Some("build-arg V changed")),
            ("COPY . .", Some("an earlier step changed")),
        ],
        "a changed ARG misses at its first use, then cascades"
    );

    let forced = build_report(&mut host, "docker build -t app --no-cache .");
    assert!(
        forced
            .iter()
            .all(|(_, cached, why)| !cached && why.as_deref() == Some("--no-cache"))
    );
}

#[test]
fn printf_writes_exact_text() {
    let mut host = Host::new(1);
    let outcome = host.run("printf 'a\\tb\\n%s%%\\n' x");
    assert_eq!(outcome.stdout, "a\tb\nx%\n");
    host.run("printf 'no newline' > f.txt");
    assert_eq!(host.files().get("f.txt").map(String::as_str), Some("no newline"));
}
