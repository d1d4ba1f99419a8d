//! From the checked YAML tree to the [`Project`] model: compose-go's transform (short syntax to
//! long), defaults, normalisation (implicit `default` network, resource names, implicit
//! dependencies, absolute paths) and decoding (durations), each problem with its line.

use std::collections::BTreeMap;

use super::duration::parse_duration;
use super::model::{
    Build, Command, Condition, Dependency, Healthcheck, Network, Project, Service, ServiceNetwork, Volume,
};
use super::ports::{
    BindOptions, Mount, MountKind, PortMapping, clean_path, parse_port_spec, parse_volume_spec,
};
use super::yaml::{Kind, Node, Value};

/// A problem found while building the model.
pub(crate) struct BuildIssue {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
    /// `true` for mapstructure decoding errors (reported after all transform errors).
    pub(crate) decoding: bool,
}

/// The text of a scalar whatever its type, as Go's `fmt.Sprint` prints the decoded value.
pub(crate) fn scalar_text(node: &Node) -> Option<String> {
    let s = node.as_scalar()?;
    Some(match s.kind {
        Kind::Str => s.text.clone(),
        Kind::Null => String::new(),
        Kind::Bool(b) => b.to_string(),
        Kind::Int(i) => i.to_string(),
        Kind::Float(f) => {
            if f.fract() == 0.0 && f.is_finite() && f.abs() < 1e21 {
                format!("{f:.0}")
            } else {
                f.to_string()
            }
        }
    })
}

fn key_text(key: &Node) -> String {
    key.as_scalar().map(|s| s.text.clone()).unwrap_or_default()
}

fn as_bool(node: &Node) -> bool {
    match node.as_scalar().map(|s| (s.kind, s.text.as_str())) {
        Some((Kind::Bool(b), _)) => b,
        Some((Kind::Str, t)) => matches!(t.to_lowercase().as_str(), "true" | "1" | "t"),
        Some((Kind::Int(i), _)) => i != 0,
        _ => false,
    }
}

fn as_int(node: &Node) -> Option<i64> {
    match node.as_scalar()?.kind {
        Kind::Int(i) => i64::try_from(i).ok(),
        Kind::Float(f) if f.fract() == 0.0 => Some(f as i64),
        Kind::Str => node.as_scalar()?.text.trim().parse().ok(),
        _ => None,
    }
}

fn strings(node: &Node) -> Vec<String> {
    match &node.value {
        Value::Seq(items) => items.iter().filter_map(scalar_text).collect(),
        Value::Scalar(_) => scalar_text(node).into_iter().collect(),
        Value::Map(_) => Vec::new(),
    }
}

/// `list_or_dict` read as `KEY -> value`; a bare `KEY` (list) or `KEY: null` (map) is `None`.
fn key_values(node: &Node) -> Vec<(String, Option<String>)> {
    match &node.value {
        Value::Map(pairs) => pairs
            .iter()
            .map(|(k, v)| (key_text(k), if v.is_null() { None } else { scalar_text(v) }))
            .collect(),
        Value::Seq(items) => items
            .iter()
            .filter_map(scalar_text)
            .map(|s| match s.split_once('=') {
                Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
                None => (s, None),
            })
            .collect(),
        Value::Scalar(_) => Vec::new(),
    }
}

/// Joins a path to the project directory and cleans it (URLs and absolute paths kept).
fn absolute(dir: &str, path: &str, env: &BTreeMap<String, String>) -> String {
    if path.contains("://") || path.starts_with("git@") || path.starts_with("github.com/") {
        return path.to_owned();
    }
    if let Some(rest) = path.strip_prefix('~') {
        if let Some(home) = env.get("HOME")
            && (rest.is_empty() || rest.starts_with('/'))
        {
            return clean_path(&format!("{home}{rest}"));
        }
        return path.to_owned();
    }
    if path.starts_with('/') {
        return clean_path(path);
    }
    clean_path(&format!("{dir}/{path}"))
}

