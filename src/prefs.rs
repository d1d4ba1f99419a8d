//! The learner's preferences (language, theme), remembered in localStorage and applied to
//! `<html>`. index.html applies the stored values before the wasm loads, so nothing flashes.

use leptos::prelude::*;

use crate::i18n::Lang;

const LANG_KEY: &str = "paperlab.lang";
const THEME_KEY: &str = "paperlab.theme";

/// The colour theme: follow the system, or a fixed choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    fn code(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn from_code(code: &str) -> Theme {
        match code {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }

    /// The next theme in the toggle's cycle: system → light → dark → system.
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }
}

/// The preferences, shared through context.
#[derive(Clone, Copy)]
pub struct Prefs {
    /// Interface language.
    pub lang: RwSignal<Lang>,
    /// Colour theme.
    pub theme: RwSignal<Theme>,
}

impl Prefs {
    /// Reads the stored preferences (Korean and the system theme when nothing is stored) and
    /// keeps storage and `<html>` in step with later changes.
    pub fn install() -> Prefs {
        let lang = RwSignal::new(Lang::from_code(&load(LANG_KEY).unwrap_or_default()));
        let theme = RwSignal::new(Theme::from_code(&load(THEME_KEY).unwrap_or_default()));
        // The one place preferences meet the outside world.
        Effect::new(move |_| {
            let (lang, theme) = (lang.get(), theme.get());
            store(LANG_KEY, lang.code());
            store(THEME_KEY, theme.code());
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", lang.code());
                match theme {
                    Theme::System => {
                        let _ = root.remove_attribute("data-theme");
                    }
                    fixed => {
                        let _ = root.set_attribute("data-theme", fixed.code());
                    }
                }
            }
        });
        Prefs { lang, theme }
    }
}

/// The preferences from context.
pub fn use_prefs() -> Prefs {
    use_context::<Prefs>().unwrap_or_else(Prefs::install)
}

fn storage() -> Option<web_sys::Storage> {
    // Storage can be disabled (private modes, blocked cookies): then nothing is remembered.
    window().local_storage().ok().flatten()
}

/// Reads a stored value.
pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Stores a value; silently does nothing where storage is unavailable or full.
pub fn store(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}
