//! The images the simulated registry offers, with their real defaults (entrypoint, command,
//! exposed ports, stop signal) and plausible layer sizes.
//!
//! Sizes are the uncompressed sizes `docker images` reports for linux/amd64 in late 2025,
//! rounded; layers of a shared base (Debian bookworm, Alpine) are the same layers, so pulling
//! a second image on that base prints `Already exists` for them.

/// One repository of the simulated registry.
#[derive(Debug)]
pub struct ImageSpec {
    /// Repository name as users type it (`nginx`); all are official `library/` images.
    pub repo: &'static str,
    /// Tags offered; the first is what `latest` resolves to when `latest` is listed.
    pub tags: &'static [&'static str],
    /// `ENTRYPOINT`.
    pub entrypoint: &'static [&'static str],
    /// `CMD`.
    pub cmd: &'static [&'static str],
    /// `EXPOSE`d ports, e.g. `80/tcp`.
    pub exposed: &'static [&'static str],
    /// `STOPSIGNAL` (SIGTERM unless the image says otherwise).
    pub stop_signal: &'static str,
    /// `ENV` lines.
    pub env: &'static [&'static str],
    /// `WORKDIR` (`/` when unset).
    pub working_dir: &'static str,
    /// Layers shared with other images on the same base: (base name, sizes in bytes).
    pub base_layers: (&'static str, &'static [u64]),
    /// This image's own layers, sizes in bytes.
    pub own_layers: &'static [u64],
    /// How many days before the virtual clock's start the image was built.
    pub age_days: u64,
}

const DEBIAN: (&str, &[u64]) = ("debian-bookworm", &[74_800_000]);
const ALPINE: (&str, &[u64]) = ("alpine-3.22", &[8_310_000]);
const PATH_ENV: &str = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Every image the simulated registry knows.
pub static CATALOGUE: &[ImageSpec] = &[
    ImageSpec {
        repo: "hello-world",
        tags: &["latest", "linux"],
        entrypoint: &[],
        cmd: &["/hello"],
        exposed: &[],
        stop_signal: "SIGTERM",
        env: &[PATH_ENV],
        working_dir: "/",
        base_layers: ("scratch", &[]),
        own_layers: &[10_072],
        age_days: 110,
    },
    ImageSpec {
        repo: "alpine",
        tags: &["latest", "3.22", "3"],
        entrypoint: &[],
        cmd: &["/bin/sh"],
        exposed: &[],
        stop_signal: "SIGTERM",
        env: &[PATH_ENV],
        working_dir: "/",
        base_layers: ALPINE,
        own_layers: &[],
        age_days: 40,
    },
    ImageSpec {
        repo: "busybox",
        tags: &["latest", "1.37"],
        entrypoint: &[],
        cmd: &["sh"],
        exposed: &[],
        stop_signal: "SIGTERM",
        env: &[PATH_ENV],
        working_dir: "/",
        base_layers: ("busybox", &[]),
        own_layers: &[4_430_000],
        age_days: 430,
    },
    ImageSpec {
        repo: "nginx",
        tags: &["latest", "1.29", "stable", "alpine"],
        entrypoint: &["/docker-entrypoint.sh"],
        cmd: &["nginx", "-g", "daemon off;"],
        exposed: &["80/tcp"],
        // nginx finishes in-flight requests on SIGQUIT (the official image sets it).
        stop_signal: "SIGQUIT",
        env: &[PATH_ENV, "NGINX_VERSION=1.29.3"],
        working_dir: "/",
        base_layers: DEBIAN,
        own_layers: &[117_000_000, 630, 955, 404, 1_210, 1_400, 4_900],
        age_days: 12,
    },
    ImageSpec {
        repo: "redis",
        tags: &["latest", "8.2", "alpine"],
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["redis-server"],
        exposed: &["6379/tcp"],
        stop_signal: "SIGTERM",
        env: &[PATH_ENV, "REDIS_VERSION=8.2.3"],
        working_dir: "/data",
        base_layers: DEBIAN,
        own_layers: &[1_050, 1_020_000, 61_000_000, 0, 98, 580],
        age_days: 18,
    },
    ImageSpec {
        repo: "postgres",
        tags: &["latest", "18", "17", "16"],
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["postgres"],
        exposed: &["5432/tcp"],
        // postgres does a "fast shutdown" on SIGINT (the official image sets it).
        stop_signal: "SIGINT",
        env: &[PATH_ENV, "PG_MAJOR=18", "PGDATA=/var/lib/postgresql/18/docker"],
        working_dir: "/",
        base_layers: DEBIAN,
        own_layers: &[
            4_200,
            11_600_000,
            1_300,
            9_400_000,
            1_500_000,
            340_000_000,
            9_800,
            130,
            172,
            24_000,
        ],
        age_days: 9,
    },
    ImageSpec {
        repo: "python",
        tags: &[
            "latest",
            "3.14",
            "3.13",
            "3.12",
            "3.11",
            "3.10",
            "3.10-slim",
            "3.12-slim",
        ],
        entrypoint: &[],
        cmd: &["python3"],
        exposed: &[],
        stop_signal: "SIGTERM",
        env: &[PATH_ENV, "LANG=C.UTF-8", "PYTHON_VERSION=3.14.0"],
        working_dir: "/",
        base_layers: DEBIAN,
        own_layers: &[24_000_000, 64_400_000, 211_000_000, 6_100_000, 29_500_000, 250],
        age_days: 20,
    },
    ImageSpec {
        repo: "node",
        tags: &["latest", "24", "22", "lts", "22-alpine"],
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["node"],
        exposed: &[],
        stop_signal: "SIGTERM",
        env: &[PATH_ENV, "NODE_VERSION=24.11.1", "YARN_VERSION=1.22.22"],
        working_dir: "/",
        base_layers: DEBIAN,
        own_layers: &[
            24_000_000,
            64_400_000,
            211_000_000,
            3_300,
            187_000_000,
            5_300_000,
            388,
        ],
        age_days: 14,
    },
];

/// Splits an image reference into (repository, tag): `nginx` → (`nginx`, `latest`);
/// `docker.io/library/redis:8.2` → (`redis`, `8.2`). Digests (`@sha256:…`) are not supported.
pub fn split_reference(reference: &str) -> (String, String) {
    let without_registry = reference
        .strip_prefix("docker.io/")
        .or_else(|| reference.strip_prefix("index.docker.io/"))
        .unwrap_or(reference);
    let without_library = without_registry
        .strip_prefix("library/")
        .unwrap_or(without_registry);
    // A colon after the last slash is the tag separator (a colon before it is a registry port).
    let last_slash = without_library.rfind('/').map_or(0, |i| i + 1);
    match without_library[last_slash..].rfind(':') {
        Some(i) => {
            let at = last_slash + i;
            (
                without_library[..at].to_string(),
                without_library[at + 1..].to_string(),
            )
        }
        None => (without_library.to_string(), "latest".to_string()),
    }
}

/// The catalogue entry for a repository.
pub fn find(repo: &str) -> Option<&'static ImageSpec> {
    CATALOGUE.iter().find(|spec| spec.repo == repo)
}
