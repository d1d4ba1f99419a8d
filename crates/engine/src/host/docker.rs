//! The `docker` command: subcommands, their flags, and their output and errors as the real
//! CLI prints them (FIDELITY §1.2, §1.3, §1.8).

use std::collections::BTreeMap;

use super::catalogue::{self, split_reference};
use super::container::{Container, LogLine, PortBinding, RestartPolicy, State};
use super::flags::{FlagSpec, flag, parse};
use super::health::HealthConfig;
use super::output::{human_duration, human_size, rfc3339, tabulate};
use super::program::{Reaction, Signal};
use super::{Event, Host, Image, ImageConfig, Outcome};
use crate::gotemplate::{self, Value};

/// `Error response from daemon: ` — the API client's prefix (moby client/request.go).
const DAEMON: &str = "Error response from daemon: ";

const RUN_FLAGS: &[FlagSpec] = &[
    flag("detach", Some('d'), false),
    flag("interactive", Some('i'), false),
    flag("tty", Some('t'), false),
    flag("rm", None, false),
    flag("name", None, true),
    flag("env", Some('e'), true),
    flag("publish", Some('p'), true),
    flag("restart", None, true),
    flag("stop-signal", None, true),
    flag("stop-timeout", None, true),
    flag("pull", None, true),
    flag("volume", Some('v'), true),
    flag("network", None, true),
    flag("label", Some('l'), true),
    flag("health-cmd", None, true),
    flag("health-interval", None, true),
    flag("health-timeout", None, true),
    flag("health-retries", None, true),
    flag("health-start-period", None, true),
    flag("health-start-interval", None, true),
    flag("no-healthcheck", None, false),
    flag("workdir", Some('w'), true),
    flag("hostname", Some('h'), true),
];

impl Host {
    /// Runs `docker ARGS…`.
    pub(super) fn docker(&mut self, args: &[String]) -> Outcome {
        let Some((sub, rest)) = args.split_first() else {
            return Outcome::fail(USAGE, 0);
        };
        match sub.as_str() {
            "run" => self.cmd_run(rest, true),
            "create" => self.cmd_run(rest, false),
            "start" => self.cmd_start(rest),
            "stop" => self.cmd_stop(rest, "stop"),
            "restart" => self.cmd_stop(rest, "restart"),
            "kill" => self.cmd_kill(rest),
            "pause" => self.cmd_pause(rest, true),
            "unpause" => self.cmd_pause(rest, false),
            "rm" => self.cmd_rm(rest),
            "wait" => self.cmd_wait(rest),
            "exec" => self.cmd_exec(rest),
            "logs" => self.cmd_logs(rest),
            "ps" => self.cmd_ps(rest),
            "inspect" => self.cmd_inspect(rest),
            "images" => self.cmd_images(rest),
            "pull" => self.cmd_pull(rest),
            "build" => self.cmd_build(rest),
            "history" => self.cmd_history(rest),
            "rmi" => self.cmd_rmi(rest),
            "diff" => self.cmd_diff(rest),
            "system" => self.cmd_system(rest),
            "buildx" => match rest.split_first() {
                Some((b, more)) if b == "build" => self.cmd_build(more),
                _ => Outcome::fail("paperlab: only `docker buildx build` is simulated", 1),
            },
            "container" => self.docker_group(rest, "container", &[("ls", "ps"), ("list", "ps")]),
            "image" => self.docker_group(
                rest,
                "image",
                &[("ls", "images"), ("list", "images"), ("rm", "rmi")],
            ),
            "builder" => self.cmd_builder(rest),
            "network" => self.cmd_network(rest),
            "compose" => self.docker_compose(rest),
            "volume" => self.cmd_volume(rest),
            "version" => Outcome::text(VERSION),
            "help" | "--help" | "-h" => Outcome::text(USAGE),
            other if other.starts_with('-') => {
                Outcome::fail(format!("unknown flag: {other}\nSee 'docker --help'."), 125)
            }
            other => Outcome::fail(
                format!("docker: '{other}' is not a docker command.\nSee 'docker --help'"),
                1,
            ),
        }
    }

    /// `docker container ls`, `docker image pull`, …: the grouped spellings of the same commands.
    fn docker_group(&mut self, args: &[String], group: &str, aliases: &[(&str, &str)]) -> Outcome {
        let Some((sub, rest)) = args.split_first() else {
            return Outcome::fail(format!("Usage:  docker {group} COMMAND"), 0);
        };
        let target = aliases
            .iter()
            .find(|(a, _)| a == sub)
            .map_or(sub.as_str(), |(_, t)| t);
        let mut line = vec![target.to_string()];
        line.extend(rest.iter().cloned());
        self.docker(&line)
    }

    // ---- run / create -------------------------------------------------------------------

