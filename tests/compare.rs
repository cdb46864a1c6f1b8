//! End-to-end: `--compare-to` lists what changed since an earlier version.

mod common;

use common::*;

const EXAMPLE: &str = include_str!("../examples/kungsbacka-2021.yaml");

/// The text of the PDF built from `current` compared to `earlier`, in
/// reading order with words joined, and laid out line by line.
fn compare_both(current: &str, earlier: &str) -> (String, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let (now, then) = (dir.path().join("nu.yaml"), dir.path().join("forra.yaml"));
    std::fs::write(&now, current).unwrap();
    std::fs::write(&then, earlier).unwrap();
    let pdf = dir.path().join("nu.pdf");
    build(&now, &pdf, &["--compare-to", then.to_str().unwrap()]);
    (words(&pdf_text(&pdf, false)), pdf_text(&pdf, true).lines().map(words).collect())
}

/// The Typst markup of `current` built with `--compare-to` `earlier`.
fn compared_markup(current: &str, earlier: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let (now, then) = (dir.path().join("nu.yaml"), dir.path().join("forra.yaml"));
    std::fs::write(&now, current).unwrap();
    std::fs::write(&then, earlier).unwrap();
    let typ = dir.path().join("nu.typ");
    build(
        &now,
        &dir.path().join("nu.pdf"),
        &["--compare-to", then.to_str().unwrap(), "--emit-typst", typ.to_str().unwrap()],
    );
    std::fs::read_to_string(&typ).unwrap()
}

fn compare(current: &str, earlier: &str) -> String {
    compare_both(current, earlier).0
}

#[test]
fn two_drafts_show_the_changed_section_and_budget_line() {
    let current = EXAMPLE
        .replace("Lokal nämnd har sedan hösten 2019 arbetat", "Lokal nämnd har sedan våren 2019 arbetat")
        .replace("belopp: 734", "belopp: 740")
        .replace("summa: 1181", "summa: 1187");
    let (text, lines) = compare_both(&current, EXAMPLE);
    // The heading stands first in the table of contents, then over the section.
    let at = text.match_indices("Ändringar sedan föregående version").nth(1).expect("a change section").0;
    let changes = &text[at..text[at..].find("1 Inledning").map_or(text.len(), |i| at + i)];
    // Kvalitetsstyrning for its text; Ekonomistyrning for the figures in its tables and prose.
    assert!(
        changes.contains("Ändrade avsnitt • Avsnitt 4 Kvalitetsstyrning • Avsnitt 5 Ekonomistyrning Ändrade"),
        "{changes}"
    );
    assert!(!changes.contains("Tillagda") && !changes.contains("Borttagna"), "{changes}");
    for row in [
        "Arvode; nämndssammanträden och fasta kostnader 734 740 +6",
        "Personalkostnader (arvode för nämndens politiker) 777 783 +6",
        "Summa 1 181 1 187 +6",
    ] {
        assert!(lines.iter().any(|l| l == row), "missing row `{row}`");
    }
    assert!(!changes.contains("Föräldrastöd"), "an unchanged line is listed: {changes}");
    // The change section comes after the table of contents, before chapter 1.
    assert!(text.find("Innehåll").unwrap() < at);
}

#[test]
fn an_unchanged_plan_says_so() {
    let text = compare(EXAMPLE, EXAMPLE);
    assert!(text.contains("Ändringar sedan föregående version Inga ändringar."), "{text}");
    assert!(!text.contains("Ändrade avsnitt"));
}

#[test]
fn last_years_plan_against_this_years_across_structures() {
    let earlier = include_str!("../examples/lokal-namnd-2020.yaml");
    let text = compare(EXAMPLE, earlier);
    assert!(text.contains("Tillagda avsnitt • Avsnitt 2 Verksamhetens uppdrag"), "{text}");
    assert!(text.contains("Borttagna avsnitt • Vision och värdegrund (tidigare 2)"), "{text}");
    assert!(text.contains("Internbudget (tidigare 5)"), "{text}");
    assert!(text.contains("Ändrade avsnitt • Avsnitt 1 Inledning"), "{text}");
    assert!(text.contains("Personalkostnader (arvode för nämndens politiker) 688 777 +89"), "{text}");
    assert!(compare_both(EXAMPLE, earlier).1.iter().any(|l| l == "Summa 1 056 1 181 +125"));
}

