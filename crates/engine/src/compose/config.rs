//! `docker compose config`: the project printed back as normalized YAML, the way Compose v5
//! prints it (compose-go `Project.MarshalYAML`: go-yaml v4, indent 2).
//!
//! Go marshals structs in field order and maps in sorted key order, so a service's keys follow
//! compose-go's `ServiceConfig` field order (`profiles` first, then roughly alphabetical), ports
//! follow `ServicePortConfig` (`mode`, `host_ip`, `target`, `published`, `protocol`), and so on.
//! Strings are quoted as go-yaml quotes them (checked against go-yaml v4.0.0-rc.6): double quotes
//! when the text would read back as another type (`"8080"`, `"true"`), single quotes for YAML 1.1
//! booleans and sexagesimal numbers (`'yes'`, `'1:30'`) and for text that cannot be plain.

use super::model::{Command, Project, Service};
use super::ports::MountKind;
use super::yaml::{Kind, Node, Value, resolve_plain};

/// A YAML value to print.
enum Y {
    /// A string, quoted as needed.
    Str(String),
    /// A scalar printed as is (`80`, `true`, `null`).
    Raw(String),
    Seq(Vec<Y>),
    Map(Vec<(String, Y)>),
}

impl Y {
    fn str(s: &str) -> Y {
        Y::Str(s.to_owned())
    }

    fn strings(list: &[String]) -> Y {
        Y::Seq(list.iter().map(|s| Y::str(s)).collect())
    }
}

/// compose-go's `ServiceConfig` yaml field order.
const SERVICE_FIELDS: &[&str] = &[
    "profiles",
    "annotations",
    "attach",
    "build",
    "develop",
    "blkio_config",
    "cap_add",
    "cap_drop",
    "cgroup_parent",
    "cgroup",
    "cpu_count",
    "cpu_percent",
    "cpu_period",
    "cpu_quota",
    "cpu_rt_period",
    "cpu_rt_runtime",
    "cpus",
    "cpuset",
    "cpu_shares",
    "command",
    "configs",
    "container_name",
    "credential_spec",
    "depends_on",
    "deploy",
    "device_cgroup_rules",
    "devices",
    "dns",
    "dns_opt",
    "dns_search",
    "dockerfile",
    "domainname",
    "entrypoint",
    "provider",
    "environment",
    "env_file",
    "expose",
    "extends",
    "external_links",
    "extra_hosts",
    "group_add",
    "gpus",
    "hostname",
    "healthcheck",
    "image",
    "init",
    "ipc",
    "isolation",
    "labels",
    "label_file",
    "links",
    "logging",
    "log_driver",
    "log_opt",
    "mem_limit",
    "mem_reservation",
    "memswap_limit",
    "mem_swappiness",
    "mac_address",
    "models",
    "net",
    "network_mode",
    "networks",
    "oom_kill_disable",
    "oom_score_adj",
    "pid",
    "pids_limit",
    "platform",
    "ports",
    "privileged",
    "pull_policy",
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
    "volume_driver",
    "volumes",
    "volumes_from",
    "working_dir",
    "pre_start",
    "post_start",
    "pre_stop",
];

/// Keys this module prints from the model; any other key of a service is printed as written.
const MODELLED: &[&str] = &[
    "profiles",
    "build",
    "command",
    "container_name",
    "depends_on",
    "deploy",
    "entrypoint",
    "environment",
    "env_file",
    "expose",
    "healthcheck",
    "image",
    "labels",
    "links",
    "network_mode",
    "networks",
    "ports",
    "restart",
    "scale",
    "volumes",
    "volumes_from",
    "working_dir",
];