    fn cmd_run(&mut self, args: &[String], run: bool) -> Outcome {
        let command = if run { "run" } else { "create" };
        let usage = format!("docker {command} [OPTIONS] IMAGE [COMMAND] [ARG...]");
        let specs: Vec<FlagSpec> = RUN_FLAGS
            .iter()
            .filter(|s| run || s.long != "detach")
            .map(|s| flag(s.long, s.short, s.takes_value))
            .collect();
        let parsed = match parse(args, &specs, false) {
            Ok(p) => p,
            Err(e) => return flag_error(&e, command),
        };
        // run/create errors: "docker: <err>\n\nRun 'docker run --help' for more information",
        // exit 125 (docker/cli cli/command/container/run.go); create prints the daemon errors bare.
        let fail = |message: &str, code: i32| {
            if run {
                Outcome::fail(
                    format!("docker: {message}\n\nRun 'docker run --help' for more information"),
                    code,
                )
            } else {
                Outcome::fail(message, if code == 125 { 1 } else { code })
            }
        };
        let Some((reference, cmd)) = parsed.args.split_first() else {
            return requires(command, "at least 1 argument", &usage);
        };
        let policy = match parse_restart(parsed.value("restart").unwrap_or("no")) {
            Ok(p) => p,
            Err(e) => return fail(&e, 125),
        };
        if parsed.has("rm") && policy != RestartPolicy::No {
            return fail("conflicting options: cannot specify both --restart and --rm", 125);
        }
        let mut ports = Vec::new();
        for spec in parsed.values("publish") {
            match parse_port(spec) {
                Ok(p) => ports.push(p),
                Err(e) => return fail(&e, 125),
            }
        }
        let stop_signal = match parsed.value("stop-signal").map(Signal::parse) {
            Some(None) => {
                return fail(
                    &format!(
                        "invalid signal: {}",
                        parsed.value("stop-signal").unwrap_or_default()
                    ),
                    125,
                );
            }
            Some(Some(s)) => Some(s),
            None => None,
        };
        let stop_timeout = match parsed.value("stop-timeout").map(str::parse::<i64>) {
            Some(Err(_)) => {
                let v = parsed.value("stop-timeout").unwrap_or_default();
                return flag_error(
                    &format!(
                        "invalid argument \"{v}\" for \"--stop-timeout\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax"
                    ),
                    command,
                );
            }
            Some(Ok(t)) => Some(t),
            None => None,
        };
        if let Some(name) = parsed.value("name") {
            if !valid_name(name) {
                return fail(
                    &format!(
                        "{DAEMON}Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
                    ),
                    125,
                );
            }
            if let Some(other) = self.containers.iter().find(|c| c.name == name) {
                return fail(
                    &format!(
                        "{DAEMON}Conflict. The container name \"/{name}\" is already in use by container \"{}\". You have to remove (or rename) that container to be able to reuse that name.",
                        other.id
                    ),
                    125,
                );
            }
        }

        let health_config = match health_flags(&parsed) {
            Ok(h) => h,
            Err(e) => return flag_error(&e, command),
        };
        let mut labels = BTreeMap::new();
        for label in parsed.values("label") {
            let (k, v) = label.split_once('=').unwrap_or((label, ""));
            labels.insert(k.to_string(), v.to_string());
        }
        let mut outcome = Outcome::default();
        let (repo, tag) = split_reference(reference);
        let image = match self.local_image(&repo, &tag) {
            Some(image) => image,
            None => {
                if parsed.value("pull") == Some("never") {
                    return fail(&format!("{DAEMON}No such image: {repo}:{tag}"), 125);
                }
                outcome.err(&format!("Unable to find image '{repo}:{tag}' locally"));
                match self.pull(&repo, &tag) {
                    Ok((progress, image, events)) => {
                        outcome.err_text(&progress);
                        outcome.events.extend(events);
                        image
                    }
                    Err(e) => {
                        let failed = fail(&format!("{DAEMON}{e}"), 125);
                        outcome.err_text(&failed.stderr);
                        outcome.exit = failed.exit;
                        return outcome;
                    }
                }
            }
        };

        let mut argv: Vec<String> = image.config.entrypoint.clone();
        argv.extend(if cmd.is_empty() {
            image.config.cmd.clone()
        } else {
            cmd.to_vec()
        });
        let Some((path, argv_rest)) = argv.split_first() else {
            return fail(&format!("{DAEMON}no command specified"), 125);
        };
        let mut env = image.config.env.clone();
        for e in parsed.values("env") {
            env.retain(|old| old.split('=').next() != e.split('=').next());
            env.push(e.to_string());
        }
        let id = self.random_hex();
        let name = match parsed.value("name") {
            Some(n) => n.to_string(),
            None => self.generate_name(),
        };
        let container = Container {
            id: id.clone(),
            name,
            image: reference.clone(),
            image_id: image.id.clone(),
            path: path.clone(),
            args: argv_rest.to_vec(),
            env,
            exposed: image.config.exposed.clone(),
            ports,
            stop_signal: stop_signal.unwrap_or(image.config.stop_signal),
            stop_timeout,
            restart_policy: policy,
            auto_remove: parsed.has("rm"),
            interactive: parsed.has("interactive") || parsed.has("tty"),
            created: self.now,
            started_at: None,
            finished_at: None,
            running: false,
            paused: false,
            restarting: false,
            dead: false,
            exit_code: 0,
            restart_count: 0,
            manually_stopped: false,
            process: None,
            pid: 0,
            restart_at: None,
            backoff_ms: 0,
            logs: Vec::new(),
            layer: BTreeMap::new(),
            labels,
            health_config,
            health: None,
            network: parsed.value("network").unwrap_or("bridge").to_string(),
        };
        self.containers.push(container);
        outcome.events.push(Event::Created(id.clone()));
        if !run {
            outcome.out(&id);
            return outcome;
        }

        let index = self.containers.len() - 1;
        if let Err(e) = self.start_process(index, &mut outcome.events) {
            let code = if e.contains("executable file not found") {
                127
            } else {
                125
            };
            // A failed start of a --rm container removes it (moby daemon/start.go).
            if let Some(i) = self.index_of_id(&id)
                && self.containers[i].auto_remove
            {
                self.containers.remove(i);
                outcome.events.push(Event::Removed(id.clone()));
            }
            let failed = fail(&format!("{DAEMON}{e}"), code);
            outcome.err_text(&failed.stderr);
            outcome.exit = failed.exit;
            return outcome;
        }
        if parsed.has("detach") {
            outcome.out(&id);
            return outcome;
        }
        // Attached: the CLI streams the output and exits with the container's code.
        let mut waited = 0;
        if let Some(i) = self.index_of_id(&id)
            && let Some(end) = self.natural_end(i)
        {
            waited = end.saturating_sub(self.now);
            let mut events = Vec::new();
            self.advance_to(end, &mut events);
            outcome.events.extend(events);
        }
        if waited > 0 {
            outcome.events.push(Event::Clock(waited));
        }
        let logs: Vec<LogLine> = match self.index_of_id(&id) {
            Some(i) => self.containers[i].logs.clone(),
            None => self
                .last_removed
                .as_ref()
                .filter(|r| r.0 == id)
                .map(|r| r.1.clone())
                .unwrap_or_default(),
        };
        for line in &logs {
            if line.stderr {
                outcome.err(&line.text)
            } else {
                outcome.out(&line.text)
            }
        }
        match self.index_of_id(&id).map(|i| &self.containers[i]) {
            Some(c) if c.state() == State::Running || c.state() == State::Restarting => {
                outcome.err(&format!(
                    "paperlab: {} keeps running in the foreground; the console detached from it \
                     (in a terminal you would press Ctrl-P Ctrl-Q, or start it with -d)",
                    c.name
                ));
            }
            Some(c) => outcome.exit = c.exit_code,
            None => {
                outcome.exit = self
                    .last_removed
                    .as_ref()
                    .filter(|r| r.0 == id)
                    .map_or(0, |r| r.2)
            }
        }
        outcome
    }

    /// When container `i`'s process ends by itself, if it does.
    fn natural_end(&self, i: usize) -> Option<u64> {
        let c = &self.containers[i];
        if !c.running || c.paused || c.restarting {
            return None;
        }
        Some(c.started_at?.saturating_add(c.process.as_ref()?.lifetime_ms?))
    }

    pub(super) fn index_of_id(&self, id: &str) -> Option<usize> {
        self.containers.iter().position(|c| c.id == id)
    }

    fn local_image(&self, repo: &str, tag: &str) -> Option<Image> {
        self.images
            .iter()
            .find(|i| i.repo == repo && i.tag == tag)
            .cloned()
    }

    /// Pulls an image: (progress text, image, events) or the daemon's error.
    pub(super) fn pull(&mut self, repo: &str, tag: &str) -> Result<(String, Image, Vec<Event>), String> {
        let Some(spec) = catalogue::find(repo) else {
            return Err(format!(
                "pull access denied for {repo}, repository does not exist or may require 'docker login'"
            ));
        };
        if !spec.tags.contains(&tag) {
            return Err(format!(
                "manifest for {repo}:{tag} not found: manifest unknown: manifest unknown"
            ));
        }
        let mut progress = format!("{tag}: Pulling from library/{repo}\n");
        let mut layers = Vec::new();
        let (base, base_sizes) = spec.base_layers;
        let own = spec
            .own_layers
            .iter()
            .enumerate()
            .map(|(n, size)| (format!("{repo}:{n}"), *size));
        let shared = base_sizes
            .iter()
            .enumerate()
            .map(|(n, size)| (format!("{base}:{n}"), *size));
        for (key, size) in shared.chain(own) {
            let digest = format!("sha256:{}", stable_hex(&key));
            let present = self
                .images
                .iter()
                .any(|i| i.layers.iter().any(|(d, _)| *d == digest));
            let short = &digest[7..19];
            progress.push_str(&format!(
                "{short}: {}\n",
                if present {
                    "Already exists"
                } else {
                    "Pull complete"
                }
            ));
            layers.push((digest, size));
        }
        let layers_for_history = layers.clone();
        let id = format!("sha256:{}", stable_hex(&format!("{repo}:{tag}:config")));
        progress.push_str(&format!(
            "Digest: sha256:{}\n",
            stable_hex(&format!("{repo}:{tag}:manifest"))
        ));
        progress.push_str(&format!("Status: Downloaded newer image for {repo}:{tag}\n"));
        let image = Image {
            id: id.clone(),
            repo: repo.to_string(),
            tag: tag.to_string(),
            layers,
            created: super::output::EPOCH_MS.saturating_sub(spec.age_days * 86_400_000),
            config: ImageConfig {
                entrypoint: spec.entrypoint.iter().map(|s| (*s).to_string()).collect(),
                cmd: spec.cmd.iter().map(|s| (*s).to_string()).collect(),
                env: spec.env.iter().map(|s| (*s).to_string()).collect(),
                exposed: spec.exposed.iter().map(|s| (*s).to_string()).collect(),
                stop_signal: Signal::parse(spec.stop_signal).unwrap_or(Signal::Term),
                working_dir: spec.working_dir.to_string(),
            },
            history: base_history(spec, &layers_for_history),
            files: BTreeMap::new(),
        };
        self.images.push(image.clone());
        Ok((progress, image, vec![Event::ImagePulled(format!("{repo}:{tag}"))]))
    }

