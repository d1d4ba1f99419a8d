//! Crossing reduction: the order of the vertices within each layer.
//!
//! Layer-by-layer sweeps, alternately down (each vertex keyed by its neighbours above) and up
//! (keyed by those below), each followed by transposition: swapping adjacent vertices while
//! that removes crossings (Gansner et al., "A Technique for Drawing Directed Graphs", 1993).
//! Sweeps stop after a few rounds without a new best. They run four times — from index
//! order and from breadth-first order, each with the weighted median and with the
//! barycentre as key — since each finds orders the others miss; the best of the four is then
//! sifted (every vertex tried at every place in its layer). Crossings are counted with Barth,
//! Jünger and Mutzel's accumulator tree ("Simple and Efficient Bilayer Cross Counting", 2004).
//!
//! On random two-layer graphs of 3–5 + 3–5 nodes this finds the optimum 99 times in 100
//! (`tests.rs` checks it against brute force).

use super::Proper;

/// Sweeps (down or up) at most, per start and key.
const MAX_SWEEPS: usize = 24;
/// Rounds of sifting over all layers, at most.
const MAX_SIFT_PASSES: usize = 4;
/// Sweeps in a row without a new best before giving up.
const PATIENCE: usize = 4;
/// Passes over all layers in one transposition, at most (each pass only ever removes
/// crossings, so this only bounds the time on large tangled graphs).
const MAX_TRANSPOSE_PASSES: usize = 12;

/// Effort allowed per drawing, in pairs of edge ends compared (about 4 ns each natively at
/// opt-level "z"). Graphs of 200 nodes and 400 edges need under 3 million; dense ones (a
/// complete DAG of 50 nodes needs 150 million) stop here with the best order found so far,
/// so the page never freezes.
const BUDGET: usize = 5_000_000;

/// What a vertex is sorted by during a sweep.
#[derive(Clone, Copy)]
enum Key {
    /// The weighted median of its neighbours' positions (dot's choice).
    Median,
    /// Their mean.
    Barycentre,
}

/// Reorders `g.layers` to have few crossings and returns how many are left. `effort` is what
/// earlier components of the same drawing spent (the [`BUDGET`] is for the whole drawing);
/// this one's is added.
pub(super) fn reduce_crossings(g: &mut Proper, effort: &mut usize) -> usize {
    let mut work = Work::new(g.node.len(), *effort);
    work.set_positions(&g.layers);
    let mut best = work.count(&g.layers, &g.down);
    let mut best_layers = g.layers.clone();
    let starts = [g.layers.clone(), breadth_first(g)];
    for start in &starts {
        for key in [Key::Median, Key::Barycentre] {
            if best == 0 || work.spent > BUDGET {
                break;
            }
            let mut layers = start.clone();
            let found = work.sweeps(&mut layers, &g.up, &g.down, key);
            if found < best {
                best = found;
                best_layers = layers;
            }
        }
    }
    if best > 0 {
        work.set_positions(&best_layers);
        work.sift(&mut best_layers, &g.up, &g.down);
        best = work.count(&best_layers, &g.down);
    }
    g.layers = best_layers;
    *effort = work.spent;
    best
}

/// Each layer in the order a breadth-first search reaches its vertices, starting from the
/// first layer in index order and following edges both ways: neighbours end up near each
/// other, a better start than index order for tangled graphs (dot starts the same way).
fn breadth_first(g: &Proper) -> Vec<Vec<usize>> {
    let mut layers = vec![Vec::new(); g.layers.len()];
    let mut seen = vec![false; g.node.len()];
    let mut queue = std::collections::VecDeque::new();
    for &start in g.layers.iter().flatten() {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        queue.push_back(start);
        while let Some(v) = queue.pop_front() {
            if let Some(row) = layers.get_mut(g.layer[v]) {
                row.push(v);
            }
            for &w in g.down[v].iter().chain(&g.up[v]) {
                if !seen[w] {
                    seen[w] = true;
                    queue.push_back(w);
                }
            }
        }
    }
    layers
}

/// Buffers reused across the whole reduction, so the inner loops do not allocate.
struct Work {
    /// Position of each vertex within its layer.
    pos: Vec<usize>,
    /// Sorted neighbour positions of a vertex being keyed.
    a: Vec<usize>,
    /// (key, old slot, vertex) of the vertices being sorted.
    keyed: Vec<(f64, usize, usize)>,
    /// Effort so far, in pairs of edge ends compared (roughly); see [`BUDGET`].
    spent: usize,
    /// Accumulator tree and edge sequence for counting.
    tree: Vec<usize>,
    seq: Vec<usize>,
}

impl Work {
    fn new(vertices: usize, spent: usize) -> Work {
        Work {
            pos: vec![0; vertices],
            spent,
            a: Vec::new(),
            keyed: Vec::new(),
            tree: Vec::new(),
            seq: Vec::new(),
        }
    }

