//! End-to-end: `vplan watch` rebuilds on save, keeps the last good PDF on
//! an error, and follows the files the build read. (The live preview in
//! Chromium is tested in `browser.rs`.)

mod common;

use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::browser::*;
use common::watching::*;
use common::*;

#[test]
fn watch_rebuilds_on_save_and_keeps_the_last_good_pdf_on_error() {
    let dir = tempfile::tempdir().unwrap();
    let (_watch, lines) = start_watch(dir.path(), &[]);
    wait_for(&lines, "plan.pdf (10 pages)");
    let pdf = dir.path().join("plan.pdf");
    let first = std::fs::read(&pdf).unwrap();

    save(&dir.path().join("plan.yaml"), &EXAMPLE.replace("  år: 2021", "  år: 2022"));
    wait_for(&lines, "plan.pdf (10 pages)");
    assert!(words(&pdf_text(&pdf, false)).contains("Verksamhetsplan med budget 2022"));

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
