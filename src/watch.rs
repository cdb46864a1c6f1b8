//! `vplan watch`: rebuild on every save, keeping the Typst world alive.
//!
//! Watches what the last build read (the plan, the earlier plan it is
//! compared with, the logo wherever it lies) and the template and shared
//! data folders in use, as typst-cli watches its world's dependencies. Each change runs the same
//! [`build`] as `vplan build`, in the same [`VplanWorld`], so Typst's caches
//! make the rebuild incremental. A failed build leaves the last good PDF in
//! place (the build writes atomically).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::build::{BuildConfig, BuildReport, build};
use crate::error::Error;
use crate::load::DataSource;
use crate::world::VplanWorld;

/// What happens while watching, for the caller to show.
#[derive(Debug)]
pub enum Event {
    /// A build finished.
    Built(BuildReport),
    /// A build failed; the last good PDF is kept.
    Failed(Error),
}

/// The folders to watch and the files in them that matter: the files the
/// config names and those the last build read.
fn watched(config: &BuildConfig, read: &[PathBuf]) -> (BTreeSet<PathBuf>, BTreeSet<PathBuf>) {
    let mut folders = BTreeSet::new();
    let mut files = BTreeSet::new();
    let named = std::iter::once(&config.input).chain(config.compare_to.as_ref());
    for path in named.chain(read) {
        let path = absolute(path);
        if let Some(parent) = path.parent() {
            folders.insert(parent.to_path_buf());
        }
        files.insert(path);
    }
    if let Some(folder) = &config.templates.folder {
        folders.insert(absolute(folder));
    }
    if let DataSource::Folder(folder) = &config.data {
        folders.insert(absolute(folder));
    }
    (folders, files)
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Whether a changed path should trigger a rebuild: a file the build read,
/// or any file in a template or data folder; never the build's own output
/// or temporary files.
fn matters(path: &Path, config: &BuildConfig, files: &BTreeSet<PathBuf>) -> bool {
    let path = absolute(path);
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let html = config.html.as_deref().map(absolute);
    if name.starts_with(".vplan-") || path == absolute(&config.output) || html.as_ref() == Some(&path) {
        return false;
    }
    let in_folder =
        |folder: &Option<PathBuf>| folder.as_ref().is_some_and(|f| path.parent() == Some(&absolute(f)));
    let data_folder = match &config.data {
        DataSource::Folder(f) => Some(f.clone()),
        DataSource::Embedded => None,
    };
    // A file reached through a symlink is watched by its own path too.
    let resolved = path.canonicalize().ok();
    files.contains(&path)
        || resolved.is_some_and(|r| files.contains(&r))
        || in_folder(&config.templates.folder)
        || in_folder(&data_folder)
}

/// How long a burst of saves may settle before the build runs anyway.
const SETTLE: Duration = Duration::from_millis(80);
/// The most a build waits for a burst to end, so a file written without
/// pause (a log, a sync tool) cannot hold it back for ever.
const SETTLE_AT_MOST: Duration = Duration::from_millis(1000);

/// Builds once, then again after every relevant change, forever; each
/// result goes to `on_event`. Returns only if watching itself fails.
pub fn watch(config: &BuildConfig, mut on_event: impl FnMut(Event)) -> Result<(), Error> {
    let (tx, rx) = mpsc::channel();
    let watch_error = |e: notify::Error| Error::Usage(format!("cannot watch for changes: {e}"));
    let mut watcher = notify::recommended_watcher(tx).map_err(watch_error)?;
    let mut watching: BTreeSet<PathBuf> = BTreeSet::new();
    let mut read: Vec<PathBuf> = Vec::new();
    let mut world = VplanWorld::new();
    loop {
        match build(config, &mut world) {
            Ok(report) => {
                read = report.dependencies.clone();
                on_event(Event::Built(report));
            }
            // A failed build keeps following what the last good one read.
            Err(error) => on_event(Event::Failed(error)),
        }
        // Keep what the last builds memoised, drop the rest, so that memory
        // stays flat over a day of saves (as typst-cli's watch does).
        comemo::evict(10);
        let (folders, files) = watched(config, &read);
        for folder in folders.difference(&watching) {
            watcher.watch(folder, RecursiveMode::NonRecursive).map_err(watch_error)?;
        }
        watching.extend(folders);
        loop {
            let Ok(first) = rx.recv() else { return Ok(()) };
            let mut relevant = is_relevant(&first, config, &files);
            // Editors save in bursts (write, rename, chmod): settle, then build once.
            let start = std::time::Instant::now();
            while start.elapsed() < SETTLE_AT_MOST {
                match rx.recv_timeout(SETTLE) {
                    Ok(next) => relevant |= is_relevant(&next, config, &files),
                    Err(_) => break,
                }
            }
            if relevant {
                break;
            }
        }
    }
}

fn is_relevant(
    event: &notify::Result<notify::Event>,
    config: &BuildConfig,
    files: &BTreeSet<PathBuf>,
) -> bool {
    match event {
        Ok(event) => !event.kind.is_access() && event.paths.iter().any(|p| matters(p, config, files)),
        Err(_) => false,
    }
}
