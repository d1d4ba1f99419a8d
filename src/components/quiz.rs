//! A quiz block in a lesson (`QuizView` ↔ `.quiz`): its questions answered in place, graded by
//! the engine's grader, with the explanation of the option chosen; progress kept by
//! [`crate::progress`]. A block the author got wrong shows its errors, with their lines.

use engine::host::State;
use engine::quiz::attach::QuizBlock;
use engine::quiz::{Grade, Partial, PredictTarget, Prediction, Question, QuestionKind, Response, grade};
use leptos::prelude::*;

use crate::i18n::{Lang, tr};
use crate::prefs::use_prefs;
use crate::progress::use_progress;

/// The seed of the options' order: fixed, so a question looks the same on every visit.
const SEED: u64 = 14;

/// `QuizView` ↔ `.quiz`.
#[component]
pub fn QuizView(block: QuizBlock) -> impl IntoView {
    let progress = use_progress();
    let prefs = use_prefs();
    let errors = (!block.errors.is_empty()).then(|| {
        view! {
            <div class="quiz-errors" role="alert" data-testid="quiz-error">
                <strong>{tr(|u| u.quiz_authoring)}</strong>
                <ul>
                    {block.errors.iter().map(|(line, message)| view! {
                        <li><code>{format!("line {line}")}</code>" "{message.clone()}</li>
                    }).collect_view()}
                </ul>
            </div>
        }
    });
    let ids: Vec<String> = block.quiz.questions.iter().map(|q| q.id.clone()).collect();
    // "Retry the missed ones": only the questions last answered wrong stay on show.
    let missed_only = RwSignal::new(false);
    let generation = RwSignal::new(0_u32);
    let summary = {
        let ids = ids.clone();
        move || {
            let ui = prefs.lang.get().ui();
            let (right, answered) = progress.store.with(|s| {
                ids.iter().fold((0, 0), |(r, a), id| match s.get(id) {
                    Some(p) => (r + usize::from(p.last_correct), a + 1),
                    None => (r, a),
                })
            });
            ui.quiz_summary
                .replace("{right}", &right.to_string())
                .replace("{answered}", &answered.to_string())
                .replace("{n}", &ids.len().to_string())
        }
    };
    let any_missed = {
        let ids = ids.clone();
        move || {
            progress
                .store
                .with(|s| ids.iter().any(|id| s.get(id).is_some_and(|p| !p.last_correct)))
        }
    };
    let transcripts = block.transcripts.clone();
    let questions = block
        .quiz
        .questions
        .into_iter()
        .enumerate()
        .map(|(n, q)| {
            let id = q.id.clone();
            let transcript = transcripts
                .iter()
                .find(|(tid, _)| *tid == q.id)
                .map(|(_, t)| t.clone())
                .unwrap_or_default();
            let shown = move || {
                !missed_only.get() || progress.store.with(|s| s.get(&id).is_some_and(|p| !p.last_correct))
            };
            let q = q.clone();
            view! {
                <Show when=shown>
                    {
                        let q = q.clone();
                        let transcript = transcript.clone();
                        move || {
                            generation.track();
                            view! { <QuestionView question=q.clone() number=n + 1 transcript=transcript.clone()/> }
                        }
                    }
                </Show>
            }
        })
        .collect_view();
    view! {
        <section class="quiz" data-testid="quiz">
            <header class="quiz-head">
                <h3>{tr(|u| u.quiz_title)}</h3>
                <span class="quiz-summary" data-testid="quiz-summary">{summary}</span>
                {move || any_missed().then(|| view! {
                    <button type="button" class="tool-button" data-testid="retry-missed"
                        on:click=move |_| { missed_only.set(true); generation.update(|g| *g += 1); }>
                        {tr(|u| u.quiz_retry_missed)}
                    </button>
                })}
                {move || missed_only.get().then(|| view! {
                    <button type="button" class="tool-button" on:click=move |_| missed_only.set(false)>
                        {tr(|u| u.quiz_show_all)}
                    </button>
                })}
            </header>
            {errors}
            <ol class="quiz-questions">{questions}</ol>
        </section>
    }
}

