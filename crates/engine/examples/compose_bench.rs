//! Times loading (parse, interpolate, schema, model, validate) of a generated 200-service compose
//! file: `cargo run --release -p engine --example compose_bench`.
#![allow(clippy::print_stdout, reason = "a benchmark reports on the console")]

use std::fmt::Write as _;

use engine::compose::{self, LoadOptions};

const SERVICES: usize = 200;
const RUNS: u32 = 20;

/// A deterministic xorshift generator: the same file every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// 200 services; each depends only on services with a smaller number, so the graph is a DAG.
fn generate() -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut src = String::from("name: bench\nservices:\n");
    for i in 0..SERVICES {
        let _ = writeln!(src, "  svc{i:03}:");
        let _ = writeln!(src, "    image: \"registry.example/app{i}:${{TAG:-1.0}}\"");
        let _ = writeln!(src, "    ports:\n      - \"{}:80\"", 10_000 + i);
        let _ = writeln!(
            src,
            "    volumes:\n      - data{}:/var/lib/data\n      - ./conf/{i}:/etc/app:ro",
            i % 10
        );
        let _ = writeln!(src, "    networks:\n      - net{}\n      - shared", i % 5);
        let _ = writeln!(
            src,
            "    environment:\n      INDEX: \"{i}\"\n      MODE: production"
        );
        if i > 0 {
            let deps = rng.below(4);
            if deps > 0 {
                src.push_str("    depends_on:\n");
                let mut chosen: Vec<u64> = (0..deps).map(|_| rng.below(i as u64)).collect();
                chosen.sort_unstable();
                chosen.dedup();
                for d in chosen {
                    let condition = if d % 3 == 0 {
                        "service_healthy"
                    } else {
                        "service_started"
                    };
                    let _ = writeln!(src, "      svc{d:03}:\n        condition: {condition}");
                }
            }
        }
        if i % 3 == 0 {
            src.push_str(
                "    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost\"]\n      interval: 10s\n      retries: 3\n",
            );
        }
    }
    src.push_str("networks:\n  shared:\n");
    for n in 0..5 {
        let _ = writeln!(src, "  net{n}:");
    }
    src.push_str("volumes:\n");
    for v in 0..10 {
        let _ = writeln!(src, "  data{v}:");
    }
    src
}

#[allow(
    clippy::disallowed_methods,
    reason = "a native benchmark measures wall-clock time; it never runs in the browser"
)]
fn main() {
    let src = generate();
    let opts = LoadOptions::new("/home/learner/bench");
    let start = std::time::Instant::now();
    let mut tiers = 0;
    for _ in 0..RUNS {
        match compose::load(&src, &opts) {
            Ok(loaded) => tiers = loaded.project.start_tiers().len(),
            Err(e) => {
                println!("generated file rejected: {e}");
                return;
            }
        }
    }
    let per_run = start.elapsed() / RUNS;
    println!(
        "{SERVICES} services, {} KB: load (parse + interpolate + schema + model + validate) {per_run:?} per run, {tiers} start tiers",
        src.len() / 1024
    );
}
