//! The link to the simulators module (crates/engine-web): fetched the first time a lesson part
//! shows a simulator, then asked to mount its views into the part's simulator panel.

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;

use crate::links;

#[wasm_bindgen(
    inline_js = "let loading; export function load_labs(url) { if (!loading) { loading = import(url).then(async (m) => { await m.default(); return m; }); loading.catch(() => { loading = undefined; }); } return loading; }"
)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn load_labs(url: &str) -> Result<JsValue, JsValue>;
}

/// The loaded module.
#[derive(Clone)]
pub struct Labs(JsValue);

impl Labs {
    /// Fetches the module (once per page; a failed fetch is tried again next time).
    pub async fn load() -> Result<Labs, String> {
        let url = format!(
            "{}/{}/paperlab_engine.js",
            links::base(),
            env!("PAPERLAB_ENGINE_DIR")
        );
        load_labs(&url).await.map(Labs).map_err(|e| format!("{e:?}"))
    }

    fn function(&self, name: &str) -> Option<Function> {
        Reflect::get(&self.0, &JsValue::from_str(name))
            .ok()?
            .dyn_into::<Function>()
            .ok()
    }

    /// Mounts the simulators `sims` (`layers,lifecycle`) of lesson `slug` into `el`; the
    /// returned handle unmounts them.
    pub fn mount(&self, el: &web_sys::HtmlElement, slug: &str, sims: &str, lang: &str) -> Option<JsValue> {
        let args = js_sys::Array::of4(el, &slug.into(), &sims.into(), &lang.into());
        self.function("mount")?.apply(&self.0, &args).ok()
    }

    /// Tells the simulators the language changed.
    pub fn set_lang(&self, lang: &str) {
        if let Some(f) = self.function("set_lang") {
            let _ = f.call1(&self.0, &lang.into());
        }
    }
}

/// Takes mounted simulators off the page.
pub fn unmount(handle: &JsValue) {
    if let Ok(f) = Reflect::get(handle, &JsValue::from_str("unmount")).and_then(|f| f.dyn_into::<Function>())
    {
        let _ = f.call0(handle);
    }
}
