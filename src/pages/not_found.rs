//! The page for an address that names nothing.

use leptos::prelude::*;

use crate::i18n::tr;
use crate::links;

/// Shown for unknown routes, unknown papers and unknown parts.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="not-found" data-testid="not-found">
            <h1>{tr(|u| u.not_found)}</h1>
            <p>{tr(|u| u.not_found_text)}</p>
            <p><a class="button" href=links::home()>{tr(|u| u.home)}</a></p>
        </section>
    }
}