/// Settings the builder needs from the load options.
pub(crate) struct BuildContext<'a> {
    pub(crate) project_name: &'a str,
    pub(crate) project_dir: &'a str,
    pub(crate) env: &'a BTreeMap<String, String>,
    pub(crate) profiles: &'a [String],
}

/// Builds the project; problems are collected, not fatal.
pub(crate) fn build_project(root: &Node, ctx: &BuildContext<'_>) -> (Project, Vec<BuildIssue>) {
    let mut issues = Vec::new();
    let mut all_services = Vec::new();
    if let Some(services) = root.get("services").and_then(Node::as_map) {
        for (key, value) in services {
            all_services.push(build_service(&key_text(key), key.line, value, ctx, &mut issues));
        }
    }
    all_services.sort_by(|a, b| a.name.cmp(&b.name));

    let mut networks = Vec::new();
    if let Some(map) = root.get("networks").and_then(Node::as_map) {
        for (key, value) in map {
            networks.push(build_network(&key_text(key), key.line, value, ctx));
        }
    }
    let uses_default = all_services
        .iter()
        .any(|s| s.networks.iter().any(|n| n.name == "default"));
    if uses_default && !networks.iter().any(|n| n.key == "default") {
        networks.push(Network {
            key: "default".to_owned(),
            name: format!("{}_default", ctx.project_name),
            driver: None,
            external: false,
            internal: false,
            attachable: false,
            labels: BTreeMap::new(),
            implicit: true,
            line: 0,
        });
    }
    networks.sort_by(|a, b| a.key.cmp(&b.key));

    let mut volumes = Vec::new();
    if let Some(map) = root.get("volumes").and_then(Node::as_map) {
        for (key, value) in map {
            volumes.push(build_volume(&key_text(key), key.line, value, ctx));
        }
    }
    volumes.sort_by(|a, b| a.key.cmp(&b.key));

    // Profiles (compose-go `HasProfile`): no profiles, or one active, or `*` active.
    let (services, disabled_services): (Vec<Service>, Vec<Service>) =
        all_services.into_iter().partition(|s| {
            s.profiles.is_empty()
                || ctx
                    .profiles
                    .iter()
                    .any(|p| p == "*" || s.profiles.iter().any(|sp| sp == p))
        });

    // Transform errors come before decoding errors (compose-go: Canonical, then mapstructure).
    issues.sort_by_key(|i| i.decoding);
    let project = Project {
        name: ctx.project_name.to_owned(),
        working_dir: ctx.project_dir.to_owned(),
        services,
        disabled_services,
        networks,
        volumes,
        profiles: ctx.profiles.to_vec(),
        extra: extra_top_level(root),
    };
    (project, issues)
}

