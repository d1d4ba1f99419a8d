//! Coordinates along the layers: Brandes–Köpf ("Fast and Simple Horizontal Coordinate
//! Assignment", 2001), with the block-graph compaction dagre uses (longest path over blocks,
//! then each block pulled towards its right neighbours) instead of the paper's class shifts,
//! whose flaws Brandes, Walter and Zink's 2020 erratum describes.
//!
//! Each vertex is aligned with the median of its neighbours above (or below), preferring to
//! keep long-edge chains straight; aligned vertices form blocks that are packed as far to the
//! left (or right) as separations allow. The four combinations are balanced: each vertex takes
//! the mean of its two middle candidates, which keeps every separation (the k-th smallest of
//! four valid placements is itself valid, pointwise) while centring parents over children.

use super::Proper;

/// Centre of each vertex along the layer, the leftmost extent near 0.
pub(super) fn assign(g: &Proper) -> Vec<f32> {
    let n = g.node.len();
    if n == 0 {
        return Vec::new();
    }
    let conflicts = type1_conflicts(g);
    let candidates: Vec<(bool, Vec<f32>)> = [(true, true), (true, false), (false, true), (false, false)]
        .into_iter()
        .map(|(from_top, leftmost)| (leftmost, compact(g, &conflicts, from_top, leftmost)))
        .collect();

    // Align the four to the narrowest: left-packed ones by their minimum, right ones by their
    // maximum, so that balancing them does not widen the drawing.
    let width = |xs: &[f32]| {
        let lo = (0..n).map(|v| xs[v] - g.left[v]).fold(f32::INFINITY, f32::min);
        let hi = (0..n)
            .map(|v| xs[v] + g.right[v])
            .fold(f32::NEG_INFINITY, f32::max);
        hi - lo
    };
    let min_of = |xs: &[f32]| xs.iter().copied().fold(f32::INFINITY, f32::min);
    let max_of = |xs: &[f32]| xs.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut narrowest = 0;
    for (i, (_, xs)) in candidates.iter().enumerate() {
        if width(xs) < width(&candidates[narrowest].1) {
            narrowest = i;
        }
    }
    let (target_min, target_max) = (min_of(&candidates[narrowest].1), max_of(&candidates[narrowest].1));
    let mut x = vec![0.0f32; n];
    let mut four = [0.0f32; 4];
    let shifts: Vec<f32> = candidates
        .iter()
        .map(|(leftmost, xs)| {
            if *leftmost {
                target_min - min_of(xs)
            } else {
                target_max - max_of(xs)
            }
        })
        .collect();
    for (v, x) in x.iter_mut().enumerate() {
        for (i, (_, xs)) in candidates.iter().enumerate() {
            four[i] = xs[v] + shifts[i];
        }
        four.sort_by(f32::total_cmp);
        *x = (four[1] + four[2]) * 0.5;
    }

    // Rounding could undo a separation by a hair; restore them exactly.
    for row in &g.layers {
        for pair in row.windows(2) {
            if let [a, b] = *pair {
                let least = x[a] + g.separation(a, b);
                if x[b] < least {
                    x[b] = least;
                }
            }
        }
    }
    x
}

/// Is `v` a virtual vertex whose upper neighbour is virtual too (an inner segment of a long
/// edge)? Returns that neighbour.
fn inner_upper(g: &Proper, v: usize) -> Option<usize> {
    if g.node[v].is_some() {
        return None;
    }
    g.up[v].iter().copied().find(|&u| g.node[u].is_none())
}

/// For each vertex, the upper neighbours whose edge to it crosses an inner segment: such
/// edges are never used for alignment, so long edges stay straight.
fn type1_conflicts(g: &Proper) -> Vec<Vec<usize>> {
    let mut pos = vec![0usize; g.node.len()];
    for row in &g.layers {
        for (i, &v) in row.iter().enumerate() {
            pos[v] = i;
        }
    }
    let mut conflicts = vec![Vec::new(); g.node.len()];
    for pair in g.layers.windows(2) {
        let [upper, lower] = pair else { continue };
        let mut k0 = 0;
        let mut scan = 0;
        for (l, &v) in lower.iter().enumerate() {
            let inner = inner_upper(g, v);
            if inner.is_none() && l + 1 != lower.len() {
                continue;
            }
            let k1 = inner.map_or(upper.len(), |u| pos[u]);
            for &w in &lower[scan..=l] {
                for &u in &g.up[w] {
                    let both_virtual = g.node[u].is_none() && g.node[w].is_none();
                    if (pos[u] < k0 || k1 < pos[u]) && !both_virtual {
                        conflicts[w].push(u);
                    }
                }
            }
            scan = l + 1;
            k0 = k1;
        }
    }
    conflicts
}

