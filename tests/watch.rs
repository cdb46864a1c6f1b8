//! End-to-end: `vplan watch` rebuilds on save, keeps the last good PDF on
//! an error, and its live preview, open in a real headless Chromium, shows
//! the change without being reloaded by hand.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::browser::*;
use common::*;

const EXAMPLE: &str = include_str!("../examples/kungsbacka-2021.yaml");

/// Starts `vplan watch` on a copy of the example; returns it and its output
/// lines, stdout and stderr together.
fn start_watch(dir: &Path, extra: &[&str]) -> (Killed, mpsc::Receiver<String>) {
    start_watch_on(dir, EXAMPLE, extra)
}

/// Starts `vplan watch` on `yaml` written as `plan.yaml` in `dir`.
fn start_watch_on(dir: &Path, yaml: &str, extra: &[&str]) -> (Killed, mpsc::Receiver<String>) {
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
fn save(path: &Path, text: &str) {
    // The watcher's clock may be coarse; let a moment pass between saves.
    std::thread::sleep(Duration::from_millis(200));
    std::fs::write(path, text).unwrap();
}

/// Saves a file the way others (vim, VS Code's safe write) do: a new file
/// beside it, renamed over it.
fn save_by_rename(path: &Path, text: &str) {
    std::thread::sleep(Duration::from_millis(200));
    let temp = path.with_extension("yaml.swp");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, path).unwrap();
}

#[test]
fn watch_rebuilds_on_save_and_keeps_the_last_good_pdf_on_error() {
    let dir = tempfile::tempdir().unwrap();
    let (_watch, lines) = start_watch(dir.path(), &[]);
    wait_for(&lines, "plan.pdf (10 pages)");
    let pdf = dir.path().join("plan.pdf");
    let first = std::fs::read(&pdf).unwrap();

    save(&dir.path().join("plan.yaml"), &EXAMPLE.replace("  år: 2021", "  år: 2022"));
    wait_for(&lines, "plan.pdf (10 pages)");
    assert!(words(&pdftotext(&pdf, false)).contains("Verksamhetsplan med budget 2022"));

    let good = std::fs::read(&pdf).unwrap();
    assert_ne!(first, good);
    save(&dir.path().join("plan.yaml"), &EXAMPLE.replace("  summa: 1181", "  summa: 1"));
    // The failed rebuild says so; the last good PDF stays.
    wait_for(&lines, "the build failed; the last good PDF is kept");
    assert_eq!(std::fs::read(&pdf).unwrap(), good, "the last good PDF was not kept");
    save_by_rename(&dir.path().join("plan.yaml"), EXAMPLE);
    wait_for(&lines, "plan.pdf (10 pages)");
    assert_eq!(std::fs::read(&pdf).unwrap(), first);
}

/// No output line containing `needle` for `quiet`.
fn stays_quiet(lines: &mpsc::Receiver<String>, needle: &str, quiet: Duration) {
    let deadline = Instant::now() + quiet;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) => assert!(!line.contains(needle), "unexpected `{line}`"),
            Err(_) => break,
        }
    }
}

/// A one-pixel SVG image of the given grey.
fn svg_image(grey: u8) -> Vec<u8> {
    format!("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'><rect width='1' height='1' fill='rgb({grey},{grey},{grey})'/></svg>").into_bytes()
}

#[test]
fn watch_follows_the_logo_in_a_subfolder_and_ignores_other_images() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("bilder")).unwrap();
    std::fs::write(dir.path().join("bilder/logo.svg"), svg_image(0)).unwrap();
    let yaml = EXAMPLE.replacen(
        "  datum: 2020-12-09\n",
        "  datum: 2020-12-09\n  logotyp: {fil: bilder/logo.svg, alt: Logotyp}\n",
        1,
    );
    let (_watch, lines) = start_watch_on(dir.path(), &yaml, &[]);
    wait_for(&lines, "plan.pdf (10 pages)");
    // An image the plan does not use: no rebuild.
    std::fs::write(dir.path().join("annan.png"), b"x").unwrap();
    stays_quiet(&lines, "plan.pdf (", Duration::from_millis(2500));
    // The logo, in its subfolder, saved anew: a rebuild.
    save_by_rename(&dir.path().join("bilder/logo.svg"), &String::from_utf8(svg_image(128)).unwrap());
    wait_for(&lines, "plan.pdf (10 pages)");
}

#[test]
fn the_live_preview_in_a_browser_follows_each_save() {
    let dir = tempfile::tempdir().unwrap();
    let (_watch, lines) = start_watch(dir.path(), &["--serve", "--port", "0", "--format", "pdf,html"]);
    let line = wait_for(&lines, "serving the preview on http://127.0.0.1:");
    let url = line.split("on ").nth(1).unwrap().trim().to_string();
    let port: u16 = url.split(':').nth(2).unwrap().trim_end_matches('/').parse().unwrap();
    wait_for(&lines, "plan.pdf (10 pages)");

    let (_chromium, devtools) = start_chromium(&url, &dir.path().join("chromium"));
    let mut page = Page::open(devtools);
    let title = "document.getElementById('titel').textContent";
    let images = "String(document.querySelectorAll('#sidor img').length)";
    page.wait_until(title, "Verksamhetsplan med budget 2021");
    page.wait_until(images, "10");
    assert!(http_get(port, "/page/1.svg").contains("<svg viewBox"), "page 1 is not served as SVG");
    // The web page beside the pages, linked from the preview.
    assert!(http_get(port, "/webbsida").contains("<html lang=\"sv\">"), "the web page is not served");
    page.wait_until("getComputedStyle(document.getElementById('webb')).display", "inline");
    // A page of another site, its name pointed at 127.0.0.1 (DNS rebinding), gets nothing.
    let foreign = http_get_as(port, "/page/1.svg", &format!("evil.example:{port}"));
    assert!(foreign.starts_with("HTTP/1.1 403"), "{foreign}");
    assert!(!foreign.contains("<svg"));

    // An edit: the open page follows by itself.
    save(&dir.path().join("plan.yaml"), &EXAMPLE.replace("  år: 2021", "  år: 2022"));
    page.wait_until(title, "Verksamhetsplan med budget 2022");
    page.wait_until("document.querySelector('#sidor img').getAttribute('src')", "/page/1.svg?v=2");

    // A broken save shows its error above the last good pages.
    save(&dir.path().join("plan.yaml"), &EXAMPLE.replace("  summa: 1181", "  summa: 1"));
    page.wait_until(
        "String(document.getElementById('fel').textContent.includes('does not match the computed'))",
        "true",
    );
    page.wait_until(images, "10");
}
