//! The compose-spec JSON-schema checks compose-go runs before building the model, with the
//! messages compose-go prints for them (`schema/schema.go` over santhosh-tekuri/jsonschema v6).
//!
//! Messages: `PATH must be a TYPE` (`object` is called `mapping`; several types are sorted and
//! joined `a, b or c`), `PATH additional properties 'k' not allowed`, `PATH missing property 'k'`,
//! `PATH value must be one of 'a', 'b'`, `PATH 'v' does not match pattern 'p'`,
//! `PATH items at I and J are equal`. PATH joins keys and list indexes with dots
//! (`services.web.ports.0`); at the top level it is empty, so the line starts with a space.
//!
//! compose-go reports one error: the most specific (deepest path; an unknown key counts one
//! deeper), ties going to the first found. This module finds all of them; [`check`] returns them
//! most specific first. Inside a `oneOf`, the alternative holding the most specific error is the
//! one reported, as compose-go's choice does.
//!
//! Coverage: every top-level and service key is known; the types of the keys this simulator models
//! (and of their nested objects) are checked. Keys it does not model are accepted with any value
//! (UNCONFIRMED for those: real Compose may reject a wrong type there).

use super::yaml::{Kind, Node, Value};

/// One schema violation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SchemaIssue {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
    specificity: usize,
}

const TOP_LEVEL: &[&str] = &[
    "version", "name", "include", "services", "models", "networks", "volumes", "secrets", "configs",
];

const SERVICE_KEYS: &[&str] = &[
    "annotations",
    "attach",
    "blkio_config",
    "build",
    "cap_add",
    "cap_drop",
    "cgroup",
    "cgroup_parent",
    "command",
    "configs",
    "container_name",
    "cpu_count",
    "cpu_percent",
    "cpu_period",
    "cpu_quota",
    "cpu_rt_period",
    "cpu_rt_runtime",
    "cpu_shares",
    "cpus",
    "cpuset",
    "credential_spec",
    "depends_on",
    "deploy",
    "develop",
    "device_cgroup_rules",
    "devices",
    "dns",
    "dns_opt",
    "dns_search",
    "domainname",
    "entrypoint",
    "env_file",
    "environment",
    "expose",
    "extends",
    "external_links",
    "extra_hosts",
    "gpus",
    "group_add",
    "healthcheck",
    "hostname",
    "image",
    "init",
    "ipc",
    "isolation",
    "label_file",
    "labels",
    "links",
    "logging",
    "mac_address",
    "mem_limit",
    "mem_reservation",
    "mem_swappiness",
    "memswap_limit",
    "models",
    "network_mode",
    "networks",
    "oom_kill_disable",
    "oom_score_adj",
    "pid",
    "pids_limit",
    "platform",
    "ports",
    "post_start",
    "pre_start",
    "pre_stop",
    "privileged",
    "profiles",
    "provider",
    "pull_policy",
    "pull_refresh_after",
    "read_only",
    "restart",
    "runtime",
    "scale",
    "secrets",
    "security_opt",
    "shm_size",
    "stdin_open",
    "stop_grace_period",
    "stop_signal",
    "storage_opt",
    "sysctls",
    "tmpfs",
    "tty",
    "ulimits",
    "use_api_socket",
    "user",
    "userns_mode",
    "uts",
    "volumes",
    "volumes_from",
    "working_dir",
];

const BUILD_KEYS: &[&str] = &[
    "context",
    "dockerfile",
    "dockerfile_inline",
    "entitlements",
    "args",
    "ssh",
    "labels",
    "cache_from",
    "cache_to",
    "no_cache",
    "no_cache_filter",
    "additional_contexts",
    "network",
    "provenance",
    "sbom",
    "pull",
    "target",
    "shm_size",
    "extra_hosts",
    "isolation",
    "privileged",
    "secrets",
    "tags",
    "ulimits",
    "platforms",
];

