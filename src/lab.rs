//! The learner's lab: one simulated Docker host per lesson, rebuilt from a journal of the
//! lines the learner ran (console lines, buttons, time steps), so it survives a reload, undo is
//! "replay all but the last line", and every view reads the same host.

use engine::host::{Host, Outcome};
use leptos::prelude::*;

use crate::prefs::{load, store};

/// One console exchange as shown in the transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The line as run.
    pub line: String,
    /// What it printed.
    pub outcome: Outcome,
}

/// A lesson's lab, shared by every simulator panel of that lesson.
#[derive(Clone, Copy)]
pub struct Lab {
    slug: &'static str,
    /// The simulated host (always `replay(journal)`).
    pub host: RwSignal<Host>,
    /// Every line run so far, oldest first.
    pub journal: RwSignal<Vec<String>>,
    /// What the console shows (cleared by `clear`, unlike the journal).
    pub transcript: RwSignal<Vec<Entry>>,
    /// The container the lifecycle view focuses on.
    pub selected: RwSignal<Option<String>>,
}

/// Lines longer than this or journals larger than this are not stored (storage is small).
const MAX_STORED: usize = 200_000;

impl Lab {
    /// A lab for `slug`, restored from storage when the learner has been here before.
    pub fn new(slug: &'static str) -> Lab {
        let journal: Vec<String> = load(&key(slug))
            .map(|text| text.lines().map(str::to_string).collect())
            .unwrap_or_default();
        let (host, transcript) = replay(&journal);
        Lab {
            slug,
            host: RwSignal::new(host),
            journal: RwSignal::new(journal),
            transcript: RwSignal::new(transcript),
            selected: RwSignal::new(None),
        }
    }

    /// Runs a line on the host, records it, and returns what it printed.
    pub fn run(&self, line: &str) -> Outcome {
        let line = line.trim().to_string();
        let outcome = self.host.try_update(|host| host.run(&line)).unwrap_or_default();
        if line.is_empty() {
            return outcome;
        }
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
        self.save();
        outcome
    }

    /// Lets `seconds` pass. Consecutive time steps are kept as one `sleep` line.
    pub fn advance(&self, seconds: f64) {
        let ms = (seconds * 1000.0).round() as u64;
        if ms == 0 {
            return;
        }
        let events = self.host.try_update(|host| host.advance(ms)).unwrap_or_default();
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
            let mut outcome = Outcome {
                events,
                ..Outcome::default()
            };
            if merged && let Some(last) = t.pop() {
                let mut all = last.outcome.events;
                all.append(&mut outcome.events);
                outcome.events = all;
            }
            t.push(Entry { line, outcome });
        });
        self.save();
    }

    /// What `line` would print, without changing anything (for disabled buttons' reasons).
    pub fn preview(&self, line: &str) -> Outcome {
        self.host.with(|host| host.clone().run(line))
    }

    /// Takes back the last line.
    pub fn undo(&self) {
        let mut journal = self.journal.get_untracked();
        if journal.pop().is_none() {
            return;
        }
        let (host, transcript) = replay(&journal);
        self.host.set(host);
        self.journal.set(journal);
        self.transcript.set(transcript);
        self.save();
    }

    /// Back to a fresh host.
    pub fn reset(&self) {
        self.host.set(Host::default());
        self.journal.set(Vec::new());
        self.transcript.set(Vec::new());
        self.selected.set(None);
        self.save();
    }

    fn save(&self) {
        let text = self.journal.with_untracked(|j| j.join("\n"));
        if text.len() <= MAX_STORED {
            store(&key(self.slug), &text);
        }
    }
}

/// A fresh host after `journal`, and the transcript since the last `clear`.
fn replay(journal: &[String]) -> (Host, Vec<Entry>) {
    let mut host = Host::default();
    let mut transcript = Vec::new();
    for line in journal {
        let outcome = host.run(line);
        if outcome.clear {
            transcript.clear();
        } else {
            transcript.push(Entry {
                line: line.clone(),
                outcome,
            });
        }
    }
    (host, transcript)
}

fn key(slug: &str) -> String {
    format!("paperlab.lab.{slug}")
}

fn trim_float(value: f64) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Every lesson's lab, created once for the whole app so a lab outlives page changes.
#[derive(Clone)]
pub struct Labs(pub Vec<(&'static str, Lab)>);

impl Labs {
    /// The lab of a lesson.
    pub fn get(&self, slug: &str) -> Option<Lab> {
        self.0.iter().find(|(s, _)| *s == slug).map(|(_, lab)| *lab)
    }
}
