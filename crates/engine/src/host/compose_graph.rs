//! The compose view's graph: services, networks and volumes as boxes placed by the layered
//! layout ([`crate::layout`]), with `depends_on` edges from each dependency down to the service
//! that waits for it, so the drawing reads top-down in `up`'s start order.

use serde::{Deserialize, Serialize};

use super::compose::ComposeView;
use crate::layout::{Direction, Graph, NodeBox, Spacing, layered};

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NodeKind {
    /// A service.
    Service,
    /// A network.
    Network,
    /// A named volume.
    Volume,
}

/// A placed node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphNode {
    /// Service, network or volume.
    pub kind: NodeKind,
    /// Its key in the file (`api`, `default`, `db-data`).
    pub key: String,
    /// Top-left corner and size, in SVG units.
    pub x: f32,
    /// Top.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
    /// The start tier (0 = started first) for services.
    pub tier: usize,
}

/// A routed edge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphEdge {
    /// Index of the node it leaves (the dependency, for `depends_on`).
    pub from: usize,
    /// Index of the node it reaches.
    pub to: usize,
    /// `service_healthy` etc. for `depends_on`; empty for network and volume links.
    pub condition: String,
    /// The polyline.
    pub points: Vec<(f32, f32)>,
}

/// The whole drawing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GraphPicture {
    /// Nodes: services first (by name), then networks, then volumes.
    pub nodes: Vec<GraphNode>,
    /// Edges.
    pub edges: Vec<GraphEdge>,
    /// Drawing width.
    pub width: f32,
    /// Drawing height.
    pub height: f32,
}

/// Which optional parts to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GraphFilter {
    /// Networks as nodes.
    pub networks: bool,
    /// Volumes as nodes.
    pub volumes: bool,
}

/// Roughly how wide a label is in the view's 12 px monospace font.
fn text_width(chars: usize) -> f32 {
    chars as f32 * 7.3
}

