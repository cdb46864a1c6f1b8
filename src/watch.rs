//! `vplan watch`: rebuild on every save, keeping the Typst world alive.
//!
//! Watches the plan, the earlier plan it is compared with, its logo, and the
//! template and shared data folders in use. Each change runs the same
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

/// The folders to watch and the files in them that matter.
fn watched(config: &BuildConfig) -> (BTreeSet<PathBuf>, BTreeSet<PathBuf>) {
    let mut folders = BTreeSet::new();
    let mut files = BTreeSet::new();
    let mut file = |path: &Path| {
        let path = absolute(path);
        if let Some(parent) = path.parent() {
            folders.insert(parent.to_path_buf());
        }
        files.insert(path);
    };
    file(&config.input);
    if let Some(earlier) = &config.compare_to {
        file(earlier);
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

/// Whether a changed path should trigger a rebuild: a watched file, any
/// file in a template or data folder, or an image beside the plan (a logo);
/// never the build's own output or temporary files.
fn matters(path: &Path, config: &BuildConfig, files: &BTreeSet<PathBuf>) -> bool {
    let path = absolute(path);
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    if name.starts_with(".vplan-") || path == absolute(&config.output) {
        return false;
    }
    if config.emit_typst.as_ref().is_some_and(|p| absolute(p).parent() == path.parent())
        && name.ends_with(".typ")
    {
        return false;
    }
    let in_folder =
        |folder: &Option<PathBuf>| folder.as_ref().is_some_and(|f| path.parent() == Some(&absolute(f)));
    let data_folder = match &config.data {
        DataSource::Folder(f) => Some(f.clone()),
        DataSource::Embedded => None,
    };
    let image =
        matches!(path.extension().and_then(|e| e.to_str()), Some("png" | "jpg" | "jpeg" | "svg" | "gif"));
    files.contains(&path) || in_folder(&config.templates.folder) || in_folder(&data_folder) || image
}

/// Builds once, then again after every relevant change, forever; each
/// result goes to `on_event`. Returns only if watching itself fails.
pub fn watch(config: &BuildConfig, mut on_event: impl FnMut(Event)) -> Result<(), Error> {
    let (folders, files) = watched(config);
    let (tx, rx) = mpsc::channel();
    let watch_error = |e: notify::Error| Error::Usage(format!("cannot watch for changes: {e}"));
    let mut watcher = notify::recommended_watcher(tx).map_err(watch_error)?;
    for folder in &folders {
        watcher.watch(folder, RecursiveMode::NonRecursive).map_err(watch_error)?;
    }
    let mut world = VplanWorld::new();
    let mut run = |world: &mut VplanWorld| {
        match build(config, world) {
            Ok(report) => on_event(Event::Built(report)),
            Err(error) => on_event(Event::Failed(error)),
        }
        // Keep what the last builds memoised, drop the rest, so that memory
        // stays flat over a day of saves (as typst-cli's watch does).
        comemo::evict(10);
    };
    run(&mut world);
    loop {
        let Ok(first) = rx.recv() else { return Ok(()) };
        let mut relevant = is_relevant(&first, config, &files);
        // Editors save in bursts (write, rename, chmod): settle, then build once.
        while let Ok(next) = rx.recv_timeout(Duration::from_millis(80)) {
            relevant |= is_relevant(&next, config, &files);
        }
        if relevant {
            run(&mut world);
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
