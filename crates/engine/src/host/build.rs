//! `docker build` with BuildKit's semantics: stages, which instructions make layers (FIDELITY
//! §2.1), the cache and its cascade (§2.2), multi-stage targets (§2.3), plain progress output
//! and errors framed as buildx frames them (§2.5). Digests are SHA-256 over bytes built here.

use std::collections::BTreeMap;

use super::flags::{flag, parse};
use super::output::{ellipsis, human_duration, human_size, tabulate};
use super::program::Signal;
use super::{Event, Host, Image, ImageConfig, Outcome};
use crate::dockerfile::{Instruction, parse_dockerfile};
use crate::sha256::sha256_hex;

/// One layer of a built image, with the history line that made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// `RUN /bin/sh -c pip install … # buildkit`, `CMD ["python" "main.py"]`, …
    pub created_by: String,
    /// Bytes the step added (0 for metadata-only instructions).
    pub size: u64,
    /// Whether the step made a filesystem layer.
    pub layer: bool,
    /// When it was made (virtual ms since 1970).
    pub created: u64,
}

/// What one build step was, kept to explain the next build's cache misses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepInfo {
    /// Cache key of the step.
    pub key: String,
    /// Cache key of the step before it.
    pub parent: String,
    /// The instruction as history records it.
    pub created_by: String,
    /// Content checksums of the files a COPY/ADD used (name → sha256).
    pub files: BTreeMap<String, String>,
    /// `ARG` values the step saw.
    pub args: Vec<(String, String)>,
    /// Bytes it added.
    pub size: u64,
    /// How long it takes when it runs.
    pub duration_ms: u64,
}

/// How one step of the last build went.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StepReport {
    /// `[2/4]`-style label: stage and position.
    pub label: String,
    /// The instruction as the progress shows it.
    pub instruction: String,
    /// Taken from the cache.
    pub cached: bool,
    /// Why it ran (`None` when cached).
    pub reason: Option<MissReason>,
    /// Bytes it added.
    pub size: u64,
    /// How long it took (0 when cached).
    pub duration_ms: u64,
}

/// Why a build step ran instead of coming from the cache.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum MissReason {
    /// `--no-cache` was given.
    NoCache,
    /// No earlier build had this step.
    FirstBuild,
    /// The instruction's text changed.
    InstructionChanged,
    /// A step before it changed (the cascade).
    EarlierStep,
    /// Files it copies changed: up to three names, and how many more.
    FilesChanged(Vec<String>, usize),
    /// `ARG` values it sees changed.
    BuildArgs(Vec<String>),
    /// Same as before, but the cache no longer has it (e.g. after `docker builder prune`).
    NotInCache,
}

impl std::fmt::Display for MissReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MissReason::NoCache => f.write_str("--no-cache"),
            MissReason::FirstBuild => f.write_str("first build of this step"),
            MissReason::InstructionChanged => f.write_str("the instruction changed"),
            MissReason::EarlierStep => f.write_str("an earlier step changed"),
            MissReason::FilesChanged(names, 0) => write!(f, "{} changed", names.join(", ")),
            MissReason::FilesChanged(names, more) => {
                write!(f, "{} and {more} more changed", names.join(", "))
            }
            MissReason::BuildArgs(names) => write!(f, "build-arg {} changed", names.join(", ")),
            MissReason::NotInCache => f.write_str("not in the build cache"),
        }
    }
}

/// The last `docker build`, step by step.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BuildReport {
    /// The tag given with `-t`, if any.
    pub tag: Option<String>,
    /// The steps in the order they ran.
    pub steps: Vec<StepReport>,
    /// Whether the build succeeded.
    pub ok: bool,
}

/// A stage being built.
struct Stage {
    layers: Vec<(String, u64)>,
    history: Vec<HistoryEntry>,
    config: ImageConfig,
    files: BTreeMap<String, String>,
    /// The cache key of the last step: every later key includes it (the cascade).
    key: String,
    /// `ARG`s declared in this stage, with their values, in order.
    args: Vec<(String, String)>,
}

