//! A site's folder, written as a whole: the new files go into a temporary
//! folder beside it, which is renamed into place, so a failed build leaves
//! the earlier folder as it was.
//!
//! The folder's marker ([`FOLDER_MARK`]) lists the files vplan wrote. A
//! rebuild replaces those (and drops the ones it no longer writes) and keeps
//! every other file, moved into the new folder and named in the build's
//! output. A marker whose files are not in the folder (one copied into a
//! foreign folder) is refused, and so is a file of the board's own that
//! stands where this build writes one.
//!
//! The marker of vplan before it listed its files is empty. Such a folder
//! is rebuilt only if every file in it is one vplan writes (its pages, its
//! tables, the PDF); any other file is named and the folder refused, for an
//! empty marker does not say whose the files are.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// The file that marks a folder as one vplan wrote, and may replace.
pub const FOLDER_MARK: &str = ".vplan-webbplats";

/// The marker's first line; the files vplan wrote follow, one a line.
const MARK_HEADER: &str = "vplan-webbplats 2: the files below are vplan's; a rebuild keeps every other file";

/// Writes a folder of files (`files` by their path inside it, `/`
/// separated) as a whole, replacing the folder only if it is empty or
/// vplan wrote it; returns the files of the folder vplan did not write,
/// which are kept (a folder with a trailing `/`).
pub fn write_folder(path: &Path, files: &[(String, Vec<u8>)]) -> Result<Vec<String>, Error> {
    let new: BTreeSet<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    let kept = if path.exists() { kept_files(path, &new)? } else { Vec::new() };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let temp = tempfile::Builder::new().prefix(".vplan-").tempdir_in(parent).map_err(write_error(parent))?;
    let mut mark = format!("{MARK_HEADER}\n");
    for name in &new {
        mark.push_str(name);
        mark.push('\n');
    }
    for (name, bytes) in files.iter().chain(std::iter::once(&(FOLDER_MARK.to_string(), mark.into_bytes()))) {
        let target = temp.path().join(name);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(write_error(dir))?;
        }
        std::fs::write(&target, bytes).map_err(write_error(&target))?;
    }
    // The board's own files move into the new folder (a rename: the
    // temporary folder is beside the old one), back again on failure.
    let mut moved = Vec::new();
    for name in &kept {
        let (from, to) =
            (path.join(name.trim_end_matches('/')), temp.path().join(name.trim_end_matches('/')));
        let done =
            to.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::rename(&from, &to));
        if let Err(e) = done {
            move_back(&moved, temp.path(), path);
            return Err(write_error(&from)(e));
        }
        moved.push(name.clone());
    }
    let old = path.exists().then(|| parent.join(format!(".vplan-gammal-{}", std::process::id())));
    if let Some(old) = &old
        && let Err(e) = std::fs::rename(path, old)
    {
        move_back(&moved, temp.path(), path);
        return Err(write_error(path)(e));
    }
    let new_folder = temp.keep();
    if let Err(e) = std::fs::rename(&new_folder, path) {
        // Put the earlier folder back, with the board's files: nothing is lost.
        if let Some(old) = &old {
            let _ = std::fs::rename(old, path);
        }
        move_back(&moved, &new_folder, path);
        let _ = std::fs::remove_dir_all(&new_folder);
        return Err(write_error(path)(e));
    }
    if let Some(old) = old {
        std::fs::remove_dir_all(&old).map_err(write_error(&old))?;
    }
    Ok(kept)
}

fn write_error(p: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let p = p.to_path_buf();
    move |source| Error::Write { path: p, source }
}

/// Moves kept files back from the new folder to the old one, after a failure.
fn move_back(moved: &[String], from: &Path, to: &Path) {
    for name in moved {
        let name = name.trim_end_matches('/');
        let _ = std::fs::rename(from.join(name), to.join(name));
    }
}

/// The files of an existing folder that the build keeps; an error when the
/// folder is not vplan's, its marker does not match it, or a kept file
/// stands where the build writes one.
fn kept_files(path: &Path, new: &BTreeSet<&str>) -> Result<Vec<String>, Error> {
    let mut entries = Vec::new();
    let mark = path.join(FOLDER_MARK);
    if std::fs::read_dir(path).map_err(write_error(path))?.next().is_none() {
        return Ok(Vec::new());
    }
    if !mark.is_file() {
        return Err(Error::Usage(format!(
            "{} exists and is not a site vplan wrote; choose another folder with -o, or empty it",
            path.display()
        )));
    }
    let text = std::fs::read_to_string(&mark).map_err(|source| Error::Read { path: mark.clone(), source })?;
    let listed: Option<BTreeSet<String>> = text
        .strip_prefix(MARK_HEADER)
        .map(|rest| rest.lines().filter(|l| !l.is_empty()).map(str::to_string).collect());
    // The folder's own entries, descending only into folders that hold vplan's files.
    let vplans = |name: &str| listed.as_ref().is_some_and(|l| l.contains(name)) || new.contains(name);
    let holds_vplans = |dir: &str| {
        let prefix = format!("{dir}/");
        listed.iter().flatten().any(|l| l.starts_with(&prefix))
            || new.iter().any(|n| n.starts_with(&prefix))
            || listed.is_none() && dir == "tabeller"
    };
    walk(path, "", &holds_vplans, &mut entries).map_err(write_error(path))?;
    let entries: Vec<String> = entries.into_iter().filter(|e| e != FOLDER_MARK).collect();
    let kept: Vec<String> = match &listed {
        Some(listed) => {
            let missing: Vec<&str> = listed
                .iter()
                .filter(|l| !safe(l) || !path.join(l).symlink_metadata().is_ok_and(|m| m.is_file()))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                return Err(Error::Usage(format!(
                    "{} holds vplan's marker {FOLDER_MARK}, but not the files it lists ({}): it is not the site vplan wrote, \
                     or files were removed from it; build into another folder with -o, or, if this folder is not a site, \
                     delete {} and build again",
                    path.display(),
                    some(&missing),
                    mark.display()
                )));
            }
            entries.into_iter().filter(|e| !vplans(e)).collect()
        }
        None => {
            let foreign: Vec<&str> =
                entries.iter().map(String::as_str).filter(|e| !vplans(e) && !vplan_name(e)).collect();
            if !foreign.is_empty() {
                return Err(Error::Usage(format!(
                    "{} holds the marker of an earlier vplan, which does not list its files, and files vplan does not \
                     write: {}; move them out of the folder and build again (the new marker lists vplan's files, and a \
                     rebuild then keeps any you add), or choose another folder with -o",
                    path.display(),
                    some(&foreign)
                )));
            }
            Vec::new()
        }
    };
    // A kept file must not stand where the build writes one, nor be a file
    // where it writes a folder.
    for name in &kept {
        let bare = name.trim_end_matches('/');
        if new.contains(bare) || new.iter().any(|n| n.starts_with(&format!("{bare}/"))) {
            return Err(Error::Usage(format!(
                "{} is not a file vplan wrote, and this build writes one of that name; rename it or move it out of {}",
                path.join(bare).display(),
                path.display()
            )));
        }
    }
    Ok(kept)
}

