//! The learner's quiz progress: the engine's versioned Leitner store, kept in localStorage.
//!
//! A store that cannot be read (corrupt, or from a newer version) is never thrown away: it is
//! set aside under its own key and the page says so, and a fresh store starts.

use engine::quiz::review::{Store, day_number, migrate};
use leptos::prelude::*;

use crate::prefs::{load, store};

/// Where the store lives.
pub const KEY: &str = "paperlab.quiz";

/// The progress shared by every quiz on every page.
#[derive(Clone, Copy)]
pub struct QuizProgress {
    /// The store.
    pub store: RwSignal<Store>,
    /// A notice for the learner (a store set aside, an import that failed or worked).
    pub notice: RwSignal<Option<String>>,
}

impl QuizProgress {
    /// Loads the store (migrating an old one) and provides it to the app.
    pub fn install() -> QuizProgress {
        let (initial, notice) = match load(KEY) {
            None => (Store::new(), None),
            Some(text) => match migrate(&text) {
                Ok(s) => (s, None),
                Err(e) => {
                    let aside = set_aside(&text);
                    let ui = crate::prefs::use_prefs().lang.get_untracked().ui();
                    (
                        Store::new(),
                        Some(format!("{} {e} → localStorage[\"{aside}\"]", ui.store_set_aside)),
                    )
                }
            },
        };
        let progress = QuizProgress {
            store: RwSignal::new(initial),
            notice: RwSignal::new(notice),
        };
        provide_context(progress);
        progress
    }

    /// Records an answer for today, and saves.
    pub fn record(&self, id: &str, correct: bool) {
        self.store.update(|s| {
            s.record(id, correct, today());
        });
        self.save();
    }

    /// Forgets these questions (a section's reset), and saves.
    pub fn forget(&self, ids: &[String]) {
        self.store.update(|s| {
            for id in ids {
                s.progress.remove(id);
            }
        });
        self.save();
    }

    /// Replaces the store with an exported one (the learner's other device): `Err` with the
    /// reason when the text is not a store; nothing changes then.
    pub fn import(&self, text: &str) -> Result<usize, String> {
        let imported = migrate(text).map_err(|e| e.to_string())?;
        let count = imported.progress.len();
        self.store.update(|s| {
            // The newer answer wins, question by question.
            for (id, p) in imported.progress {
                let newer = s.progress.get(&id).is_none_or(|mine| {
                    p.last_review.unwrap_or(i32::MIN) >= mine.last_review.unwrap_or(i32::MIN)
                });
                if newer {
                    s.progress.insert(id, p);
                }
            }
        });
        self.save();
        Ok(count)
    }

    /// The store as text, for export.
    pub fn export(&self) -> String {
        self.store.with_untracked(Store::to_text)
    }

    fn save(&self) {
        store(KEY, &self.export());
    }
}

/// The progress from context.
pub fn use_progress() -> QuizProgress {
    use_context::<QuizProgress>().unwrap_or_else(QuizProgress::install)
}

/// Keeps an unreadable store under a new key and says which.
fn set_aside(text: &str) -> String {
    let mut n = 1;
    while load(&format!("{KEY}.unreadable-{n}")).is_some() {
        n += 1;
    }
    let key = format!("{KEY}.unreadable-{n}");
    store(&key, text);
    key
}

/// Today on the learner's calendar (local time), as days since 1970-01-01.
pub fn today() -> i32 {
    let now = js_sys::Date::new_0();
    day_number(now.get_full_year() as i32, now.get_month() + 1, now.get_date()).unwrap_or(0)
}