/// Lays out the compose view's graph.
pub fn compose_graph(view: &ComposeView, filter: GraphFilter) -> GraphPicture {
    let mut nodes: Vec<(NodeKind, String, NodeBox)> = Vec::new();
    for s in &view.services {
        let longest = [
            s.name.chars().count() + 6,
            // The badge reads `build · myapp-api` for a built image.
            s.image.chars().count() + if s.build { 10 } else { 2 },
            s.ports.join(", ").chars().count(),
        ]
        .into_iter()
        .max()
        .unwrap_or(0);
        nodes.push((
            NodeKind::Service,
            s.name.clone(),
            NodeBox {
                width: (text_width(longest) + 24.0).max(120.0),
                height: if s.ports.is_empty() { 62.0 } else { 76.0 },
            },
        ));
    }
    let extra = |kind, keys: &[(String, String)], nodes: &mut Vec<(NodeKind, String, NodeBox)>| {
        for (key, name) in keys {
            nodes.push((
                kind,
                key.clone(),
                NodeBox {
                    width: text_width(name.chars().count()) + 28.0,
                    height: 30.0,
                },
            ));
        }
    };
    if filter.networks {
        extra(NodeKind::Network, &view.networks, &mut nodes);
    }
    if filter.volumes {
        extra(NodeKind::Volume, &view.volumes, &mut nodes);
    }
    let index = |kind: NodeKind, key: &str| nodes.iter().position(|(k, n, _)| *k == kind && n == key);
    // Only depends_on shapes the layers. Network and volume nodes go in a row of their own
    // below, each under the services that use it, linked by straight lines: as layered edges
    // they would span every layer and multiply the layout's work (and its crossings).
    let services = view.services.len();
    let mut depends: Vec<(usize, usize, String)> = Vec::new();
    let mut links: Vec<(usize, usize)> = Vec::new();
    for (i, s) in view.services.iter().enumerate() {
        for (dep, condition, _) in &s.depends_on {
            if let Some(d) = index(NodeKind::Service, dep) {
                depends.push((d, i, condition.clone()));
            }
        }
        if filter.networks {
            links.extend(
                s.networks
                    .iter()
                    .filter_map(|n| index(NodeKind::Network, n))
                    .map(|t| (i, t)),
            );
        }
        if filter.volumes {
            links.extend(
                s.volumes
                    .iter()
                    .filter_map(|v| index(NodeKind::Volume, v))
                    .map(|t| (i, t)),
            );
        }
    }
    let graph = Graph {
        nodes: nodes[..services].iter().map(|(_, _, b)| *b).collect(),
        edges: depends.iter().map(|(a, b, _)| (*a, *b)).collect(),
    };
    let spacing = Spacing {
        layer_gap: 56.0,
        node_gap: 22.0,
        margin: 12.0,
    };
    let layout = layered(&graph, Direction::TopDown, &spacing);
    let tier_of = |name: &str| {
        view.tiers
            .iter()
            .position(|t| t.iter().any(|n| n == name))
            .unwrap_or(0)
    };
    let mut placed: Vec<GraphNode> = nodes[..services]
        .iter()
        .zip(&layout.nodes)
        .map(|((kind, key, b), p)| GraphNode {
            kind: *kind,
            key: key.clone(),
            x: p.x,
            y: p.y,
            width: b.width,
            height: b.height,
            tier: tier_of(key),
        })
        .collect();
    // The resource row: each node centred under its services, then pushed right to not overlap.
    let row_y = if services == 0 {
        spacing.margin
    } else {
        layout.height - spacing.margin + spacing.layer_gap
    };
    let mut row: Vec<(f32, usize)> = (services..nodes.len())
        .map(|j| {
            let users: Vec<f32> = links
                .iter()
                .filter(|(_, t)| *t == j)
                .filter_map(|(s, _)| placed.get(*s).map(|n| n.x + n.width / 2.0))
                .collect();
            let centre = if users.is_empty() {
                0.0
            } else {
                users.iter().sum::<f32>() / users.len() as f32
            };
            (centre - nodes[j].2.width / 2.0, j)
        })
        .collect();
    row.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut next_x = spacing.margin;
    let mut resources: Vec<GraphNode> = Vec::new();
    for (want, j) in row {
        let (kind, key, b) = &nodes[j];
        let x = want.max(next_x);
        next_x = x + b.width + spacing.node_gap;
        resources.push(GraphNode {
            kind: *kind,
            key: key.clone(),
            x,
            y: row_y,
            width: b.width,
            height: b.height,
            tier: 0,
        });
    }
    // Keep node indices in the documented order: services, then networks, then volumes.
    resources.sort_by_key(|n| (n.kind != NodeKind::Network, n.key.clone()));
    let position = |n: &GraphNode| nodes.iter().position(|(k, key, _)| *k == n.kind && *key == n.key);
    let mut order: Vec<(usize, GraphNode)> = resources
        .into_iter()
        .filter_map(|n| Some((position(&n)?, n)))
        .collect();
    order.sort_by_key(|(i, _)| *i);
    placed.extend(order.into_iter().map(|(_, n)| n));
    let mut edges: Vec<GraphEdge> = layout
        .edges
        .iter()
        .map(|r| GraphEdge {
            from: r.from,
            to: r.to,
            condition: depends
                .iter()
                .find(|(a, b, _)| *a == r.from && *b == r.to)
                .map(|(_, _, c)| c.clone())
                .unwrap_or_default(),
            points: r.points.clone(),
        })
        .collect();
    for (s, t) in links {
        let (Some(a), Some(b)) = (placed.get(s), placed.get(t)) else {
            continue;
        };
        edges.push(GraphEdge {
            from: s,
            to: t,
            condition: String::new(),
            points: vec![(a.x + a.width / 2.0, a.y + a.height), (b.x + b.width / 2.0, b.y)],
        });
    }
    let width = placed
        .iter()
        .map(|n| n.x + n.width)
        .fold(layout.width - spacing.margin, f32::max)
        + spacing.margin;
    let height = placed.iter().map(|n| n.y + n.height).fold(0.0, f32::max) + spacing.margin;
    GraphPicture {
        nodes: placed,
        edges,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::Host;

    fn view(yaml: &str) -> ComposeView {
        let host = Host::new(14).with_files("myapp", [("compose.yaml".to_string(), yaml.to_string())]);
        host.compose_view().unwrap()
    }

    #[test]
    fn a_dependency_is_drawn_above_the_service_that_waits_for_it() {
        let v = view(
            "services:\n  web:\n    image: nginx\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres\n",
        );
        let g = compose_graph(&v, GraphFilter::default());
        let node = |k: &str| g.nodes.iter().find(|n| n.key == k).unwrap();
        assert!(node("db").y + node("db").height < node("web").y);
        assert_eq!((node("db").tier, node("web").tier), (0, 1));
        assert_eq!(g.edges.len(), 1);
        assert_eq!(g.edges[0].condition, "service_healthy");
        assert_eq!(g.nodes[g.edges[0].from].key, "db");
    }

    #[test]
    fn networks_and_volumes_are_nodes_only_when_asked_for() {
        let v = view(
            "services:\n  db:\n    image: postgres\n    volumes: [\"data:/var/lib/postgresql\"]\nvolumes:\n  data: {}\n",
        );
        assert_eq!(compose_graph(&v, GraphFilter::default()).nodes.len(), 1);
        let all = compose_graph(
            &v,
            GraphFilter {
                networks: true,
                volumes: true,
            },
        );
        let kinds: Vec<NodeKind> = all.nodes.iter().map(|n| n.kind).collect();
        assert_eq!(kinds, [NodeKind::Service, NodeKind::Network, NodeKind::Volume]);
        assert_eq!(all.edges.len(), 2);
        // No two boxes overlap.
        for (i, a) in all.nodes.iter().enumerate() {
            for b in &all.nodes[i + 1..] {
                let apart = a.x + a.width <= b.x
                    || b.x + b.width <= a.x
                    || a.y + a.height <= b.y
                    || b.y + b.height <= a.y;
                assert!(apart, "{} overlaps {}", a.key, b.key);
            }
        }
    }
}
