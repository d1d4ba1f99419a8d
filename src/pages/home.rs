//! The home page: what paperlab is and the list of papers.

use engine::Lesson;
use leptos::prelude::*;

use crate::i18n::tr;
use crate::prefs::use_prefs;
use crate::{content, links};

/// Lists every paper in the content index.
#[component]
pub fn Home() -> impl IntoView {
    set_title("paperlab");
    let list = match content::library() {
        Ok(lessons) => {
            let cards = lessons.iter().rev().map(paper_card).collect_view();
            view! { <ul class="paper-list" data-testid="paper-list">{cards}</ul> }.into_any()
        }
        Err(err) => view! {
            <div class="error-box" role="alert">
                <strong>{tr(|u| u.content_error)}</strong>
                <pre>{err.to_string()}</pre>
            </div>
        }
        .into_any(),
    };
    view! {
        <div class="home">
            <section class="hero">
                <h1>"paperlab"</h1>
                <p class="tagline">{tr(|u| u.tagline)}</p>
            </section>
            <h2 class="list-title">{tr(|u| u.papers)}</h2>
            {list}
        </div>
    }
}

fn paper_card(lesson: &'static Lesson) -> impl IntoView {
    let prefs = use_prefs();
    let ui = move || prefs.lang.get().ui();
    let sections = lesson
        .sections()
        .map(|part| {
            view! {
                <li>
                    <a href=links::part(&lesson.slug, &part.id)>
                        <span class="num">{part.number.clone()}</span>
                        {part.title.clone()}
                    </a>
                </li>
            }
        })
        .collect_view();
    let count = lesson.sections().count();
    view! {
        <li class="paper-card" data-testid="paper-card">
            <h3>
                <a href=links::paper(&lesson.slug)>
                    <span class="marker" aria-hidden="true">{lesson.marker.clone()}</span>
                    {lesson.title.clone()}
                </a>
            </h3>
            <p class="meta">
                {lesson.meta.date.clone().map(|d| view! { <span class="date">{d}</span> })}
                {lesson.meta.author.clone().map(|a| view! { <span class="author">{a}</span> })}
                <span class="count">{move || ui().sections_count.replace("{n}", &count.to_string())}</span>
            </p>
            <ol class="card-sections" lang="ko">{sections}</ol>
            <a class="button" href=links::paper(&lesson.slug)>{tr(|u| u.start)} " →"</a>
        </li>
    }
}

/// Sets the browser tab's title.
pub fn set_title(title: &str) {
    document().set_title(title);
}
