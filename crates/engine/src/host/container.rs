//! A container: its configuration, its state flags as the daemon keeps them, its process,
//! its logs and its writable layer.

use std::collections::BTreeMap;
use std::fmt;

use super::health::{Health, HealthConfig};
use super::output::{go_quote, human_duration};
use super::program::{Behavior, Signal};

/// The seven states `docker ps` / `docker inspect` report (moby api/types/container/state.go).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum State {
    /// Created, never started.
    Created,
    /// Its process runs.
    Running,
    /// Frozen by `docker pause`.
    Paused,
    /// Waiting for its restart policy's next try.
    Restarting,
    /// Being removed.
    Removing,
    /// Started once and stopped.
    Exited,
    /// Failed to be removed.
    Dead,
}

impl State {
    /// Every state, in lifecycle order (for diagrams).
    pub const ALL: [State; 7] = [
        State::Created,
        State::Running,
        State::Paused,
        State::Restarting,
        State::Removing,
        State::Exited,
        State::Dead,
    ];

    /// The lowercase name Docker prints.
    pub fn name(self) -> &'static str {
        match self {
            State::Created => "created",
            State::Running => "running",
            State::Paused => "paused",
            State::Restarting => "restarting",
            State::Removing => "removing",
            State::Exited => "exited",
            State::Dead => "dead",
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `--restart`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestartPolicy {
    /// `no` (default).
    No,
    /// `always`.
    Always,
    /// `unless-stopped`.
    UnlessStopped,
    /// `on-failure[:max]` (0 = unlimited).
    OnFailure(u32),
}

impl RestartPolicy {
    /// The name `docker inspect` shows.
    pub fn name(self) -> &'static str {
        match self {
            RestartPolicy::No => "no",
            RestartPolicy::Always => "always",
            RestartPolicy::UnlessStopped => "unless-stopped",
            RestartPolicy::OnFailure(_) => "on-failure",
        }
    }
}

/// A published port: `-p 8080:80`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortBinding {
    /// Host port.
    pub host: u16,
    /// Container port.
    pub container: u16,
    /// `tcp` or `udp`.
    pub proto: String,
}

/// One line a container printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    /// Virtual time it was printed (ms since 1970).
    pub at: u64,
    /// Printed on stderr.
    pub stderr: bool,
    /// The text.
    pub text: String,
}

/// A file in a container's writable layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayerEntry {
    /// Created or modified in the container.
    File(String),
    /// A directory made in the container.
    Dir,
    /// Deleted: hides the image's file (a whiteout).
    Whiteout,
}

/// A container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Container {
    /// 64 hex digits.
    pub id: String,
    /// Name without the leading `/`.
    pub name: String,
    /// The image as the user named it (`nginx`, `redis:8.2`).
    pub image: String,
    /// The image's ID.
    pub image_id: String,
    /// The executable (first word of entrypoint + command).
    pub path: String,
    /// Its arguments.
    pub args: Vec<String>,
    /// `-e` and the image's `ENV`.
    pub env: Vec<String>,
    /// Ports the image exposes (`80/tcp`).
    pub exposed: Vec<String>,
    /// `-p` bindings.
    pub ports: Vec<PortBinding>,
    /// Stop signal (image `STOPSIGNAL` or `--stop-signal`).
    pub stop_signal: Signal,
    /// `--stop-timeout` seconds; `None` = the daemon default (10).
    pub stop_timeout: Option<i64>,
    /// `--restart`.
    pub restart_policy: RestartPolicy,
    /// `--rm`.
    pub auto_remove: bool,
    /// `-i` / `-t`: keeps a shell or REPL alive.
    pub interactive: bool,
    /// Created at (virtual ms since 1970).
    pub created: u64,
    /// Last started at; `None` if never started.
    pub started_at: Option<u64>,
    /// Last finished at.
    pub finished_at: Option<u64>,
    /// The daemon's flags, from which [`Container::state`] derives (moby daemon/container/state.go).
    pub running: bool,
    /// Paused (also `running`).
    pub paused: bool,
    /// Waiting to be restarted (also `running`, no process).
    pub restarting: bool,
    /// Removal failed.
    pub dead: bool,
    /// Last exit code.
    pub exit_code: i32,
    /// Times the restart policy restarted it.
    pub restart_count: u32,
    /// Set by `docker stop` / `docker kill`; cancels the restart policy until the next start.
    pub manually_stopped: bool,
    /// What the running process does; `None` when there is no process.
    pub process: Option<Behavior>,
    /// The pid the process has (for inspect); 0 when none.
    pub pid: u32,
    /// When the restart policy will start it again.
    pub restart_at: Option<u64>,
    /// Next restart delay (100 ms doubling to 1 min).
    pub backoff_ms: u64,
    /// What it printed.
    pub logs: Vec<LogLine>,
    /// The writable layer: path → change.
    pub layer: BTreeMap<String, LayerEntry>,
    /// `--label` / `-l` (and the labels Compose sets).
    pub labels: BTreeMap<String, String>,
    /// The healthcheck it was created with (`--health-cmd`, compose `healthcheck:`).
    pub health_config: Option<HealthConfig>,
    /// The health monitor of the current (or last) run.
    pub health: Option<Health>,
    /// The network it joins (`bridge`, or a Compose project's `myapp_default`).
    pub network: String,
}

