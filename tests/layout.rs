//! A layout self-check: the examples and a stress plan (long tables, long
//! names, deep nesting, many short chapters), read back from the PDF with
//! every word's box: no text outside the page margins, no heading at the
//! foot of a page, no table of 15 rows or fewer split across pages.

mod common;

use std::path::Path;

use common::*;

/// Every word of the PDF with its box.
fn words_with_boxes(pdf: &Path) -> Vec<pdf::Word> {
    Pdf::open(pdf).words()
}

/// The layout rules every document keeps.
fn check_layout(pdf: &Path) {
    let words = words_with_boxes(pdf);
    assert!(!words.is_empty());
    // A4 with 2.5 cm side margins: text between 70.9 pt and 524.4 pt.
    for w in &words {
        assert!(
            w.x_min >= 70.0 && w.x_max <= 525.5,
            "`{}` on page {} runs outside the margins ({:.1}–{:.1})",
            w.text,
            w.page,
            w.x_min,
            w.x_max
        );
    }
    // No numbered heading as the last line of a page's body (above the footer).
    let pages = words.iter().map(|w| w.page).max().unwrap();
    let layout = pdf_text(pdf, true);
    for (i, page) in layout.split('\u{c}').enumerate().take(pages).skip(2) {
        let body: Vec<&str> = page
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.contains(" · ") && !l.starts_with("Sida "))
            .collect();
        let Some(last) = body.last() else { continue };
        let numbered = last.split(' ').next().is_some_and(|n| {
            !n.is_empty()
                && n.chars().all(|c| c.is_ascii_digit() || c == '.')
                && n.chars().next().unwrap().is_ascii_digit()
        });
        let short = last.split_whitespace().count() <= 8 && !last.ends_with('.');
        assert!(
            !(numbered && short && !last.contains("  ")),
            "page {} ends with the heading `{last}`",
            i + 1
        );
    }
}

#[test]
fn the_examples_keep_the_layout_rules() {
    for example in [
        "examples/kungsbacka-2021.yaml",
        "examples/lokal-namnd-2020.yaml",
        "examples/kultur-och-fritid-2021.yaml",
    ] {
        let (_dir, pdf, _) = build_in_temp(example, &[]);
        check_layout(&pdf);
    }
}

#[test]
fn a_stress_plan_keeps_them_too() {
    let mut yaml = String::from(
        "dokument:\n  organisation: Region Test\n  nämnd: Nämnden för mycket långa namn och djupa strukturer\n  titel: Verksamhetsplan med budget\n  år: 2021\n  datum: 2020-12-09\n  kapitel_på_ny_sida: false\nbudget:\n  kontoklasser:\n    - id: lang\n      namn: En lång tabell\n      fördelning:\n",
    );
    for i in 0..40 {
        yaml += &format!(
            "        - {{namn: \"Post {i}: ett mycket långt namn på en budgetpost som måste radbrytas i sin cell utan att rinna över\", belopp: {}}}\n",
            1000 + i
        );
    }
    yaml += "    - id: kort\n      namn: En kort tabell\n      fördelning:\n";
    for i in 0..4 {
        yaml += &format!("        - {{namn: Kort {i}, belopp: {}}}\n", 10 + i);
    }
    yaml += "kapitel:\n";
    for c in 0..20 {
        yaml += &format!(
            "  - titel: Kapitel nummer {c} med en rubrik\n    innehåll:\n      - stycke: Ett kort stycke i kapitel {c}.\n"
        );
        if c == 5 {
            yaml += "      - fördelning: {post: lang}\n";
        }
        if c % 4 == 3 {
            yaml += "      - stycke: En inledning till tabellen.\n      - fördelning: {post: kort}\n";
        }
        if c == 10 {
            yaml += "      - avsnitt:\n          titel: Nivå två\n          innehåll:\n            - avsnitt:\n                titel: Nivå tre\n                innehåll:\n                  - avsnitt:\n                      titel: Nivå fyra\n                      innehåll:\n                        - avsnitt:\n                            titel: Nivå fem med ett riktigt långt namn som går över flera rader i rubriken\n                            innehåll: [{stycke: Djupt.}]\n";
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, yaml).unwrap();
    let pdf = dir.path().join("plan.pdf");
    build(&plan, &pdf, &[]);
    check_layout(&pdf);
    // Every short table whole on one page: its four rows together.
    let words = words_with_boxes(&pdf);
    let layout = pdf_text(&pdf, true);
    for (i, page) in layout.split('\u{c}').enumerate() {
        let rows = page.lines().filter(|l| l.trim_start().starts_with("Kort ")).count();
        assert!(rows == 0 || rows % 4 == 0, "page {} holds {rows} rows of a 4-row table", i + 1);
    }
    // The long table repeats its header on each page it runs over.
    let long_pages: Vec<usize> =
        words.iter().filter(|w| w.text == "Post" && w.y_max > 0.0).map(|w| w.page).collect();
    let header_pages: Vec<usize> = layout
        .split('\u{c}')
        .enumerate()
        .filter(|(_, p)| p.contains("En lång tabell, fördelning"))
        .map(|(i, _)| i + 1)
        .collect();
    let mut spanned = long_pages.clone();
    spanned.dedup();
    assert!(spanned.len() >= 2, "the long table spans pages");
    for page in spanned {
        assert!(header_pages.contains(&page), "page {page} of the long table has no header row");
    }
}

#[test]
fn a_long_table_never_leaves_its_summa_or_one_row_alone_on_a_page() {
    // Tables of many lengths below a few paragraphs: wherever the page
    // breaks, the Summa row stands with at least two of the table's rows.
    for n in [28, 33, 38, 44, 51] {
        let mut yaml = String::from(
            "dokument:\n  organisation: R\n  nämnd: N\n  titel: T\n  år: 2021\n  datum: 2020-12-09\nbudget:\n  kontoklasser:\n    - id: lang\n      namn: Lång\n      fördelning:\n",
        );
        for i in 0..n {
            yaml += &format!("        - {{namn: Post {i}, belopp: {}}}\n", i + 1);
        }
        yaml += "kapitel:\n  - titel: Ett\n    innehåll:\n";
        yaml +=
            &"      - stycke: Fyllnad för att flytta tabellen nedåt på sidan så att den bryts.\n".repeat(8);
        yaml += "      - fördelning: {post: lang}\n";
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.yaml");
        std::fs::write(&plan, yaml).unwrap();
        let pdf = dir.path().join("plan.pdf");
        build(&plan, &pdf, &[]);
        for (i, page) in pdf_text(&pdf, true).split('\u{c}').enumerate() {
            let rows = page.lines().filter(|l| l.trim_start().starts_with("Post ")).count();
            if page.lines().any(|l| l.trim_start().starts_with("Summa")) {
                assert!(rows >= 2, "{n} rows: page {} holds the Summa with {rows} rows", i + 1);
            }
        }
    }
}
