//! Container healthchecks on the virtual clock, as moby's health monitor runs them
//! (daemon/health.go): a probe every interval (every start interval during the start period),
//! `healthy` on the first success, `unhealthy` after `retries` failures in a row, failures in
//! the start period not counted.
//!
//! A probe cannot really run a command, so its result is modelled: it fails when the test is
//! plainly failing (`false`, `exit 1`), and otherwise succeeds once the service has had time to
//! come up (a database takes seconds, redis a moment). That readiness time is the simulator's
//! choice, shown in the lesson as such.

use serde::{Deserialize, Serialize};

/// What a healthcheck is configured to do (`--health-*` flags, compose `healthcheck:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthConfig {
    /// The test: `["CMD-SHELL", "pg_isready"]`, `["CMD", "redis-cli", "ping"]`.
    pub test: Vec<String>,
    /// Between probes (default 30 s).
    pub interval_ms: u64,
    /// A probe's time limit (default 30 s).
    pub timeout_ms: u64,
    /// Failures in a row that make it unhealthy (default 3).
    pub retries: u64,
    /// Failures in this first stretch do not count (default 0).
    pub start_period_ms: u64,
    /// Between probes during the start period (default 5 s).
    pub start_interval_ms: u64,
}

impl HealthConfig {
    /// moby's defaults (api/types/container: DefaultHealthInterval etc.).
    pub fn with_test(test: Vec<String>) -> HealthConfig {
        HealthConfig {
            test,
            interval_ms: 30_000,
            timeout_ms: 30_000,
            retries: 3,
            start_period_ms: 0,
            start_interval_ms: 5_000,
        }
    }

    /// The test as one line (`pg_isready -U postgres`).
    pub fn command_text(&self) -> String {
        match self.test.split_first() {
            Some((kind, rest)) if kind == "CMD" || kind == "CMD-SHELL" => rest.join(" "),
            _ => self.test.join(" "),
        }
    }
}

/// `State.Health.Status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HealthStatus {
    /// Not yet probed successfully.
    Starting,
    /// The last probe succeeded.
    Healthy,
    /// `retries` probes in a row failed.
    Unhealthy,
}

impl HealthStatus {
    /// The API's word.
    pub fn name(self) -> &'static str {
        match self {
            HealthStatus::Starting => "starting",
            HealthStatus::Healthy => "healthy",
            HealthStatus::Unhealthy => "unhealthy",
        }
    }

    /// What `docker ps` adds to STATUS (moby container/health.go `Health.String`).
    pub fn ps_suffix(self) -> &'static str {
        match self {
            HealthStatus::Starting => "health: starting",
            HealthStatus::Healthy => "healthy",
            HealthStatus::Unhealthy => "unhealthy",
        }
    }
}

/// A running container's health.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    /// The configuration.
    pub config: HealthConfig,
    /// Current status.
    pub status: HealthStatus,
    /// Failures in a row.
    pub failing_streak: u64,
    /// When the next probe runs (virtual ms since 1970).
    pub next_probe: u64,
    /// The last probes: (at, exit code, output).
    pub log: Vec<(u64, i32, String)>,
}

impl Health {
    /// A fresh monitor for a process started at `started`.
    pub fn start(config: HealthConfig, started: u64) -> Health {
        let first = started + first_interval(&config);
        Health {
            config,
            status: HealthStatus::Starting,
            failing_streak: 0,
            next_probe: first,
            log: Vec::new(),
        }
    }

    /// Runs the probe due now for a process up since `started`; `ready_ms` is how long the
    /// service takes to answer. Returns the new status when it changed.
    pub fn probe(&mut self, now: u64, started: u64, ready_ms: u64) -> Option<HealthStatus> {
        let before = self.status;
        let command = self.config.command_text();
        let passes = !fails_always(&command) && now.saturating_sub(started) >= ready_ms;
        let in_start_period = now.saturating_sub(started) < self.config.start_period_ms;
        if passes {
            self.failing_streak = 0;
            self.status = HealthStatus::Healthy;
        } else if !(in_start_period && self.status == HealthStatus::Starting) {
            self.failing_streak += 1;
            if self.failing_streak >= self.config.retries.max(1) {
                self.status = HealthStatus::Unhealthy;
            }
        }
        self.log.push((now, if passes { 0 } else { 1 }, String::new()));
        if self.log.len() > 5 {
            self.log.remove(0);
        }
        let next_gap = if in_start_period && self.status == HealthStatus::Starting {
            self.config.start_interval_ms
        } else {
            self.config.interval_ms
        };
        self.next_probe = now + next_gap.max(1);
        (self.status != before).then_some(self.status)
    }
}

fn first_interval(config: &HealthConfig) -> u64 {
    if config.start_period_ms > 0 {
        config.start_interval_ms.min(config.interval_ms).max(1)
    } else {
        config.interval_ms.max(1)
    }
}

/// Tests that can never succeed: `false`, `exit 1`, `/bin/false`.
fn fails_always(command: &str) -> bool {
    let c = command.trim();
    c == "false"
        || c == "/bin/false"
        || c.starts_with("false ")
        || c.contains("exit 1")
        || c.ends_with("|| false")
}

/// How long the service in image `repo` takes to answer its healthcheck after starting.
/// The simulator's modelling, not Docker's: databases take seconds, caches a moment.
pub fn ready_after_ms(repo: &str) -> u64 {
    match repo {
        "postgres" | "mongo" => 3_000,
        "mysql" | "mariadb" => 8_000,
        "redis" | "busybox" | "alpine" => 300,
        "nginx" => 500,
        _ => 1_500,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(test: &str) -> HealthConfig {
        HealthConfig {
            interval_ms: 1_000,
            ..HealthConfig::with_test(vec!["CMD-SHELL".into(), test.into()])
        }
    }

    #[test]
    fn a_service_becomes_healthy_at_the_first_probe_after_it_is_ready() {
        let mut h = Health::start(config("pg_isready"), 0);
        assert_eq!(h.next_probe, 1_000);
        assert_eq!(
            h.probe(1_000, 0, 3_000),
            None,
            "not ready: a failure, still starting"
        );
        assert_eq!(h.failing_streak, 1);
        assert_eq!(h.probe(2_000, 0, 3_000), None);
        assert_eq!(h.probe(3_000, 0, 3_000), Some(HealthStatus::Healthy));
        assert_eq!(h.failing_streak, 0);
    }

    #[test]
    fn a_failing_test_is_unhealthy_after_retries_but_not_during_the_start_period() {
        let mut h = Health::start(
            HealthConfig {
                start_period_ms: 2_500,
                start_interval_ms: 500,
                ..config("exit 1")
            },
            0,
        );
        assert_eq!(h.next_probe, 500, "start interval during the start period");
        let mut t = h.next_probe;
        while t < 2_500 {
            assert_eq!(h.probe(t, 0, 0), None);
            t = h.next_probe;
        }
        assert_eq!(h.failing_streak, 0, "start-period failures are not counted");
        assert_eq!(h.probe(t, 0, 0), None);
        assert_eq!(h.probe(h.next_probe, 0, 0), None);
        assert_eq!(h.probe(h.next_probe, 0, 0), Some(HealthStatus::Unhealthy));
        assert_eq!(h.failing_streak, 3);
    }

    #[test]
    fn ps_words_are_mobys() {
        assert_eq!(HealthStatus::Starting.ps_suffix(), "health: starting");
        assert_eq!(HealthStatus::Unhealthy.name(), "unhealthy");
    }
}