const HEALTHCHECK_KEYS: &[&str] = &[
    "disable",
    "interval",
    "retries",
    "test",
    "timeout",
    "start_period",
    "start_interval",
];

const DEPLOY_KEYS: &[&str] = &[
    "mode",
    "endpoint_mode",
    "replicas",
    "labels",
    "rollback_config",
    "update_config",
    "resources",
    "restart_policy",
    "placement",
];

const DEPENDS_ON_KEYS: &[&str] = &["restart", "required", "condition"];

const PORT_KEYS: &[&str] = &[
    "name",
    "mode",
    "host_ip",
    "target",
    "published",
    "protocol",
    "app_protocol",
];

const VOLUME_MOUNT_KEYS: &[&str] = &[
    "type",
    "source",
    "target",
    "read_only",
    "consistency",
    "bind",
    "volume",
    "tmpfs",
    "image",
];

const SERVICE_NETWORK_KEYS: &[&str] = &[
    "aliases",
    "interface_name",
    "ipv4_address",
    "ipv6_address",
    "link_local_ips",
    "mac_address",
    "driver_opts",
    "priority",
    "gw_priority",
];

const NETWORK_KEYS: &[&str] = &[
    "name",
    "driver",
    "driver_opts",
    "ipam",
    "external",
    "internal",
    "enable_ipv4",
    "enable_ipv6",
    "attachable",
    "labels",
];

const VOLUME_KEYS: &[&str] = &["name", "driver", "driver_opts", "external", "labels"];

const CONDITIONS: &[&str] = &[
    "service_started",
    "service_healthy",
    "service_completed_successfully",
];

const MOUNT_TYPES: &[&str] = &["bind", "volume", "tmpfs", "cluster", "npipe", "image"];

/// Checks the interpolated document; returns every violation, most specific first.
pub(crate) fn check(root: &Node) -> Vec<SchemaIssue> {
    let mut v = Checker::default();
    v.top_level(root);
    let mut issues = v.issues;
    // Stable: equal specificity keeps document order.
    issues.sort_by_key(|i| std::cmp::Reverse(i.specificity));
    issues
}

#[derive(Default)]
struct Checker {
    path: Vec<String>,
    /// The position of the key (or list item) of each path element, for object-level issues.
    keys: Vec<(usize, usize)>,
    issues: Vec<SchemaIssue>,
}

/// JSON-schema types as the node would be after go-yaml → JSON.
#[derive(Clone, Copy, PartialEq)]
enum Ty {
    Str,
    Num,
    Int,
    Bool,
    Null,
    Obj,
    Arr,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::Str => "string",
            Ty::Num => "number",
            Ty::Int => "integer",
            Ty::Bool => "boolean",
            Ty::Null => "null",
            Ty::Obj => "mapping",
            Ty::Arr => "array",
        }
    }
}

fn is(node: &Node, ty: Ty) -> bool {
    match (&node.value, ty) {
        (Value::Map(_), Ty::Obj) | (Value::Seq(_), Ty::Arr) => true,
        (Value::Scalar(s), _) => {
            matches!(
                (s.kind, ty),
                (Kind::Str, Ty::Str)
                    | (Kind::Null, Ty::Null)
                    | (Kind::Bool(_), Ty::Bool)
                    | (Kind::Int(_), Ty::Int | Ty::Num)
                    | (Kind::Float(_), Ty::Num)
            ) || matches!((s.kind, ty), (Kind::Float(f), Ty::Int) if f.fract() == 0.0 && f.is_finite())
        }
        _ => false,
    }
}

/// compose-go's `humanReadableType`: one type, or sorted `a, b or c`.
fn type_names(types: &[Ty]) -> String {
    let mut names: Vec<&str> = types.iter().map(|t| t.name()).collect();
    if names.len() == 1 {
        return names[0].to_owned();
    }
    names.sort_unstable();
    let last = names.pop().unwrap_or_default();
    format!("{} or {last}", names.join(", "))
}

