//! End-to-end: drafts, adopted plans, next year's plan and last year's figures.

mod common;

use std::path::{Path, PathBuf};

use common::*;

const EXAMPLE: &str = include_str!("../examples/kungsbacka-2021.yaml");

/// The example with `dokument` lines added after its date, in `dir`.
fn plan(dir: &Path, dokument: &str, tail: &str) -> PathBuf {
    let yaml = EXAMPLE.replacen("  datum: 2020-12-09\n", &format!("  datum: 2020-12-09\n{dokument}"), 1);
    let path = dir.join("plan.yaml");
    std::fs::write(&path, format!("{yaml}{tail}")).unwrap();
    path
}

fn page_count(pdf: &Path) -> usize {
    Pdf::open(pdf).pages()
}

/// A page's text in content-stream order, whitespace removed: what is drawn
/// first (the watermark in the background) comes first.
fn page_raw(pdf: &Path, page: usize) -> String {
    squash(&pdf_page_text(pdf, page, Mode::Raw))
}

fn page_layout(pdf: &Path, page: usize) -> String {
    pdf_page_text(pdf, page, Mode::Layout)
}

#[test]
fn a_draft_says_so_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = "  status: utkast\n  version: 2\n  sammanträde: {namn: nämndsammanträde, datum: 2020-11-18}\n";
    let pdf = dir.path().join("plan.pdf");
    build(&plan(dir.path(), yaml, ""), &pdf, &[]);
    let pages = page_count(&pdf);
    assert!(pages >= 8);
    for page in 1..=pages {
        let text = page_text(&pdf, page);
        assert!(text.contains("Utkast 2 · nämndsammanträde 18 november 2020"), "page {page}: {text}");
        // The watermark is a shape, not text (see tests/print.rs); it is
        // counted below as a background artifact on every page.
        assert!(!page_raw(&pdf, page).contains("UTKAST"), "page {page}: the watermark is text");
    }
    // Every page carries the watermark in its background, an artifact.
    let qdf = unpacked(&pdf);
    let watermarks = qdf.matches("/Type/Background>>BDC").count();
    assert_eq!(watermarks, pages, "a watermark artifact per page");
}

#[test]
fn the_draft_switch_marks_any_plan() {
    let (_dir, pdf, _) = build_in_temp("examples/kungsbacka-2021.yaml", &["--draft"]);
    assert!(page_text(&pdf, 3).contains("Utkast"), "no draft header");
    // The watermark on every page is a background artifact, outside the structure tree.
    let qdf = unpacked(&pdf);
    assert_eq!(
        qdf.matches("/Type/Background>>BDC").count(),
        page_count(&pdf),
        "a watermark artifact per page"
    );
}

#[test]
fn a_plan_without_status_is_not_marked() {
    let (_dir, pdf, _) = build_in_temp("examples/kungsbacka-2021.yaml", &[]);
    let text = words(&pdf_text(&pdf, false));
    assert!(!text.contains("UTKAST") && !text.contains("Utkast") && !text.contains("Beslutad"));
}

#[test]
fn an_adopted_plan_states_its_decision_on_the_cover() {
    let dir = tempfile::tempdir().unwrap();
    let beslut = "beslut:\n  organ: Lokal nämnd Kungsbacka\n  datum: 2020-12-09\n  paragraf: 45\n  dnr: RS 2020/1234\n";
    let pdf = dir.path().join("plan.pdf");
    build(&plan(dir.path(), "  status: beslutad\n", beslut), &pdf, &[]);
    let cover = words(&page_layout(&pdf, 1));
    assert!(cover.contains("Beslutad av Lokal nämnd Kungsbacka 9 december 2020, § 45"), "{cover}");
    assert!(cover.contains("Diarienummer RS 2020/1234"), "{cover}");
    assert!(!page_raw(&pdf, 3).contains("UTKAST"));
}

/// The XMP packet as a records system reads it (the catalog's metadata stream).
fn xmp(pdf: &std::path::Path) -> String {
    Pdf::open(pdf).xmp()
}

