//! `docker compose` on the simulated host (FIDELITY §3): the file is loaded and validated by
//! [`crate::compose`], then `up` / `down` / `ps` / … act on the same containers, images,
//! networks and volumes as the `docker` commands, on the virtual clock.
//!
//! Progress is printed the way Compose's plain display does (`cmd/display/plain.go`:
//! `fmt.Fprintln(out, "", e.ID, e.Text, e.Details)`, so each line starts with a space and, with
//! no details, ends with one) on stderr. The TTY display (`[+] Running 3/3`, ✔ glyphs) is not
//! imitated: its exact layout is UNCONFIRMED (FIDELITY §6).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::catalogue::split_reference;
use super::docker::stable_hex;
use super::health::{HealthConfig, HealthStatus};
use super::output::{human_duration, tabulate};
use super::{Host, Outcome, State};
use crate::compose::{self, Condition, LoadOptions, Project, Service};

/// The compose file names Compose looks for, in order (compose-go `cli.DefaultFileNames`).
pub const DEFAULT_FILES: [&str; 4] = [
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
];

/// Virtual time the steps of `up` and `down` take, so a view can replay them tier by tier.
const CREATE_MS: u64 = 100;
const START_MS: u64 = 300;
/// Compose polls a dependency's health every 500 ms (`convergence.go`).
const POLL_MS: u64 = 500;
/// How long `up` waits for a dependency before giving up (virtual).
const WAIT_LIMIT_MS: u64 = 10 * 60 * 1000;

/// A network (beyond bridge/host/none) or a named volume the host has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceRecord {
    /// `myapp_default`, `myapp_data`.
    pub name: String,
    /// The Compose project that made it, if any.
    pub project: Option<String>,
}

/// Creates the resources of `names` the host lacks (`kind`: `Network` / `Volume`).
fn create_missing(
    list: &mut Vec<ResourceRecord>,
    kind: &str,
    names: &[String],
    project: &str,
    now: u64,
    progress: &mut Progress,
) {
    for name in names {
        if !list.iter().any(|r| r.name == *name) {
            let resource = format!("{kind} {name}");
            progress.emit(now, &resource, "Creating");
            list.push(ResourceRecord {
                name: name.clone(),
                project: Some(project.to_string()),
            });
            progress.emit(now, &resource, "Created");
        }
    }
}

/// Removes every resource `project` made; whether there was any.
fn remove_project(
    list: &mut Vec<ResourceRecord>,
    kind: &str,
    project: &str,
    now: u64,
    progress: &mut Progress,
) -> bool {
    let names: Vec<String> = list
        .iter()
        .filter(|r| r.project.as_deref() == Some(project))
        .map(|r| r.name.clone())
        .collect();
    for name in &names {
        let resource = format!("{kind} {name}");
        progress.emit(now, &resource, "Removing");
        list.retain(|r| r.name != *name);
        progress.emit(now, &resource, "Removed");
    }
    !names.is_empty()
}

/// One progress line of the last `docker compose` command, with when it happened.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ComposeStep {
    /// Virtual ms since the command began.
    pub at_ms: u64,
    /// `Container myapp-api-1`, `Network myapp_default`.
    pub resource: String,
    /// `Creating`, `Started`, `Healthy`, …
    pub status: String,
}

/// The last `docker compose up`/`down`/… as the compose view replays it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ComposeRun {
    /// The subcommand (`up`, `down`).
    pub command: String,
    /// Its progress, in order.
    pub steps: Vec<ComposeStep>,
    /// Its error, if it failed.
    pub error: Option<String>,
}

/// What `-f`, `-p` and `--profile` said.
struct Global {
    file: Option<String>,
    project: Option<String>,
    profiles: Vec<String>,
}

/// Accumulates an Outcome and the replayable steps of one compose command.
struct Progress {
    outcome: Outcome,
    started: u64,
    steps: Vec<ComposeStep>,
}

impl Progress {
    fn new(now: u64) -> Progress {
        Progress {
            outcome: Outcome::default(),
            started: now,
            steps: Vec::new(),
        }
    }

    fn emit(&mut self, now: u64, resource: &str, status: &str) {
        self.outcome.err(&format!(" {resource} {status} "));
        self.steps.push(ComposeStep {
            at_ms: now.saturating_sub(self.started),
            resource: resource.to_string(),
            status: status.to_string(),
        });
    }
}

impl Host {
    /// The project directory the console is in (`/home/learner/myapp`).
    pub fn project_dir(&self) -> String {
        format!("/home/learner/{}", self.project)
    }

    /// Loads the compose file the way `docker compose` would from the console's folder:
    /// `(file name, result)`; `None` when there is no compose file at all.
    pub fn load_compose(
        &self,
        file: Option<&str>,
        project: Option<&str>,
        profiles: &[String],
    ) -> Option<(String, Result<compose::Loaded, compose::Diagnostics>)> {
        let name = match file {
            Some(f) => f.trim_start_matches("./").to_string(),
            None => DEFAULT_FILES
                .iter()
                .find(|f| self.files.contains_key(**f))?
                .to_string(),
        };
        let text = self.files.get(&name)?;
        let options = LoadOptions {
            project_dir: self.project_dir(),
            file_name: name.clone(),
            project_name: project.map(str::to_string),
            profiles: profiles.to_vec(),
            env: BTreeMap::new(),
        };
        Some((name, compose::load(text, &options)))
    }

