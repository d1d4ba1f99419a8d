//! The simulated Docker host: images, containers, a virtual clock and a working directory,
//! driven by console lines (`docker …` and a few shell builtins) exactly as a terminal would.
//!
//! Deterministic: IDs come from a seed, time only moves through `sleep`, [`Host::advance`] and
//! commands that take time in reality (`docker stop` waiting out its grace period). Replaying
//! the same lines on a new host with the same seed gives the same world.

mod build;
mod catalogue;
pub mod compose;
pub mod compose_graph;
mod container;
mod docker;
mod exec;
mod flags;
pub mod health;
mod images;
pub mod output;
mod program;
mod snapshot;
mod whatif;

use std::collections::{BTreeMap, BTreeSet};

pub use build::{BuildReport, HistoryEntry, MissReason, StepReport};
pub use catalogue::{CATALOGUE, ImageSpec};
pub use container::{Container, LayerEntry, LogLine, PortBinding, RestartPolicy, State};
pub use program::{Behavior, Signal};
pub use snapshot::{ActionView, ContainerView, HistoryRow, ImageView, Snapshot};
pub use whatif::{CacheComparison, RebuildCost};

use crate::shell::split_line;
use output::EPOCH_MS;

/// What one console line did: what a terminal would show, and what changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Exit status.
    pub exit: i32,
    /// What happened to the world, in order (drives animations; the state never depends on them).
    pub events: Vec<Event>,
    /// The line was `clear`.
    pub clear: bool,
    /// Both streams line by line in the order a terminal shows them: (on stderr, line).
    pub merged: Vec<(bool, String)>,
}

impl Outcome {
    fn fail(stderr: impl Into<String>, exit: i32) -> Outcome {
        let mut outcome = Outcome {
            exit,
            ..Outcome::default()
        };
        outcome.err_text(&stderr.into());
        outcome
    }

    /// An outcome that printed `text` on stdout.
    fn text(text: impl Into<String>) -> Outcome {
        let mut outcome = Outcome::default();
        outcome.out_text(&text.into());
        outcome
    }

    fn out(&mut self, line: &str) {
        self.stdout.push_str(line);
        self.stdout.push('\n');
        self.merged.push((false, line.to_string()));
    }

    fn err(&mut self, line: &str) {
        self.stderr.push_str(line);
        self.stderr.push('\n');
        self.merged.push((true, line.to_string()));
    }

    /// Prints text (one or more lines; a missing final newline is added) on stdout.
    fn out_text(&mut self, text: &str) {
        for line in text.lines() {
            self.out(line);
        }
    }

    /// Prints text on stderr.
    fn err_text(&mut self, text: &str) {
        for line in text.lines() {
            self.err(line);
        }
    }

    /// Everything printed, as a terminal shows it.
    pub fn terminal_text(&self) -> String {
        self.merged.iter().map(|(_, line)| format!("{line}\n")).collect()
    }
}

/// A change in the world.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Event {
    /// An image arrived (`docker pull` or the pull `run` does).
    ImagePulled(String),
    /// A container was created (ID).
    Created(String),
    /// A container's process started (ID).
    Started(String),
    /// A container was paused (ID).
    Paused(String),
    /// A container was unpaused (ID).
    Unpaused(String),
    /// A container's process ended (ID, exit code).
    Died(String, i32),
    /// The restart policy will restart it (ID).
    Restarting(String),
    /// A container was removed (ID).
    Removed(String),
    /// A container's health changed (ID, `healthy` / `unhealthy`).
    Health(String, String),
    /// The virtual clock moved forward by this many ms.
    Clock(u64),
}

/// An image in the host's local store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// `sha256:` + 64 hex.
    pub id: String,
    /// Repository (`nginx`).
    pub repo: String,
    /// Tag (`latest`).
    pub tag: String,
    /// Layers: (digest, size in bytes), lowest first.
    pub layers: Vec<(String, u64)>,
    /// Build time (ms since 1970).
    pub created: u64,
    /// The configuration containers start from.
    pub config: ImageConfig,
    /// One entry per instruction that made it (what `docker history` lists), oldest first.
    pub history: Vec<HistoryEntry>,
    /// Files its layers hold that the simulator knows by content (what `COPY` put there).
    pub files: BTreeMap<String, String>,
}