impl Stage {
    /// Adds the filesystem layer a step made (digest from its cache key), records it in the
    /// history, moves the stage's key on, and returns what the next build compares against.
    #[allow(
        clippy::too_many_arguments,
        reason = "one call per layer-making instruction, all named at the call"
    )]
    fn commit_layer(
        &mut self,
        key: String,
        created_by: String,
        size: u64,
        now: u64,
        files: BTreeMap<String, String>,
        args: Vec<(String, String)>,
        duration_ms: u64,
    ) -> StepInfo {
        self.layers.push((
            format!("sha256:{}", sha256_hex(format!("layer\n{key}").as_bytes())),
            size,
        ));
        self.history.push(HistoryEntry {
            created_by: created_by.clone(),
            size,
            layer: true,
            created: now,
        });
        let parent = std::mem::replace(&mut self.key, key.clone());
        StepInfo {
            key,
            parent,
            created_by,
            files,
            args,
            size,
            duration_ms,
        }
    }
}

fn build_error(message: &str) -> Outcome {
    // buildx ≥ 0.25: "ERROR: failed to build: failed to solve: …" (FIDELITY §2.5).
    Outcome::fail(format!("ERROR: failed to build: failed to solve: {message}"), 1)
}

impl Host {
    /// `docker build [-t NAME] [-f FILE] [--build-arg K=V] [--target STAGE] [--no-cache] DIR`.
    pub(super) fn cmd_build(&mut self, args: &[String]) -> Outcome {
        let specs = [
            flag("tag", Some('t'), true),
            flag("file", Some('f'), true),
            flag("build-arg", None, true),
            flag("target", None, true),
            flag("no-cache", None, false),
            flag("progress", None, true),
            flag("quiet", Some('q'), false),
            flag("pull", None, false),
        ];
        let parsed = match parse(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return Outcome::fail(format!("{e}\nSee 'docker build --help'."), 125),
        };
        let [context] = parsed.args.as_slice() else {
            return Outcome::fail(
                "ERROR: docker: 'docker buildx build' requires 1 argument\n\nUsage:  docker buildx build [OPTIONS] PATH | URL | -\n\nRun 'docker buildx build --help' for more information",
                1,
            );
        };
        if context != "." && context != "./" {
            return Outcome::fail(
                format!("ERROR: unable to prepare context: path \"{context}\" not found"),
                1,
            );
        }
        let file = parsed.value("file").unwrap_or("Dockerfile").to_string();
        let Some(source) = self.files.get(&file).cloned() else {
            return build_error(&format!(
                "failed to read dockerfile: open {file}: no such file or directory"
            ));
        };
        let dockerfile = match parse_dockerfile(&source) {
            Ok(d) => d,
            Err(e) => return build_error(&e.to_string()),
        };
        let build_args: BTreeMap<String, String> = parsed
            .values("build-arg")
            .iter()
            .filter_map(|kv| kv.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())))
            .collect();
        let context_files = self.context_files();
        let started = self.now;
        let mut out = Outcome::default();
        let mut step_no = 1;
        let mut clock_ms: u64 = 0;

        // Split into stages: instructions before the first FROM may only be ARG.
        let mut stages: Vec<Vec<&Instruction>> = Vec::new();
        for instruction in &dockerfile.instructions {
            if instruction.keyword == "from" {
                stages.push(vec![instruction]);
            } else if let Some(stage) = stages.last_mut() {
                stage.push(instruction);
            } else if instruction.keyword != "arg" {
                return build_error(&format!(
                    "dockerfile parse error on line {}: no build stage in current context",
                    instruction.start_line
                ));
            }
        }
        if stages.is_empty() {
            return build_error("dockerfile parse error on line 1: file with no instructions");
        }
        let stage_names: Vec<Option<String>> = stages
            .iter()
            .map(|s| {
                let words = s.first().map(|i| i.values().to_vec()).unwrap_or_default();
                (words.len() == 3 && words[1].eq_ignore_ascii_case("as")).then(|| words[2].to_lowercase())
            })
            .collect();
        let target = match parsed.value("target") {
            Some(t) => match stage_names
                .iter()
                .position(|n| n.as_deref() == Some(&t.to_lowercase()))
            {
                Some(i) => i,
                None => return build_error(&format!("target stage \"{t}\" could not be found")),
            },
            None => stages.len() - 1,
        };
        // BuildKit builds only the stages the target needs.
        let mut needed = vec![false; stages.len()];
        mark_needed(target, &stages, &stage_names, &mut needed);

        out.err("#0 building with \"default\" instance using docker driver");
        out.err("");
        out.err(&format!(
            "#{step_no} [internal] load build definition from {file}"
        ));
        out.err(&format!(
            "#{step_no} transferring dockerfile: {}B done",
            source.len()
        ));
        out.err(&format!("#{step_no} DONE 0.0s"));
        out.err("");
        step_no += 1;

        let mut built: Vec<Option<Stage>> = (0..stages.len()).map(|_| None).collect();
        let mut context_loaded = false;
        let mut report = BuildReport {
            tag: parsed.values("tag").first().map(|t| (*t).to_string()),
            steps: Vec::new(),
            ok: false,
        };
        let mut steps_now: BTreeMap<String, StepInfo> = BTreeMap::new();
        let stage_count = stages.len();
        for (index, instructions) in stages.iter().enumerate() {
            if !needed[index] {
                continue;
            }
            let label = |n: usize, total: usize| match (&stage_names[index], stage_count) {
                (_, 1) => format!("{n}/{total}"),
                (Some(name), _) => format!("{name} {n}/{total}"),
                (None, _) => format!("stage-{index} {n}/{total}"),
            };
            let layer_steps = 1 + instructions.iter().filter(|i| makes_step(i)).count();
            let Some((from, rest)) = instructions.split_first() else {
                continue;
            };
            let words = from.values();
            let base_ref = words.first().cloned().unwrap_or_default();
            // FROM another stage, or an image (pulled if missing).
            let mut stage = if let Some(i) = stage_names
                .iter()
                .position(|n| n.as_deref() == Some(&base_ref.to_lowercase()))
            {
                match built.get(i).and_then(Option::as_ref) {
                    Some(s) => Stage {
                        layers: s.layers.clone(),
                        history: s.history.clone(),
                        config: s.config.clone(),
                        files: s.files.clone(),
                        key: s.key.clone(),
                        args: Vec::new(),
                    },
                    None => return build_error(&format!("stage \"{base_ref}\" is not built")),
                }
            } else {
                let (repo, tag) = super::catalogue::split_reference(&base_ref);
                out.err(&format!(
                    "#{step_no} [internal] load metadata for docker.io/library/{repo}:{tag}"
                ));
                let image = match self
                    .images
                    .iter()
                    .find(|i| i.repo == repo && i.tag == tag)
                    .cloned()
                {
                    Some(image) => image,
                    // BuildKit resolves the base itself: pulled without progress lines.
                    None => match self.pull(&repo, &tag).map(|(_, image, events)| (image, events)) {
                        Ok((image, events)) => {
                            out.events.extend(events);
                            image
                        }
                        Err(e) => {
                            out.err(&format!("#{step_no} ERROR: {e}"));
                            let mut failed = build_error(&format!(
                                "{repo}:{tag}: failed to resolve source metadata for docker.io/library/{repo}:{tag}: {e}"
                            ));
                            let mut merged = out.merged;
                            merged.append(&mut failed.merged);
                            failed.merged = merged;
                            return failed;
                        }
                    },
                };
                out.err(&format!("#{step_no} DONE 0.5s"));
                out.err("");
                step_no += 1;
                clock_ms += 500;
                Stage {
                    layers: image.layers.clone(),
                    history: image.history.clone(),
                    config: image.config.clone(),
                    files: image.files.clone(),
                    key: image.id.clone(),
                    args: Vec::new(),
                }
            };
            let shown = if stage_names
                .iter()
                .any(|n| n.as_deref() == Some(&base_ref.to_lowercase()))
            {
                base_ref.clone()
            } else {
                let (repo, tag) = super::catalogue::split_reference(&base_ref);
                format!("docker.io/library/{repo}:{tag}")
            };
            out.err(&format!("#{step_no} [{}] FROM {shown}", label(1, layer_steps)));
            out.err(&format!("#{step_no} DONE 0.0s"));
            out.err("");
            step_no += 1;

            let mut n = 1;
            for instruction in rest {
                let text = display(instruction);
                if makes_step(instruction) {
                    n += 1;
                }
                if (instruction.keyword == "copy" || instruction.keyword == "add")
                    && !context_loaded
                    && !instruction.flags.iter().any(|f| f.starts_with("--from"))
                {
                    let bytes: usize = context_files.values().map(String::len).sum();
                    out.err(&format!("#{step_no} [internal] load build context"));
                    out.err(&format!("#{step_no} transferring context: {}B done", bytes));
                    out.err(&format!("#{step_no} DONE 0.0s"));
                    out.err("");
                    step_no += 1;
                    context_loaded = true;
                }
                let result = self.apply_instruction(
                    &mut stage,
                    instruction,
                    &build_args,
                    &context_files,
                    &built,
                    &stage_names,
                );
                let step = match result {
                    Ok(step) => step,
                    Err(message) => {
                        out.err(&format!("#{step_no} [{}] {text}", label(n, layer_steps)));
                        out.err(&format!("#{step_no} ERROR: {message}"));
                        out.exit = 1;
                        out.err(&format!("ERROR: failed to build: failed to solve: {message}"));
                        self.last_build = Some(report);
                        self.advance_to(started + clock_ms, &mut out.events);
                        return out;
                    }
                };
                let Some(info) = step else { continue };
                let no_cache = parsed.has("no-cache");
                let cached = !no_cache && self.build_cache.contains(&info.key);
                let position = format!("{index}:{n}");
                let reason =
                    (!cached).then(|| explain_miss(self.build_steps.get(&position), &info, no_cache));
                out.err(&format!("#{step_no} [{}] {text}", label(n, layer_steps)));
                if cached {
                    out.err(&format!("#{step_no} CACHED"));
                } else {
                    out.err(&format!(
                        "#{step_no} DONE {}.{}s",
                        info.duration_ms / 1000,
                        info.duration_ms / 100 % 10
                    ));
                    clock_ms += info.duration_ms;
                    self.build_cache.insert(info.key.clone());
                }
                report.steps.push(StepReport {
                    label: label(n, layer_steps),
                    instruction: text.clone(),
                    cached,
                    reason,
                    size: info.size,
                    duration_ms: if cached { 0 } else { info.duration_ms },
                });
                steps_now.insert(position, info);
                out.err("");
                step_no += 1;
            }
            built[index] = Some(stage);
        }

        let Some(Some(stage)) = built.get_mut(target).map(Option::take) else {
            return build_error("the target stage was not built");
        };
        let diff_ids: Vec<&str> = stage.layers.iter().map(|(d, _)| d.as_str()).collect();
        let config_bytes = format!(
            "{{\"architecture\":\"amd64\",\"config\":{:?},\"os\":\"linux\",\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":{:?}}},\"history\":{}}}",
            stage.config,
            diff_ids,
            stage.history.len()
        );
        let id = format!("sha256:{}", sha256_hex(config_bytes.as_bytes()));
        clock_ms += 300;
        out.err(&format!("#{step_no} exporting to image"));
        out.err(&format!("#{step_no} exporting layers 0.3s done"));
        out.err(&format!("#{step_no} writing image {id} done"));
        let tags: Vec<(String, String)> = parsed
            .values("tag")
            .iter()
            .map(|t| super::catalogue::split_reference(t))
            .collect();
        for (repo, tag) in &tags {
            out.err(&format!(
                "#{step_no} naming to docker.io/library/{repo}:{tag} done"
            ));
        }
        out.err(&format!("#{step_no} DONE 0.3s"));
        self.advance_to(started + clock_ms, &mut out.events);
        out.events.push(Event::Clock(clock_ms));
        let created = self.now;
        let image = Image {
            id: id.clone(),
            repo: "<none>".to_string(),
            tag: "<none>".to_string(),
            layers: stage.layers,
            created,
            config: stage.config,
            history: stage.history,
            files: stage.files,
        };
        if tags.is_empty() {
            self.store_image(image.clone());
        }
        for (repo, tag) in tags {
            self.store_image(Image {
                repo,
                tag,
                ..image.clone()
            });
        }
        report.ok = true;
        self.last_build = Some(report);
        self.build_steps = steps_now;
        if parsed.has("quiet") {
            return Outcome::text(id);
        }
        out.events.push(Event::ImagePulled(id));
        out
    }

    /// Adds an image, taking its name from any older image that had it (which is left
    /// dangling as `<none>:<none>`, as `docker images` shows).
    fn store_image(&mut self, image: Image) {
        for old in &mut self.images {
            if old.repo == image.repo && old.tag == image.tag && old.id != image.id {
                old.repo = "<none>".to_string();
                old.tag = "<none>".to_string();
            }
        }
        self.images
            .retain(|i| !(i.id == image.id && i.repo == image.repo && i.tag == image.tag));
        self.images.push(image);
    }

    /// The working directory minus what `.dockerignore` excludes.
    fn context_files(&self) -> BTreeMap<String, String> {
        let ignore: Vec<String> = self
            .files
            .get(".dockerignore")
            .map(|t| {
                t.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        self.files
            .iter()
            .filter(|(name, _)| !ignore.iter().any(|pattern| glob_match(pattern, name)))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// Applies one instruction to the stage. `Ok(Some((cache key, duration)))` for a step that
    /// shows in the progress, `Ok(None)` for metadata the progress does not list.
    fn apply_instruction(
        &self,
        stage: &mut Stage,
        instruction: &Instruction,
        build_args: &BTreeMap<String, String>,
        context: &BTreeMap<String, String>,
        built: &[Option<Stage>],
        stage_names: &[Option<String>],
    ) -> Result<Option<StepInfo>, String> {
        let words: Vec<String> = instruction.values().to_vec();
        let now = self.now;
        let created_by = format!(
            "{} {}",
            instruction.keyword.to_uppercase(),
            instruction_text(instruction)
        );
        let metadata = |stage: &mut Stage, created_by: String| {
            stage.history.push(HistoryEntry {
                created_by,
                size: 0,
                layer: false,
                created: now,
            });
        };
        match instruction.keyword.as_str() {
            "run" => {
                let command = instruction_text(instruction);
                // Every RUN after an ARG sees it: "RUN |1 V=x /bin/sh -c …" (FIDELITY §2.2).
                let arg_prefix = if stage.args.is_empty() {
                    String::new()
                } else {
                    let pairs: Vec<String> = stage.args.iter().map(|(k, v)| format!("{k}={v}")).collect();
                    format!("|{} {} ", pairs.len(), pairs.join(" "))
                };
                let shell = if instruction.json {
                    String::new()
                } else {
                    "/bin/sh -c ".to_string()
                };
                let created_by = format!("RUN {arg_prefix}{shell}{command} # buildkit");
                let key = sha256_hex(format!("{}\n{created_by}", stage.key).as_bytes());
                let (size, duration) = run_cost(&command, &key);
                for (path, content) in files_written(&command, &stage.config.working_dir) {
                    stage.files.insert(path, content);
                }
                Ok(Some(stage.commit_layer(
                    key,
                    created_by,
                    size,
                    now,
                    BTreeMap::new(),
                    stage.args.clone(),
                    duration,
                )))
            }
            "copy" | "add" => {
                let from = instruction.flags.iter().find_map(|f| f.strip_prefix("--from="));
                let Some((dest, sources)) = words.split_last() else {
                    return Err(format!(
                        "{} requires at least two arguments",
                        instruction.keyword.to_uppercase()
                    ));
                };
                let source_files: BTreeMap<String, String> = match from {
                    Some(name) => {
                        let index = stage_names
                            .iter()
                            .position(|n| n.as_deref() == Some(&name.to_lowercase()))
                            .or_else(|| name.parse::<usize>().ok());
                        match index.and_then(|i| built.get(i)).and_then(Option::as_ref) {
                            Some(s) => s.files.clone(),
                            None => return Err(format!("stage \"{name}\" not found")),
                        }
                    }
                    None => context.clone(),
                };
                let mut copied: Vec<(String, String)> = Vec::new();
                for source in sources {
                    let pattern = source.trim_start_matches("./").trim_start_matches('/');
                    let matches: Vec<(String, String)> = source_files
                        .iter()
                        .filter(|(name, _)| {
                            let name = name.trim_start_matches('/');
                            pattern == "."
                                || pattern.is_empty()
                                || name == pattern
                                || glob_match(pattern, name)
                                || name.starts_with(&format!("{}/", pattern.trim_end_matches('/')))
                        })
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    if matches.is_empty() {
                        // BuildKit's message names the missing path from the context root.
                        let reference = sha256_hex(format!("ref\n{}", stage.key).as_bytes());
                        return Err(format!(
                            "failed to compute cache key: failed to calculate checksum of ref {}::{}: \"/{}\": not found",
                            reference.get(..25).unwrap_or_default(),
                            reference.get(25..50).unwrap_or_default(),
                            pattern
                        ));
                    }
                    copied.extend(matches);
                }
                let dest_dir = normalize_path(&if dest.starts_with('/') {
                    dest.clone()
                } else {
                    format!("{}/{dest}", stage.config.working_dir.trim_end_matches('/'))
                });
                // A destination ending in `/` (or `.`) is a folder; so is any multi-file copy.
                let into_folder = dest.ends_with('/') || dest == "." || dest.ends_with("/.");
                let single = copied.len() == 1 && !into_folder && sources.len() == 1 && sources[0] != ".";
                let mut checksum_input = String::new();
                let mut file_sums = BTreeMap::new();
                let mut size = 0u64;
                for (name, content) in &copied {
                    let base = name.trim_start_matches('/');
                    let target = if single {
                        dest_dir.clone()
                    } else {
                        format!("{}/{}", dest_dir.trim_end_matches('/'), base)
                    };
                    let sum = sha256_hex(content.as_bytes());
                    checksum_input.push_str(&format!("{base}\0{sum}\n"));
                    file_sums.insert(base.to_string(), sum);
                    size += content.len() as u64;
                    stage.files.insert(target, content.clone());
                }
                // Cache key: the instruction and a checksum of the files' contents, not mtimes.
                let checksum = sha256_hex(checksum_input.as_bytes());
                let created_by = format!(
                    "{} {} # buildkit",
                    instruction.keyword.to_uppercase(),
                    instruction_text(instruction)
                );
                let key = sha256_hex(format!("{}\n{created_by}\n{checksum}", stage.key).as_bytes());
                Ok(Some(stage.commit_layer(
                    key,
                    created_by,
                    size,
                    now,
                    file_sums,
                    Vec::new(),
                    100,
                )))
            }
            "workdir" => {
                let path = words.first().cloned().unwrap_or_else(|| "/".to_string());
                let path = if path.starts_with('/') {
                    path
                } else {
                    format!("{}/{path}", stage.config.working_dir.trim_end_matches('/'))
                };
                stage.config.working_dir = path.clone();
                let created_by = format!("WORKDIR {path}");
                if path == "/" {
                    metadata(stage, created_by);
                    return Ok(None);
                }
                // BuildKit creates the directory: a (tiny) layer (FIDELITY §2.1).
                let key = sha256_hex(format!("{}\n{created_by}", stage.key).as_bytes());
                Ok(Some(stage.commit_layer(
                    key,
                    created_by,
                    0,
                    now,
                    BTreeMap::new(),
                    Vec::new(),
                    0,
                )))
            }
            "env" => {
                for triple in words.chunks(3) {
                    if let [k, v, ..] = triple {
                        let value = expand(&unquote(v), &stage.config.env, &stage.args);
                        stage
                            .config
                            .env
                            .retain(|e| e.split('=').next() != Some(k.as_str()));
                        stage.config.env.push(format!("{k}={value}"));
                    }
                }
                let key = sha256_hex(format!("{}\n{created_by}", stage.key).as_bytes());
                stage.key = key;
                metadata(stage, created_by);
                Ok(None)
            }
            "arg" => {
                for word in &words {
                    let (name, default) = word.split_once('=').map_or((word.as_str(), ""), |(k, v)| (k, v));
                    let value = build_args.get(name).cloned().unwrap_or_else(|| unquote(default));
                    stage.args.push((name.to_string(), value));
                }
                metadata(stage, created_by);
                Ok(None)
            }
            "cmd" | "entrypoint" => {
                let value = if instruction.json {
                    words.clone()
                } else {
                    vec![
                        "/bin/sh".to_string(),
                        "-c".to_string(),
                        instruction_text(instruction),
                    ]
                };
                if instruction.keyword == "cmd" {
                    stage.config.cmd = value.clone();
                } else {
                    stage.config.entrypoint = value.clone();
                    stage.config.cmd.clear();
                }
                let quoted: Vec<String> = value.iter().map(|v| format!("{v:?}")).collect();
                metadata(
                    stage,
                    format!("{} [{}]", instruction.keyword.to_uppercase(), quoted.join(" ")),
                );
                Ok(None)
            }
            "expose" => {
                for port in &words {
                    let port = if port.contains('/') {
                        port.clone()
                    } else {
                        format!("{port}/tcp")
                    };
                    if !stage.config.exposed.contains(&port) {
                        stage.config.exposed.push(port);
                    }
                }
                let list: Vec<String> = stage.config.exposed.iter().map(|p| format!("{p}:{{}}")).collect();
                metadata(stage, format!("EXPOSE map[{}]", list.join(" ")));
                Ok(None)
            }
            "stopsignal" => {
                if let Some(signal) = words.first().and_then(|w| Signal::parse(w)) {
                    stage.config.stop_signal = signal;
                }
                metadata(stage, created_by);
                Ok(None)
            }
            "from" => Ok(None),
            _ => {
                metadata(stage, created_by);
                Ok(None)
            }
        }
    }

    /// `docker history IMAGE`.
    pub(super) fn cmd_history(&mut self, args: &[String]) -> Outcome {
        let specs = [
            flag("no-trunc", None, false),
            flag("quiet", Some('q'), false),
            flag("human", Some('H'), false),
        ];
        let parsed = match parse(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return Outcome::fail(format!("{e}\nSee 'docker history --help'."), 125),
        };
        let [name] = parsed.args.as_slice() else {
            return Outcome::fail(
                "docker: 'docker history' requires exactly 1 argument\n\nUsage:  docker history [OPTIONS] IMAGE\n\nSee 'docker history --help' for more information",
                1,
            );
        };
        let (repo, tag) = super::catalogue::split_reference(name);
        let Some(image) = self.images.iter().find(|i| {
            (i.repo == repo && i.tag == tag) || i.id.get(7..).is_some_and(|id| id.starts_with(name.as_str()))
        }) else {
            return Outcome::fail(
                format!("Error response from daemon: No such image: {repo}:{tag}"),
                1,
            );
        };
        let trunc = !parsed.has("no-trunc");
        let mut text = String::from("IMAGE\tCREATED\tCREATED BY\tSIZE\tCOMMENT\n");
        for (n, entry) in image.history.iter().rev().enumerate() {
            let id = if n == 0 {
                image.id.get(7..19).unwrap_or_default().to_string()
            } else {
                "<missing>".to_string()
            };
            let by = if trunc {
                ellipsis(&entry.created_by, 45)
            } else {
                entry.created_by.clone()
            };
            // Steps BuildKit made carry its comment; a base image's root filesystem does not.
            let comment = if entry.created_by.starts_with("# ") {
                ""
            } else {
                "buildkit.dockerfile.v0"
            };
            text.push_str(&format!(
                "{id}\t{} ago\t{by}\t{}\t{comment}\n",
                human_duration(self.now.saturating_sub(entry.created)),
                human_size(entry.size)
            ));
        }
        Outcome::text(tabulate(&text))
    }
}

fn mark_needed(index: usize, stages: &[Vec<&Instruction>], names: &[Option<String>], needed: &mut [bool]) {
    if needed.get(index).copied().unwrap_or(true) {
        return;
    }
    needed[index] = true;
    let Some(instructions) = stages.get(index) else {
        return;
    };
    for instruction in instructions {
        let mut refs: Vec<String> = instruction
            .flags
            .iter()
            .filter_map(|f| f.strip_prefix("--from="))
            .map(str::to_lowercase)
            .collect();
        if instruction.keyword == "from" {
            refs.extend(instruction.values().first().map(|v| v.to_lowercase()));
        }
        for r in refs {
            let found = names
                .iter()
                .position(|n| n.as_deref() == Some(r.as_str()))
                .or_else(|| r.parse::<usize>().ok().filter(|i| *i < index));
            if let Some(i) = found {
                mark_needed(i, stages, names, needed);
            }
        }
    }
}

/// Instructions BuildKit lists as numbered steps (those that touch the filesystem).
fn makes_step(instruction: &Instruction) -> bool {
    match instruction.keyword.as_str() {
        "run" | "copy" | "add" => true,
        "workdir" => instruction.values().first().is_some_and(|p| p != "/"),
        _ => false,
    }
}

/// The instruction as BuildKit's progress shows it: keyword and arguments as written.
fn display(instruction: &Instruction) -> String {
    let original = instruction.original.trim();
    match original.split_once(char::is_whitespace) {
        Some((keyword, rest)) => format!("{} {}", keyword.to_uppercase(), rest.trim()),
        None => original.to_uppercase(),
    }
}

/// The arguments as written, without the keyword (flags included).
fn instruction_text(instruction: &Instruction) -> String {
    if instruction.json {
        return instruction.values().join(" ");
    }
    let original = instruction.original.trim();
    let rest = original
        .split_once(char::is_whitespace)
        .map_or("", |(_, r)| r.trim());
    if matches!(instruction.keyword.as_str(), "run" | "cmd" | "entrypoint") {
        return instruction.values().join(" ");
    }
    rest.to_string()
}

/// Why a step ran instead of coming from the cache, in the learner's terms.
fn explain_miss(before: Option<&StepInfo>, now: &StepInfo, no_cache: bool) -> MissReason {
    if no_cache {
        return MissReason::NoCache;
    }
    let Some(before) = before else {
        return MissReason::FirstBuild;
    };
    // A RUN records its ARG values in its history line, so check them first.
    if before.args != now.args && before.parent == now.parent {
        let changed = now
            .args
            .iter()
            .filter(|(k, v)| !before.args.iter().any(|(bk, bv)| bk == k && bv == v))
            .map(|(k, _)| k.clone())
            .collect();
        return MissReason::BuildArgs(changed);
    }
    if before.created_by != now.created_by {
        return MissReason::InstructionChanged;
    }
    if before.parent != now.parent {
        return MissReason::EarlierStep;
    }
    if before.files != now.files {
        let mut changed: Vec<String> = now
            .files
            .iter()
            .filter(|(name, sum)| before.files.get(*name) != Some(*sum))
            .map(|(name, _)| name.clone())
            .collect();
        changed.extend(
            before
                .files
                .keys()
                .filter(|n| !now.files.contains_key(*n))
                .cloned(),
        );
        let more = changed.len().saturating_sub(3);
        changed.truncate(3);
        return MissReason::FilesChanged(changed, more);
    }
    MissReason::NotInCache
}

/// `/app/./x/../y` → `/app/y`.
fn normalize_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Files a RUN command visibly writes: `echo TEXT > FILE`, `touch FILE`, `… -o FILE` (a build
/// output). Anything else changes files the simulator does not track.
fn files_written(command: &str, workdir: &str) -> Vec<(String, String)> {
    let absolute = |p: &str| {
        if p.starts_with('/') {
            p.to_string()
        } else {
            format!("{}/{p}", workdir.trim_end_matches('/'))
        }
    };
    let mut files = Vec::new();
    for part in command.split("&&").flat_map(|p| p.split(';')) {
        let part = part.trim();
        if let Some((left, file)) = part.split_once('>') {
            let file = file.trim_start_matches('>').trim();
            let text = left
                .trim()
                .strip_prefix("echo")
                .map(|t| t.trim().trim_matches(|c| c == '"' || c == '\''))
                .unwrap_or_default();
            if !file.is_empty() {
                files.push((absolute(file), format!("{text}\n")));
            }
        } else if let Some(rest) = part.strip_prefix("touch ") {
            files.extend(rest.split_whitespace().map(|f| (absolute(f), String::new())));
        } else if let Some((_, after)) = part.split_once(" -o ")
            && let Some(out) = after.split_whitespace().next()
        {
            files.push((absolute(out), "(binary)".to_string()));
        }
    }
    files
}

/// How long a RUN takes and how much it adds, modelled from what it runs (deterministic).
fn run_cost(command: &str, key: &str) -> (u64, u64) {
    let jitter = u64::from_str_radix(key.get(..4).unwrap_or("0"), 16).unwrap_or(0);
    let known: &[(&str, u64, u64)] = &[
        ("pip install", 24_600_000, 4_200),
        ("npm install", 58_300_000, 8_300),
        ("npm ci", 52_100_000, 7_100),
        ("apt-get install", 41_800_000, 6_400),
        ("apt-get update", 19_200_000, 3_100),
        ("apk add", 6_700_000, 1_800),
        ("go build", 12_400_000, 9_200),
        ("cargo build", 18_900_000, 31_000),
    ];
    for (needle, size, ms) in known {
        if command.contains(needle) {
            return (size + jitter * 97, ms + jitter % 900);
        }
    }
    (1_024 + jitter % 4_096, 200 + jitter % 300)
}

fn unquote(value: &str) -> String {
    let v = value.trim();
    if v.len() >= 2
        && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\'')))
    {
        v[1..v.len() - 1].to_string()
    } else {
        v.replace("\\ ", " ")
    }
}

