//! The container lifecycle simulator: the seven states as a diagram, every container as a
//! card with the commands legal now, and the console — all over the lesson's one host.

use engine::host::{ContainerView, State};
use leptos::prelude::*;

use crate::i18n::tr;
use crate::lab::{EngineState, Lab};
use crate::prefs::use_prefs;
use crate::simulators::console::ConsoleView;
use crate::simulators::time::TimeControls;

/// `LifecycleView` ↔ `.lifecycle-view`.
#[component]
pub fn LifecycleView(lab: Lab) -> impl IntoView {
    lab.ensure_loaded();
    let image = RwSignal::new("nginx".to_string());
    let run_image = move |command: &str| {
        lab.run(&format!("docker {command} {}", image.get_untracked()));
    };
    // Keyed by the card's whole content: after a command only the cards that changed are
    // drawn again (redrawing all of them made a 20-container lab miss the 16 ms frame).
    let cards = move || {
        lab.snapshot
            .with(|s| s.containers.iter().rev().cloned().collect::<Vec<_>>())
    };
    let empty = move || lab.snapshot.with(|s| s.containers.is_empty());
    let body = move || {
        match lab.state.get() {
        EngineState::Ready => view! {
            <StateDiagram lab=lab/>
            <TimeControls lab=lab/>
            <div class="run-bar">
                <label class="visually-hidden" for="run-image">{tr(|u| u.image_label)}</label>
                <select id="run-image" on:change=move |ev| image.set(event_target_value(&ev))>
                    {["nginx", "redis", "alpine", "busybox", "hello-world", "postgres", "python", "node"]
                        .into_iter()
                        .map(|i| view! { <option value=i>{i}</option> })
                        .collect_view()}
                </select>
                <button type="button" class="tool-button" data-testid="run-detached"
                    on:click=move |_| run_image("run -d")>"docker run -d"</button>
                <button type="button" class="tool-button" on:click=move |_| run_image("create")>"docker create"</button>
                <button type="button" class="tool-button" data-testid="run-three" title=tr(|u| u.three_help)
                    on:click=move |_| { for _ in 0..3 { run_image("run -d"); } }>"×3"</button>
            </div>
            <ImageStrip lab=lab/>
            <div class="container-cards" data-testid="containers">
                {move || empty().then(|| view! { <p class="empty">{tr(|u| u.no_containers)}</p> })}
                <For each=cards key=card_key let(c)>
                    {container_card(lab, &c)}
                </For>
            </div>
            <ConsoleView lab=lab/>
        }
        .into_any(),
        EngineState::Failed(why) => view! {
            <div class="error-box" role="alert">
                <strong>{tr(|u| u.engine_failed)}</strong>
                <pre>{why}</pre>
            </div>
        }
        .into_any(),
        EngineState::Idle | EngineState::Loading => view! {
            <p class="engine-loading" role="status">{tr(|u| u.engine_loading)}</p>
        }
        .into_any(),
    }
    };
    view! {
        <section class="lifecycle-view" data-testid="lifecycle">
            {body}
        </section>
    }
}

fn card_key(c: &ContainerView) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    c.hash(&mut hasher);
    hasher.finish()
}

