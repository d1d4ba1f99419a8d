//! Building in-app links under the site's base path (e.g. `/paperlab/` on GitHub Pages).
//!
//! Trunk writes `--public-url` into `<base href>`; the app reads it back at start, so one
//! build works at `/` locally and under `/REPO/` on Pages. The router's `base` does not prefix
//! absolute hrefs, so every link is built here.

use std::sync::OnceLock;

use leptos::prelude::*;

/// The base path without a trailing slash: `""` at the site root, `"/paperlab"` under a sub-path.
pub fn base() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| {
        let doc = document();
        let base_uri = doc.base_uri().ok().flatten().unwrap_or_default();
        let origin = window().location().origin().unwrap_or_default();
        base_path(&base_uri, &origin)
    })
}

/// The path part of the document's base URI, without its trailing slash.
fn base_path(base_uri: &str, origin: &str) -> String {
    let path = base_uri.strip_prefix(origin).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or_default();
    // The base names a directory: drop a file name such as index.html.
    let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    dir.trim_end_matches('/').to_string()
}

/// The home page.
pub fn home() -> String {
    format!("{}/", base())
}

/// A lesson's first page.
pub fn paper(slug: &str) -> String {
    format!("{}/paper/{slug}", base())
}

/// One part of a lesson.
pub fn part(slug: &str, part: &str) -> String {
    format!("{}/paper/{slug}/{part}", base())
}

/// The progress page.
pub fn progress() -> String {
    format!("{}/progress", base())
}

#[cfg(test)]
mod tests {
    use super::base_path;

    #[test]
    fn base_paths_drop_the_origin_and_trailing_slash() {
        assert_eq!(base_path("http://127.0.0.1:8080/", "http://127.0.0.1:8080"), "");
        assert_eq!(
            base_path("https://u.github.io/paperlab/", "https://u.github.io"),
            "/paperlab"
        );
        assert_eq!(
            base_path("https://u.github.io/paperlab/index.html", "https://u.github.io"),
            "/paperlab"
        );
    }
}
