//! The graph-theory steps before any drawing: cleaning the edge list, breaking cycles,
//! assigning layers and splitting the graph into connected components.

use super::Graph;
use std::collections::{BTreeSet, VecDeque};

/// The valid edges of `graph` (both ends in range), each once, in order of first appearance.
/// Self-loops are kept.
pub(super) fn unique_edges(graph: &Graph) -> Vec<(usize, usize)> {
    let n = graph.nodes.len();
    let mut seen = BTreeSet::new();
    graph
        .edges
        .iter()
        .copied()
        .filter(|&(u, v)| u < n && v < n && seen.insert((u, v)))
        .collect()
}

/// Which of `links` (no self-loops) to turn around so the graph has no cycle: the back edges
/// of a depth-first search that starts from nodes in index order and follows edges to
/// lower-numbered nodes first. None for a graph without cycles; not always the fewest
/// possible (that problem is NP-hard), but each reversal breaks at least one cycle.
pub(super) fn back_edges(n: usize, links: &[(usize, usize)]) -> Vec<bool> {
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (i, &(u, v)) in links.iter().enumerate() {
        out[u].push((v, i));
    }
    for targets in &mut out {
        targets.sort_unstable();
    }
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnPath,
        Done,
    }
    let mut state = vec![State::New; n];
    let mut reversed = vec![false; links.len()];
    // An explicit stack of (node, next out-edge to try): no recursion depth limit in wasm.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if state[root] != State::New {
            continue;
        }
        state[root] = State::OnPath;
        stack.push((root, 0));
        while let Some(top) = stack.last_mut() {
            let (v, next) = *top;
            if let Some(&(w, i)) = out[v].get(next) {
                top.1 += 1;
                match state[w] {
                    State::OnPath => reversed[i] = true,
                    State::New => {
                        state[w] = State::OnPath;
                        stack.push((w, 0));
                    }
                    State::Done => {}
                }
            } else {
                state[v] = State::Done;
                stack.pop();
            }
        }
    }
    reversed
}

/// Layer of each node for the acyclic `edges` (top, bottom): 0 for a node with no incoming
/// edge, otherwise one below its deepest predecessor (the longest path from a source).
pub(super) fn longest_path(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indegree = vec![0usize; n];
    for &(t, b) in edges {
        out[t].push(b);
        indegree[b] += 1;
    }
    let mut layer = vec![0usize; n];
    let mut ready: VecDeque<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    while let Some(v) = ready.pop_front() {
        for &w in &out[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            indegree[w] -= 1;
            if indegree[w] == 0 {
                ready.push_back(w);
            }
        }
    }
    layer
}

/// The weakly connected components of the graph, each a sorted list of nodes, ordered by
/// their smallest node.
pub(super) fn components(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut v: usize) -> usize {
        while parent[v] != v {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        v
    }
    for &(a, b) in edges {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        // The smaller root wins, so each root is its component's smallest node.
        if ra < rb {
            parent[rb] = ra;
        } else if rb < ra {
            parent[ra] = rb;
        }
    }
    let mut index_of_root = vec![usize::MAX; n];
    let mut components: Vec<Vec<usize>> = Vec::new();
    for v in 0..n {
        let r = find(&mut parent, v);
        if index_of_root[r] == usize::MAX {
            index_of_root[r] = components.len();
            components.push(Vec::new());
        }
        components[index_of_root[r]].push(v);
    }
    components
}
