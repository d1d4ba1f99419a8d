//! A docker-like console over the lab's host: history (↑/↓), Tab completion, copyable output.

use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;

use crate::i18n::tr;
use crate::lab::{EngineState, Lab};

const SUBCOMMANDS: &[&str] = &[
    "build", "create", "exec", "history", "images", "inspect", "kill", "logs", "network", "pause", "ps",
    "pull", "restart", "rm", "run", "start", "stop", "unpause", "version", "volume", "wait",
];
const IMAGES: &[&str] = &[
    "hello-world",
    "alpine",
    "busybox",
    "nginx",
    "redis",
    "postgres",
    "python",
    "node",
];

/// The console: transcript above, a prompt below.
#[component]
pub fn ConsoleView(lab: Lab) -> impl IntoView {
    let input = RwSignal::new(String::new());
    let history_pos = RwSignal::new(None::<usize>);
    let input_ref = NodeRef::<html::Input>::new();
    let output_ref = NodeRef::<html::Div>::new();

    // Keep the newest output in view.
    Effect::new(move |_| {
        lab.transcript.track();
        if let Some(output) = output_ref.get() {
            output.set_scroll_top(output.scroll_height());
        }
    });

    let submit = move || {
        let line = input.get_untracked();
        input.set(String::new());
        history_pos.set(None);
        lab.run(&line);
    };

    let on_key = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Enter" => submit(),
        "ArrowUp" | "ArrowDown" => {
            ev.prevent_default();
            let journal = lab.journal.get_untracked();
            let commands: Vec<&String> = journal.iter().filter(|l| !l.starts_with("sleep ")).collect();
            if commands.is_empty() {
                return;
            }
            let next = match (ev.key().as_str(), history_pos.get_untracked()) {
                ("ArrowUp", None) => Some(commands.len() - 1),
                ("ArrowUp", Some(p)) => Some(p.saturating_sub(1)),
                ("ArrowDown", Some(p)) if p + 1 < commands.len() => Some(p + 1),
                _ => None,
            };
            history_pos.set(next);
            input.set(
                next.and_then(|p| commands.get(p))
                    .map(|s| (*s).clone())
                    .unwrap_or_default(),
            );
        }
        "Tab" => {
            ev.prevent_default();
            let names: Vec<String> = lab
                .snapshot
                .with_untracked(|s| s.containers.iter().map(|c| c.name.clone()).collect());
            input.update(|text| *text = complete(text, &names));
        }
        _ => {}
    };

    let lines = move || {
        lab.transcript
            .get()
            .into_iter()
            .map(|entry| {
                let failed = entry.outcome.exit != 0;
                view! {
                    <div class="console-entry" class:failed=failed>
                        <div class="console-cmd"><span class="prompt" aria-hidden="true">"$ "</span>{entry.line}</div>
                        {(!entry.outcome.merged.is_empty()).then(|| {
                            // Both streams in the order a terminal shows them.
                            let lines = entry
                                .outcome
                                .merged
                                .into_iter()
                                .map(|(stderr, line)| {
                                    let notice = stderr && line.starts_with("paperlab:");
                                    view! {
                                        <span class:err=stderr class:notice=notice>{line}"\n"</span>
                                    }
                                })
                                .collect_view();
                            view! { <pre class="console-out">{lines}</pre> }
                        })}
                    </div>
                }
            })
            .collect_view()
    };

    view! {
        <div class="console-view" data-testid="console">
            <div class="console-output" node_ref=output_ref role="log" aria-live="polite" tabindex="0"
                on:click=move |_| {
                    // A click in the output focuses the prompt, unless the learner is selecting text.
                    let selecting = window().get_selection().ok().flatten().is_some_and(|s| !s.is_collapsed());
                    if !selecting && let Some(el) = input_ref.get() { let _ = el.focus(); }
                }>
                <p class="console-hint">{tr(|u| u.console_hint)}</p>
                {lines}
            </div>
            <div class="console-prompt">
                <span class="prompt" aria-hidden="true">"$"</span>
                <input
                    node_ref=input_ref
                    disabled=move || lab.state.get() != EngineState::Ready
                    type="text"
                    data-testid="console-input"
                    aria-label=tr(|u| u.console_label)
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    prop:value=move || input.get()
                    on:input=move |ev| input.set(event_target_value(&ev))
                    on:keydown=on_key
                />
            </div>
        </div>
    }
}

/// Completes the last word of `line`: a docker subcommand after `docker`, else an image or a
/// container name. Completes to the longest common prefix when several match.
fn complete(line: &str, names: &[String]) -> String {
    let (head, word) = match line.rfind(' ') {
        Some(i) => (&line[..=i], &line[i + 1..]),
        None => ("", line),
    };
    let words: Vec<&str> = head.split_whitespace().collect();
    let candidates: Vec<String> = match words.as_slice() {
        [] => vec!["docker".to_string()],
        ["docker"] => SUBCOMMANDS.iter().map(|s| (*s).to_string()).collect(),
        ["docker", "run" | "create" | "pull", ..] => IMAGES.iter().map(|s| (*s).to_string()).collect(),
        _ => names.to_vec(),
    };
    let matching: Vec<&String> = candidates.iter().filter(|c| c.starts_with(word)).collect();
    let Some(first) = matching.first() else {
        return line.to_string();
    };
    let mut prefix = (*first).clone();
    for m in &matching[1..] {
        while !m.starts_with(prefix.as_str()) {
            prefix.pop();
        }
    }
    let done = matching.len() == 1;
    format!("{head}{prefix}{}", if done { " " } else { "" })
}

#[cfg(test)]
mod tests {
    use super::complete;

    #[test]
    fn tab_completes_subcommands_images_and_names() {
        let names = vec!["web".to_string(), "worker".to_string()];
        assert_eq!(complete("docker pa", &names), "docker pause ");
        assert_eq!(complete("docker run ng", &names), "docker run nginx ");
        assert_eq!(complete("docker stop w", &names), "docker stop w");
        assert_eq!(complete("docker stop we", &names), "docker stop web ");
        assert_eq!(
            complete("docker r", &names),
            "docker r",
            "run, restart, rm: nothing to add"
        );
        assert_eq!(complete("docker re", &names), "docker restart ");
        assert_eq!(complete("dock", &names), "docker ");
        assert_eq!(complete("docker zz", &names), "docker zz");
    }
}
