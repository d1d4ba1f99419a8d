//! Predict questions: a console scenario runs on a fresh host and the engine, never the author,
//! supplies the answer (which build steps were cached, a container's state and exit code, the
//! order compose started the services).

use std::fmt;

use super::{ChoiceOption, MultipleChoice, OrderItem, Ordering, PredictTarget, Scenario, StateExit};
use crate::host::compose::ComposeView;
use crate::host::{Host, MissReason, Outcome, State};
use crate::shell::split_line;

/// The seed every scenario's host starts from, so the answer computed at build time is the one
/// the learner sees when replaying the scenario in the console.
pub const SCENARIO_SEED: u64 = 14;

/// Why a scenario gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    /// The scenario line it is about, counting setup lines then run lines from 0; `None` for
    /// the scenario as a whole.
    pub step: Option<usize>,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ScenarioError {}

/// What a predict question asks before the engine has answered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Ask {
    CachedSteps,
    StateExit { container: Option<String> },
    StartOrder,
}

/// The engine's answer and the explanation it writes for it (Korean, English).
pub(super) struct Answered {
    pub target: PredictTarget,
    pub explanation: String,
    pub explanation_en: String,
}

impl Scenario {
    /// A fresh host (seed [`SCENARIO_SEED`]) with the scenario's files, before any line runs:
    /// what a "try it in the console" button starts from.
    pub fn fresh_host(&self) -> Host {
        Host::new(SCENARIO_SEED).with_files(&self.project, self.files.iter().cloned())
    }

    /// Runs the setup lines (each must exit 0), then the run lines, on a fresh host; returns
    /// the host and the outcome of each run line.
    pub fn play(&self) -> Result<(Host, Vec<Outcome>), ScenarioError> {
        let mut host = self.fresh_host();
        for (step, line) in self.setup.iter().enumerate() {
            let outcome = host.run(line);
            if outcome.exit != 0 {
                return Err(failed(step, line, &outcome));
            }
        }
        let outcomes = self.run.iter().map(|line| host.run(line)).collect();
        Ok((host, outcomes))
    }
}