    /// `docker compose ARGS…`.
    pub(super) fn docker_compose(&mut self, args: &[String]) -> Outcome {
        let mut global = Global {
            file: None,
            project: None,
            profiles: Vec::new(),
        };
        let mut i = 0;
        while let Some(arg) = args.get(i) {
            let (name, inline) = match arg.split_once('=') {
                Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
                _ => (arg.as_str(), None),
            };
            let slot = match name {
                "-f" | "--file" => &mut global.file,
                "-p" | "--project-name" => &mut global.project,
                "--profile" => {
                    let value = inline.clone().or_else(|| args.get(i + 1).cloned());
                    match value {
                        Some(v) => global.profiles.push(v),
                        None => return Outcome::fail("flag needs an argument: --profile", 1),
                    }
                    i += if inline.is_some() { 1 } else { 2 };
                    continue;
                }
                _ => break,
            };
            let value = inline.clone().or_else(|| args.get(i + 1).cloned());
            let Some(value) = value else {
                return Outcome::fail(format!("flag needs an argument: {name}"), 1);
            };
            *slot = Some(value);
            i += if inline.is_some() { 1 } else { 2 };
        }
        let rest = &args[i.min(args.len())..];
        let Some((sub, sub_args)) = rest.split_first() else {
            return Outcome::text(COMPOSE_USAGE);
        };
        if matches!(sub.as_str(), "--help" | "-h" | "help") {
            return Outcome::text(COMPOSE_USAGE);
        }
        if !KNOWN.contains(&sub.as_str()) {
            return Outcome::fail(format!("unknown docker command: \"compose {sub}\""), 1);
        }
        let loaded = self.load_compose(
            global.file.as_deref(),
            global.project.as_deref(),
            &global.profiles,
        );
        let project = match loaded {
            None => {
                return Outcome::fail(
                    match &global.file {
                        Some(f) => format!(
                            "open {}/{}: no such file or directory",
                            self.project_dir(),
                            f.trim_start_matches("./")
                        ),
                        None => "no configuration file provided: not found".to_string(),
                    },
                    1,
                );
            }
            Some((_, Err(diagnostics))) => {
                let message = diagnostics
                    .first()
                    .map_or_else(|| "invalid compose project".to_string(), |d| d.message.clone());
                return Outcome::fail(message, 1);
            }
            Some((_, Ok(loaded))) => {
                let mut outcome = Outcome::default();
                for w in &loaded.warnings {
                    outcome.err(&w.message);
                }
                (loaded.project, outcome)
            }
        };
        let (project, warnings) = project;
        let mut outcome = match sub.as_str() {
            "up" => self.compose_up(&project, sub_args),
            "down" => self.compose_down(&project, sub_args),
            "ps" => self.compose_ps(&project, sub_args),
            "config" => compose_config(&project, sub_args),
            "start" => self.compose_start(&project, sub_args),
            "stop" => self.compose_stop(&project, sub_args, false),
            "restart" => self.compose_stop(&project, sub_args, true),
            "logs" => self.compose_logs(&project, sub_args),
            "build" => self.compose_build(&project, sub_args),
            _ => Outcome::fail(format!("unknown docker command: \"compose {sub}\""), 1),
        };
        if !warnings.stderr.is_empty() {
            outcome.stderr = format!("{}{}", warnings.stderr, outcome.stderr);
            outcome.merged.splice(0..0, warnings.merged);
        }
        outcome
    }

