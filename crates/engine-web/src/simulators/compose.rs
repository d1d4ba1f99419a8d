//! The compose simulator (`ComposeView` ↔ `.compose-view`): a compose.yaml editor with
//! compose-go's messages at their lines, the file as a service graph laid out by the engine,
//! and `up` / `down` replayed tier by tier from the engine's progress on the virtual clock.

use std::time::Duration;

use engine::host::State;
use engine::host::compose::{ComposeRun, ComposeView as View, ServiceView};
use engine::host::compose_graph::{GraphPicture, NodeKind};
use leptos::prelude::*;

use crate::i18n::tr;
use crate::lab::{EngineState, Lab};
use crate::prefs::use_prefs;
use crate::simulators::layers::{SEED, write_line};

/// The paper's compose file (section 02).
pub const PAPER_COMPOSE: &str =
    "services:\n  api:\n    build: .\n    ports:\n      - \"8000:8000\"\n  redis:\n    image: redis:latest\n";

const FILE: &str = "compose.yaml";

/// `ComposeView` ↔ `.compose-view`.
#[component]
pub fn ComposeView(lab: Lab) -> impl IntoView {
    lab.ensure_loaded();
    let prefs = use_prefs();
    let draft = RwSignal::new(None::<String>);
    let host_text = move || {
        lab.snapshot
            .with(|s| s.files.iter().find(|(n, _)| n == FILE).map(|(_, t)| t.clone()))
    };
    let text = Memo::new(move |_| draft.get().or_else(host_text).unwrap_or_default());
    // First visit: the paper's compose file, and the app it builds if section 01 has not
    // already put it there.
    Effect::new(move |_| {
        if lab.state.get() != EngineState::Ready {
            return;
        }
        let (has_compose, has_dockerfile) = lab.snapshot.with(|s| {
            (
                s.files.iter().any(|(n, _)| n == FILE),
                s.files.iter().any(|(n, _)| n == "Dockerfile"),
            )
        });
        if !has_dockerfile {
            for (name, content) in SEED {
                lab.run(&write_line(name, content));
            }
        }
        if !has_compose {
            lab.run(&write_line(FILE, PAPER_COMPOSE));
        }
    });
    let show_networks = RwSignal::new(true);
    let show_volumes = RwSignal::new(true);
    let show_ports = RwSignal::new(true);
    // Shrink a wide graph to the panel's width (an overview), or keep it full size and scroll.
    let fit = RwSignal::new(false);
    // The draft's problems or graph, with the host's containers (so it follows every command).
    let preview = Memo::new(move |_| {
        lab.snapshot.track();
        if lab.state.get() != EngineState::Ready {
            return None;
        }
        lab.compose_preview(&text.get(), show_networks.get(), show_volumes.get())
    });
    let save_and_run = move |command: &str| {
        if let Some(t) = draft.get_untracked()
            && host_text().as_deref() != Some(t.as_str())
        {
            lab.run(&write_line(FILE, &t));
        }
        draft.set(None);
        lab.run(command);
    };
    // Replaying the last compose run: how many of its steps are shown (None = live states).
    let played = RwSignal::new(None::<usize>);
    let run = Memo::new(move |_| lab.snapshot.with(|s| s.compose_run.clone()));
    let generation = StoredValue::new(0_u32);
    Effect::new(move |previous: Option<Option<ComposeRun>>| {
        let current = run.get();
        // The first sight of a run (a reload) shows the end state; a new run plays.
        if let Some(Some(_)) | Some(None) = previous.as_ref()
            && let Some(r) = &current
        {
            start_replay(r.clone(), played, generation);
        }
        current
    });
    let problems = move || preview.with(|p| p.as_ref().map(|(v, _)| v.problems.clone()).unwrap_or_default());
    let gutter = move || {
        let lines = text.get().lines().count().max(1);
        let bad: Vec<usize> = problems().iter().map(|p| p.0).collect();
        let mut html = String::new();
        for n in 1..=lines {
            if bad.contains(&n) {
                html.push_str(&format!("<span class=\"bad\">{n}\n</span>"));
            } else {
                html.push_str(&format!("{n}\n"));
            }
        }
        html
    };
    let problem_list = move || {
        let list = problems();
        (!list.is_empty()).then(|| {
            view! {
                <ul class="compose-problems" role="alert" data-testid="compose-problems">
                    {list
                        .into_iter()
                        .map(|(line, _, message)| {
                            let at = if line > 0 { format!("{FILE}:{line}") } else { FILE.to_string() };
                            view! { <li><code class="where">{at}</code>" "<span class="message">{message}</span></li> }
                        })
                        .collect_view()}
                </ul>
            }
        })
    };
    let graph = move || {
        let ui = prefs.lang.get().ui();
        preview.with(|p| {
            let (view, picture) = p.as_ref()?;
            if !view.problems.is_empty() {
                return None;
            }
            Some(draw(
                view,
                picture,
                show_ports.get(),
                played.get(),
                run.get(),
                lab,
                ui,
            ))
        })
    };
    let filter =
        move |signal: RwSignal<bool>, label: fn(&crate::i18n::Ui) -> &'static str, id: &'static str| {
            view! {
                <label class="filter">
                    <input type="checkbox" data-testid=id prop:checked=move || signal.get()
                        on:change=move |ev| signal.set(event_target_checked(&ev))/>
                    {tr(label)}
                </label>
            }
        };
    let ready = move || lab.state.get() == EngineState::Ready;
    view! {
        <section class="compose-view" class:fit=move || fit.get() data-testid="compose">
            <div class="editor-frame">
                <pre class="gutter" aria-hidden="true" inner_html=gutter></pre>
                <div class="editor-area">
                    <textarea
                        class="file-editor plain"
                        data-testid="compose-editor"
                        spellcheck="false"
                        wrap="off"
                        aria-label=FILE
                        aria-invalid=move || (!problems().is_empty()).then_some("true")
                        aria-describedby="compose-problems"
                        rows=move || (text.get().lines().count() + 1).max(6).to_string()
                        prop:value=move || text.get()
                        on:input=move |ev| draft.set(Some(event_target_value(&ev)))
                    ></textarea>
                </div>
            </div>
            <div id="compose-problems">{problem_list}</div>
            <div class="compose-bar">
                <button type="button" class="tool-button" data-testid="compose-up" disabled=move || !ready()
                    on:click=move |_| save_and_run("docker compose up -d")>"docker compose up -d"</button>
                <button type="button" class="tool-button" data-testid="compose-down" disabled=move || !ready()
                    on:click=move |_| save_and_run("docker compose down")>"docker compose down"</button>
                <span class="filters" role="group" aria-label=tr(|u| u.compose_show)>
                    {filter(show_ports, |u| u.compose_ports, "show-ports")}
                    {filter(show_networks, |u| u.compose_networks, "show-networks")}
                    {filter(show_volumes, |u| u.compose_volumes, "show-volumes")}
                    {filter(fit, |u| u.compose_fit, "fit-graph")}
                </span>
            </div>
            {graph}
        </section>
    }
}

