//! What the simulators need of the learner's preferences: the language (the app tells us,
//! [`set_lang`]) and localStorage for the lab's journal. The theme is CSS only.

use leptos::prelude::*;

use crate::i18n::Lang;

/// The preferences the views read.
#[derive(Clone, Copy)]
pub struct Prefs {
    /// The interface language.
    pub lang: RwSignal<Lang>,
}

thread_local! {
    static LANG: RwSignal<Lang> = RwSignal::new(Lang::Ko);
}

/// The preferences (one set for the whole module).
pub fn use_prefs() -> Prefs {
    Prefs {
        lang: LANG.with(|l| *l),
    }
}

/// Sets the language from its code (`ko`, `en`).
pub fn set_lang(code: &str) {
    let lang = Lang::from_code(code);
    LANG.with(|l| {
        if l.get_untracked() != lang {
            l.set(lang);
        }
    });
}

fn storage() -> Option<web_sys::Storage> {
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
