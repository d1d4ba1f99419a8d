//! Layered (Sugiyama-style) graph layout: boxes in layers, few crossings, straight chains.
//!
//! Made for drawing a Compose project's services and their `depends_on` edges as SVG, but
//! knows nothing about Compose: it takes box sizes and edges and returns coordinates.
//!
//! ```text
//! Graph ─▶ rank.rs      valid unique edges; DFS back edges reversed (cycles); longest-path layers;
//!                       connected components
//!       ─▶ (here)       a "proper" graph per component: long edges become chains of virtual nodes
//!       ─▶ order.rs     crossing reduction: median / barycentre sweeps + transpose from two
//!                       starts, best kept, then sifting; within a fixed effort budget
//!       ─▶ position.rs  Brandes–Köpf: four aligned compactions, balanced
//!       ─▶ (here)       components side by side, layers as bands, routes ─▶ Layout
//! ```
//!
//! Everything is computed on an abstract "cross" axis (along a layer) and "main" axis (from
//! layer to layer); [`Direction`] only decides which of them is `x` at the very end, so
//! `LeftRight` is exactly `TopDown` transposed.
//!
//! Cost: 200 nodes and 400 edges take about 10 ms natively (`examples/layout_bench.rs`), and
//! crossing reduction, the costly step, stops at a fixed effort budget on denser graphs. No
//! clock and no randomness: the same input gives the same drawing on every platform.

mod order;
mod position;
mod rank;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The size of one node's box, in drawing units (SVG user units).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct NodeBox {
    /// Horizontal size of the box.
    pub width: f32,
    /// Vertical size of the box.
    pub height: f32,
}

/// A directed graph to lay out: boxes and the edges between them, by index into `nodes`.
///
/// Edges whose ends are out of range are ignored, a repeated edge is drawn once, and cycles
/// are allowed (see [`Route::reversed`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Graph {
    /// The boxes; a node's index is its identity.
    pub nodes: Vec<NodeBox>,
    /// `(u, v)`: `u` is drawn in an earlier layer than `v` (above it in
    /// [`Direction::TopDown`]) — for Compose, `u` depends on `v` or `v` depends on `u`,
    /// whichever way the caller wants the arrows to flow.
    pub edges: Vec<(usize, usize)>,
}

/// How far apart things are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spacing {
    /// Space between two consecutive layers (between the bands they occupy).
    pub layer_gap: f32,
    /// Space between two boxes side by side in a layer, and between components. Edges that
    /// pass through a layer keep half of it from each other and three quarters from boxes.
    pub node_gap: f32,
    /// Empty border around the whole drawing.
    pub margin: f32,
}

impl Default for Spacing {
    /// Sizes that suit boxes of about 120 × 40 holding a service name.
    fn default() -> Self {
        Spacing {
            layer_gap: 48.0,
            node_gap: 24.0,
            margin: 16.0,
        }
    }
}

/// Which way the layers run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Direction {
    /// Layer 0 at the top, edges pointing down.
    #[default]
    TopDown,
    /// Layer 0 at the left, edges pointing right.
    LeftRight,
}

/// Where one node ended up.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Placed {
    /// Left side of the box.
    pub x: f32,
    /// Top side of the box.
    pub y: f32,
    /// Layer number: 0 for nodes with no incoming edge (after cycles are broken), otherwise
    /// one more than the deepest node with an edge into it.
    pub layer: usize,
    /// Position within the layer across the whole drawing, 0 = leftmost (topmost in
    /// [`Direction::LeftRight`]).
    pub order: usize,
}

/// How one edge is drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Route {
    /// The edge's first node, as given in [`Graph::edges`].
    pub from: usize,
    /// The edge's second node, as given in [`Graph::edges`].
    pub to: usize,
    /// A polyline from the border of `from` (the middle of its side facing `to`) to the border
    /// of `to` (the middle of its side facing `from`); put the arrowhead on the last point.
    /// A self-loop is a small rectangle-shaped detour beside the node.
    pub points: Vec<(f32, f32)>,
    /// The edge was turned around to break a cycle, so it runs against the layer direction
    /// (upwards in [`Direction::TopDown`]); `points` still go from `from` to `to`.
    pub reversed: bool,
}

/// A finished drawing.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Layout {
    /// One entry per node of the [`Graph`], same index.
    pub nodes: Vec<Placed>,
    /// One route per distinct valid edge (self-loops included), in order of first appearance
    /// in [`Graph::edges`]; out-of-range and repeated edges have none.
    pub edges: Vec<Route>,
    /// Width of the drawing, margins included (an SVG `viewBox` of `0 0 width height`).
    pub width: f32,
    /// Height of the drawing, margins included.
    pub height: f32,
    /// How many pairs of edge segments cross between consecutive layers.
    pub crossings: usize,
}

