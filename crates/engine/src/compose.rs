//! Compose files: load, validate and model a `compose.yaml` the way Docker Compose v5 does.
//!
//! The pipeline follows compose-go's loader (the library inside `docker compose`), stage by
//! stage, with compose-go's own messages:
//!
//! ```text
//! text ─▶ yaml     (go-yaml v4 syntax errors, duplicate keys, anchors, merge keys)
//!      ─▶ keys     (top-level object must be a mapping, non-string keys)
//!      ─▶ interpolate (${VAR:-default}, required variables, unset-variable warnings)
//!      ─▶ schema   (compose-spec: unknown keys, wrong types)
//!      ─▶ model    (short syntax expanded, defaults, implicit default network, profiles)
//!      ─▶ consistency (undefined services/networks/volumes, …, dependency cycle last)
//! ```
//!
//! Where compose-go stops at the first problem, [`load`] collects every problem of the stage
//! that failed (later stages need a sound earlier one), each with its line, so an editor can
//! mark them all; [`Diagnostics::first`] is the one `docker compose` would print.
//! Each diagnostic's `message` is exactly the text Compose prints on stderr.

mod build;
mod config;
mod duration;
mod interpolate;
mod model;
mod ports;
mod schema;
mod validate;
mod yaml;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;

pub use duration::{GoDuration, parse_duration};
pub use model::{
    BindOptions, Build, Command, Condition, Dependency, Healthcheck, Mount, MountKind, Network, PortMapping,
    Project, Service, ServiceNetwork, Volume,
};
pub use ports::{parse_port_spec, parse_volume_spec};

use yaml::{Kind, Node, Value};

/// How to load a compose file: what `docker compose` would get from its flags and environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOptions {
    /// The absolute project directory (`/home/learner/myapp`): relative paths resolve against
    /// it and its base name is the default project name.
    pub project_dir: String,
    /// The compose file's name inside the project directory (`compose.yaml`); it appears in
    /// messages as `<project_dir>/<file_name>`.
    pub file_name: String,
    /// `-p NAME`.
    pub project_name: Option<String>,
    /// `--profile NAME` flags; when empty, `COMPOSE_PROFILES` from `env` (comma-separated).
    pub profiles: Vec<String>,
    /// The environment variables interpolation and `environment:` look up (shell and `.env`).
    pub env: BTreeMap<String, String>,
}

impl Default for LoadOptions {
    /// A project in `/home/learner/myapp`, file `compose.yaml`, no flags, empty environment.
    fn default() -> Self {
        LoadOptions {
            project_dir: "/home/learner/myapp".to_owned(),
            file_name: "compose.yaml".to_owned(),
            project_name: None,
            profiles: Vec::new(),
            env: BTreeMap::new(),
        }
    }
}

impl LoadOptions {
    /// Options for a project directory, everything else default.
    pub fn new(project_dir: &str) -> Self {
        LoadOptions {
            project_dir: project_dir.to_owned(),
            ..LoadOptions::default()
        }
    }

    /// The compose file's full path, as Compose names it in messages.
    pub fn file_path(&self) -> String {
        format!("{}/{}", self.project_dir.trim_end_matches('/'), self.file_name)
    }
}

/// Which loader stage found a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// The options themselves (`-p` with an invalid name).
    Options,
    /// YAML syntax, duplicate keys, anchors.
    Yaml,
    /// The document's shape before interpolation (top level, key types).
    Structure,
    /// Variable substitution.
    Interpolation,
    /// The compose-spec schema (unknown keys, wrong types).
    Schema,
    /// Reading the model (port and volume syntax, durations).
    Model,
    /// compose-go's consistency checks and the dependency cycle check.
    Consistency,
}

/// One problem (or warning) in a compose file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// 1-based line of the offending key or value; 0 when it is not tied to the file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    /// The text `docker compose` prints.
    pub message: String,
    /// The stage that found it.
    pub stage: Stage,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Every problem found by the stage that failed, in the order compose-go would meet them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    /// The problems, the one Compose prints first.
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// The problem `docker compose` reports (it stops at the first).
    pub fn first(&self) -> Option<&Diagnostic> {
        self.items.first()
    }

    /// All problems, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// How many problems there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none (never true for a returned error).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    /// The CLI's text: the first problem's message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.first() {
            Some(d) => f.write_str(&d.message),
            None => Ok(()),
        }
    }
}

/// A successfully loaded project and the warnings Compose prints while loading it.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The project.
    pub project: Project,
    /// Warnings (`The "X" variable is not set. …`, obsolete `version`), in file order.
    pub warnings: Vec<Diagnostic>,
}

