//! End-to-end: charts drawn from the budget carry a text alternative,
//! written from the same figures, in the PDF's structure tree and on the
//! web page; a bad chart request is a located error.

mod common;

use common::*;

const KUNGSBACKA: &str = include_str!("../examples/kungsbacka-2021.yaml");

fn build_yaml(yaml: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, yaml).unwrap();
    let pdf = dir.path().join("plan.pdf");
    build(&plan, &pdf, &[]);
    (dir, pdf)
}

#[test]
fn each_chart_has_a_text_alternative_with_every_value() {
    let (_dir, pdf) = build_yaml(KUNGSBACKA);
    let alts = alt_texts(&pdf);
    let split = alts.iter().find(|a| a.contains("Budget 2021 per kontoklass")).expect("the chart's alt text");
    for value in ["Intäkter 0 tkr (0\u{a0}%)", "777 tkr (66\u{a0}%)", "404 tkr (34\u{a0}%)"] {
        assert!(split.contains(value), "no `{value}` in `{split}`");
    }
    assert!(split.starts_with("Stapeldiagram"), "{split}");
    let funds = alts.iter().find(|a| a.contains("Utvecklingsmedel per område")).expect("the second chart");
    for value in ["205 tkr (62\u{a0}%)", "110 tkr (33\u{a0}%)", "15 tkr (5\u{a0}%)"] {
        assert!(funds.contains(value), "no `{value}` in `{funds}`");
    }
    // The labels are printed beside the bars, so colour carries nothing alone.
    let text = words(&pdf_text(&pdf, true));
    assert!(text.contains("777 tkr (66 %)") && text.contains("404 tkr (34 %)"), "no bar labels");
}

#[test]
fn comparisons_and_developments_name_their_columns() {
    let (_dir, pdf, _) = build_in_temp("examples/kultur-och-fritid-2021.yaml", &[]);
    let alts = alt_texts(&pdf);
    let compare =
        alts.iter().find(|a| a.contains("Kostnader, budget 2020 och budget 2021")).expect("comparison");
    assert!(
        compare.contains("Personalkostnader Budget 2020: 60\u{a0}100 tkr, Budget 2021: 62\u{a0}300 tkr"),
        "{compare}"
    );
    let develop = alts.iter().find(|a| a.contains("Nettokostnad 2019–2023")).expect("development");
    for value in
        ["Bokslut 2019 95\u{a0}420 tkr", "Budget 2021 101\u{a0}400 tkr", "Plan 2023 106\u{a0}400 tkr"]
    {
        assert!(develop.contains(value), "no `{value}` in `{develop}`");
    }
}

#[test]
fn one_changed_amount_changes_the_bar_its_label_and_the_alternative() {
    let changed =
        KUNGSBACKA.replacen("belopp: 734", "belopp: 834", 1).replacen("summa: 1181", "summa: 1281", 1);
    let (_dir, pdf) = build_yaml(&changed);
    let split = alt_texts(&pdf).into_iter().find(|a| a.contains("per kontoklass")).unwrap();
    assert!(split.contains("877 tkr (68\u{a0}%)") && split.contains("404 tkr (32\u{a0}%)"), "{split}");
    let text = words(&pdf_text(&pdf, true));
    assert!(text.contains("877 tkr (68 %)"), "the bar's label did not change");
    // The page holds the same alternative.
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, &changed).unwrap();
    let html = dir.path().join("plan.html");
    let output = vplan(&["build", plan.to_str().unwrap(), "--format", "html", "-o", html.to_str().unwrap()]);
    assert!(output.status.success());
    assert!(std::fs::read_to_string(html).unwrap().contains("877 tkr (68\u{a0}%)"));
}

fn check_fails(yaml: &str, needle: &str) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, yaml).unwrap();
    let output = vplan(&["check", plan.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(needle) && stderr.contains("plan.yaml:"), "no `{needle}` in {stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn bad_chart_requests_are_located_errors() {
    let chart = "      - diagram: {typ: fördelning, bildtext: \"Budget 2021 per kontoklass\", tabell: false}";
    assert!(KUNGSBACKA.contains(chart));
    check_fails(
        &KUNGSBACKA.replacen(chart, "      - diagram: {typ: fördelning, post: saknas}", 1),
        "no budget line with id `saknas`",
    );
    check_fails(
        &KUNGSBACKA.replacen(chart, "      - diagram: {typ: utveckling}", 1),
        "a development needs a budget with columns",
    );
    check_fails(
        &KUNGSBACKA.replacen(chart, "      - diagram: {typ: jämförelse}", 1),
        "a comparison needs last year's figures",
    );
    check_fails(
        &KUNGSBACKA.replacen(chart, "      - diagram: {typ: fördelning, post: utvecklingsdag}", 1),
        "no budget line with id",
    );
    let zero = KUNGSBACKA.replacen(chart, "      - diagram: {typ: fördelning, post: intakter}", 1);
    check_fails(&zero, "`intakter` has no fördelning to chart");
    let all_zero = KUNGSBACKA
        .replacen("belopp: 734", "belopp: 0", 1)
        .replacen("belopp: 43", "belopp: 0", 1)
        .replacen("summa: 777", "summa: 0", 1)
        .replacen("summa: 1181", "summa: 404", 1)
        .replacen(chart, "      - diagram: {typ: fördelning, post: personalkostnader}", 1);
    check_fails(&all_zero, "every figure of this chart is 0");
}