#[test]
fn a_broken_earlier_plan_is_reported_in_its_own_file() {
    let dir = tempfile::tempdir().unwrap();
    let then = dir.path().join("forra.yaml");
    std::fs::write(&then, "dokument: [\n").unwrap();
    let out = dir.path().join("nu.pdf");
    let output = vplan(&[
        "build",
        "examples/kungsbacka-2021.yaml",
        "-o",
        out.to_str().unwrap(),
        "--compare-to",
        then.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("forra.yaml:"));
    assert!(!out.exists());
}

/// The change section of a comparison, from its heading to chapter 1.
fn change_section(text: &str) -> &str {
    let at = text.match_indices("Ändringar sedan föregående version").nth(1).expect("a change section").0;
    &text[at..text[at..].find("1 Inledning").map_or(text.len(), |i| at + i)]
}

#[test]
fn a_new_chapter_with_an_old_title_is_added_and_a_moved_one_is_moved() {
    // A second "Kvalitetsstyrning" chapter at the end: added, the first unchanged.
    let extra =
        format!("{EXAMPLE}  - titel: Kvalitetsstyrning\n    innehåll:\n      - stycke: Ett nytt kapitel.\n");
    let text = compare(&extra, EXAMPLE);
    let changes = change_section(&text);
    assert!(changes.contains("Tillagda avsnitt • Avsnitt 6 Kvalitetsstyrning"), "{changes}");
    assert!(!changes.contains("Ändrade avsnitt"), "{changes}");

    // Inledning moved to the end, word for word: moved, not changed; the
    // others keep their order, so they are not moved though renumbered.
    let start = EXAMPLE.find("  - titel: Inledning\n").unwrap();
    let end = EXAMPLE.find("  - titel: Verksamhetens uppdrag\n").unwrap();
    let moved =
        format!("{}{}\n{}\n", &EXAMPLE[..start], EXAMPLE[end..].trim_end(), EXAMPLE[start..end].trim_end());
    let text = compare(&moved, EXAMPLE);
    let at = text.match_indices("Ändringar sedan föregående version").nth(1).unwrap().0;
    let changes = &text[at..text[at..].find("1 Verksamhetens uppdrag").map_or(text.len(), |i| at + i)];
    assert!(changes.contains("Flyttade avsnitt • Avsnitt 5 Inledning"), "{changes}");
    assert!(!changes.contains("Ändrade avsnitt") && !changes.contains("Tillagda"), "{changes}");
}

#[test]
fn the_changed_paragraph_is_marked_not_its_sections_heading() {
    // A paragraph in the middle of Kvalitetsstyrning changed; in Inledning,
    // the paragraph that ties the plan to Mål och budget removed.
    // The second paragraph of Kvalitetsstyrning changed.
    let changed_from = "Generellt arbetar Lokal nämnd Kungsbacka";
    let current = EXAMPLE.replace(changed_from, "Numera arbetar Lokal nämnd Kungsbacka");
    let removed = "      - stycke: >-\n          Utifrån dessa övergripande perspektiv";
    let start = current.find(removed).expect("the paragraph to remove");
    let end = start + current[start + removed.len()..].find("\n  - titel:").map_or(0, |i| i + removed.len());
    let current = format!("{}{}", &current[..start], &current[end + 1..]);
    let markup = compared_markup(&current, EXAMPLE);
    // The mark stands right before the changed paragraph …
    let at = markup.find("Numera arbetar Lokal nämnd Kungsbacka").expect("the changed paragraph");
    let before = markup[..at].trim_end_matches(['#', '"']).trim_end();
    // (the mark with its alternative text, and where the bar beside it starts)
    assert!(
        before.ends_with("#andrad-markering\n#metadata(\"start\") <vplan-andring>"),
        "no mark before the changed paragraph: …{}",
        &before[before.len().saturating_sub(200)..]
    );
    // … not after the heading of its section, and the removal leaves a wedge.
    let heading = markup.find("Kvalitetsstyrning\";] <avsnitt-4>").expect("the heading");
    assert!(
        !markup[heading..].trim_start_matches(|c| c != '\n').trim_start().starts_with("#andrad-markering")
    );
    assert_eq!(markup.matches("#andrad-markering").count(), 1, "only the changed paragraph is marked");
    assert_eq!(markup.matches("#borttagen-markering").count(), 1, "the removed paragraph leaves one mark");
}

#[test]
fn removed_budget_lines_stand_in_place_and_the_total_comes_last() {
    let line = "        - id: arvode-rorligt\n          namn: Arvode, rörligt; kurs, konferens och verksamhet\n          belopp: 43\n";
    assert!(EXAMPLE.contains(line));
    let current = EXAMPLE
        .replacen(line, "", 1)
        .replacen("summa: 1181", "summa: 1138", 1)
        .replace("{kr:arvode-rorligt}", "43 000");
    let (_, lines) = compare_both(&current, EXAMPLE);
    let position = |row: &str| {
        lines.iter().position(|l| l == row).unwrap_or_else(|| panic!("no row `{row}`:\n{}", lines.join("\n")))
    };
    let group = position("Personalkostnader (arvode för nämndens politiker) 777 734 −43");
    let removed = position("Arvode, rörligt; kurs, konferens och verksamhet 43 – −43");
    let total = position("Summa 1 181 1 138 −43");
    assert!(group < removed && removed < total, "rows out of place: {group} {removed} {total}");
    // The total is the table's last row.
    assert!(lines[total + 1..].iter().take(3).all(|l| !l.contains(" −43")), "{:?}", &lines[total..]);
}

#[test]
fn the_changed_list_item_and_table_rows_are_the_ones_marked() {
    let earlier = include_str!("../examples/kultur-och-fritid-2021.yaml");
    let current = earlier
        .replace(
            "- att fastställa internkontrollplan 2021,",
            "- att fastställa internkontrollplan 2021 med ändringar,",
        )
        .replace("            - [Kulturskola, 14, 15]\n", "            - [Kulturskola, 14, 16]\n")
        .replace("            - [Administration, 4, 4]\n", "")
        .replace("                  - [Deltagartillfällen i kulturskolan, 21450, 23000]\n", "");
    let markup = compared_markup(&current, earlier);
    let lines: Vec<&str> = markup.lines().collect();
    let line =
        |needle: &str| *lines.iter().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("no {needle}"));
    // The changed item of the numbered list, not its neighbours.
    assert!(line("internkontrollplan 2021 med ändringar").contains("[#andrad-del;"));
    assert!(!line("att fastställa verksamhetsplan med budget 2021").contains("#andrad-del"));
    // The changed row, and the Summa it changed; the removed last row leaves
    // its wedge on the Summa row, where it stood.
    assert!(line("#\"Kulturskola\";").contains("[#andrad-del;"));
    assert!(!line("#\"Bibliotek\";").contains("#andrad-del"));
    assert!(
        line("summa: ([#andrad-del;#metadata(\"start\") <vplan-andring>#borttagen-del;#\"Summa\";#metadata(\"del-slut\") <vplan-andring>]")
            .contains("\"45\"")
    );
    // A row removed in the middle: the wedge on the row now in its place.
    assert!(line("#\"Andel nöjda besökare\";").starts_with("    ([#borttagen-del;"));
    assert_eq!(markup.matches("#andrad-del;").count(), 3, "only the item, the row and the Summa");
    // Part marks replace the whole block's and the heading's.
    assert_eq!(markup.matches("#andrad-markering").count(), 0);
    assert_eq!(markup.matches("#borttagen-del;").count(), 2);
}

