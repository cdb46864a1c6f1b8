//! Typography and tagging, read back from every example's PDF: no word is
//! broken at a line's end (so no stub, no name split, no word across a
//! page turn), shared texts use true dashes, a change carries its sign in
//! tkr and in per cent alike, and tables have row header cells in the tags.

mod common;

use common::*;

/// Every plan's words and those of the shared data, as one text, so that a
/// hyphen at a line's end can be told from one the author wrote.
fn source_text() -> String {
    let mut text = String::new();
    for dir in ["examples", "data"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap().flatten() {
            if entry.path().extension().is_some_and(|e| e == "yaml") {
                text += &std::fs::read_to_string(entry.path()).unwrap();
                text.push('\n');
            }
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn no_word_is_broken_at_the_end_of_a_line() {
    let source = source_text();
    for example in EXAMPLES {
        let (_dir, pdf, _) = build_in_temp(example, &[]);
        let pdf = Pdf::open(&pdf);
        for page in 1..=pdf.pages() {
            let text = pdf.page_text(page, Mode::Layout);
            for line in text.lines() {
                let Some(last) = line.split_whitespace().last() else { continue };
                let Some(stem) = last.strip_suffix('-') else { continue };
                if stem.is_empty() || !stem.chars().last().unwrap().is_alphabetic() {
                    continue;
                }
                // "planerings- och": the author's hyphen, followed by a space.
                assert!(
                    source.contains(&format!("{last} ")) || source.contains(&format!("{stem}-")),
                    "{example}, page {page}: `{last}` is a word broken by the typesetter"
                );
            }
        }
    }
}

#[test]
fn shared_texts_use_true_dashes() {
    for entry in std::fs::read_dir(root().join("data")).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for (n, line) in text.lines().enumerate() {
            let words = line.trim_start().trim_start_matches("- ");
            assert!(
                !words.contains(" - "),
                "{}:{}: a hyphen as a dash; write – (U+2013)",
                entry.path().display(),
                n + 1
            );
            let year_range = words.as_bytes().windows(7).any(|w| {
                w[..4].iter().all(u8::is_ascii_digit) && w[4] == b'-' && w[5..].iter().all(u8::is_ascii_digit)
            });
            assert!(!year_range, "{}:{}: a year range takes –", entry.path().display(), n + 1);
        }
    }
}

#[test]
fn a_change_carries_its_sign_in_tkr_and_in_per_cent_alike() {
    // Kultur och fritid shows intäkter negative, with Förändring and Förändring %.
    let (_dir, pdf, _) = build_in_temp("examples/kultur-och-fritid-2021.yaml", &[]);
    let text = pdf_text(&pdf, true);
    let mut checked = 0;
    for line in text.lines() {
        let fields: Vec<&str> = line.split("  ").map(str::trim).filter(|f| !f.is_empty()).collect();
        let [.., change, percent] = fields.as_slice() else { continue };
        let sign = |f: &str| f.chars().next().filter(|c| ['+', '\u{2212}'].contains(c));
        let is_figure = |f: &str| {
            f.chars().any(|c| c.is_ascii_digit())
                && f.chars().all(|c| c.is_ascii_digit() || "+\u{2212},\u{a0} ".contains(c))
        };
        if !(is_figure(change) && is_figure(percent) && percent.contains(',')) || change.contains(',') {
            continue;
        }
        assert_eq!(sign(change), sign(percent), "`{line}`: the change and its per cent differ in sign");
        checked += 1;
    }
    assert!(checked >= 5, "{checked} rows with a change and a change in per cent");
}

#[test]
fn every_table_row_is_headed_by_its_first_cell_in_the_tags() {
    let (_dir, pdf, _) = build_in_temp("examples/kungsbacka-2021.yaml", &[]);
    let objects = unpacked(&pdf);
    let rows = objects.matches("/Scope /Row").count();
    // The lines and Summa rows of the five budget tables.
    assert!(rows >= 20, "{rows} row header cells");
    assert!(objects.contains("/Scope /Column"));
}

#[test]
fn footnotes_are_notes_in_the_text_they_belong_to_and_lead_ins_are_paragraphs() {
    let (_dir, pdf, _) = build_in_temp("examples/lokal-namnd-2020.yaml", &[]);
    let objects = unpacked(&pdf);
    // Every structure element, by object number: its type and its parent.
    let mut elements = std::collections::BTreeMap::new();
    for object in objects.split("\nendobj\n") {
        let Some((number, body)) = object.trim_start().split_once(" 0 obj\n") else { continue };
        let Some(kind) = body.split("/S /").nth(1).and_then(|s| s.split([' ', '/', '>', '\n']).next()) else {
            continue;
        };
        let parent = body.split("/P ").nth(1).and_then(|s| s.split(' ').next()).unwrap_or_default();
        elements.insert(number.trim().to_string(), (kind.to_string(), parent.to_string()));
    }
    let notes: Vec<&(String, String)> = elements.values().filter(|(kind, _)| kind == "Note").collect();
    assert!(!notes.is_empty(), "the footnotes are Note elements");
    for (_, parent) in notes {
        let (kind, _) = &elements[parent];
        assert_ne!(kind, "Document", "a footnote stands loose under the document");
    }
    // A paragraph leading into a table is a paragraph, not a span.
    let lead_in = elements.values().filter(|(kind, _)| kind == "P").count();
    assert!(lead_in > 20, "{lead_in} paragraphs");
}
