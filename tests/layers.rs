//! The library's modules form layers that only point down: each module may
//! use the modules of the layers below it, never one of its own layer or
//! above, so there is no import cycle and each stage reads top to bottom.
//!
//! Read from the sources themselves: every `crate::…` path outside comments,
//! `use crate::{a, b::c}` groups included, in every file of `src/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The library's layers, bottom first. A new module takes its place here.
const LAYERS: &[&[&str]] = &[
    // Plain helpers and the files built into the binary.
    &["error", "escape", "format", "decimal", "text", "assets"],
    // Every read and write of a file.
    &["files"],
    // The plan's types, and loading them.
    &["model"],
    &["load"],
    // Edits of a YAML file in place.
    &["edit"],
    // The budget model: totals and checks.
    &["budget"],
    // Template sources, folder assets, labels, fonts' glyphs.
    &["templates"],
    // The render-ready document, and the stage that makes it.
    &["document"],
    &["resolve"],
    // What is made of a resolved document: the changes overlay, the
    // renderers, the Typst world, the PDF's metadata; a plan's next year.
    &["compare", "render", "world", "metadata", "new_year"],
    &["compile"],
    // The pipeline, and the commands around it.
    &["build"],
    &["watch", "preview", "follow_up", "import"],
];

/// The library's top-level module a source file belongs to.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_string())
}

/// The source without comments, so that doc links (`[x](crate::y)`) and
/// prose do not count as uses. Line comments only: vplan writes no block
/// comments. Strings keep their text, which holds no `crate::` paths.
fn code(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            let code = match line.find("//") {
                // A `//` inside a string ("http://") is not a comment.
                Some(at) if line[..at].matches('"').count() % 2 == 0 => &line[..at],
                _ => line,
            };
            (i + 1, code.to_string())
        })
        .collect()
}

/// The top-level modules a line of code names after `crate::`.
fn uses(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in line.match_indices("crate::") {
        let rest = &line[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a, b::{c, d}, e}`: the names at the group's top level.
            let mut depth = 0;
            let mut name = String::new();
            let mut at_start = true;
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        if !name.is_empty() {
                            out.push(std::mem::take(&mut name));
                        }
                        at_start = true;
                    }
                    c if depth == 0 && at_start && (c.is_alphanumeric() || c == '_') => name.push(c),
                    _ if depth == 0 && at_start && !name.is_empty() => {
                        out.push(std::mem::take(&mut name));
                        at_start = false;
                    }
                    _ => {}
                }
            }
            if !name.is_empty() {
                out.push(name);
            }
        } else {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let layer: BTreeMap<&str, usize> =
        LAYERS.iter().enumerate().flat_map(|(i, names)| names.iter().map(move |n| (*n, i))).collect();
    let mut all = Vec::new();
    files(&src, &mut all);
    all.sort();
    let mut wrong = Vec::new();
    for file in &all {
        let module = module_of(&src, file).unwrap();
        // The binary's own files (main.rs, cli.rs) sit above the library.
        if module == "main" || module == "cli" || module == "lib" {
            continue;
        }
        let Some(&own) = layer.get(module.as_str()) else {
            wrong.push(format!("{}: module `{module}` has no layer in tests/layers.rs", file.display()));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (number, line) in code(&text) {
            for used in uses(&line) {
                if used == module {
                    continue;
                }
                match layer.get(used.as_str()) {
                    Some(&below) if below < own => {}
                    Some(_) => wrong.push(format!(
                        "{}:{number}: `{module}` uses `{used}`, which is not below it",
                        file.display()
                    )),
                    None => wrong.push(format!("{}:{number}: `{used}` has no layer", file.display())),
                }
            }
        }
    }
    assert!(wrong.is_empty(), "layers that point up or sideways:\n{}", wrong.join("\n"));
}

#[test]
fn the_reader_of_uses_sees_groups_and_skips_comments() {
    assert_eq!(uses("use crate::{escape, world::{self, X}, files};"), ["escape", "world", "files"]);
    assert_eq!(uses("let x = crate::files::inside(a, b);"), ["files"]);
    let lines = code("use crate::load; // see crate::build\n/// [x](crate::render)");
    assert_eq!(uses(&lines[0].1), ["load"]);
    assert!(uses(&lines[1].1).is_empty());
}

#[test]
fn a_module_above_its_layer_is_found() {
    // The check itself can fail: `resolve` using `render` points up.
    let layer = |name: &str| LAYERS.iter().position(|l| l.contains(&name)).unwrap();
    assert!(layer("render") > layer("resolve"));
    assert!(layer("templates") < layer("resolve") && layer("templates") < layer("render"));
}