fn container_card(lab: Lab, c: &ContainerView) -> impl IntoView + use<> {
    let prefs = use_prefs();
    let name = c.name.clone();
    let state = c.state;
    let selected = {
        let name = name.clone();
        move || lab.selected.get().as_deref() == Some(name.as_str())
    };
    let buttons = c
        .actions
        .iter()
        .map(|action| {
            let reason = action.refusal.clone().map(|why| {
                if why.is_empty() {
                    prefs.lang.get_untracked().ui().no_change.to_string()
                } else {
                    why
                }
            });
            let run = action.command.clone();
            let blocked = reason.is_some();
            // aria-disabled, not disabled: a disabled button cannot take focus, and keyboard
            // users need to reach the reason too (shown on hover and on focus).
            view! {
                <button
                    type="button"
                    class="action"
                    class:blocked=blocked
                    data-action=action.action.clone()
                    aria-disabled=blocked.then_some("true")
                    data-reason=reason.clone()
                    title=reason.clone().unwrap_or_else(|| action.command.clone())
                    on:click=move |ev| {
                        ev.stop_propagation();
                        if !blocked {
                            lab.run(&run);
                        }
                    }
                >
                    {action.action.clone()}
                </button>
            }
        })
        .collect_view();
    let files = c.layer.clone();
    let select_name = name.clone();
    let write_line = format!("docker exec {name} sh -c 'echo hello > /tmp/hello.txt'");
    let running = state == State::Running;
    let has_files = !files.is_empty();
    let file_count = files.len();
    view! {
        <article
            class=format!("container-card state-{}", state.name())
            class:selected=selected
            data-testid="container-card"
            data-name=name.clone()
            data-state=state.name()
            on:click=move |_| lab.selected.set(Some(select_name.clone()))
        >
            <header>
                <strong class="container-name">{name.clone()}</strong>
                <span class="state-badge">{state.name()}</span>
            </header>
            <p class="container-meta">
                <code>{c.short_id().to_string()}</code>" · "{c.image.clone()}
                {(c.restart_count > 0).then(|| format!(" · restarts {}", c.restart_count))}
            </p>
            <p class="container-status">{c.status.clone()}</p>
            <div class="actions">
                {buttons}
                {running.then(|| view! {
                    <button type="button" class="action write" data-action="write" title=write_line.clone()
                        on:click=move |ev| { ev.stop_propagation(); lab.run(&write_line); }>
                        "✎ /tmp/hello.txt"
                    </button>
                })}
            </div>
            <details class="layer" open=has_files>
                <summary>{tr(|u| u.writable_layer)}" ("{file_count}")"</summary>
                <ul>
                    {files.into_iter().map(|(p, m)| view! { <li><span class="mark">{m}</span>" "<code>{p}</code></li> }).collect_view()}
                </ul>
            </details>
        </article>
    }
}

/// Where each state sits in the diagram (x, y of the box's top-left corner).
fn position(state: Option<State>) -> (f64, f64) {
    match state {
        Some(State::Created) => (8.0, 14.0),
        Some(State::Running) => (176.0, 14.0),
        Some(State::Paused) => (344.0, 14.0),
        Some(State::Restarting) => (8.0, 94.0),
        Some(State::Exited) => (176.0, 94.0),
        Some(State::Removing) => (176.0, 174.0),
        Some(State::Dead) => (344.0, 174.0),
        None => (8.0, 174.0),
    }
}

const W: f64 = 88.0;
const H: f64 = 30.0;

