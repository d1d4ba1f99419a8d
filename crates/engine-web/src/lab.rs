//! The learner's lab: one simulated Docker host per lesson, rebuilt from a journal of the
//! lines the learner ran (console lines, buttons, time steps), so it survives a reload, undo is
//! "replay all but the last line", and every view reads the same host.
//!
//! The views draw the [`Snapshot`] the host returns after every change.

use engine::host::{Outcome, Snapshot};
use leptos::prelude::*;

use crate::engine_link::Engine;
use crate::prefs::{load, store};

/// One console exchange as shown in the transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The line as run.
    pub line: String,
    /// What it printed.
    pub outcome: Outcome,
}

/// Whether the engine module is there yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineState {
    /// Not asked for yet.
    Idle,
    /// Being fetched.
    Loading,
    /// Ready to run lines.
    Ready,
    /// Could not be loaded (the message says why).
    Failed(String),
}

/// A lesson's lab, shared by every simulator panel of that lesson.
#[derive(Clone, Copy)]
pub struct Lab {
    slug: &'static str,
    engine: StoredValue<Option<Engine>, LocalStorage>,
    /// Whether the engine is loaded.
    pub state: RwSignal<EngineState>,
    /// What the views draw.
    pub snapshot: RwSignal<Snapshot>,
    /// Every line run so far, oldest first.
    pub journal: RwSignal<Vec<String>>,
    /// What the console shows (cleared by `clear`, unlike the journal).
    pub transcript: RwSignal<Vec<Entry>>,
    /// The container the lifecycle view focuses on.
    pub selected: RwSignal<Option<String>>,
}

/// Journals larger than this are not stored (storage is small).
const MAX_STORED: usize = 200_000;

impl Lab {
    /// A lab for `slug`, with the learner's earlier journal from storage.
    pub fn new(slug: &'static str) -> Lab {
        let journal: Vec<String> = load(&key(slug))
            .map(|text| text.lines().map(str::to_string).collect())
            .unwrap_or_default();
        Lab {
            slug,
            engine: StoredValue::new_local(None),
            state: RwSignal::new(EngineState::Idle),
            snapshot: RwSignal::new(Snapshot::default()),
            journal: RwSignal::new(journal),
            transcript: RwSignal::new(Vec::new()),
            selected: RwSignal::new(None),
        }
    }

    /// Fetches the engine (once) and replays the journal on it.
    pub fn ensure_loaded(&self) {
        if self.state.get_untracked() != EngineState::Idle {
            return;
        }
        self.state.set(EngineState::Loading);
        let lab = *self;
        leptos::task::spawn_local(async move {
            match Engine::load().await {
                Ok(engine) => {
                    lab.engine.set_value(Some(engine));
                    lab.replay_journal();
                    lab.state.set(EngineState::Ready);
                }
                Err(why) => lab.state.set(EngineState::Failed(why)),
            }
        });
    }

    fn with_engine<T>(&self, f: impl FnOnce(&Engine) -> T) -> Option<T> {
        self.engine.with_value(|engine| engine.as_ref().map(f))
    }

    /// Rebuilds the host and transcript from the journal (after loading, and for undo).
    fn replay_journal(&self) {
        let journal = self.journal.get_untracked();
        let transcript = self
            .with_engine(|engine| {
                engine.reset();
                let mut transcript = Vec::new();
                for line in &journal {
                    let outcome = engine.run(line);
                    if outcome.clear {
                        transcript.clear();
                    } else {
                        transcript.push(Entry {
                            line: line.clone(),
                            outcome,
                        });
                    }
                }
                transcript
            })
            .unwrap_or_default();
        self.transcript.set(transcript);
        self.refresh();
    }

    fn refresh(&self) {
        if let Some(snapshot) = self.with_engine(Engine::snapshot) {
            self.snapshot.set(snapshot);
        }
    }

