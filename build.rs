//! Parses the content at build time: every paper named by the content index must exist and
//! load (a broken index fails the build, naming the index line), and the parsed lessons are
//! written as a bundle the app embeds, so the browser never parses markdown.
//!
//! `PAPERLAB_CONTENT` picks another content folder (the end-to-end tests build a fixture site).

use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
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

    let bytes = engine::encode_library(&lessons).unwrap_or_else(|err| fail(&err.to_string()));
    let out = Path::new(&env::var_os("OUT_DIR").unwrap_or_default()).join("library.bin");
    fs::write(&out, bytes).unwrap_or_else(|err| fail(&format!("{}: {err}", out.display())));
}

fn fail(message: &str) -> ! {
    println!("cargo:warning={message}");
    eprintln!("error: {message}");
    std::process::exit(1);
}