fn build_service(
    name: &str,
    line: usize,
    node: &Node,
    ctx: &BuildContext<'_>,
    issues: &mut Vec<BuildIssue>,
) -> Service {
    let mut s = Service {
        name: name.to_owned(),
        line,
        image: None,
        build: None,
        ports: Vec::new(),
        volumes: Vec::new(),
        networks: Vec::new(),
        network_mode: None,
        depends_on: Vec::new(),
        restart: None,
        healthcheck: None,
        environment: BTreeMap::new(),
        command: None,
        entrypoint: None,
        profiles: Vec::new(),
        scale: None,
        replicas: None,
        container_name: None,
        working_dir: None,
        labels: BTreeMap::new(),
        env_file: Vec::new(),
        expose: Vec::new(),
        links: Vec::new(),
        volumes_from: Vec::new(),
        deploy_mode: None,
        has_deploy: false,
        raw_deploy: None,
        passthrough: Vec::new(),
    };
    let Some(pairs) = node.as_map() else { return s };
    let mut networks_declared: Option<&Node> = None;
    let mut provider = false;
    for (key, value) in pairs {
        s.passthrough.push((key_text(key), value.clone()));
        let path = format!("services.{name}.{}", key_text(key));
        match key_text(key).as_str() {
            "image" => s.image = scalar_text(value),
            "build" => s.build = Some(build_build(value, key.line, ctx)),
            "container_name" => s.container_name = scalar_text(value),
            "working_dir" => s.working_dir = scalar_text(value),
            "restart" => s.restart = scalar_text(value),
            "network_mode" => s.network_mode = scalar_text(value),
            "provider" => provider = true,
            "profiles" => s.profiles = strings(value),
            "expose" => s.expose = strings(value),
            "links" => s.links = strings(value),
            "volumes_from" => s.volumes_from = strings(value),
            "scale" => s.scale = as_int(value),
            "command" => s.command = build_command(value),
            "entrypoint" => s.entrypoint = build_command(value),
            "labels" => {
                s.labels = key_values(value)
                    .into_iter()
                    .map(|(k, v)| (k, v.unwrap_or_default()))
                    .collect();
            }
            "env_file" => {
                s.env_file = match &value.value {
                    Value::Seq(items) => items
                        .iter()
                        .filter_map(|i| {
                            if i.as_map().is_some() {
                                i.get("path").and_then(scalar_text)
                            } else {
                                scalar_text(i)
                            }
                        })
                        .collect(),
                    _ => scalar_text(value).into_iter().collect(),
                };
            }
            "environment" => {
                for (k, v) in key_values(value) {
                    let resolved = v.or_else(|| ctx.env.get(&k).cloned());
                    s.environment.insert(k, resolved);
                }
            }
            "deploy" => {
                s.has_deploy = !value.is_null();
                s.raw_deploy = Some(value.clone());
                s.replicas = value.get("replicas").and_then(as_int);
                s.deploy_mode = value.get("mode").and_then(scalar_text);
            }
            "ports" => {
                for item in value.as_seq().unwrap_or_default() {
                    match build_port(item, &path) {
                        Ok(mut ports) => s.ports.append(&mut ports),
                        Err(message) => issues.push(BuildIssue {
                            line: item.line,
                            column: item.column,
                            message,
                            decoding: false,
                        }),
                    }
                }
            }
            "volumes" => {
                for item in value.as_seq().unwrap_or_default() {
                    match build_mount(item, ctx) {
                        Ok(m) => s.volumes.push(m),
                        Err(message) => issues.push(BuildIssue {
                            line: item.line,
                            column: item.column,
                            message,
                            decoding: false,
                        }),
                    }
                }
            }
            "networks" => networks_declared = Some(value),
            "depends_on" => s.depends_on = build_depends_on(value),
            "healthcheck" => s.healthcheck = Some(build_healthcheck(name, key.line, value, issues)),
            _ => {}
        }
    }
    // Networks (compose-go `normalizeNetworks`): none listed means the `default` network.
    let listed = networks_declared.map(build_service_networks).unwrap_or_default();
    if !provider && s.network_mode.is_none() {
        s.networks = if listed.is_empty() {
            vec![ServiceNetwork {
                name: "default".to_owned(),
                aliases: Vec::new(),
                ipv4_address: None,
                ipv6_address: None,
                configured: false,
                line,
            }]
        } else {
            listed
        };
    } else {
        s.networks = listed;
    }
    s.networks.sort_by(|a, b| a.name.cmp(&b.name));
    add_implicit_dependencies(&mut s, node);
    s.depends_on.sort_by(|a, b| a.service.cmp(&b.service));
    s
}

fn build_command(node: &Node) -> Option<Command> {
    match &node.value {
        Value::Seq(items) => Some(Command::Exec(items.iter().filter_map(scalar_text).collect())),
        Value::Scalar(_) if node.is_null() => None,
        Value::Scalar(_) => scalar_text(node).map(Command::Shell),
        Value::Map(_) => None,
    }
}