impl Project {
    /// What `docker compose config` prints for this project.
    ///
    /// `env_file` entries are left out, as `config` merges the files into `environment` (this
    /// simulator does not read them); keys the model does not cover are printed as written,
    /// with mapping keys sorted (UNCONFIRMED: Compose normalizes some of them further).
    pub fn to_config_yaml(&self) -> String {
        let mut top = vec![("name".to_owned(), Y::str(&self.name))];
        let services = self
            .services
            .iter()
            .map(|s| (s.name.clone(), service_yaml(s)))
            .collect();
        top.push(("services".to_owned(), Y::Map(services)));
        if !self.networks.is_empty() {
            let networks = self
                .networks
                .iter()
                .map(|n| {
                    let mut m = vec![("name".to_owned(), Y::str(&n.name))];
                    if let Some(d) = &n.driver {
                        m.push(("driver".to_owned(), Y::str(d)));
                    }
                    if n.external {
                        m.push(("external".to_owned(), Y::Raw("true".to_owned())));
                    }
                    if n.internal {
                        m.push(("internal".to_owned(), Y::Raw("true".to_owned())));
                    }
                    if n.attachable {
                        m.push(("attachable".to_owned(), Y::Raw("true".to_owned())));
                    }
                    if !n.labels.is_empty() {
                        m.push(("labels".to_owned(), string_map(&n.labels)));
                    }
                    (n.key.clone(), Y::Map(m))
                })
                .collect();
            top.push(("networks".to_owned(), Y::Map(networks)));
        }
        if !self.volumes.is_empty() {
            let volumes = self
                .volumes
                .iter()
                .map(|v| {
                    let mut m = vec![("name".to_owned(), Y::str(&v.name))];
                    if let Some(d) = &v.driver {
                        m.push(("driver".to_owned(), Y::str(d)));
                    }
                    if v.external {
                        m.push(("external".to_owned(), Y::Raw("true".to_owned())));
                    }
                    if !v.labels.is_empty() {
                        m.push(("labels".to_owned(), string_map(&v.labels)));
                    }
                    (v.key.clone(), Y::Map(m))
                })
                .collect();
            top.push(("volumes".to_owned(), Y::Map(volumes)));
        }
        for (key, node) in &self.extra {
            let value = match key.as_str() {
                "secrets" | "configs" => file_objects(self, node),
                _ => raw(node),
            };
            top.push((key.clone(), value));
        }
        let mut out = String::new();
        write_map(&mut out, &top, 0, false);
        out
    }
}

fn string_map(map: &std::collections::BTreeMap<String, String>) -> Y {
    Y::Map(map.iter().map(|(k, v)| (k.clone(), Y::str(v))).collect())
}

fn command_yaml(c: &Command) -> Y {
    Y::strings(&c.argv())
}

