//! The host the lab drives: in this module the engine is right here, so "loading" it is
//! making a fresh host, and every call is a plain function call.

use std::cell::RefCell;
use std::rc::Rc;

use engine::host::compose::ComposeView;
use engine::host::compose_graph::{GraphFilter, GraphPicture, compose_graph};
use engine::host::{CacheComparison, Host, Outcome, Snapshot};

/// One lesson's simulated host.
#[derive(Clone, Default)]
pub struct Engine(Rc<RefCell<Host>>);

impl Engine {
    /// A fresh host (kept async-shaped: the lab awaits it).
    pub async fn load() -> Result<Engine, String> {
        Ok(Engine::default())
    }

    /// Runs a console line.
    pub fn run(&self, line: &str) -> Outcome {
        self.0.borrow_mut().run(line)
    }

    /// Lets `ms` pass; the events.
    pub fn advance(&self, ms: u64) -> Outcome {
        Outcome {
            events: self.0.borrow_mut().advance(ms),
            ..Outcome::default()
        }
    }

    /// The host's picture.
    pub fn snapshot(&self) -> Snapshot {
        self.0.borrow().snapshot()
    }

    /// The first problem in a Dockerfile, as (1-based line, BuildKit's message).
    pub fn check_dockerfile(&self, text: &str) -> Option<(u64, String)> {
        engine::dockerfile::parse_dockerfile(text)
            .err()
            .map(|e| (e.line as u64, e.to_string()))
    }

    /// What one source edit costs now and with the install moved up.
    pub fn compare_cache_cost(&self) -> Option<CacheComparison> {
        self.0.borrow().compare_cache_cost()
    }

    /// A compose file text's view and its graph laid out.
    pub fn compose_preview(
        &self,
        text: &str,
        networks: bool,
        volumes: bool,
    ) -> Option<(ComposeView, GraphPicture)> {
        let view = self.0.borrow().compose_view_of("compose.yaml", text);
        let picture = compose_graph(&view, GraphFilter { networks, volumes });
        Some((view, picture))
    }

    /// Back to a fresh host.
    pub fn reset(&self) {
        *self.0.borrow_mut() = Host::default();
    }
}