    /// The project's containers of `service` (all when `None`), by container number.
    fn project_containers(&self, project: &str, service: Option<&str>) -> Vec<usize> {
        let mut found: Vec<(u32, usize)> = self
            .containers
            .iter()
            .enumerate()
            .filter(|(_, c)| c.labels.get(LABEL_PROJECT).is_some_and(|p| p == project))
            .filter(|(_, c)| service.is_none_or(|s| c.labels.get(LABEL_SERVICE).is_some_and(|v| v == s)))
            .map(|(i, c)| {
                let n = c
                    .labels
                    .get(LABEL_NUMBER)
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0);
                (n, i)
            })
            .collect();
        found.sort();
        found.into_iter().map(|(_, i)| i).collect()
    }

    /// The image a service runs: its `image:`, or `<project>-<service>` for a build.
    fn service_image(project: &Project, service: &Service) -> String {
        match (&service.image, &service.build) {
            (Some(image), _) => image.clone(),
            (None, _) => format!("{}-{}", project.name, service.name),
        }
    }

    fn has_image(&self, reference: &str) -> bool {
        let (repo, tag) = split_reference(reference);
        self.images.iter().any(|i| i.repo == repo && i.tag == tag)
    }

    /// Services named on the command line plus everything they depend on (all when none).
    fn selected(project: &Project, names: &[&str]) -> Result<Vec<String>, String> {
        if names.is_empty() {
            return Ok(project.services.iter().map(|s| s.name.clone()).collect());
        }
        let mut chosen: Vec<String> = Vec::new();
        let mut todo: Vec<String> = names.iter().map(|s| (*s).to_string()).collect();
        while let Some(name) = todo.pop() {
            let Some(service) = project.service(&name) else {
                return Err(format!("no such service: {name}"));
            };
            if !chosen.contains(&name) {
                todo.extend(service.depends_on.iter().map(|d| d.service.clone()));
                chosen.push(name);
            }
        }
        Ok(chosen)
    }

    fn compose_build(&mut self, project: &Project, args: &[String]) -> Outcome {
        let names: Vec<&str> = args
            .iter()
            .filter(|a| !a.starts_with('-'))
            .map(String::as_str)
            .collect();
        let mut progress = Progress::new(self.now);
        let services: Vec<Service> = project
            .services
            .iter()
            .filter(|s| s.build.is_some() && (names.is_empty() || names.contains(&s.name.as_str())))
            .cloned()
            .collect();
        for service in &services {
            if let Err(e) = self.build_service(project, service, &mut progress) {
                return self.finish(progress, "build", Some(e));
            }
        }
        self.finish(progress, "build", None)
    }

    /// Builds a service's image with the builder (`docker build -t <image> -f <dockerfile> .`).
    fn build_service(
        &mut self,
        project: &Project,
        service: &Service,
        progress: &mut Progress,
    ) -> Result<(), String> {
        let Some(build) = &service.build else {
            return Ok(());
        };
        let image = Self::service_image(project, service);
        let mut args = vec!["-t".to_string(), image.clone()];
        if let Some(file) = &build.dockerfile {
            args.push("-f".to_string());
            args.push(file.clone());
        }
        for (k, v) in &build.args {
            args.push("--build-arg".to_string());
            args.push(match v {
                Some(v) => format!("{k}={v}"),
                None => k.clone(),
            });
        }
        if let Some(target) = &build.target {
            args.push("--target".to_string());
            args.push(target.clone());
        }
        // The console's folder is the only directory the simulator has: a context inside it
        // is read from there.
        let dir = self.project_dir();
        let context = build
            .context
            .strip_prefix(&dir)
            .unwrap_or(&build.context)
            .trim_start_matches('/');
        args.push(if context.is_empty() {
            ".".to_string()
        } else {
            context.to_string()
        });
        let built = self.cmd_build(&args);
        progress.outcome.err_text(&built.stderr);
        progress.outcome.events.extend(built.events);
        if built.exit != 0 {
            return Err(format!("failed to solve: building {}", service.name));
        }
        progress.emit(self.now, &format!("Image {image}"), "Built");
        Ok(())
    }

    fn compose_up(&mut self, project: &Project, args: &[String]) -> Outcome {
        let mut detach = false;
        let mut wait = false;
        let mut build = false;
        let mut scales: BTreeMap<String, i64> = BTreeMap::new();
        let mut names: Vec<&str> = Vec::new();
        let mut i = 0;
        while let Some(arg) = args.get(i) {
            match arg.as_str() {
                "-d" | "--detach" => detach = true,
                "--wait" => {
                    wait = true;
                    detach = true;
                }
                "--build" => build = true,
                flag if flag == "--scale" || flag.starts_with("--scale=") => {
                    let value = match arg.strip_prefix("--scale=") {
                        Some(v) => v,
                        None => {
                            i += 1;
                            args.get(i).map_or("", String::as_str)
                        }
                    };
                    let Some((service, n)) = parse_scale(value) else {
                        return Outcome::fail(
                            format!("invalid --scale option \"{value}\". Should be SERVICE=NUM"),
                            1,
                        );
                    };
                    scales.insert(service, n);
                }
                other if other.starts_with('-') => {
                    return Outcome::fail(format!("unknown flag: {other}"), 1);
                }
                other => names.push(other),
            }
            i += 1;
        }
        let selected = match Self::selected(project, &names) {
            Ok(s) => s,
            Err(e) => return Outcome::fail(e, 1),
        };
        let mut progress = Progress::new(self.now);
        let result = self.up_inner(project, &selected, &scales, build, wait, &mut progress);
        let failed = result.is_err();
        let mut outcome = self.finish(progress, "up", result.err());
        if !failed && !detach {
            self.attach_note(project, &selected, &mut outcome);
        }
        outcome
    }

    fn up_inner(
        &mut self,
        project: &Project,
        selected: &[String],
        scales: &BTreeMap<String, i64>,
        build: bool,
        wait: bool,
        progress: &mut Progress,
    ) -> Result<(), String> {
        let services: Vec<Service> = project
            .services
            .iter()
            .filter(|s| selected.contains(&s.name))
            .cloned()
            .collect();
        // Images first: pull what is missing, build what has `build:` (compose `ensureImagesExists`).
        for service in &services {
            let image = Self::service_image(project, service);
            if service.build.is_some() && (build || !self.has_image(&image)) {
                self.build_service(project, service, progress)?;
            } else if !self.has_image(&image) {
                let resource = format!("Image {image}");
                progress.emit(self.now, &resource, "Pulling");
                let (repo, tag) = split_reference(&image);
                match self.pull(&repo, &tag) {
                    Ok((_, _, events)) => {
                        progress.outcome.events.extend(events);
                        progress.emit(self.now, &resource, "Pulled");
                    }
                    Err(e) => {
                        progress.emit(self.now, &resource, "Error");
                        return Err(format!("Error response from daemon: {e}"));
                    }
                }
            }
        }
        // Networks and volumes the services use.
        let mut networks: Vec<String> = Vec::new();
        for service in &services {
            if service.network_mode.is_some() {
                continue;
            }
            for n in &service.networks {
                if let Some(net) = project.network(&n.name)
                    && !net.external
                    && !networks.contains(&net.name)
                {
                    networks.push(net.name.clone());
                }
            }
        }
        create_missing(
            &mut self.networks,
            "Network",
            &networks,
            &project.name,
            self.now,
            progress,
        );
        let mut volumes: Vec<String> = Vec::new();
        for service in &services {
            for m in &service.volumes {
                if m.kind == compose::MountKind::Volume
                    && let Some(vol) = project.volume(&m.source)
                    && !vol.external
                    && !volumes.contains(&vol.name)
                {
                    volumes.push(vol.name.clone());
                }
            }
        }
        create_missing(
            &mut self.volumes,
            "Volume",
            &volumes,
            &project.name,
            self.now,
            progress,
        );
        // Create (or keep, or recreate) every container, leaves first.
        let tiers = project.start_tiers();
        for tier in &tiers {
            for name in tier.iter().filter(|n| selected.contains(n)) {
                let Some(service) = project.service(name).cloned() else {
                    continue;
                };
                let scale = scales
                    .get(name)
                    .copied()
                    .unwrap_or_else(|| service.scale())
                    .max(0) as u32;
                self.converge(project, &service, scale, progress)?;
            }
        }
        // Start, leaves first, each service after its dependencies meet their condition.
        for tier in &tiers {
            for name in tier.iter().filter(|n| selected.contains(n)) {
                let Some(service) = project.service(name).cloned() else {
                    continue;
                };
                for dep in &service.depends_on {
                    if selected.contains(&dep.service) {
                        self.wait_for(project, &service, dep, progress)?;
                    }
                }
                for i in self.project_containers(&project.name, Some(name)) {
                    let c = &self.containers[i];
                    if c.state() == State::Running {
                        continue;
                    }
                    let cname = c.name.clone();
                    let resource = format!("Container {cname}");
                    progress.emit(self.now, &resource, "Starting");
                    let started = self.docker(&["start".to_string(), cname.clone()]);
                    progress.outcome.events.extend(started.events);
                    if started.exit != 0 {
                        progress.emit(self.now, &resource, "Error");
                        let message = started.stderr.lines().next().unwrap_or_default().to_string();
                        return Err(message);
                    }
                    self.pass(START_MS, progress);
                    progress.emit(self.now, &resource, "Started");
                }
            }
        }
        if wait {
            for name in selected {
                for i in self.project_containers(&project.name, Some(name)) {
                    let cname = self.containers[i].name.clone();
                    self.wait_until(&cname, progress, |c| match (c.state(), &c.health) {
                        (State::Running, Some(h)) => match h.status {
                            HealthStatus::Healthy => Some(Ok("Healthy")),
                            HealthStatus::Unhealthy => {
                                Some(Err(format!("container {} is unhealthy", c.name)))
                            }
                            HealthStatus::Starting => None,
                        },
                        (State::Running, None) => Some(Ok("Running")),
                        (State::Exited, _) => {
                            Some(Err(format!("container {} exited ({})", c.name, c.exit_code)))
                        }
                        _ => None,
                    })?;
                }
            }
        }
        Ok(())
    }

    /// Brings a service to `scale` containers with its current configuration.
    fn converge(
        &mut self,
        project: &Project,
        service: &Service,
        scale: u32,
        progress: &mut Progress,
    ) -> Result<(), String> {
        let hash = config_hash(project, service);
        let existing = self.project_containers(&project.name, Some(&service.name));
        // Too many: remove the highest numbers.
        for &i in existing.iter().skip(scale as usize).rev() {
            let name = self.containers[i].name.clone();
            self.stop_and_remove(&name, progress);
        }
        for n in 1..=scale {
            let current = self
                .project_containers(&project.name, Some(&service.name))
                .into_iter()
                .find(|&i| {
                    self.containers[i].labels.get(LABEL_NUMBER).map(String::as_str)
                        == Some(n.to_string().as_str())
                });
            if let Some(i) = current {
                let c = &self.containers[i];
                let name = c.name.clone();
                if c.labels.get(LABEL_HASH) == Some(&hash) {
                    if c.state() == State::Running {
                        progress.emit(self.now, &format!("Container {name}"), "Running");
                    }
                    continue;
                }
                let resource = format!("Container {name}");
                progress.emit(self.now, &resource, "Recreate");
                let removed = self.docker(&["rm".to_string(), "-f".to_string(), name.clone()]);
                progress.outcome.events.extend(removed.events);
                self.create_container(project, service, n, &hash)?;
                progress.emit(self.now, &resource, "Recreated");
                continue;
            }
            let name = container_name(project, service, n);
            let resource = format!("Container {name}");
            progress.emit(self.now, &resource, "Creating");
            if let Err(e) = self.create_container(project, service, n, &hash) {
                progress.emit(self.now, &resource, "Error");
                return Err(e);
            }
            self.pass(CREATE_MS, progress);
            progress.emit(self.now, &resource, "Created");
        }
        Ok(())
    }

    /// `docker create` with the service's settings, then Compose's labels and healthcheck.
    fn create_container(
        &mut self,
        project: &Project,
        service: &Service,
        n: u32,
        hash: &str,
    ) -> Result<(), String> {
        let name = container_name(project, service, n);
        let mut args = vec!["--name".to_string(), name.clone()];
        if let Some(policy) = &service.restart {
            args.push("--restart".to_string());
            args.push(policy.clone());
        }
        for (k, v) in service.container_env() {
            args.push("-e".to_string());
            args.push(format!("{k}={v}"));
        }
        for p in &service.ports {
            args.push("-p".to_string());
            args.push(match (&p.host_ip, &p.published) {
                (Some(ip), Some(host)) => format!("{ip}:{host}:{}/{}", p.target, p.protocol),
                (None, Some(host)) => format!("{host}:{}/{}", p.target, p.protocol),
                (_, None) => format!("{}/{}", p.target, p.protocol),
            });
        }
        // `entrypoint:` and `working_dir:` are not passed on: the simulator's `docker create`
        // has no such flags (the command still runs).
        args.push(Self::service_image(project, service));
        if let Some(command) = &service.command {
            args.extend(command.argv());
        }
        let mut create = vec!["create".to_string()];
        create.extend(args);
        let created = self.docker(&create);
        if created.exit != 0 {
            return Err(created.stderr.lines().next().unwrap_or_default().to_string());
        }
        let Some(i) = self.containers.iter().position(|c| c.name == name) else {
            return Err(format!("Error response from daemon: No such container: {name}"));
        };
        let network = service
            .networks
            .first()
            .and_then(|n| project.network(&n.name))
            .map_or_else(|| format!("{}_default", project.name), |n| n.name.clone());
        let c = &mut self.containers[i];
        c.labels.insert(LABEL_PROJECT.to_string(), project.name.clone());
        c.labels.insert(LABEL_SERVICE.to_string(), service.name.clone());
        c.labels.insert(LABEL_NUMBER.to_string(), n.to_string());
        c.labels.insert(LABEL_HASH.to_string(), hash.to_string());
        c.labels
            .insert("com.docker.compose.oneoff".to_string(), "False".to_string());
        c.labels.extend(service.labels.clone());
        c.network = network;
        c.health_config = service
            .healthcheck
            .as_ref()
            .filter(|h| !h.is_disabled())
            .and_then(|h| {
                let test = h.test.clone()?;
                let ms = |v: i64| u64::try_from(v).unwrap_or(0);
                Some(HealthConfig {
                    test,
                    interval_ms: ms(h.effective_interval_ms()),
                    timeout_ms: ms(h.effective_timeout_ms()),
                    retries: h.effective_retries(),
                    start_period_ms: ms(h.effective_start_period_ms()),
                    start_interval_ms: h.start_interval.map_or(5_000, |d| ms(d.as_millis())),
                })
            });
        Ok(())
    }

    /// Waits until `dep` meets its condition for `service` (convergence.go `waitDependencies`).
    fn wait_for(
        &mut self,
        project: &Project,
        service: &Service,
        dep: &compose::Dependency,
        progress: &mut Progress,
    ) -> Result<(), String> {
        let containers = self.project_containers(&project.name, Some(&dep.service));
        if containers.is_empty() {
            return if dep.required {
                Err(format!("{} is missing dependency {}", service.name, dep.service))
            } else {
                Ok(())
            };
        }
        let names: Vec<String> = containers
            .iter()
            .map(|&i| self.containers[i].name.clone())
            .collect();
        for name in names {
            let result = match dep.condition {
                Condition::Started => continue,
                Condition::Healthy => {
                    progress.emit(self.now, &format!("Container {name}"), "Waiting");
                    self.wait_until(&name, progress, |c| {
                        if c.state() != State::Running && c.state() != State::Restarting {
                            return Some(Err(format!(
                                "dependency failed to start: container {} exited ({})",
                                c.name, c.exit_code
                            )));
                        }
                        match &c.health {
                            None => Some(Err(format!(
                                "dependency failed to start: container {} has no healthcheck configured",
                                c.name
                            ))),
                            Some(h) if h.status == HealthStatus::Healthy => Some(Ok("Healthy")),
                            Some(h) if h.status == HealthStatus::Unhealthy => Some(Err(format!(
                                "dependency failed to start: container {} is unhealthy",
                                c.name
                            ))),
                            Some(_) => None,
                        }
                    })
                }
                Condition::CompletedSuccessfully => {
                    progress.emit(self.now, &format!("Container {name}"), "Waiting");
                    let dep_name = dep.service.clone();
                    self.wait_until(&name, progress, move |c| match c.state() {
                        State::Exited if c.exit_code == 0 => Some(Ok("Exited")),
                        State::Exited => Some(Err(format!(
                            "service \"{dep_name}\" didn't complete successfully: exit {}",
                            c.exit_code
                        ))),
                        _ => None,
                    })
                }
            };
            if let Err(e) = result {
                if dep.required {
                    return Err(e);
                }
                // `required: false`: a warning, and the service starts anyway.
                progress.emit(self.now, &format!("Container {name}"), "Skipped");
            }
        }
        Ok(())
    }

    /// Polls container `name` every 500 ms (virtual) until `check` decides; emits its word.
    fn wait_until(
        &mut self,
        name: &str,
        progress: &mut Progress,
        check: impl Fn(&super::Container) -> Option<Result<&'static str, String>>,
    ) -> Result<(), String> {
        let deadline = self.now + WAIT_LIMIT_MS;
        loop {
            let Some(c) = self.containers.iter().find(|c| c.name == name) else {
                return Err(format!("Error response from daemon: No such container: {name}"));
            };
            match check(c) {
                Some(Ok(word)) => {
                    progress.emit(self.now, &format!("Container {name}"), word);
                    return Ok(());
                }
                Some(Err(e)) => {
                    progress.emit(self.now, &format!("Container {name}"), "Error");
                    return Err(e);
                }
                None if self.now >= deadline => {
                    return Err(format!("timeout waiting for container {name}"));
                }
                None => self.pass(POLL_MS, progress),
            }
        }
    }

    /// Lets `ms` of virtual time pass during a compose command.
    fn pass(&mut self, ms: u64, progress: &mut Progress) {
        let mut events = Vec::new();
        self.advance_to(self.now + ms, &mut events);
        progress.outcome.events.extend(events);
    }

    fn stop_and_remove(&mut self, name: &str, progress: &mut Progress) {
        let resource = format!("Container {name}");
        let running = self
            .containers
            .iter()
            .find(|c| c.name == name)
            .is_some_and(|c| c.running);
        if running {
            progress.emit(self.now, &resource, "Stopping");
            let stopped = self.docker(&["stop".to_string(), name.to_string()]);
            progress.outcome.events.extend(stopped.events);
            progress.emit(self.now, &resource, "Stopped");
        }
        progress.emit(self.now, &resource, "Removing");
        let removed = self.docker(&["rm".to_string(), "-f".to_string(), name.to_string()]);
        progress.outcome.events.extend(removed.events);
        progress.emit(self.now, &resource, "Removed");
    }

    fn compose_down(&mut self, project: &Project, args: &[String]) -> Outcome {
        let volumes = args.iter().any(|a| a == "-v" || a == "--volumes");
        let rmi = args
            .iter()
            .position(|a| a == "--rmi")
            .and_then(|i| args.get(i + 1))
            .map(String::as_str)
            .or_else(|| args.iter().find_map(|a| a.strip_prefix("--rmi=")));
        if let Some(mode) = rmi
            && mode != "local"
            && mode != "all"
        {
            return Outcome::fail(format!("invalid value for --rmi: {mode}"), 1);
        }
        let mut progress = Progress::new(self.now);
        let mut found = false;
        // Dependents first (down.go: reverse dependency order).
        for tier in project.stop_tiers() {
            for name in tier {
                for i in self
                    .project_containers(&project.name, Some(&name))
                    .into_iter()
                    .rev()
                {
                    let cname = self.containers[i].name.clone();
                    self.stop_and_remove(&cname, &mut progress);
                    found = true;
                }
            }
        }
        // Containers of services no longer in the file are orphans: kept (--remove-orphans is
        // not simulated), as Compose keeps them and warns.
        found |= remove_project(
            &mut self.networks,
            "Network",
            &project.name,
            self.now,
            &mut progress,
        );
        if volumes {
            found |= remove_project(
                &mut self.volumes,
                "Volume",
                &project.name,
                self.now,
                &mut progress,
            );
        }
        if let Some(mode) = rmi {
            for service in &project.services {
                // local: only images without a custom tag, i.e. the ones Compose built and named.
                if mode == "local" && service.image.is_some() {
                    continue;
                }
                let image = Self::service_image(project, service);
                if self.has_image(&image) {
                    let resource = format!("Image {image}");
                    progress.emit(self.now, &resource, "Removing");
                    let removed = self.docker(&["rmi".to_string(), image.clone()]);
                    progress.outcome.events.extend(removed.events);
                    progress.emit(
                        self.now,
                        &resource,
                        if removed.exit == 0 { "Removed" } else { "Error" },
                    );
                    found = true;
                }
            }
        }
        if !found {
            progress.outcome.err(&format!(
                "Warning: No resource found to remove for project \"{}\".",
                project.name
            ));
        }
        self.finish(progress, "down", None)
    }

    fn compose_ps(&self, project: &Project, args: &[String]) -> Outcome {
        let all = args.iter().any(|a| a == "-a" || a == "--all");
        let quiet = args.iter().any(|a| a == "-q" || a == "--quiet");
        let services = args.iter().any(|a| a == "--services");
        let mut rows: Vec<&super::Container> = self
            .project_containers(&project.name, None)
            .into_iter()
            .map(|i| &self.containers[i])
            .filter(|c| all || c.running)
            .collect();
        rows.sort_by(|a, b| a.name.cmp(&b.name));
        if services {
            let mut names: Vec<&str> = rows
                .iter()
                .filter_map(|c| c.labels.get(LABEL_SERVICE).map(String::as_str))
                .collect();
            names.dedup();
            return Outcome::text(names.iter().map(|n| format!("{n}\n")).collect::<String>());
        }
        if quiet {
            return Outcome::text(rows.iter().map(|c| format!("{}\n", c.id)).collect::<String>());
        }
        // docker/compose cmd/formatter/container.go: NAME IMAGE COMMAND SERVICE CREATED STATUS PORTS.
        let mut text = String::from("NAME\tIMAGE\tCOMMAND\tSERVICE\tCREATED\tSTATUS\tPORTS\n");
        for c in rows {
            text.push_str(&format!(
                "{}\t{}\t{}\t{}\t{} ago\t{}\t{}\n",
                c.name,
                c.image,
                c.command_column(true),
                c.labels.get(LABEL_SERVICE).map_or("", String::as_str),
                human_duration(self.now.saturating_sub(c.created)),
                c.status(self.now),
                c.ports_column()
            ));
        }
        Outcome::text(tabulate(&text))
    }

    fn compose_start(&mut self, project: &Project, args: &[String]) -> Outcome {
        let names: Vec<&str> = args
            .iter()
            .filter(|a| !a.starts_with('-'))
            .map(String::as_str)
            .collect();
        let mut progress = Progress::new(self.now);
        for tier in project.start_tiers() {
            for name in tier
                .iter()
                .filter(|n| names.is_empty() || names.contains(&n.as_str()))
            {
                for i in self.project_containers(&project.name, Some(name)) {
                    if self.containers[i].running {
                        continue;
                    }
                    let cname = self.containers[i].name.clone();
                    let resource = format!("Container {cname}");
                    progress.emit(self.now, &resource, "Starting");
                    let started = self.docker(&["start".to_string(), cname]);
                    progress.outcome.events.extend(started.events);
                    if started.exit != 0 {
                        let message = started.stderr.lines().next().unwrap_or_default().to_string();
                        return self.finish(progress, "start", Some(message));
                    }
                    self.pass(START_MS, &mut progress);
                    progress.emit(self.now, &resource, "Started");
                }
            }
        }
        self.finish(progress, "start", None)
    }

    /// `stop` (dependents first) and `restart` (stop, then start leaves first).
    fn compose_stop(&mut self, project: &Project, args: &[String], restart: bool) -> Outcome {
        let names: Vec<&str> = args
            .iter()
            .filter(|a| !a.starts_with('-'))
            .map(String::as_str)
            .collect();
        let wanted = |n: &str| names.is_empty() || names.contains(&n);
        let mut progress = Progress::new(self.now);
        let command = if restart { "restart" } else { "stop" };
        for tier in project.stop_tiers() {
            for name in tier.iter().filter(|n| wanted(n)) {
                for i in self
                    .project_containers(&project.name, Some(name))
                    .into_iter()
                    .rev()
                {
                    if !self.containers[i].running {
                        continue;
                    }
                    let cname = self.containers[i].name.clone();
                    let resource = format!("Container {cname}");
                    progress.emit(
                        self.now,
                        &resource,
                        if restart { "Restarting" } else { "Stopping" },
                    );
                    let stopped = self.docker(&["stop".to_string(), cname]);
                    progress.outcome.events.extend(stopped.events);
                    if !restart {
                        progress.emit(self.now, &resource, "Stopped");
                    }
                }
            }
        }
        if restart {
            for tier in project.start_tiers() {
                for name in tier.iter().filter(|n| wanted(n)) {
                    for i in self.project_containers(&project.name, Some(name)) {
                        let cname = self.containers[i].name.clone();
                        let started = self.docker(&["start".to_string(), cname.clone()]);
                        progress.outcome.events.extend(started.events);
                        self.pass(START_MS, &mut progress);
                        progress.emit(self.now, &format!("Container {cname}"), "Started");
                    }
                }
            }
        }
        self.finish(progress, command, None)
    }

    fn compose_logs(&self, project: &Project, args: &[String]) -> Outcome {
        let names: Vec<&str> = args
            .iter()
            .filter(|a| !a.starts_with('-'))
            .map(String::as_str)
            .collect();
        let containers: Vec<&super::Container> = self
            .project_containers(&project.name, None)
            .into_iter()
            .map(|i| &self.containers[i])
            .filter(|c| {
                names.is_empty()
                    || c.labels
                        .get(LABEL_SERVICE)
                        .is_some_and(|s| names.contains(&s.as_str()))
            })
            .collect();
        let prefix = |c: &super::Container| short_name(project, c);
        let width = containers.iter().map(|c| prefix(c).len()).max().unwrap_or(0);
        // Lines of all containers in time order, each prefixed `service-N  | `.
        let mut lines: Vec<(u64, usize, String)> = Vec::new();
        for (n, c) in containers.iter().enumerate() {
            for line in &c.logs {
                lines.push((line.at, n, format!("{:<width$} | {}", prefix(c), line.text)));
            }
        }
        lines.sort_by_key(|(at, n, _)| (*at, *n));
        Outcome::text(lines.into_iter().map(|(_, _, l)| l + "\n").collect::<String>())
    }

    /// An attached `up` would stream logs until Ctrl+C; the console cannot block, so it
    /// prints what was logged so far and says the containers keep running.
    fn attach_note(&self, project: &Project, selected: &[String], outcome: &mut Outcome) {
        let mut names: Vec<String> = Vec::new();
        for name in selected {
            for i in self.project_containers(&project.name, Some(name)) {
                names.push(short_name(project, &self.containers[i]));
            }
        }
        names.sort();
        outcome.out(&format!("Attaching to {}", names.join(", ")));
        let logs = self.compose_logs(project, selected);
        outcome.out_text(&logs.stdout);
        outcome.err("paperlab: the console cannot stay attached; the containers keep running (in a terminal, Ctrl+C would stop them). Use `docker compose up -d` to start them in the background.");
    }

    /// Ends a compose command: keeps its steps for the view, prints the error if any.
    fn finish(&mut self, mut progress: Progress, command: &str, error: Option<String>) -> Outcome {
        if let Some(e) = &error {
            progress.outcome.err(e);
            progress.outcome.exit = 1;
        }
        self.last_compose = Some(ComposeRun {
            command: command.to_string(),
            steps: progress.steps,
            error,
        });
        progress.outcome
    }
}

