//! End-to-end: the web page (`--format html`) holds what the PDF holds, with
//! the same heading numbers, is byte-reproducible, escapes every plan text,
//! and has no WCAG 2.1 A/AA violation that axe-core finds in Chromium.

mod common;

use std::path::{Path, PathBuf};

use common::browser::*;
use common::*;

const EXAMPLES: [&str; 4] = [
    "examples/kungsbacka-2021.yaml",
    "examples/lokal-namnd-2020.yaml",
    "examples/kultur-och-fritid-2021.yaml",
    "examples/kungsbacka-2021-verksamhetsberattelse.yaml",
];

/// Builds a plan to PDF and web page in `dir`; returns both paths.
fn both(dir: &Path, plan: &Path, extra: &[&str]) -> (PathBuf, PathBuf) {
    let pdf = dir.join("plan.pdf");
    let mut args = vec!["build", plan.to_str().unwrap(), "-o", pdf.to_str().unwrap(), "--format", "pdf,html"];
    args.extend_from_slice(extra);
    let output = vplan(&args);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("plan.html") && stdout.matches("sha256").count() == 2, "{stdout}");
    (pdf, dir.join("plan.html"))
}

#[test]
fn the_page_holds_every_paragraph_and_figure_of_the_pdf_in_order_with_the_same_numbers() {
    for (example, fixture) in [
        (EXAMPLES[0], Some("kungsbacka-2021.paragraphs.txt")),
        (EXAMPLES[1], Some("lokal-namnd-2020.paragraphs.txt")),
        (EXAMPLES[2], None),
        (EXAMPLES[3], None),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (pdf, html) = both(dir.path(), &root().join(example), &[]);
        let page = html_text(&std::fs::read_to_string(&html).unwrap());
        if let Some(fixture) = fixture {
            // Footnotes stand at the foot of their PDF page, and together at
            // the end of the web page: they are checked there, the rest in order.
            let (body, notes) = page.rsplit_once("Fotnoter").unwrap_or((&page, ""));
            let (in_notes, in_body): (Vec<String>, Vec<String>) =
                paragraphs(fixture).into_iter().partition(|p| squash(notes).contains(&squash(p)));
            assert_in_order(body, &in_body);
            assert!(in_notes.len() <= 2, "{example}: {in_notes:?}");
        }
        // Every figure the PDF's pages show (past the cover and contents,
        // without page footers) is on the page. A footnote mark runs into
        // the word before it in pdftotext ("20211"); on the page it is apart.
        let pdf_text: String = pdftotext(&pdf, false).split('\u{c}').skip(2).collect::<Vec<_>>().join("\n");
        let pdf_text = words(&body_text(&pdf_text)).replace('\u{2060}', "");
        let page_words = words(&page);
        let is_figure = |w: &&str| {
            w.len() > 1
                && w.chars().any(|c| c.is_ascii_digit())
                && w.chars().all(|c| c.is_ascii_digit() || ",.%−+–-()".contains(c))
        };
        for figure in pdf_text.split(' ').filter(is_figure) {
            let figure = figure.trim_matches(|c| ",.()".contains(c));
            let footnoted = figure.len() > 1 && {
                let (word, mark) = figure.split_at(figure.len() - 1);
                page_words.contains(&format!("{word} {mark}"))
            };
            assert!(
                page_words.contains(figure) || footnoted,
                "{example}: `{figure}` of the PDF is not on the page"
            );
        }
        // The numbered headings of the PDF's contents, the same on the page.
        let contents = words(&pdftotext_page(&pdf, 2, "-layout"));
        let numbered: Vec<&str> = contents
            .split(' ')
            .filter(|w| {
                w.chars().next().is_some_and(|c| c.is_ascii_digit())
                    && w.chars().all(|c| c.is_ascii_digit() || c == '.')
            })
            .filter(|w| !w.is_empty())
            .collect();
        assert!(numbered.len() >= 5, "{example}: {contents}");
        for number in numbered {
            assert!(
                page_words.contains(&format!("{number} ")),
                "{example}: heading {number} is not on the page"
            );
        }
    }
}

#[test]
fn the_page_is_reproducible_and_self_contained() {
    let dir = tempfile::tempdir().unwrap();
    let (_, first) = both(dir.path(), &root().join(EXAMPLES[2]), &[]);
    let a = std::fs::read(&first).unwrap();
    let other = tempfile::tempdir().unwrap();
    let (_, second) = both(other.path(), &root().join(EXAMPLES[2]), &[]);
    assert_eq!(a, std::fs::read(&second).unwrap(), "two builds differ");
    let html = String::from_utf8(a).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<html lang=\"sv\">"));
    assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("src=\"http"));
    assert_eq!(html.matches("<main").count(), 1);
}

#[test]
fn hostile_text_is_printed_literally_and_injects_nothing() {
    let hostile = [
        "<script>alert(1)</script>",
        "\" onmouseover=\"x",
        "<img src=x onerror=y>",
        "&amp;",
        "</p><h1>Fejk</h1>",
        "{{ doc }}",
    ];
    let mut yaml = String::from(
        "dokument:\n  organisation: R\n  nämnd: N\n  titel: T\n  år: 2021\n  datum: 2020-12-09\n  nyckelord: [\"<b>\"]\nkapitel:\n",
    );
    for s in hostile {
        let q = serde_json::to_string(s).unwrap();
        yaml += &format!(
            "  - titel: {q}\n    innehåll:\n      - stycke: {q}\n      - lista: [{q}]\n      - tabell: {{kolumner: [{q}], rader: [[{q}]]}}\n"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, yaml).unwrap();
    let (_, html) = both(dir.path(), &plan, &[]);
    let html = std::fs::read_to_string(html).unwrap();
    assert!(
        !html.contains("<script")
            && !html.contains("<img")
            && !html.contains("<h1>Fejk")
            && !html.contains("<b>")
    );
    let text = html_text(&html);
    for s in hostile {
        assert!(text.matches(s).count() >= 4, "`{s}` is not printed literally in every field");
    }
}

/// axe-core, installed by `.ci/run` with npm.
fn axe_source() -> String {
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