/// `$NAME` / `${NAME}` from the ENV and ARG values in effect before the instruction.
fn expand(value: &str, env: &[String], args: &[(String, String)]) -> String {
    let lookup = |name: &str| -> String {
        env.iter()
            .rev()
            .find_map(|e| {
                e.strip_prefix(name)
                    .and_then(|r| r.strip_prefix('='))
                    .map(str::to_string)
            })
            .or_else(|| args.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
            .unwrap_or_default()
    };
    let mut out = String::new();
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        let braced = chars.peek() == Some(&'{');
        if braced {
            chars.next();
        }
        let mut name = String::new();
        while let Some(&n) = chars.peek() {
            if n.is_ascii_alphanumeric() || n == '_' {
                name.push(n);
                chars.next();
            } else {
                break;
            }
        }
        if braced {
            for n in chars.by_ref() {
                if n == '}' {
                    break;
                }
            }
        }
        if name.is_empty() {
            out.push('$');
        } else {
            out.push_str(&lookup(&name));
        }
    }
    out
}

/// `.dockerignore`-style patterns: `*` within a name, a trailing `/` for folders, exact names.
fn glob_match(pattern: &str, name: &str) -> bool {
    let pattern = pattern.trim_start_matches("./").trim_end_matches('/');
    if pattern == name || name.starts_with(&format!("{pattern}/")) {
        return true;
    }
    match pattern.split_once('*') {
        Some((prefix, suffix)) => {
            name.starts_with(prefix) && name.ends_with(suffix) && name.len() >= prefix.len() + suffix.len()
        }
        None => false,
    }
}
