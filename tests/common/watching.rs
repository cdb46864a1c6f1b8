//! Helpers of the `vplan watch` tests: start it on a plan, save files the
//! ways editors do.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use super::browser::Killed;

/// The example plan the watch tests edit.
pub const EXAMPLE: &str = include_str!("../../examples/kungsbacka-2021.yaml");

/// Starts `vplan watch` on a copy of the example; returns it and its output
/// lines, stdout and stderr together.
pub fn start_watch(dir: &Path, extra: &[&str]) -> (Killed, mpsc::Receiver<String>) {
    start_watch_on(dir, EXAMPLE, extra)
}

/// Starts `vplan watch` on `yaml` written as `plan.yaml` in `dir`.
pub fn start_watch_on(dir: &Path, yaml: &str, extra: &[&str]) -> (Killed, mpsc::Receiver<String>) {
    let plan = dir.join("plan.yaml");
    std::fs::write(&plan, yaml).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_vplan"))
        .args(["watch", plan.to_str().unwrap(), "--pdf-standard", "none"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout: Box<dyn Read + Send> = Box::new(child.stdout.take().unwrap());
    let stderr: Box<dyn Read + Send> = Box::new(child.stderr.take().unwrap());
    for stream in [stdout, stderr] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
    }
    (Killed(child), rx)
}

/// Saves a file the way many editors do: a new version written in place.
pub fn save(path: &Path, text: &str) {
    // The watcher's clock may be coarse; let a moment pass between saves.
    std::thread::sleep(Duration::from_millis(200));
    std::fs::write(path, text).unwrap();
}

/// Saves a file the way others (vim, VS Code's safe write) do: a new file
/// beside it, renamed over it.
pub fn save_by_rename(path: &Path, text: &str) {
    std::thread::sleep(Duration::from_millis(200));
    let temp = path.with_extension("yaml.swp");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, path).unwrap();
}
