//! The image-layers simulator (`LayersView` ↔ `.layers-view`): edit the Dockerfile and its
//! build context, build, and watch the layer stack with each step CACHED or re-run and why.

use leptos::prelude::*;

use engine::dockerfile::highlight;

use crate::i18n::tr;
use crate::lab::{EngineState, Lab};
use crate::prefs::use_prefs;
use crate::simulators::elided;
use crate::simulators::stacks::ImageStacks;

/// The paper's Dockerfile (section 02) and a context it can build: a small web app, so the
/// compose view's `api` service keeps running.
pub(crate) const SEED: &[(&str, &str)] = &[
    (
        "Dockerfile",
        "FROM python:3.10\nCOPY . /app\nWORKDIR /app\nRUN pip install -r requirements.txt\nCMD [\"python\", \"main.py\"]\n",
    ),
    (
        "main.py",
        "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route(\"/\")\ndef hello():\n    return \"hello from the container\"\n\n\nprint(\"serving on port 8000\")\napp.run(host=\"0.0.0.0\", port=8000)\n",
    ),
    ("requirements.txt", "flask\n"),
];

const TAG: &str = "myapp";

/// A console line that writes `text` to `name` exactly (printf with escapes, single-quoted).
pub(crate) fn write_line(name: &str, text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "%%")
        .replace('\n', "\\n")
        .replace('\'', "'\\''");
    format!("printf '{escaped}' > {name}")
}

