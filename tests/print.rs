//! End-to-end: print quality — short tables whole with their captions, the
//! contents to every level, chapter breaks as the plan chooses, headings
//! unhyphenated, and a draft watermark that is not text.

mod common;

use common::*;

const EXAMPLE: &str = include_str!("../examples/kungsbacka-2021.yaml");

/// The page (1-based) whose text holds `needle`.
fn page_of(pdf: &std::path::Path, needle: &str) -> usize {
    let pages = pdf_text(pdf, false);
    pages
        .split('\u{c}')
        .position(|p| words(p).contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no `{needle}`"))
}

#[test]
fn a_short_table_stays_on_one_page_with_its_caption() {
    let (_dir, pdf, _) = build_in_temp("examples/kultur-och-fritid-2021.yaml", &[]);
    for (caption, last_row) in [
        ("Tabell 5: Investeringsbudget 2021 med plan 2022–2023", "Summa investeringar"),
        ("Tabell 3: Driftbudget 2021 med plan 2022–2023", "Resultat"),
        ("Tabell 6: Internkontrollplan 2021", "Varje månad under"),
    ] {
        let first = page_of(&pdf, caption);
        assert_eq!(first, page_of(&pdf, last_row), "`{caption}` is split from its last row");
        assert_eq!(first, page_of(&pdf, caption.replace("Tabell", "").split(": ").nth(1).unwrap()));
    }
}

#[test]
fn a_lead_in_paragraph_stays_on_the_page_of_its_table() {
    let (_dir, pdf, _) = build_in_temp("examples/kultur-och-fritid-2021.yaml", &[]);
    for (lead_in, table) in [
        ("Internkontrollplanen anger de risker", "Tabell 6: Internkontrollplan 2021"),
        ("Verksamheten bemannas med årsarbetare", "Tabell 2: Årsarbetare per verksamhet"),
    ] {
        assert_eq!(page_of(&pdf, lead_in), page_of(&pdf, table), "`{lead_in}` is parted from its table");
    }
}

#[test]
fn the_contents_list_every_level_unless_the_plan_says() {
    let (_dir, pdf, _) = build_in_temp("examples/kungsbacka-2021.yaml", &[]);
    let contents = words(&pdf_page_text(&pdf, 2, Mode::Layout));
    assert!(contents.contains("3.1.1.1 Förbättra barn och ungas livsvillkor"), "{contents}");

    let yaml = EXAMPLE.replacen("  datum: 2020-12-09\n", "  datum: 2020-12-09\n  innehållsdjup: 2\n", 1);
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, yaml).unwrap();
    let pdf = dir.path().join("plan.pdf");
    build(&plan, &pdf, &[]);
    let contents = words(&pdf_page_text(&pdf, 2, Mode::Layout));
    assert!(contents.contains("3.1 Stärkt delaktighet") && !contents.contains("3.1.1"), "{contents}");
}

#[test]
fn chapters_start_new_pages_unless_the_plan_says_otherwise() {
    let (_dir, pdf, _) = build_in_temp("examples/kungsbacka-2021.yaml", &[]);
    let (quality, economy) = ("4 Kvalitetsstyrning Lokal nämnd har", "5 Ekonomistyrning Kontoklass");
    assert_ne!(page_of(&pdf, quality), page_of(&pdf, economy));
    let yaml =
        EXAMPLE.replacen("  datum: 2020-12-09\n", "  datum: 2020-12-09\n  kapitel_på_ny_sida: false\n", 1);
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, yaml).unwrap();
    let pdf = dir.path().join("plan.pdf");
    build(&plan, &pdf, &[]);
    // Målstyrning ends early on a page: Kvalitetsstyrning follows on it.
    let last_section = "och strukturer Beskrivning Lokala nämnder";
    assert_eq!(page_of(&pdf, last_section), page_of(&pdf, quality));
    let (_dir, default, _) = build_in_temp("examples/kungsbacka-2021.yaml", &[]);
    assert_ne!(page_of(&default, last_section), page_of(&default, quality));
    // The cover and the contents still stand alone.
    assert_eq!(page_of(&pdf, "Innehåll"), 2);
    assert_eq!(page_of(&pdf, "1 Inledning Verksamhetsplanering"), 3);
}

#[test]
fn neither_headings_nor_running_text_are_hyphenated() {
    let long = "Verksamhetsplaneringsuppföljningen och kvalitetsutvecklingsarbetet inom regiongemensamma ansvarsområden och förvaltningsövergripande samverkansstrukturer";
    let yaml = format!(
        "dokument:\n  organisation: R\n  nämnd: N\n  titel: T\n  år: 2021\n  datum: 2020-12-09\nkapitel:\n  - titel: {long}\n    innehåll:\n      - stycke: {long} {long} {long}\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, yaml).unwrap();
    let pdf = dir.path().join("plan.pdf");
    build(&plan, &pdf, &[]);
    let page = pdf_page_text(&pdf, 3, Mode::Raw);
    let lines: Vec<&str> = page.lines().collect();
    // The heading is the first lines up to the paragraph's first word.
    let body =
        lines.iter().position(|l| l.starts_with("Verksamhetsplanerings") && !l.starts_with("1 ")).unwrap();
    assert!(
        lines[..body].iter().all(|l| !l.trim_end().ends_with(['-', '\u{ad}'])),
        "a heading is hyphenated: {lines:?}"
    );
    // Ragged right, the text breaks between words only: long words stay whole.
    assert!(
        lines[body..].iter().all(|l| !l.trim_end().ends_with(['-', '\u{ad}'])),
        "running text is hyphenated: {lines:?}"
    );
    assert!(lines[body..].iter().filter(|l| l.contains("Verksamhetsplaneringsuppföljningen")).count() >= 3);
}

#[test]
fn the_draft_watermark_is_not_text() {
    let (_dir, pdf, _) = build_in_temp("examples/kungsbacka-2021.yaml", &["--draft"]);
    for page in 1..=3 {
        let text = pdf_page_text(&pdf, page, Mode::Raw);
        let stray: Vec<&str> = text
            .split_whitespace()
            .filter(|w| ["UTKAST", "UT", "KA", "ST", "U", "T", "K", "A", "S"].contains(w))
            .collect();
        assert!(stray.is_empty(), "page {page} has watermark letters {stray:?}");
        assert!(page == 1 || text.contains("Utkast"), "page {page} lacks its draft header");
    }
    assert!(unpacked(&pdf).contains("/Artifact"), "the watermark is still an artifact");
}
