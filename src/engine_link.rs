//! The link to the simulator engine module (crates/engine-web): fetched on first use, then
//! called synchronously, with the engine's own types crossing as postcard bytes.

use engine::host::compose::ComposeView;
use engine::host::compose_graph::GraphPicture;
use engine::host::{CacheComparison, Outcome, Snapshot};
use js_sys::{Function, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

use crate::links;

#[wasm_bindgen(
    inline_js = "export async function load_engine(url) { const m = await import(url); await m.default(); return new m.WebLab(); }"
)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn load_engine(url: &str) -> Result<JsValue, JsValue>;
}

/// A loaded engine: one `WebLab` (a simulated host).
#[derive(Clone)]
pub struct Engine(JsValue);

impl Engine {
    /// Fetches and starts the engine module.
    pub async fn load() -> Result<Engine, String> {
        let url = format!(
            "{}/{}/paperlab_engine.js",
            links::base(),
            env!("PAPERLAB_ENGINE_DIR")
        );
        load_engine(&url).await.map(Engine).map_err(|e| format!("{e:?}"))
    }

    fn call(&self, method: &str, arg: Option<JsValue>) -> Vec<u8> {
        let Ok(function) =
            Reflect::get(&self.0, &JsValue::from_str(method)).and_then(|f| f.dyn_into::<Function>())
        else {
            return Vec::new();
        };
        let result = match arg {
            Some(arg) => function.call1(&self.0, &arg),
            None => function.call0(&self.0),
        };
        result
            .ok()
            .and_then(|v| v.dyn_into::<Uint8Array>().ok())
            .map(|a| a.to_vec())
            .unwrap_or_default()
    }

    /// Runs a console line.
    pub fn run(&self, line: &str) -> Outcome {
        decode(&self.call("run", Some(JsValue::from_str(line)))).unwrap_or_else(|| damaged(line))
    }

    /// Lets `ms` pass; the events.
    pub fn advance(&self, ms: u64) -> Outcome {
        decode(&self.call("advance", Some(JsValue::from_f64(ms as f64)))).unwrap_or_default()
    }

    /// The host's picture.
    pub fn snapshot(&self) -> Snapshot {
        decode(&self.call("snapshot", None)).unwrap_or_default()
    }

    /// The first problem in a Dockerfile, as (1-based line, BuildKit's message).
    pub fn check_dockerfile(&self, text: &str) -> Option<(u64, String)> {
        decode::<Option<(u64, String)>>(&self.call("check_dockerfile", Some(JsValue::from_str(text))))
            .flatten()
    }

    /// What one source edit costs now and with the install moved up.
    pub fn compare_cache_cost(&self) -> Option<CacheComparison> {
        decode::<Option<CacheComparison>>(&self.call("compare_cache_cost", None)).flatten()
    }

    /// A compose file text's view (problems, services, containers) and its graph laid out.
    pub fn compose_preview(
        &self,
        text: &str,
        networks: bool,
        volumes: bool,
    ) -> Option<(ComposeView, GraphPicture)> {
        let function = Reflect::get(&self.0, &JsValue::from_str("compose_preview"))
            .and_then(|f| f.dyn_into::<Function>())
            .ok()?;
        let args = js_sys::Array::of3(
            &JsValue::from_str(text),
            &JsValue::from_bool(networks),
            &JsValue::from_bool(volumes),
        );
        function
            .apply(&self.0, &args)
            .ok()
            .and_then(|v| v.dyn_into::<Uint8Array>().ok())
            .and_then(|a| decode(&a.to_vec()))
    }

    /// Back to a fresh host.
    pub fn reset(&self) {
        let _ = self.call("reset", None);
    }
}

fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    postcard::from_bytes(bytes).ok()
}

fn damaged(line: &str) -> Outcome {
    Outcome {
        stderr: format!("paperlab: the simulator engine gave no answer to `{line}`; reload the page\n"),
        exit: 1,
        ..Outcome::default()
    }
}