    fn cmd_pull(&mut self, args: &[String]) -> Outcome {
        let parsed = match parse(args, &[flag("quiet", Some('q'), false)], true) {
            Ok(p) => p,
            Err(e) => return flag_error(&e, "pull"),
        };
        let [reference] = parsed.args.as_slice() else {
            return requires(
                "pull",
                "exactly 1 argument",
                "docker pull [OPTIONS] NAME[:TAG|@DIGEST]",
            );
        };
        let (repo, tag) = split_reference(reference);
        let mut outcome = Outcome::default();
        if !reference.contains(':') && !parsed.has("quiet") {
            outcome.out("Using default tag: latest");
        }
        if self.local_image(&repo, &tag).is_some() {
            if !parsed.has("quiet") {
                outcome.out(&format!("{tag}: Pulling from library/{repo}"));
                outcome.out(&format!(
                    "Digest: sha256:{}",
                    stable_hex(&format!("{repo}:{tag}:manifest"))
                ));
                outcome.out(&format!("Status: Image is up to date for {repo}:{tag}"));
            }
        } else {
            match self.pull(&repo, &tag) {
                Ok((progress, _, events)) => {
                    if !parsed.has("quiet") {
                        outcome.out_text(&progress);
                    }
                    outcome.events = events;
                }
                Err(e) => {
                    outcome.err(&format!("{DAEMON}{e}"));
                    outcome.exit = 1;
                    return outcome;
                }
            }
        }
        outcome.out(&format!("docker.io/library/{repo}:{tag}"));
        outcome
    }

    // ---- lookup ---------------------------------------------------------------------------

    /// Finds a container by full ID, exact name, or unique ID prefix (moby daemon/container.go).
    fn find(&self, reference: &str) -> Result<usize, String> {
        if let Some(i) = self
            .containers
            .iter()
            .position(|c| c.id == reference || c.name == reference)
        {
            return Ok(i);
        }
        let reference_name = reference.strip_prefix('/').unwrap_or(reference);
        if let Some(i) = self.containers.iter().position(|c| c.name == reference_name) {
            return Ok(i);
        }
        let matches: Vec<usize> = (0..self.containers.len())
            .filter(|&i| !reference.is_empty() && self.containers[i].id.starts_with(reference))
            .collect();
        match matches.as_slice() {
            [one] => Ok(*one),
            [] => Err(format!("No such container: {reference}")),
            _ => Err(format!("multiple IDs found with provided prefix: {reference}")),
        }
    }

    /// Runs `action` on each named container; prints each name on success, each error on
    /// stderr; exit 1 if any failed. Returns the failed names too.
    fn each(
        &mut self,
        names: &[String],
        mut action: impl FnMut(&mut Host, usize, &str, &mut Outcome) -> Result<(), String>,
    ) -> (Outcome, Vec<String>) {
        let mut outcome = Outcome::default();
        let mut failed = Vec::new();
        for name in names {
            let result = match self.find(name) {
                Ok(i) => action(self, i, name, &mut outcome),
                Err(e) => Err(format!("{DAEMON}{e}")),
            };
            match result {
                Ok(()) => outcome.out(name),
                Err(e) => {
                    outcome.err(&e);
                    outcome.exit = 1;
                    failed.push(name.clone());
                }
            }
        }
        (outcome, failed)
    }

    // ---- start / stop / kill / pause / rm -------------------------------------------------

    fn cmd_start(&mut self, args: &[String]) -> Outcome {
        let specs = [
            flag("attach", Some('a'), false),
            flag("interactive", Some('i'), false),
        ];
        let parsed = match parse(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return flag_error(&e, "start"),
        };
        if parsed.args.is_empty() {
            return requires(
                "start",
                "at least 1 argument",
                "docker start [OPTIONS] CONTAINER [CONTAINER...]",
            );
        }
        let (mut outcome, failed) = self.each(&parsed.args, |host, i, _, out| {
            let c = &host.containers[i];
            match c.state() {
                State::Paused => Err(format!(
                    "{DAEMON}cannot start a paused container, try unpause instead"
                )),
                // Already running: the daemon answers 304 Not Modified, which the CLI treats as success.
                State::Running | State::Restarting => Ok(()),
                State::Dead | State::Removing => Err(format!(
                    "{DAEMON}container is marked for removal and cannot be started"
                )),
                State::Created | State::Exited => {
                    let c = &mut host.containers[i];
                    c.manually_stopped = false;
                    c.backoff_ms = 0;
                    host.start_process(i, &mut out.events)
                        .map_err(|e| format!("{DAEMON}{e}"))
                }
            }
        });
        if !failed.is_empty() {
            outcome.err(&format!("failed to start containers: {}", failed.join(", ")));
        }
        outcome
    }

    /// `docker stop` and `docker restart` (which stops, then starts).
    fn cmd_stop(&mut self, args: &[String], command: &str) -> Outcome {
        let specs = [flag("time", Some('t'), true), flag("signal", Some('s'), true)];
        let parsed = match parse(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return flag_error(&e, command),
        };
        if parsed.args.is_empty() {
            return requires(
                command,
                "at least 1 argument",
                &format!("docker {command} [OPTIONS] CONTAINER [CONTAINER...]"),
            );
        }
        let timeout = match parsed.value("time").map(str::parse::<i64>) {
            Some(Ok(t)) => Some(t),
            Some(Err(_)) => {
                let v = parsed.value("time").unwrap_or_default();
                return flag_error(
                    &format!(
                        "invalid argument \"{v}\" for \"-t, --time\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax"
                    ),
                    command,
                );
            }
            None => None,
        };
        let signal = match parsed.value("signal").map(Signal::parse) {
            Some(None) => {
                return Outcome::fail(
                    format!(
                        "{DAEMON}invalid signal: {}",
                        parsed.value("signal").unwrap_or_default()
                    ),
                    1,
                );
            }
            other => other.flatten(),
        };
        let restart = command == "restart";
        let (outcome, _) = self.each(&parsed.args, |host, i, name, out| {
            if restart && matches!(host.containers[i].state(), State::Dead | State::Removing) {
                return Err(format!(
                    "{DAEMON}Cannot restart container {name}: container is marked for removal and cannot be started"
                ));
            }
            let id = host.containers[i].id.clone();
            host.stop_container(&id, timeout, signal, &mut out.events);
            if restart && let Some(i) = host.index_of_id(&id) {
                let c = &mut host.containers[i];
                c.manually_stopped = false;
                c.backoff_ms = 0;
                host.start_process(i, &mut out.events)
                    .map_err(|e| format!("{DAEMON}Cannot restart container {name}: {e}"))?;
            }
            Ok(())
        });
        outcome
    }

    /// The daemon's stop: the stop signal, the grace period on the virtual clock, then SIGKILL
    /// (moby daemon/stop.go). No-op for a container that is not running.
    fn stop_container(
        &mut self,
        id: &str,
        timeout: Option<i64>,
        signal: Option<Signal>,
        events: &mut Vec<Event>,
    ) {
        let Some(i) = self.index_of_id(id) else { return };
        let c = &mut self.containers[i];
        c.manually_stopped = true;
        if c.restarting {
            // A restarting container has no process: stopping cancels the restart.
            c.restarting = false;
            c.running = false;
            c.restart_at = None;
            return;
        }
        if !c.running {
            return;
        }
        // A paused container is resumed so the signal can be delivered (moby daemon/kill.go).
        c.paused = false;
        let signal = signal.unwrap_or(c.stop_signal);
        let grace = timeout.or(c.stop_timeout).unwrap_or(10);
        let reaction = c.process.as_ref().and_then(|p| p.react(signal));
        if let Some(Reaction::Exit(code, lines)) = reaction {
            let now = self.now;
            c.logs.extend(lines.into_iter().map(|text| LogLine {
                at: now,
                stderr: true,
                text,
            }));
            self.process_exited(i, code, false, events);
            return;
        }
        // Ignored: wait out the grace period (it may still end by itself), then SIGKILL.
        let deadline = if grace < 0 {
            u64::MAX / 4
        } else {
            self.now.saturating_add(grace as u64 * 1000)
        };
        let start = self.now;
        let end = self.natural_end(i).unwrap_or(u64::MAX).min(deadline);
        if end >= u64::MAX / 4 {
            // `-t -1` on a process that never exits would wait forever.
            return;
        }
        self.advance_to(end, events);
        if self.now > start {
            events.push(Event::Clock(self.now - start));
        }
        if let Some(i) = self.index_of_id(id)
            && self.containers[i].running
            && !self.containers[i].restarting
        {
            self.process_exited(i, 128 + Signal::Kill.number(), false, events);
        }
    }