impl Image {
    /// Total size of the layers.
    pub fn size(&self) -> u64 {
        self.layers.iter().map(|(_, s)| s).sum()
    }

    /// `repo:tag`.
    pub fn reference(&self) -> String {
        format!("{}:{}", self.repo, self.tag)
    }
}

/// An image's run configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageConfig {
    /// `ENTRYPOINT`.
    pub entrypoint: Vec<String>,
    /// `CMD`.
    pub cmd: Vec<String>,
    /// `ENV`.
    pub env: Vec<String>,
    /// `EXPOSE`.
    pub exposed: Vec<String>,
    /// `STOPSIGNAL`.
    pub stop_signal: Signal,
    /// `WORKDIR`.
    pub working_dir: String,
}

/// The simulated Docker host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host {
    now: u64,
    rng: u64,
    next_pid: u32,
    images: Vec<Image>,
    containers: Vec<Container>,
    files: BTreeMap<String, String>,
    project: String,
    /// Cache keys of the build steps done so far (the build cache).
    build_cache: BTreeSet<String>,
    /// The last build's steps by position (`stage:step`), to explain the next build's misses.
    build_steps: BTreeMap<String, build::StepInfo>,
    /// How the last build went, step by step.
    last_build: Option<BuildReport>,
    /// The last container removed by `--rm`: (ID, logs, exit code), so an attached
    /// `docker run --rm` can still print what it did.
    last_removed: Option<(String, Vec<LogLine>, i32)>,
    /// Networks made by Compose.
    networks: Vec<compose::ResourceRecord>,
    /// Named volumes made by Compose.
    volumes: Vec<compose::ResourceRecord>,
    /// The last `docker compose` command's progress, for the compose view to replay.
    last_compose: Option<compose::ComposeRun>,
}

impl Default for Host {
    fn default() -> Host {
        Host::new(14)
    }
}

impl Host {
    /// A fresh host (no images, no containers) whose IDs follow from `seed`.
    pub fn new(seed: u64) -> Host {
        Host {
            now: EPOCH_MS,
            rng: seed ^ 0x5eed_0000_d0c4_e000,
            next_pid: 1200,
            images: Vec::new(),
            containers: Vec::new(),
            files: BTreeMap::new(),
            project: "myapp".to_string(),
            last_removed: None,
            networks: Vec::new(),
            volumes: Vec::new(),
            last_compose: None,
            build_cache: BTreeSet::new(),
            build_steps: BTreeMap::new(),
            last_build: None,
        }
    }

    /// Seeds the working directory (the build context for `docker build`).
    pub fn with_files(mut self, project: &str, files: impl IntoIterator<Item = (String, String)>) -> Host {
        project.clone_into(&mut self.project);
        self.files.extend(files);
        self
    }

    /// The virtual clock, in ms since 1970.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// ms since the host started.
    pub fn elapsed(&self) -> u64 {
        self.now - EPOCH_MS
    }

    /// Containers, oldest first.
    pub fn containers(&self) -> &[Container] {
        &self.containers
    }

    /// Local images.
    pub fn images(&self) -> &[Image] {
        &self.images
    }

    /// The working directory's files.
    pub fn files(&self) -> &BTreeMap<String, String> {
        &self.files
    }

    /// How the last `docker build` went, step by step.
    pub fn last_build(&self) -> Option<&BuildReport> {
        self.last_build.as_ref()
    }

    /// The working directory's name.
    pub fn project(&self) -> &str {
        &self.project
    }

