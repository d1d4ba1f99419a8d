//! Image housekeeping: `docker rmi` with its conflicts, `docker system df` (shared layers are
//! stored once), and `docker diff` (a container's writable layer as A/C/D).

use std::collections::BTreeSet;

use super::container::LayerEntry;
use super::flags::{flag, parse};
use super::output::{human_size, tabulate};
use super::{Host, Outcome, State};

impl Host {
    /// `docker rmi [-f] IMAGE…` (moby daemon/images/image_delete.go messages, FIDELITY §1.8).
    pub(super) fn cmd_rmi(&mut self, args: &[String]) -> Outcome {
        let parsed = match parse(
            args,
            &[flag("force", Some('f'), false), flag("no-prune", None, false)],
            true,
        ) {
            Ok(p) => p,
            Err(e) => return Outcome::fail(format!("{e}\nSee 'docker rmi --help'."), 125),
        };
        if parsed.args.is_empty() {
            return Outcome::fail(
                "docker: 'docker rmi' requires at least 1 argument\n\nUsage:  docker rmi [OPTIONS] IMAGE [IMAGE...]\n\nSee 'docker rmi --help' for more information",
                1,
            );
        }
        let force = parsed.has("force");
        let mut outcome = Outcome::default();
        for name in &parsed.args {
            let (repo, tag) = super::catalogue::split_reference(name);
            let by_name = self.images.iter().position(|i| i.repo == repo && i.tag == tag);
            let by_id = self
                .images
                .iter()
                .position(|i| i.id.get(7..).is_some_and(|id| id.starts_with(name.as_str())));
            let Some(index) = by_name.or(by_id) else {
                outcome.err(&format!(
                    "Error response from daemon: No such image: {repo}:{tag}"
                ));
                outcome.exit = 1;
                continue;
            };
            let image = self.images[index].clone();
            let short = image.id.get(7..19).unwrap_or_default().to_string();
            let users: Vec<(bool, String)> = self
                .containers
                .iter()
                .filter(|c| c.image_id == image.id)
                .map(|c| {
                    (
                        matches!(c.state(), State::Running | State::Paused | State::Restarting),
                        c.short_id().to_string(),
                    )
                })
                .collect();
            let other_tags = self.images.iter().filter(|i| i.id == image.id).count() > 1;
            if let Some((_, container)) = users.iter().find(|(running, _)| *running) {
                outcome.err(&format!(
                    "Error response from daemon: conflict: unable to delete {short} (cannot be forced) - image is being used by running container {container}"
                ));
                outcome.exit = 1;
                continue;
            }
            if let Some((_, container)) = users.first()
                && !force
                && !other_tags
            {
                let message = if by_name.is_some() {
                    format!(
                        "conflict: unable to remove repository reference \"{name}\" (must force) - container {container} is using its referenced image {short}"
                    )
                } else {
                    format!(
                        "conflict: unable to delete {short} (must be forced) - image is being used by stopped container {container}"
                    )
                };
                outcome.err(&format!("Error response from daemon: {message}"));
                outcome.exit = 1;
                continue;
            }
            if image.repo != "<none>" {
                outcome.out(&format!("Untagged: {}:{}", image.repo, image.tag));
            }
            self.images.remove(index);
            if other_tags {
                continue;
            }
            outcome.out(&format!("Deleted: {}", image.id));
            // Layers no other image uses are deleted with it (shared ones stay).
            let still_used: BTreeSet<&String> = self
                .images
                .iter()
                .flat_map(|i| i.layers.iter().map(|(d, _)| d))
                .collect();
            for (digest, _) in image.layers.iter().rev() {
                if !still_used.contains(digest) {
                    outcome.out(&format!("Deleted: {digest}"));
                }
            }
        }
        outcome
    }

    /// `docker system df`: disk use, with layers shared between images counted once.
    pub(super) fn cmd_system(&mut self, args: &[String]) -> Outcome {
        if args.first().map(String::as_str) != Some("df") {
            return Outcome::fail("paperlab: only `docker system df` is simulated", 1);
        }
        let mut layers: Vec<(&String, u64)> = Vec::new();
        for image in &self.images {
            for (digest, size) in &image.layers {
                if !layers.iter().any(|(d, _)| *d == digest) {
                    layers.push((digest, *size));
                }
            }
        }
        let total: u64 = layers.iter().map(|(_, s)| s).sum();
        let used_ids: BTreeSet<&String> = self.containers.iter().map(|c| &c.image_id).collect();
        let active = self.images.iter().filter(|i| used_ids.contains(&i.id)).count();
        let used_layers: BTreeSet<&String> = self
            .images
            .iter()
            .filter(|i| used_ids.contains(&i.id))
            .flat_map(|i| i.layers.iter().map(|(d, _)| d))
            .collect();
        let reclaimable: u64 = layers
            .iter()
            .filter(|(d, _)| !used_layers.contains(d))
            .map(|(_, s)| s)
            .sum();
        let container_size: u64 = self.containers.iter().map(super::Container::layer_size).sum();
        let running = self.containers.iter().filter(|c| c.running).count();
        let percent = |part: u64, whole: u64| (part * 100).checked_div(whole).unwrap_or(0);
        let text = format!(
            "TYPE\tTOTAL\tACTIVE\tSIZE\tRECLAIMABLE\n\
             Images\t{}\t{active}\t{}\t{} ({}%)\n\
             Containers\t{}\t{running}\t{}\t0B (0%)\n\
             Local Volumes\t0\t0\t0B\t0B\n\
             Build Cache\t{}\t0\t0B\t0B\n",
            self.images.len(),
            human_size(total),
            human_size(reclaimable),
            percent(reclaimable, total),
            self.containers.len(),
            human_size(container_size),
            self.build_cache.len(),
        );
        Outcome::text(tabulate(&text))
    }

    /// `docker diff CONTAINER`: A (added), C (changed), D (deleted), parents of changes as C.
    pub(super) fn cmd_diff(&mut self, args: &[String]) -> Outcome {
        let [name] = args else {
            return Outcome::fail(
                "docker: 'docker diff' requires exactly 1 argument\n\nUsage:  docker diff CONTAINER\n\nSee 'docker diff --help' for more information",
                1,
            );
        };
        let Some(c) = self
            .containers
            .iter()
            .find(|c| c.name == *name || c.id.starts_with(name.as_str()))
        else {
            return Outcome::fail(
                format!("Error response from daemon: No such container: {name}"),
                1,
            );
        };
        let lower: BTreeSet<String> =
            super::exec::lower_files(self.images.iter().find(|i| i.id == c.image_id))
                .iter()
                .map(|(p, _)| p.trim_end_matches('/').to_string())
                .collect();
        let mut lines: Vec<(String, char)> = Vec::new();
        for (path, entry) in &c.layer {
            let path = path.trim_end_matches('/').to_string();
            let kind = match entry {
                LayerEntry::Whiteout => 'D',
                _ if lower.contains(&path) => 'C',
                _ => 'A',
            };
            // Every folder above a change changed too.
            let mut parent = path.as_str();
            while let Some(i) = parent.rfind('/') {
                parent = &parent[..i];
                if parent.is_empty() {
                    break;
                }
                if !lines.iter().any(|(p, _)| p == parent) {
                    lines.push((parent.to_string(), 'C'));
                }
            }
            lines.retain(|(p, _)| *p != path);
            lines.push((path, kind));
        }
        lines.sort();
        let mut outcome = Outcome::default();
        for (path, kind) in lines {
            outcome.out(&format!("{kind} {path}"));
        }
        outcome
    }
}