#[test]
fn an_adopted_plan_has_its_dnr_and_decision_in_the_xmp_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let beslut = "beslut:\n  organ: Lokal nämnd Kungsbacka\n  datum: 2020-12-09\n  paragraf: 45\n  dnr: RS 2020/1234\n";
    let pdf = dir.path().join("plan.pdf");
    build(&plan(dir.path(), "  status: beslutad\n", beslut), &pdf, &[]);
    let xmp = xmp(&pdf);
    for element in [
        "<dc:identifier>RS 2020/1234</dc:identifier>",
        "<vplan:diarienummer>RS 2020/1234</vplan:diarienummer>",
        "<vplan:beslutsorgan>Lokal nämnd Kungsbacka</vplan:beslutsorgan>",
        "<vplan:beslutsdatum>2020-12-09</vplan:beslutsdatum>",
        "<vplan:paragraf>§ 45</vplan:paragraf>",
        // PDF/A: a property outside the predefined schemas is described.
        "<pdfaSchema:namespaceURI>https://vplan.se/ns/xmp/1.0/</pdfaSchema:namespaceURI>",
        "<pdfaProperty:name>beslutsdatum</pdfaProperty:name><pdfaProperty:valueType>Date</pdfaProperty:valueType>",
        "<pdfaid:part>2</pdfaid:part>",
    ] {
        assert!(xmp.contains(element), "the XMP lacks {element}:\n{xmp}");
    }
    Pdf::open(&pdf).check_structure().unwrap();
}

#[test]
fn a_draft_has_its_dnr_but_no_decision_in_the_xmp_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    build(&plan(dir.path(), "  dnr: RS 2020/77\n  status: utkast\n", ""), &pdf, &[]);
    let xmp = xmp(&pdf);
    assert!(xmp.contains("<dc:identifier>RS 2020/77</dc:identifier>"), "{xmp}");
    assert!(!xmp.contains("vplan:beslut"), "{xmp}");
}

#[test]
fn an_adopted_plan_without_its_decision_names_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let path = plan(dir.path(), "  status: beslutad\n", "beslut:\n  organ: Lokal nämnd Kungsbacka\n");
    let output = vplan(&["build", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("missing: beslut.datum, beslut.paragraf, beslut.dnr"), "{err}");
    let line = EXAMPLE.lines().position(|l| l == "  datum: 2020-12-09").unwrap() + 2;
    assert!(err.contains(&format!("plan.yaml:{line}:11")), "{err}");
    assert!(!dir.path().join("plan.pdf").exists());
}

#[test]
fn new_year_writes_a_first_draft_that_builds_with_last_years_figures() {
    let dir = tempfile::tempdir().unwrap();
    let next = dir.path().join("kungsbacka-2022.yaml");
    let output = vplan(&["new-year", "examples/kungsbacka-2021.yaml", "-o", next.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let yaml = std::fs::read_to_string(&next).unwrap();
    for needle in [
        "  år: 2022\n",
        "  datum: 2021-12-09\n",
        "  status: utkast\n",
        "  version: 1\n",
        "  föregående_år: 2021\n",
    ] {
        assert!(yaml.contains(needle), "missing `{needle}`");
    }
    assert!(yaml.contains("belopp: 734\n          föregående: 734\n"));
    // Comments and text are kept.
    assert!(
        yaml.contains("# The goal hierarchy") && yaml.contains("Lokal nämnd Kungsbacka avser att avsätta")
    );

    // Change one amount; the tables show both years and the change.
    let yaml = yaml.replace("belopp: 734\n", "belopp: 760\n").replace("summa: 1181", "summa: 1207");
    std::fs::write(&next, yaml).unwrap();
    let pdf = dir.path().join("next.pdf");
    build(&next, &pdf, &[]);
    let layout = pdf_text(&pdf, true);
    let summa: Vec<String> = layout.lines().map(words).filter(|l| l.starts_with("Summa")).collect();
    assert!(summa.contains(&"Summa 1 181 1 207 +26".to_string()), "{summa:?}");
    assert!(summa.contains(&"Summa 777 803 +26".to_string()), "{summa:?}");
    assert!(words(&layout).contains("Budget 2021 i tkr Budget 2022 i tkr Förändring"));
    assert!(page_text(&pdf, 1).contains("Utkast 1"));
}

#[test]
fn new_year_never_overwrites_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    let next = dir.path().join("next.yaml");
    std::fs::write(&next, "mine").unwrap();
    let output = vplan(&["new-year", "examples/kungsbacka-2021.yaml", "-o", next.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&next).unwrap(), "mine");
    let output =
        vplan(&["new-year", "examples/kungsbacka-2021.yaml", "-o", next.to_str().unwrap(), "--force"]);
    assert!(output.status.success());
    assert!(std::fs::read_to_string(&next).unwrap().contains("år: 2022"));
}

#[test]
fn new_year_of_the_2020_plan_builds_too() {
    let dir = tempfile::tempdir().unwrap();
    let next = dir.path().join("next.yaml");
    let output = vplan(&["new-year", "examples/lokal-namnd-2020.yaml", "-o", next.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    build(&next, &dir.path().join("next.pdf"), &[]);
}
