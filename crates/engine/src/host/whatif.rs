//! "What does one source edit cost?" — the paper's Dockerfile against the same file with the
//! dependency install moved above `COPY .`, measured by really building both on copies of the
//! host (so the figures are what the simulator's own cache does, never a hard-coded answer).

use serde::{Deserialize, Serialize};

use super::Host;

/// The files that list dependencies, in the order they are looked for.
const DEPENDENCY_FILES: &[&str] = &[
    "requirements.txt",
    "package.json",
    "go.mod",
    "Gemfile",
    "Cargo.toml",
];

/// What a rebuild after editing one source file costs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RebuildCost {
    /// Steps that run again.
    pub steps: usize,
    /// Their time on the virtual clock.
    pub ms: u64,
}

/// The current Dockerfile against the reordered one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CacheComparison {
    /// The file edited to measure (`main.py`).
    pub edited: String,
    /// The Dockerfile as it is.
    pub current: RebuildCost,
    /// With the dependency file copied and installed before `COPY .`.
    pub reordered: RebuildCost,
    /// The reordered Dockerfile, to show or apply.
    pub reordered_text: String,
}

impl Host {
    /// Compares rebuild costs when the Dockerfile copies the whole context before installing
    /// dependencies; `None` when it does not (or the files to measure with are missing).
    pub fn compare_cache_cost(&self) -> Option<CacheComparison> {
        let dockerfile = self.files.get("Dockerfile")?;
        let deps = DEPENDENCY_FILES.iter().find(|f| self.files.contains_key(**f))?;
        let edited = self
            .files
            .keys()
            .find(|f| *f != "Dockerfile" && !DEPENDENCY_FILES.contains(&f.as_str()) && !f.starts_with('.'))?
            .clone();
        let reordered_text = reorder(dockerfile, deps)?;
        let current = rebuild_cost(self, dockerfile, &edited)?;
        let reordered = rebuild_cost(self, &reordered_text, &edited)?;
        Some(CacheComparison {
            edited,
            current,
            reordered,
            reordered_text,
        })
    }
}

/// Builds `dockerfile` on a copy of the host, edits `edited`, builds again, and counts what ran.
fn rebuild_cost(host: &Host, dockerfile: &str, edited: &str) -> Option<RebuildCost> {
    let mut copy = host.clone();
    copy.files
        .insert("Dockerfile".to_string(), dockerfile.to_string());
    if copy.run("docker build -t paperlab-whatif .").exit != 0 {
        return None;
    }
    let changed = format!("{}\n# edited\n", copy.files.get(edited)?.trim_end());
    copy.files.insert(edited.to_string(), changed);
    if copy.run("docker build -t paperlab-whatif .").exit != 0 {
        return None;
    }
    let report = copy.last_build()?;
    let ran: Vec<_> = report.steps.iter().filter(|s| !s.cached).collect();
    Some(RebuildCost {
        steps: ran.len(),
        ms: ran.iter().map(|s| s.duration_ms).sum(),
    })
}

/// Moves `COPY <deps>` + the install `RUN` above `COPY . <dest>`; `None` when there is no such
/// order to fix.
fn reorder(dockerfile: &str, deps: &str) -> Option<String> {
    let lines: Vec<&str> = dockerfile.lines().collect();
    let lower = |l: &str| l.trim().to_lowercase();
    let copy_all = lines.iter().position(|l| lower(l).starts_with("copy . "))?;
    let install = lines.iter().position(|l| {
        let l = lower(l);
        l.starts_with("run ")
            && [
                "pip install",
                "npm install",
                "npm ci",
                "go mod download",
                "bundle install",
                "cargo fetch",
            ]
            .iter()
            .any(|k| l.contains(k))
    })?;
    if install < copy_all {
        return None;
    }
    let dest = lines[copy_all].split_whitespace().nth(2)?.trim_end_matches('/');
    let mut out: Vec<String> = lines[..copy_all].iter().map(|l| (*l).to_string()).collect();
    let between: Vec<String> = lines[copy_all + 1..install]
        .iter()
        .map(|l| (*l).to_string())
        .collect();
    out.push(format!("COPY {deps} {dest}/"));
    out.extend(between);
    out.push(lines[install].to_string());
    out.push(lines[copy_all].to_string());
    out.extend(lines[install + 1..].iter().map(|l| (*l).to_string()));
    Some(out.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paper_host() -> Host {
        let mut host = Host::new(14);
        host.run("printf 'FROM python:3.10\\nCOPY . /app\\nWORKDIR /app\\nRUN pip install -r requirements.txt\\nCMD [\"python\", \"main.py\"]\\n' > Dockerfile");
        host.run("echo flask > requirements.txt");
        host.run("echo 'print(1)' > main.py");
        host
    }

    #[test]
    fn the_papers_order_reruns_the_install_and_the_fixed_order_does_not() {
        let host = paper_host();
        let comparison = host
            .compare_cache_cost()
            .expect("the paper's Dockerfile has the problem");
        assert_eq!(comparison.edited, "main.py");
        assert_eq!(
            comparison.current.steps, 3,
            "COPY ., WORKDIR and RUN pip install re-run"
        );
        assert_eq!(comparison.reordered.steps, 1, "only COPY . re-runs");
        assert!(
            comparison.current.ms > comparison.reordered.ms + 3_000,
            "{comparison:?}"
        );
        assert_eq!(
            comparison.reordered_text,
            "FROM python:3.10\nCOPY requirements.txt /app/\nWORKDIR /app\nRUN pip install -r requirements.txt\nCOPY . /app\nCMD [\"python\", \"main.py\"]\n"
        );
        assert_eq!(
            host.images().len(),
            0,
            "measured on copies: the learner's host is untouched"
        );
    }

    #[test]
    fn a_dockerfile_already_in_good_order_has_nothing_to_compare() {
        let mut host = paper_host();
        host.run("printf 'FROM python:3.10\\nWORKDIR /app\\nCOPY requirements.txt .\\nRUN pip install -r requirements.txt\\nCOPY . .\\n' > Dockerfile");
        assert_eq!(host.compare_cache_cost(), None);
    }
}