#[test]
fn a_new_footnote_early_marks_only_its_own_section() {
    let earlier = include_str!("../examples/kultur-och-fritid-2021.yaml");
    let current = earlier.replacen("fotnoter:\n", "fotnoter:\n  ny: En ny not.\n", 1).replacen(
        "idrottsanläggningar och badplatser och",
        "idrottsanläggningar och badplatser{fotnot:ny} och",
        1,
    );
    assert_ne!(current, earlier);
    let text = compare(&current, earlier);
    let at = text.find("Ändrade avsnitt • ").expect("a change list") + "Ändrade avsnitt • ".len();
    let listed = &text[at..];
    // Every later note is renumbered, but their sections did not change.
    assert!(
        listed.starts_with("Avsnitt 1 Inledning ") && !listed.starts_with("Avsnitt 1 Inledning •"),
        "{listed}"
    );
}

#[test]
fn changed_lines_of_budgets_with_columns_are_listed_budget_by_budget() {
    let example = include_str!("../examples/kultur-och-fritid-2021.yaml");
    let current = example
        .replacen("belopp: 850", "belopp: 950", 1)
        .replacen("belopp: 7300", "belopp: 7400", 1)
        .replacen("belopp: 101400", "belopp: 101300", 1);
    let (_, lines) = compare_both(&current, example);
    let position = |row: &str| {
        lines.iter().position(|l| l == row).unwrap_or_else(|| panic!("no row `{row}`:\n{}", lines.join("\n")))
    };
    // This year's figures: a group, its line, the funding and the total of
    // the driftbudget, then the investeringsbudget's line and total.
    let rows = [
        // Intäkter signed as the table shows them (`intäkter: negativa`).
        "Intäkter −16 550 −16 650 −100",
        "Taxor och avgifter −7 300 −7 400 −100",
        "Kommunbidrag 101 400 101 300 −100",
        "Nettokostnad 101 400 101 300 −100",
        "Inventarier till biblioteken 850 950 +100",
        "Summa investeringar 7 050 7 150 +100",
    ];
    let at: Vec<usize> = rows.iter().map(|r| position(r)).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "rows out of order: {at:?}");
    assert!(
        !lines.iter().any(|l| l.starts_with("Lokalkostnader 33 050 33 050")),
        "an unchanged line is listed"
    );
}