    /// Runs one console line.
    pub fn run(&mut self, line: &str) -> Outcome {
        let parsed = match split_line(line) {
            Ok(parsed) => parsed,
            Err(err) => return Outcome::fail(err.to_string(), 2),
        };
        let Some((command, args)) = parsed.words.split_first() else {
            return Outcome::default();
        };
        let mut outcome = match command.as_str() {
            "docker" => self.docker(args),
            "sleep" => self.builtin_sleep(args),
            "echo" => Outcome::text(args.join(" ")),
            "cat" => self.builtin_cat(args),
            "printf" => builtin_printf(args),
            "ls" => self.builtin_ls(),
            "rm" => self.builtin_rm(args),
            "clear" => Outcome {
                clear: true,
                ..Outcome::default()
            },
            "help" => Outcome::text(HELP),
            other => Outcome::fail(format!("sh: {other}: command not found"), 127),
        };
        if let Some(redirect) = parsed.redirect {
            let text = std::mem::take(&mut outcome.stdout);
            outcome.merged.retain(|(stderr, _)| *stderr);
            if !is_plain_file_name(&redirect.file) {
                return Outcome::fail(format!("sh: {}: Permission denied", redirect.file), 1);
            }
            let entry = self.files.entry(redirect.file).or_default();
            if redirect.append {
                entry.push_str(&text);
            } else {
                *entry = text;
            }
        }
        outcome
    }

    /// Moves the virtual clock forward, letting processes finish and restart policies act.
    pub fn advance(&mut self, ms: u64) -> Vec<Event> {
        let mut events = Vec::new();
        self.advance_to(self.now.saturating_add(ms), &mut events);
        if ms > 0 {
            events.push(Event::Clock(ms));
        }
        events
    }

    fn builtin_sleep(&mut self, args: &[String]) -> Outcome {
        let Some(seconds) = args
            .first()
            .and_then(|a| a.parse::<f64>().ok())
            .filter(|s| *s >= 0.0 && s.is_finite())
        else {
            return Outcome::fail(
                match args.first() {
                    Some(a) => format!("sleep: invalid time interval '{a}'"),
                    None => "sleep: missing operand".to_string(),
                },
                1,
            );
        };
        // A day is plenty for any lesson; larger values would only overflow the clock.
        let ms = (seconds.min(86_400.0) * 1000.0) as u64;
        Outcome {
            events: self.advance(ms),
            ..Outcome::default()
        }
    }

    fn builtin_cat(&self, args: &[String]) -> Outcome {
        let mut outcome = Outcome::default();
        for name in args {
            match self.files.get(name) {
                Some(text) => outcome.out_text(text),
                None => {
                    outcome.err(&format!("cat: {name}: No such file or directory"));
                    outcome.exit = 1;
                }
            }
        }
        outcome
    }

    /// `rm FILE…` in the project folder (coreutils wording).
    fn builtin_rm(&mut self, args: &[String]) -> Outcome {
        let mut outcome = Outcome::default();
        let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        if names.is_empty() {
            return Outcome::fail("rm: missing operand", 1);
        }
        for name in names {
            if self.files.remove(name.as_str()).is_none() && !args.iter().any(|a| a == "-f") {
                outcome.err(&format!("rm: cannot remove '{name}': No such file or directory"));
                outcome.exit = 1;
            }
        }
        outcome
    }

    fn builtin_ls(&self) -> Outcome {
        let mut outcome = Outcome::default();
        for name in self.files.keys() {
            outcome.out(name);
        }
        outcome
    }

    /// 64 hex digits from the seeded generator (splitmix64).
    fn random_hex(&mut self) -> String {
        output::splitmix_hex(&mut self.rng)
    }

    /// Lets time pass up to `target`, handling process exits and restarts in time order.
    fn advance_to(&mut self, target: u64, events: &mut Vec<Event>) {
        loop {
            let next = self
                .containers
                .iter()
                .enumerate()
                .filter_map(|(i, c)| {
                    if c.restarting {
                        c.restart_at.map(|t| (t, i, false))
                    } else if c.running && !c.paused {
                        let exit = c
                            .process
                            .as_ref()
                            .and_then(|p| p.lifetime_ms)
                            .and_then(|lifetime| Some(c.started_at?.saturating_add(lifetime)));
                        let probe = c.health.as_ref().map(|h| h.next_probe);
                        // A process exit comes before a probe due at the same moment.
                        match (exit, probe) {
                            (Some(e), Some(p)) if p < e => Some((p, i, true)),
                            (Some(e), _) => Some((e, i, false)),
                            (None, Some(p)) => Some((p, i, true)),
                            (None, None) => None,
                        }
                    } else {
                        None
                    }
                })
                .min();
            match next {
                Some((at, i, probe)) if at <= target => {
                    self.now = self.now.max(at);
                    if probe {
                        self.run_probe(i, events);
                    } else if self.containers[i].restarting {
                        self.restart_now(i, events);
                    } else {
                        let code = self.containers[i].process.as_ref().map_or(0, |p| p.exit_code);
                        self.process_exited(i, code, true, events);
                    }
                }
                _ => break,
            }
        }
        self.now = self.now.max(target);
    }