/// Every file, link and folder of `dir` (as paths under `prefix`),
/// descending into a folder only where `descend` says; a folder not
/// descended into is one entry, with a trailing `/`.
fn walk(
    dir: &Path,
    prefix: &str,
    descend: &dyn Fn(&str) -> bool,
    out: &mut Vec<String>,
) -> std::io::Result<()> {
    let mut children: Vec<PathBuf> =
        std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    children.sort();
    for child in children {
        let name = format!("{prefix}{}", child.file_name().unwrap_or_default().to_string_lossy());
        // Links are entries in their own right, never followed.
        if child.symlink_metadata()?.is_dir() {
            if descend(&name) {
                walk(&child, &format!("{name}/"), descend, out)?;
            } else {
                out.push(format!("{name}/"));
            }
        } else {
            out.push(name);
        }
    }
    Ok(())
}

/// Whether a listed name stays inside the folder: relative, no `..`.
fn safe(name: &str) -> bool {
    let path = Path::new(name);
    !name.is_empty() && path.components().all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// Whether a name is one of those vplan writes into a site: its start page,
/// statement, chapter pages and tables.
fn vplan_name(name: &str) -> bool {
    let chapter = name
        .strip_prefix("avsnitt-")
        .and_then(|n| n.strip_suffix(".html"))
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    let table = name.strip_prefix("tabeller/").is_some_and(|t| !t.contains('/') && t.ends_with(".csv"));
    chapter || table || matches!(name, "index.html" | "tillganglighet.html")
}

/// The first few names of a list, for a message.
fn some(names: &[&str]) -> String {
    const MOST: usize = 10;
    let mut text = names.iter().take(MOST).copied().collect::<Vec<_>>().join(", ");
    if names.len() > MOST {
        text.push_str(&format!(" and {} more", names.len() - MOST));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(names: &[&str]) -> Vec<(String, Vec<u8>)> {
        names.iter().map(|n| (n.to_string(), n.as_bytes().to_vec())).collect()
    }

    #[test]
    fn a_rebuild_keeps_the_boards_files_and_drops_what_vplan_no_longer_writes() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("webbplats");
        let kept = write_folder(&folder, &site(&["index.html", "avsnitt-2.html", "tabeller/a.csv"])).unwrap();
        assert!(kept.is_empty());
        std::fs::write(folder.join("README.md"), "own").unwrap();
        std::fs::write(folder.join("tabeller/egen.csv"), "own").unwrap();
        std::fs::create_dir(folder.join("bilder")).unwrap();
        std::fs::write(folder.join("bilder/logo.png"), "own").unwrap();
        let kept = write_folder(&folder, &site(&["index.html", "tabeller/b.csv"])).unwrap();
        assert_eq!(kept, ["README.md", "bilder/", "tabeller/egen.csv"]);
        assert!(!folder.join("avsnitt-2.html").exists() && !folder.join("tabeller/a.csv").exists());
        assert_eq!(std::fs::read_to_string(folder.join("bilder/logo.png")).unwrap(), "own");
        assert!(folder.join("tabeller/b.csv").is_file());
        let mark = std::fs::read_to_string(folder.join(FOLDER_MARK)).unwrap();
        assert_eq!(mark, format!("{MARK_HEADER}\nindex.html\ntabeller/b.csv\n"));
    }

    #[test]
    fn an_old_marker_is_accepted_only_over_vplans_own_files() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("webbplats");
        std::fs::create_dir_all(folder.join("tabeller")).unwrap();
        for name in [FOLDER_MARK, "index.html", "avsnitt-7.html", "tabeller/avsnitt-1-0.csv", "plan.pdf"] {
            std::fs::write(folder.join(name), "").unwrap();
        }
        let err = write_folder(&folder, &site(&["index.html"])).unwrap_err().to_string();
        assert!(err.contains("earlier vplan") && err.contains(": plan.pdf;"), "{err}");
        let kept = write_folder(&folder, &site(&["index.html", "plan.pdf"])).unwrap();
        assert!(kept.is_empty() && !folder.join("avsnitt-7.html").exists());
    }

    #[test]
    fn a_listed_name_outside_the_folder_is_refused() {
        assert!(safe("tabeller/a.csv") && !safe("../x") && !safe("/etc/passwd") && !safe(""));
    }
}
