//! The progress page (`/progress`): where each paper's sections stand, a reset per section,
//! the review queue (questions due today by their Leitner box), and export / import of the
//! store to carry it to another device.

use engine::quiz::Question;
use engine::quiz::review::calendar_date;
use engine::{Block, Lesson};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::content;
use crate::i18n::tr;
use crate::links;
use crate::prefs::use_prefs;
use crate::progress::{today, use_progress};

/// Every question of a part's blocks (also inside quotes and lists), in order.
pub fn part_questions(blocks: &[Block]) -> Vec<&Question> {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Quiz(q) => out.extend(q.quiz.questions.iter()),
            Block::Quote(inner) => out.extend(part_questions(inner)),
            Block::List { items, .. } => {
                for item in items {
                    out.extend(part_questions(item));
                }
            }
            _ => {}
        }
    }
    out
}

/// `/progress`: every lesson's questions are needed, so their texts are fetched first.
#[component]
pub fn ProgressPage() -> impl IntoView {
    let all = LocalResource::new(content::all_lessons);
    move || {
        match all.get() {
        Some(Ok(lessons)) => view! { <ProgressView lessons=lessons/> }.into_any(),
        Some(Err(why)) => view! {
            <div class="error-box lesson-error" role="alert"><strong>{tr(|u| u.lesson_failed)}</strong><pre>{why}</pre></div>
        }
        .into_any(),
        None => view! { <p class="lesson-loading" role="status">{tr(|u| u.lesson_loading)}</p> }.into_any(),
    }
    }
}