fn is_x_key(key: &str) -> bool {
    key.starts_with("x-")
}

/// The compose-spec resource-name pattern `^[a-zA-Z0-9._-]+$`.
fn is_resource_name(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// jsonschema's `quote`: single quotes, Go escapes, `'` escaped.
fn quote(s: &str) -> String {
    let go = super::yaml::go_quote(s);
    let inner = &go[1..go.len() - 1];
    format!("'{}'", inner.replace("\\\"", "\"").replace('\'', "\\'"))
}

fn key_text(key: &Node) -> String {
    key.as_scalar().map(|s| s.text.clone()).unwrap_or_default()
}

impl Checker {
    fn here(&self) -> String {
        self.path.join(".")
    }

    fn push(&mut self, node: &Node, tail: &str, extra: usize) {
        let message = format!("{} {tail}", self.here());
        self.issues.push(SchemaIssue {
            line: node.line,
            column: node.column,
            message,
            specificity: self.path.len() + extra,
        });
    }

    fn type_error(&mut self, node: &Node, types: &[Ty]) {
        let message = format!("{} must be a {}", self.here(), type_names(types));
        self.issues.push(SchemaIssue {
            line: node.line,
            column: node.column,
            message,
            specificity: self.path.len(),
        });
    }

    /// `type: [types]`; returns whether it matched.
    fn ty(&mut self, node: &Node, types: &[Ty]) -> bool {
        if types.iter().any(|&t| is(node, t)) {
            true
        } else {
            self.type_error(node, types);
            false
        }
    }

    fn enter<R>(&mut self, key: &str, at: &Node, f: impl FnOnce(&mut Self) -> R) -> R {
        self.path.push(key.to_owned());
        self.keys.push((at.line, at.column));
        let r = f(self);
        self.path.pop();
        self.keys.pop();
        r
    }

    /// `oneOf`: runs each alternative on its own; if none passes, keeps the issues of the one
    /// holding the most specific issue (ties: the earlier alternative).
    fn one_of(&mut self, alternatives: &[&dyn Fn(&mut Checker)]) {
        let mut results: Vec<Vec<SchemaIssue>> = Vec::new();
        for alt in alternatives {
            let mut sub = Checker {
                path: self.path.clone(),
                keys: self.keys.clone(),
                issues: Vec::new(),
            };
            alt(&mut sub);
            if sub.issues.is_empty() {
                return;
            }
            results.push(sub.issues);
        }
        let mut best: Option<(usize, usize)> = None; // (specificity, alternative)
        for (i, issues) in results.iter().enumerate() {
            let top = issues.iter().map(|x| x.specificity).max().unwrap_or(0);
            if best.is_none_or(|(s, _)| top > s) {
                best = Some((top, i));
            }
        }
        if let Some((_, i)) = best
            && let Some(chosen) = results.into_iter().nth(i)
        {
            self.issues.extend(chosen);
        }
    }

    /// An object's keys: reports those neither listed nor `x-`, as one message per object.
    fn keys(&mut self, node: &Node, known: &[&str], allow_x: bool) {
        let Some(pairs) = node.as_map() else { return };
        let unknown: Vec<&Node> = pairs
            .iter()
            .map(|(k, _)| k)
            .filter(|k| {
                let t = key_text(k);
                !(known.contains(&t.as_str()) || (allow_x && is_x_key(&t)))
            })
            .collect();
        if unknown.is_empty() {
            return;
        }
        let listed: Vec<String> = unknown.iter().map(|k| quote(&key_text(k))).collect();
        let tail = format!("additional properties {} not allowed", listed.join(", "));
        for key in unknown {
            self.push(key, &tail, 1);
        }
    }

    /// `required`: reported at the key that holds the incomplete object.
    fn required(&mut self, node: &Node, key: &str) {
        if node.get(key).is_none() {
            let (line, column) = self.keys.last().copied().unwrap_or((node.line, node.column));
            let message = format!("{} missing property {}", self.here(), quote(key));
            self.issues.push(SchemaIssue {
                line,
                column,
                message,
                specificity: self.path.len(),
            });
        }
    }

    fn enumeration(&mut self, node: &Node, allowed: &[&str]) {
        let ok = node.as_str().is_some_and(|s| allowed.contains(&s));
        if !ok && node.as_str().is_some() {
            let listed: Vec<String> = allowed.iter().map(|a| quote(a)).collect();
            self.push(node, &format!("value must be one of {}", listed.join(", ")), 0);
        }
    }

    /// `uniqueItems: true`.
    fn unique(&mut self, node: &Node) {
        let Some(items) = node.as_seq() else { return };
        for j in 1..items.len() {
            if let Some(i) = (0..j).find(|&i| same_json(&items[i], &items[j])) {
                // Reported at the repeated item.
                self.push(&items[j], &format!("items at {i} and {j} are equal"), 0);
                return;
            }
        }
    }

    fn each_entry(&mut self, node: &Node, mut f: impl FnMut(&mut Self, &str, &Node)) {
        if let Some(pairs) = node.as_map() {
            for (k, v) in pairs {
                let key = key_text(k);
                self.enter(&key, k, |c| f(c, &key, v));
            }
        }
    }

    fn each_item(&mut self, node: &Node, mut f: impl FnMut(&mut Self, &Node)) {
        if let Some(items) = node.as_seq() {
            for (i, item) in items.iter().enumerate() {
                self.enter(&i.to_string(), item, |c| f(c, item));
            }
        }
    }

    fn list_of_strings(&mut self, node: &Node) {
        if self.ty(node, &[Ty::Arr]) {
            self.each_item(node, |c, item| {
                c.ty(item, &[Ty::Str]);
            });
            self.unique(node);
        }
    }

    fn string_or_list(&mut self, node: &Node) {
        self.one_of(&[
            &|c: &mut Checker| {
                c.ty(node, &[Ty::Str]);
            },
            &|c: &mut Checker| c.list_of_strings(node),
        ]);
    }

    fn list_or_dict(&mut self, node: &Node) {
        self.one_of(&[
            &|c: &mut Checker| {
                if c.ty(node, &[Ty::Obj]) {
                    if let Some(pairs) = node.as_map() {
                        // patternProperties ".+" with additionalProperties false: "" is unknown.
                        let empty: Vec<&Node> = pairs
                            .iter()
                            .map(|(k, _)| k)
                            .filter(|k| key_text(k).is_empty())
                            .collect();
                        for k in empty {
                            c.push(k, "additional properties '' not allowed", 1);
                        }
                    }
                    c.each_entry(node, |c, _, v| {
                        c.ty(v, &[Ty::Str, Ty::Num, Ty::Bool, Ty::Null]);
                    });
                }
            },
            &|c: &mut Checker| c.list_of_strings(node),
        ]);
    }

    fn top_level(&mut self, root: &Node) {
        if !self.ty(root, &[Ty::Obj]) {
            return;
        }
        self.keys(root, TOP_LEVEL, true);
        self.each_entry(root, |c, key, value| match key {
            "version" | "name" => {
                c.ty(value, &[Ty::Str]);
            }
            "include" => {
                c.ty(value, &[Ty::Arr]);
            }
            "services" => c.services(value),
            "networks" => c.resources(value, false, |c, v| c.network(v)),
            "volumes" => c.resources(value, true, |c, v| c.volume(v)),
            "secrets" | "configs" => c.resources(value, true, |c, v| {
                c.ty(v, &[Ty::Obj]);
            }),
            "models" => c.resources(value, false, |_, _| {}),
            _ => {}
        });
    }

    /// A top-level resource map (`patternProperties` on resource names).
    fn resources(&mut self, node: &Node, closed: bool, f: impl Fn(&mut Self, &Node)) {
        if !self.ty(node, &[Ty::Obj]) {
            return;
        }
        if closed {
            let bad: Vec<String> = node
                .as_map()
                .unwrap_or_default()
                .iter()
                .map(|(k, _)| key_text(k))
                .filter(|k| !is_resource_name(k))
                .collect();
            if !bad.is_empty() {
                let known: Vec<String> = node
                    .as_map()
                    .unwrap_or_default()
                    .iter()
                    .map(|(k, _)| key_text(k))
                    .filter(|k| is_resource_name(k))
                    .collect();
                let known: Vec<&str> = known.iter().map(String::as_str).collect();
                self.keys(node, &known, false);
            }
        }
        self.each_entry(node, |c, key, value| {
            if is_resource_name(key) {
                f(c, value);
            }
        });
    }

    fn network(&mut self, node: &Node) {
        if !self.ty(node, &[Ty::Obj, Ty::Null]) || node.is_null() {
            return;
        }
        self.keys(node, NETWORK_KEYS, true);
        self.each_entry(node, |c, key, value| match key {
            "name" | "driver" => {
                c.ty(value, &[Ty::Str]);
            }
            "external" if c.ty(value, &[Ty::Bool, Ty::Str, Ty::Obj]) && value.as_map().is_some() => {
                c.keys(value, &["name"], true);
            }
            "internal" | "enable_ipv4" | "enable_ipv6" | "attachable" => {
                c.ty(value, &[Ty::Bool, Ty::Str]);
            }
            "labels" => c.list_or_dict(value),
            "driver_opts" | "ipam" => {
                c.ty(value, &[Ty::Obj]);
            }
            _ => {}
        });
    }

    fn volume(&mut self, node: &Node) {
        if !self.ty(node, &[Ty::Obj, Ty::Null]) || node.is_null() {
            return;
        }
        self.keys(node, VOLUME_KEYS, true);
        self.each_entry(node, |c, key, value| match key {
            "name" | "driver" => {
                c.ty(value, &[Ty::Str]);
            }
            "external" if c.ty(value, &[Ty::Bool, Ty::Str, Ty::Obj]) && value.as_map().is_some() => {
                c.keys(value, &["name"], true);
            }
            "labels" => c.list_or_dict(value),
            "driver_opts" => {
                c.ty(value, &[Ty::Obj]);
            }
            _ => {}
        });
    }

    fn services(&mut self, node: &Node) {
        if !self.ty(node, &[Ty::Obj]) {
            return;
        }
        let names: Vec<String> = node
            .as_map()
            .unwrap_or_default()
            .iter()
            .map(|(k, _)| key_text(k))
            .filter(|k| is_resource_name(k))
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        self.keys(node, &names, false);
        self.each_entry(node, |c, key, value| {
            if is_resource_name(key) {
                c.service(value);
            }
        });
    }

    fn service(&mut self, node: &Node) {
        if !self.ty(node, &[Ty::Obj]) {
            return;
        }
        self.keys(node, SERVICE_KEYS, true);
        self.each_entry(node, |c, key, value| match key {
            "image" | "container_name" | "restart" | "working_dir" | "hostname" | "user" | "platform"
            | "network_mode" | "stop_grace_period" | "stop_signal" | "domainname" | "ipc" | "uts"
            | "userns_mode" | "runtime" | "isolation" | "mac_address" | "cgroup_parent" | "cpuset"
                if c.ty(value, &[Ty::Str]) && key == "container_name" =>
            {
                c.container_name_pattern(value);
            }
            "build" => c.build(value),
            "command" | "entrypoint" => c.one_of(&[
                &|c: &mut Checker| {
                    c.ty(value, &[Ty::Null]);
                },
                &|c: &mut Checker| {
                    c.ty(value, &[Ty::Str]);
                },
                &|c: &mut Checker| {
                    if c.ty(value, &[Ty::Arr]) {
                        c.each_item(value, |c, item| {
                            c.ty(item, &[Ty::Str]);
                        });
                    }
                },
            ]),
            "depends_on" => c.depends_on(value),
            "environment" | "labels" | "annotations" | "sysctls" => c.list_or_dict(value),
            "env_file" => c.env_file(value),
            "expose" if c.ty(value, &[Ty::Arr]) => {
                c.each_item(value, |c, item| {
                    c.ty(item, &[Ty::Str, Ty::Num]);
                });
                c.unique(value);
            }
            "healthcheck" => c.healthcheck(value),
            "deploy" => c.deploy(value),
            "networks" => c.service_networks(value),
            "ports" => c.ports(value),
            "profiles" | "cap_add" | "cap_drop" | "links" | "external_links" | "volumes_from"
            | "security_opt" | "dns_opt" => c.list_of_strings(value),
            "dns" | "dns_search" | "tmpfs" => c.string_or_list(value),
            "scale" => {
                c.ty(value, &[Ty::Int, Ty::Str]);
            }
            "privileged" | "read_only" | "tty" | "stdin_open" | "init" | "oom_kill_disable" | "attach" => {
                c.ty(value, &[Ty::Bool, Ty::Str]);
            }
            "volumes" => c.service_volumes(value),
            "logging" if c.ty(value, &[Ty::Obj]) => {
                c.keys(value, &["driver", "options"], true);
            }
            _ => {}
        });
    }

    /// `"pattern": "[a-zA-Z0-9][a-zA-Z0-9_.-]+"` (unanchored: somewhere in the name).
    fn container_name_pattern(&mut self, node: &Node) {
        let Some(name) = node.as_str() else { return };
        let b = name.as_bytes();
        let ok = b.windows(2).any(|w| {
            w[0].is_ascii_alphanumeric()
                && (w[1].is_ascii_alphanumeric() || matches!(w[1], b'_' | b'.' | b'-'))
        });
        if !ok {
            self.push(
                node,
                &format!(
                    "{} does not match pattern {}",
                    quote(name),
                    quote("[a-zA-Z0-9][a-zA-Z0-9_.-]+")
                ),
                0,
            );
        }
    }

    fn build(&mut self, node: &Node) {
        self.one_of(&[
            &|c: &mut Checker| {
                c.ty(node, &[Ty::Str]);
            },
            &|c: &mut Checker| {
                if !c.ty(node, &[Ty::Obj]) {
                    return;
                }
                c.keys(node, BUILD_KEYS, true);
                c.each_entry(node, |c, key, value| match key {
                    "context" | "dockerfile" | "dockerfile_inline" | "target" | "network" | "isolation" => {
                        c.ty(value, &[Ty::Str]);
                    }
                    "args" | "labels" | "ssh" | "additional_contexts" => c.list_or_dict(value),
                    "cache_from" | "cache_to" | "tags" | "platforms" | "entitlements"
                        if c.ty(value, &[Ty::Arr]) =>
                    {
                        c.each_item(value, |c, item| {
                            c.ty(item, &[Ty::Str]);
                        });
                    }
                    "no_cache" | "pull" | "privileged" => {
                        c.ty(value, &[Ty::Bool, Ty::Str]);
                    }
                    _ => {}
                });
            },
        ]);
    }

    fn depends_on(&mut self, node: &Node) {
        self.one_of(&[&|c: &mut Checker| c.list_of_strings(node), &|c: &mut Checker| {
            if !c.ty(node, &[Ty::Obj]) {
                return;
            }
            let names = resource_keys(node);
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            c.keys(node, &names, false);
            c.each_entry(node, |c, key, entry| {
                if !is_resource_name(key) || !c.ty(entry, &[Ty::Obj]) {
                    return;
                }
                c.keys(entry, DEPENDS_ON_KEYS, true);
                c.required(entry, "condition");
                c.each_entry(entry, |c, key, value| match key {
                    "restart" => {
                        c.ty(value, &[Ty::Bool, Ty::Str]);
                    }
                    "required" => {
                        c.ty(value, &[Ty::Bool]);
                    }
                    "condition" if c.ty(value, &[Ty::Str]) => {
                        c.enumeration(value, CONDITIONS);
                    }
                    _ => {}
                });
            });
        }]);
    }

    fn env_file(&mut self, node: &Node) {
        self.one_of(&[
            &|c: &mut Checker| {
                c.ty(node, &[Ty::Str]);
            },
            &|c: &mut Checker| {
                if !c.ty(node, &[Ty::Arr]) {
                    return;
                }
                c.each_item(node, |c, item| {
                    c.one_of(&[
                        &|c: &mut Checker| {
                            c.ty(item, &[Ty::Str]);
                        },
                        &|c: &mut Checker| {
                            if c.ty(item, &[Ty::Obj]) {
                                c.keys(item, &["path", "format", "required"], false);
                                c.required(item, "path");
                            }
                        },
                    ]);
                });
            },
        ]);
    }

    fn healthcheck(&mut self, node: &Node) {
        if !self.ty(node, &[Ty::Obj]) {
            return;
        }
        self.keys(node, HEALTHCHECK_KEYS, true);
        self.each_entry(node, |c, key, value| match key {
            "disable" => {
                c.ty(value, &[Ty::Bool, Ty::Str]);
            }
            "interval" | "timeout" | "start_period" | "start_interval" => {
                c.ty(value, &[Ty::Str]);
            }
            "retries" => {
                c.ty(value, &[Ty::Num, Ty::Str]);
            }
            "test" => c.one_of(&[
                &|c: &mut Checker| {
                    c.ty(value, &[Ty::Str]);
                },
                &|c: &mut Checker| {
                    if c.ty(value, &[Ty::Arr]) {
                        c.each_item(value, |c, item| {
                            c.ty(item, &[Ty::Str]);
                        });
                    }
                },
            ]),
            _ => {}
        });
    }

    fn deploy(&mut self, node: &Node) {
        if !self.ty(node, &[Ty::Obj, Ty::Null]) || node.is_null() {
            return;
        }
        self.keys(node, DEPLOY_KEYS, true);
        self.each_entry(node, |c, key, value| match key {
            "mode" | "endpoint_mode" => {
                c.ty(value, &[Ty::Str]);
            }
            "replicas" => {
                c.ty(value, &[Ty::Int, Ty::Str]);
            }
            "labels" => c.list_or_dict(value),
            "rollback_config" | "update_config" | "resources" | "restart_policy" | "placement" => {
                c.ty(value, &[Ty::Obj]);
            }
            _ => {}
        });
    }

    fn service_networks(&mut self, node: &Node) {
        self.one_of(&[&|c: &mut Checker| c.list_of_strings(node), &|c: &mut Checker| {
            if !c.ty(node, &[Ty::Obj]) {
                return;
            }
            let names = resource_keys(node);
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            c.keys(node, &names, false);
            c.each_entry(node, |c, key, entry| {
                if !is_resource_name(key) {
                    return;
                }
                c.one_of(&[
                    &|c: &mut Checker| {
                        if !c.ty(entry, &[Ty::Obj]) {
                            return;
                        }
                        c.keys(entry, SERVICE_NETWORK_KEYS, true);
                        c.each_entry(entry, |c, key, value| match key {
                            "aliases" | "link_local_ips" => c.list_of_strings(value),
                            "interface_name" | "ipv4_address" | "ipv6_address" | "mac_address" => {
                                c.ty(value, &[Ty::Str]);
                            }
                            "priority" | "gw_priority" => {
                                c.ty(value, &[Ty::Num]);
                            }
                            _ => {}
                        });
                    },
                    &|c: &mut Checker| {
                        c.ty(entry, &[Ty::Null]);
                    },
                ]);
            });
        }]);
    }

    fn ports(&mut self, node: &Node) {
        if !self.ty(node, &[Ty::Arr]) {
            return;
        }
        self.each_item(node, |c, item| {
            c.one_of(&[
                &|c: &mut Checker| {
                    c.ty(item, &[Ty::Num]);
                },
                &|c: &mut Checker| {
                    c.ty(item, &[Ty::Str]);
                },
                &|c: &mut Checker| {
                    if !c.ty(item, &[Ty::Obj]) {
                        return;
                    }
                    c.keys(item, PORT_KEYS, true);
                    c.each_entry(item, |c, key, value| match key {
                        "name" | "mode" | "host_ip" | "protocol" | "app_protocol" => {
                            c.ty(value, &[Ty::Str]);
                        }
                        "target" => {
                            c.ty(value, &[Ty::Int, Ty::Str]);
                        }
                        "published" => {
                            c.ty(value, &[Ty::Str, Ty::Int]);
                        }
                        _ => {}
                    });
                },
            ]);
        });
        self.unique(node);
    }

    fn service_volumes(&mut self, node: &Node) {
        if !self.ty(node, &[Ty::Arr]) {
            return;
        }
        self.each_item(node, |c, item| {
            c.one_of(&[
                &|c: &mut Checker| {
                    c.ty(item, &[Ty::Str]);
                },
                &|c: &mut Checker| {
                    if !c.ty(item, &[Ty::Obj]) {
                        return;
                    }
                    c.keys(item, VOLUME_MOUNT_KEYS, true);
                    c.required(item, "type");
                    c.each_entry(item, |c, key, value| match key {
                        "type" if c.ty(value, &[Ty::Str]) => {
                            c.enumeration(value, MOUNT_TYPES);
                        }
                        "source" | "target" | "consistency" => {
                            c.ty(value, &[Ty::Str]);
                        }
                        "read_only" => {
                            c.ty(value, &[Ty::Bool, Ty::Str]);
                        }
                        "bind" if c.ty(value, &[Ty::Obj]) => {
                            c.keys(
                                value,
                                &["propagation", "create_host_path", "recursive", "selinux"],
                                true,
                            );
                        }
                        "volume" if c.ty(value, &[Ty::Obj]) => {
                            c.keys(value, &["labels", "nocopy", "subpath"], true);
                        }
                        "tmpfs" if c.ty(value, &[Ty::Obj]) => {
                            c.keys(value, &["size", "mode"], true);
                        }
                        "image" if c.ty(value, &[Ty::Obj]) => {
                            c.keys(value, &["subpath"], true);
                        }
                        _ => {}
                    });
                },
            ]);
        });
        self.unique(node);
    }
}

/// JSON equality (mapping key order ignored; `1` and `1.0` are equal numbers).
fn same_json(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Scalar(x), Value::Scalar(y)) => match (x.kind, y.kind) {
            (Kind::Str, Kind::Str) => x.text == y.text,
            (Kind::Null, Kind::Null) => true,
            (Kind::Bool(p), Kind::Bool(q)) => p == q,
            (Kind::Int(p), Kind::Int(q)) => p == q,
            (Kind::Int(p), Kind::Float(q)) | (Kind::Float(q), Kind::Int(p)) => (p as f64) == q,
            (Kind::Float(p), Kind::Float(q)) => p == q,
            _ => false,
        },
        (Value::Seq(x), Value::Seq(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_json(p, q)),
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, v)| {
                    y.iter()
                        .any(|(k2, v2)| key_text(k) == key_text(k2) && same_json(v, v2))
                })
        }
        _ => false,
    }
}

/// The keys of a map that are valid resource names (service or network keys).
fn resource_keys(node: &Node) -> Vec<String> {
    node.as_map()
        .unwrap_or_default()
        .iter()
        .map(|(k, _)| key_text(k))
        .filter(|k| is_resource_name(k))
        .collect()
}