fn service_yaml(s: &Service) -> Y {
    let mut fields: Vec<(String, Y)> = Vec::new();
    let mut put = |k: &str, y: Y| fields.push((k.to_owned(), y));
    if !s.profiles.is_empty() {
        put("profiles", Y::strings(&s.profiles));
    }
    if let Some(b) = &s.build {
        let mut m = vec![("context".to_owned(), Y::str(&b.context))];
        if let Some(d) = &b.dockerfile {
            m.push(("dockerfile".to_owned(), Y::str(d)));
        }
        if let Some(d) = &b.dockerfile_inline {
            m.push(("dockerfile_inline".to_owned(), Y::str(d)));
        }
        if !b.args.is_empty() {
            m.push(("args".to_owned(), optional_map(&b.args)));
        }
        if let Some(t) = &b.target {
            m.push(("target".to_owned(), Y::str(t)));
        }
        put("build", Y::Map(m));
    }
    if let Some(c) = &s.command {
        put("command", command_yaml(c));
    }
    if let Some(c) = &s.container_name {
        put("container_name", Y::str(c));
    }
    if !s.depends_on.is_empty() {
        let deps = s
            .depends_on
            .iter()
            .map(|d| {
                let mut m = vec![("condition".to_owned(), Y::str(d.condition.as_str()))];
                if d.restart {
                    m.push(("restart".to_owned(), Y::Raw("true".to_owned())));
                }
                m.push(("required".to_owned(), Y::Raw(d.required.to_string())));
                (d.service.clone(), Y::Map(m))
            })
            .collect();
        put("depends_on", Y::Map(deps));
    }
    if s.has_deploy {
        let mut m = Vec::new();
        if let Some(mode) = &s.deploy_mode {
            m.push(("mode".to_owned(), Y::str(mode)));
        }
        if let Some(r) = s.replicas {
            m.push(("replicas".to_owned(), Y::Raw(r.to_string())));
        }
        if let Some(Value::Map(pairs)) = s.raw_deploy.as_ref().map(|n| &n.value) {
            let mut rest: Vec<(String, Y)> = pairs
                .iter()
                .filter(|(k, _)| !matches!(key(k).as_str(), "mode" | "replicas"))
                .map(|(k, v)| (key(k), raw(v)))
                .collect();
            rest.sort_by(|a, b| a.0.cmp(&b.0));
            m.extend(rest);
        }
        put("deploy", Y::Map(m));
    }
    if let Some(c) = &s.entrypoint {
        put("entrypoint", command_yaml(c));
    }
    if !s.environment.is_empty() {
        put("environment", optional_map(&s.environment));
    }
    if !s.expose.is_empty() {
        put("expose", Y::strings(&s.expose));
    }
    if let Some(h) = &s.healthcheck {
        let mut m = Vec::new();
        if let Some(t) = &h.test {
            m.push(("test".to_owned(), Y::strings(t)));
        }
        for (k, d) in [("timeout", h.timeout), ("interval", h.interval)] {
            if let Some(d) = d {
                m.push((k.to_owned(), Y::str(&d.to_string())));
            }
        }
        if let Some(r) = h.retries {
            m.push(("retries".to_owned(), Y::Raw(r.to_string())));
        }
        for (k, d) in [
            ("start_period", h.start_period),
            ("start_interval", h.start_interval),
        ] {
            if let Some(d) = d {
                m.push((k.to_owned(), Y::str(&d.to_string())));
            }
        }
        if h.disable {
            m.push(("disable".to_owned(), Y::Raw("true".to_owned())));
        }
        put("healthcheck", Y::Map(m));
    }
    if let Some(i) = &s.image {
        put("image", Y::str(i));
    }
    if !s.labels.is_empty() {
        put("labels", string_map(&s.labels));
    }
    if !s.links.is_empty() {
        put("links", Y::strings(&s.links));
    }
    if let Some(m) = &s.network_mode {
        put("network_mode", Y::str(m));
    }
    if !s.networks.is_empty() {
        let nets = s
            .networks
            .iter()
            .map(|n| {
                if !n.configured {
                    return (n.name.clone(), Y::Raw("null".to_owned()));
                }
                let mut m = Vec::new();
                if !n.aliases.is_empty() {
                    m.push(("aliases".to_owned(), Y::strings(&n.aliases)));
                }
                if let Some(a) = &n.ipv4_address {
                    m.push(("ipv4_address".to_owned(), Y::str(a)));
                }
                if let Some(a) = &n.ipv6_address {
                    m.push(("ipv6_address".to_owned(), Y::str(a)));
                }
                (n.name.clone(), Y::Map(m))
            })
            .collect();
        put("networks", Y::Map(nets));
    }
    if !s.ports.is_empty() {
        let ports = s
            .ports
            .iter()
            .map(|p| {
                let mut m = Vec::new();
                if let Some(n) = &p.name {
                    m.push(("name".to_owned(), Y::str(n)));
                }
                m.push(("mode".to_owned(), Y::str(&p.mode)));
                if let Some(ip) = &p.host_ip {
                    m.push(("host_ip".to_owned(), Y::str(ip)));
                }
                if p.target != 0 {
                    m.push(("target".to_owned(), Y::Raw(p.target.to_string())));
                }
                if let Some(published) = &p.published {
                    m.push(("published".to_owned(), Y::str(published)));
                }
                m.push(("protocol".to_owned(), Y::str(&p.protocol)));
                if let Some(a) = &p.app_protocol {
                    m.push(("app_protocol".to_owned(), Y::str(a)));
                }
                Y::Map(m)
            })
            .collect();
        put("ports", Y::Seq(ports));
    }
    if let Some(r) = &s.restart {
        put("restart", Y::str(r));
    }
    if let Some(n) = s.scale {
        put("scale", Y::Raw(n.to_string()));
    }
    if !s.volumes.is_empty() {
        let mounts = s
            .volumes
            .iter()
            .map(|v| {
                let mut m = vec![("type".to_owned(), Y::str(v.kind.as_str()))];
                if !v.source.is_empty() {
                    m.push(("source".to_owned(), Y::str(&v.source)));
                }
                if !v.target.is_empty() {
                    m.push(("target".to_owned(), Y::str(&v.target)));
                }
                if v.read_only {
                    m.push(("read_only".to_owned(), Y::Raw("true".to_owned())));
                }
                if let Some(b) = &v.bind {
                    let mut bm = Vec::new();
                    if let Some(s) = &b.selinux {
                        bm.push(("selinux".to_owned(), Y::str(s)));
                    }
                    if let Some(p) = &b.propagation {
                        bm.push(("propagation".to_owned(), Y::str(p)));
                    }
                    if !b.create_host_path {
                        bm.push(("create_host_path".to_owned(), Y::Raw("false".to_owned())));
                    }
                    m.push(("bind".to_owned(), Y::Map(bm)));
                }
                if let Some(nocopy) = v.volume_nocopy
                    && (v.kind == MountKind::Volume || nocopy)
                {
                    let vm = if nocopy {
                        vec![("nocopy".to_owned(), Y::Raw("true".to_owned()))]
                    } else {
                        Vec::new()
                    };
                    m.push(("volume".to_owned(), Y::Map(vm)));
                }
                Y::Map(m)
            })
            .collect();
        put("volumes", Y::Seq(mounts));
    }
    if !s.volumes_from.is_empty() {
        put("volumes_from", Y::strings(&s.volumes_from));
    }
    if let Some(w) = &s.working_dir {
        put("working_dir", Y::str(w));
    }
    // Keys the model does not cover, as written.
    for (k, node) in &s.passthrough {
        if MODELLED.contains(&k.as_str()) {
            continue;
        }
        let value = match (k.as_str(), &node.value) {
            // Short syntax `- name` is `source: name` (compose-go `transformFileMount`).
            ("secrets" | "configs", Value::Seq(items)) => Y::Seq(
                items
                    .iter()
                    .map(|i| match &i.value {
                        Value::Scalar(_) => Y::Map(vec![("source".to_owned(), raw(i))]),
                        _ => raw(i),
                    })
                    .collect(),
            ),
            _ => raw(node),
        };
        fields.push((k.clone(), value));
    }
    // Struct field order, then the `x-` extensions (a map: sorted) at the end.
    let rank = |k: &str| {
        SERVICE_FIELDS
            .iter()
            .position(|f| *f == k)
            .unwrap_or(SERVICE_FIELDS.len())
    };
    fields.sort_by(|a, b| rank(&a.0).cmp(&rank(&b.0)).then_with(|| a.0.cmp(&b.0)));
    Y::Map(fields)
}