fn build_build(node: &Node, line: usize, ctx: &BuildContext<'_>) -> Build {
    let mut build = Build {
        context: absolute(ctx.project_dir, ".", ctx.env),
        dockerfile: None,
        dockerfile_inline: None,
        args: BTreeMap::new(),
        target: None,
        line,
    };
    match &node.value {
        Value::Scalar(_) => {
            if let Some(c) = scalar_text(node) {
                build.context = absolute(ctx.project_dir, &c, ctx.env);
            }
        }
        Value::Map(_) => {
            if let Some(c) = node.get("context").and_then(scalar_text) {
                build.context = absolute(ctx.project_dir, &c, ctx.env);
            }
            build.dockerfile = node.get("dockerfile").and_then(scalar_text);
            build.dockerfile_inline = node.get("dockerfile_inline").and_then(scalar_text);
            build.target = node.get("target").and_then(scalar_text);
            if let Some(args) = node.get("args") {
                // Bare names are looked up, and dropped when unset (compose-go `resolve`, keepEmpty=false).
                for (k, v) in key_values(args) {
                    match v.or_else(|| ctx.env.get(&k).cloned()) {
                        Some(v) => {
                            build.args.insert(k, Some(v));
                        }
                        None if args.as_map().is_some() => {}
                        None => {}
                    }
                }
            }
        }
        Value::Seq(_) => {}
    }
    if build.dockerfile.is_none() && build.dockerfile_inline.is_none() {
        build.dockerfile = Some("Dockerfile".to_owned());
    }
    build
}

fn build_port(item: &Node, path: &str) -> Result<Vec<PortMapping>, String> {
    match &item.value {
        Value::Scalar(s) => match s.kind {
            Kind::Str => parse_port_spec(&s.text, item.line),
            Kind::Int(i) => parse_port_spec(&i.to_string(), item.line),
            Kind::Float(_) => Err(format!("{path}: invalid type float64 for port")),
            Kind::Bool(_) => Err(format!("{path}: invalid type bool for port")),
            Kind::Null => Err(format!("{path}: invalid type <nil> for port")),
        },
        Value::Map(_) => {
            let target = item.get("target").and_then(as_int).unwrap_or(0);
            Ok(vec![PortMapping {
                target: u16::try_from(target).unwrap_or(0),
                published: item
                    .get("published")
                    .and_then(scalar_text)
                    .filter(|p| !p.is_empty()),
                host_ip: item.get("host_ip").and_then(scalar_text),
                protocol: item
                    .get("protocol")
                    .and_then(scalar_text)
                    .unwrap_or_else(|| "tcp".to_owned()),
                mode: item
                    .get("mode")
                    .and_then(scalar_text)
                    .unwrap_or_else(|| "ingress".to_owned()),
                name: item.get("name").and_then(scalar_text),
                app_protocol: item.get("app_protocol").and_then(scalar_text),
                line: item.line,
            }])
        }
        Value::Seq(_) => Err(format!("{path}: invalid type []interface {{}} for port")),
    }
}

fn build_mount(item: &Node, ctx: &BuildContext<'_>) -> Result<Mount, String> {
    let mut mount = match &item.value {
        Value::Map(_) => {
            let kind = item
                .get("type")
                .and_then(scalar_text)
                .and_then(|t| MountKind::parse(&t))
                .unwrap_or(MountKind::Volume);
            let bind = item.get("bind").map(|b| BindOptions {
                create_host_path: b.get("create_host_path").is_none_or(as_bool),
                propagation: b.get("propagation").and_then(scalar_text),
                selinux: b.get("selinux").and_then(scalar_text),
            });
            Mount {
                kind,
                source: item.get("source").and_then(scalar_text).unwrap_or_default(),
                target: item.get("target").and_then(scalar_text).unwrap_or_default(),
                read_only: item.get("read_only").is_some_and(as_bool),
                bind,
                volume_nocopy: item.get("volume").map(|v| v.get("nocopy").is_some_and(as_bool)),
                line: item.line,
            }
        }
        _ => parse_volume_spec(&scalar_text(item).unwrap_or_default(), item.line)?,
    };
    if !mount.target.is_empty() {
        mount.target = clean_path(&mount.target);
    }
    if mount.kind == MountKind::Bind && !mount.source.is_empty() {
        mount.source = absolute(ctx.project_dir, &mount.source, ctx.env);
    }
    Ok(mount)
}

