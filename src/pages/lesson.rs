//! A lesson: table of contents, one part at a time beside its simulators, previous / next.

use engine::{Lesson, Part};
use leptos::prelude::*;

use crate::i18n::tr;
use leptos_router::hooks::use_params_map;

use crate::components::markdown::{PageAddress, blocks_view};
use crate::components::sim_panel::SimPanel;
use crate::pages::home::set_title;
use crate::pages::not_found::NotFound;
use crate::prefs::use_prefs;
use crate::{content, links};

/// `/paper/:slug` (the first part) and `/paper/:slug/:part`.
#[component]
pub fn LessonPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    // The lesson's text is fetched once per lesson (the catalogue is in the app).
    let full = LocalResource::new(move || {
        let slug = slug();
        async move { content::full_lesson(&slug).await }
    });
    move || {
        let params = params.read();
        let Some(entry) = params.get("slug").and_then(|slug| content::lesson(&slug)) else {
            return view! { <NotFound/> }.into_any();
        };
        let index = match params.get("part") {
            None => Some(0),
            Some(id) => entry.part_index(&id),
        };
        match index {
            Some(index) if index < entry.parts.len() || entry.parts.is_empty() => match full.get() {
                Some(Ok(lesson)) if lesson.slug == entry.slug => {
                    view! { <LessonView lesson=lesson index=index/> }.into_any()
                }
                Some(Err(why)) => view! {
                    <div class="error-box lesson-error" role="alert" data-testid="lesson-error">
                        <strong>{tr(|u| u.lesson_failed)}</strong>
                        <pre>{why}</pre>
                    </div>
                }
                .into_any(),
                _ => view! { <p class="lesson-loading" role="status">{tr(|u| u.lesson_loading)}</p> }
                    .into_any(),
            },
            _ => view! { <NotFound/> }.into_any(),
        }
    }
}

/// A lesson showing its part number `index`.
#[component]
fn LessonView(lesson: &'static Lesson, index: usize) -> impl IntoView {
    let toc_open = RwSignal::new(false);
    let current = lesson.parts.get(index);
    provide_context(PageAddress(match current {
        Some(part) => links::part(&lesson.slug, &part.id),
        None => links::paper(&lesson.slug),
    }));

    set_title(&match current {
        Some(part) => format!("{} · {} · paperlab", part_label(part), lesson.title),
        None => format!("{} · paperlab", lesson.title),
    });

    let toc_items = lesson
        .parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let is_current = i == index;
            view! {
                <li>
                    <a
                        href=links::part(&lesson.slug, &part.id)
                        class:current=is_current
                        aria-current=is_current.then_some("page")
                        on:click=move |_| toc_open.set(false)
                    >
                        <span class="num">
                            {match &part.number {
                                Some(n) => n.clone().into_any(),
                                None => part.marker.clone().unwrap_or_default().into_any(),
                            }}
                        </span>
                        <span class="toc-title">{part.title.clone()}</span>
                    </a>
                </li>
            }
        })
        .collect_view();

    let meta = lesson.meta.clone();
    view! {
        <div class="lesson" data-testid="lesson">
            <aside class="toc" class:open=move || toc_open.get() aria-labelledby="toc-heading">
                <div class="toc-head">
                    <a class="toc-paper" href=links::paper(&lesson.slug) lang="ko">
                        <span class="marker" aria-hidden="true">{lesson.marker.clone()}</span>
                        {lesson.title.clone()}
                    </a>
                    <button
                        type="button"
                        class="tool-button toc-toggle"
                        aria-expanded=move || toc_open.get().to_string()
                        aria-controls="toc-list"
                        on:click=move |_| toc_open.update(|o| *o = !*o)
                    >
                        <span aria-hidden="true">"☰ "</span>
                        {tr(|u| u.contents)}
                    </button>
                </div>
                <dl class="toc-meta">
                    {meta.date.map(|d| view! { <dt>{tr(|u| u.date)}</dt><dd>{d}</dd> })}
                    {meta.author.map(|a| view! { <dt>{tr(|u| u.author)}</dt><dd>{a}</dd> })}
                </dl>
                <h2 id="toc-heading" class="toc-heading">{tr(|u| u.contents)}</h2>
                <ol id="toc-list" class="toc-list" lang="ko">{toc_items}</ol>
            </aside>
            <div class="lesson-main">
                {(!lesson.intro.is_empty() && index == 0).then(|| {
                    view! { <div class="prose intro" lang="ko">{blocks_view(&lesson.intro)}</div> }
                })}
                {current.map(|part| view! { <PartView slug=lesson.slug.as_str() part=part/> })}
                <Pager lesson=lesson index=index/>
            </div>
        </div>
    }
}

fn part_label(part: &Part) -> String {
    match &part.number {
        Some(n) => format!("{n}. {}", part.title),
        None => part.title.clone(),
    }
}

/// One part: its heading, its text and its simulator panel side by side.
#[component]
fn PartView(slug: &'static str, part: &'static Part) -> impl IntoView {
    let prefs = use_prefs();
    let ui = move || prefs.lang.get().ui();
    let has_sims = !part.simulators.is_empty();
    let eyebrow = move || match &part.number {
        Some(n) => format!("{} {n}", ui().section),
        None => ui().summary.to_string(),
    };
    view! {
        <article class="part" class:with-sims=has_sims data-testid="part" data-part=part.id.clone()>
            <header class="part-head">
                <p class="eyebrow">{eyebrow}</p>
                <h2 id="part-title" lang="ko" tabindex="-1">
                    {part.marker.clone().map(|m| view! { <span class="marker" aria-hidden="true">{m}</span> })}
                    {part.title.clone()}
                </h2>
            </header>
            <div class="part-body">
                <div class="prose" lang="ko">{blocks_view(&part.blocks)}</div>
                {has_sims.then(|| view! { <SimPanel slug=slug simulators=part.simulators.clone()/> })}
            </div>
        </article>
    }
}

/// Previous / next links under a part.
#[component]
fn Pager(lesson: &'static Lesson, index: usize) -> impl IntoView {
    let prefs = use_prefs();
    let ui = move || prefs.lang.get().ui();
    let link = |i: usize, rel: &'static str| {
        lesson.parts.get(i).map(|part| {
            let label = move || if rel == "prev" { ui().previous } else { ui().next };
            view! {
                <a class=format!("pager-link {rel}") rel=rel href=links::part(&lesson.slug, &part.id) data-testid=rel>
                    <span class="pager-label">{label}</span>
                    <span class="pager-title" lang="ko">{part_label(part)}</span>
                </a>
            }
        })
    };
    view! {
        <nav class="pager" aria-label=tr(|u| u.pager)>
            {index.checked_sub(1).and_then(|i| link(i, "prev"))}
            {link(index + 1, "next")}
        </nav>
    }
}
