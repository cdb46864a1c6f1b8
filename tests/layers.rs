//! The library's modules form layers that only point down: each module may
//! use the modules of the layers below it, never one of its own layer or
//! above, so there is no import cycle and each stage reads top to bottom.
//!
//! A folder's parts are its own: a module inside a folder (`render/site.rs`)
//! reaches a sibling (`render/xlsx.rs`) only through what the folder's
//! `mod.rs` exposes: its own items and re-exports (`super::Found`), or a
//! sibling it declares public (`pub mod columns;`, `pub(crate) mod …`). Naming
//! a private sibling's insides (`super::xlsx::heading`, or
//! `crate::render::xlsx::…` from inside `render/`) is refused, since Rust lets
//! siblings see each other's `pub(super)` items without saying so in
//! `mod.rs`. Only `mod.rs` itself and the sibling's own files reach in. Code
//! two folders share lives in their folder's `mod.rs` or a part it re-exports.
//!
//! Read from the sources themselves: every `crate::…`, `super::…` and
//! `self::…` path outside comments, `use crate::{a, b::c}` groups included,
//! in every file of `src/`. [`check`] is a function of the files' text, so the
//! tests below feed it violating lines and see it report them.

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

/// The module path of a source file by its path under `src/`:
/// `render/site.rs` is `[render, site]`, `render/mod.rs` is `[render]`.
fn module_path(relative: &str) -> Vec<String> {
    let mut parts: Vec<String> = relative.trim_end_matches(".rs").split('/').map(String::from).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// Every path a line names after `crate::`, `super::` or `self::`, as
/// segments with `crate`, `super` or `self` first; groups are expanded one
/// level (`super::{Input, html::x}` gives `super::Input` and `super::html::x`).
fn paths(line: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    for root in ["crate::", "super::", "self::"] {
        for (at, _) in line.match_indices(root) {
            // Not the tail of a longer path or word (`super::super::`, `myself::`).
            if at > 0
                && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_' || bytes[at - 1] == b':')
            {
                continue;
            }
            let mut prefix = vec![root.trim_end_matches("::").to_string()];
            let mut rest = &line[at + root.len()..];
            // Leading segments: `super::super::render::` …
            loop {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if name.is_empty() {
                    break;
                }
                rest = &rest[name.len()..];
                prefix.push(name);
                match rest.strip_prefix("::") {
                    Some(r) => rest = r,
                    None => {
                        rest = "";
                        break;
                    }
                }
            }
            match rest.strip_prefix('{') {
                Some(group) => {
                    for name in top_level(group) {
                        let mut path = prefix.clone();
                        path.extend(name.split("::").map(String::from));
                        out.push(path);
                    }
                }
                None => out.push(prefix),
            }
        }
    }
    out
}

/// The paths at a group's top level, `a, b::c, d::{e}` → `a`, `b::c`, `d`.
fn top_level(group: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut name = String::new();
    for c in group.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => out.push(std::mem::take(&mut name)),
            c if depth == 0 && (c.is_alphanumeric() || c == '_' || c == ':') => name.push(c),
            _ => {}
        }
    }
    out.push(name);
    out.into_iter().map(|n| n.trim_end_matches(':').to_string()).filter(|n| !n.is_empty()).collect()
}

/// The top-level modules a line of code names after `crate::`.
fn uses(line: &str) -> Vec<String> {
    paths(line).into_iter().filter(|p| p[0] == "crate" && p.len() > 1).map(|p| p[1].clone()).collect()
}

/// The submodules a folder's `mod.rs` declares public (`pub mod x;`, `pub(crate) mod x;`).
fn public_children(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l.strip_prefix("pub mod ").or_else(|| l.strip_prefix("pub(crate) mod "))?;
            Some(rest.trim_end_matches(';').trim().to_string())
        })
        .collect()
}

/// Every use that points up or sideways, or into a folder's private part,
/// in the given files (path under `src/`, text), one message each.
fn check(sources: &[(String, String)]) -> Vec<String> {
    let layer: BTreeMap<&str, usize> =
        LAYERS.iter().enumerate().flat_map(|(i, names)| names.iter().map(move |n| (*n, i))).collect();
    let modules: Vec<Vec<String>> = sources.iter().map(|(p, _)| module_path(p)).collect();
    let public: BTreeMap<Vec<String>, Vec<String>> = sources
        .iter()
        .filter(|(p, _)| p.ends_with("mod.rs"))
        .map(|(p, text)| (module_path(p), public_children(text)))
        .collect();
    let mut wrong = Vec::new();
    for ((file, text), own_path) in sources.iter().zip(&modules) {
        let module = own_path[0].clone();
        // The binary's own files (main.rs, cli.rs) sit above the library.
        if module == "main" || module == "cli" || module == "lib" {
            continue;
        }
        let Some(&own) = layer.get(module.as_str()) else {
            wrong.push(format!("{file}: module `{module}` has no layer in tests/layers.rs"));
            continue;
        };
        let is_mod_rs = file.ends_with("mod.rs");
        for (number, line) in code(text) {
            for path in paths(&line) {
                // The path made absolute: `super` from `render/site.rs` is `render`.
                let mut absolute: Vec<String> = match path[0].as_str() {
                    "crate" => Vec::new(),
                    // A file's own module is `self`; `mod.rs`'s is its folder.
                    "self" => own_path.clone(),
                    _ => own_path[..own_path.len() - 1].to_vec(),
                };
                for segment in &path[1..] {
                    match segment.as_str() {
                        "super" => {
                            absolute.pop();
                        }
                        "self" => {}
                        s => absolute.push(s.to_string()),
                    }
                }
                let Some(top) = absolute.first() else { continue };
                if top != &module {
                    match layer.get(top.as_str()) {
                        Some(&below) if below < own => {}
                        Some(_) => wrong
                            .push(format!("{file}:{number}: `{module}` uses `{top}`, which is not below it")),
                        None if path[0] == "crate" => {
                            wrong.push(format!("{file}:{number}: `{top}` has no layer"))
                        }
                        None => {}
                    }
                    continue;
                }
                // Inside its own module: does the path reach into a private part?
                // It does when a prefix of it is a submodule it is not in, of a
                // folder whose `mod.rs` this file is not, that the folder keeps private.
                for depth in 2..absolute.len() {
                    let part = &absolute[..depth];
                    if !modules.iter().any(|m| m.as_slice() == part) {
                        break;
                    }
                    let folder = &part[..depth - 1];
                    let inside = own_path.starts_with(part);
                    let its_mod_rs = is_mod_rs && own_path.as_slice() == folder;
                    let declared = public.get(folder).is_some_and(|p| p.contains(&part[depth - 1]));
                    if !inside && !its_mod_rs && !declared {
                        wrong.push(format!(
                            "{file}:{number}: `{}` reaches into `{}`, a private part of `{}`; use what its mod.rs exposes",
                            own_path.join("::"),
                            part.join("::"),
                            folder.join("::")
                        ));
                        break;
                    }
                }
            }
        }
    }
    wrong
}