/// What the learner has entered so far for one question.
#[derive(Clone, Debug, PartialEq)]
enum Draft {
    Choice(Vec<usize>),
    Short(String),
    Order(Vec<usize>),
    Match(Vec<Option<usize>>),
    StateExit(Option<State>, Option<i32>),
}

fn fresh_draft(q: &Question) -> Draft {
    match &q.kind {
        QuestionKind::MultipleChoice(_)
        | QuestionKind::Predict(Prediction {
            target: PredictTarget::CachedSteps(_),
            ..
        }) => Draft::Choice(Vec::new()),
        QuestionKind::ShortAnswer(_) => Draft::Short(String::new()),
        QuestionKind::Order(_)
        | QuestionKind::Predict(Prediction {
            target: PredictTarget::StartOrder(_),
            ..
        }) => Draft::Order(q.display_order(SEED)),
        QuestionKind::Match(m) => Draft::Match(vec![None; m.pairs.len()]),
        QuestionKind::Predict(Prediction {
            target: PredictTarget::StateExit(_),
            ..
        }) => Draft::StateExit(None, None),
    }
}

fn response(draft: &Draft) -> Option<Response> {
    Some(match draft {
        Draft::Choice(picked) => Response::Choice(picked.clone()),
        Draft::Short(text) => Response::Short(text.clone()),
        Draft::Order(order) => Response::Order(order.clone()),
        Draft::Match(pairs) => Response::Match(pairs.clone()),
        Draft::StateExit(Some(state), Some(exit)) => Response::StateExit {
            state: *state,
            exit: *exit,
        },
        Draft::StateExit(..) => return None,
    })
}

#[component]
fn QuestionView(question: Question, number: usize, transcript: Vec<(String, String)>) -> impl IntoView {
    let prefs = use_prefs();
    let progress = use_progress();
    let draft = RwSignal::new(fresh_draft(&question));
    let result = RwSignal::new(None::<Grade>);
    let q = StoredValue::new(question);
    let id = q.with_value(|q| q.id.clone());
    let english = move || prefs.lang.get() == Lang::En;
    let prompt = move || {
        q.with_value(|q| match (&q.prompt_en, english()) {
            (Some(en), true) => en.clone(),
            _ => q.prompt.clone(),
        })
    };
    let previous = {
        let id = id.clone();
        move || progress.store.with(|s| s.get(&id).map(|p| p.last_correct))
    };
    let submit = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(r) = response(&draft.get_untracked()) else {
                return;
            };
            let g = q.with_value(|q| grade(q, &r));
            progress.record(&id, g.correct);
            result.set(Some(g));
        }
    };
    let retry = move |_| {
        draft.set(q.with_value(fresh_draft));
        result.set(None);
    };
    let answered = move || result.with(Option::is_some);
    let kind = q.with_value(|q| q.type_name());
    let scenario = q.with_value(|q| match &q.kind {
        QuestionKind::Predict(p) => Some(scenario_view(&p.scenario)),
        _ => None,
    });
    let body = move || q.with_value(|q| inputs(q, draft, result, english()));
    let verdict = move || {
        result.get().map(|g| {
            let ui = prefs.lang.get().ui();
            let text = match (&g.explanation_en, english()) {
                (Some(en), true) => en.clone(),
                _ => g.explanation.clone(),
            };
            let notes = g
                .notes
                .iter()
                .map(|n| {
                    let t = match (&n.text_en, english()) {
                        (Some(en), true) => en.clone(),
                        _ => n.text.clone(),
                    };
                    view! { <li>{inline_md(&t)}</li> }
                })
                .collect_view();
            let transcript = transcript.clone();
            view! {
                <div class="verdict" class:right=g.correct class:wrong=!g.correct data-testid="verdict">
                    <strong>{if g.correct { ui.quiz_right } else { ui.quiz_wrong }}</strong>
                    // A wrong answer with item notes shows the notes (the explanation is the
                    // first of them); otherwise the explanation itself.
                    {if !g.correct && !g.notes.is_empty() {
                        view! { <ul class="notes">{notes}</ul> }.into_any()
                    } else {
                        view! { <p>{inline_md(&text)}</p> }.into_any()
                    }}
                    {(!transcript.is_empty()).then(|| view! {
                        <figure class="transcript" data-testid="transcript">
                            <figcaption>{ui.quiz_transcript}</figcaption>
                            <pre>{transcript.iter().map(|(line, out)| format!("$ {line}\n{out}")).collect::<String>()}</pre>
                        </figure>
                    })}
                    {(!g.correct).then(|| view! {
                        <button type="button" class="tool-button" data-testid="retry" on:click=retry>{ui.quiz_retry}</button>
                    })}
                </div>
            }
        })
    };
    view! {
        <li class="question" id=format!("q-{id}") data-testid="question" data-id=id.clone() data-kind=kind>
            <form on:submit=submit>
                <fieldset disabled=answered>
                    <legend>
                        <span class="q-number">{number}". "</span>{move || inline_md(&prompt())}
                        {move || previous().map(|right| view! {
                            <span class="q-previous" class:right=right>
                                {move || { let ui = prefs.lang.get().ui(); if right { ui.quiz_was_right } else { ui.quiz_was_wrong } }}
                            </span>
                        })}
                    </legend>
                    {scenario}
                    {body}
                    <button type="submit" class="tool-button check" data-testid="check">{tr(|u| u.quiz_check)}</button>
                </fieldset>
            </form>
            <div role="status" aria-live="polite">{verdict}</div>
        </li>
    }
}