    fn cmd_kill(&mut self, args: &[String]) -> Outcome {
        let parsed = match parse(args, &[flag("signal", Some('s'), true)], true) {
            Ok(p) => p,
            Err(e) => return flag_error(&e, "kill"),
        };
        if parsed.args.is_empty() {
            return requires(
                "kill",
                "at least 1 argument",
                "docker kill [OPTIONS] CONTAINER [CONTAINER...]",
            );
        }
        let signal = match parsed.value("signal").map(Signal::parse) {
            None => Signal::Kill,
            Some(Some(s)) => s,
            Some(None) => {
                return Outcome::fail(
                    format!(
                        "{DAEMON}invalid signal: {}",
                        parsed.value("signal").unwrap_or_default()
                    ),
                    1,
                );
            }
        };
        let (outcome, _) = self.each(&parsed.args, |host, i, name, out| {
            let c = &mut host.containers[i];
            if !c.running {
                return Err(format!(
                    "{DAEMON}cannot kill container: {name}: container {} is not running",
                    c.id
                ));
            }
            c.manually_stopped = true;
            if c.restarting {
                // Killing a restarting container only cancels the restart (moby daemon/kill.go).
                c.restarting = false;
                c.running = false;
                c.restart_at = None;
                return Ok(());
            }
            c.paused = false;
            match c.process.as_ref().and_then(|p| p.react(signal)) {
                Some(Reaction::Exit(code, lines)) => {
                    let now = host.now;
                    c.logs.extend(lines.into_iter().map(|text| LogLine {
                        at: now,
                        stderr: true,
                        text,
                    }));
                    host.process_exited(i, code, false, &mut out.events);
                }
                Some(Reaction::Continue) | None => {}
            }
            Ok(())
        });
        outcome
    }

    fn cmd_pause(&mut self, args: &[String], pause: bool) -> Outcome {
        let command = if pause { "pause" } else { "unpause" };
        let parsed = match parse(args, &[], true) {
            Ok(p) => p,
            Err(e) => return flag_error(&e, command),
        };
        if parsed.args.is_empty() {
            return requires(
                command,
                "at least 1 argument",
                &format!("docker {command} CONTAINER [CONTAINER...]"),
            );
        }
        let (outcome, _) = self.each(&parsed.args, |host, i, _, out| {
            let c = &mut host.containers[i];
            let id = c.id.clone();
            match (pause, c.state()) {
                (true, State::Running) => {
                    c.paused = true;
                    out.events.push(Event::Paused(id));
                    Ok(())
                }
                (true, State::Paused) => Err(format!("{DAEMON}container {id} is already paused")),
                (true, State::Restarting) => Err(format!(
                    "{DAEMON}Container {id} is restarting, wait until the container is running"
                )),
                (true, _) => Err(format!("{DAEMON}container {id} is not running")),
                (false, State::Paused) => {
                    c.paused = false;
                    out.events.push(Event::Unpaused(id));
                    // A process whose time ran out while frozen finishes as soon as it thaws.
                    if let Some(end) = host.natural_end(i)
                        && end <= host.now
                    {
                        let code = host.containers[i].process.as_ref().map_or(0, |p| p.exit_code);
                        host.process_exited(i, code, true, &mut out.events);
                    }
                    Ok(())
                }
                (false, _) => Err(format!("{DAEMON}Container {id} is not paused")),
            }
        });
        outcome
    }

    fn cmd_rm(&mut self, args: &[String]) -> Outcome {
        let specs = [
            flag("force", Some('f'), false),
            flag("volumes", Some('v'), false),
            flag("link", Some('l'), false),
        ];
        let parsed = match parse(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return flag_error(&e, "rm"),
        };
        if parsed.args.is_empty() {
            return requires(
                "rm",
                "at least 1 argument",
                "docker rm [OPTIONS] CONTAINER [CONTAINER...]",
            );
        }
        let force = parsed.has("force");
        let mut outcome = Outcome::default();
        for name in &parsed.args {
            let i = match self.find(name) {
                Ok(i) => i,
                // `rm -f` ignores containers that do not exist (docker/cli rm.go).
                Err(_) if force => continue,
                Err(e) => {
                    outcome.err(&format!("{DAEMON}{e}"));
                    outcome.exit = 1;
                    continue;
                }
            };
            let c = &self.containers[i];
            let refusal = match c.state() {
                State::Running | State::Restarting if !force => Some(format!(
                    "container is {}: stop the container before removing or force remove",
                    c.state()
                )),
                State::Paused if !force => Some("container is paused and must be unpaused first".to_string()),
                _ => None,
            };
            if let Some(why) = refusal {
                outcome.err(&format!("{DAEMON}cannot remove container \"{name}\": {why}"));
                outcome.exit = 1;
                continue;
            }
            let id = c.id.clone();
            if c.running {
                let c = &mut self.containers[i];
                c.manually_stopped = true;
                c.restarting = false;
                c.restart_at = None;
                if c.process.is_some() {
                    self.process_exited(i, 137, false, &mut outcome.events);
                } else {
                    c.running = false;
                }
            }
            if let Some(i) = self.index_of_id(&id) {
                self.containers.remove(i);
                outcome.events.push(Event::Removed(id));
            }
            outcome.out(name);
        }
        outcome
    }

    fn cmd_wait(&mut self, args: &[String]) -> Outcome {
        let parsed = match parse(args, &[], true) {
            Ok(p) => p,
            Err(e) => return flag_error(&e, "wait"),
        };
        if parsed.args.is_empty() {
            return requires(
                "wait",
                "at least 1 argument",
                "docker wait CONTAINER [CONTAINER...]",
            );
        }
        let mut outcome = Outcome::default();
        for name in &parsed.args {
            let i = match self.find(name) {
                Ok(i) => i,
                Err(e) => {
                    outcome.err(&format!("{DAEMON}{e}"));
                    outcome.exit = 1;
                    continue;
                }
            };
            let id = self.containers[i].id.clone();
            if self.containers[i].running {
                match self.natural_end(i) {
                    Some(end) => {
                        let start = self.now;
                        self.advance_to(end, &mut outcome.events);
                        outcome.events.push(Event::Clock(self.now - start));
                    }
                    None => {
                        outcome.err(&format!(
                            "paperlab: {name} does not exit on its own, so docker wait would block forever; \
                             stop it first (the console does not block)"
                        ));
                        outcome.exit = 130;
                        continue;
                    }
                }
            }
            let code = match self.index_of_id(&id) {
                Some(i) => self.containers[i].exit_code,
                None => self
                    .last_removed
                    .as_ref()
                    .filter(|r| r.0 == id)
                    .map_or(0, |r| r.2),
            };
            outcome.out(&code.to_string());
        }
        outcome
    }

    // ---- logs / exec ----------------------------------------------------------------------

    fn cmd_logs(&mut self, args: &[String]) -> Outcome {
        let specs = [
            flag("follow", Some('f'), false),
            flag("timestamps", Some('t'), false),
            flag("tail", Some('n'), true),
        ];
        let parsed = match parse(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return flag_error(&e, "logs"),
        };
        let [name] = parsed.args.as_slice() else {
            return requires("logs", "exactly 1 argument", "docker logs [OPTIONS] CONTAINER");
        };
        let i = match self.find(name) {
            Ok(i) => i,
            Err(e) => return Outcome::fail(format!("{DAEMON}{e}"), 1),
        };
        let logs = &self.containers[i].logs;
        let skip = match parsed.value("tail") {
            None | Some("all") => 0,
            Some(n) => match n.parse::<usize>() {
                Ok(n) => logs.len().saturating_sub(n),
                Err(_) => 0,
            },
        };
        let mut outcome = Outcome::default();
        for line in &logs[skip..] {
            let text = if parsed.has("timestamps") {
                format!("{} {}", rfc3339(line.at), line.text)
            } else {
                line.text.clone()
            };
            if line.stderr {
                outcome.err(&text)
            } else {
                outcome.out(&text)
            }
        }
        outcome
    }