/// Lays `graph` out in layers running in `direction`, with gaps from `spacing`.
///
/// Deterministic: the same graph always gives the same layout. Never panics, whatever the
/// input (cycles, self-loops, repeated or out-of-range edges, zero, negative or NaN sizes —
/// the latter two count as 0).
///
/// ```
/// use engine::layout::{Direction, Graph, NodeBox, Spacing, layered};
///
/// let service = NodeBox { width: 120.0, height: 40.0 };
/// // web → api → db, plus web → db: the long edge bends around api.
/// let graph = Graph { nodes: vec![service; 3], edges: vec![(0, 1), (1, 2), (0, 2)] };
/// let layout = layered(&graph, Direction::TopDown, &Spacing::default());
/// assert_eq!(layout.nodes.iter().map(|p| p.layer).collect::<Vec<_>>(), [0, 1, 2]);
/// assert_eq!(layout.crossings, 0);
/// assert!(layout.edges[2].points.len() > 2);
/// ```
pub fn layered(graph: &Graph, direction: Direction, spacing: &Spacing) -> Layout {
    let spacing = Spacing {
        layer_gap: non_negative(spacing.layer_gap),
        node_gap: non_negative(spacing.node_gap),
        margin: non_negative(spacing.margin),
    };
    let n = graph.nodes.len();
    // Sizes along a layer (cross) and from layer to layer (main).
    let (cross_size, main_size): (Vec<f32>, Vec<f32>) = graph
        .nodes
        .iter()
        .map(|b| (non_negative(b.width), non_negative(b.height)))
        .map(|(w, h)| {
            if direction == Direction::TopDown {
                (w, h)
            } else {
                (h, w)
            }
        })
        .unzip();

    let edges = rank::unique_edges(graph);
    let mut looped = vec![false; n];
    let mut links = Vec::new();
    for &(u, v) in &edges {
        if u == v {
            looped[u] = true;
        } else {
            links.push((u, v));
        }
    }
    let reversed = rank::back_edges(n, &links);
    // Each link as (top, bottom) once cycles are broken.
    let oriented: Vec<(usize, usize)> = links
        .iter()
        .zip(&reversed)
        .map(|(&(u, v), &r)| if r { (v, u) } else { (u, v) })
        .collect();
    let layer = rank::longest_path(n, &oriented);
    let bands = Bands::new(&layer, &main_size, &spacing);
    // A self-loop sticks out on the node's right (below it in LeftRight) by this much.
    let loop_reach = (spacing.node_gap * 0.5).max(8.0);

    // Each component on its own, then side by side in order of their smallest node.
    let components = rank::components(n, &oriented);
    let mut component_of = vec![0usize; n];
    let mut local = vec![0usize; n];
    for (c, members) in components.iter().enumerate() {
        for (i, &v) in members.iter().enumerate() {
            component_of[v] = c;
            local[v] = i;
        }
    }
    let mut links_of_component: Vec<Vec<usize>> = vec![Vec::new(); components.len()];
    for (i, &(t, _)) in oriented.iter().enumerate() {
        links_of_component[component_of[t]].push(i);
    }
    let mut chain_of_link = vec![0usize; links.len()];
    let mut drawn: Vec<Drawn> = Vec::with_capacity(components.len());
    let mut crossings = 0;
    let mut effort = 0;
    let mut cross_end = 0.0f32;
    for (c, members) in components.iter().enumerate() {
        let mut proper = Proper::new(members, &layer, &cross_size, &looped, loop_reach, &spacing);
        // One chain per distinct (top, bottom) pair: the two links of a 2-cycle a→b→a share it.
        let mut chain_of_pair = BTreeMap::new();
        for &i in &links_of_component[c] {
            let (t, b) = oriented[i];
            chain_of_link[i] = *chain_of_pair
                .entry((t, b))
                .or_insert_with(|| proper.add_chain(local[t], local[b]));
        }
        crossings += order::reduce_crossings(&mut proper, &mut effort);
        let mut centre = position::assign(&proper);

        // Shift the component so that its left extent is `node_gap` after the previous one.
        let lo = (0..centre.len())
            .map(|v| centre[v] - proper.left[v])
            .fold(f32::INFINITY, f32::min);
        let hi = (0..centre.len())
            .map(|v| centre[v] + proper.right[v])
            .fold(f32::NEG_INFINITY, f32::max);
        let (lo, hi) = if lo.is_finite() && hi.is_finite() {
            (lo, hi)
        } else {
            (0.0, 0.0)
        };
        let start = if c == 0 { 0.0 } else { cross_end + spacing.node_gap };
        for x in &mut centre {
            *x += spacing.margin + start - lo;
        }
        cross_end = start + (hi - lo);
        drawn.push(Drawn { proper, centre });
    }

    // Boxes; `order` counts across components, which sit left to right.
    let mut nodes = vec![
        Placed {
            x: 0.0,
            y: 0.0,
            layer: 0,
            order: 0,
        };
        n
    ];
    let mut centre = vec![0.0f32; n];
    let mut next_order = vec![0usize; bands.size.len()];
    for d in &drawn {
        for &v in d.proper.layers.iter().flatten() {
            if let Some(node) = d.proper.node[v] {
                let l = layer[node];
                centre[node] = d.centre[v];
                let corner = (
                    d.centre[v] - cross_size[node] * 0.5,
                    bands.top_of(l, main_size[node]),
                );
                let (x, y) = to_xy(direction, corner);
                nodes[node] = Placed {
                    x,
                    y,
                    layer: l,
                    order: next_order[l],
                };
                next_order[l] += 1;
            }
        }
    }

    // Routes, in (cross, main) coordinates until the end.
    let mut links_seen = 0;
    let routes = edges
        .iter()
        .map(|&(from, to)| {
            let (points, was_reversed) = if from == to {
                let right = centre[from] + cross_size[from] * 0.5;
                let mid = bands.top_of(layer[from], main_size[from]) + main_size[from] * 0.5;
                let half = main_size[from] * 0.25;
                let points = vec![
                    (right, mid - half),
                    (right + loop_reach, mid - half),
                    (right + loop_reach, mid + half),
                    (right, mid + half),
                ];
                (points, false)
            } else {
                let i = links_seen;
                links_seen += 1;
                let (t, b) = oriented.get(i).copied().unwrap_or((from, to));
                // Leave `t` from the middle of its bottom side, cross its band straight down,
                // pass through each virtual vertex's band straight down, enter `b` likewise.
                let mut points = vec![
                    (centre[t], bands.top_of(layer[t], main_size[t]) + main_size[t]),
                    (centre[t], bands.end(layer[t])),
                ];
                let chain = drawn
                    .get(component_of[t])
                    .and_then(|d| Some((d, d.proper.chains.get(*chain_of_link.get(i)?)?)));
                if let Some((d, chain)) = chain {
                    for &v in chain.iter().skip(1).take(chain.len().saturating_sub(2)) {
                        let l = d.proper.layer[v];
                        points.push((d.centre[v], bands.start[l]));
                        points.push((d.centre[v], bands.end(l)));
                    }
                }
                points.push((centre[b], bands.start[layer[b]]));
                points.push((centre[b], bands.top_of(layer[b], main_size[b])));
                let mut points = simplify(points);
                let was_reversed = reversed.get(i).copied().unwrap_or(false);
                if was_reversed {
                    points.reverse();
                }
                (points, was_reversed)
            };
            Route {
                from,
                to,
                points: points.into_iter().map(|p| to_xy(direction, p)).collect(),
                reversed: was_reversed,
            }
        })
        .collect();

    let (width, height) = to_xy(direction, (cross_end, bands.total));
    Layout {
        nodes,
        edges: routes,
        width: width + 2.0 * spacing.margin,
        height: height + 2.0 * spacing.margin,
        crossings,
    }
}

