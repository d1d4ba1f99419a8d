//! What the process inside a container does: the main processes of the catalogue images and
//! the handful of commands people pass to `docker run`, modelled as output, a lifetime, an
//! exit code and which signals they handle.
//!
//! Every process here runs as PID 1 of its container. The kernel does not apply a signal's
//! default action to PID 1 of a PID namespace, so a program that installs no handler (`sleep`,
//! `sh`, `tail -f`, `node`) ignores SIGTERM and `docker stop` has to wait out the grace period
//! and SIGKILL it (exit 137). This is kernel behaviour, not Docker source (FIDELITY §1.4,
//! UNCONFIRMED there); servers that handle their stop signal exit 0 at once.

use std::fmt;

use super::output::DateTime;

/// A POSIX signal the simulator knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Signal {
    /// 1
    Hup,
    /// 2
    Int,
    /// 3
    Quit,
    /// 9 — cannot be caught or ignored.
    Kill,
    /// 10
    Usr1,
    /// 12
    Usr2,
    /// 15 — `docker stop`'s default.
    Term,
}

impl Signal {
    const ALL: [Signal; 7] = [
        Signal::Hup,
        Signal::Int,
        Signal::Quit,
        Signal::Kill,
        Signal::Usr1,
        Signal::Usr2,
        Signal::Term,
    ];

    /// The signal number (exit status of a killed process is 128 + this).
    pub fn number(self) -> i32 {
        match self {
            Signal::Hup => 1,
            Signal::Int => 2,
            Signal::Quit => 3,
            Signal::Kill => 9,
            Signal::Usr1 => 10,
            Signal::Usr2 => 12,
            Signal::Term => 15,
        }
    }

    /// `SIGTERM`, …
    pub fn name(self) -> &'static str {
        match self {
            Signal::Hup => "SIGHUP",
            Signal::Int => "SIGINT",
            Signal::Quit => "SIGQUIT",
            Signal::Kill => "SIGKILL",
            Signal::Usr1 => "SIGUSR1",
            Signal::Usr2 => "SIGUSR2",
            Signal::Term => "SIGTERM",
        }
    }

    /// Parses `SIGTERM`, `TERM`, `term` or `15`, as docker's `--signal` / `--stop-signal` do.
    pub fn parse(text: &str) -> Option<Signal> {
        let upper = text.to_ascii_uppercase();
        let bare = upper.strip_prefix("SIG").unwrap_or(&upper);
        Signal::ALL
            .into_iter()
            .find(|s| s.name()[3..] == *bare || s.number().to_string() == bare)
    }
}

impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a process does when a (catchable) signal arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reaction {
    /// Shuts down cleanly with this exit code, printing these lines first.
    Exit(i32, Vec<String>),
    /// Handles it and keeps running (e.g. nginx reloads on SIGHUP).
    Continue,
}

/// How a container's main process behaves once started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Behavior {
    /// Lines it prints when it starts (`(stderr, line)`).
    pub output: Vec<(bool, String)>,
    /// How long it runs on its own before exiting; `None` = until signalled.
    pub lifetime_ms: Option<u64>,
    /// Its exit code when it exits on its own.
    pub exit_code: i32,
    /// Lines it prints when it exits on its own.
    pub exit_output: Vec<(bool, String)>,
    /// Signals it handles; every other catchable signal is ignored (it is PID 1).
    pub handles: Vec<(Signal, Reaction)>,
}

impl Behavior {
    fn finite(ms: u64, code: i32) -> Behavior {
        Behavior {
            output: Vec::new(),
            lifetime_ms: Some(ms),
            exit_code: code,
            exit_output: Vec::new(),
            handles: Vec::new(),
        }
    }

    fn forever() -> Behavior {
        Behavior {
            lifetime_ms: None,
            ..Behavior::finite(0, 0)
        }
    }

    fn say(mut self, lines: &[&str]) -> Behavior {
        self.output
            .extend(lines.iter().map(|l| (false, (*l).to_string())));
        self
    }