#[component]
fn ProgressView(lessons: &'static [&'static Lesson]) -> impl IntoView {
    let progress = use_progress();
    let prefs = use_prefs();
    let papers = lessons
        .iter()
        .map(|lesson| {
            let rows = lesson
                .parts
                .iter()
                .filter_map(|part| {
                    let ids: Vec<String> = part_questions(&part.blocks).iter().map(|q| q.id.clone()).collect();
                    if ids.is_empty() {
                        return None;
                    }
                    let href = links::part(&lesson.slug, &part.id);
                    let counts = {
                        let ids = ids.clone();
                        move || {
                            progress.store.with(|s| {
                                ids.iter().fold((0, 0), |(a, r), id| match s.get(id) {
                                    Some(p) => (a + 1, r + usize::from(p.last_correct)),
                                    None => (a, r),
                                })
                            })
                        }
                    };
                    let total = ids.len();
                    let label = format!("{} {}", part.number.clone().unwrap_or_default(), part.title);
                    let bar = {
                        let counts = counts.clone();
                        move || {
                            let (answered, right) = counts();
                            format!("--answered: {}; --right: {}", answered * 100 / total.max(1), right * 100 / total.max(1))
                        }
                    };
                    Some(view! {
                        <tr data-testid="progress-row" data-part=part.id.clone()>
                            <th scope="row"><a href=href>{label}</a></th>
                            <td>
                                <span class="meter" style=bar aria-hidden="true"></span>
                                <span class="figures">{move || {
                                    let (answered, right) = counts();
                                    let ui = prefs.lang.get().ui();
                                    ui.progress_figures
                                        .replace("{answered}", &answered.to_string())
                                        .replace("{right}", &right.to_string())
                                        .replace("{n}", &total.to_string())
                                }}</span>
                            </td>
                            <td>
                                <button type="button" class="tool-button" data-testid="reset-section"
                                    on:click=move |_| progress.forget(&ids)>{tr(|u| u.progress_reset)}</button>
                            </td>
                        </tr>
                    })
                })
                .collect_view();
            // The whole paper's figures, over every part's questions.
            let all_ids: Vec<String> = lesson
                .parts
                .iter()
                .flat_map(|p| part_questions(&p.blocks))
                .map(|q| q.id.clone())
                .collect();
            let paper_figures = move || {
                let (answered, right) = progress.store.with(|s| {
                    all_ids.iter().fold((0, 0), |(a, r), id| match s.get(id) {
                        Some(p) => (a + 1, r + usize::from(p.last_correct)),
                        None => (a, r),
                    })
                });
                prefs
                    .lang
                    .get()
                    .ui()
                    .progress_figures
                    .replace("{answered}", &answered.to_string())
                    .replace("{right}", &right.to_string())
                    .replace("{n}", &all_ids.len().to_string())
            };
            view! {
                <section class="progress-paper">
                    <h2>{lesson.title.clone()}</h2>
                    <p class="figures" data-testid="paper-figures">{paper_figures}</p>
                    <table class="progress-table">
                        <tbody>{rows}</tbody>
                    </table>
                </section>
            }
        })
        .collect_view();
    // The review queue: due today or earlier, oldest due first.
    let queue = move || {
        let ui = prefs.lang.get().ui();
        let today = today();
        let due = progress.store.with(|s| s.due_today(today));
        if due.is_empty() {
            // Nothing due: say when the next ones come back.
            let mut upcoming: Vec<(i32, String)> = progress
                .store
                .with(|s| s.progress.iter().map(|(id, p)| (p.due, id.clone())).collect());
            upcoming.sort();
            let next = upcoming
                .into_iter()
                .take(5)
                .filter_map(|(due, id)| {
                    let (lesson, part, q) = find(lessons, &id)?;
                    let (y, m, d) = calendar_date(due);
                    let href = format!("{}#q-{}", links::part(&lesson.slug, &part), id);
                    Some(view! {
                        <li data-testid="upcoming-item">
                            <a href=href>{q.prompt.clone()}</a>
                            <span class="review-meta">{format!("{y}-{m:02}-{d:02}")}</span>
                        </li>
                    })
                })
                .collect_view();
            return view! {
                <p class="empty" data-testid="review-empty">{ui.review_empty}</p>
                <h3 class="upcoming">{ui.review_next}</h3>
                <ol class="review-queue">{next}</ol>
            }
            .into_any();
        }
        let items = due
            .into_iter()
            .filter_map(|id| {
                let (lesson, part, q) = find(lessons, &id)?;
                let p = progress.store.with(|s| s.get(&id).copied())?;
                let (y, m, d) = calendar_date(p.due);
                let href = format!("{}#q-{}", links::part(&lesson.slug, &part), id);
                Some(view! {
                    <li data-testid="review-item">
                        <a href=href>{q.prompt.clone()}</a>
                        <span class="review-meta">{format!("box {} · {y}-{m:02}-{d:02}", p.r#box)}</span>
                    </li>
                })
            })
            .collect_view();
        view! { <ol class="review-queue">{items}</ol> }.into_any()
    };
    let export = move |_| {
        let text = progress.export();
        download("paperlab-progress.txt", &text);
    };
    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            let ui = prefs.lang.get_untracked().ui();
            let message = match progress.import(&text) {
                Ok(n) => ui.import_done.replace("{n}", &n.to_string()),
                Err(e) => format!("{} {e}", ui.import_failed),
            };
            progress.notice.set(Some(message));
        });
    };
    view! {
        <div class="progress-page" data-testid="progress-page">
            <h1>{tr(|u| u.progress_title)}</h1>
            {papers}
            <section class="review">
                <h2>{tr(|u| u.review_title)}</h2>
                <p class="hint">{tr(|u| u.review_hint)}</p>
                {queue}
            </section>
            <section class="carry">
                <h2>{tr(|u| u.carry_title)}</h2>
                <p class="hint">{tr(|u| u.carry_hint)}</p>
                <button type="button" class="tool-button" data-testid="export" on:click=export>{tr(|u| u.export)}</button>
                <label class="tool-button file-pick">
                    {tr(|u| u.import)}
                    <input type="file" accept=".txt,text/plain" data-testid="import" on:change=import/>
                </label>
            </section>
        </div>
    }
}

fn find(lessons: &[&'static Lesson], id: &str) -> Option<(&'static Lesson, String, &'static Question)> {
    for &lesson in lessons {
        for part in &lesson.parts {
            if let Some(q) = part_questions(&part.blocks).into_iter().find(|q| q.id == id) {
                return Some((lesson, part.id.clone(), q));
            }
        }
    }
    None
}

/// Offers `text` as a file download.
fn download(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document().create_element("a")
        && let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>()
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
