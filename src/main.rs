//! paperlab in the browser: mounts the app and turns a panic into a visible error panel.

mod app;
mod components;
mod content;
// One string table for the app and the simulators module (crates/engine-web includes it
// too): each side leaves the other's strings unused.
#[allow(dead_code)]
mod i18n;
mod labs;
mod links;
mod pages;
mod prefs;
mod progress;

use wasm_bindgen::prelude::wasm_bindgen;

fn main() {
    std::panic::set_hook(Box::new(|info| show_crash(&info.to_string())));
    leptos::mount::mount_to_body(app::App);
    // The app is on screen: take away the loading indicator from index.html.
    if let Some(boot) = leptos::prelude::document().get_element_by_id("boot") {
        boot.remove();
    }
}

/// Shows index.html's error panel with the panic message: with `panic = "abort"` the wasm
/// instance is dead after this hook, so the page must say so instead of silently freezing.
fn show_crash(message: &str) {
    web_sys::console::error_1(&message.into());
    let document = leptos::prelude::document();
    if let Some(detail) = document.get_element_by_id("boot-error-detail") {
        detail.set_text_content(Some(message));
    }
    if let Some(panel) = document.get_element_by_id("boot-error") {
        let _ = panel.remove_attribute("hidden");
    }
}

/// Panics on purpose, so the end-to-end tests can check that a crash shows the error panel
/// (call `window.wasmBindings.debug_panic()` from the browser console).
#[wasm_bindgen]
pub fn debug_panic() {
    #[expect(
        clippy::panic,
        reason = "the whole point: a deliberate crash for the crash-panel test"
    )]
    {
        panic!("debug_panic was called: this is a deliberate crash to test the error panel");
    }
}