fn build_service_networks(node: &Node) -> Vec<ServiceNetwork> {
    let entry = |name: String, line: usize, config: Option<&Node>| ServiceNetwork {
        name,
        aliases: config
            .and_then(|c| c.get("aliases"))
            .map(strings)
            .unwrap_or_default(),
        ipv4_address: config.and_then(|c| c.get("ipv4_address")).and_then(scalar_text),
        ipv6_address: config.and_then(|c| c.get("ipv6_address")).and_then(scalar_text),
        configured: config.is_some_and(|c| c.as_map().is_some()),
        line,
    };
    match &node.value {
        Value::Seq(items) => items
            .iter()
            .filter_map(|i| scalar_text(i).map(|n| entry(n, i.line, None)))
            .collect(),
        Value::Map(pairs) => pairs
            .iter()
            .map(|(k, v)| entry(key_text(k), k.line, Some(v)))
            .collect(),
        Value::Scalar(_) => Vec::new(),
    }
}

fn build_depends_on(node: &Node) -> Vec<Dependency> {
    match &node.value {
        Value::Seq(items) => items
            .iter()
            .filter_map(|i| {
                scalar_text(i).map(|service| Dependency {
                    service,
                    condition: Condition::Started,
                    required: true,
                    restart: false,
                    line: i.line,
                })
            })
            .collect(),
        Value::Map(pairs) => pairs
            .iter()
            .map(|(k, v)| Dependency {
                service: key_text(k),
                condition: match v.get("condition").and_then(scalar_text).as_deref() {
                    Some("service_healthy") => Condition::Healthy,
                    Some("service_completed_successfully") => Condition::CompletedSuccessfully,
                    _ => Condition::Started,
                },
                required: v.get("required").is_none_or(as_bool),
                restart: v.get("restart").is_some_and(as_bool),
                line: k.line,
            })
            .collect(),
        Value::Scalar(_) => Vec::new(),
    }
}

/// compose-go `Normalize`: links, `network_mode`/`ipc`/`pid`/`uts`/`cgroup: service:x` and
/// `volumes_from` add dependencies when not already declared.
fn add_implicit_dependencies(s: &mut Service, node: &Node) {
    let add = |service: String, restart: bool, line: usize, deps: &mut Vec<Dependency>| {
        if !deps.iter().any(|d| d.service == service) {
            deps.push(Dependency {
                service,
                condition: Condition::Started,
                required: true,
                restart,
                line,
            });
        }
    };
    let mut deps = std::mem::take(&mut s.depends_on);
    if let Some(links) = node.get("links").and_then(Node::as_seq) {
        for link in links {
            if let Some(text) = scalar_text(link) {
                let parts: Vec<&str> = text.split(':').collect();
                let target = if parts.len() == 2 {
                    parts[0].to_owned()
                } else {
                    text.clone()
                };
                add(target, true, link.line, &mut deps);
            }
        }
    }
    for key in ["network_mode", "ipc", "pid", "uts", "cgroup"] {
        if let Some(v) = node.get(key)
            && let Some(shared) = scalar_text(v).and_then(|t| t.strip_prefix("service:").map(str::to_owned))
        {
            add(shared, true, v.line, &mut deps);
        }
    }
    if let Some(from) = node.get("volumes_from").and_then(Node::as_seq) {
        for v in from {
            if let Some(text) = scalar_text(v)
                && !text.starts_with("container:")
            {
                let service = text.split(':').next().unwrap_or_default().to_owned();
                add(service, false, v.line, &mut deps);
            }
        }
    }
    s.depends_on = deps;
}

