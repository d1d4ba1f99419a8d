//! The simulator panel beside a lesson part: for now a labelled placeholder per simulator.

use engine::Simulator;
use leptos::prelude::*;

use crate::i18n::tr;
use crate::lab::Lab;
use crate::prefs::use_prefs;
use crate::simulators::compose::ComposeView;
use crate::simulators::layers::LayersView;
use crate::simulators::lifecycle::LifecycleView;

/// The simulators that belong beside one part of a lesson.
#[component]
pub fn SimPanel(simulators: Vec<Simulator>) -> impl IntoView {
    let prefs = use_prefs();
    let ui = move || prefs.lang.get().ui();
    let lab = use_context::<Lab>();
    let cards = simulators
        .into_iter()
        .map(|sim| {
            match (sim, lab) {
                (Simulator::Lifecycle, Some(lab)) => return view! { <LifecycleView lab=lab/> }.into_any(),
                (Simulator::ImageLayers, Some(lab)) => return view! { <LayersView lab=lab/> }.into_any(),
                (Simulator::Compose, Some(lab)) => return view! { <ComposeView lab=lab/> }.into_any(),
                _ => {}
            }
            view! {
                <section class="sim-placeholder" data-testid="sim-placeholder" data-sim=sim.name()>
                    <h3 class="sim-name">
                        <span class="sim-icon" aria-hidden="true">{icon(sim)}</span>
                        {move || ui().simulator_name(sim)}
                    </h3>
                    <p class="sim-blurb">{move || ui().simulator_blurb(sim)}</p>
                    <p class="sim-soon">{tr(|u| u.coming_soon)}</p>
                </section>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <aside class="sim-panel" aria-label=move || ui().simulators>
            <h2 class="sim-panel-title">{tr(|u| u.simulators)}</h2>
            {cards}
        </aside>
    }
}

fn icon(sim: Simulator) -> &'static str {
    match sim {
        Simulator::ImageLayers => "▤",
        Simulator::Lifecycle => "⟳",
        Simulator::Compose => "⛓",
        Simulator::Kubernetes => "☸",
    }
}
