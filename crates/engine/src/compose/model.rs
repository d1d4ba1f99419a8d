//! The Compose project model: what a valid compose file means, after interpolation, defaults and
//! profiles, with the line each part was declared on.

use std::collections::BTreeMap;

use super::duration::GoDuration;
pub use super::ports::{BindOptions, Mount, MountKind, PortMapping};
use super::yaml::Node;

/// A loaded Compose project (compose-go's `types.Project`).
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// The project name (`-p` > `COMPOSE_PROJECT_NAME` > `name:` > directory name).
    pub name: String,
    /// The project directory; relative paths in the file are resolved against it.
    pub working_dir: String,
    /// Enabled services, sorted by name.
    pub services: Vec<Service>,
    /// Services left out because none of their profiles is active, sorted by name.
    pub disabled_services: Vec<Service>,
    /// Top-level networks, sorted by key; includes the implicit `default` when a service uses it.
    pub networks: Vec<Network>,
    /// Top-level volumes, sorted by key.
    pub volumes: Vec<Volume>,
    /// The active profiles.
    pub profiles: Vec<String>,
    /// Top-level keys the model does not cover (`secrets`, `configs`, `x-…`), for `config`.
    pub(crate) extra: Vec<(String, Node)>,
}

/// One service of the project.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// The service's key under `services:`.
    pub name: String,
    /// 1-based line of that key.
    pub line: usize,
    /// `image:`.
    pub image: Option<String>,
    /// `build:`.
    pub build: Option<Build>,
    /// `ports:`, expanded to one mapping per port.
    pub ports: Vec<PortMapping>,
    /// `volumes:`.
    pub volumes: Vec<Mount>,
    /// The networks joined, sorted by name (`default` when none is listed and no `network_mode`).
    pub networks: Vec<ServiceNetwork>,
    /// `network_mode:`.
    pub network_mode: Option<String>,
    /// Dependencies, sorted by service name (`depends_on:` plus implicit ones from `links`,
    /// `volumes_from` and `network_mode: service:x`).
    pub depends_on: Vec<Dependency>,
    /// `restart:` (`no`, `always`, `on-failure[:N]`, `unless-stopped`).
    pub restart: Option<String>,
    /// `healthcheck:`.
    pub healthcheck: Option<Healthcheck>,
    /// `environment:`; `None` for a bare `KEY` the loader's environment does not set (the
    /// container does not get that variable).
    pub environment: BTreeMap<String, Option<String>>,
    /// `command:`.
    pub command: Option<Command>,
    /// `entrypoint:`.
    pub entrypoint: Option<Command>,
    /// `profiles:`.
    pub profiles: Vec<String>,
    /// `scale:`.
    pub scale: Option<i64>,
    /// `deploy.replicas:`.
    pub replicas: Option<i64>,
    /// `container_name:`.
    pub container_name: Option<String>,
    /// `working_dir:`.
    pub working_dir: Option<String>,
    /// `labels:`.
    pub labels: BTreeMap<String, String>,
    /// `env_file:` paths, as written (the files themselves are not read).
    pub env_file: Vec<String>,
    /// `expose:`.
    pub expose: Vec<String>,
    /// `links:`.
    pub links: Vec<String>,
    /// `volumes_from:`.
    pub volumes_from: Vec<String>,
    /// `deploy.mode:`.
    pub deploy_mode: Option<String>,
    /// Whether the service has a `deploy:` section at all.
    pub has_deploy: bool,
    /// The `deploy:` section as written, for `config`.
    pub(crate) raw_deploy: Option<Node>,
    /// The service's keys as written, for `config` to print those the model does not cover.
    pub(crate) passthrough: Vec<(String, Node)>,
}

impl Service {
    /// How many containers `up` runs: `scale`, else `deploy.replicas`, else 1 (compose-go
    /// `GetScale`).
    pub fn scale(&self) -> i64 {
        self.scale.or(self.replicas).unwrap_or(1)
    }

    /// The environment the container gets: entries without a value are left out.
    pub fn container_env(&self) -> BTreeMap<String, String> {
        self.environment
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| (k.clone(), v.clone())))
            .collect()
    }
}

