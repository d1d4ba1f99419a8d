//! The simulated Docker host behind a small JS-callable surface: what scripts and the browser
//! benchmarks call directly (the views use the host in-module). Values cross as postcard bytes
//! of the engine's own types (`Outcome`, `Snapshot`).

use engine::host::{Host, Outcome};
use wasm_bindgen::prelude::wasm_bindgen;

/// One lesson's host.
#[wasm_bindgen]
pub struct WebLab {
    host: Host,
}

impl Default for WebLab {
    fn default() -> WebLab {
        WebLab::new()
    }
}

#[wasm_bindgen]
impl WebLab {
    /// A fresh host.
    #[wasm_bindgen(constructor)]
    pub fn new() -> WebLab {
        WebLab {
            host: Host::default(),
        }
    }

    /// Runs a console line; postcard bytes of its `Outcome`.
    pub fn run(&mut self, line: &str) -> Vec<u8> {
        encode(&self.host.run(line))
    }

    /// Lets `ms` pass on the virtual clock; postcard bytes of an `Outcome` holding the events.
    pub fn advance(&mut self, ms: f64) -> Vec<u8> {
        let ms = if ms.is_finite() && ms > 0.0 { ms as u64 } else { 0 };
        let events = self.host.advance(ms);
        encode(&Outcome {
            events,
            ..Outcome::default()
        })
    }

    /// Postcard bytes of the host's `Snapshot`.
    pub fn snapshot(&self) -> Vec<u8> {
        encode(&self.host.snapshot())
    }

    /// Parses a Dockerfile without building it: postcard bytes of `Option<(line, message)>`
    /// for the editor's inline error marker.
    pub fn check_dockerfile(&self, text: &str) -> Vec<u8> {
        let problem = engine::dockerfile::parse_dockerfile(text)
            .err()
            .map(|e| (e.line as u64, e.to_string()));
        encode(&problem)
    }

    /// Postcard bytes of `Option<CacheComparison>`: what one source edit costs with the
    /// Dockerfile as it is and with the dependency install moved above `COPY .`.
    pub fn compare_cache_cost(&self) -> Vec<u8> {
        encode(&self.host.compare_cache_cost())
    }

    /// Postcard bytes of `(ComposeView, GraphPicture)` for an editor's compose file text: its
    /// problems or its graph laid out (`networks`/`volumes`: draw those as nodes), with the
    /// host's containers for its services.
    pub fn compose_preview(&self, text: &str, networks: bool, volumes: bool) -> Vec<u8> {
        let view = self.host.compose_view_of("compose.yaml", text);
        let filter = engine::host::compose_graph::GraphFilter { networks, volumes };
        let picture = engine::host::compose_graph::compose_graph(&view, filter);
        encode(&(view, picture))
    }

    /// Back to a fresh host.
    pub fn reset(&mut self) {
        self.host = Host::default();
    }
}

fn encode<T: serde::Serialize>(value: &T) -> Vec<u8> {
    // Our own types always encode; an empty answer reads as "damaged" on the other side.
    postcard::to_allocvec(value).unwrap_or_default()
}