fn build_healthcheck(service: &str, line: usize, node: &Node, issues: &mut Vec<BuildIssue>) -> Healthcheck {
    let mut hc = Healthcheck {
        test: None,
        interval: None,
        timeout: None,
        retries: None,
        start_period: None,
        start_interval: None,
        disable: false,
        line,
    };
    let Some(pairs) = node.as_map() else { return hc };
    for (key, value) in pairs {
        let field = key_text(key);
        let mut duration = |slot: &mut Option<super::duration::GoDuration>| {
            let text = scalar_text(value).unwrap_or_default();
            match parse_duration(&text) {
                Ok(d) => *slot = Some(d),
                Err(e) => issues.push(BuildIssue {
                    line: value.line,
                    column: value.column,
                    message: format!(
                        "decoding failed due to the following error(s):\n\n'services[{service}].healthcheck.{field}' {e}"
                    ),
                    decoding: true,
                }),
            }
        };
        match field.as_str() {
            "test" => {
                hc.test = match &value.value {
                    Value::Scalar(_) => scalar_text(value).map(|t| vec!["CMD-SHELL".to_owned(), t]),
                    Value::Seq(items) => Some(items.iter().filter_map(scalar_text).collect()),
                    Value::Map(_) => None,
                }
            }
            "interval" => duration(&mut hc.interval),
            "timeout" => duration(&mut hc.timeout),
            "start_period" => duration(&mut hc.start_period),
            "start_interval" => duration(&mut hc.start_interval),
            "retries" => hc.retries = as_int(value).and_then(|r| u64::try_from(r).ok()),
            "disable" => hc.disable = as_bool(value),
            _ => {}
        }
    }
    hc
}

/// `external:` as compose-go reads it: a boolean, or the deprecated `{name: …}` form.
fn external_of(node: &Node) -> (bool, Option<String>) {
    match node.get("external") {
        None => (false, None),
        Some(e) if e.as_map().is_some() => (true, e.get("name").and_then(scalar_text)),
        Some(e) => (as_bool(e), None),
    }
}

fn resource_name(key: &str, node: &Node, external: bool, ext_name: Option<String>, project: &str) -> String {
    node.get("name")
        .and_then(scalar_text)
        .or(ext_name)
        .unwrap_or_else(|| {
            if external {
                key.to_owned()
            } else {
                format!("{project}_{key}")
            }
        })
}

/// A network's or volume's `labels:` (map or list), bare keys as empty values.
fn labels_of(node: &Node) -> BTreeMap<String, String> {
    node.get("labels")
        .map(|l| {
            key_values(l)
                .into_iter()
                .map(|(k, v)| (k, v.unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default()
}

fn build_network(key: &str, line: usize, node: &Node, ctx: &BuildContext<'_>) -> Network {
    let (external, ext_name) = external_of(node);
    Network {
        key: key.to_owned(),
        name: resource_name(key, node, external, ext_name, ctx.project_name),
        driver: node.get("driver").and_then(scalar_text),
        external,
        internal: node.get("internal").is_some_and(as_bool),
        attachable: node.get("attachable").is_some_and(as_bool),
        labels: labels_of(node),
        implicit: false,
        line,
    }
}

fn build_volume(key: &str, line: usize, node: &Node, ctx: &BuildContext<'_>) -> Volume {
    let (external, ext_name) = external_of(node);
    Volume {
        key: key.to_owned(),
        name: resource_name(key, node, external, ext_name, ctx.project_name),
        driver: node.get("driver").and_then(scalar_text),
        external,
        labels: labels_of(node),
        line,
    }
}

/// Top-level keys printed as written by `config`: `secrets`, `configs`, `models`, then the `x-`
/// extensions sorted (compose-go's `Project` field order, extensions inline at the end).
fn extra_top_level(root: &Node) -> Vec<(String, Node)> {
    let mut out: Vec<(String, Node)> = Vec::new();
    for wanted in ["secrets", "configs", "models"] {
        if let Some(v) = root.get(wanted) {
            out.push((wanted.to_owned(), v.clone()));
        }
    }
    let mut extensions: Vec<(String, Node)> = root
        .as_map()
        .unwrap_or_default()
        .iter()
        .filter(|(k, _)| key_text(k).starts_with("x-"))
        .map(|(k, v)| (key_text(k), v.clone()))
        .collect();
    extensions.sort_by(|a, b| a.0.cmp(&b.0));
    out.extend(extensions);
    out
}