/// The seven states and the commands between them; the selected container's state is lit.
#[component]
fn StateDiagram(lab: Lab) -> impl IntoView {
    let current = move || {
        let selected = lab.selected.get();
        lab.snapshot.with(|s| {
            let chosen = match selected {
                Some(name) => s.containers.iter().find(|c| c.name == name),
                None => s.containers.last(),
            };
            chosen.map(|c| c.state)
        })
    };
    let counts = move |state: State| {
        lab.snapshot
            .with(|s| s.containers.iter().filter(|c| c.state == state).count())
    };
    // (from, to, label, two-way): the commands that move a container between states.
    let edges: [(Option<State>, Option<State>, &str, bool); 7] = [
        (Some(State::Created), Some(State::Running), "start", false),
        (Some(State::Running), Some(State::Paused), "pause ⇄ unpause", true),
        (
            Some(State::Running),
            Some(State::Exited),
            "↓ stop · kill · exit   ↑ start",
            true,
        ),
        (
            Some(State::Exited),
            Some(State::Restarting),
            "restart policy",
            false,
        ),
        (Some(State::Restarting), Some(State::Running), "", false),
        (Some(State::Exited), Some(State::Removing), "rm", false),
        (Some(State::Removing), Some(State::Dead), "fails", false),
    ];
    let edge_views = edges
        .into_iter()
        .chain([(Some(State::Removing), None, "", false)])
        .map(|(from, to, label, both)| {
            let (x1, y1) = center(position(from));
            let (x2, y2) = center(position(to));
            // Trim the line to the box edges.
            let (sx, sy, ex, ey) = clip(x1, y1, x2, y2);
            let (mx, my) = ((sx + ex) / 2.0, (sy + ey) / 2.0);
            let vertical = (sx - ex).abs() < 1.0;
            // Labels go beside vertical arrows and under the others, where the rows leave room.
            let (tx, ty, anchor) = if vertical {
                (mx + 5.0, my + 3.0, "start")
            } else {
                (mx, my + 13.0, "middle")
            };
            view! {
                <g class="edge">
                    <line x1=sx y1=sy x2=ex y2=ey marker-end="url(#arrow)"
                        marker-start=both.then_some("url(#arrow)")/>
                    <text x=tx y=ty text-anchor=anchor>{label}</text>
                </g>
            }
        })
        .collect_view();
    let nodes = State::ALL
        .into_iter()
        .map(Some)
        .chain([None])
        .map(|state| {
            let (x, y) = position(state);
            let label = state.map_or("(removed)", State::name);
            let lit = move || current() == state && state.is_some();
            view! {
                <g class="node" class:lit=lit class:gone=state.is_none()>
                    <rect x=x y=y width=W height=H rx="6"/>
                    <text x=x + W / 2.0 y=y + 19.0 text-anchor="middle">{label}</text>
                    {state.map(|s| view! {
                        <text class="count" x=x + W - 4.0 y=y - 3.0 text-anchor="end">
                            {move || { let n = counts(s); if n > 0 { format!("×{n}") } else { String::new() } }}
                        </text>
                    })}
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="state-diagram" data-testid="state-diagram">
            <svg viewBox="0 0 440 214" role="img" aria-labelledby="state-diagram-title">
                <title id="state-diagram-title">{tr(|u| u.diagram_title)}</title>
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z"/>
                    </marker>
                </defs>
                {edge_views}
                {nodes}
            </svg>
            <figcaption class="visually-hidden" aria-live="polite">
                {move || current().map(|s| s.name().to_string()).unwrap_or_default()}
            </figcaption>
        </figure>
    }
}

fn center((x, y): (f64, f64)) -> (f64, f64) {
    (x + W / 2.0, y + H / 2.0)
}

/// Shortens a centre-to-centre line so it starts and ends at the boxes' borders.
fn clip(x1: f64, y1: f64, x2: f64, y2: f64) -> (f64, f64, f64, f64) {
    let (dx, dy) = (x2 - x1, y2 - y1);
    let scale = |dx: f64, dy: f64| {
        let tx = if dx.abs() > 0.0 {
            (W / 2.0) / dx.abs()
        } else {
            f64::INFINITY
        };
        let ty = if dy.abs() > 0.0 {
            (H / 2.0) / dy.abs()
        } else {
            f64::INFINITY
        };
        tx.min(ty)
    };
    let t = scale(dx, dy);
    (x1 + dx * t, y1 + dy * t, x2 - dx * t, y2 - dy * t)
}

/// The local images: read-only layers shared by every container made from them. Writing
/// files in a container changes its own card, never this list.
#[component]
fn ImageStrip(lab: Lab) -> impl IntoView {
    let prefs = use_prefs();
    let images = move || {
        let ui = prefs.lang.get().ui();
        lab.snapshot.with(|s| {
            s.images
                .iter()
                .map(|img| {
                    let users = img.users;
                    view! {
                        <li data-testid="image">
                            <code>{img.reference.clone()}</code>
                            <span class="image-meta">
                                {format!("{} · {} · {}", img.short_id, ui.layers(img.layers), img.size)}
                            </span>
                            {(users > 0).then(|| view! { <span class="image-users">{format!("×{users}")}</span> })}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="image-strip">
            <h4>{tr(|u| u.images_heading)}</h4>
            <ul>{images}</ul>
        </div>
    }
}