/// `api-1` for `myapp-api-1` (what logs and attach print); a `container_name` as is.
fn short_name(project: &Project, c: &super::Container) -> String {
    c.name
        .strip_prefix(&format!("{}-", project.name))
        .map_or_else(|| c.name.clone(), str::to_string)
}

fn container_name(project: &Project, service: &Service, n: u32) -> String {
    service
        .container_name
        .clone()
        .unwrap_or_else(|| format!("{}-{}-{n}", project.name, service.name))
}

/// What decides whether a container must be recreated (compose labels it config-hash).
fn config_hash(project: &Project, service: &Service) -> String {
    let key = format!(
        "{}|{:?}|{:?}|{:?}|{:?}|{:?}",
        Host::service_image(project, service),
        service.command,
        service.container_env(),
        service.ports,
        service.restart,
        service.healthcheck
    );
    stable_hex(&key)
}

fn parse_scale(value: &str) -> Option<(String, i64)> {
    let (service, n) = value.split_once('=')?;
    let n = n.parse::<i64>().ok()?;
    (!service.is_empty()).then(|| (service.to_string(), n))
}

fn compose_config(project: &Project, args: &[String]) -> Outcome {
    if args.iter().any(|a| a == "--services") {
        return Outcome::text(
            project
                .services
                .iter()
                .map(|s| format!("{}\n", s.name))
                .collect::<String>(),
        );
    }
    if args.iter().any(|a| a == "-q" || a == "--quiet") {
        return Outcome::default();
    }
    Outcome::text(project.to_config_yaml())
}

