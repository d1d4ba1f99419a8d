//! Every compose file of docker/awesome-compose loads without error and lays out a start order.
#![allow(
    clippy::expect_used,
    reason = "test helpers: a failed expectation is a failed test"
)]

use engine::compose::{self, LoadOptions};

use std::fs;
use std::path::{Path, PathBuf};

#[path = "support/corpus.rs"]
mod support;
use support::corpus;

/// Every `compose.yaml` / `compose.yml` / `docker-compose.y*ml` under `dir`, sorted.
fn compose_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("corpus directory is readable") {
        let path = entry.expect("corpus entry is readable").path();
        if path.is_dir() {
            compose_files(&path, out);
        } else if path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
            matches!(
                n,
                "compose.yaml" | "compose.yml" | "docker-compose.yaml" | "docker-compose.yml"
            )
        }) {
            out.push(path);
        }
    }
    out.sort();
}

fn options_for(path: &Path) -> LoadOptions {
    let dir = path
        .parent()
        .and_then(Path::file_name)
        .and_then(|n| n.to_str())
        .unwrap_or("project");
    let mut opts = LoadOptions::new(&format!("/home/learner/{dir}"));
    // plex's file mounts ${PLEX_MEDIA_PATH}; unset, Compose itself rejects it (tested below).
    opts.env
        .insert("PLEX_MEDIA_PATH".to_owned(), "/srv/media".to_owned());
    opts.file_name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("compose.yaml")
        .to_owned();
    opts
}

#[test]
fn every_awesome_compose_file_loads_and_orders_its_services() {
    let mut files = Vec::new();
    compose_files(&corpus("awesome-compose"), &mut files);
    assert_eq!(files.len(), 39, "expected 39 awesome-compose compose files");
    let mut failures = Vec::new();
    for path in &files {
        let src = fs::read_to_string(path).expect("corpus file is readable UTF-8");
        match compose::load(&src, &options_for(path)) {
            Err(errors) => {
                let all: Vec<String> = errors
                    .iter()
                    .map(|d| format!("  line {}: {}", d.line, d.message))
                    .collect();
                failures.push(format!("{}:\n{}", path.display(), all.join("\n")));
            }
            Ok(loaded) => {
                let project = &loaded.project;
                let tiers = project.start_tiers();
                let placed: usize = tiers.iter().map(Vec::len).sum();
                if placed != project.services.len() {
                    failures.push(format!("{}: start tiers place {placed} services", path.display()));
                }
                // Every dependency starts in an earlier tier.
                for service in &project.services {
                    let tier_of = |name: &str| tiers.iter().position(|t| t.iter().any(|n| n == name));
                    for dep in &service.depends_on {
                        if tier_of(&dep.service) >= tier_of(&service.name) {
                            failures.push(format!(
                                "{}: {} starts before {}",
                                path.display(),
                                service.name,
                                dep.service
                            ));
                        }
                    }
                }
                let stop: usize = project.stop_tiers().iter().map(Vec::len).sum();
                if stop != project.services.len() {
                    failures.push(format!("{}: stop tiers place {stop} services", path.display()));
                }
                // `config` output is itself a valid compose file describing the same services.
                let printed = project.to_config_yaml();
                match compose::load(&printed, &options_for(path)) {
                    Ok(again) => {
                        let names = |p: &compose::Project| {
                            p.services.iter().map(|s| s.name.clone()).collect::<Vec<_>>()
                        };
                        if names(&again.project) != names(project) {
                            failures.push(format!("{}: config output lists other services", path.display()));
                        }
                    }
                    Err(e) => failures.push(format!(
                        "{}: config output does not load: {e}\n{printed}",
                        path.display()
                    )),
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "compose files rejected:\n{}",
        failures.join("\n")
    );
}

#[test]
fn awesome_compose_start_orders_match_their_depends_on() {
    let path = corpus("awesome-compose/nginx-flask-mysql/compose.yaml");
    let src = fs::read_to_string(&path).expect("corpus file is readable UTF-8");
    let loaded = compose::load(&src, &options_for(&path)).expect("loads");
    let tiers = loaded.project.start_tiers();
    assert_eq!(
        tiers.first().map(Vec::as_slice),
        Some(&["db".to_owned()][..]),
        "{tiers:?}"
    );
    assert_eq!(
        tiers.last().map(Vec::as_slice),
        Some(&["proxy".to_owned()][..]),
        "{tiers:?}"
    );
}

#[test]
fn plex_without_its_media_path_fails_as_compose_does() {
    let path = corpus("awesome-compose/plex/compose.yaml");
    let src = fs::read_to_string(&path).expect("corpus file is readable UTF-8");
    let mut opts = options_for(&path);
    opts.env.clear();
    let errors = compose::load(&src, &opts).expect_err("an empty volume source is invalid");
    let first = errors.first().expect("one error");
    assert_eq!(
        (first.line, first.message.as_str()),
        (10, "invalid spec: :/media/: empty section between colons")
    );
}
