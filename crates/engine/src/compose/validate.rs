//! compose-go's consistency checks (`loader/validate.go` `checkConsistency`) and its dependency
//! cycle detection (`graph/cycle.go`), with their exact messages.
//!
//! compose-go stops at the first problem and visits services in Go map order (random, so which
//! one is reported first is not stable — UNCONFIRMED); this module visits them alphabetically,
//! runs each service's checks in compose-go's order, collects every problem, and checks for a
//! cycle last.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{MountKind, Project, Service};

/// compose-go's `errdefs.ErrInvalid` suffix.
const INVALID: &str = "invalid compose project";

/// One consistency problem.
pub(crate) struct Problem {
    pub(crate) line: usize,
    pub(crate) message: String,
}

/// Runs every check on the enabled services of a built project.
pub(crate) fn check_consistency(project: &Project) -> Vec<Problem> {
    let mut out = Vec::new();
    for s in &project.services {
        check_service(project, s, &mut out);
    }
    if let Some(problem) = find_cycle(project) {
        out.push(problem);
    }
    out
}

fn check_service(project: &Project, s: &Service, out: &mut Vec<Problem>) {
    let name = &s.name;
    if s.build.is_none() && s.image.is_none() {
        out.push(Problem {
            line: s.line,
            message: format!(
                "service {} has neither an image nor a build context specified: {INVALID}",
                quoted(name)
            ),
        });
    }
    if let Some(build) = &s.build
        && build.dockerfile_inline.is_some()
        && build.dockerfile.as_deref().is_some_and(|d| !d.is_empty())
    {
        out.push(Problem {
            line: build.line,
            // "mutualy" is compose-go's spelling.
            message: format!(
                "service {} declares mutualy exclusive dockerfile and dockerfile_inline: {INVALID}",
                quoted(name)
            ),
        });
    }
    if s.network_mode.is_some() && !s.networks.is_empty() {
        out.push(Problem {
            line: s.networks.first().map_or(s.line, |n| n.line),
            message: format!(
                "service {name} declares mutually exclusive `network_mode` and `networks`: {INVALID}"
            ),
        });
    }
    for network in &s.networks {
        if project.network(&network.name).is_none() {
            out.push(Problem {
                line: network.line,
                message: format!(
                    "service {} refers to undefined network {}: {INVALID}",
                    quoted(name),
                    network.name
                ),
            });
        }
    }
    if let Some(hc) = &s.healthcheck
        && let Some(first) = hc.test.as_ref().and_then(|t| t.first())
        && !matches!(first.as_str(), "CMD" | "CMD-SHELL" | "NONE")
    {
        out.push(Problem {
            line: hc.line,
            message: r#"healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE""#.to_owned(),
        });
    }
    for dep in &s.depends_on {
        if project.service(&dep.service).is_some() {
            continue;
        }
        let disabled = project.disabled_services.iter().any(|d| d.name == dep.service);
        if disabled && !dep.required {
            continue;
        }
        out.push(Problem {
            line: dep.line,
            message: format!(
                "service {} depends on undefined service {}: {INVALID}",
                quoted(name),
                quoted(&dep.service)
            ),
        });
    }
    if let Some(shared) = s.network_mode.as_deref().and_then(|m| m.strip_prefix("service:"))
        && project.service(shared).is_none()
    {
        out.push(Problem {
            line: s.line,
            message: format!(
                "service {} not found for network_mode 'service:{shared}'",
                quoted(shared)
            ),
        });
    }
    for mount in &s.volumes {
        if mount.kind == MountKind::Volume
            && !mount.source.is_empty()
            && project.volume(&mount.source).is_none()
        {
            out.push(Problem {
                line: mount.line,
                message: format!(
                    "service {} refers to undefined volume {}: {INVALID}",
                    quoted(name),
                    mount.source
                ),
            });
        }
    }
    for (kind, refs) in [
        ("config", references(s, "configs")),
        ("secret", references(s, "secrets")),
    ] {
        let declared = project
            .extra
            .iter()
            .find(|(k, _)| *k == format!("{kind}s"))
            .map(|(_, n)| n);
        for (source, line) in refs {
            if declared.and_then(|d| d.get(&source)).is_none() {
                out.push(Problem {
                    line,
                    message: format!(
                        "service {} refers to undefined {kind} {source}: {INVALID}",
                        quoted(name)
                    ),
                });
            }
        }
    }
    if let (Some(scale), true, Some(replicas)) = (s.scale, s.has_deploy, s.replicas)
        && scale != replicas
    {
        out.push(Problem {
            line: s.line,
            message: format!(
                "services.{name}: can't set distinct values on 'scale' and 'deploy.replicas': {INVALID}"
            ),
        });
    }
    if s.scale.is_some_and(|n| n < 0) {
        out.push(Problem {
            line: s.line,
            message: format!("services.{name}.scale: must be greater than or equal to 0"),
        });
    }
    if s.replicas.is_some_and(|n| n < 0) && s.scale.is_none() {
        out.push(Problem {
            line: s.line,
            message: format!("services.{name}.deploy.replicas: must be greater than or equal to 0"),
        });
    }
    if s.scale() > 1 && s.container_name.is_some() {
        let attr = if s.scale.is_some() {
            "scale"
        } else {
            "deploy.replicas"
        };
        // compose-go passes (attr, name) to "services.%s: … and %s …": the words come out swapped.
        out.push(Problem {
            line: s.line,
            message: format!(
                "services.{attr}: can't set container_name and {name} as container name must be unique: {INVALID}"
            ),
        });
    }
    let mut mounted: BTreeMap<&str, String> = BTreeMap::new();
    for (i, mount) in s.volumes.iter().enumerate() {
        let loc = format!("services.{name}.volumes[{i}]");
        if let Some(previous) = mounted.get(mount.target.as_str()) {
            out.push(Problem {
                line: mount.line,
                message: format!("{loc}: target {} already mounted as {previous}", mount.target),
            });
        } else {
            mounted.insert(&mount.target, loc);
        }
    }
}