impl Container {
    /// The state derived from the flags, in the daemon's order of precedence.
    pub fn state(&self) -> State {
        if self.running {
            if self.paused {
                State::Paused
            } else if self.restarting {
                State::Restarting
            } else {
                State::Running
            }
        } else if self.dead {
            State::Dead
        } else if self.started_at.is_none() {
            State::Created
        } else {
            State::Exited
        }
    }

    /// Bytes in the writable layer (what `docker ps -s` and `docker system df` count).
    pub fn layer_size(&self) -> u64 {
        self.layer
            .values()
            .map(|e| match e {
                LayerEntry::File(text) => text.len() as u64,
                _ => 0,
            })
            .sum()
    }

    /// The 12-digit short ID.
    pub fn short_id(&self) -> &str {
        self.id.get(..12).unwrap_or(&self.id)
    }

    /// `docker ps` STATUS (moby daemon/container/state.go `State.String`).
    pub fn status(&self, now: u64) -> String {
        let since = |t: Option<u64>| human_duration(now.saturating_sub(t.unwrap_or(now)));
        match self.state() {
            State::Paused => format!("Up {} (Paused)", since(self.started_at)),
            State::Restarting => format!("Restarting ({}) {} ago", self.exit_code, since(self.finished_at)),
            State::Running => match &self.health {
                Some(h) => format!("Up {} ({})", since(self.started_at), h.status.ps_suffix()),
                None => format!("Up {}", since(self.started_at)),
            },
            State::Removing => "Removal In Progress".to_string(),
            State::Dead => "Dead".to_string(),
            State::Created => "Created".to_string(),
            State::Exited => format!("Exited ({}) {} ago", self.exit_code, since(self.finished_at)),
        }
    }

    /// The command as the API lists it: path, then arguments, those with spaces in `'…'`
    /// (moby daemon/list.go).
    pub fn command(&self) -> String {
        let mut text = self.path.clone();
        for arg in &self.args {
            text.push(' ');
            if arg.contains(' ') {
                text.push_str(&format!("'{arg}'"));
            } else {
                text.push_str(arg);
            }
        }
        text
    }

    /// `docker ps` COMMAND: cut to 20 characters, then Go-quoted.
    pub fn command_column(&self, truncate: bool) -> String {
        let command = self.command();
        go_quote(&if truncate {
            super::output::ellipsis(&command, 20)
        } else {
            command
        })
    }

    /// `docker ps` PORTS: published ports while running, else the exposed ones.
    pub fn ports_column(&self) -> String {
        if !self.running {
            return String::new();
        }
        let mut parts = Vec::new();
        for p in &self.ports {
            parts.push(format!("0.0.0.0:{}->{}/{}", p.host, p.container, p.proto));
            parts.push(format!("[::]:{}->{}/{}", p.host, p.container, p.proto));
        }
        for e in &self.exposed {
            let published = self
                .ports
                .iter()
                .any(|p| format!("{}/{}", p.container, p.proto) == *e);
            if !published {
                parts.push(e.clone());
            }
        }
        parts.join(", ")
    }

    /// Whether the restart policy wants a restart after an exit with `code`
    /// (moby daemon/internal/restartmanager/restartmanager.go).
    pub fn should_restart(&self, code: i32) -> bool {
        if self.manually_stopped {
            return false;
        }
        match self.restart_policy {
            RestartPolicy::No => false,
            RestartPolicy::Always | RestartPolicy::UnlessStopped => true,
            RestartPolicy::OnFailure(max) => code != 0 && (max == 0 || self.restart_count < max),
        }
    }
}