/// Top-level `secrets:`/`configs:` in compose-go's `FileObjectConfig` field order, with the
/// resource name set and `file` made absolute.
fn file_objects(project: &Project, node: &Node) -> Y {
    const ORDER: &[&str] = &[
        "name",
        "file",
        "environment",
        "content",
        "external",
        "labels",
        "driver",
        "driver_opts",
        "template_driver",
    ];
    let Some(pairs) = node.as_map() else {
        return raw(node);
    };
    let mut entries: Vec<(String, Y)> = pairs
        .iter()
        .map(|(k, v)| {
            let key_name = key(k);
            let mut fields: Vec<(String, Y)> = v
                .as_map()
                .unwrap_or_default()
                .iter()
                .map(|(fk, fv)| {
                    let field = key(fk);
                    let value = match (field.as_str(), fv.as_scalar()) {
                        ("file", Some(s)) if !s.text.starts_with('/') => Y::Str(super::ports::clean_path(
                            &format!("{}/{}", project.working_dir, s.text),
                        )),
                        _ => raw(fv),
                    };
                    (field, value)
                })
                .collect();
            if !fields.iter().any(|(f, _)| f == "name") {
                let external = v
                    .get("external")
                    .is_some_and(|e| matches!(e.as_scalar().map(|s| s.kind), Some(Kind::Bool(true))));
                let name = if external {
                    key_name.clone()
                } else {
                    format!("{}_{key_name}", project.name)
                };
                fields.push(("name".to_owned(), Y::Str(name)));
            }
            let rank = |f: &str| ORDER.iter().position(|o| *o == f).unwrap_or(ORDER.len());
            fields.sort_by(|a, b| rank(&a.0).cmp(&rank(&b.0)).then_with(|| a.0.cmp(&b.0)));
            (key_name, Y::Map(fields))
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Y::Map(entries)
}

fn optional_map(map: &std::collections::BTreeMap<String, Option<String>>) -> Y {
    Y::Map(
        map.iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_ref()
                        .map_or_else(|| Y::Raw("null".to_owned()), |v| Y::str(v)),
                )
            })
            .collect(),
    )
}