/// `build:` (a string is the context).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Build {
    /// The build context, absolute after loading (URLs kept as written).
    pub context: String,
    /// The Dockerfile, relative to the context (`Dockerfile` by default).
    pub dockerfile: Option<String>,
    /// `dockerfile_inline:`.
    pub dockerfile_inline: Option<String>,
    /// `args:`; `None` for a bare name the environment does not set.
    pub args: BTreeMap<String, Option<String>>,
    /// `target:` stage.
    pub target: Option<String>,
    /// 1-based line of the `build:` key.
    pub line: usize,
}

/// One network a service joins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceNetwork {
    /// The network's key in the top-level `networks:`.
    pub name: String,
    /// `aliases:`.
    pub aliases: Vec<String>,
    /// `ipv4_address:`.
    pub ipv4_address: Option<String>,
    /// `ipv6_address:`.
    pub ipv6_address: Option<String>,
    /// Whether the entry had settings (`false` prints as `name: null`).
    pub configured: bool,
    /// 1-based line of the entry (the service's line for the implicit `default`).
    pub line: usize,
}

/// What `up` waits for before starting a dependent service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Condition {
    /// `service_started`: the dependency's container is running.
    Started,
    /// `service_healthy`: its healthcheck reports healthy.
    Healthy,
    /// `service_completed_successfully`: it exited with status 0.
    CompletedSuccessfully,
}

impl Condition {
    /// The compose-file spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Condition::Started => "service_started",
            Condition::Healthy => "service_healthy",
            Condition::CompletedSuccessfully => "service_completed_successfully",
        }
    }
}

/// One entry of `depends_on`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// The service depended on.
    pub service: String,
    /// What to wait for.
    pub condition: Condition,
    /// `required: false` only warns when the dependency is missing or fails.
    pub required: bool,
    /// Restart this service when Compose restarts the dependency.
    pub restart: bool,
    /// 1-based line of the entry.
    pub line: usize,
}

/// `healthcheck:`; unset times take the engine defaults (see the `effective_*` methods).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Healthcheck {
    /// The test: `["CMD-SHELL", "…"]` for a string, else the list as written.
    pub test: Option<Vec<String>>,
    /// `interval:`.
    pub interval: Option<GoDuration>,
    /// `timeout:`.
    pub timeout: Option<GoDuration>,
    /// `retries:`.
    pub retries: Option<u64>,
    /// `start_period:`.
    pub start_period: Option<GoDuration>,
    /// `start_interval:`.
    pub start_interval: Option<GoDuration>,
    /// `disable: true` (same as `test: ["NONE"]`).
    pub disable: bool,
    /// 1-based line of the `healthcheck:` key.
    pub line: usize,
}

impl Healthcheck {
    /// Milliseconds between checks (default 30 s).
    pub fn effective_interval_ms(&self) -> i64 {
        self.interval.map_or(30_000, GoDuration::as_millis)
    }

    /// Milliseconds one check may run (default 30 s).
    pub fn effective_timeout_ms(&self) -> i64 {
        self.timeout.map_or(30_000, GoDuration::as_millis)
    }

    /// Failures in a row before `unhealthy` (default 3).
    pub fn effective_retries(&self) -> u64 {
        self.retries.unwrap_or(3)
    }

    /// Milliseconds of grace after start (default 0).
    pub fn effective_start_period_ms(&self) -> i64 {
        self.start_period.map_or(0, GoDuration::as_millis)
    }

    /// Whether checks are switched off (`disable: true` or `test: ["NONE"]`).
    pub fn is_disabled(&self) -> bool {
        self.disable
            || self
                .test
                .as_ref()
                .is_some_and(|t| t.first().is_some_and(|f| f == "NONE"))
    }
}

/// `command:` or `entrypoint:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// The string form, as written.
    Shell(String),
    /// The list form.
    Exec(Vec<String>),
}

impl Command {
    /// The words the container runs: the list form as is; the string form split like a shell
    /// splits words (compose-go uses go-shellwords; quotes and backslashes are honoured).
    pub fn argv(&self) -> Vec<String> {
        match self {
            Command::Exec(words) => words.clone(),
            Command::Shell(line) => split_words(line),
        }
    }
}