    /// Runs container `i`'s healthcheck probe that is due now.
    fn run_probe(&mut self, i: usize, events: &mut Vec<Event>) {
        let now = self.now;
        let c = &mut self.containers[i];
        let ready = health::ready_after_ms(&catalogue::split_reference(&c.image).0);
        let started = c.started_at.unwrap_or(now);
        if let Some(status) = c.health.as_mut().and_then(|h| h.probe(now, started, ready)) {
            events.push(Event::Health(c.id.clone(), status.name().to_string()));
        }
    }

    /// Starts container `i`'s process now. Errors are the daemon's message.
    fn start_process(&mut self, i: usize, events: &mut Vec<Event>) -> Result<(), String> {
        let now = self.now;
        let c = &self.containers[i];
        let mut argv = vec![c.path.clone()];
        argv.extend(c.args.iter().cloned());
        let image = self.images.iter().find(|img| img.id == c.image_id);
        let workdir = image.map_or("/", |img| img.config.working_dir.as_str());
        let read = |path: &str| -> Option<String> {
            let absolute = if path.starts_with('/') {
                path.to_string()
            } else {
                format!("{}/{path}", workdir.trim_end_matches('/'))
            };
            image.and_then(|img| img.files.get(&absolute).cloned())
        };
        let behavior = match program::launch(&argv, &c.env, c.interactive, now, &read) {
            Ok(b) => b,
            Err(program::LaunchError::NotFound(exe)) => {
                let c = &mut self.containers[i];
                c.exit_code = 127;
                return Err(format!(
                    "failed to create task for container: failed to create shim task: OCI runtime create failed: \
                     runc create failed: unable to start container process: error during container init: \
                     exec: \"{exe}\": executable file not found in $PATH"
                ));
            }
        };
        if let Some(port) = self.port_in_use(i) {
            let c = &self.containers[i];
            return Err(format!(
                "failed to set up container networking: driver failed programming external connectivity on \
                 endpoint {} ({}): Bind for 0.0.0.0:{port} failed: port is already allocated",
                c.name, c.id
            ));
        }
        self.next_pid += 1;
        let pid = self.next_pid;
        let c = &mut self.containers[i];
        c.running = true;
        c.paused = false;
        c.restarting = false;
        c.restart_at = None;
        c.started_at = Some(now);
        c.pid = pid;
        c.health = c
            .health_config
            .clone()
            .map(|config| health::Health::start(config, now));
        for (stderr, text) in &behavior.output {
            c.logs.push(LogLine {
                at: now,
                stderr: *stderr,
                text: text.clone(),
            });
        }
        let immediate = behavior.lifetime_ms == Some(0);
        let code = behavior.exit_code;
        c.process = Some(behavior);
        events.push(Event::Started(c.id.clone()));
        if immediate {
            self.process_exited(i, code, true, events);
        }
        Ok(())
    }

    fn port_in_use(&self, i: usize) -> Option<u16> {
        let wanted = &self.containers[i].ports;
        self.containers
            .iter()
            .enumerate()
            .filter(|(j, c)| *j != i && c.running)
            .find_map(|(_, c)| {
                c.ports
                    .iter()
                    .find(|p| wanted.iter().any(|w| w.host == p.host && w.proto == p.proto))
                    .map(|p| p.host)
            })
    }