const LABEL_PROJECT: &str = "com.docker.compose.project";
const LABEL_SERVICE: &str = "com.docker.compose.service";
const LABEL_NUMBER: &str = "com.docker.compose.container-number";
const LABEL_HASH: &str = "com.docker.compose.config-hash";

const KNOWN: [&str; 9] = [
    "up", "down", "ps", "config", "start", "stop", "restart", "logs", "build",
];

const COMPOSE_USAGE: &str = "Usage:  docker compose [OPTIONS] COMMAND

Define and run multi-container applications with Docker

Options:
  -f, --file stringArray           Compose configuration files
  -p, --project-name string        Project name
      --profile stringArray        Specify a profile to enable

Commands (simulated):
  build       Build or rebuild services
  config      Parse, resolve and render compose file in canonical format
  down        Stop and remove containers, networks
  logs        View output from containers
  ps          List containers
  restart     Restart service containers
  start       Start services
  stop        Stop services
  up          Create and start containers

Run 'docker compose COMMAND --help' for more information on a command.";

/// The compose picture the views draw: the file's graph (or its problems) and the last run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ComposeView {
    /// The compose file in the folder (`compose.yaml`); empty when there is none.
    pub file: String,
    /// The project name.
    pub project: String,
    /// The loader's problems: (line, column, message), the first being what the CLI prints.
    pub problems: Vec<(usize, usize, String)>,
    /// Services, by name.
    pub services: Vec<ServiceView>,
    /// Networks the services use: (key, full name).
    pub networks: Vec<(String, String)>,
    /// Named volumes the services use: (key, full name).
    pub volumes: Vec<(String, String)>,
    /// Start order: tiers of service names, leaves first.
    pub tiers: Vec<Vec<String>>,
    /// The last compose command, to replay.
    pub last_run: Option<ComposeRun>,
}