    fn set_positions(&mut self, layers: &[Vec<usize>]) {
        for row in layers {
            for (i, &v) in row.iter().enumerate() {
                self.pos[v] = i;
            }
        }
    }

    /// Alternating sweeps from the order in `layers`; leaves the best order found there and
    /// returns its crossings.
    fn sweeps(
        &mut self,
        layers: &mut [Vec<usize>],
        up: &[Vec<usize>],
        down: &[Vec<usize>],
        key: Key,
    ) -> usize {
        self.set_positions(layers);
        let mut best = self.count(layers, down);
        let mut best_layers = layers.to_vec();
        let mut stale = 0;
        let sizes: Vec<usize> = layers.iter().map(Vec::len).collect();
        let size = |r: usize| sizes.get(r).copied().unwrap_or(0);
        for sweep in 0..MAX_SWEEPS {
            if best == 0 || self.spent > BUDGET {
                break;
            }
            // Every other pair of sweeps lets transposition swap without gain, to walk off
            // plateaus (dot does the same).
            let sideways = sweep % 4 >= 2;
            if sweep % 2 == 0 {
                for (r, row) in layers.iter_mut().enumerate().skip(1) {
                    self.reorder(row, (up, size(r - 1)), (down, size(r + 1)), key);
                }
            } else {
                for (r, row) in layers.iter_mut().enumerate().rev().skip(1) {
                    self.reorder(row, (down, size(r + 1)), (up, size(r.wrapping_sub(1))), key);
                }
            }
            self.transpose(layers, up, down, sideways);
            let found = self.count(layers, down);
            if found < best {
                best = found;
                best_layers.clone_from_slice(layers);
                stale = 0;
            } else {
                stale += 1;
                if stale >= PATIENCE {
                    break;
                }
            }
        }
        layers.clone_from_slice(&best_layers);
        self.set_positions(layers);
        best
    }

    /// Sorts `row` by the key of each vertex's neighbours in the layer swept from (`from`:
    /// adjacency and that layer's size). Keys are positions scaled to 0..1, so that a vertex
    /// without such neighbours can use its neighbours on the `other` side instead, and keep
    /// near them (fixing it in its slot, as dot does, strands the many sinks of a
    /// longest-path layering on upward sweeps). Ties keep their order (reversing them on
    /// alternate sweeps, as dot does, measured worse here).
    fn reorder(
        &mut self,
        row: &mut [usize],
        from: (&[Vec<usize>], usize),
        other: (&[Vec<usize>], usize),
        key: Key,
    ) {
        self.keyed.clear();
        let len = row.len();
        self.spent += len;
        for (slot, &v) in row.iter().enumerate() {
            let (neighbours, size) = if from.0[v].is_empty() { other } else { from };
            self.a.clear();
            self.a.extend(neighbours[v].iter().map(|&w| self.pos[w]));
            let k = if self.a.is_empty() {
                (slot as f64 + 0.5) / len as f64
            } else {
                self.a.sort_unstable();
                let k = match key {
                    Key::Median => weighted_median(&self.a),
                    Key::Barycentre => self.a.iter().sum::<usize>() as f64 / self.a.len() as f64,
                };
                (k + 0.5) / size.max(1) as f64
            };
            self.keyed.push((k, slot, v));
        }
        // (key, slot) is unique, so an unstable sort is deterministic.
        self.keyed
            .sort_unstable_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        for (i, (v, &(_, _, w))) in row.iter_mut().zip(&self.keyed).enumerate() {
            *v = w;
            self.pos[w] = i;
        }
    }

    /// Swaps adjacent vertices wherever that lowers the crossings, until no swap does; with
    /// `sideways`, also where it keeps the same (non-zero) number. Only layers next to a
    /// change are looked at again.
    fn transpose(
        &mut self,
        layers: &mut [Vec<usize>],
        up: &[Vec<usize>],
        down: &[Vec<usize>],
        sideways: bool,
    ) {
        let mut candidate = vec![true; layers.len()];
        // Slices, not `Vec`s, in the hot loops: `Vec` indexing is a call under opt-level "z".
        let pos: &mut [usize] = &mut self.pos;
        for _ in 0..MAX_TRANSPOSE_PASSES {
            if self.spent > BUDGET {
                break;
            }
            let mut improved = false;
            for r in 0..layers.len() {
                if !std::mem::take(&mut candidate[r]) {
                    continue;
                }
                let row: &mut [usize] = &mut layers[r];
                for i in 1..row.len() {
                    let (v, w) = (row[i - 1], row[i]);
                    let (up_kept, up_swapped) = pair_crossings(pos, &up[v], &up[w]);
                    let (down_kept, down_swapped) = pair_crossings(pos, &down[v], &down[w]);
                    self.spent += 1 + up[v].len() * up[w].len() + down[v].len() * down[w].len();
                    let (kept, swapped) = (up_kept + down_kept, up_swapped + down_swapped);
                    if swapped < kept || (sideways && kept > 0 && swapped == kept) {
                        row.swap(i - 1, i);
                        pos[w] = i - 1;
                        pos[v] = i;
                        improved |= swapped < kept;
                        for near in [r.wrapping_sub(1), r, r + 1] {
                            if let Some(flag) = candidate.get_mut(near) {
                                *flag = true;
                            }
                        }
                    }
                }
            }
            if !improved {
                break;
            }
        }
    }

