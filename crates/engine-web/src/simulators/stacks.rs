//! Two images side by side (`ImageStacks` ↔ `.image-stacks`): their read-only layers, the ones
//! both use marked as shared and counted once on disk, and above the first image the thin
//! writable layer of a container made from it, filling up as the container writes.

use engine::host::{ContainerView, ImageView};
use leptos::prelude::*;

use crate::lab::{EngineState, Lab};
use crate::prefs::use_prefs;
use crate::simulators::elided;

/// `ImageStacks` ↔ `.image-stacks`. `preferred` is the image the lesson is about
/// (`myapp:latest`), chosen on the left while it exists.
#[component]
pub fn ImageStacks(lab: Lab, preferred: &'static str) -> impl IntoView {
    let prefs = use_prefs();
    // The learner's choices; `None` follows the default.
    let left_choice = RwSignal::new(None::<String>);
    let right_choice = RwSignal::new(None::<String>);
    let images = Memo::new(move |_| lab.snapshot.with(|s| s.images.clone()));
    let pick = move |choice: Option<String>, fallback: Option<String>| {
        images.with(|list| {
            choice
                .filter(|c| list.iter().any(|i| i.reference == *c))
                .or(fallback)
                .and_then(|r| list.iter().find(|i| i.reference == r).cloned())
        })
    };
    let left = Memo::new(move |_| {
        let fallback = images.with(|list| {
            list.iter()
                .find(|i| i.reference == preferred)
                .or_else(|| list.last())
                .map(|i| i.reference.clone())
        });
        pick(left_choice.get(), fallback)
    });
    // By default the right column shows the tagged image sharing most layers with the left one
    // (for a built image: the one it was built FROM; an untagged earlier build comes last).
    let right = Memo::new(move |_| {
        let fallback = left.with(|l| {
            let l = l.as_ref()?;
            images.with(|list| {
                list.iter()
                    .filter(|i| i.reference != l.reference)
                    .max_by_key(|i| (!i.reference.starts_with("<none>"), shared_bytes(l, i)))
                    .map(|i| i.reference.clone())
            })
        });
        pick(right_choice.get(), fallback)
    });
    let chooser = move |current: Memo<Option<ImageView>>,
                        choice: RwSignal<Option<String>>,
                        label: &'static str| {
        view! {
            <select class="stack-choice" aria-label=label
                on:change=move |ev| choice.set(Some(event_target_value(&ev)))>
                {move || {
                    let chosen = current.with(|c| c.as_ref().map(|i| i.reference.clone()));
                    images.with(|list| {
                        list.iter()
                            .map(|i| {
                                let selected = chosen.as_deref() == Some(i.reference.as_str());
                                view! { <option value=i.reference.clone() selected=selected>{i.reference.clone()}</option> }
                            })
                            .collect_view()
                    })
                }}
            </select>
        }
    };
    let column = move |image: Memo<Option<ImageView>>, other: Memo<Option<ImageView>>| {
        move || {
            let ui = prefs.lang.get().ui();
            image.with(|img| {
                img.as_ref().map(|img| {
                    let other_layers = other.with(|o| o.as_ref().map(layer_ids).unwrap_or_default());
                    // Newest on top; metadata-only instructions (0 B, no layer) drawn dashed.
                    let hidden = elided(img.history.len(), 40, 40);
                    let rows = img
                        .history
                        .iter()
                        .rev()
                        .enumerate()
                        .filter(|(n, _)| !hidden.as_ref().is_some_and(|h| h.contains(n)))
                        .map(|(n, row)| {
                            let gap = (hidden.as_ref().map(|h| h.end) == Some(n)).then(|| {
                                let count = hidden.as_ref().map_or(0, ExactSizeIterator::len);
                                view! { <li class="elided">{ui.more_rows.replace("{n}", &count.to_string())}</li> }
                            });
                            let shared = row.layer.as_ref().is_some_and(|id| other_layers.contains(id));
                            let title = match &row.layer {
                                Some(id) => format!("{}\nsha256:{id}…", row.created_by),
                                None => row.created_by.clone(),
                            };
                            view! {
                                {gap}
                                <li class="stack-layer" class:shared=shared class:metadata=row.layer.is_none()
                                    data-testid="layer" title=title>
                                    <span class="layer-size">{size(row.size)}</span>
                                    <code class="layer-by">{row.created_by.clone()}</code>
                                    {shared.then(|| view! { <span class="shared-badge">{ui.shared}</span> })}
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <p class="stack-caption">{ui.readonly_layers}" · "{ui.layers(img.layers)}" · "{img.size.clone()}</p>
                        <ol class="stack-layers">{rows}</ol>
                    }
                })
            })
        }
    };
    let disk = move || {
        let ui = prefs.lang.get().ui();
        let (Some(a), Some(b)) = (left.get(), right.get()) else {
            return None;
        };
        let total = |i: &ImageView| i.history.iter().map(|h| h.size).sum::<u64>();
        let shared = shared_bytes(&a, &b);
        let sum = total(&a) + total(&b);
        Some(view! {
            <p class="stack-disk" data-testid="stack-disk">
                {ui.compare_disk
                    .replace("{sum}", &size(sum))
                    .replace("{disk}", &size(sum - shared))
                    .replace("{shared}", &size(shared))}
            </p>
        })
    };
    view! {
        <section class="image-stacks" data-testid="image-stacks"
            hidden=move || images.with(|l| l.len() < 2) && left.with(|l| l.is_none())>
            <h3 class="stacks-title">{move || prefs.lang.get().ui().compare_title}</h3>
            <div class="stack-pair">
                <div class="stack-column" data-testid="stack-left">
                    {chooser(left, left_choice, "A")}
                    <WritableLayer lab=lab image=left />
                    {column(left, right)}
                </div>
                <div class="stack-column" data-testid="stack-right">
                    {chooser(right, right_choice, "B")}
                    {column(right, left)}
                </div>
            </div>
            {disk}
        </section>
    }
}

/// The writable layer of the newest container made from `image`, drawn above its stack, with
/// buttons that make that container write (new file, copy-up, whiteout) through the console.
#[component]
fn WritableLayer(lab: Lab, image: Memo<Option<ImageView>>) -> impl IntoView {
    let prefs = use_prefs();
    let container = Memo::new(move |_| {
        let id = image.with(|i| i.as_ref().map(|i| i.short_id.clone()))?;
        lab.snapshot.with(|s| {
            s.containers
                .iter()
                .rev()
                .find(|c| c.image_short_id == id)
                .cloned()
        })
    });
    move || {
        let ui = prefs.lang.get().ui();
        let img = image.get()?;
        let ready = lab.state.get() == EngineState::Ready;
        Some(match container.get() {
            None => {
                let line = format!(
                    "docker run -dit --name {} {} sh",
                    box_name(&img.reference),
                    img.reference
                );
                view! {
                    <div class="writable-layer none">
                        <button type="button" class="tool-button" data-testid="run-box" title=line.clone()
                            disabled=!ready on:click=move |_| { lab.run(&line); }>{ui.run_box}</button>
                    </div>
                }
                .into_any()
            }
            Some(c) => {
                let commands = layer_commands(&c, &img);
                let buttons = commands
                    .into_iter()
                    .zip(ui.layer_actions)
                    .map(|(line, label)| {
                        let title = line.clone();
                        view! {
                            <button type="button" class="tool-button" title=title
                                disabled=!ready on:click=move |_| { lab.run(&line); }>{label}</button>
                        }
                    })
                    .collect_view();
                let files: Vec<(String, String)> = c
                    .layer
                    .iter()
                    .filter(|(_, mark)| mark != "dir")
                    .cloned()
                    .collect();
                let empty = files.is_empty();
                let rows = files
                    .into_iter()
                    .map(|(path, mark)| {
                        let mark = if mark == "A/C" {
                            change_mark(&path, &img)
                        } else {
                            mark
                        };
                        view! { <li><code class="mark">{mark}</code><code>{path}</code></li> }
                    })
                    .collect_view();
                view! {
                    <div class="writable-layer" data-testid="writable-layer">
                        <p class="writable-title">
                            {ui.writable_of.replace("{name}", &c.name)}" · "<strong data-testid="writable-size">{size(c.layer_size)}</strong>
                        </p>
                        {if empty {
                            view! { <p class="writable-empty">{ui.writable_empty}</p> }.into_any()
                        } else {
                            view! { <ul class="writable-files" data-testid="writable-files">{rows}</ul> }.into_any()
                        }}
                        <div class="writable-actions">{buttons}</div>
                    </div>
                }
                .into_any()
            }
        })
    }
}

/// A container name for the image: `myapp:latest` → `myapp-box`.
fn box_name(reference: &str) -> String {
    let repo = reference.split(':').next().unwrap_or(reference);
    let clean: String = repo
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{clean}-box")
}

/// The three console lines behind the buttons: write a new file, change a file the image has
/// (copied up), delete one (a whiteout). The image's own files are used when it has some.
fn layer_commands(c: &ContainerView, img: &ImageView) -> [String; 3] {
    let own: Vec<&String> = img.files.iter().filter(|f| !f.ends_with("/Dockerfile")).collect();
    let change = own.first().map_or("/etc/os-release", |f| f.as_str());
    let delete = own
        .last()
        .filter(|f| f.as_str() != change)
        .map_or("/etc/hostname", |f| f.as_str());
    let folder = change
        .rsplit_once('/')
        .map_or("/tmp", |(dir, _)| if dir.is_empty() { "/tmp" } else { dir });
    [
        format!("docker exec {} sh -c 'echo note >> {folder}/notes.txt'", c.name),
        format!("docker exec {} sh -c 'echo \"# changed\" >> {change}'", c.name),
        format!("docker exec {} rm {delete}", c.name),
    ]
}

/// `A` for a file the image does not have, `C` for one copied up from it.
fn change_mark(path: &str, img: &ImageView) -> String {
    let in_image =
        img.files.iter().any(|f| f == path) || ["/etc/os-release", "/etc/hostname"].contains(&path);
    if in_image { "C" } else { "A" }.to_string()
}

fn layer_ids(image: &ImageView) -> Vec<String> {
    image.history.iter().filter_map(|h| h.layer.clone()).collect()
}

/// Bytes of the layers both images use.
fn shared_bytes(a: &ImageView, b: &ImageView) -> u64 {
    let theirs = layer_ids(b);
    a.history
        .iter()
        .filter(|h| h.layer.as_ref().is_some_and(|id| theirs.contains(id)))
        .map(|h| h.size)
        .sum()
}

fn size(bytes: u64) -> String {
    engine::host::output::human_size(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::host::Host;

    fn built() -> Host {
        let mut host = Host::new(14).with_files(
            "myapp",
            [
                (
                    "Dockerfile".to_string(),
                    "FROM python:3.10\nCOPY . /app\nWORKDIR /app\n".to_string(),
                ),
                ("main.py".to_string(), "print(1)\n".to_string()),
                ("requirements.txt".to_string(), "flask\n".to_string()),
            ],
        );
        host.run("docker build -q -t myapp .");
        host
    }

    #[test]
    fn a_built_image_shares_all_of_its_base_and_the_disk_figure_counts_it_once() {
        let snapshot = built().snapshot();
        let find = |r: &str| {
            snapshot
                .images
                .iter()
                .find(|i| i.reference == r)
                .cloned()
                .unwrap()
        };
        let (app, base) = (find("myapp:latest"), find("python:3.10"));
        let base_total: u64 = base.history.iter().map(|h| h.size).sum();
        assert_eq!(shared_bytes(&app, &base), base_total);
        assert_eq!(shared_bytes(&base, &app), base_total);
    }

    #[test]
    fn the_buttons_change_the_images_own_files_and_each_mark_is_right() {
        let mut host = built();
        host.run(&format!(
            "docker run -dit --name {} myapp sh",
            box_name("myapp:latest")
        ));
        let snapshot = host.snapshot();
        let img = snapshot
            .images
            .iter()
            .find(|i| i.reference == "myapp:latest")
            .cloned()
            .unwrap();
        let card = snapshot.containers[0].clone();
        let lines = layer_commands(&card, &img);
        assert_eq!(
            lines[1],
            "docker exec myapp-box sh -c 'echo \"# changed\" >> /app/main.py'"
        );
        assert_eq!(lines[2], "docker exec myapp-box rm /app/requirements.txt");
        for line in &lines {
            assert_eq!(host.run(line).exit, 0, "{line}");
        }
        let card = host.snapshot().containers[0].clone();
        let marks: Vec<(String, String)> = card
            .layer
            .iter()
            .filter(|(_, m)| m != "dir")
            .map(|(p, m)| {
                (
                    p.clone(),
                    if m == "A/C" {
                        change_mark(p, &img)
                    } else {
                        m.clone()
                    },
                )
            })
            .collect();
        assert_eq!(
            marks,
            [
                ("/app/main.py".to_string(), "C".to_string()),
                ("/app/notes.txt".to_string(), "A".to_string()),
                ("/app/requirements.txt".to_string(), "D".to_string()),
            ]
        );
        assert!(card.layer_size > 0);
    }
}