    /// What the process does with `signal`.
    pub fn react(&self, signal: Signal) -> Option<Reaction> {
        if signal == Signal::Kill {
            return Some(Reaction::Exit(128 + Signal::Kill.number(), Vec::new()));
        }
        self.handles
            .iter()
            .find(|(s, _)| *s == signal)
            .map(|(_, r)| r.clone())
    }
}

/// Why a command could not be started in a container (docker run exits 127 / 126).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LaunchError {
    /// The executable is not in the image.
    NotFound(String),
}

/// Works out what `argv` does in a container started at `now` (ms since 1970).
pub fn launch(
    argv: &[String],
    env: &[String],
    interactive: bool,
    now: u64,
    read: &dyn Fn(&str) -> Option<String>,
) -> Result<Behavior, LaunchError> {
    let mut args: Vec<&str> = argv.iter().map(String::as_str).collect();
    // Entrypoint scripts hand over to the command after them (`exec "$@"`).
    while args.first().is_some_and(|a| base(a) == "docker-entrypoint.sh") {
        args.remove(0);
    }
    let Some((&program, rest)) = args.split_first() else {
        return Err(LaunchError::NotFound(String::new()));
    };
    let t = DateTime::from_ms(now);
    let shell = matches!(base(program), "sh" | "bash" | "ash");
    match base(program) {
        "/hello" | "hello" => Ok(Behavior::finite(0, 0).say(HELLO)),
        "sleep" => match rest.first().map(|n| parse_seconds(n)) {
            Some(Some(ms)) => Ok(Behavior::finite(ms, 0)),
            Some(None) => Ok(Behavior::finite(0, 1).say_err(&format!(
                "sleep: invalid number '{}'",
                rest.first().copied().unwrap_or_default()
            ))),
            None => Ok(Behavior::finite(0, 1).say_err("sleep: missing operand")),
        },
        "echo" => Ok(Behavior::finite(0, 0).say(&[&rest.join(" ")])),
        "true" => Ok(Behavior::finite(0, 0)),
        "false" => Ok(Behavior::finite(0, 1)),
        _ if shell && rest.first() == Some(&"-c") => Ok(script(rest.get(1).copied().unwrap_or_default())),
        // A shell, cat or a REPL with no terminal attached reads EOF and exits 0 at once.
        "cat" | "python" | "python3" | "node" if rest.is_empty() || rest == ["-i"] => Ok(if interactive {
            Behavior::forever()
        } else {
            Behavior::finite(0, 0)
        }),
        _ if shell => Ok(if interactive {
            Behavior::forever()
        } else {
            Behavior::finite(0, 0)
        }),
        "tail" if rest.contains(&"-f") => Ok(Behavior::forever()),
        "top" => Ok(Behavior::forever()),
        "nginx" => Ok(nginx(&t)),
        "redis-server" => Ok(redis(&t, now)),
        "postgres" => Ok(postgres(&t, env)),
        "python" | "python3" | "node" if rest.first().is_some_and(|f| read(f).is_some()) => {
            let script = rest.first().and_then(|f| read(f)).unwrap_or_default();
            Ok(script_program(&script))
        }
        "python" | "python3" => Ok(Behavior::finite(0, 2).say_err(&format!(
            "{program}: can't open file '/{}': [Errno 2] No such file or directory",
            rest.first().copied().unwrap_or_default().trim_start_matches('/')
        ))),
        "node" => Ok(Behavior::finite(0, 1).say_err(&format!(
            "Error: Cannot find module '/{}'",
            rest.first().copied().unwrap_or_default().trim_start_matches('/')
        ))),
        _ => Err(LaunchError::NotFound(program.to_string())),
    }
}

impl Behavior {
    fn say_err(mut self, line: &str) -> Behavior {
        self.output.push((true, line.to_string()));
        self
    }
}

fn base(program: &str) -> &str {
    if program == "/hello" {
        program
    } else {
        program.rsplit('/').next().unwrap_or(program)
    }
}