fn key(node: &Node) -> String {
    node.as_scalar().map(|s| s.text.clone()).unwrap_or_default()
}

/// A node as written; mapping keys sorted as Go sorts map keys.
fn raw(node: &Node) -> Y {
    match &node.value {
        Value::Scalar(s) => match s.kind {
            Kind::Str => Y::Str(s.text.clone()),
            Kind::Null => Y::Raw("null".to_owned()),
            Kind::Bool(b) => Y::Raw(b.to_string()),
            Kind::Int(i) => Y::Raw(i.to_string()),
            Kind::Float(f) => Y::Raw(go_float(f)),
        },
        Value::Seq(items) => Y::Seq(items.iter().map(raw).collect()),
        Value::Map(pairs) => {
            let mut m: Vec<(String, Y)> = pairs.iter().map(|(k, v)| (key(k), raw(v))).collect();
            m.sort_by(|a, b| a.0.cmp(&b.0));
            Y::Map(m)
        }
    }
}

/// go-yaml's float formatting (`strconv.FormatFloat(f, 'g', -1, 64)` with YAML spellings).
fn go_float(f: f64) -> String {
    if f.is_nan() {
        ".nan".to_owned()
    } else if f.is_infinite() {
        if f > 0.0 {
            ".inf".to_owned()
        } else {
            "-.inf".to_owned()
        }
    } else {
        format!("{f}")
    }
}

/// YAML 1.1 booleans, which go-yaml single-quotes for older readers.
fn is_old_bool(s: &str) -> bool {
    matches!(
        s,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
    )
}

/// go-yaml's `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (main, frac) = match body.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (body, None),
    };
    if frac.is_some_and(|f| !f.bytes().all(|b| b.is_ascii_digit() || b == b'_')) {
        return false;
    }
    let mut parts = main.split(':');
    let Some(head) = parts.next() else { return false };
    let head_ok = head.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && head.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    let mut sixties = 0;
    for p in parts {
        let ok = match p.as_bytes() {
            [d] => d.is_ascii_digit(),
            [a, b] => (b'0'..=b'5').contains(a) && b.is_ascii_digit(),
            _ => false,
        };
        if !ok {
            return false;
        }
        sixties += 1;
    }
    head_ok && sixties > 0
}

