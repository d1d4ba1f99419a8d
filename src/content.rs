//! The lessons: the catalogue (titles, parts, simulators) is compiled into the app by
//! build.rs; each lesson's text is a content-hashed file fetched the first time the lesson is
//! opened, so the app's first download stays the same size however many papers there are.

use std::cell::RefCell;
use std::sync::OnceLock;

use engine::{BundleError, Lesson, decode_body, decode_library, join_lesson};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::links;

static BUNDLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/library.bin"));

/// Each lesson's body file: (slug, file name under `content/`).
static BODIES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/bodies.rs"));

/// Every lesson's catalogue entry (no text), decoded on first use.
pub fn library() -> &'static Result<Vec<Lesson>, BundleError> {
    static LIBRARY: OnceLock<Result<Vec<Lesson>, BundleError>> = OnceLock::new();
    LIBRARY.get_or_init(|| decode_library(BUNDLE))
}

/// The catalogue entry of the lesson with this URL name.
pub fn lesson(slug: &str) -> Option<&'static Lesson> {
    library().as_ref().ok()?.iter().find(|l| l.slug == slug)
}

thread_local! {
    /// Lessons fetched so far (kept for the visit: a lesson's text is a few tens of KB).
    static LOADED: RefCell<Vec<&'static Lesson>> = const { RefCell::new(Vec::new()) };
}

/// The whole lesson with its text, fetched once.
pub async fn full_lesson(slug: &str) -> Result<&'static Lesson, String> {
    if let Some(found) = LOADED.with(|l| l.borrow().iter().find(|l| l.slug == slug).copied()) {
        return Ok(found);
    }
    let entry = lesson(slug).ok_or_else(|| format!("no lesson {slug}"))?;
    let file = BODIES
        .iter()
        .find(|(s, _)| *s == slug)
        .map(|(_, f)| *f)
        .ok_or_else(|| format!("no text for {slug}"))?;
    let bytes = fetch_bytes(&format!("{}/content/{file}", links::base())).await?;
    let body = decode_body(&bytes).map_err(|e| e.to_string())?;
    let full: &'static Lesson = Box::leak(Box::new(join_lesson(entry, body)));
    LOADED.with(|l| l.borrow_mut().push(full));
    Ok(full)
}

/// Every lesson with its text (the progress page needs every question), fetched once.
pub async fn all_lessons() -> Result<&'static [&'static Lesson], String> {
    thread_local! {
        static ALL: std::cell::OnceCell<&'static [&'static Lesson]> = const { std::cell::OnceCell::new() };
    }
    if let Some(all) = ALL.with(|a| a.get().copied()) {
        return Ok(all);
    }
    let mut all = Vec::new();
    for entry in library().as_ref().map_err(|e| e.to_string())? {
        all.push(full_lesson(&entry.slug).await?);
    }
    let all: &'static [&'static Lesson] = Vec::leak(all);
    ALL.with(|a| {
        let _ = a.set(all);
    });
    Ok(all)
}

async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("{url}: {e:?}"))?
        .dyn_into::<web_sys::Response>()
        .map_err(|_| format!("{url}: not a response"))?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|e| format!("{url}: {e:?}"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