    /// Sifting (Matuszewski, Schönfeld and Molitor, 1999): moves each vertex in turn to the
    /// place in its layer where its edges cross the fewest others, until no move helps.
    fn sift(&mut self, layers: &mut [Vec<usize>], up: &[Vec<usize>], down: &[Vec<usize>]) {
        for _ in 0..MAX_SIFT_PASSES {
            let mut improved = false;
            for row in layers.iter_mut() {
                if self.spent > BUDGET {
                    return;
                }
                let visit = row.clone();
                for &v in &visit {
                    let from = self.pos[v];
                    // Crossings relative to `v` standing first, as it moves past each other vertex.
                    let (mut cost, mut best, mut best_at, mut here) = (0isize, 0isize, 0usize, 0isize);
                    let mut passed = 0;
                    let pos: &[usize] = &self.pos;
                    for &u in row.iter() {
                        if u == v {
                            here = cost;
                            continue;
                        }
                        let (u_left, v_left) = pair_crossings(pos, &up[u], &up[v]);
                        let (u_left_down, v_left_down) = pair_crossings(pos, &down[u], &down[v]);
                        self.spent += 1 + up[u].len() * up[v].len() + down[u].len() * down[v].len();
                        cost += (u_left + u_left_down) as isize - (v_left + v_left_down) as isize;
                        passed += 1;
                        if cost < best {
                            best = cost;
                            best_at = passed;
                        }
                    }
                    if best < here {
                        let moved = row.remove(from);
                        row.insert(best_at, moved);
                        for (i, &w) in row.iter().enumerate().skip(from.min(best_at)) {
                            self.pos[w] = i;
                        }
                        improved = true;
                    }
                }
            }
            if !improved {
                break;
            }
        }
    }

    /// Crossings between all pairs of consecutive layers.
    fn count(&mut self, layers: &[Vec<usize>], down: &[Vec<usize>]) -> usize {
        let mut total = 0;
        for pair in layers.windows(2) {
            let [upper, lower] = pair else { continue };
            self.seq.clear();
            for &u in upper {
                let start = self.seq.len();
                self.seq.extend(down[u].iter().map(|&w| self.pos[w]));
                self.seq[start..].sort_unstable();
            }
            self.spent += self.seq.len();
            // Inversions in the lower positions of edges sorted by (upper, lower) position.
            let width = self
                .seq
                .iter()
                .map(|&p| p + 1)
                .max()
                .unwrap_or(0)
                .max(lower.len());
            let leaves = width.next_power_of_two();
            self.tree.clear();
            self.tree.resize(2 * leaves - 1, 0);
            let tree: &mut [usize] = &mut self.tree;
            for &p in &self.seq {
                let mut index = p + leaves - 1;
                tree[index] += 1;
                while index > 0 {
                    if index % 2 == 1 {
                        total += tree[index + 1];
                    }
                    index = (index - 1) / 2;
                    tree[index] += 1;
                }
            }
        }
        total
    }
}

/// Crossings among the edges from two adjacent vertices to one neighbouring layer, whose
/// ends are `left` and `right`: as they stand, and with the two vertices swapped.
#[inline(always)]
fn pair_crossings(pos: &[usize], left: &[usize], right: &[usize]) -> (usize, usize) {
    let (mut kept, mut swapped) = (0, 0);
    // Degrees are small, so the plain double loop beats sorting.
    for &a in left {
        let a = pos[a];
        for &b in right {
            let b = pos[b];
            // Edges sharing an end never cross.
            kept += usize::from(a > b);
            swapped += usize::from(a < b);
        }
    }
    (kept, swapped)
}

/// Median of sorted `positions`, pulled towards the side where they are packed more tightly
/// when there is an even number of them (Gansner et al.).
fn weighted_median(positions: &[usize]) -> f64 {
    let len = positions.len();
    let m = len / 2;
    let at = |i: usize| positions.get(i).copied().unwrap_or(0) as f64;
    if len == 0 {
        0.0
    } else if len % 2 == 1 {
        at(m)
    } else if len == 2 {
        (at(0) + at(1)) / 2.0
    } else {
        let left = at(m - 1) - at(0);
        let right = at(len - 1) - at(m);
        if left + right == 0.0 {
            (at(m - 1) + at(m)) / 2.0
        } else {
            (at(m - 1) * right + at(m) * left) / (left + right)
        }
    }
}