    fn cmd_exec(&mut self, args: &[String]) -> Outcome {
        let specs = [
            flag("detach", Some('d'), false),
            flag("interactive", Some('i'), false),
            flag("tty", Some('t'), false),
            flag("env", Some('e'), true),
            flag("user", Some('u'), true),
            flag("workdir", Some('w'), true),
        ];
        let parsed = match parse(args, &specs, false) {
            Ok(p) => p,
            Err(e) => return flag_error(&e, "exec"),
        };
        let [name, command @ ..] = parsed.args.as_slice() else {
            return requires(
                "exec",
                "at least 2 arguments",
                "docker exec [OPTIONS] CONTAINER COMMAND [ARG...]",
            );
        };
        if command.is_empty() {
            return requires(
                "exec",
                "at least 2 arguments",
                "docker exec [OPTIONS] CONTAINER COMMAND [ARG...]",
            );
        }
        let i = match self.find(name) {
            Ok(i) => i,
            Err(e) => return Outcome::fail(format!("{DAEMON}{e}"), 1),
        };
        let c = &self.containers[i];
        match c.state() {
            State::Running => {}
            State::Paused => {
                return Outcome::fail(
                    format!("{DAEMON}Container {name} is paused, unpause the container before exec"),
                    1,
                );
            }
            State::Restarting => {
                return Outcome::fail(
                    format!("{DAEMON}Container {name} is restarting, wait until the container is running"),
                    1,
                );
            }
            _ => return Outcome::fail(format!("{DAEMON}container {} is not running", c.id), 1),
        }
        let lower = super::exec::lower_files(self.images.iter().find(|img| img.id == c.image_id));
        super::exec::exec(&mut self.containers[i], &lower, command)
    }

    // ---- ps / inspect / images ------------------------------------------------------------

    fn cmd_ps(&mut self, args: &[String]) -> Outcome {
        let specs = [
            flag("all", Some('a'), false),
            flag("quiet", Some('q'), false),
            flag("format", None, true),
            flag("no-trunc", None, false),
            flag("latest", Some('l'), false),
            flag("last", Some('n'), true),
            flag("filter", Some('f'), true),
            flag("size", Some('s'), false),
        ];
        let parsed = match parse(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return flag_error(&e, "ps"),
        };
        if let Some(extra) = parsed.args.first() {
            let _ = extra;
            return Outcome::fail(
                "\"docker ps\" accepts no arguments.\nSee 'docker ps --help'.\n\nUsage:  docker ps [OPTIONS]\n\nList containers",
                1,
            );
        }
        let mut status_filter = Vec::new();
        let mut name_filter = Vec::new();
        for f in parsed.values("filter") {
            match f.split_once('=') {
                Some(("status", v)) => {
                    if !State::ALL.iter().any(|s| s.name() == v) {
                        return Outcome::fail(
                            format!(
                                "{DAEMON}invalid value for state ({v}): must be one of created, running, paused, restarting, removing, exited, dead"
                            ),
                            1,
                        );
                    }
                    status_filter.push(v.to_string());
                }
                Some(("name", v)) => name_filter.push(v.to_string()),
                Some((key, _)) => return Outcome::fail(format!("{DAEMON}invalid filter '{key}'"), 1),
                None => {
                    return Outcome::fail(format!("{DAEMON}bad format of filter (expected name=value)"), 1);
                }
            }
        }
        let all = parsed.has("all") || !status_filter.is_empty();
        let mut list: Vec<&Container> = self
            .containers
            .iter()
            .rev()
            .filter(|c| all || c.running)
            .filter(|c| status_filter.is_empty() || status_filter.iter().any(|s| s == c.state().name()))
            .filter(|c| name_filter.is_empty() || name_filter.iter().any(|n| c.name.contains(n.as_str())))
            .collect();
        if parsed.has("latest") {
            list.truncate(1);
        } else if let Some(n) = parsed.value("last").and_then(|n| n.parse::<usize>().ok()) {
            list.truncate(n);
        }
        let trunc = !parsed.has("no-trunc");
        if parsed.has("quiet") && parsed.value("format").is_none() {
            let mut out = Outcome::default();
            for c in list {
                out.out(if trunc { c.short_id() } else { &c.id });
            }
            return out;
        }
        // `-s` adds the SIZE column to the default table (docker/cli container/list.go); a
        // custom format that names .Size gets sizes without it.
        let default_table = if parsed.has("size") {
            "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}\t{{.Size}}"
        } else {
            "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"
        };
        let format = parsed.value("format").unwrap_or(default_table);
        let rows: Vec<Value> = list.iter().map(|c| self.ps_context(c, trunc)).collect();
        render_table(format, &ps_header(), &rows)
    }

    /// The fields `docker ps --format` sees (docker/cli formatter/container.go ContainerContext).
    fn ps_context(&self, c: &Container, trunc: bool) -> Value {
        let s = |v: String| Value::Str(v);
        Value::Struct {
            type_name: "*formatter.ContainerContext".to_string(),
            fields: vec![
                (
                    "ID".to_string(),
                    s(if trunc {
                        c.short_id().to_string()
                    } else {
                        c.id.clone()
                    }),
                ),
                ("Image".to_string(), s(c.image.clone())),
                ("Command".to_string(), s(c.command_column(trunc))),
                (
                    "CreatedAt".to_string(),
                    s(rfc3339(c.created).replace('T', " ").replace('Z', " +0000 UTC")),
                ),
                (
                    "RunningFor".to_string(),
                    s(format!(
                        "{} ago",
                        human_duration(self.now.saturating_sub(c.created))
                    )),
                ),
                ("Ports".to_string(), s(c.ports_column())),
                ("State".to_string(), s(c.state().name().to_string())),
                ("Status".to_string(), s(c.status(self.now))),
                // formatter.ContainerContext.Size: the writable layer, then the image under it.
                (
                    "Size".to_string(),
                    s(format!(
                        "{} (virtual {})",
                        human_size(c.layer_size()),
                        human_size(
                            c.layer_size()
                                + self
                                    .images
                                    .iter()
                                    .find(|i| i.id == c.image_id)
                                    .map_or(0, Image::size)
                        )
                    )),
                ),
                ("Names".to_string(), s(c.name.clone())),
                // formatter.ContainerContext.Labels: k=v pairs joined with commas.
                (
                    "Labels".to_string(),
                    s(c.labels
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<_>>()
                        .join(",")),
                ),
                ("Mounts".to_string(), s(String::new())),
                ("Networks".to_string(), s(c.network.clone())),
                ("LocalVolumes".to_string(), s("0".to_string())),
            ],
        }
    }

    fn cmd_inspect(&mut self, args: &[String]) -> Outcome {
        let specs = [
            flag("format", Some('f'), true),
            flag("type", None, true),
            flag("size", Some('s'), false),
        ];
        let parsed = match parse(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return flag_error(&e, "inspect"),
        };
        if parsed.args.is_empty() {
            return requires(
                "inspect",
                "at least 1 argument",
                "docker inspect [OPTIONS] NAME|ID [NAME|ID...]",
            );
        }
        let mut outcome = Outcome::default();
        let mut documents = Vec::new();
        for name in &parsed.args {
            let doc = match self.find(name) {
                Ok(i) => Some(self.inspect_container(&self.containers[i])),
                Err(_) => {
                    let (repo, tag) = split_reference(name);
                    self.images
                        .iter()
                        .find(|img| {
                            (img.repo == repo && img.tag == tag)
                                || img.id == *name
                                || img.id[7..].starts_with(name.as_str())
                        })
                        .map(inspect_image)
                }
            };
            match doc {
                Some(doc) => documents.push(doc),
                None => {
                    outcome.err(&format!("error: no such object: {name}"));
                    outcome.exit = 1;
                }
            }
        }
        match parsed.value("format") {
            Some(format) => {
                for doc in &documents {
                    match gotemplate::render(format, &as_decoded_json(doc)) {
                        Ok(text) => outcome.out(&text),
                        Err(e) => return Outcome::fail(format!("template parsing error: {e}"), 1),
                    }
                }
            }
            None => {
                let mut text = String::new();
                json_pretty(&Value::List(documents), 0, &mut text);
                outcome.out(&text);
            }
        }
        outcome
    }