fn failed(step: usize, line: &str, outcome: &Outcome) -> ScenarioError {
    let said = outcome
        .stderr
        .lines()
        .chain(outcome.stdout.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .find(|l| l.to_lowercase().contains("error"))
        .or_else(|| {
            outcome
                .stderr
                .lines()
                .rev()
                .map(str::trim)
                .find(|l| !l.is_empty())
        })
        .unwrap_or("(no output)");
    ScenarioError {
        step: Some(step),
        message: format!("scenario line `{line}` failed with exit {}: {said}", outcome.exit),
    }
}

/// Runs the scenario and reads the answer to `ask` from the engine.
pub(super) fn answer(scenario: &Scenario, ask: &Ask) -> Result<Answered, ScenarioError> {
    let (host, outcomes) = scenario.play()?;
    let Some(last) = scenario.run.last() else {
        return Err(ScenarioError {
            step: None,
            message: "the scenario has no `run` line to ask about".to_string(),
        });
    };
    let last_step = scenario.setup.len() + scenario.run.len() - 1;
    if !matches!(ask, Ask::StateExit { .. }) {
        // A failing line is part of what a state_exit question asks about; for the other
        // targets it means the scenario is broken.
        for (i, (line, outcome)) in scenario.run.iter().zip(&outcomes).enumerate() {
            if outcome.exit != 0 {
                return Err(failed(scenario.setup.len() + i, line, outcome));
            }
        }
    }
    let words = split_line(last).map(|l| l.words).unwrap_or_default();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let wrong_line = |message: &str| ScenarioError {
        step: Some(last_step),
        message: message.to_string(),
    };
    match ask {
        Ask::CachedSteps => {
            if !is_build(&words) {
                return Err(wrong_line(
                    "cached_steps asks about a build: the last `run` line must be `docker build …`",
                ));
            }
            cached_steps(&host).ok_or_else(|| wrong_line("the last build made no steps to ask about"))
        }
        Ask::StateExit { container } => state_exit(&host, container.as_deref()),
        Ask::StartOrder => {
            if !(words.starts_with(&["docker", "compose"]) && words.contains(&"up")) {
                return Err(wrong_line(
                    "start_order asks about `docker compose up`: the last `run` line must be one",
                ));
            }
            let stderr = outcomes.last().map_or("", |o| o.stderr.as_str());
            start_order(&host, stderr).map_err(|message| ScenarioError {
                step: Some(last_step),
                message,
            })
        }
    }
}

fn is_build(words: &[&str]) -> bool {
    match words {
        ["docker", "build", ..] | ["docker", "buildx" | "image", "build", ..] => true,
        ["docker", "compose", rest @ ..] => rest.contains(&"build") || rest.contains(&"--build"),
        _ => false,
    }
}

/// Options = the last build's steps in order; correct = the cached ones.
fn cached_steps(host: &Host) -> Option<Answered> {
    let report = host.last_build().filter(|r| r.ok && !r.steps.is_empty())?;
    let mut options = Vec::new();
    let mut answer = Vec::new();
    let (mut cached_ko, mut ran_ko, mut cached_en, mut ran_en) = (vec![], vec![], vec![], vec![]);
    for (i, step) in report.steps.iter().enumerate() {
        let name = format!("[{}] {}", step.label, step.instruction);
        let (why, why_en) = match &step.reason {
            None => {
                answer.push(i);
                cached_ko.push(format!("`{name}`"));
                cached_en.push(format!("`{name}`"));
                (
                    "CACHED: 명령어, 쓰는 파일, 앞 단계가 모두 이전 빌드와 같아 캐시를 재사용합니다."
                        .to_string(),
                    "CACHED: the instruction, the files it uses and every step before it are unchanged."
                        .to_string(),
                )
            }
            Some(reason) => {
                ran_ko.push(format!("`{name}` ({})", reason_ko(reason)));
                ran_en.push(format!("`{name}` ({reason})"));
                (
                    format!("다시 실행됨: {}.", reason_ko(reason)),
                    format!("Ran again: {reason}."),
                )
            }
        };
        options.push(ChoiceOption {
            text: name,
            text_en: None,
            why: Some(why),
            why_en: Some(why_en),
        });
    }
    let or_none = |list: Vec<String>, none: &str| {
        if list.is_empty() {
            none.to_string()
        } else {
            list.join(", ")
        }
    };
    Some(Answered {
        explanation: format!(
            "캐시를 쓴 단계: {}. 다시 실행된 단계: {}. 한 단계가 다시 실행되면 그 뒤의 단계도 모두 다시 실행됩니다.",
            or_none(cached_ko, "없음"),
            or_none(ran_ko, "없음")
        ),
        explanation_en: format!(
            "Cached: {}. Ran again: {}. Once a step runs again, every step after it runs too.",
            or_none(cached_en, "none"),
            or_none(ran_en, "none")
        ),
        target: PredictTarget::CachedSteps(MultipleChoice {
            options,
            answer,
            shuffle: false,
        }),
    })
}

fn reason_ko(reason: &MissReason) -> String {
    match reason {
        MissReason::NoCache => "--no-cache로 캐시를 쓰지 않음".to_string(),
        MissReason::FirstBuild => "이전 빌드에 없던 단계".to_string(),
        MissReason::InstructionChanged => "명령어가 바뀜".to_string(),
        MissReason::EarlierStep => "앞 단계가 바뀌어 연쇄적으로 무효화됨".to_string(),
        MissReason::FilesChanged(names, 0) => format!("{} 파일이 바뀜", names.join(", ")),
        MissReason::FilesChanged(names, more) => {
            format!("{} 외 {more}개 파일이 바뀜", names.join(", "))
        }
        MissReason::BuildArgs(names) => format!("빌드 인자 {}가 바뀜", names.join(", ")),
        MissReason::NotInCache => "빌드 캐시에 없음 (예: docker builder prune 이후)".to_string(),
    }
}

/// The states offered besides the answer: the ones a learner meets in the lifecycle lesson.
const STATE_CHOICES: [State; 5] = [
    State::Created,
    State::Running,
    State::Paused,
    State::Restarting,
    State::Exited,
];

/// Exit codes offered besides the answer.
const EXIT_CHOICES: [i32; 5] = [0, 1, 127, 137, 143];

/// The container's state and exit code as `docker inspect` reports them.
fn state_exit(host: &Host, container: Option<&str>) -> Result<Answered, ScenarioError> {
    let whole = |message: String| ScenarioError { step: None, message };
    let name = match container {
        Some(name) => name.to_string(),
        None => host
            .containers()
            .last()
            .map(|c| c.name.clone())
            .ok_or_else(|| whole("the scenario leaves no container to ask about".to_string()))?,
    };
    let mut probe = host.clone();
    let inspect = probe.run(&format!(
        "docker inspect -f '{{{{.State.Status}}}} {{{{.State.ExitCode}}}}' {name}"
    ));
    if inspect.exit != 0 {
        return Err(whole(format!(
            "no container `{name}` after the scenario (removed, or never made?): {}",
            inspect.stderr.trim()
        )));
    }
    let parsed = inspect.stdout.split_whitespace().collect::<Vec<_>>();
    let (state, exit) = match parsed.as_slice() {
        [status, code] => (
            State::ALL.into_iter().find(|s| s.name() == *status),
            code.parse::<i32>().ok(),
        ),
        _ => (None, None),
    };
    let (Some(state), Some(exit)) = (state, exit) else {
        return Err(whole(format!(
            "docker inspect printed `{}`, not a state and an exit code",
            inspect.stdout.trim()
        )));
    };
    let mut states = STATE_CHOICES.to_vec();
    if !states.contains(&state) {
        states.push(state);
    }
    let mut exit_codes = EXIT_CHOICES.to_vec();
    if !exit_codes.contains(&exit) {
        exit_codes.push(exit);
        exit_codes.sort_unstable();
    }
    let (meaning_ko, meaning_en) = if state == State::Running {
        (
            "아직 실행 중이라 docker는 0을 보고합니다".to_string(),
            "it is still running, so docker reports 0".to_string(),
        )
    } else {
        super::exit_code_meaning(exit)
    };
    Ok(Answered {
        explanation: format!(
            "`{name}` 컨테이너는 {} 상태, 종료 코드 {exit}입니다 ({meaning_ko}).",
            state.name()
        ),
        explanation_en: format!(
            "Container `{name}` ends up {} with exit code {exit} ({meaning_en}).",
            state.name()
        ),
        target: PredictTarget::StateExit(StateExit {
            container: name,
            state,
            exit,
            states,
            exit_codes,
        }),
    })
}

/// The services in the order `up` printed `Container <name> Started`, ranked by start tier.
fn start_order(host: &Host, stderr: &str) -> Result<Answered, String> {
    let view: ComposeView = host
        .compose_view()
        .ok_or_else(|| "start_order needs a compose file in the project folder".to_string())?;
    let service_of = |container: &str| {
        view.services
            .iter()
            .find(|s| s.containers.iter().any(|(name, _, _)| name == container))
            .map(|s| s.name.clone())
            .or_else(|| {
                // A container that is gone again: `<project>-<service>-<n>`.
                let rest = container.strip_prefix(&format!("{}-", view.project))?;
                let (service, _) = rest.rsplit_once('-')?;
                Some(service.to_string())
            })
    };
    let mut started: Vec<String> = Vec::new();
    for line in stderr.lines() {
        if let ["Container", name, "Started"] = line.split_whitespace().collect::<Vec<_>>().as_slice()
            && let Some(service) = service_of(name)
            && !started.contains(&service)
        {
            started.push(service);
        }
    }
    if started.len() < 2 {
        return Err(format!(
            "start_order needs at least two services that start; `up` started {}",
            if started.is_empty() {
                "none".to_string()
            } else {
                started.join(", ")
            }
        ));
    }
    let tier_of = |service: &str| view.tiers.iter().position(|t| t.iter().any(|s| s == service));
    let tiers: Option<Vec<usize>> = started.iter().map(|s| tier_of(s)).collect();
    // Services of one tier start concurrently, so any order among them is right. Should the
    // tiers ever disagree with what `up` printed, what it printed wins.
    let ranks = match tiers {
        Some(t) if t.windows(2).all(|w| w[0] <= w[1]) => t,
        _ => (0..started.len()).collect(),
    };
    if ranks.iter().all(|&r| r == ranks[0]) {
        return Err(format!(
            "{} all start at once (nothing depends on anything): there is no order to predict",
            started.join(", ")
        ));
    }
    let items = started
        .iter()
        .map(|service| {
            let deps: Vec<String> = view
                .services
                .iter()
                .find(|s| &s.name == service)
                .map(|s| {
                    s.depends_on
                        .iter()
                        .filter(|(dep, _, _)| started.contains(dep))
                        .map(|(dep, condition, _)| format!("`{dep}` ({condition})"))
                        .collect()
                })
                .unwrap_or_default();
            let (why, why_en) = if deps.is_empty() {
                (
                    format!("`{service}` 서비스는 의존하는 서비스가 없어 첫 단계에서 시작합니다."),
                    format!("`{service}` depends on nothing here, so it starts in the first tier."),
                )
            } else {
                (
                    format!(
                        "`{service}` 서비스는 {}에 의존(depends_on)하므로 그 뒤에 시작합니다.",
                        deps.join(", ")
                    ),
                    format!(
                        "`{service}` depends on {}, so it starts after {}.",
                        deps.join(", "),
                        if deps.len() == 1 { "it" } else { "them" }
                    ),
                )
            };
            OrderItem {
                text: service.clone(),
                text_en: None,
                why: Some(why),
                why_en: Some(why_en),
            }
        })
        .collect();
    // Ranks never decrease along `started`, so a tier is a run of equal ranks.
    let mut groups: Vec<Vec<&str>> = Vec::new();
    for (i, service) in started.iter().enumerate() {
        match groups.last_mut() {
            Some(group) if i > 0 && ranks[i] == ranks[i - 1] => group.push(service),
            _ => groups.push(vec![service]),
        }
    }
    let shown: Vec<String> = groups.iter().map(|g| g.join(" · ")).collect();
    Ok(Answered {
        explanation: format!(
            "시작 순서: {}. depends_on이 가리키는 서비스가 먼저 시작하고, 같은 단계의 서비스는 동시에 시작합니다.",
            shown.join(" → ")
        ),
        explanation_en: format!(
            "Start order: {}. A service starts after the services it depends_on; services of one tier start together.",
            shown.join(" → ")
        ),
        target: PredictTarget::StartOrder(Ordering { items, ranks }),
    })
}