/// compose-go's `InvalidProjectNameErr` text.
fn invalid_project_name(name: &str) -> String {
    format!(
        "invalid project name {}: must consist only of lowercase alphanumeric characters, hyphens, and \
         underscores as well as start with a letter or number",
        yaml::go_quote(name)
    )
}

/// compose-go's `NormalizeProjectName`: lower-case, keep `[a-z0-9_-]`, trim leading `_`/`-`.
pub fn normalize_project_name(name: &str) -> String {
    let lowered = name.to_lowercase();
    let kept: String = lowered
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-')
        .collect();
    kept.trim_start_matches(['_', '-']).to_owned()
}

fn fail(stage: Stage, items: Vec<Diagnostic>) -> Result<Loaded, Diagnostics> {
    debug_assert!(items.iter().all(|d| d.stage == stage));
    Err(Diagnostics { items })
}

fn diag(stage: Stage, line: usize, column: usize, message: String) -> Diagnostic {
    Diagnostic {
        line,
        column,
        message,
        stage,
    }
}

/// Loads and validates a compose file.
///
/// Returns the project and its warnings, or every problem of the first stage that failed (see
/// the module documentation); nothing here panics, whatever the input.
pub fn load(src: &str, opts: &LoadOptions) -> Result<Loaded, Diagnostics> {
    let file = opts.file_path();

    // -p and COMPOSE_PROJECT_NAME are taken as given, so they must already be normalized.
    let imperative = opts.project_name.clone().filter(|n| !n.is_empty()).or_else(|| {
        opts.env
            .get("COMPOSE_PROJECT_NAME")
            .cloned()
            .filter(|n| !n.is_empty())
    });
    if let Some(name) = &imperative
        && normalize_project_name(name) != *name
    {
        return fail(
            Stage::Options,
            vec![diag(Stage::Options, 0, 0, invalid_project_name(name))],
        );
    }

    // YAML.
    let docs = match yaml::parse(src) {
        Ok(docs) => docs,
        Err(errors) => {
            let items = errors
                .into_iter()
                .map(|e| {
                    diag(
                        Stage::Yaml,
                        e.line,
                        e.column,
                        format!("failed to parse {file}: {}", e.message),
                    )
                })
                .collect();
            return fail(Stage::Yaml, items);
        }
    };

    // Shape: each document a mapping with string keys; documents merged in order.
    let mut root: Option<Node> = None;
    for doc in docs {
        // go-yaml skips a document with no content at all (`---` alone).
        if doc
            .as_scalar()
            .is_some_and(|s| s.kind == Kind::Null && s.text.is_empty())
        {
            continue;
        }
        if doc.as_map().is_none() {
            let d = diag(
                Stage::Structure,
                doc.line,
                doc.column,
                "top-level object must be a mapping".to_owned(),
            );
            return fail(Stage::Structure, vec![d]);
        }
        let mut bad_keys = Vec::new();
        non_string_keys(&doc, "", &mut bad_keys);
        if !bad_keys.is_empty() {
            return fail(Stage::Structure, bad_keys);
        }
        root = Some(match root {
            None => doc,
            Some(base) => merge(base, doc),
        });
    }
    let Some(mut root) = root else {
        return fail(
            Stage::Structure,
            vec![diag(Stage::Structure, 1, 1, "empty compose file".to_owned())],
        );
    };

    // Interpolation.
    let interpolated = interpolate::interpolate(&mut root, &opts.env);
    let mut warnings: Vec<Diagnostic> = interpolated
        .warnings
        .into_iter()
        .map(|w| diag(Stage::Interpolation, w.line, w.column, w.message))
        .collect();
    if !interpolated.errors.is_empty() {
        let items = interpolated
            .errors
            .into_iter()
            .map(|e| diag(Stage::Interpolation, e.line, e.column, e.message))
            .collect();
        return fail(Stage::Interpolation, items);
    }

    // Project name: -p > COMPOSE_PROJECT_NAME > name: > directory.
    let dir_name = opts
        .project_dir
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    let from_file = root
        .get("name")
        .and_then(|n| n.as_scalar())
        .filter(|s| s.kind == Kind::Str)
        .map(|s| normalize_project_name(&s.text))
        .filter(|n| !n.is_empty());
    let project_name = imperative
        .clone()
        .or(from_file)
        .unwrap_or_else(|| normalize_project_name(dir_name));

    // Schema.
    let issues = schema::check(&root);
    if !issues.is_empty() {
        let items = issues
            .into_iter()
            .map(|i| {
                diag(
                    Stage::Schema,
                    i.line,
                    i.column,
                    format!("validating {file}: {}", i.message),
                )
            })
            .collect();
        return fail(Stage::Schema, items);
    }
    if let Some((key, _)) = root
        .as_map()
        .and_then(|pairs| pairs.iter().find(|(k, _)| key_is(k, "version")))
    {
        warnings.push(diag(
            Stage::Schema,
            key.line,
            key.column,
            format!(
                "{file}: the attribute `version` is obsolete, it will be ignored, please remove it to avoid \
                 potential confusion"
            ),
        ));
    }
    if root.as_map().is_some_and(<[_]>::is_empty) {
        return fail(
            Stage::Structure,
            vec![diag(
                Stage::Structure,
                root.line,
                root.column,
                "empty compose file".to_owned(),
            )],
        );
    }
    if project_name.is_empty() {
        return fail(
            Stage::Structure,
            vec![diag(
                Stage::Structure,
                0,
                0,
                "project name must not be empty".to_owned(),
            )],
        );
    }

    // Model.
    let profiles: Vec<String> = if opts.profiles.is_empty() {
        opts.env
            .get("COMPOSE_PROFILES")
            .map(|p| {
                p.split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    } else {
        opts.profiles.clone()
    };
    let ctx = build::BuildContext {
        project_name: &project_name,
        project_dir: opts.project_dir.trim_end_matches('/'),
        env: &opts.env,
        profiles: &profiles,
    };
    let (project, issues) = build::build_project(&root, &ctx);
    if !issues.is_empty() {
        let items = issues
            .into_iter()
            .map(|i| diag(Stage::Model, i.line, i.column, i.message))
            .collect();
        return fail(Stage::Model, items);
    }

    // Consistency.
    let problems = validate::check_consistency(&project);
    if !problems.is_empty() {
        let items = problems
            .into_iter()
            .map(|p| diag(Stage::Consistency, p.line, 0, p.message))
            .collect();
        return fail(Stage::Consistency, items);
    }

    warnings.sort_by_key(|w| (w.line, w.column));
    Ok(Loaded { project, warnings })
}

fn key_is(key: &Node, text: &str) -> bool {
    key.as_scalar().is_some_and(|s| s.text == text)
}

/// compose-go's `convertToStringKeysRecursive`: every mapping key must be a string.
fn non_string_keys(node: &Node, prefix: &str, out: &mut Vec<Diagnostic>) {
    match &node.value {
        Value::Map(pairs) => {
            for (k, v) in pairs {
                match k.as_scalar() {
                    Some(s) if s.kind == Kind::Str => {
                        let next = if prefix.is_empty() {
                            s.text.clone()
                        } else {
                            format!("{prefix}.{}", s.text)
                        };
                        non_string_keys(v, &next, out);
                    }
                    _ => {
                        let location = if prefix.is_empty() {
                            "at top level".to_owned()
                        } else {
                            format!("in {prefix}")
                        };
                        out.push(diag(
                            Stage::Structure,
                            k.line,
                            k.column,
                            format!("non-string key {location}: {}", go_value(k)),
                        ));
                    }
                }
            }
        }
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                non_string_keys(item, &format!("{prefix}[{i}]"), out);
            }
        }
        Value::Scalar(_) => {}
    }
}

