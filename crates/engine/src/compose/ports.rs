//! Port and volume short syntax, parsed the way Compose parses them.
//!
//! Ports follow docker/go-connections `nat.ParsePortSpec` (v0.7.0, the version docker/compose
//! builds with) and compose-go `types.ParsePortConfig`; volumes follow compose-go
//! `format.ParseVolume`.

use std::net::IpAddr;

/// One published or exposed port after expansion of ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortMapping {
    /// The port inside the container.
    pub target: u16,
    /// The host port or range (`"8080"`, `"8000-8010"`); `None` lets the engine pick one.
    pub published: Option<String>,
    /// The host address to bind (`127.0.0.1`); `None` means all interfaces.
    pub host_ip: Option<String>,
    /// `tcp`, `udp` or `sctp`.
    pub protocol: String,
    /// `ingress` (the default) or `host`.
    pub mode: String,
    /// A human-readable name (long syntax only).
    pub name: Option<String>,
    /// The application protocol (`http`, …; long syntax only).
    pub app_protocol: Option<String>,
    /// 1-based line of the entry in the compose file.
    pub line: usize,
}

/// Parses one short-syntax port, `[[IP:](port|range):](port|range)[/PROTOCOL]`, into concrete
/// mappings, sorted as compose-go sorts them (by the `PORT/proto` string).
pub fn parse_port_spec(raw: &str, line: usize) -> Result<Vec<PortMapping>, String> {
    let parts: Vec<&str> = raw.split(':').collect();
    let n = parts.len();
    let (ip, host_port, container) = match n {
        1 => (String::new(), "", parts[0]),
        2 => (String::new(), parts[0], parts[1]),
        3 => (parts[0].to_owned(), parts[1], parts[2]),
        _ => (parts[..n - 2].join(":"), parts[n - 2], parts[n - 1]),
    };
    let (container_port, proto) = match container.split_once('/') {
        Some((port, proto)) => (port, if proto.is_empty() { "tcp" } else { proto }),
        None => (container, "tcp"),
    };
    if container_port.is_empty() {
        return Err(format!("no port specified: {raw}<empty>"));
    }
    let proto = proto.to_lowercase();
    if !matches!(proto.as_str(), "tcp" | "udp" | "sctp") {
        return Err(format!("invalid proto: {proto}"));
    }
    let mut ip = ip;
    if ip.starts_with('[') {
        // net.SplitHostPort(ip + ":") strips the brackets of an IPv6 address.
        match ip.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            Some(inner) if !inner.contains(['[', ']']) => ip = inner.to_owned(),
            _ => {
                return Err(format!(
                    "invalid IP address {ip}: address {ip}:: missing ']' in address"
                ));
            }
        }
    }
    if !ip.is_empty() && ip.parse::<IpAddr>().is_err() {
        return Err(format!("invalid IP address: {ip}"));
    }
    let (start, end) =
        parse_port_range(container_port).map_err(|_| format!("invalid containerPort: {container_port}"))?;
    let (host_start, host_end) = if host_port.is_empty() {
        (0, 0)
    } else {
        let range = parse_port_range(host_port).map_err(|_| format!("invalid hostPort: {host_port}"))?;
        if (end - start) != (range.1 - range.0) && end != start {
            return Err(format!(
                "invalid ranges specified for container and host Ports: {container_port} and {host_port}"
            ));
        }
        range
    };
    let count = end - start + 1;
    let mut out = Vec::new();
    for i in 0..count {
        let published = if host_port.is_empty() {
            None
        } else {
            let mut p = (host_start + i).to_string();
            if count == 1 && host_start != host_end {
                p = format!("{p}-{host_end}");
            }
            Some(p)
        };
        out.push(PortMapping {
            target: u16::try_from(start + i).unwrap_or(u16::MAX),
            published,
            host_ip: if ip.is_empty() { None } else { Some(ip.clone()) },
            protocol: proto.clone(),
            mode: "ingress".to_owned(),
            name: None,
            app_protocol: None,
            line,
        });
    }
    // compose-go sorts the `port/proto` keys as strings.
    out.sort_by_key(|p| format!("{}/{}", p.target, p.protocol));
    Ok(out)
}

/// `nat.parsePortRange`: `N` or `N-M` with `0 <= N <= M <= 65535`.
fn parse_port_range(ports: &str) -> Result<(u32, u32), ()> {
    if ports.is_empty() {
        return Err(());
    }
    let (start, end) = match ports.split_once('-') {
        Some((s, e)) => (s, Some(e)),
        None => (ports, None),
    };
    let start_port = parse_port_number(start)?;
    match end {
        None => Ok((start_port, start_port)),
        Some(e) if e == start => Ok((start_port, start_port)),
        Some(e) => {
            let end_port = parse_port_number(e)?;
            if end_port < start_port {
                return Err(());
            }
            Ok((start_port, end_port))
        }
    }
}

/// `strconv.ParseInt(raw, 10, 0)` limited to 0..=65535.
fn parse_port_number(raw: &str) -> Result<u32, ()> {
    let digits = raw.strip_prefix('+').unwrap_or(raw);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(());
    }
    let value: u64 = digits.parse().map_err(|_| ())?;
    u32::try_from(value).ok().filter(|&v| v <= 65_535).ok_or(())
}

/// What a service mount is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MountKind {
    /// A host path mounted into the container.
    Bind,
    /// A named (or anonymous) volume managed by the engine.
    Volume,
    /// An in-memory filesystem.
    Tmpfs,
    /// A path from an image.
    Image,
    /// A Windows named pipe.
    Npipe,
    /// A cluster volume.
    Cluster,
}

