//! The top bar: brand, navigation, language and theme toggles.

use leptos::prelude::*;

use crate::i18n::tr;
use crate::links;
use crate::prefs::{Theme, use_prefs};

/// The top bar shown on every page.
#[component]
pub fn Header() -> impl IntoView {
    let prefs = use_prefs();
    let ui = move || prefs.lang.get().ui();
    let theme_text = move || {
        let ui = ui();
        match prefs.theme.get() {
            Theme::System => ui.theme_system,
            Theme::Light => ui.theme_light,
            Theme::Dark => ui.theme_dark,
        }
    };
    let theme_icon = move || match prefs.theme.get() {
        Theme::System => "◐",
        Theme::Light => "☀",
        Theme::Dark => "☾",
    };
    view! {
        // A button, not href="#main": that would resolve against <base href> and go home.
        <button type="button" class="skip-link" on:click=|_| focus_main()>
            {tr(|u| u.skip_to_content)}
        </button>
        <header class="site-header">
            <a class="brand" href=links::home()>
                <span class="brand-mark" aria-hidden="true">"▤"</span>
                <span class="brand-name">"paperlab"</span>
            </a>
            <nav class="site-nav">
                <a href=links::home()>{tr(|u| u.papers)}</a>
                <a href=links::progress() data-testid="progress-link">{tr(|u| u.progress_nav)}</a>
            </nav>
            <div class="header-tools">
                <button
                    type="button"
                    class="tool-button lang-toggle"
                    data-testid="lang-toggle"
                    aria-label=tr(|u| u.switch_lang_label)
                    lang=move || prefs.lang.get().other().code()
                    on:click=move |_| prefs.lang.update(|l| *l = l.other())
                >
                    {tr(|u| u.switch_lang)}
                </button>
                <button
                    type="button"
                    class="tool-button theme-toggle"
                    data-testid="theme-toggle"
                    title=tr(|u| u.theme_label)
                    aria-label=move || format!("{}: {}", ui().theme_label, theme_text())
                    on:click=move |_| prefs.theme.update(|t| *t = t.next())
                >
                    <span aria-hidden="true">{theme_icon}</span>
                    " "
                    <span class="theme-name">{theme_text}</span>
                </button>
            </div>
        </header>
    }
}

fn focus_main() {
    if let Some(main) = document().get_element_by_id("main")
        && let Ok(main) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(main)
    {
        let _ = main.focus();
    }
}