/// Plays a run's steps one by one, spaced like their virtual times (each gap between 60 and
/// 450 ms of real time, so a 3-second health wait reads as a pause, not a stall).
fn start_replay(run: ComposeRun, played: RwSignal<Option<usize>>, generation: StoredValue<u32>) {
    let mine = generation.get_value().wrapping_add(1);
    generation.set_value(mine);
    played.set(Some(0));
    fn tick(
        run: ComposeRun,
        n: usize,
        played: RwSignal<Option<usize>>,
        generation: StoredValue<u32>,
        mine: u32,
    ) {
        if generation.get_value() != mine {
            return;
        }
        if n >= run.steps.len() {
            played.set(None);
            return;
        }
        played.set(Some(n + 1));
        let gap = match (run.steps.get(n), run.steps.get(n + 1)) {
            (Some(a), Some(b)) => b.at_ms.saturating_sub(a.at_ms).clamp(60, 450),
            _ => 300,
        };
        set_timeout(
            move || tick(run, n + 1, played, generation, mine),
            Duration::from_millis(gap),
        );
    }
    tick(run, 0, played, generation, mine);
}

/// The word shown under a service: while a run replays, its containers' latest progress
/// (`Waiting`, `Started`, `Healthy`); otherwise their live state.
fn service_status(
    view: &View,
    s: &ServiceView,
    played: Option<usize>,
    run: Option<&ComposeRun>,
    ui: &crate::i18n::Ui,
) -> (String, &'static str) {
    if let (Some(n), Some(run)) = (played, run) {
        let prefix = format!("Container {}-{}-", view.project, s.name);
        let status = run.steps[..n.min(run.steps.len())]
            .iter()
            .rev()
            .find(|step| step.resource.starts_with(&prefix))
            .map(|step| step.status.clone());
        return match status {
            Some(word) => {
                let class = match word.as_str() {
                    "Started" | "Running" | "Healthy" => "up",
                    "Error" => "bad",
                    "Removed" | "Stopped" => "down",
                    _ => "busy",
                };
                (word, class)
            }
            None => ("·".to_string(), "idle"),
        };
    }
    if s.containers.is_empty() {
        return (ui.compose_not_created.to_string(), "idle");
    }
    let running = s.containers.iter().filter(|c| c.1 == State::Running).count();
    let total = s.containers.len();
    let health = s.containers.iter().find_map(|c| c.2.clone());
    let mut word = format!("running {running}/{total}");
    let mut class = if running == total { "up" } else { "down" };
    match health.as_deref() {
        Some("starting") => {
            // Running is not ready: the healthcheck has not passed yet.
            word.push_str(&format!(" · {}", ui.compose_not_ready));
            class = "busy";
        }
        Some(h) => word.push_str(&format!(" · {h}")),
        None => {}
    }
    (word, class)
}