    /// Container `i`'s process ended with `code`. `natural` = it exited by itself (not by a
    /// signal we sent on a user's command), which is when restart policies and `--rm` apply.
    fn process_exited(&mut self, i: usize, code: i32, natural: bool, events: &mut Vec<Event>) {
        let now = self.now;
        let c = &mut self.containers[i];
        if let Some(process) = c.process.take() {
            for (stderr, text) in process.exit_output {
                c.logs.push(LogLine {
                    at: now,
                    stderr,
                    text,
                });
            }
        }
        let ran = now.saturating_sub(c.started_at.unwrap_or(now));
        c.running = false;
        c.paused = false;
        c.pid = 0;
        c.exit_code = code;
        c.finished_at = Some(now);
        let id = c.id.clone();
        events.push(Event::Died(id.clone(), code));
        if natural && c.should_restart(code) {
            // 100 ms, doubling, at most a minute; back to 100 ms after a run of 10 s or more.
            c.backoff_ms = if c.backoff_ms == 0 || ran >= 10_000 {
                100
            } else {
                (c.backoff_ms * 2).min(60_000)
            };
            c.running = true;
            c.restarting = true;
            c.restart_at = Some(now + c.backoff_ms);
            events.push(Event::Restarting(id));
        } else if c.auto_remove {
            let removed = self.containers.remove(i);
            self.last_removed = Some((id.clone(), removed.logs, removed.exit_code));
            events.push(Event::Removed(id));
        }
    }

    fn restart_now(&mut self, i: usize, events: &mut Vec<Event>) {
        let c = &mut self.containers[i];
        c.restarting = false;
        c.running = false;
        c.restart_count += 1;
        if self.start_process(i, events).is_err() {
            let c = &mut self.containers[i];
            c.running = false;
            c.finished_at = Some(self.now);
        }
    }
}

/// `printf FORMAT [ARG…]`: `%s` takes the next argument; `\n`, `\t`, `\\` and `%%` as in the
/// shell's printf. Handy for writing a multi-line file in one line (`printf 'a\nb\n' > f`).
fn builtin_printf(args: &[String]) -> Outcome {
    let Some((format, values)) = args.split_first() else {
        return Outcome::fail("printf: usage: printf format [arguments]", 2);
    };
    let mut values = values.iter();
    let mut text = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek().copied()) {
            ('\\', Some('n')) => {
                chars.next();
                text.push('\n');
            }
            ('\\', Some('t')) => {
                chars.next();
                text.push('\t');
            }
            ('\\', Some('\\')) => {
                chars.next();
                text.push('\\');
            }
            ('%', Some('s')) => {
                chars.next();
                text.push_str(values.next().map_or("", String::as_str));
            }
            ('%', Some('%')) => {
                chars.next();
                text.push('%');
            }
            (other, _) => text.push(other),
        }
    }
    // Unlike echo, printf adds no newline: keep the text exact (a last partial line included).
    let merged = text
        .split_inclusive('\n')
        .map(|l| (false, l.trim_end_matches('\n').to_string()))
        .collect();
    Outcome {
        stdout: text,
        merged,
        ..Outcome::default()
    }
}

/// A file name in the working directory: no folders, no `..`.
fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains('/')
}

const HELP: &str = "\
paperlab console — a simulated Docker host. Time only passes when you say so.

  docker run [-d] [--name NAME] [--rm] [--restart POLICY] [-e K=V] [-p HOST:CTR] IMAGE [CMD…]
  docker create / start / stop [-t SECONDS] / kill [-s SIGNAL] / pause / unpause / restart
  docker rm [-f] / exec CONTAINER CMD… / wait / logs [--tail N] / inspect [-f FORMAT]
  docker ps [-a] [-q] [--format FORMAT] / images / pull IMAGE / network ls / volume ls
  docker build [-t NAME] [-f FILE] [--build-arg K=V] [--target STAGE] [--no-cache] .
  docker history IMAGE / rmi [-f] IMAGE / diff CONTAINER / system df / builder prune
  docker compose [-f FILE] [-p NAME] up [-d] [--scale S=N] [--wait] / down [-v] / ps / config
                 / start / stop / restart / logs / build

  sleep N          let N seconds pass on the virtual clock
  echo TEXT [> FILE | >> FILE], cat FILE, ls, rm FILE   files in the project folder
  clear, help

Images: hello-world, alpine, busybox, nginx, redis, postgres, python, node.
`docker images` prints the classic table (Docker 29 shows a tree view by default).
";

#[cfg(test)]
mod tests;
