//! `docker exec`: a few commands run inside a running container, reading the image's files
//! and writing to the container's own writable layer (copy-on-write: the image never changes).

use super::container::{Container, LayerEntry};
use super::{Image, Outcome};
use crate::shell::split_line;

/// The files an image ships, as (path, content); directories end with `/`.
pub(super) fn image_files(repo: &str) -> Vec<(&'static str, &'static str)> {
    let mut files = vec![
        ("/bin/", ""),
        ("/etc/", ""),
        ("/home/", ""),
        ("/root/", ""),
        ("/tmp/", ""),
        ("/usr/", ""),
        ("/var/", ""),
        ("/etc/hostname", ""),
    ];
    match repo {
        "nginx" => {
            files.push(("/usr/share/nginx/html/", ""));
            files.push(("/usr/share/nginx/html/index.html", NGINX_INDEX));
            files.push(("/usr/share/nginx/html/50x.html", "<h1>An error occurred.</h1>\n"));
            files.push((
                "/etc/os-release",
                "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n",
            ));
        }
        "alpine" => files.push(("/etc/os-release", "PRETTY_NAME=\"Alpine Linux v3.22\"\n")),
        "redis" => files.push(("/data/", "")),
        _ => files.push((
            "/etc/os-release",
            "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n",
        )),
    }
    files
}

const NGINX_INDEX: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n";

/// The files under a container from `image`: the base filesystem the simulator knows plus
/// what the image's own steps put there (COPY/ADD and RUN redirects), with their folders.
pub(super) fn lower_files(image: Option<&Image>) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = image_files(image.map_or("", |i| i.repo.as_str()))
        .into_iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    for (path, text) in image.map(|i| &i.files).into_iter().flatten() {
        let mut folder = path.as_str();
        while let Some(i) = folder.rfind('/') {
            folder = &folder[..i];
            if folder.is_empty() {
                break;
            }
            let dir = format!("{folder}/");
            if !files.iter().any(|(p, _)| *p == dir) {
                files.push((dir, String::new()));
            }
        }
        files.retain(|(p, _)| p != path);
        files.push((path.clone(), text.clone()));
    }
    files
}

/// Runs `command` in container `c` (already checked to be running) over the image's `files`.
pub fn exec(c: &mut Container, files: &[(String, String)], command: &[String]) -> Outcome {
    let mut outcome = Outcome::default();
    let words: Vec<String>;
    let mut redirect = None;
    // `sh -c "echo hi > /tmp/x"`: split the script the way the shell would.
    if matches!(
        command.first().map(String::as_str),
        Some("sh" | "bash" | "/bin/sh")
    ) && command.get(1).is_some_and(|a| a == "-c")
    {
        match split_line(command.get(2).map_or("", String::as_str)) {
            Ok(line) => {
                words = line.words;
                redirect = line.redirect;
            }
            Err(e) => return Outcome::fail(e.to_string(), 2),
        }
    } else {
        words = command.to_vec();
    }
    let read = |c: &Container, path: &str| -> Option<String> {
        match c.layer.get(path) {
            Some(LayerEntry::File(text)) => Some(text.clone()),
            Some(_) => None,
            None => files.iter().find(|(p, _)| *p == path).map(|(_, t)| t.clone()),
        }
    };
    let Some((program, args)) = words.split_first() else {
        return outcome;
    };
    let mut stdout = String::new();
    match program.as_str() {
        "echo" => stdout = format!("{}\n", args.join(" ")),
        "hostname" => stdout = format!("{}\n", c.short_id()),
        "whoami" => stdout = "root\n".to_string(),
        "pwd" => stdout = "/\n".to_string(),
        "env" => stdout = c.env.iter().map(|e| format!("{e}\n")).collect(),
        "ps" => {
            stdout = format!(
                "PID   USER     TIME  COMMAND\n    1 root      0:00 {}\n",
                c.command()
            )
        }
        "true" => {}
        "false" => outcome.exit = 1,
        "cat" => {
            for path in args {
                let path = absolute(path);
                match read(c, &path) {
                    Some(text) => stdout.push_str(&text),
                    None => {
                        outcome.err(&format!("cat: can't open '{path}': No such file or directory"));
                        outcome.exit = 1;
                    }
                }
            }
        }
        "touch" => {
            for path in args {
                let path = absolute(path);
                // Copy-up: touching an image file copies it into the writable layer.
                let text = read(c, &path).unwrap_or_default();
                c.layer.insert(path, LayerEntry::File(text));
            }
        }
        "mkdir" => {
            for path in args.iter().filter(|a| !a.starts_with('-')) {
                c.layer.insert(
                    format!("{}/", absolute(path).trim_end_matches('/')),
                    LayerEntry::Dir,
                );
            }
        }
        "rm" => {
            for path in args.iter().filter(|a| !a.starts_with('-')) {
                let path = absolute(path);
                let in_image = files.iter().any(|(p, _)| *p == path);
                match c.layer.get(&path) {
                    Some(LayerEntry::File(_)) if !in_image => {
                        c.layer.remove(&path);
                    }
                    Some(LayerEntry::Whiteout) | None if !in_image => {
                        outcome.err(&format!("rm: can't remove '{path}': No such file or directory"));
                        outcome.exit = 1;
                    }
                    // Deleting an image file leaves a whiteout in the writable layer.
                    _ => {
                        c.layer.insert(path, LayerEntry::Whiteout);
                    }
                }
            }
        }
        "ls" => {
            let dir = args
                .iter()
                .find(|a| !a.starts_with('-'))
                .map_or("/".to_string(), |d| absolute(d));
            let dir = if dir.ends_with('/') {
                dir
            } else {
                format!("{dir}/")
            };
            let mut names: Vec<String> = files
                .iter()
                .map(|(p, _)| p.clone())
                .chain(c.layer.keys().cloned())
                .filter(|p| c.layer.get(p) != Some(&LayerEntry::Whiteout))
                .filter_map(|p| {
                    let rest = p.strip_prefix(&dir)?;
                    let name = rest.split('/').next()?;
                    (!name.is_empty()).then(|| name.to_string())
                })
                .collect();
            names.sort();
            names.dedup();
            let exists = !names.is_empty()
                || files.iter().any(|(p, _)| *p == dir)
                || c.layer.get(&dir) == Some(&LayerEntry::Dir);
            if !exists {
                outcome.err(&format!(
                    "ls: {}: No such file or directory",
                    dir.trim_end_matches('/')
                ));
                outcome.exit = 1;
            }
            for name in names {
                stdout.push_str(&name);
                stdout.push('\n');
            }
        }
        other => {
            return Outcome::fail(
                format!(
                    "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{other}\": \
                     executable file not found in $PATH: unknown"
                ),
                127,
            );
        }
    }
    match redirect {
        Some(r) => {
            let path = absolute(&r.file);
            let mut text = if r.append {
                read(c, &path).unwrap_or_default()
            } else {
                String::new()
            };
            text.push_str(&stdout);
            c.layer.insert(path, LayerEntry::File(text));
        }
        None => outcome.out_text(&stdout),
    }
    outcome
}

fn absolute(path: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    }
}