/// Shell-like word splitting: whitespace separates, quotes group, backslash escapes.
pub(crate) fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') => match chars.next() {
                Some(n @ ('"' | '\\' | '$' | '`')) => word.push(n),
                Some(n) => {
                    word.push('\\');
                    word.push(n);
                }
                None => word.push('\\'),
            },
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '\\') => {
                if let Some(n) = chars.next() {
                    word.push(n);
                }
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// A top-level network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Network {
    /// The key under `networks:`.
    pub key: String,
    /// The engine-side name: `name:`, else the key if external, else `<project>_<key>`.
    pub name: String,
    /// `driver:`.
    pub driver: Option<String>,
    /// `external: true`: created outside Compose, never created or removed by it.
    pub external: bool,
    /// `internal: true`.
    pub internal: bool,
    /// `attachable: true`.
    pub attachable: bool,
    /// `labels:`.
    pub labels: BTreeMap<String, String>,
    /// Added by Compose (the implicit `default`), not declared in the file.
    pub implicit: bool,
    /// 1-based line of the key (0 when implicit).
    pub line: usize,
}

/// A top-level volume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Volume {
    /// The key under `volumes:`.
    pub key: String,
    /// The engine-side name: `name:`, else the key if external, else `<project>_<key>`.
    pub name: String,
    /// `driver:`.
    pub driver: Option<String>,
    /// `external: true`.
    pub external: bool,
    /// `labels:`.
    pub labels: BTreeMap<String, String>,
    /// 1-based line of the key.
    pub line: usize,
}

impl Project {
    /// The enabled service with this name.
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.name == name)
    }

    /// The top-level network with this key.
    pub fn network(&self, key: &str) -> Option<&Network> {
        self.networks.iter().find(|n| n.key == key)
    }

    /// The top-level volume with this key.
    pub fn volume(&self, key: &str) -> Option<&Volume> {
        self.volumes.iter().find(|v| v.key == key)
    }

    /// The order `docker compose up` starts services in: tiers of services whose dependencies
    /// are all in earlier tiers, leaves first, each tier sorted by name.
    ///
    /// Services in one tier start concurrently (docker/compose `dependencies.go`: a service
    /// starts once none of its dependencies is still pending). Dependencies on services that
    /// are not enabled are ignored, as compose-go drops them from the graph.
    pub fn start_tiers(&self) -> Vec<Vec<String>> {
        self.tiers(|s| s.depends_on.iter().map(|d| d.service.clone()).collect())
    }

    /// The order `docker compose down`/`stop` removes services in: dependents first (roots of
    /// the graph), each tier sorted by name.
    pub fn stop_tiers(&self) -> Vec<Vec<String>> {
        let dependents = |s: &Service| {
            self.services
                .iter()
                .filter(|o| o.depends_on.iter().any(|d| d.service == s.name))
                .map(|o| o.name.clone())
                .collect()
        };
        self.tiers(dependents)
    }

    fn tiers(&self, before: impl Fn(&Service) -> Vec<String>) -> Vec<Vec<String>> {
        let names: Vec<&str> = self.services.iter().map(|s| s.name.as_str()).collect();
        let waits: Vec<Vec<String>> = self
            .services
            .iter()
            .map(|s| {
                before(s)
                    .into_iter()
                    .filter(|d| names.contains(&d.as_str()) && *d != s.name)
                    .collect()
            })
            .collect();
        let mut placed: Vec<bool> = vec![false; names.len()];
        let mut tiers = Vec::new();
        loop {
            let tier: Vec<usize> = (0..names.len())
                .filter(|&i| {
                    !placed[i]
                        && waits[i]
                            .iter()
                            .all(|d| names.iter().position(|n| n == d).is_some_and(|j| placed[j]))
                })
                .collect();
            if tier.is_empty() {
                break;
            }
            for &i in &tier {
                placed[i] = true;
            }
            tiers.push(tier.iter().map(|&i| names[i].to_owned()).collect());
        }
        // A cycle (only possible on an unvalidated project) leaves services unplaced: last tier.
        let rest: Vec<String> = (0..names.len())
            .filter(|&i| !placed[i])
            .map(|i| names[i].to_owned())
            .collect();
        if !rest.is_empty() {
            tiers.push(rest);
        }
        tiers
    }
}