/// Go's `%#v` of a decoded scalar key.
fn go_value(node: &Node) -> String {
    match node.as_scalar().map(|s| s.kind) {
        Some(Kind::Int(i)) => i.to_string(),
        Some(Kind::Float(f)) => format!("{f}"),
        Some(Kind::Bool(b)) => b.to_string(),
        Some(Kind::Null) => "<nil>".to_owned(),
        Some(Kind::Str) => yaml::go_quote(&node.as_scalar().map(|s| s.text.clone()).unwrap_or_default()),
        None => "map[string]interface {}{…}".to_owned(),
    }
}

/// Merges a later document into an earlier one: mappings key by key, anything else replaced
/// (UNCONFIRMED: compose-go's override rules differ for some lists, e.g. ports).
fn merge(base: Node, over: Node) -> Node {
    match (base.value, over.value) {
        (Value::Map(mut pairs), Value::Map(more)) => {
            for (k, v) in more {
                let text = k.as_scalar().map(|s| s.text.clone());
                match pairs
                    .iter()
                    .position(|(bk, _)| bk.as_scalar().map(|s| s.text.clone()) == text)
                {
                    Some(i) => {
                        let (bk, bv) = pairs.remove(i);
                        pairs.insert(i, (bk, merge(bv, v)));
                    }
                    None => pairs.push((k, v)),
                }
            }
            Node {
                value: Value::Map(pairs),
                line: base.line,
                column: base.column,
            }
        }
        (_, value) => Node {
            value,
            line: over.line,
            column: over.column,
        },
    }
}