/// Folder-private parts still reached by a sibling, in folders whose
/// modules are being rewritten (the import readers; resolve's tables, see
/// issue 32): to be moved behind their `mod.rs` as that work lands.
const PENDING: &[(&str, &str)] = &[
    ("resolve/charts.rs", "resolve::widths"),
    ("resolve/general.rs", "resolve::widths"),
    ("resolve/indicators.rs", "resolve::widths"),
    ("resolve/indicators.rs", "resolve::follow_up"),
    ("resolve/tables.rs", "resolve::follow_up"),
    ("resolve/follow_up/mod.rs", "resolve::goals"),
];

#[test]
fn every_module_uses_only_the_layers_below_it_and_folders_keep_their_parts() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    all.sort();
    let sources: Vec<(String, String)> = all
        .iter()
        .map(|f| {
            let relative = f.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
            (relative, std::fs::read_to_string(f).unwrap())
        })
        .collect();
    let mut wrong = check(&sources);
    // Each allowance must still be needed, so the list only shrinks.
    for (file, part) in PENDING {
        let needle = format!("reaches into `{part}`");
        let before = wrong.len();
        wrong.retain(|w| !(w.starts_with(&format!("{file}:")) && w.contains(&needle)));
        assert!(wrong.len() < before, "{file} no longer reaches into {part}: drop it from PENDING");
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
    assert_eq!(
        paths("use super::{Input, html::page_environment};"),
        [vec!["super", "Input"], vec!["super", "html", "page_environment"]]
    );
    assert_eq!(paths("super::super::x::y"), [vec!["super", "super", "x", "y"]]);
}

/// A small tree of sources with one line added to one file.
fn tree_with(file: &str, line: &str) -> Vec<(String, String)> {
    let mut sources: Vec<(String, String)> = [
        ("error.rs", ""),
        ("budget/mod.rs", "pub mod table;\n"),
        ("budget/table.rs", ""),
        ("render/mod.rs", "mod site;\nmod xlsx;\nuse xlsx::heading;\n"),
        ("render/site.rs", "use super::Input;\nuse crate::error::Error;\n"),
        ("render/xlsx.rs", "pub(super) fn heading() {}\n"),
        ("resolve/mod.rs", "use crate::budget::table::Table;\n"),
    ]
    .into_iter()
    .map(|(p, t)| (p.to_string(), t.to_string()))
    .collect();
    let at = sources.iter_mut().find(|(p, _)| p == file).unwrap();
    at.1.push_str(line);
    sources
}

#[test]
fn the_check_finds_a_use_that_points_up_or_into_a_private_part() {
    // The clean tree passes: mod.rs reaches its parts, a public part is reachable.
    assert_eq!(check(&tree_with("error.rs", "")), Vec::<String>::new());
    // A lower layer naming a higher one.
    let wrong = check(&tree_with("budget/table.rs", "use crate::render::Input;\n"));
    assert_eq!(wrong, ["budget/table.rs:1: `budget` uses `render`, which is not below it"]);
    // A sibling's private insides, by `super::` and by `crate::`, and in a group.
    for line in [
        "use super::xlsx::internal;\n",
        "let h = crate::render::xlsx::heading();\n",
        "use super::{Input, xlsx::heading};\n",
    ] {
        let wrong = check(&tree_with("render/site.rs", line));
        assert_eq!(wrong.len(), 1, "{line}: {wrong:?}");
        assert!(
            wrong[0].starts_with("render/site.rs:3: `render::site` reaches into `render::xlsx`"),
            "{wrong:?}"
        );
    }
    // What mod.rs exposes is fine; so is a module of the same layer's own parts.
    assert!(check(&tree_with("render/site.rs", "use super::heading;\n")).is_empty());
    assert!(check(&tree_with("render/xlsx.rs", "use self::x;\n")).is_empty());
    // A module with no layer, a name with no layer.
    let mut tree = tree_with("error.rs", "");
    tree.push(("nowhere.rs".into(), String::new()));
    assert_eq!(check(&tree), ["nowhere.rs: module `nowhere` has no layer in tests/layers.rs"]);
}