/// Whether libyaml's emitter may write the string as a plain scalar in block context.
fn plain_allowed(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.starts_with(' ') || s.ends_with(' ') || s.starts_with('\t') || s.ends_with('\t') {
        return false;
    }
    let second = s.chars().nth(1);
    let blank_after = |c: Option<char>| c.is_none_or(|c| c == ' ' || c == '\t');
    match first {
        '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%' | '@' | '`' => {
            return false;
        }
        '-' | '?' | ':' if blank_after(second) => return false,
        _ => {}
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.contains("\t#") || s.contains(":\t") {
        return false;
    }
    s.chars().all(|c| !c.is_control() && c != '\u{feff}')
}

fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => out.push_str(&format!("\\x{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A string as go-yaml prints it on one line, or `None` when it needs a literal block.
fn inline_string(s: &str) -> Option<String> {
    if s.contains('\n') {
        return None;
    }
    if resolve_plain(s) != Kind::Str || s.is_empty() {
        return Some(double_quoted(s));
    }
    if is_old_bool(s) || is_base60(s) {
        return Some(single_quoted(s));
    }
    if plain_allowed(s) {
        return Some(s.to_owned());
    }
    if s.chars().any(|c| c.is_control() && c != '\t') {
        return Some(double_quoted(s));
    }
    Some(single_quoted(s))
}

/// Writes a multi-line string as a literal block (`|-`, `|` or `|+`), after its key or dash.
fn write_literal(out: &mut String, s: &str, indent: usize) {
    let trailing = s.len() - s.trim_end_matches('\n').len();
    let chomp = match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    };
    let body = s.trim_end_matches('\n');
    let needs_indicator = body.starts_with(' ');
    out.push_str(" |");
    if needs_indicator {
        out.push('2');
    }
    out.push_str(chomp);
    out.push('\n');
    for line in body.split('\n') {
        if !line.is_empty() {
            out.push_str(&" ".repeat(indent));
            out.push_str(line);
        }
        out.push('\n');
    }
    for _ in 1..trailing {
        out.push('\n');
    }
}

fn key_text(k: &str) -> String {
    inline_string(k).unwrap_or_else(|| double_quoted(k))
}

/// Writes a mapping at `indent`; with `inline_first` the first key follows a `- ` already written.
fn write_map(out: &mut String, pairs: &[(String, Y)], indent: usize, inline_first: bool) {
    for (i, (k, v)) in pairs.iter().enumerate() {
        if !(inline_first && i == 0) {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(&key_text(k));
        out.push(':');
        write_after(out, v, indent);
    }
}

/// Writes a value that follows `key:` or `-`, where `indent` is the indentation of that line.
fn write_after(out: &mut String, v: &Y, indent: usize) {
    match v {
        Y::Raw(r) => {
            out.push(' ');
            out.push_str(r);
            out.push('\n');
        }
        Y::Str(s) => match inline_string(s) {
            Some(text) => {
                out.push(' ');
                out.push_str(&text);
                out.push('\n');
            }
            None => write_literal(out, s, indent + 2),
        },
        Y::Map(pairs) if pairs.is_empty() => out.push_str(" {}\n"),
        Y::Seq(items) if items.is_empty() => out.push_str(" []\n"),
        Y::Map(pairs) => {
            out.push('\n');
            write_map(out, pairs, indent + 2, false);
        }
        Y::Seq(items) => {
            out.push('\n');
            write_seq(out, items, indent + 2);
        }
    }
}

fn write_seq(out: &mut String, items: &[Y], indent: usize) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match item {
            Y::Map(pairs) if !pairs.is_empty() => {
                out.push(' ');
                write_map(out, pairs, indent + 2, true);
            }
            Y::Seq(inner) if !inner.is_empty() => {
                out.push('\n');
                write_seq(out, inner, indent + 2);
            }
            other => write_after(out, other, indent),
        }
    }
}