/// The inputs of a question, showing marks once graded.
fn inputs(q: &Question, draft: RwSignal<Draft>, result: RwSignal<Option<Grade>>, english: bool) -> AnyView {
    let mark = move |i: usize| {
        result.with(|r| match r.as_ref().map(|g| &g.partial) {
            Some(Partial::Choice(marks)) => marks.get(i).map(|m| (m.chosen, m.correct)),
            _ => None,
        })
    };
    match &q.kind {
        QuestionKind::MultipleChoice(c)
        | QuestionKind::Predict(Prediction {
            target: PredictTarget::CachedSteps(c),
            ..
        }) => {
            let multiple = q.multiple_select();
            let cached_steps = matches!(q.kind, QuestionKind::Predict(_));
            let name = format!("q-{}", q.id);
            let hint = multiple.then(|| {
                view! {
                    <p class="hint">
                        {tr(|u| u.quiz_pick_all)}
                        {cached_steps.then(|| view! { " "{tr(|u| u.quiz_none_cached)} })}
                    </p>
                }
            });
            let options = q
                .display_order(SEED)
                .into_iter()
                .filter_map(|i| {
                    c.options.get(i).map(|o| {
                        let text = match (&o.text_en, english) {
                            (Some(en), true) => en.clone(),
                            _ => o.text.clone(),
                        };
                        (i, text)
                    })
                })
                .map(|(i, text)| {
                    let checked = move || draft.with(|d| matches!(d, Draft::Choice(p) if p.contains(&i)));
                    let toggle = move |_| {
                        draft.update(|d| {
                            if let Draft::Choice(p) = d {
                                if multiple {
                                    if let Some(at) = p.iter().position(|x| *x == i) {
                                        p.remove(at);
                                    } else {
                                        p.push(i);
                                        p.sort_unstable();
                                    }
                                } else {
                                    *p = vec![i];
                                }
                            }
                        });
                    };
                    let class = move || match mark(i) {
                        Some((_, true)) => "option correct",
                        Some((true, false)) => "option chosen-wrong",
                        _ => "option",
                    };
                    view! {
                        <label class=class>
                            <input type=if multiple { "checkbox" } else { "radio" } name=name.clone()
                                prop:checked=checked on:change=toggle/>
                            <span>{inline_md(&text)}</span>
                        </label>
                    }
                })
                .collect_view();
            view! { {hint}<div class="options">{options}</div> }.into_any()
        }
        QuestionKind::ShortAnswer(_) => view! {
            <input type="text" class="short-answer" data-testid="short-answer" autocomplete="off" spellcheck="false"
                aria-label=tr(|u| u.quiz_your_answer)
                prop:value=move || draft.with(|d| match d { Draft::Short(t) => t.clone(), _ => String::new() })
                on:input=move |ev| draft.set(Draft::Short(event_target_value(&ev)))/>
        }
        .into_any(),
        QuestionKind::Order(o)
        | QuestionKind::Predict(Prediction {
            target: PredictTarget::StartOrder(o),
            ..
        }) => {
            let items: Vec<String> = o
                .items
                .iter()
                .map(|i| match (&i.text_en, english) {
                    (Some(en), true) => en.clone(),
                    _ => i.text.clone(),
                })
                .collect();
            let rows = move || {
                let order = draft.with(|d| match d {
                    Draft::Order(o) => o.clone(),
                    _ => Vec::new(),
                });
                let marks = result.with(|r| match r.as_ref().map(|g| &g.partial) {
                    Some(Partial::Order(m)) => m.clone(),
                    _ => Vec::new(),
                });
                let last = order.len().saturating_sub(1);
                order
                    .iter()
                    .enumerate()
                    .map(|(pos, &item)| {
                        let text = items.get(item).cloned().unwrap_or_default();
                        let swap = move |delta: isize| {
                            draft.update(|d| {
                                if let Draft::Order(o) = d {
                                    let other = pos as isize + delta;
                                    if other >= 0 && (other as usize) < o.len() {
                                        o.swap(pos, other as usize);
                                    }
                                }
                            });
                        };
                        let label_up = format!("{} ↑", text);
                        let label_down = format!("{} ↓", text);
                        view! {
                            <li class="order-item" class:correct=marks.get(pos) == Some(&true) class:wrong=marks.get(pos) == Some(&false)>
                                <span class="pos">{pos + 1}</span>
                                <span class="text">{inline_md(&text)}</span>
                                <button type="button" class="move" aria-label=label_up disabled=pos == 0 on:click=move |_| swap(-1)>"↑"</button>
                                <button type="button" class="move" aria-label=label_down disabled=pos == last on:click=move |_| swap(1)>"↓"</button>
                            </li>
                        }
                    })
                    .collect_view()
            };
            view! { <ol class="order-list" data-testid="order-list">{rows}</ol> }.into_any()
        }
        QuestionKind::Match(m) => {
            let descriptions: Vec<String> = m.descriptions_in(english).into_iter().map(str::to_string).collect();
            let rows = m
                .pairs
                .iter()
                .enumerate()
                .map(|(t, pair)| {
                    let descriptions = descriptions.clone();
                    let right = move || {
                        result.with(|r| match r.as_ref().map(|g| &g.partial) {
                            Some(Partial::Match(marks)) => marks.get(t).map(|m| m.right),
                            _ => None,
                        })
                    };
                    let term = match (&pair.term_en, english) {
                        (Some(en), true) => en.clone(),
                        _ => pair.term.clone(),
                    };
                    view! {
                        <li class="match-row" class:correct=move || right() == Some(true) class:wrong=move || right() == Some(false)>
                            <span class="term">{inline_md(&term)}</span>
                            <select aria-label=term.clone() data-testid="match-select"
                                on:change=move |ev| {
                                    let v = event_target_value(&ev).parse::<usize>().ok();
                                    draft.update(|d| if let Draft::Match(p) = d && let Some(slot) = p.get_mut(t) { *slot = v; });
                                }>
                                <option value="">"—"</option>
                                {descriptions.iter().enumerate().map(|(i, d)| view! { <option value=i.to_string()>{d.clone()}</option> }).collect_view()}
                            </select>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="match-list">{rows}</ul> }.into_any()
        }
        QuestionKind::Predict(Prediction {
            target: PredictTarget::StateExit(s),
            scenario,
        }) => {
            let _ = scenario;
            let states = s.states.clone();
            let codes = s.exit_codes.clone();
            view! {
                <div class="state-exit">
                    <label>{tr(|u| u.quiz_state)}
                        <select data-testid="state-select" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            let state = State::ALL.into_iter().find(|s| s.name() == v);
                            draft.update(|d| if let Draft::StateExit(s, _) = d { *s = state; });
                        }>
                            <option value="">"—"</option>
                            {states.iter().map(|s| view! { <option value=s.name()>{s.name()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>{tr(|u| u.quiz_exit_code)}
                        <select data-testid="exit-select" on:change=move |ev| {
                            let v = event_target_value(&ev).parse::<i32>().ok();
                            draft.update(|d| if let Draft::StateExit(_, e) = d { *e = v; });
                        }>
                            <option value="">"—"</option>
                            {codes.iter().map(|c| view! { <option value=c.to_string()>{c.to_string()}</option> }).collect_view()}
                        </select>
                    </label>
                </div>
            }
            .into_any()
        }
    }
}

/// What a prediction's scenario starts from: its files (folded), the lines already run, and
/// the lines asked about.
fn scenario_view(scenario: &engine::quiz::Scenario) -> AnyView {
    let files = scenario
        .files
        .iter()
        .map(|(name, text)| {
            view! {
                <details class="scenario-file">
                    <summary><code>{name.clone()}</code></summary>
                    <pre>{text.clone()}</pre>
                </details>
            }
        })
        .collect_view();
    let setup: String = scenario.setup.iter().map(|l| format!("$ {l}\n")).collect();
    let run: String = scenario.run.iter().map(|l| format!("$ {l}\n")).collect();
    view! {
        <div class="scenario" data-testid="scenario">
            {files}
            {(!setup.is_empty()).then(|| view! {
                <p class="scenario-label">{tr(|u| u.quiz_setup)}</p>
                <pre class="done">{setup}</pre>
            })}
            <p class="scenario-label">{tr(|u| u.quiz_then)}</p>
            <pre class="asked">{run}</pre>
        </div>
    }
    .into_any()
}

/// The little markdown prompts use: `**bold**` and `` `code` ``; everything else is text.
pub fn inline_md(text: &str) -> AnyView {
    let mut parts = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let next_code = rest.find('`');
        let next_bold = rest.find("**");
        match (next_code, next_bold) {
            (Some(c), b) if b.is_none_or(|b| c < b) => {
                let (before, after) = rest.split_at(c);
                match after[1..].find('`') {
                    Some(end) => {
                        parts.push((0, before.to_string()));
                        parts.push((1, after[1..1 + end].to_string()));
                        rest = &after[end + 2..];
                    }
                    None => {
                        parts.push((0, rest.to_string()));
                        rest = "";
                    }
                }
            }
            (_, Some(b)) => {
                let (before, after) = rest.split_at(b);
                match after[2..].find("**") {
                    Some(end) => {
                        parts.push((0, before.to_string()));
                        parts.push((2, after[2..2 + end].to_string()));
                        rest = &after[end + 4..];
                    }
                    None => {
                        parts.push((0, rest.to_string()));
                        rest = "";
                    }
                }
            }
            _ => {
                parts.push((0, rest.to_string()));
                rest = "";
            }
        }
    }
    parts
        .into_iter()
        .map(|(kind, t)| match kind {
            1 => view! { <code>{t}</code> }.into_any(),
            2 => view! { <strong>{t}</strong> }.into_any(),
            _ => t.into_any(),
        })
        .collect_view()
        .into_any()
}