    fn inspect_container(&self, c: &Container) -> Value {
        let s = |v: &str| Value::Str(v.to_string());
        let strs = |v: &[String]| Value::List(v.iter().map(|x| Value::Str(x.clone())).collect());
        let obj = |fields: Vec<(&str, Value)>| Value::Struct {
            type_name: String::new(),
            fields: fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        };
        let state = c.state();
        let zero = "0001-01-01T00:00:00Z".to_string();
        let bindings = Value::Map(
            c.ports
                .iter()
                .map(|p| {
                    let host = obj(vec![("HostIp", s("")), ("HostPort", s(&p.host.to_string()))]);
                    (format!("{}/{}", p.container, p.proto), Value::List(vec![host]))
                })
                .collect(),
        );
        let exposed = Value::Map(
            c.exposed
                .iter()
                .map(|e| (e.clone(), Value::Map(Vec::new())))
                .collect(),
        );
        let max_retry = match c.restart_policy {
            RestartPolicy::OnFailure(n) => i64::from(n),
            _ => 0,
        };
        obj(vec![
            ("Id", s(&c.id)),
            ("Created", s(&rfc3339(c.created))),
            ("Path", s(&c.path)),
            ("Args", strs(&c.args)),
            (
                "State",
                obj(vec![
                    ("Status", s(state.name())),
                    ("Running", Value::Bool(c.running)),
                    ("Paused", Value::Bool(c.paused)),
                    ("Restarting", Value::Bool(c.restarting)),
                    ("OOMKilled", Value::Bool(false)),
                    ("Dead", Value::Bool(c.dead)),
                    ("Pid", Value::Int(i64::from(c.pid))),
                    ("ExitCode", Value::Int(i64::from(c.exit_code))),
                    ("Error", s("")),
                    ("StartedAt", s(&c.started_at.map_or(zero.clone(), rfc3339))),
                    ("FinishedAt", s(&c.finished_at.map_or(zero, rfc3339))),
                ]
                .into_iter()
                .chain(c.health.as_ref().map(|h| {
                    (
                        "Health",
                        obj(vec![
                            ("Status", s(h.status.name())),
                            ("FailingStreak", Value::Int(h.failing_streak as i64)),
                            (
                                "Log",
                                Value::List(
                                    h.log
                                        .iter()
                                        .map(|(at, code, output)| {
                                            obj(vec![
                                                ("Start", s(&rfc3339(*at))),
                                                ("End", s(&rfc3339(*at))),
                                                ("ExitCode", Value::Int(i64::from(*code))),
                                                ("Output", s(output)),
                                            ])
                                        })
                                        .collect(),
                                ),
                            ),
                        ]),
                    )
                }))
                .collect()),
            ),
            ("Image", s(&c.image_id)),
            ("Name", s(&format!("/{}", c.name))),
            ("RestartCount", Value::Int(i64::from(c.restart_count))),
            (
                "HostConfig",
                obj(vec![
                    ("PortBindings", bindings),
                    (
                        "RestartPolicy",
                        obj(vec![
                            ("Name", s(c.restart_policy.name())),
                            ("MaximumRetryCount", Value::Int(max_retry)),
                        ]),
                    ),
                    ("AutoRemove", Value::Bool(c.auto_remove)),
                ]),
            ),
            (
                "Config",
                obj(vec![
                    ("Hostname", s(c.short_id())),
                    ("ExposedPorts", exposed),
                    ("Tty", Value::Bool(c.interactive)),
                    ("Env", strs(&c.env)),
                    ("Cmd", strs(&c.args)),
                    ("Image", s(&c.image)),
                    (
                        "Labels",
                        Value::Map(c.labels.iter().map(|(k, v)| (k.clone(), s(v))).collect()),
                    ),
                    ("StopSignal", s(c.stop_signal.name())),
                ]),
            ),
        ])
    }

    fn cmd_images(&mut self, args: &[String]) -> Outcome {
        let specs = [
            flag("all", Some('a'), false),
            flag("quiet", Some('q'), false),
            flag("format", None, true),
            flag("no-trunc", None, false),
        ];
        let parsed = match parse(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return flag_error(&e, "images"),
        };
        let mut images: Vec<&Image> = self.images.iter().collect();
        images.sort_by(|a, b| b.created.cmp(&a.created).then(a.repo.cmp(&b.repo)));
        let short = |img: &Image| {
            if parsed.has("no-trunc") {
                img.id.clone()
            } else {
                img.id[7..19].to_string()
            }
        };
        if parsed.has("quiet") {
            let mut out = Outcome::default();
            let mut seen = Vec::new();
            for img in images {
                let id = short(img);
                if !seen.contains(&id) {
                    out.out(&id);
                    seen.push(id);
                }
            }
            return out;
        }
        let rows: Vec<Value> = images
            .iter()
            .map(|img| Value::Struct {
                type_name: "*formatter.imageContext".to_string(),
                fields: vec![
                    ("Repository".to_string(), Value::Str(img.repo.clone())),
                    ("Tag".to_string(), Value::Str(img.tag.clone())),
                    ("ID".to_string(), Value::Str(short(img))),
                    (
                        "CreatedSince".to_string(),
                        Value::Str(format!(
                            "{} ago",
                            human_duration(self.now.saturating_sub(img.created))
                        )),
                    ),
                    ("CreatedAt".to_string(), Value::Str(rfc3339(img.created))),
                    ("Size".to_string(), Value::Str(human_size(img.size()))),
                    ("Digest".to_string(), Value::Str("<none>".to_string())),
                ],
            })
            .collect();
        let header = Value::Struct {
            type_name: "*formatter.imageContext".to_string(),
            fields: [
                ("Repository", "REPOSITORY"),
                ("Tag", "TAG"),
                ("ID", "IMAGE ID"),
                ("CreatedSince", "CREATED"),
                ("CreatedAt", "CREATED AT"),
                ("Size", "SIZE"),
                ("Digest", "DIGEST"),
            ]
            .iter()
            .map(|(k, v)| ((*k).to_string(), Value::Str((*v).to_string())))
            .collect(),
        };
        let format = parsed
            .value("format")
            .unwrap_or("table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}");
        render_table(format, &header, &rows)
    }

    fn cmd_network(&mut self, args: &[String]) -> Outcome {
        match args.first().map(String::as_str) {
            Some("ls" | "list") => {
                let quiet = args.iter().any(|a| a == "-q" || a == "--quiet");
                let mut text = String::from("NETWORK ID\tNAME\tDRIVER\tSCOPE\n");
                let mut out = Outcome::default();
                let mut all: Vec<(String, &str)> = [("bridge", "bridge"), ("host", "host"), ("none", "null")]
                    .iter()
                    .map(|(n, d)| ((*n).to_string(), *d))
                    .chain(self.networks.iter().map(|n| (n.name.clone(), "bridge")))
                    .collect();
                all.sort();
                for (name, driver) in all {
                    let id = &stable_hex(&format!("network:{name}"))[..12];
                    if quiet {
                        out.out(id);
                    }
                    text.push_str(&format!("{id}\t{name}\t{driver}\tlocal\n"));
                }
                if !quiet {
                    out.out_text(&tabulate(&text));
                }
                out
            }
            _ => Outcome::fail("paperlab: only `docker network ls` is simulated so far", 1),
        }
    }

    fn cmd_volume(&mut self, args: &[String]) -> Outcome {
        match args.first().map(String::as_str) {
            Some("ls" | "list") => {
                let mut names: Vec<&str> = self.volumes.iter().map(|v| v.name.as_str()).collect();
                names.sort_unstable();
                if args.iter().any(|a| a == "-q" || a == "--quiet") {
                    Outcome::text(names.iter().map(|n| format!("{n}\n")).collect::<String>())
                } else {
                    let rows: String = names.iter().map(|n| format!("local\t{n}\n")).collect();
                    Outcome::text(tabulate(&format!("DRIVER\tVOLUME NAME\n{rows}")))
                }
            }
            _ => Outcome::fail("paperlab: only `docker volume ls` is simulated so far", 1),
        }
    }

    /// `docker builder prune`: forget the build cache.
    fn cmd_builder(&mut self, args: &[String]) -> Outcome {
        match args.first().map(String::as_str) {
            Some("prune") => {
                let n = self.build_cache.len();
                self.build_cache.clear();
                Outcome::text(format!(
                    "Total:\t{}",
                    if n == 0 {
                        "0B".to_string()
                    } else {
                        format!("{n} cache records")
                    }
                ))
            }
            _ => Outcome::fail("paperlab: only `docker builder prune` is simulated", 1),
        }
    }