/// A point on the (cross, main) axes as (x, y).
fn to_xy(direction: Direction, (cross, main): (f32, f32)) -> (f32, f32) {
    match direction {
        Direction::TopDown => (cross, main),
        Direction::LeftRight => (main, cross),
    }
}

/// The bands the layers occupy along the main axis: as deep as their deepest box, shared by
/// all components so that a layer is one row across the whole drawing.
struct Bands {
    /// Where each band starts (the margin included).
    start: Vec<f32>,
    /// How deep each band is.
    size: Vec<f32>,
    /// From the first band's start to the last one's end.
    total: f32,
}

impl Bands {
    fn new(layer: &[usize], main_size: &[f32], spacing: &Spacing) -> Bands {
        let count = layer.iter().max().map_or(0, |&l| l + 1);
        let mut size = vec![0.0f32; count];
        for (&l, &s) in layer.iter().zip(main_size) {
            size[l] = size[l].max(s);
        }
        let mut start = Vec::with_capacity(count);
        let mut cursor = spacing.margin;
        for (l, &s) in size.iter().enumerate() {
            if l > 0 {
                cursor += spacing.layer_gap;
            }
            start.push(cursor);
            cursor += s;
        }
        Bands {
            start,
            size,
            total: cursor - spacing.margin,
        }
    }

    /// Where band `l` ends.
    fn end(&self, l: usize) -> f32 {
        self.start[l] + self.size[l]
    }

    /// Where a box of depth `depth` starts, centred in band `l`.
    fn top_of(&self, l: usize, depth: f32) -> f32 {
        self.start[l] + (self.size[l] - depth) * 0.5
    }
}

