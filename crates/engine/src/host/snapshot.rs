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
    /// The last `docker compose` command's progress, for the compose view to replay.
    pub compose_run: Option<super::compose::ComposeRun>,
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
    /// The 12-digit ID of its image.
    pub image_short_id: String,
    /// The writable layer: (path, `A/C` | `dir` | `D`).
    pub layer: Vec<(String, String)>,
    /// Bytes in the writable layer.
    pub layer_size: u64,
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
    /// Its history, oldest first.
    pub history: Vec<HistoryRow>,
    /// Files its own build steps put there (`/app/main.py`), sorted.
    pub files: Vec<String>,
}

/// One instruction of an image's history.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HistoryRow {
    /// The instruction that made it.
    pub created_by: String,
    /// Bytes it added.
    pub size: u64,
    /// The 12-digit digest of the layer it made; `None` for metadata-only instructions. Two
    /// images showing the same digest share that layer, stored once.
    pub layer: Option<String>,
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
                image_short_id: c.image_id.get(7..19).unwrap_or_default().to_string(),
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
                layer_size: c.layer_size(),
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
                history: {
                    // Layer-making entries take the image's layers in order.
                    let mut layers = img.layers.iter();
                    img.history
                        .iter()
                        .map(|h| HistoryRow {
                            created_by: h.created_by.clone(),
                            size: h.size,
                            layer: h
                                .layer
                                .then(|| layers.next())
                                .flatten()
                                .map(|(d, _)| d.get(7..19).unwrap_or_default().to_string()),
                        })
                        .collect()
                },
                files: img.files.keys().cloned().collect(),
            })
            .collect();
        Snapshot {
            elapsed_ms: self.elapsed(),
            containers,
            images,
            last_build: self.last_build().cloned(),
            files: self.files().iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            compose_run: self.last_compose.clone(),
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
    fn every_layer_row_names_its_layer_and_images_on_one_base_share_those_rows() {
        let mut host = Host::new(14);
        host.run("docker pull python:3.10");
        host.run("docker pull node");
        host.run("docker run -d --name box python:3.10 sleep 1000");
        host.run("docker exec box sh -c 'echo hello > /notes.txt'");
        let snapshot = host.snapshot();
        let layers = |i: usize| -> Vec<String> {
            snapshot.images[i]
                .history
                .iter()
                .filter_map(|h| h.layer.clone())
                .collect()
        };
        for (i, image) in snapshot.images.iter().enumerate() {
            let made = image.history.iter().filter(|h| h.layer.is_some()).count();
            assert_eq!(made, image.layers, "{}", image.reference);
            assert!(layers(i).iter().all(|d| d.len() == 12));
        }
        let shared = layers(0).iter().filter(|d| layers(1).contains(d)).count();
        assert!(shared >= 1, "python and node share the Debian base");
        assert!(shared < snapshot.images[0].layers);
        let card = &snapshot.containers[0];
        assert_eq!(card.image_short_id, snapshot.images[0].short_id);
        assert_eq!(card.layer_size, "hello\n".len() as u64);
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
