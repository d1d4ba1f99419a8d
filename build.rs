//! Parses the content at build time: every paper named by the content index must exist and
//! load (a broken index fails the build, naming the index line), and the parsed lessons are
//! written as a bundle the app embeds, so the browser never parses markdown.
//!
//! `PAPERLAB_CONTENT` picks another content folder (the end-to-end tests build a fixture site).

use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    engine_module_dir();
    println!("cargo:rerun-if-env-changed=PAPERLAB_CONTENT");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let content = match env::var_os("PAPERLAB_CONTENT") {
        Some(dir) => root.join(PathBuf::from(dir)),
        None => root.join("content"),
    };
    println!("cargo:rerun-if-changed={}", content.display());

    let index_path = content.join("index.txt");
    let index = fs::read_to_string(&index_path)
        .unwrap_or_else(|err| fail(&format!("{} could not be read: {err}", index_path.display())));
    let lessons = engine::load_library("content/index.txt", &index, |file| {
        let path = content.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        fs::read_to_string(&path).map_err(|err| err.to_string())
    })
    .unwrap_or_else(|err| fail(&err.to_string()));

    // The app embeds only the catalogue; each lesson's text is its own content-hashed file,
    // fetched when the lesson is opened, so the first download does not grow with every paper.
    // The files go to target/content-bodies/, which the post_build hook copies into the site.
    let bodies_dir = root.join("target/content-bodies");
    fs::create_dir_all(&bodies_dir).unwrap_or_else(|err| fail(&format!("{}: {err}", bodies_dir.display())));
    let mut catalogue = Vec::with_capacity(lessons.len());
    let mut files = String::from("&[");
    for lesson in &lessons {
        let (entry, body) = engine::split_lesson(lesson);
        let bytes = engine::encode_body(&body).unwrap_or_else(|err| fail(&err.to_string()));
        let name = format!(
            "{}-{}.bin",
            lesson.slug,
            &engine::sha256::sha256_hex(&bytes)[..16]
        );
        let path = bodies_dir.join(&name);
        // Older versions of this lesson's text go, so a site never ships stale copies.
        if let Ok(entries) = fs::read_dir(&bodies_dir) {
            for old in entries.flatten() {
                let file = old.file_name().to_string_lossy().into_owned();
                if file != name
                    && file
                        .strip_prefix(&lesson.slug)
                        .is_some_and(|rest| rest.starts_with('-') && rest.len() == 1 + 16 + 4)
                {
                    let _ = fs::remove_file(old.path());
                }
            }
        }
        fs::write(&path, &bytes).unwrap_or_else(|err| fail(&format!("{}: {err}", path.display())));
        // Deleted by a clean-up, the file is written again on the next build.
        println!("cargo:rerun-if-changed={}", path.display());
        files.push_str(&format!("({:?}, {:?}),", lesson.slug, name));
        catalogue.push(entry);
    }
    files.push(']');
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default());
    let bytes = engine::encode_library(&catalogue).unwrap_or_else(|err| fail(&err.to_string()));
    let out = out_dir.join("library.bin");
    fs::write(&out, bytes).unwrap_or_else(|err| fail(&format!("{}: {err}", out.display())));
    let out = out_dir.join("bodies.rs");
    fs::write(&out, files).unwrap_or_else(|err| fail(&format!("{}: {err}", out.display())));
}

/// The folder scripts/build-engine.sh put the simulator engine in (`engine-<hash>`), for the
/// app to load it from.
fn engine_module_dir() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/engine-web/dir.txt");
    println!("cargo:rerun-if-changed={}", file.display());
    let dir = fs::read_to_string(&file)
        .map(|d| d.trim().to_string())
        .unwrap_or_else(|_| "engine".to_string());
    println!("cargo:rustc-env=PAPERLAB_ENGINE_DIR={dir}");
}

fn fail(message: &str) -> ! {
    println!("cargo:warning={message}");
    eprintln!("error: {message}");
    std::process::exit(1);
}
