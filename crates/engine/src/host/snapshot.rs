//! What the simulator views draw: a plain, serialisable picture of the host, with the work
//! of deciding which buttons are legal already done (so a view needs no engine code).

use serde::{Deserialize, Serialize};

use super::container::LayerEntry;
use super::output::human_size;
use super::{Host, State};

/// The host as the views see it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Virtual ms since the host started.
    pub elapsed_ms: u64,
    /// Containers, oldest first.
    pub containers: Vec<ContainerView>,
    /// Local images.
    pub images: Vec<ImageView>,
    /// How the last `docker build` went, step by step (CACHED or why it ran).
    pub last_build: Option<super::BuildReport>,
    /// The working directory's files (the build context), by name.
    pub files: Vec<(String, String)>,
}

/// One container on a card.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ContainerView {
    /// Full ID.
    pub id: String,
    /// Name.
    pub name: String,
    /// The image as named.
    pub image: String,
    /// Its state.
    pub state: State,
    /// `docker ps` STATUS.
    pub status: String,
    /// Restarts by the policy.
    pub restart_count: u32,
    /// The writable layer: (path, `A/C` | `dir` | `D`).
    pub layer: Vec<(String, String)>,
    /// The card's buttons.
    pub actions: Vec<ActionView>,
}

impl ContainerView {
    /// The 12-digit ID.
    pub fn short_id(&self) -> &str {
        self.id.get(..12).unwrap_or(&self.id)
    }
}

/// A button: a docker command and whether it would do anything now.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ActionView {
    /// The subcommand (`pause`).
    pub action: String,
    /// The full line it runs (`docker pause web`).
    pub command: String,
    /// Why it is refused now: docker's error text, or empty when it would succeed but change
    /// nothing (`docker start` on a running container). `None` = it would change something.
    pub refusal: Option<String>,
}

/// An image in the local store.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ImageView {
    /// `repo:tag`.
    pub reference: String,
    /// 12-digit image ID.
    pub short_id: String,
    /// Number of read-only layers.
    pub layers: usize,
    /// `192MB`.
    pub size: String,
    /// Containers made from it.
    pub users: usize,
    /// Its history, oldest first: (created by, size in bytes, made a layer).
    pub history: Vec<(String, u64, bool)>,
}

/// The buttons a card offers.
const ACTIONS: &[&str] = &["start", "stop", "pause", "unpause", "restart", "kill", "rm"];

impl Host {
    /// The picture the views draw. Each button's verdict comes from running its command on a
    /// copy of the host, so a refusal is exactly what docker would answer.
    pub fn snapshot(&self) -> Snapshot {
        let now = self.now();
        let containers = self
            .containers()
            .iter()
            .map(|c| ContainerView {
                id: c.id.clone(),
                name: c.name.clone(),
                image: c.image.clone(),
                state: c.state(),
                status: c.status(now),
                restart_count: c.restart_count,
                layer: c
                    .layer
                    .iter()
                    .map(|(path, entry)| {
                        let mark = match entry {
                            LayerEntry::File(_) => "A/C",
                            LayerEntry::Dir => "dir",
                            LayerEntry::Whiteout => "D",
                        };
                        (path.clone(), mark.to_string())
                    })
                    .collect(),
                actions: ACTIONS
                    .iter()
                    .map(|action| {
                        let command = format!("docker {action} {}", c.name);
                        let outcome = self.clone().run(&command);
                        let refusal = if outcome.exit == 0 && !outcome.events.is_empty() {
                            None
                        } else {
                            Some(outcome.stderr.trim_end().to_string())
                        };
                        ActionView {
                            action: (*action).to_string(),
                            command,
                            refusal,
                        }
                    })
                    .collect(),
            })
            .collect();
        let images = self
            .images()
            .iter()
            .map(|img| ImageView {
                reference: img.reference(),
                short_id: img.id.get(7..19).unwrap_or_default().to_string(),
                layers: img.layers.len(),
                size: human_size(img.size()),
                users: self.containers().iter().filter(|c| c.image_id == img.id).count(),
                history: img
                    .history
                    .iter()
                    .map(|h| (h.created_by.clone(), h.size, h.layer))
                    .collect(),
            })
            .collect();
        Snapshot {
            elapsed_ms: self.elapsed(),
            containers,
            images,
            last_build: self.last_build().cloned(),
            files: self.files().iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_buttons_carry_dockers_words_and_no_ops_an_empty_reason() {
        let mut host = Host::new(14);
        host.run("docker run -d --name web nginx");
        host.run("docker pause web");
        let snapshot = host.snapshot();
        let card = &snapshot.containers[0];
        assert_eq!(card.state, State::Paused);
        let verdict = |action: &str| {
            card.actions
                .iter()
                .find(|a| a.action == action)
                .and_then(|a| a.refusal.clone())
        };
        assert_eq!(
            verdict("start"),
            Some("Error response from daemon: cannot start a paused container, try unpause instead\nfailed to start containers: web".to_string())
        );
        assert_eq!(verdict("unpause"), None);
        assert_eq!(verdict("stop"), None);
        host.run("docker unpause web");
        let snapshot = host.snapshot();
        let start = snapshot.containers[0]
            .actions
            .iter()
            .find(|a| a.action == "start")
            .cloned();
        assert_eq!(
            start.and_then(|a| a.refusal),
            Some(String::new()),
            "start on running: a no-op"
        );
        assert_eq!(snapshot.images[0].reference, "nginx:latest");
        assert_eq!(snapshot.images[0].users, 1);
    }

    #[test]
    fn taking_a_snapshot_changes_nothing() {
        let mut host = Host::new(14);
        host.run("docker run -d --name web nginx");
        let before = host.clone();
        let _ = host.snapshot();
        assert_eq!(host, before);
    }
}
