//! Times `engine::layout::layered` on seeded random DAGs of 50, 200 and 500 nodes.
//!
//! `cargo run --release -p engine --example layout_bench [SIZE…]` (default 50 200 500)

use engine::layout::{Direction, Graph, NodeBox, Spacing, layered};
use std::time::Duration;

/// Knuth's MMIX linear congruential generator: the same graphs on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n.max(1) as u64) as usize
    }
}

/// `n` boxes of service-name sizes and about `2n` edges from lower to higher indices, each
/// reaching at most `reach` nodes ahead (`n` for edges anywhere).
fn dag(seed: u64, n: usize, reach: usize) -> Graph {
    let mut rng = Lcg(seed);
    let nodes = (0..n)
        .map(|_| NodeBox {
            width: 60.0 + rng.below(100) as f32,
            height: 36.0,
        })
        .collect();
    let edges = (0..2 * n)
        .map(|_| {
            let u = rng.below(n - 1);
            (u, u + 1 + rng.below((n - u - 1).min(reach)))
        })
        .collect();
    Graph { nodes, edges }
}

#[allow(
    clippy::disallowed_methods,
    reason = "a native benchmark measures wall-clock time; the library itself never reads a clock"
)]
fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = std::time::Instant::now();
    let out = f();
    (out, start.elapsed())
}

fn main() {
    println!(
        "{:>5} {:>6} {:>8} {:>7} {:>10} {:>10} {:>10}",
        "nodes", "edges", "reach", "layers", "crossings", "median", "max"
    );
    let mut sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        sizes = vec![50, 200, 500];
    }
    for n in sizes.into_iter().filter(|&n| n >= 2) {
        for reach in [12, n] {
            let graph = dag(n as u64, n, reach);
            let runs = if n >= 500 { 5 } else { 15 };
            let mut times = Vec::new();
            let mut last = None;
            for _ in 0..runs {
                let (layout, took) = time(|| layered(&graph, Direction::TopDown, &Spacing::default()));
                times.push(took);
                last = Some(layout);
            }
            times.sort();
            let Some(layout) = last else { continue };
            let layers = layout.nodes.iter().map(|p| p.layer + 1).max().unwrap_or(0);
            println!(
                "{:>5} {:>6} {:>8} {:>7} {:>10} {:>8.2}ms {:>8.2}ms",
                n,
                layout.edges.len(),
                if reach >= n {
                    "any".to_string()
                } else {
                    format!("≤{reach}")
                },
                layers,
                layout.crossings,
                times[times.len() / 2].as_secs_f64() * 1e3,
                times[times.len() - 1].as_secs_f64() * 1e3,
            );
        }
    }
}