impl MountKind {
    /// The name used in compose files (`bind`, `volume`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            MountKind::Bind => "bind",
            MountKind::Volume => "volume",
            MountKind::Tmpfs => "tmpfs",
            MountKind::Image => "image",
            MountKind::Npipe => "npipe",
            MountKind::Cluster => "cluster",
        }
    }

    /// Reads a long-syntax `type`.
    pub fn parse(s: &str) -> Option<MountKind> {
        Some(match s {
            "bind" => MountKind::Bind,
            "volume" => MountKind::Volume,
            "tmpfs" => MountKind::Tmpfs,
            "image" => MountKind::Image,
            "npipe" => MountKind::Npipe,
            "cluster" => MountKind::Cluster,
            _ => return None,
        })
    }
}

/// Options of a bind mount.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BindOptions {
    /// Create the host path if it is missing (short syntax: always).
    pub create_host_path: bool,
    /// Mount propagation (`rprivate`, `shared`, …).
    pub propagation: Option<String>,
    /// SELinux relabelling (`z` or `Z`).
    pub selinux: Option<String>,
}

/// One entry of a service's `volumes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// Bind, volume, tmpfs, …
    pub kind: MountKind,
    /// The volume name or host path (absolute after loading); empty for an anonymous volume.
    pub source: String,
    /// The path inside the container (cleaned like Go's `path.Clean`).
    pub target: String,
    /// Mounted read-only (`:ro` or `read_only: true`).
    pub read_only: bool,
    /// Bind options, when the mount has them.
    pub bind: Option<BindOptions>,
    /// Volume options present (`volume: {}`); `Some(true)` means `nocopy`.
    pub volume_nocopy: Option<bool>,
    /// 1-based line of the entry.
    pub line: usize,
}

/// Parses a short-syntax volume, `[SOURCE:]TARGET[:MODE]` (compose-go `format.ParseVolume`).
///
/// A source starting with `.`, `/` or `~` is a bind mount; any other source names a volume;
/// no source at all is an anonymous volume.
pub fn parse_volume_spec(spec: &str, line: usize) -> Result<Mount, String> {
    let mut mount = Mount {
        kind: MountKind::Volume,
        source: String::new(),
        target: String::new(),
        read_only: false,
        bind: None,
        volume_nocopy: None,
        line,
    };
    match spec.chars().count() {
        0 => return Err("invalid empty volume spec".to_owned()),
        1 | 2 => {
            mount.target = spec.to_owned();
            return Ok(mount);
        }
        _ => {}
    }
    let chars: Vec<char> = spec.chars().collect();
    let mut buffer: Vec<char> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i <= chars.len() {
        let c = chars.get(i).copied();
        match c {
            Some('$') if chars.get(i + 1) == Some(&'{') => {
                depth += 1;
                buffer.push('$');
            }
            Some('}') if depth > 0 => {
                depth -= 1;
                buffer.push('}');
            }
            // A Windows drive letter (`C:`) is part of the path.
            Some(':') if buffer.len() == 1 && buffer[0].is_alphabetic() => buffer.push(':'),
            Some(':') | None if depth == 0 => {
                if let Err(e) = populate(&mut mount, &buffer, c.is_none()) {
                    populate_type(&mut mount);
                    return Err(format!("invalid spec: {spec}: {e}"));
                }
                buffer.clear();
            }
            Some(ch) => buffer.push(ch),
            None => {}
        }
        i += 1;
    }
    populate_type(&mut mount);
    Ok(mount)
}

fn populate(mount: &mut Mount, buffer: &[char], end: bool) -> Result<(), &'static str> {
    let text: String = buffer.iter().collect();
    if buffer.is_empty() {
        return Err("empty section between colons");
    }
    if mount.source.is_empty() && end {
        mount.target = text;
        return Ok(());
    }
    if mount.source.is_empty() {
        mount.source = text;
        return Ok(());
    }
    if mount.target.is_empty() {
        mount.target = text;
        return Ok(());
    }
    if !end {
        return Err("too many colons");
    }
    for option in text.split(',') {
        match option {
            "ro" => mount.read_only = true,
            "rw" => mount.read_only = false,
            "nocopy" => mount.volume_nocopy = Some(true),
            "rprivate" | "private" | "rshared" | "shared" | "rslave" | "slave" => {
                mount.bind.get_or_insert_with(BindOptions::default).propagation = Some(option.to_owned());
            }
            "z" | "Z" => {
                mount.bind.get_or_insert_with(BindOptions::default).selinux = Some(option.to_owned());
            }
            // compose-go ignores unknown options ("FIXME why not report an error here?").
            _ => {}
        }
    }
    Ok(())
}

fn populate_type(mount: &mut Mount) {
    if is_file_path(&mount.source) {
        mount.kind = MountKind::Bind;
        // Short syntax always creates a missing host path (docker-compose v1 behaviour).
        mount
            .bind
            .get_or_insert_with(BindOptions::default)
            .create_host_path = true;
    } else {
        mount.kind = MountKind::Volume;
        if mount.volume_nocopy.is_none() {
            mount.volume_nocopy = Some(false);
        }
    }
}

fn is_file_path(source: &str) -> bool {
    let mut chars = source.chars();
    match chars.next() {
        None => false,
        Some('.' | '/' | '~') => true,
        Some(first) => source.starts_with("\\\\") || (first.is_alphabetic() && chars.next() == Some(':')),
    }
}

/// Go's `path.Clean` for slash-separated paths.
pub fn clean_path(path: &str) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}