/// The `secrets:`/`configs:` a service uses: short names or the long form's `source`.
fn references(s: &Service, key: &str) -> Vec<(String, usize)> {
    let Some((_, node)) = s.passthrough.iter().find(|(k, _)| k == key) else {
        return Vec::new();
    };
    node.as_seq()
        .unwrap_or_default()
        .iter()
        .filter_map(|item| {
            let source = match item.as_map() {
                Some(_) => item.get("source").and_then(super::build::scalar_text),
                None => super::build::scalar_text(item),
            };
            source.map(|s| (s, item.line))
        })
        .collect()
}

/// Go's `%q` for the names used in these messages.
fn quoted(s: &str) -> String {
    super::yaml::go_quote(s)
}

/// compose-go's `checkCycle`: depth-first from each service in name order, children in name
/// order; the first path that comes back to a service on it is reported.
///
/// compose-go explores every path; remembering services already explored without finding a
/// cycle gives the same first cycle in linear time (nothing reachable from such a service can
/// lead back to the current path, or a cycle would have been found from it).
fn find_cycle(project: &Project) -> Option<Problem> {
    let names: BTreeSet<&str> = project.services.iter().map(|s| s.name.as_str()).collect();
    let children: BTreeMap<&str, Vec<(&str, usize)>> = project
        .services
        .iter()
        .map(|s| {
            let mut deps: Vec<(&str, usize)> = s
                .depends_on
                .iter()
                .filter(|d| names.contains(d.service.as_str()))
                .map(|d| (d.service.as_str(), d.line))
                .collect();
            deps.sort_unstable();
            deps.dedup_by_key(|d| d.0);
            (s.name.as_str(), deps)
        })
        .collect();
    let mut clean: BTreeSet<&str> = BTreeSet::new();
    for &start in &names {
        if let Some(p) = search(&children, start, &mut clean) {
            return Some(p);
        }
    }
    None
}

/// Iterative depth-first search (a long dependency chain must not exhaust the stack).
fn search<'a>(
    children: &BTreeMap<&'a str, Vec<(&'a str, usize)>>,
    start: &'a str,
    clean: &mut BTreeSet<&'a str>,
) -> Option<Problem> {
    let mut path: Vec<&'a str> = vec![start];
    // For each service on the path, the index of the next child to visit.
    let mut next: Vec<usize> = vec![0];
    while let Some(&current) = path.last() {
        let depth = path.len() - 1;
        let kids = children.get(current).map(Vec::as_slice).unwrap_or_default();
        let i = next[depth];
        if clean.contains(current) || i >= kids.len() {
            clean.insert(current);
            path.pop();
            next.pop();
            continue;
        }
        next[depth] += 1;
        let (child, line) = kids[i];
        if let Some(at) = path.iter().position(|p| *p == child) {
            let cycle = path[at..].join(" -> ");
            return Some(Problem {
                line,
                message: format!("dependency cycle detected: {cycle} -> {child}"),
            });
        }
        path.push(child);
        next.push(0);
    }
    None
}