/// `sleep` operands: seconds with an optional s/m/h/d suffix, or `infinity`.
fn parse_seconds(text: &str) -> Option<u64> {
    if text == "infinity" || text == "inf" {
        return Some(u64::MAX / 4);
    }
    let (number, unit) = match text.char_indices().last() {
        Some((i, c @ ('s' | 'm' | 'h' | 'd'))) => (&text[..i], c),
        _ => (text, 's'),
    };
    let value: f64 = number.parse().ok().filter(|v: &f64| v.is_finite() && *v >= 0.0)?;
    let scale = match unit {
        'm' => 60.0,
        'h' => 3600.0,
        'd' => 86_400.0,
        _ => 1.0,
    };
    Some((value * scale * 1000.0) as u64)
}

/// `sh -c '…'`: commands separated by `;` or `&&` among echo, sleep, exit, true, false.
fn script(source: &str) -> Behavior {
    let mut behavior = Behavior::finite(0, 0);
    let mut elapsed = 0u64;
    for part in source.split([';', '\n']).flat_map(|p| p.split("&&")) {
        let words: Vec<&str> = part.split_whitespace().collect();
        match words.as_slice() {
            [] => {}
            ["echo", rest @ ..] => {
                let text = rest.join(" ").replace(['"', '\''], "");
                behavior.output.push((false, text));
            }
            ["sleep", n, ..] => elapsed = elapsed.saturating_add(parse_seconds(n).unwrap_or(0)),
            ["exit"] => break,
            ["exit", code, ..] => {
                behavior.exit_code = code.parse::<i32>().map_or(2, |c| c.rem_euclid(256));
                break;
            }
            ["true"] => {}
            ["false"] => behavior.exit_code = 1,
            [other, ..] => {
                behavior.output.push((true, format!("sh: {other}: not found")));
                behavior.exit_code = 127;
            }
        }
    }
    behavior.lifetime_ms = Some(elapsed);
    behavior
}

/// A script that was copied into the image: a server if it looks like one (it then runs until
/// stopped and, as PID 1 without a SIGTERM handler, is SIGKILLed after the grace period);
/// otherwise it prints what its `print(...)` / `console.log(...)` calls say and exits 0.
fn script_program(source: &str) -> Behavior {
    let server = [
        "app.run(",
        "uvicorn",
        "serve_forever",
        ".listen(",
        "runserver",
        "flask run",
    ]
    .iter()
    .any(|s| source.contains(s));
    let mut behavior = if server {
        Behavior::forever()
    } else {
        Behavior::finite(0, 0)
    };
    for line in source.lines() {
        let line = line.trim();
        for call in ["print(", "console.log("] {
            if let Some(rest) = line.strip_prefix(call) {
                let text = rest
                    .trim_end_matches(';')
                    .trim_end_matches(')')
                    .trim_matches(|c| c == '"' || c == '\'');
                behavior.output.push((false, text.to_string()));
            }
        }
    }
    behavior
}

fn exit_on(signals: &[Signal], lines: Vec<String>) -> Vec<(Signal, Reaction)> {
    signals
        .iter()
        .map(|s| (*s, Reaction::Exit(0, lines.clone())))
        .collect()
}

fn nginx(t: &DateTime) -> Behavior {
    let stamp = format!(
        "{:04}/{:02}/{:02} {:02}:{:02}:{:02}",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    );
    let mut b = Behavior::forever().say(&[
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
        "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
        "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
        "/docker-entrypoint.sh: Configuration complete; ready for start up",
    ]);
    for line in [
        "using the \"epoll\" event method",
        "nginx/1.29.3",
        "start worker processes",
    ] {
        b.output.push((true, format!("{stamp} [notice] 1#1: {line}")));
    }
    // SIGQUIT is nginx's graceful shutdown; SIGTERM and SIGINT its fast one.
    let graceful = vec![format!(
        "{stamp} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down"
    )];
    b.handles = exit_on(&[Signal::Quit], graceful);
    for signal in [Signal::Term, Signal::Int] {
        let line = format!(
            "{stamp} [notice] 1#1: signal {} ({}) received, exiting",
            signal.number(),
            signal.name()
        );
        b.handles.push((signal, Reaction::Exit(0, vec![line])));
    }
    b.handles.push((Signal::Hup, Reaction::Continue));
    b
}

