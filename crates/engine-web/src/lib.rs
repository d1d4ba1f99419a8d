//! The simulators: the simulated Docker host and the views over it (layers, lifecycle,
//! compose, console), built as their own wasm module that the lesson app fetches when a
//! simulator first appears, so reading a paper never waits for them.
//!
//! The app calls [`mount`] with an element, the lesson and its simulators, and keeps the
//! returned [`Mounted`] until the part changes; [`set_lang`] follows its language toggle.
//! Scripts/build-engine.sh builds it; `src/labs.rs` in the app loads it.

mod engine_link;
mod i18n;
mod lab;
mod prefs;
mod simulators;
mod weblab;

use std::cell::RefCell;

use engine::Simulator;
use leptos::prelude::*;
use wasm_bindgen::prelude::wasm_bindgen;

pub use weblab::WebLab;

use crate::lab::Lab;
use crate::simulators::compose::ComposeView;
use crate::simulators::layers::LayersView;
use crate::simulators::lifecycle::LifecycleView;

thread_local! {
    /// One lab per lesson, for the whole visit: a lab outlives the part that showed it.
    static LABS: RefCell<Vec<(&'static str, Lab)>> = const { RefCell::new(Vec::new()) };
}

fn lab(slug: &str) -> Lab {
    LABS.with(|labs| {
        let mut labs = labs.borrow_mut();
        if let Some((_, lab)) = labs.iter().find(|(s, _)| *s == slug) {
            return *lab;
        }
        // Lives as long as the page: one short string per lesson visited.
        let slug: &'static str = Box::leak(slug.to_string().into_boxed_str());
        let lab = Lab::new(slug);
        labs.push((slug, lab));
        lab
    })
}

/// A mounted set of simulators; dropping or [`Mounted::unmount`] takes them off the page.
#[wasm_bindgen]
pub struct Mounted {
    handle: Option<leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>>,
}

#[wasm_bindgen]
impl Mounted {
    /// Takes the simulators off the page (the lab and its journal stay).
    pub fn unmount(&mut self) {
        self.handle = None;
    }
}

/// Mounts the simulators named in `sims` (`layers,lifecycle`) for lesson `slug` into `el`,
/// in language `lang` (`ko` / `en`).
#[wasm_bindgen]
pub fn mount(el: web_sys::HtmlElement, slug: &str, sims: &str, lang: &str) -> Mounted {
    install_panic_panel();
    prefs::set_lang(lang);
    let lab = lab(slug);
    let sims: Vec<Simulator> = sims.split(',').filter_map(Simulator::from_name).collect();
    let handle = leptos::mount::mount_to(el, move || {
        sims.into_iter()
            .map(|sim| match sim {
                Simulator::Lifecycle => view! { <LifecycleView lab=lab/> }.into_any(),
                Simulator::ImageLayers => view! { <LayersView lab=lab/> }.into_any(),
                Simulator::Compose => view! { <ComposeView lab=lab/> }.into_any(),
                Simulator::Kubernetes => ().into_any(),
            })
            .collect_view()
            .into_any()
    });
    Mounted { handle: Some(handle) }
}

/// Follows the app's language toggle.
#[wasm_bindgen]
pub fn set_lang(lang: &str) {
    prefs::set_lang(lang);
}

/// A panic in this module kills it: show the app's error panel, as the app itself does.
fn install_panic_panel() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.clone().into());
        let document = leptos::prelude::document();
        if let Some(detail) = document.get_element_by_id("boot-error-detail") {
            detail.set_text_content(Some(&message));
        }
        if let Some(panel) = document.get_element_by_id("boot-error") {
            let _ = panel.remove_attribute("hidden");
        }
    }));
}
