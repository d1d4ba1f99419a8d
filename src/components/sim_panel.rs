//! The simulator panel beside a lesson part. The simulators themselves live in their own
//! module ([`crate::labs`]), fetched the first time a panel appears and mounted into it; a
//! simulator not built yet (kubernetes) is a labelled placeholder.

use engine::Simulator;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::i18n::tr;
use crate::labs::{Labs, unmount};
use crate::prefs::use_prefs;

/// Where the simulators module stands for one panel.
#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Ready,
    Failed(String),
}

/// The simulators that belong beside one part of lesson `slug`.
#[component]
pub fn SimPanel(slug: &'static str, simulators: Vec<Simulator>) -> impl IntoView {
    let prefs = use_prefs();
    let ui = move || prefs.lang.get().ui();
    let live: Vec<Simulator> = simulators
        .iter()
        .copied()
        .filter(|s| *s != Simulator::Kubernetes)
        .collect();
    let placeholders = simulators
        .into_iter()
        .filter(|s| *s == Simulator::Kubernetes)
        .map(|sim| {
            view! {
                <section class="sim-placeholder" data-testid="sim-placeholder" data-sim=sim.name()>
                    <h3 class="sim-name">
                        <span class="sim-icon" aria-hidden="true">"☸"</span>
                        {move || ui().simulator_name(sim)}
                    </h3>
                    <p class="sim-blurb">{move || ui().simulator_blurb(sim)}</p>
                    <p class="sim-soon">{tr(|u| u.coming_soon)}</p>
                </section>
            }
        })
        .collect_view();
    let host = NodeRef::<Div>::new();
    let state = RwSignal::new(Load::Loading);
    let module = StoredValue::new_local(None::<Labs>);
    let handle = StoredValue::new_local(None::<JsValue>);
    let alive = StoredValue::new(true);
    let names = live.iter().map(|s| s.name()).collect::<Vec<_>>().join(",");
    let wanted = !live.is_empty();
    Effect::new(move |_| {
        let Some(el) = host.get() else {
            return;
        };
        if !wanted || handle.try_with_value(Option::is_some).unwrap_or(true) {
            return;
        }
        let names = names.clone();
        let el: web_sys::HtmlElement = el.into();
        leptos::task::spawn_local(async move {
            match Labs::load().await {
                // The panel may be gone by the time the module arrives (the learner moved on).
                Ok(labs) => {
                    if !alive.try_get_value().unwrap_or(false) {
                        return;
                    }
                    let lang = prefs
                        .lang
                        .try_get_untracked()
                        .unwrap_or(crate::i18n::Lang::Ko)
                        .code();
                    let mounted = labs.mount(&el, slug, &names, lang);
                    module.try_set_value(Some(labs));
                    if let Some(Some(h)) = handle.try_set_value(mounted) {
                        unmount(&h);
                    }
                    state.try_set(Load::Ready);
                }
                Err(why) => {
                    state.try_set(Load::Failed(why));
                }
            }
        });
    });
    // The mounted simulators follow the language toggle.
    Effect::new(move |_| {
        let lang = prefs.lang.get().code();
        module.with_value(|m| {
            if let Some(m) = m {
                m.set_lang(lang);
            }
        });
    });
    on_cleanup(move || {
        alive.try_set_value(false);
        if let Some(Some(h)) = handle.try_update_value(Option::take) {
            unmount(&h);
        }
    });
    let status = move || match state.get() {
        Load::Loading => {
            view! { <p class="sim-loading" role="status">{tr(|u| u.engine_loading)}</p> }.into_any()
        }
        Load::Failed(why) => view! {
            <div class="error-box" role="alert" data-testid="sim-load-error">
                <strong>{tr(|u| u.engine_failed)}</strong>
                <pre>{why}</pre>
            </div>
        }
        .into_any(),
        Load::Ready => ().into_any(),
    };
    view! {
        <aside class="sim-panel" aria-label=move || ui().simulators>
            <h2 class="sim-panel-title">{tr(|u| u.simulators)}</h2>
            {wanted.then_some(status)}
            <div class="sim-host" node_ref=host></div>
            {placeholders}
        </aside>
    }
}