fn redis(t: &DateTime, now: u64) -> Behavior {
    let stamp = format!(
        "{:02} {} {} {:02}:{:02}:{:02}.{:03}",
        t.day,
        t.month_abbrev(),
        t.year,
        t.hour,
        t.minute,
        t.second,
        t.milli
    );
    let b = Behavior::forever().say(&[
        &format!("1:C {stamp} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"),
        &format!(
            "1:C {stamp} * Redis version=8.2.3, bits=64, commit=00000000, modified=1, pid=1, just started"
        ),
        &format!("1:M {stamp} * Running mode=standalone, port=6379."),
        &format!("1:M {stamp} * Server initialized"),
        &format!("1:M {stamp} * Ready to accept connections tcp"),
    ]);
    let bye = vec![
        format!(
            "1:signal-handler ({}) Received SIGTERM scheduling shutdown...",
            now / 1000
        ),
        "1:M * User requested shutdown...".to_string(),
        "1:M # Redis is now ready to exit, bye bye...".to_string(),
    ];
    Behavior {
        handles: exit_on(&[Signal::Term, Signal::Int], bye),
        ..b
    }
}

fn postgres(t: &DateTime, env: &[String]) -> Behavior {
    let has = |key: &str| {
        env.iter().any(|e| {
            e.strip_prefix(key)
                .is_some_and(|v| v.len() > 1 && v.starts_with('='))
        })
    };
    if !has("POSTGRES_PASSWORD") && !has("POSTGRES_HOST_AUTH_METHOD") {
        let mut b = Behavior::finite(0, 1);
        for line in POSTGRES_NO_PASSWORD {
            b.output.push((true, (*line).to_string()));
        }
        return b;
    }
    let stamp = format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:03} UTC",
        t.year, t.month, t.day, t.hour, t.minute, t.second, t.milli
    );
    let mut b = Behavior::forever().say(&["PostgreSQL init process complete; ready for start up.", ""]);
    b.output.push((
        true,
        format!("{stamp} [1] LOG:  starting PostgreSQL 18.1 on x86_64-pc-linux-gnu"),
    ));
    b.output.push((
        true,
        format!("{stamp} [1] LOG:  database system is ready to accept connections"),
    ));
    let bye = vec![format!("{stamp} [1] LOG:  received fast shutdown request")];
    b.handles = exit_on(&[Signal::Int, Signal::Term, Signal::Quit], bye);
    b
}

const POSTGRES_NO_PASSWORD: &[&str] = &[
    "Error: Database is uninitialized and superuser password is not specified.",
    "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
    "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".",
    "",
    "       You may also use \"POSTGRES_HOST_AUTH_METHOD=trust\" to allow all",
    "       connections without a password. This is *not* recommended.",
];

const HELLO: &[&str] = &[
    "",
    "Hello from Docker!",
    "This message shows that your installation appears to be working correctly.",
    "",
    "To generate this message, Docker took the following steps:",
    " 1. The Docker client contacted the Docker daemon.",
    " 2. The Docker daemon pulled the \"hello-world\" image from the Docker Hub.",
    "    (amd64)",
    " 3. The Docker daemon created a new container from that image which runs the",
    "    executable that produces the output you are currently reading.",
    " 4. The Docker daemon streamed that output to the Docker client, which sent it",
    "    to your terminal.",
    "",
    "To try something more ambitious, you can run an Ubuntu container with:",
    " $ docker run -it ubuntu bash",
    "",
    "Share images, automate workflows, and more with a free Docker ID:",
    " https://hub.docker.com/",
    "",
    "For more examples and ideas, visit:",
    " https://docs.docker.com/get-started/",
    "",
];