    /// Runs a line on the host, records it, and returns what it printed.
    pub fn run(&self, line: &str) -> Outcome {
        let line = line.trim().to_string();
        if line.is_empty() {
            return Outcome::default();
        }
        let Some(outcome) = self.with_engine(|engine| engine.run(&line)) else {
            return Outcome::default();
        };
        self.journal.update(|j| j.push(line.clone()));
        if outcome.clear {
            self.transcript.set(Vec::new());
        } else {
            self.transcript.update(|t| {
                t.push(Entry {
                    line,
                    outcome: outcome.clone(),
                })
            });
        }
        self.refresh();
        self.save();
        outcome
    }

    /// Lets `seconds` pass. Consecutive time steps are kept as one `sleep` line.
    pub fn advance(&self, seconds: f64) {
        let ms = (seconds * 1000.0).round() as u64;
        let Some(outcome) = self.with_engine(|engine| engine.advance(ms)) else {
            return;
        };
        if ms == 0 {
            return;
        }
        // Time steps are journalled as `sleep` lines (so `paperlab replay` can replay a lab);
        // consecutive steps merge into one line.
        let previous = self.journal.with_untracked(|j| {
            j.last()
                .and_then(|l| l.strip_prefix("sleep "))
                .and_then(|s| s.parse::<f64>().ok())
        });
        let merged = previous.is_some_and(|_| {
            self.transcript
                .with_untracked(|t| t.last().is_some_and(|e| e.line.starts_with("sleep ")))
        });
        let total = if merged {
            previous.unwrap_or(0.0) + seconds
        } else {
            seconds
        };
        let line = format!("sleep {}", trim_float(total));
        self.journal.update(|j| {
            if merged {
                j.pop();
            }
            j.push(line.clone());
        });
        self.transcript.update(|t| {
            let mut outcome = outcome;
            if merged && let Some(last) = t.pop() {
                let mut all = last.outcome.events;
                all.append(&mut outcome.events);
                outcome.events = all;
            }
            t.push(Entry { line, outcome });
        });
        self.refresh();
        self.save();
    }

    /// The first problem in a Dockerfile text (line, message), without building it.
    pub fn check_dockerfile(&self, text: &str) -> Option<(u64, String)> {
        self.with_engine(|engine| engine.check_dockerfile(text)).flatten()
    }

    /// What one source edit costs with the current Dockerfile and with the install moved up.
    pub fn compare_cache_cost(&self) -> Option<engine::host::CacheComparison> {
        self.with_engine(Engine::compare_cache_cost).flatten()
    }

    /// A compose file text's problems or graph, with the host's containers for its services.
    pub fn compose_preview(
        &self,
        text: &str,
        networks: bool,
        volumes: bool,
    ) -> Option<(
        engine::host::compose::ComposeView,
        engine::host::compose_graph::GraphPicture,
    )> {
        self.with_engine(|engine| engine.compose_preview(text, networks, volumes))
            .flatten()
    }

    /// Takes back the last line.
    pub fn undo(&self) {
        let mut journal = self.journal.get_untracked();
        if journal.pop().is_none() {
            return;
        }
        self.journal.set(journal);
        self.replay_journal();
        self.save();
    }

    /// Back to a fresh host.
    pub fn reset(&self) {
        self.with_engine(Engine::reset);
        self.journal.set(Vec::new());
        self.transcript.set(Vec::new());
        self.selected.set(None);
        self.refresh();
        self.save();
    }

    fn save(&self) {
        let text = self.journal.with_untracked(|j| j.join("\n"));
        if text.len() <= MAX_STORED {
            store(&key(self.slug), &text);
        }
    }
}

fn key(slug: &str) -> String {
    format!("paperlab.lab.{slug}")
}

/// Seconds with at most three decimals and no trailing zeros (`1.5`, `10`).
fn trim_float(value: f64) -> String {
    let ms = (value * 1000.0).round() as u64;
    if ms.is_multiple_of(1000) {
        (ms / 1000).to_string()
    } else {
        format!("{}.{:03}", ms / 1000, ms % 1000)
            .trim_end_matches('0')
            .to_string()
    }
}
