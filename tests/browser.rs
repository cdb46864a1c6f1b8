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

/// The WCAG 2.1 A and AA violations axe-core finds in a page, as text,
/// the page opened in the browser `page` drives.
fn violations(page: &mut Page, html: &Path, axe: &str) -> String {
    let url = format!("file://{}", html.display());
    page.command("Page.navigate", serde_json::json!({"url": url}));
    page.wait_until("document.readyState === 'complete' && location.href", &url);
    page.eval(axe);
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
    let mut pages = example_pages(dir.path());
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
    // Another region's look, and every page of a draft site with changes.
    let sub = dir.path().join("norrkust");
    std::fs::create_dir(&sub).unwrap();
    let folder = root().join("examples/mall-region-norrkust");
    pages.push(both(&sub, &root().join(EXAMPLES[0]), &["--templates", folder.to_str().unwrap()]).1);
    pages.extend(site_pages(&dir.path().join("webbplats")));
    // One browser for every page, each loaded afresh.
    let (_chromium, devtools) = start_chromium("about:blank", &dir.path().join("profil"));
    let mut browser = Page::open(devtools);
    for page in &pages {
        let found = violations(&mut browser, page, &axe);
        assert_eq!(found, "[]", "{}: {found}", page.display());
    }
}

/// The web page of every example, each built in a folder of its own in `dir`.
fn example_pages(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut pages = Vec::new();
    for (i, example) in EXAMPLES.iter().enumerate() {
        let sub = dir.join(i.to_string());
        std::fs::create_dir(&sub).unwrap();
        pages.push(both(&sub, &root().join(example), &[]).1);
    }
    pages
}

/// The pages of Kungsbacka's plan as a draft site compared with last
/// year's plan, built into `site`.
fn site_pages(site: &Path) -> Vec<std::path::PathBuf> {
    let earlier = root().join("examples/lokal-namnd-2020.yaml");
    let out = vplan(&[
        "build",
        EXAMPLES[0],
        "--format",
        "site",
        "-o",
        site.to_str().unwrap(),
        "--draft",
        "--compare-to",
        earlier.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut pages: Vec<_> = std::fs::read_dir(site)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 7);
    pages
}

/// What a page 320 CSS pixels wide shows: how wide it scrolls, the text
/// that reaches past the window outside a table's own scrolling region,
/// the words of headings broken across lines (of up to 25 letters: a
/// longer one may have to break to fit), and whether every table's
/// row headers stay in view when it scrolls.
const REFLOW: &str = "JSON.stringify({
  scroll: document.documentElement.scrollWidth,
  width: window.innerWidth,
  outside: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, p, li, figcaption, caption, dt, dd')]
    .filter(e => !e.closest('.tabell') && e.getBoundingClientRect().right > window.innerWidth + 1)
    .map(e => e.textContent.slice(0, 40)),
  broken: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, .webbplatsnamn')].flatMap(h => {
    const out = [];
    const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      // A dash or slash may end a line: the parts between them stay whole.
      for (const m of n.data.matchAll(/[^\\s\u{2013}\\/-]+/gu)) {
        const r = document.createRange();
        r.setStart(n, m.index);
        r.setEnd(n, m.index + m[0].length);
        const broken = new Set([...r.getClientRects()].map(q => Math.round(q.top))).size > 1;
        if (broken && [...m[0]].length <= 25) out.push(m[0]);
      }
    }
    return out;
  }),
  sticky: [...document.querySelectorAll('.tabell tbody th')].every(th => getComputedStyle(th).position === 'sticky'),
  headers: document.querySelectorAll('.tabell tbody th').length,
  // Every level of a budget further in than the one above it.
  indents: [...document.querySelectorAll('.tabell table')].every(t => {
    const at = {};
    for (const th of t.querySelectorAll('tbody th[style]')) {
      at[th.style.getPropertyValue('--indrag')] = parseFloat(getComputedStyle(th).paddingLeft);
    }
    const levels = Object.keys(at).map(Number).sort((a, b) => a - b);
    return levels.every((l, i) => i === 0 || at[l] > at[levels[i - 1]]);
  }),
  // Tables that scroll, and so hide columns, in a window of this width.
  scrolling: [...document.querySelectorAll('.tabell')].filter(r => r.scrollWidth > r.clientWidth + 1).length,
})";

