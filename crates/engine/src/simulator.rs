//! The simulators a lesson part can show beside its text.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A simulator that can sit beside a part of a lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Simulator {
    /// A Dockerfile as a stack of read-only layers, the build cache, a container's writable layer.
    ImageLayers,
    /// Containers moving through created → running → paused → exited → removed.
    Lifecycle,
    /// A compose.yaml as a service graph; `up` / `down` in order.
    Compose,
    /// Pods, nodes, deployments and services.
    Kubernetes,
}

impl Simulator {
    /// Every simulator, in the order a paper introduces them.
    pub const ALL: [Simulator; 4] = [
        Simulator::ImageLayers,
        Simulator::Lifecycle,
        Simulator::Compose,
        Simulator::Kubernetes,
    ];

    /// The name used in `content/index.txt`.
    pub fn name(self) -> &'static str {
        match self {
            Simulator::ImageLayers => "layers",
            Simulator::Lifecycle => "lifecycle",
            Simulator::Compose => "compose",
            Simulator::Kubernetes => "kubernetes",
        }
    }

    /// The simulator with this index name.
    pub fn from_name(name: &str) -> Option<Simulator> {
        Simulator::ALL.into_iter().find(|s| s.name() == name)
    }
}

impl fmt::Display for Simulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
