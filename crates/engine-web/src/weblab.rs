//! A JS-callable host for measurements: the browser benchmark times the engine's compose work
//! through it, apart from drawing (the views use the host in-module, not this).

use engine::host::Host;
use engine::host::compose_graph::{GraphFilter, compose_graph};
use wasm_bindgen::prelude::wasm_bindgen;

/// A fresh host.
#[wasm_bindgen]
#[derive(Default)]
pub struct WebLab {
    host: Host,
}

#[wasm_bindgen]
impl WebLab {
    /// A fresh host.
    #[wasm_bindgen(constructor)]
    pub fn new() -> WebLab {
        WebLab::default()
    }

    /// Loads, validates and lays out a compose file as the compose view does; returns how many
    /// graph nodes it drew (0 when the file has problems).
    pub fn compose_preview(&self, text: &str, networks: bool, volumes: bool) -> u32 {
        let view = self.host.compose_view_of("compose.yaml", text);
        let picture = compose_graph(&view, GraphFilter { networks, volumes });
        picture.nodes.len() as u32
    }
}
