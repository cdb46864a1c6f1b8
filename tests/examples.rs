//! End-to-end: build the example plans with the binary and read the PDFs back.

mod common;

use common::*;

#[test]
fn kungsbacka_2021_has_every_paragraph_of_the_seed_in_order() {
    let (_dir, pdf, stdout) = build_in_temp("examples/kungsbacka-2021.yaml", &[]);
    assert!(stdout.contains("plan.pdf") && stdout.contains("pages"), "{stdout}");
    assert_in_order(&pdf_text(&pdf, false), &paragraphs("kungsbacka-2021.paragraphs.txt"));
}

#[test]
fn kungsbacka_2021_has_every_figure_of_the_seed_budget() {
    let (_dir, pdf, _) = build_in_temp("examples/kungsbacka-2021.yaml", &[]);
    let layout = pdf_text(&pdf, true);
    for (name, figure) in [
        ("Intäkter", "0"),
        ("Personalkostnader (arvode för nämndens politiker)", "777"),
        ("Summa", "1 181"),
        ("Arvode; nämndssammanträden och fasta kostnader", "734"),
        ("Arvode, rörligt; kurs, konferens och verksamhet", "43"),
        ("Summa", "777"),
        ("Utvecklingsmedel", "330"),
        ("Kurs och konferens", "50"),
        ("Övrigt", "24"),
        ("Summa", "404"),
        ("Kunskapsuppdraget (KUpp), Tillit, projektanställning", "100"),
        ("Kunskapsuppdraget (KUpp), Tillit, övriga kostnader", "20"),
        ("Att leda in i framtiden, fysiskt arrangemang", "25"),
        ("Att leda in i framtiden, tillägg för digitalt arrangemang", "10"),
        ("Insatser för en jämlik hälsa", "50"),
        ("Föräldrastöd", "50"),
        ("Barn och ungas hälsa", "35"),
        ("Främjande arbete med skolan som arena", "25"),
        ("Utvecklingsdag/-ar", "15"),
        ("Summa", "330"),
    ] {
        assert_row(&layout, name, figure);
    }
    // The kontoklass "Övriga driftkostnader (…)" wraps over two lines; its
    // figure stands beside it.
    let text = layout.replace('\u{a0}', " ");
    let at = text.find("Övriga driftkostnader (utvecklingsmedel").expect("kontoklass row");
    let row = words(&text[at..text.ceil_char_boundary(at + 400)]);
    assert!(row.contains(" 404 "), "{row}");
}

#[test]
fn kungsbacka_2021_reads_as_an_official_plan() {
    let (_dir, pdf, _) = build_in_temp("examples/kungsbacka-2021.yaml", &[]);
    let text = words(&pdf_text(&pdf, false));
    for needle in [
        "Region Halland",
        "Lokal nämnd Kungsbacka",
        "Verksamhetsplan med budget 2021",
        "9 december 2020",
        "Innehåll",
        "1 Inledning",
        "2 Verksamhetens uppdrag",
        "3 Målstyrning",
        "3.1 Stärkt delaktighet",
        "3.1.1.1 Förbättra barn och ungas livsvillkor",
        "3.3.1 Fortsätta arbetet",
        "4 Kvalitetsstyrning",
        "5 Ekonomistyrning",
        "Fokusområde",
        "Regiongemensamma uppdrag",
        "Förvaltningens uppdrag / deluppdrag",
        "Sida 1",
        "Sida 3 av",
    ] {
        assert!(text.contains(needle), "missing `{needle}`");
    }
    // Amounts in prose come from the budget, in kronor.
    assert!(text.contains("avser 734 000 de"), "prose amount");
}

#[test]
fn hostile_text_is_printed_literally() {
    let (_dir, pdf, _) = build_in_temp("tests/fixtures/render/fientlig-text.yaml", &[]);
    // Compared without whitespace: pdftotext drops the narrow spaces between
    // punctuation ("] ) }" comes back as "])}").
    let text = squash(&pdf_text(&pdf, false));
    for needle in [
        "#set text(red) \"quoted\" \\ back",
        "Nämnd {{ namnd }} {% if x %}",
        "*bold* _em_ `raw` $x^2$",
        "= Rubrik <label> @ref",
        "- list + enum 1. num // comment /* block */ ] [ # tab",
        "#panic(\"boom\") #include \"/etc/passwd\" #read(\"x\")",
        "] ) } ;",
        "\\\" escaped quote",
        "line breakform feed",
        "#heading[x] {kr}",
    ] {
        assert!(text.contains(&squash(needle)), "missing `{needle}` in:\n{text}");
    }
}

#[test]
fn lokal_namnd_2020_has_every_paragraph_of_the_seed_in_order() {
    let (_dir, pdf, _) = build_in_temp("examples/lokal-namnd-2020.yaml", &[]);
    assert_in_order(&pdf_text(&pdf, false), &paragraphs("lokal-namnd-2020.paragraphs.txt"));
}

#[test]
fn lokal_namnd_2020_has_its_own_structure_and_budget() {
    let (_dir, pdf, _) = build_in_temp("examples/lokal-namnd-2020.yaml", &[]);
    let layout = pdf_text(&pdf, true);
    for (name, figure) in [
        ("Intäkter", "0"),
        ("Personalkostnader (politiker)", "688"),
        ("Övriga driftkostnader", "368"),
        ("Summa", "1 056"),
    ] {
        assert_row(&layout, name, figure);
    }
    let text = words(&pdf_text(&pdf, false));
    for needle in [
        "Planperiod 2020–2022",
        "2 Vision och värdegrund",
        "3 Nämndens uppdrag",
        "4 Regionfullmäktiges fokusområden",
        "4.1.1 Verka för jämlik hälsa genom långsiktigt hälsofrämjande arbete (Nämndens egna uppdrag)",
        "4.1.2 Hållbar samhällsplanering för ett attraktivt Halland (Regiongemensamt uppdrag)",
        "4.1.2.1 Bidra till en hållbar samhällsplanering (Nämndens egna uppdrag)",
        "4.3.1 Arbeta aktivt med Regionkontorets effektiviseringskrav (Regiongemensamt uppdrag)",
        "5 Internbudget",
        "5.1 Driftbudget",
        "Budget 2020 i tkr",
        // The footnote: its mark after "alla", its text at the foot of the page.
        "hur alla1 som bor",
        "1Med alla hallänningar menas",
        // The bullet list.
        "• genom sitt arbete med inventeringar",
        "• medverka till lokal förankring",
    ] {
        assert!(text.contains(needle), "missing `{needle}` in:\n{text}");
    }
    // No overview table and no "Beskrivning" headings in this structure.
    assert!(!text.contains("Fokusområde") && !text.contains("Beskrivning"));
}