#[test]
fn every_page_reflows_at_320_pixels_and_tables_keep_their_row_names_in_view() {
    require_chromium();
    let dir = tempfile::tempdir().unwrap();
    let mut pages = example_pages(dir.path());
    pages.extend(site_pages(&dir.path().join("webbplats")));
    let mut headers = 0;
    let (_chromium, devtools) = start_chromium("about:blank", &dir.path().join("profil"));
    let mut page = Page::open(devtools);
    page.set_width(320);
    for html in &pages {
        let url = format!("file://{}", html.display());
        page.command("Page.navigate", serde_json::json!({"url": url}));
        page.wait_until("document.readyState === 'complete' && location.href", &url);
        let found: serde_json::Value = serde_json::from_str(&page.eval(REFLOW)).unwrap();
        let name = html.display();
        assert_eq!(found["width"], 320, "{name}");
        assert!(found["scroll"].as_u64().unwrap() <= 320, "{name} scrolls sideways: {found}");
        assert_eq!(found["outside"], serde_json::json!([]), "{name}: text past the window");
        assert_eq!(found["broken"], serde_json::json!([]), "{name}: words of headings broken");
        assert_eq!(found["sticky"], true, "{name}: a table's row names scroll away");
        headers += found["headers"].as_u64().unwrap();
        assert_eq!(found["indents"], true, "{name}: a level of a budget is not indented");
        // At 1280 pixels no table of the examples needs to scroll.
        page.set_width(1280);
        let wide: serde_json::Value = serde_json::from_str(&page.eval(REFLOW)).unwrap();
        assert_eq!(wide["scrolling"], 0, "{name}: a table scrolls at 1280 px");
        page.set_width(320);
        // The keyboard: the first Tab reaches the skip link.
        for kind in ["keyDown", "keyUp"] {
            page.command(
                "Input.dispatchKeyEvent",
                serde_json::json!({"type": kind, "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9}),
            );
        }
        assert_eq!(page.eval("document.activeElement.getAttribute('href')"), "#innehall", "{name}");
    }
    assert!(headers > 50, "{headers} row headers checked");
}

#[test]
fn a_printed_draft_says_so_on_every_page() {
    require_chromium();
    let dir = tempfile::tempdir().unwrap();
    let html = both(dir.path(), &root().join(EXAMPLES[0]), &["--draft"]).1;
    let (_chromium, devtools) =
        start_chromium(&format!("file://{}", html.display()), &dir.path().join("profil"));
    let mut page = Page::open(devtools);
    page.wait_until("document.readyState", "complete");
    let printed = dir.path().join("utskrift.pdf");
    std::fs::write(&printed, page.print()).unwrap();
    let pdf = Pdf::open(&printed);
    assert!(pdf.pages() >= 5, "{} pages", pdf.pages());
    // The headings, to tell that none ends a printed page.
    let page_html = std::fs::read_to_string(&html).unwrap();
    let headings: Vec<String> = page_html
        .split("<h")
        .skip(1)
        .filter(|h| h.starts_with(|c: char| ('1'..='6').contains(&c)))
        .filter_map(|h| Some(html_text(&h[h.find('>')? + 1..h.find("</h")?])))
        .map(|h| words(&h))
        .collect();
    assert!(headings.len() > 10, "{headings:?}");
    for n in 1..=pdf.pages() {
        let text = pdf.page_text(n, Mode::Layout);
        assert!(text.contains("Utkast"), "printed page {n} does not say Utkast:\n{text}");
        let last = text.lines().map(words).rfind(|l| !l.is_empty()).unwrap_or_default();
        if n < pdf.pages() {
            assert!(!headings.contains(&last), "printed page {n} ends with the heading `{last}`");
        }
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