fn draw(
    view: &View,
    picture: &GraphPicture,
    ports: bool,
    played: Option<usize>,
    run: Option<ComposeRun>,
    lab: Lab,
    ui: &'static crate::i18n::Ui,
) -> AnyView {
    // The drawing is one SVG string: a 200-service graph is ~1,000 elements, which as
    // reactive views took a third of a second to build; as markup it is parsed natively.
    let svg = svg_markup(view, picture, ports, played, run.as_ref(), ui);
    let many = view.services.len() > 20;
    let containers = view
        .services
        .iter()
        .filter(|s| !many || !s.containers.is_empty())
        .map(|s| {
            let service = s.name.clone();
            let replicas = s.replicas;
            let chips = s
                .containers
                .iter()
                .map(|(name, state, _)| {
                    let target = name.clone();
                    view! {
                        <button type="button" class=format!("container-chip state-{}", state.name())
                            title=tr(|u| u.compose_show_card)
                            on:click=move |_| show_card(lab, &target)>{name.clone()}</button>
                    }
                })
                .collect_view();
            let scale = move |n: u32| format!("docker compose up -d --scale {service}={n}");
            let (more, less) = (scale(replicas + 1), scale(replicas.saturating_sub(1)));
            let more_title = more.clone();
            let less_title = less.clone();
            view! {
                <li data-testid="compose-service-row">
                    <code>{s.name.clone()}</code>
                    <span class="chips">{chips}</span>
                    <span class="scale">
                        <button type="button" class="tool-button" title=less_title aria-label=less.clone()
                            disabled=replicas == 0 on:click=move |_| { lab.run(&less); }>"−"</button>
                        <button type="button" class="tool-button" title=more_title aria-label=more.clone()
                            on:click=move |_| { lab.run(&more); }>"+"</button>
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <figure class="compose-graph" data-testid="compose-graph">
            <div class="graph-scroll" inner_html=svg></div>
            <figcaption class="graph-legend">{ui.compose_legend}</figcaption>
            <ul class="compose-services">{containers}</ul>
        </figure>
    }
    .into_any()
}

/// The graph as SVG markup: edges under nodes; services with their badge, ports, replicas and
/// status; networks as pills and volumes as boxes. Every node can take keyboard focus and
/// carries a sentence for screen readers.
fn svg_markup(
    view: &View,
    picture: &GraphPicture,
    ports: bool,
    played: Option<usize>,
    run: Option<&ComposeRun>,
    ui: &crate::i18n::Ui,
) -> String {
    use std::fmt::Write;
    let width = picture.width.max(100.0);
    let height = picture.height.max(40.0);
    let mut out = String::with_capacity(256 + picture.nodes.len() * 400);
    let _ = write!(
        out,
        "<svg viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" role=\"group\" aria-label=\"{}\">\
         <defs><marker id=\"compose-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" \
         markerHeight=\"6\" orient=\"auto\"><path d=\"M 0 0 L 10 5 L 0 10 z\"/></marker></defs>",
        esc(ui.compose_graph_label)
    );
    for e in &picture.edges {
        let mut d = String::new();
        for (i, (x, y)) in e.points.iter().enumerate() {
            let _ = write!(d, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { " L" });
        }
        let label = match e.condition.as_str() {
            "service_healthy" => "healthy",
            "service_completed_successfully" => "completed",
            "service_started" => "started",
            _ => "",
        };
        if label.is_empty() {
            let _ = write!(out, "<g class=\"edge link\"><path d=\"{d}\"/></g>");
        } else {
            // Beside the start of the arrow: edges meeting at one node keep their labels apart.
            let (mx, my) = e.points.first().copied().unwrap_or_default();
            let _ = write!(
                out,
                "<g class=\"edge depends\" data-condition=\"{}\"><path d=\"{d}\" marker-end=\"url(#compose-arrow)\"/>\
                 <text class=\"edge-label\" x=\"{:.1}\" y=\"{:.1}\">{label}</text></g>",
                e.condition,
                mx + 4.0,
                my + 13.0
            );
        }
    }
    for n in &picture.nodes {
        let (x, y, w, h) = (n.x, n.y, n.width, n.height);
        match n.kind {
            NodeKind::Service => {
                let Some(s) = view.services.iter().find(|s| s.name == n.key) else {
                    continue;
                };
                let (status, class) = service_status(view, s, played, run, ui);
                let badge = if s.build {
                    format!("build · {}", s.image)
                } else {
                    s.image.clone()
                };
                let _ = write!(
                    out,
                    "<g class=\"node service {class}\" tabindex=\"0\" role=\"img\" aria-label=\"{}\" \
                     data-testid=\"compose-node\" data-service=\"{}\" data-status=\"{}\">\
                     <rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"8\"/>\
                     <text class=\"name\" x=\"{:.1}\" y=\"{:.1}\">{}</text>\
                     <text class=\"badge\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                    esc(&describe(s, ui)),
                    esc(&s.name),
                    esc(&status),
                    x + 10.0,
                    y + 18.0,
                    esc(&s.name),
                    x + 10.0,
                    y + 34.0,
                    esc(&badge)
                );
                if s.replicas != 1 {
                    let _ = write!(
                        out,
                        "<text class=\"replicas\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">×{}</text>",
                        x + w - 8.0,
                        y + 18.0,
                        s.replicas
                    );
                }
                if ports && !s.ports.is_empty() {
                    let _ = write!(
                        out,
                        "<text class=\"ports\" x=\"{:.1}\" y=\"{:.1}\">⇄ {}</text>",
                        x + 10.0,
                        y + 49.0,
                        esc(&s.ports.join(", "))
                    );
                }
                let _ = write!(
                    out,
                    "<text class=\"status\" x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
                    x + 10.0,
                    y + h - 9.0,
                    esc(&status)
                );
            }
            NodeKind::Network | NodeKind::Volume => {
                let network = n.kind == NodeKind::Network;
                let list = if network { &view.networks } else { &view.volumes };
                let name = list
                    .iter()
                    .find(|(k, _)| *k == n.key)
                    .map_or(n.key.as_str(), |(_, full)| full.as_str());
                let _ = write!(
                    out,
                    "<g class=\"node {}\" tabindex=\"0\" role=\"img\" aria-label=\"{} {}\">\
                     <rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"{}\"/>\
                     <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{} {}</text></g>",
                    if network { "network" } else { "volume" },
                    if network {
                        ui.compose_network
                    } else {
                        ui.compose_volume
                    },
                    esc(name),
                    if network { 15 } else { 3 },
                    x + w / 2.0,
                    y + 19.0,
                    if network { "⇆" } else { "⛁" },
                    esc(name)
                );
            }
        }
    }
    out.push_str("</svg>");
    out
}

/// Text for markup.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A screen reader's sentence for a service node.
fn describe(s: &ServiceView, ui: &crate::i18n::Ui) -> String {
    let mut parts = vec![s.name.clone()];
    parts.push(if s.build {
        format!("{} {}", ui.compose_built, s.image)
    } else {
        format!("image {}", s.image)
    });
    if !s.ports.is_empty() {
        parts.push(format!("ports {}", s.ports.join(", ")));
    }
    for (dep, condition, _) in &s.depends_on {
        parts.push(format!("{} {dep} ({condition})", ui.compose_depends));
    }
    parts.push(format!("×{}", s.replicas));
    parts.join(", ")
}

/// Selects a container in the lifecycle view and scrolls its card into sight.
fn show_card(lab: Lab, name: &str) {
    lab.selected.set(Some(name.to_string()));
    let selector = format!("[data-testid=container-card][data-name=\"{name}\"]");
    if let Ok(Some(card)) = document().query_selector(&selector) {
        card.scroll_into_view();
    }
}
