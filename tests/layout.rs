//! A layout self-check: the examples and a stress plan (long tables, long
//! names, deep nesting, many short chapters), read back from the PDF with
//! every word's box: no text outside the page margins, no word running into
//! the next (a cell's overflow), no page left more than half empty inside a
//! chapter, no heading at the foot of a page, no table of 15 rows or fewer
//! split across pages.

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
    // No word overlaps the next on its line: a word too long for its cell
    // would run into the next column.
    let mut lines: std::collections::BTreeMap<(usize, i64), Vec<&pdf::Word>> = Default::default();
    for w in &words {
        lines.entry((w.page, (w.y_max * 2.0).round() as i64)).or_default().push(w);
    }
    for ((page, _), mut line) in lines {
        line.sort_by(|a, b| a.x_min.total_cmp(&b.x_min));
        for pair in line.windows(2) {
            // Glyph advances are read back approximately, and a full stop
            // may tuck under the letter before it.
            if !pair.iter().all(|w| w.text.chars().any(char::is_alphanumeric)) {
                continue;
            }
            assert!(
                pair[0].x_max <= pair[1].x_min + 1.0,
                "page {page}: `{}` runs into `{}` ({:.1} > {:.1})",
                pair[0].text,
                pair[1].text,
                pair[0].x_max,
                pair[1].x_min
            );
        }
    }
    // No page is left more than half empty inside a chapter: only a
    // chapter's last page may end high (the next chapter starts a page).
    let body_top = 71.0;
    let body_bottom = 842.0 - 2.8 * 28.35;
    let last_page = words.iter().map(|w| w.page).max().unwrap();
    let laid_out = pdf_text(pdf, true);
    let layout_pages: Vec<&str> = laid_out.split('\u{c}').collect();
    for page in 3..last_page {
        let bottom = words
            .iter()
            .filter(|w| w.page == page && w.y_max < body_bottom)
            .map(|w| w.y_max)
            .fold(body_top, f64::max);
        let fill = (bottom - body_top) / (body_bottom - body_top);
        let next_starts_chapter = layout_pages.get(page).is_some_and(|next| {
            next.lines().map(str::trim).find(|l| !l.is_empty() && *l != "Utkast").is_some_and(|first| {
                first
                    .split(' ')
                    .next()
                    .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            })
        });
        assert!(
            fill >= 0.5 || next_starts_chapter,
            "page {page} is {:.0} % empty, and the next page does not start a chapter",
            100.0 * (1.0 - fill)
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

/// A plan written into a temporary folder and built there: the folder, the
/// plan and its PDF.
fn built(yaml: &str) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, yaml).unwrap();
    let pdf = dir.path().join("plan.pdf");
    build(&plan, &pdf, &[]);
    (dir, plan, pdf)
}

#[test]
fn the_examples_keep_the_layout_rules() {
    for example in EXAMPLES {
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
    let (_dir, _, pdf) = built(&yaml);
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

#[test]
fn a_long_word_in_a_table_gets_a_column_wide_enough() {
    // Four columns of text, one with a long word: sized by content, the word
    // fits its column; with equal columns (an earlier vplan's stil.typ, as
    // in the Norrkust folder) it ran into the next.
    let yaml = "dokument:\n  organisation: R\n  nämnd: N\n  titel: T\n  år: 2021\n  datum: 2020-12-09\nkapitel:\n  - titel: Ett\n    innehåll:\n      - tabell:\n          kolumner: [Risk, Regelverk, Åtgärd, Ansvar]\n          rader:\n            - [Personuppgifter, dataskyddsförordningen, Kontroll av behandlingar varje kvartal med stickprov i alla verksamheter, Förvaltningschef]\n            - [Attest, Lag, Stickprov, Ekonom]\n";
    let (dir, plan, pdf) = built(yaml);
    check_layout(&pdf);
    let old = dir.path().join("gammal.pdf");
    build(&plan, &old, &["--templates", root().join("examples/mall-region-norrkust").to_str().unwrap()]);
    let caught = std::panic::catch_unwind(|| check_layout(&old));
    assert!(caught.is_err(), "equal columns let the word run over, and the check sees it");
}