/// One service as a graph node.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ServiceView {
    /// Its key.
    pub name: String,
    /// Its line in the file.
    pub line: usize,
    /// `redis:latest`, or the image a build makes.
    pub image: String,
    /// Built from a Dockerfile (`build:`).
    pub build: bool,
    /// Published ports, `8000:8000`.
    pub ports: Vec<String>,
    /// Containers wanted.
    pub replicas: u32,
    /// Network keys.
    pub networks: Vec<String>,
    /// Named volume keys.
    pub volumes: Vec<String>,
    /// Dependencies: (service, condition word, required).
    pub depends_on: Vec<(String, String, bool)>,
    /// Has a healthcheck.
    pub healthcheck: bool,
    /// Its containers now: (name, state, health word).
    pub containers: Vec<(String, State, Option<String>)>,
}

impl Host {
    /// The compose view of the folder's compose file (`None` when there is none).
    pub fn compose_view(&self) -> Option<ComposeView> {
        let name = DEFAULT_FILES.iter().find(|f| self.files.contains_key(**f))?;
        let text = self.files.get(*name)?;
        Some(self.compose_view_of(name, text))
    }

    /// The compose view of `text` as if it were the folder's file `file` (an editor's draft),
    /// with the host's containers for its services.
    pub fn compose_view_of(&self, file: &str, text: &str) -> ComposeView {
        let options = LoadOptions {
            project_dir: self.project_dir(),
            file_name: file.to_string(),
            project_name: None,
            profiles: Vec::new(),
            env: BTreeMap::new(),
        };
        let loaded = compose::load(text, &options);
        let file = file.to_string();
        let mut view = ComposeView {
            file,
            last_run: self.last_compose.clone(),
            ..ComposeView::default()
        };
        let loaded = match loaded {
            Ok(l) => l,
            Err(diagnostics) => {
                view.problems = diagnostics
                    .iter()
                    .map(|d| (d.line, d.column, d.message.clone()))
                    .collect();
                return view;
            }
        };
        let project = loaded.project;
        view.project = project.name.clone();
        view.tiers = project.start_tiers();
        for service in &project.services {
            let networks: Vec<String> = if service.network_mode.is_some() {
                Vec::new()
            } else {
                service.networks.iter().map(|n| n.name.clone()).collect()
            };
            let volumes: Vec<String> = service
                .volumes
                .iter()
                .filter(|m| m.kind == compose::MountKind::Volume && project.volume(&m.source).is_some())
                .map(|m| m.source.clone())
                .collect();
            for n in &networks {
                if let Some(net) = project.network(n)
                    && !view.networks.iter().any(|(k, _)| k == n)
                {
                    view.networks.push((n.clone(), net.name.clone()));
                }
            }
            for v in &volumes {
                if let Some(vol) = project.volume(v)
                    && !view.volumes.iter().any(|(k, _)| k == v)
                {
                    view.volumes.push((v.clone(), vol.name.clone()));
                }
            }
            view.services.push(ServiceView {
                name: service.name.clone(),
                line: service.line,
                image: Self::service_image(&project, service),
                build: service.build.is_some(),
                ports: service
                    .ports
                    .iter()
                    .map(|p| match &p.published {
                        Some(h) => format!("{h}:{}", p.target),
                        None => p.target.to_string(),
                    })
                    .collect(),
                replicas: service.scale().max(0) as u32,
                networks,
                volumes,
                depends_on: service
                    .depends_on
                    .iter()
                    .map(|d| (d.service.clone(), d.condition.as_str().to_string(), d.required))
                    .collect(),
                healthcheck: service
                    .healthcheck
                    .as_ref()
                    .is_some_and(|h| !h.is_disabled() && h.test.is_some()),
                containers: self
                    .project_containers(&project.name, Some(&service.name))
                    .into_iter()
                    .map(|i| {
                        let c = &self.containers[i];
                        (
                            c.name.clone(),
                            c.state(),
                            c.health
                                .as_ref()
                                .filter(|_| c.running)
                                .map(|h| h.status.name().to_string()),
                        )
                    })
                    .collect(),
            });
        }
        view.networks.sort();
        view.volumes.sort();
        view
    }

    /// Networks Compose made.
    pub fn networks(&self) -> &[ResourceRecord] {
        &self.networks
    }

    /// Named volumes.
    pub fn volumes(&self) -> &[ResourceRecord] {
        &self.volumes
    }
}
