//! Browser tests, opt-in (as mdBook keeps its GUI tests): the web pages in
//! headless Chromium checked by axe-core for WCAG 2.1 A/AA, and the live
//! preview of `vplan watch --serve` following each save. `cargo test` leaves
//! them out; run them with
//!
//! ```sh
//! apt-get install chromium && npm install --prefix tests/axe axe-core@4
//! cargo test --release --test browser
//! ```
//!
//! (`.ci/run` does both.) Without Chromium or axe-core they fail, saying
//! what to install.

mod common;

use std::path::Path;

use common::browser::*;
use common::watching::*;
use common::*;

/// axe-core, installed by `.ci/run` with npm.
fn axe_source() -> String {
    require_chromium();
    let path = root().join("tests/axe/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!("{} is missing: run `npm install --prefix tests/axe axe-core@4`", path.display())
    })
}

/// The WCAG 2.1 A and AA violations axe-core finds in a page, as text.
fn violations(html: &Path, profile: &Path) -> String {
    let url = format!("file://{}", html.display());
    let (_chromium, devtools) = start_chromium(&url, profile);
    let mut page = Page::open(devtools);
    page.wait_until("document.readyState", "complete");
    page.eval(&axe_source());
    page.eval_async(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})\
         .then(r => JSON.stringify(r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.html)}))))",
    )
}

#[test]
fn axe_core_finds_no_wcag_violation_in_any_example_nor_in_a_draft_with_changes() {
    let axe = axe_source();
    assert!(axe.len() > 100_000, "axe-core is loaded");
    let dir = tempfile::tempdir().unwrap();
    let mut pages = Vec::new();
    for (i, example) in EXAMPLES.iter().enumerate() {
        let sub = dir.path().join(i.to_string());
        std::fs::create_dir(&sub).unwrap();
        pages.push(both(&sub, &root().join(example), &[]).1);
    }
    // A draft compared with last year's plan: banner, change list, marks.
    let sub = dir.path().join("utkast");
    std::fs::create_dir(&sub).unwrap();
    let earlier = root().join("examples/lokal-namnd-2020.yaml");
    pages.push(
        both(
            &sub,
            &root().join("examples/kungsbacka-2021.yaml"),
            &["--draft", "--compare-to", earlier.to_str().unwrap()],
        )
        .1,
    );
    let draft = std::fs::read_to_string(pages.last().unwrap()).unwrap();
    assert!(draft.contains("class=\"utkast\"") && draft.contains("Ändringar sedan föregående version"));
    for (i, page) in pages.iter().enumerate() {
        let found = violations(page, &dir.path().join(format!("profil-{i}")));
        assert_eq!(found, "[]", "{}: {found}", page.display());
    }
}

#[test]
fn the_live_preview_in_a_browser_follows_each_save() {
    require_chromium();
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