    /// An auto name `<adjective>_<surname>` (the daemon's style; our own word lists).
    fn generate_name(&mut self) -> String {
        for attempt in 0..6 {
            let hex = self.random_hex();
            let n = u64::from_str_radix(&hex[..12], 16).unwrap_or(0) as usize;
            let mut name = format!(
                "{}_{}",
                ADJECTIVES[n % ADJECTIVES.len()],
                SURNAMES[(n / 97) % SURNAMES.len()]
            );
            if attempt > 0 {
                name.push_str(&(n % 10).to_string());
            }
            if !self.containers.iter().any(|c| c.name == name) {
                return name;
            }
        }
        self.random_hex()[..12].to_string()
    }
}

/// The history of a catalogue image: one entry per layer, plausible `created_by` lines.
fn base_history(spec: &catalogue::ImageSpec, layers: &[(String, u64)]) -> Vec<super::HistoryEntry> {
    let created = super::output::EPOCH_MS.saturating_sub(spec.age_days * 86_400_000);
    let base_count = spec.base_layers.1.len();
    let mut history: Vec<super::HistoryEntry> = layers
        .iter()
        .enumerate()
        .map(|(n, (_, size))| {
            let created_by = match (n < base_count, spec.base_layers.0) {
                (true, "debian-bookworm") => {
                    "# debian.sh --arch 'amd64' out/ 'bookworm' '@1763942400'".to_string()
                }
                (true, "alpine-3.22") => {
                    "ADD alpine-minirootfs-3.22.2-x86_64.tar.gz / # buildkit".to_string()
                }
                _ => format!(
                    "RUN /bin/sh -c set -eux; # install {} (step {}) # buildkit",
                    spec.repo,
                    n + 1
                ),
            };
            super::HistoryEntry {
                created_by,
                size: *size,
                layer: true,
                created,
            }
        })
        .collect();
    let cmd: Vec<String> = spec.cmd.iter().map(|c| format!("{c:?}")).collect();
    history.push(super::HistoryEntry {
        created_by: format!("CMD [{}]", cmd.join(" ")),
        size: 0,
        layer: false,
        created,
    });
    history
}

/// Renders a `--format` (with an optional `table ` prefix) over rows, through the tabwriter.
fn render_table(format: &str, header: &Value, rows: &[Value]) -> Outcome {
    let (table, body) = match format.strip_prefix("table") {
        Some(rest) => (true, rest.trim_start()),
        None => (false, format),
    };
    // docker/cli formatter.Context.preFormat: literal \t and \n become tab and newline.
    let body = body.replace("\\t", "\t").replace("\\n", "\n");
    let mut text = String::new();
    if table {
        match gotemplate::render(&body, header) {
            Ok(line) => {
                text.push_str(&line);
                text.push('\n');
            }
            Err(e) => return Outcome::fail(format!("template parsing error: {e}"), 1),
        }
    }
    for row in rows {
        match gotemplate::render(&body, row) {
            Ok(line) => {
                text.push_str(&line);
                text.push('\n');
            }
            // Execution errors print as Go words them; parse errors get the CLI's prefix.
            Err(e) if e.message.contains("executing") => return Outcome::fail(e.to_string(), 1),
            Err(e) => return Outcome::fail(format!("template parsing error: {e}"), 1),
        }
    }
    Outcome::text(tabulate(&text))
}

fn ps_header() -> Value {
    let fields = [
        ("ID", "CONTAINER ID"),
        ("Image", "IMAGE"),
        ("Command", "COMMAND"),
        ("CreatedAt", "CREATED AT"),
        ("RunningFor", "CREATED"),
        ("Ports", "PORTS"),
        ("State", "STATE"),
        ("Status", "STATUS"),
        ("Size", "SIZE"),
        ("Names", "NAMES"),
        ("Labels", "LABELS"),
        ("Mounts", "MOUNTS"),
        ("Networks", "NETWORKS"),
        ("LocalVolumes", "LOCAL VOLUMES"),
    ];
    Value::Struct {
        type_name: "*formatter.ContainerContext".to_string(),
        fields: fields
            .iter()
            .map(|(k, v)| ((*k).to_string(), Value::Str((*v).to_string())))
            .collect(),
    }
}

/// The `--health-*` flags of `docker run`/`create` (docker/cli container/opts.go): durations
/// in Go syntax, errors as the CLI words them.
fn health_flags(parsed: &super::flags::Parsed) -> Result<Option<HealthConfig>, String> {
    if parsed.has("no-healthcheck") {
        // Disables an image's HEALTHCHECK; the catalogue's images define none.
        return Ok(None);
    }
    let Some(cmd) = parsed.value("health-cmd") else {
        return Ok(None);
    };
    let mut config = HealthConfig::with_test(vec!["CMD-SHELL".to_string(), cmd.to_string()]);
    let duration = |name: &str, into: &mut u64| -> Result<(), String> {
        if let Some(v) = parsed.value(name) {
            let d = crate::compose::parse_duration(v)
                .map_err(|e| format!("invalid argument \"{v}\" for \"--{name}\" flag: {e}"))?;
            *into = u64::try_from(d.as_millis()).map_err(|_| format!("--{name} cannot be negative"))?;
        }
        Ok(())
    };
    duration("health-interval", &mut config.interval_ms)?;
    duration("health-timeout", &mut config.timeout_ms)?;
    duration("health-start-period", &mut config.start_period_ms)?;
    duration("health-start-interval", &mut config.start_interval_ms)?;
    if let Some(v) = parsed.value("health-retries") {
        config.retries = v.parse().map_err(|_| {
            format!("invalid argument \"{v}\" for \"--health-retries\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax")
        })?;
    }
    Ok(Some(config))
}

/// `docker image inspect`: the fields of moby's `image.InspectResponse` that the simulator
/// knows (no GraphDriver or Descriptor; Docker 29 with the containerd store reports those from
/// its snapshotter).
fn inspect_image(img: &Image) -> Value {
    let pulled = img.id
        == format!(
            "sha256:{}",
            stable_hex(&format!("{}:{}:config", img.repo, img.tag))
        );
    let strs = |v: &[String]| Value::List(v.iter().map(|x| Value::Str(x.clone())).collect());
    let field = |k: &str, v: Value| (k.to_string(), v);
    Value::Struct {
        type_name: String::new(),
        fields: vec![
            field("Id", Value::Str(img.id.clone())),
            field("RepoTags", Value::List(vec![Value::Str(img.reference())])),
            // A pulled image is known by its registry manifest; a local build has none.
            field(
                "RepoDigests",
                Value::List(if pulled {
                    vec![Value::Str(format!(
                        "{}@sha256:{}",
                        img.repo,
                        stable_hex(&format!("{}:{}:manifest", img.repo, img.tag))
                    ))]
                } else {
                    Vec::new()
                }),
            ),
            field("Parent", Value::Str(String::new())),
            field(
                "Comment",
                Value::Str(if pulled { "" } else { "buildkit.dockerfile.v0" }.to_string()),
            ),
            field("Created", Value::Str(rfc3339(img.created))),
            field("Author", Value::Str(String::new())),
            field(
                "Config",
                Value::Struct {
                    type_name: String::new(),
                    fields: vec![
                        field(
                            "ExposedPorts",
                            if img.config.exposed.is_empty() {
                                Value::Null
                            } else {
                                Value::Map(
                                    img.config
                                        .exposed
                                        .iter()
                                        .map(|p| (p.clone(), Value::Map(Vec::new())))
                                        .collect(),
                                )
                            },
                        ),
                        field("Env", strs(&img.config.env)),
                        field("Cmd", strs(&img.config.cmd)),
                        field(
                            "Entrypoint",
                            if img.config.entrypoint.is_empty() {
                                Value::Null
                            } else {
                                strs(&img.config.entrypoint)
                            },
                        ),
                        field("WorkingDir", Value::Str(img.config.working_dir.clone())),
                        field(
                            "StopSignal",
                            Value::Str(img.config.stop_signal.name().to_string()),
                        ),
                    ],
                },
            ),
            field("Architecture", Value::Str("amd64".to_string())),
            field("Os", Value::Str("linux".to_string())),
            field("Size", Value::Int(img.size() as i64)),
            field(
                "RootFS",
                Value::Struct {
                    type_name: String::new(),
                    fields: vec![
                        field("Type", Value::Str("layers".to_string())),
                        field(
                            "Layers",
                            Value::List(img.layers.iter().map(|(d, _)| Value::Str(d.clone())).collect()),
                        ),
                    ],
                },
            ),
            field(
                "Metadata",
                Value::Struct {
                    type_name: String::new(),
                    fields: vec![field(
                        "LastTagTime",
                        Value::Str(if pulled {
                            "0001-01-01T00:00:00Z".to_string()
                        } else {
                            rfc3339(img.created)
                        }),
                    )],
                },
            ),
        ],
    }
}