/// `LayersView` ↔ `.layers-view`.
#[component]
pub fn LayersView(lab: Lab) -> impl IntoView {
    lab.ensure_loaded();
    let prefs = use_prefs();
    let file = RwSignal::new("Dockerfile".to_string());
    // What the editor shows: the host's file, or the learner's unsaved edit of it.
    let drafts = RwSignal::new(Vec::<(String, String)>::new());
    let host_file = move |name: &str| {
        lab.snapshot
            .with(|s| s.files.iter().find(|(n, _)| n == name).map(|(_, t)| t.clone()))
    };
    let text = Memo::new(move |_| {
        let name = file.get();
        drafts
            .with(|d| d.iter().find(|(n, _)| *n == name).map(|(_, t)| t.clone()))
            .or_else(|| host_file(&name))
            .unwrap_or_default()
    });
    // First visit: put the paper's files in the (empty) project folder.
    Effect::new(move |_| {
        if lab.state.get() == EngineState::Ready && lab.snapshot.with(|s| s.files.is_empty()) {
            for (name, content) in SEED {
                lab.run(&write_line(name, content));
            }
        }
    });
    let build = move |_| {
        for (name, content) in drafts.get_untracked() {
            if host_file(&name).as_deref() != Some(content.as_str()) {
                lab.run(&write_line(&name, &content));
            }
        }
        drafts.set(Vec::new());
        lab.run(&format!("docker build -t {TAG} ."));
    };
    let tabs = move || {
        SEED.iter()
            .map(|(name, _)| {
                let name = (*name).to_string();
                let current = {
                    let name = name.clone();
                    move || file.get() == name
                };
                let choose = name.clone();
                view! {
                    <button type="button" role="tab" class="file-tab" class:current=current.clone()
                        aria-selected=move || current().to_string()
                        on:click=move |_| file.set(choose.clone())>{name.clone()}</button>
                }
            })
            .collect_view()
    };
    let steps = move || {
        let ui = prefs.lang.get().ui();
        lab.snapshot.with(|s| {
            s.last_build.as_ref().map(|report| {
                let hidden = elided(report.steps.len(), 120, 30);
                let cached = report.steps.iter().filter(|s| s.cached).count();
                let rows = report
                    .steps
                    .iter()
                    .enumerate()
                    .filter(|(n, _)| !hidden.as_ref().is_some_and(|h| h.contains(n)))
                    .map(|(n, step)| {
                        let verdict = match (&step.reason, step.cached) {
                            (_, true) => ui.cached.to_string(),
                            (Some(why), false) => format!("{} — {}", ui.rerun, ui.miss_reason(why)),
                            (None, false) => ui.rerun.to_string(),
                        };
                        let gap = (hidden.as_ref().map(|h| h.end) == Some(n)).then(|| {
                            let count = hidden.as_ref().map_or(0, ExactSizeIterator::len);
                            view! { <li class="elided">{ui.more_rows.replace("{n}", &count.to_string())}</li> }
                        });
                        view! {
                            {gap}
                            <li class="build-step" class:cached=step.cached data-testid="build-step"
                                style=format!("--i: {}", n.min(40))>
                                <code class="step-label">{format!("[{}]", step.label)}</code>
                                <code class="step-instruction">{step.instruction.clone()}</code>
                                <span class="step-verdict">{verdict}</span>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <p class="build-summary" data-testid="build-summary"
                        data-steps=report.steps.len() data-cached=cached>
                        {ui.build_summary
                            .replace("{n}", &report.steps.len().to_string())
                            .replace("{cached}", &cached.to_string())
                            .replace("{ran}", &(report.steps.len() - cached).to_string())}
                    </p>
                    <ol class="build-steps" data-testid="build-steps">{rows}</ol>
                }
            })
        })
    };
    // Measured by the engine on copies of the host, again only when a file changes.
    let files = Memo::new(move |_| lab.snapshot.with(|s| s.files.clone()));
    let comparison = RwSignal::new(None);
    Effect::new(move |_| {
        files.track();
        if lab.state.get() == EngineState::Ready {
            comparison.set(lab.compare_cache_cost());
        }
    });
    let cost = move || {
        let ui = prefs.lang.get().ui();
        comparison.get().map(|c| {
            let seconds = |ms: u64| format!("{}.{}s", ms / 1000, ms / 100 % 10);
            let apply = write_line("Dockerfile", &c.reordered_text);
            view! {
                <div class="cost-compare" data-testid="cost-compare">
                    <p class="cost-title">{ui.cost_title.replace("{file}", &c.edited)}</p>
                    <div class="cost-pair">
                        <div class="cost now">
                            <span>{ui.cost_now}</span>
                            <strong>{ui.cost_steps.replace("{n}", &c.current.steps.to_string())}" · "{seconds(c.current.ms)}</strong>
                        </div>
                        <div class="cost after">
                            <span>{ui.cost_reordered}</span>
                            <strong>{ui.cost_steps.replace("{n}", &c.reordered.steps.to_string())}" · "{seconds(c.reordered.ms)}</strong>
                        </div>
                    </div>
                    <button type="button" class="tool-button" data-testid="apply-reorder"
                        on:click=move |_| { drafts.set(Vec::new()); lab.run(&apply); }>{ui.cost_apply}</button>
                </div>
            }
        })
    };
    // About the Dockerfile as the editor shows it (an unsaved edit included).
    let hint = move || {
        let draft = drafts.with(|d| d.iter().find(|(n, _)| n == "Dockerfile").map(|(_, t)| t.clone()));
        let dockerfile = draft.or_else(|| host_file("Dockerfile")).unwrap_or_default();
        copy_all_before_install(&dockerfile)
    };
    // The Dockerfile is checked as it is typed: BuildKit's message at its line.
    let problem = Memo::new(move |_| {
        if file.get() == "Dockerfile" && lab.state.get() == EngineState::Ready {
            lab.check_dockerfile(&text.get())
        } else {
            None
        }
    });
    // Line numbers and the coloured copy under the textarea are plain HTML strings: a
    // 5,000-line Dockerfile re-renders as two strings, not tens of thousands of nodes.
    let gutter = move || {
        let lines = text.get().lines().count().max(1);
        let bad = problem.get().map(|(line, _)| line as usize);
        let mut html = String::with_capacity(lines * 5);
        for n in 1..=lines {
            if bad == Some(n) {
                html.push_str(&format!("<span class=\"bad\">{n}\n</span>"));
            } else {
                html.push_str(&format!("{n}\n"));
            }
        }
        html
    };
    let coloured = move || {
        let source = text.get();
        if file.get() == "Dockerfile" {
            highlight::to_html(&source)
        } else {
            highlight::plain_html(&source)
        }
    };
    view! {
        <section class="layers-view" data-testid="layers">
            <div class="file-tabs" role="tablist">{tabs}</div>
            <div class="editor-frame">
            <pre class="gutter" aria-hidden="true" inner_html=gutter></pre>
            <div class="editor-area">
            <pre class="editor-colour" aria-hidden="true" inner_html=coloured></pre>
            <textarea
                class="file-editor"
                data-testid="file-editor"
                spellcheck="false"
                wrap="off"
                rows=move || (text.get().lines().count() + 1).max(5).to_string()
                aria-label=move || file.get()
                aria-invalid=move || problem.get().is_some().then_some("true")
                aria-describedby="dockerfile-problem"
                prop:value=move || text.get()
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    let name = file.get_untracked();
                    drafts.update(|d| {
                        d.retain(|(n, _)| *n != name);
                        d.push((name, value));
                    });
                }
            ></textarea>
            </div>
            </div>
            <p id="dockerfile-problem" class="editor-problem" role="alert" data-testid="editor-problem">
                {move || problem.get().map(|(_, message)| message)}
            </p>
            <div class="build-bar">
                <button type="button" class="tool-button" data-testid="build"
                    disabled=move || lab.state.get() != EngineState::Ready
                    on:click=build>{format!("docker build -t {TAG} .")}</button>
            </div>
            {move || hint().then(|| view! { <p class="cache-hint" data-testid="cache-hint">{tr(|u| u.cache_hint)}</p> })}
            {cost}
            {steps}
            <ImageStacks lab=lab preferred="myapp:latest" />
        </section>
    }
}

/// Whether the Dockerfile copies the whole context before installing dependencies, so any
/// source edit re-runs the install (the paper's Dockerfile does).
fn copy_all_before_install(dockerfile: &str) -> bool {
    let lines: Vec<String> = dockerfile.lines().map(|l| l.trim().to_lowercase()).collect();
    let copy_all = lines
        .iter()
        .position(|l| l.starts_with("copy . ") || l.starts_with("add . "));
    let install = lines.iter().position(|l| {
        l.starts_with("run ")
            && [
                "pip install",
                "npm install",
                "npm ci",
                "bundle install",
                "go mod download",
            ]
            .iter()
            .any(|k| l.contains(k))
    });
    matches!((copy_all, install), (Some(c), Some(i)) if c < i)
}

#[cfg(test)]
mod tests {
    use super::{copy_all_before_install, write_line};

    #[test]
    fn the_papers_dockerfile_gets_the_cache_hint_and_the_reordered_one_does_not() {
        assert!(copy_all_before_install(super::SEED[0].1));
        let better = "FROM python:3.10\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n";
        assert!(!copy_all_before_install(better));
    }

    #[test]
    fn files_are_written_by_an_exact_printf_line() {
        assert_eq!(write_line("a", "it's 100%\n"), "printf 'it'\\''s 100%%\\n' > a");
    }
}