/// One component after ordering and positioning.
struct Drawn {
    /// Its layered graph, layers in their final order.
    proper: Proper,
    /// Centre of each vertex along the cross axis, in drawing coordinates.
    centre: Vec<f32>,
}

/// `x` if it is a non-negative number, otherwise 0 (`f32::max` ignores a NaN).
fn non_negative(x: f32) -> f32 {
    x.max(0.0)
}

/// Drops repeated points and the middle of three points on one straight line.
fn simplify(points: Vec<(f32, f32)>) -> Vec<(f32, f32)> {
    let mut out: Vec<(f32, f32)> = Vec::with_capacity(points.len());
    for p in points {
        if out.last() == Some(&p) {
            continue;
        }
        if let [.., a, b] = out[..] {
            let cross = (b.0 - a.0) * (p.1 - a.1) - (b.1 - a.1) * (p.0 - a.0);
            let scale = (b.0 - a.0).abs() + (b.1 - a.1).abs() + (p.0 - a.0).abs() + (p.1 - a.1).abs();
            if cross.abs() <= 1e-4 * scale * scale {
                out.pop();
            }
        }
        out.push(p);
    }
    if out.len() == 1 {
        // A zero-length edge (two empty boxes touching) still needs two points.
        out.push(out[0]);
    }
    out
}

/// One connected component as a *proper* layered graph: every edge joins consecutive layers,
/// long edges being chains through virtual vertices. Vertex ids are local: the component's
/// real nodes first (in index order), then virtual ones.
struct Proper {
    /// The [`Graph`] node behind each vertex; `None` for a virtual vertex.
    node: Vec<Option<usize>>,
    /// Layer of each vertex.
    layer: Vec<usize>,
    /// Neighbours in the layer above.
    up: Vec<Vec<usize>>,
    /// Neighbours in the layer below.
    down: Vec<Vec<usize>>,
    /// Vertices of each layer, in drawing order.
    layers: Vec<Vec<usize>>,
    /// Extent of each vertex left of its centre.
    left: Vec<f32>,
    /// Extent right of its centre (a self-loop's reach included).
    right: Vec<f32>,
    /// Half the gap each vertex wants to its neighbours in the layer.
    half_gap: Vec<f32>,
    /// Vertices of each chain, top to bottom, ends included.
    chains: Vec<Vec<usize>>,
    /// Half gap of a virtual vertex.
    virtual_half_gap: f32,
}

impl Proper {
    /// The component made of the real nodes `members` (sorted), no edges yet.
    fn new(
        members: &[usize],
        layer: &[usize],
        cross_size: &[f32],
        looped: &[bool],
        loop_reach: f32,
        spacing: &Spacing,
    ) -> Proper {
        let count = members.len();
        let layers_here = members.iter().map(|&v| layer[v] + 1).max().unwrap_or(0);
        let mut layers = vec![Vec::new(); layers_here];
        for (i, &v) in members.iter().enumerate() {
            layers[layer[v]].push(i);
        }
        Proper {
            node: members.iter().map(|&v| Some(v)).collect(),
            layer: members.iter().map(|&v| layer[v]).collect(),
            up: vec![Vec::new(); count],
            down: vec![Vec::new(); count],
            layers,
            left: members.iter().map(|&v| cross_size[v] * 0.5).collect(),
            right: members
                .iter()
                .map(|&v| cross_size[v] * 0.5 + if looped[v] { loop_reach } else { 0.0 })
                .collect(),
            half_gap: vec![spacing.node_gap * 0.5; count],
            chains: Vec::new(),
            virtual_half_gap: spacing.node_gap * 0.25,
        }
    }

    /// Adds an edge from local vertex `top` down to `bottom` (in a later layer), through one
    /// virtual vertex per layer in between; returns the chain's index.
    fn add_chain(&mut self, top: usize, bottom: usize) -> usize {
        let mut chain = vec![top];
        let mut last = top;
        let (from_layer, to_layer) = (self.layer[top], self.layer[bottom]);
        for l in from_layer + 1..to_layer {
            let v = self.node.len();
            self.node.push(None);
            self.layer.push(l);
            self.up.push(vec![last]);
            self.down.push(Vec::new());
            self.left.push(0.0);
            self.right.push(0.0);
            self.half_gap.push(self.virtual_half_gap);
            if let Some(row) = self.layers.get_mut(l) {
                row.push(v);
            }
            self.down[last].push(v);
            chain.push(v);
            last = v;
        }
        self.down[last].push(bottom);
        self.up[bottom].push(last);
        chain.push(bottom);
        self.chains.push(chain);
        self.chains.len() - 1
    }

    /// The least distance between the centres of `a` and `b` when `a` is just left of `b`.
    fn separation(&self, a: usize, b: usize) -> f32 {
        self.right[a] + self.half_gap[a] + self.half_gap[b] + self.left[b]
    }
}