/// `docker inspect -f` sees the JSON decoded into maps (docker/cli inspect), so structs
/// become maps: missing keys print `<no value>` and `json` sorts keys.
fn as_decoded_json(value: &Value) -> Value {
    match value {
        Value::Struct { fields, .. } | Value::Map(fields) => Value::Map(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), as_decoded_json(v)))
                .collect(),
        ),
        Value::List(items) => Value::List(items.iter().map(as_decoded_json).collect()),
        other => other.clone(),
    }
}

/// `json.MarshalIndent(v, "", "    ")`, as `docker inspect` prints.
fn json_pretty(value: &Value, depth: usize, out: &mut String) {
    let pad = |d: usize| "    ".repeat(d);
    match value {
        Value::List(items) if items.is_empty() => out.push_str("[]"),
        Value::List(items) => {
            out.push_str("[\n");
            for (n, item) in items.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                json_pretty(item, depth + 1, out);
                out.push_str(if n + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push(']');
        }
        Value::Struct { fields, .. } | Value::Map(fields) if fields.is_empty() => out.push_str("{}"),
        Value::Struct { fields, .. } | Value::Map(fields) => {
            let mut fields: Vec<&(String, Value)> = fields.iter().collect();
            if matches!(value, Value::Map(_)) {
                fields.sort_by(|a, b| a.0.cmp(&b.0));
            }
            out.push_str("{\n");
            for (n, (key, item)) in fields.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                out.push_str(&gotemplate::to_json(&Value::Str(key.clone())));
                out.push_str(": ");
                json_pretty(item, depth + 1, out);
                out.push_str(if n + 1 < fields.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push('}');
        }
        scalar => out.push_str(&gotemplate::to_json(scalar)),
    }
}

/// cobra's flag error: the message and `See 'docker CMD --help'.`, exit 125.
fn flag_error(message: &str, command: &str) -> Outcome {
    Outcome::fail(format!("{message}\nSee 'docker {command} --help'."), 125)
}

/// docker/cli cli/required.go: wrong number of arguments.
fn requires(command: &str, what: &str, usage: &str) -> Outcome {
    Outcome::fail(
        format!(
            "docker: 'docker {command}' requires {what}\n\nUsage:  {usage}\n\nSee 'docker {command} --help' for more information"
        ),
        1,
    )
}

fn parse_restart(text: &str) -> Result<RestartPolicy, String> {
    let (name, count) = match text.split_once(':') {
        Some(("", _)) => {
            return Err("invalid restart policy format: no policy provided before colon".to_string());
        }
        Some((n, c)) => match c.parse::<i64>() {
            Ok(c) => (n, Some(c)),
            Err(_) => {
                return Err(
                    "invalid restart policy format: maximum retry count must be an integer".to_string(),
                );
            }
        },
        None => (text, None),
    };
    match (name, count) {
        ("no" | "", None) => Ok(RestartPolicy::No),
        ("always", None) => Ok(RestartPolicy::Always),
        ("unless-stopped", None) => Ok(RestartPolicy::UnlessStopped),
        ("on-failure", None) => Ok(RestartPolicy::OnFailure(0)),
        ("on-failure", Some(c)) if c < 0 => {
            Err("Error response from daemon: invalid restart policy: maximum retry count cannot be negative".to_string())
        }
        ("on-failure", Some(c)) => Ok(RestartPolicy::OnFailure(u32::try_from(c).unwrap_or(u32::MAX))),
        ("no" | "always" | "unless-stopped", Some(_)) => Err(
            "Error response from daemon: invalid restart policy: maximum retry count can only be used with 'on-failure'"
                .to_string(),
        ),
        (other, _) => Err(format!(
            "Error response from daemon: invalid restart policy: unknown policy '{other}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'"
        )),
    }
}

/// `-p [IP:]HOST:CONTAINER[/PROTO]` (host port required here; random host ports are not simulated).
fn parse_port(spec: &str) -> Result<PortBinding, String> {
    let (ports, proto) = spec.split_once('/').unwrap_or((spec, "tcp"));
    if proto != "tcp" && proto != "udp" && proto != "sctp" {
        return Err(format!("invalid proto: {proto}"));
    }
    let parts: Vec<&str> = ports.split(':').collect();
    let (host, container) = match parts.as_slice() {
        [h, c] | [_, h, c] => (*h, *c),
        [c] => {
            return Err(format!(
                "paperlab: publish {c} with a host port, e.g. -p 8080:{c}"
            ));
        }
        _ => return Err(format!("invalid port format: {spec}")),
    };
    let parse = |p: &str| p.parse::<u16>().ok().filter(|n| *n > 0);
    match (parse(host), parse(container)) {
        (Some(host), Some(container)) => Ok(PortBinding {
            host,
            container,
            proto: proto.to_string(),
        }),
        (_, None) => Err(format!("invalid containerPort: {container}")),
        (None, _) => Err(format!("invalid hostPort: {host}")),
    }
}

/// Valid container names: `^[a-zA-Z0-9][a-zA-Z0-9_.-]+$` (moby daemon/names/names.go).
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && name.len() >= 2
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// 64 hex digits that depend only on `key` (FNV-1a then splitmix64): stable IDs for catalogue
/// images and layers, so the same image has the same ID on every host.
pub(super) fn stable_hex(key: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    super::output::splitmix_hex(&mut h)
}

// Our own short lists in the daemon's style (it never pairs boring with wozniak).
const ADJECTIVES: &[&str] = &[
    "admiring",
    "brave",
    "clever",
    "dazzling",
    "eager",
    "festive",
    "gallant",
    "happy",
    "inspiring",
    "jolly",
    "keen",
    "loving",
    "modest",
    "nifty",
    "optimistic",
    "peaceful",
    "quirky",
    "relaxed",
    "serene",
    "tender",
    "upbeat",
    "vibrant",
    "wizardly",
    "youthful",
    "zealous",
];
const SURNAMES: &[&str] = &[
    "hopper", "lovelace", "turing", "curie", "noether", "ritchie", "thompson", "torvalds", "knuth",
    "dijkstra", "hamilton", "liskov", "meitner", "shannon", "babbage", "franklin", "goldberg", "kare",
    "lamport", "mccarthy", "pike", "sammet", "tesla", "wing", "yonath",
];

const USAGE: &str = "\
Usage:  docker [OPTIONS] COMMAND

A self-sufficient runtime for containers

Common Commands:
  run         Create and run a new container from an image
  exec        Execute a command in a running container
  ps          List containers
  images      List images
  pull        Download an image from a registry

Management Commands:
  container   Manage containers
  image       Manage images
  network     Manage networks
  volume      Manage volumes

Commands:
  create      Create a new container
  inspect     Return low-level information on Docker objects
  kill        Kill one or more running containers
  logs        Fetch the logs of a container
  pause       Pause all processes within one or more containers
  restart     Restart one or more containers
  rm          Remove one or more containers
  start       Start one or more stopped containers
  stop        Stop one or more running containers
  unpause     Unpause all processes within one or more containers
  version     Show the Docker version information
  wait        Block until one or more containers stop, then print their exit codes
";

const VERSION: &str = "\
Client:
 Version:           29.0.0 (paperlab simulation)
 API version:       1.52
 OS/Arch:           linux/amd64

Server:
 Engine:
  Version:          29.0.0 (paperlab simulation)
  API version:      1.52 (minimum version 1.44)
  OS/Arch:          linux/amd64
";
