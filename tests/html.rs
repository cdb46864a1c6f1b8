//! End-to-end: the web page (`--format html`) holds what the PDF holds, with
//! the same heading numbers, is byte-reproducible and escapes every plan
//! text. (axe-core's check in Chromium is in `browser.rs`.)

mod common;

use common::*;

#[test]
fn the_page_holds_every_paragraph_and_figure_of_the_pdf_in_order_with_the_same_numbers() {
    for (example, fixture) in [
        (EXAMPLES[0], Some("kungsbacka-2021.paragraphs.txt")),
        (EXAMPLES[1], Some("lokal-namnd-2020.paragraphs.txt")),
        (EXAMPLES[2], None),
        (EXAMPLES[3], None),
        (EXAMPLES[4], None),
        (EXAMPLES[5], None),
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
        let pdf_text: String = pdf_text(&pdf, false).split('\u{c}').skip(2).collect::<Vec<_>>().join("\n");
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
        // The first word of each line of the contents (the page numbers end the lines).
        let contents = pdf_page_text(&pdf, 2, Mode::Layout);
        let numbered: Vec<&str> = contents
            .lines()
            .filter_map(|l| l.split_whitespace().next())
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

#[test]
fn a_draft_page_says_so_in_its_title_and_asks_not_to_be_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let (_, draft) = both(dir.path(), &root().join("examples/kungsbacka-2021.yaml"), &["--draft"]);
    let draft = std::fs::read_to_string(draft).unwrap();
    assert!(
        draft.contains("<title>Utkast: Verksamhetsplan med budget 2021 – Lokal nämnd Kungsbacka</title>")
    );
    assert!(draft.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
    assert!(draft.contains("@page { @top-left { content: \"Utkast · Verksamhetsplan med budget 2021\";"));
    let sub = dir.path().join("slutlig");
    std::fs::create_dir(&sub).unwrap();
    let (_, last) = both(&sub, &root().join("examples/kungsbacka-2021.yaml"), &[]);
    let last = std::fs::read_to_string(last).unwrap();
    assert!(last.contains("<title>Verksamhetsplan med budget 2021 – Lokal nämnd Kungsbacka</title>"));
    assert!(!last.contains("noindex") && !last.contains("@top-left"));
}