/// One of the four placements: vertical alignment with neighbours above (`from_top`) or
/// below, then blocks packed towards the left (`leftmost`) or right.
fn compact(g: &Proper, conflicts: &[Vec<usize>], from_top: bool, leftmost: bool) -> Vec<f32> {
    let n = g.node.len();
    // The layers in the order this variant visits them, mirrored for the right-packed ones.
    let mut layers: Vec<Vec<usize>> = g.layers.clone();
    if !from_top {
        layers.reverse();
    }
    if !leftmost {
        for row in &mut layers {
            row.reverse();
        }
    }
    let mut pos = vec![0usize; n];
    for row in &layers {
        for (i, &v) in row.iter().enumerate() {
            pos[v] = i;
        }
    }
    let neighbours = if from_top { &g.up } else { &g.down };
    let conflicted = |a: usize, b: usize| conflicts[a].contains(&b) || conflicts[b].contains(&a);

    // Vertical alignment: each vertex joins the block of a median neighbour, left to right,
    // never crossing an alignment made just before in the same layer.
    let mut root: Vec<usize> = (0..n).collect();
    let mut ws = Vec::new();
    for row in &layers {
        let mut last: Option<usize> = None;
        for &v in row {
            ws.clear();
            ws.extend(neighbours[v].iter().copied());
            if ws.is_empty() {
                continue;
            }
            ws.sort_by_key(|&w| pos[w]);
            let (lo, hi) = ((ws.len() - 1) / 2, ws.len() / 2);
            for &w in &ws[lo..=hi] {
                if root[v] == v && last.is_none_or(|p| p < pos[w]) && !conflicted(v, w) {
                    root[v] = root[w];
                    last = Some(pos[w]);
                }
            }
        }
    }

    // Horizontal compaction on the graph of blocks: an edge from each block to the next one
    // in any layer, weighted by the separation the two vertices need.
    let mut preds: Vec<Vec<(usize, f32)>> = vec![Vec::new(); n];
    let mut succs: Vec<Vec<(usize, f32)>> = vec![Vec::new(); n];
    let mut indegree = vec![0usize; n];
    for row in &layers {
        for pair in row.windows(2) {
            if let [a, b] = *pair {
                // In a mirrored layer `a` is really to the right of `b`.
                let gap = if leftmost {
                    g.separation(a, b)
                } else {
                    g.separation(b, a)
                };
                let (ra, rb) = (root[a], root[b]);
                succs[ra].push((rb, gap));
                preds[rb].push((ra, gap));
                indegree[rb] += 1;
            }
        }
    }
    let blocks: Vec<usize> = (0..n).filter(|&v| root[v] == v).collect();
    let mut topo: Vec<usize> = blocks.iter().copied().filter(|&b| indegree[b] == 0).collect();
    let mut head = 0;
    while let Some(&b) = topo.get(head) {
        head += 1;
        for &(s, _) in &succs[b] {
            indegree[s] -= 1;
            if indegree[s] == 0 {
                topo.push(s);
            }
        }
    }
    if topo.len() < blocks.len() {
        // Cannot happen for an alignment without crossings; placed anyway, and `assign`
        // restores the separations.
        topo.extend(blocks.iter().copied().filter(|&b| indegree[b] > 0));
    }
    let mut x = vec![0.0f32; n];
    // Smallest coordinates first, then each block pulled towards its successors as far as
    // they allow, so blocks do not hug the left edge needlessly.
    for &b in &topo {
        x[b] = preds[b].iter().map(|&(p, gap)| x[p] + gap).fold(0.0, f32::max);
    }
    for &b in topo.iter().rev() {
        let room = succs[b]
            .iter()
            .map(|&(s, gap)| x[s] - gap)
            .fold(f32::INFINITY, f32::min);
        if room.is_finite() {
            x[b] = x[b].max(room);
        }
    }
    let sign = if leftmost { 1.0 } else { -1.0 };
    (0..n).map(|v| sign * x[root[v]]).collect()
}