/// The PDF and web page of `current` compared with `earlier`.
fn compared_pdf_and_page(current: &str, earlier: &str) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let (now, then) = (dir.path().join("nu.yaml"), dir.path().join("forra.yaml"));
    std::fs::write(&now, current).unwrap();
    std::fs::write(&then, earlier).unwrap();
    let pdf = dir.path().join("nu.pdf");
    build(&now, &pdf, &["--compare-to", then.to_str().unwrap(), "--format", "pdf,html"]);
    let html = std::fs::read_to_string(dir.path().join("nu.html")).unwrap();
    (dir, pdf, html)
}

#[test]
fn the_bars_stand_beside_exactly_the_changed_lines_and_rows_in_the_pdf_and_on_the_web() {
    let changed = "Lokal nämnd arbetar utifrån utgångspunkterna";
    let current = EXAMPLE
        .replacen(changed, "Lokal nämnd arbetar nu utifrån utgångspunkterna", 1)
        .replacen(
            "          namn: Kurs och konferens\n          belopp: 50",
            "          namn: Kurs och konferens\n          belopp: 24",
            1,
        )
        .replacen(
            "          namn: Övrigt\n          belopp: 24",
            "          namn: Övrigt\n          belopp: 50",
            1,
        );
    assert_ne!(current, EXAMPLE);
    let (_dir, pdf_path, html) = compared_pdf_and_page(&current, EXAMPLE);
    let pdf = Pdf::open(&pdf_path);
    let words = pdf.words();
    // draft-red, #9b1c1c
    let red = [155.0 / 255.0, 28.0 / 255.0, 28.0 / 255.0];
    let mut bars = Vec::new();
    for page in 1..=pdf.pages() {
        bars.extend(pdf.filled_boxes(page, red).into_iter().filter(|b| b[0] < 70.0).map(|b| (page, b)));
    }
    // The lines of the changed paragraph, and the two rows.
    let line_of = |first: &str| {
        let w = words.iter().find(|w| w.text == first).unwrap_or_else(|| panic!("no `{first}`"));
        (w.page, w.y_max)
    };
    let covered =
        |(page, y): (usize, f64)| bars.iter().any(|(p, b)| *p == page && b[1] - 2.0 <= y && y <= b[3] + 4.0);
    let paragraph: Vec<&pdf::Word> = {
        let start = words.windows(2).position(|w| w[0].text == "arbetar" && w[1].text == "nu").unwrap();
        let end = start
            + words[start..].iter().position(|w| w.text.starts_with("verksamhetsår")).unwrap_or_else(|| {
                panic!("{:?}", words[start..start + 120].iter().map(|w| &w.text).collect::<Vec<_>>())
            });
        words[start - 2..=end].iter().collect()
    };
    for w in &paragraph {
        assert!(covered((w.page, w.y_max)), "`{}` on page {} has no bar beside it: {bars:?}", w.text, w.page);
    }
    for row in ["Kurs", "Övrigt"] {
        let at = words.iter().rposition(|w| w.text == row).unwrap();
        assert!(covered((words[at].page, words[at].y_max)), "the row {row} has no bar");
    }
    // Nothing else: the lines before the paragraph and the unchanged rows.
    let before = words.windows(2).position(|w| w[0].text == "arbetar" && w[1].text == "nu").unwrap() - 30;
    assert!(!covered((words[before].page, words[before].y_max)), "`{}` is marked", words[before].text);
    let unchanged = line_of("Utvecklingsmedel");
    let unchanged =
        words.iter().rev().find(|w| w.text == "Utvecklingsmedel" && w.page >= unchanged.0).unwrap();
    assert!(!covered((unchanged.page, unchanged.y_max)), "an unchanged row is marked");
    let bar_height: f64 = bars.iter().map(|(_, b)| b[3] - b[1]).sum();
    assert!(bar_height < 40.0 * 14.0, "{bar_height} pt of bars: more than the changed lines");
    // The tags say it too: one "Ändrat" per changed part, as the web page.
    let alt = alt_texts(&pdf_path).iter().filter(|a| a.as_str() == "Ändrat").count();
    let web = html.matches("<ins class=\"andrad\">").count()
        + html.matches("<ins class=\"visuellt-dold\">Ändrat: </ins>").count();
    assert_eq!(alt, web, "the PDF and the web page mark as many parts");
    assert!(web >= 3, "{web}");
    // On the web: the changed paragraph and rows, no heading, and the
    // change list in the contents.
    let marked = html.split("<ins class=\"andrad\">").nth(1).unwrap();
    assert!(marked[..marked.find("</ins>").unwrap()].contains("arbetar nu utifrån"));
    assert!(
        !html.contains("<h2 id=\"avsnitt-2\" class=\"andrad\">") && !html.contains(" class=\"andrad\">2 ")
    );
    assert_eq!(html.matches(" andrad-del\"><th scope=\"row\"").count(), 2, "the two rows are marked");
    let nav = &html[html.find("<nav").unwrap()..html.find("</nav>").unwrap()];
    assert!(nav.contains("href=\"#andringar\""));
}

#[test]
fn changed_intakter_are_listed_signed_as_their_table_shows_them() {
    // A budget that shows intäkter negative lists them negative too.
    let earlier = include_str!("../examples/kultur-och-fritid-2021.yaml");
    let current = earlier.replacen("            belopp: 7300\n", "            belopp: 7800\n", 1).replacen(
        "belopp: 101400",
        "belopp: 100900",
        1,
    );
    assert_ne!(current, earlier);
    let (_, lines) = compare_both(&current, earlier);
    let has = |row: &str| lines.iter().any(|l| l == row);
    assert!(has("Taxor och avgifter −7 300 −7 800 −500"), "{}", lines.join("\n"));
    // The table shows the same signs.
    assert!(
        lines.iter().any(|l| l.starts_with("Taxor och avgifter −6 850 −7 100 −7 800")),
        "{}",
        lines.join("\n")
    );
}
