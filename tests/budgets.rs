//! End-to-end: budgets with columns (intäkter, kostnader, nettokostnad,
//! funding, result; bokslut, budget and plan years; the change in tkr and
//! %), general tables, numbered lists, and prose that quotes every figure.

mod common;

use common::*;

const EXAMPLE: &str = include_str!("../examples/kultur-och-fritid-2021.yaml");

/// The rows of the hand-worked fixture: name and figures.
fn expected_rows() -> Vec<(String, Vec<String>)> {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/kultur-och-fritid-2021.rows.txt")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut cells = l.split(" | ").map(str::to_string);
            (cells.next().unwrap(), cells.collect())
        })
        .collect()
}

#[test]
fn every_figure_of_the_third_example_is_on_its_row() {
    let (_dir, pdf, _) = build_in_temp("examples/kultur-och-fritid-2021.yaml", &[]);
    let layout = pdf_text(&pdf, true);
    let lines: Vec<String> = layout.lines().map(words).collect();
    let rows = expected_rows();
    assert!(rows.len() >= 19, "the fixture is read");
    for (name, figures) in rows {
        let row = words(&format!("{name} {}", figures.join(" ")));
        assert!(lines.contains(&row), "no row `{row}` in the PDF:\n{}", lines.join("\n"));
    }
}

#[test]
fn prose_quotes_totals_earlier_years_changes_and_percentages() {
    let (_dir, pdf, _) = build_in_temp("examples/kultur-och-fritid-2021.yaml", &[]);
    // Squashed: line ends hyphenate words ("kostna-der") and move spaces.
    let text = squash(&body_text(&pdf_text(&pdf, false)));
    for sentence in [
        // A total, its change (absolute) and its percentage.
        "Nämndens nettokostnad ökar med 2 500 tkr (2,5 %) till 101 400 tkr.",
        // A subtotal as entered (positive though shown negative), its signed change.
        "Intäkterna beräknas till 16 550 tkr, vilket är 600 tkr mer än i budget 2020",
        // A negative change as an absolute value, in tkr and in per cent.
        "Övriga kostnader minskar med 200 tkr (1,6 %).",
        // The funding and the result, a bokslut column and the plan years.
        "Kommunbidraget är 101 400 tkr,1 vilket ger ett resultat på 0 tkr.",
        "nettokostnad på 95 420 tkr och ett resultat på 680 tkr.",
        "104 100 tkr år 2022 och 106 400 tkr år 2023.",
        // Kronor, and an investment total in two columns.
        "Bidragen uppgår till 10 450 000 kronor år 2021.",
        "Investeringarna uppgår till 7 050 tkr år 20211, varav",
        "Under planåren minskar de till 3 050 tkr och 1 600 tkr.",
        "att överlämna investeringsbudgeten på 7 050 tkr till kommunstyrelsen.",
    ] {
        assert!(text.contains(&squash(sentence)), "no `{sentence}` in:\n{text}");
    }
    // A footnote referred to twice is one note: both marks show its number 1.
    let note = squash("1 Kommunfullmäktige beslutade om nämndens ram");
    assert_eq!(text.matches(&note).count(), 1, "the note is printed once");
    assert!(!text.contains(&squash("2 Kommunfullmäktige")), "no second note");
    // The decision clauses are a numbered list.
    let layout = pdf_text(&pdf, true);
    assert!(layout.contains("1. att fastställa verksamhetsplan"), "{layout}");
    assert!(layout.contains("3. att överlämna"), "{layout}");
}

#[test]
fn the_new_tables_are_tagged_with_header_cells_and_captions() {
    let (_dir, pdf, _) = build_in_temp("examples/kultur-och-fritid-2021.yaml", &[]);
    let qdf = unpacked(&pdf);
    assert!(qdf.contains("<pdfaid:conformance>A</pdfaid:conformance>") && qdf.contains("<pdfuaid:part>1"));
    assert!(qdf.matches("/S /Table").count() >= 5, "five tables");
    assert!(qdf.contains("/Scope /Column") && qdf.contains("/S /Caption"));
    assert!(qdf.contains("/S /L") && qdf.contains("/S /LI"), "the numbered list is tagged as a list");
}

/// `check` on the example with one replacement: the messages it prints,
/// which must locate the problem on the line of the replacement's first
/// line that holds `at` (its first line when `at` is empty).
fn check_with(from: &str, to: &str) -> String {
    check_at(from, to, "")
}

fn check_at(from: &str, to: &str, at: &str) -> String {
    let start = EXAMPLE.find(from).unwrap_or_else(|| panic!("the example has `{from}`"));
    let yaml = EXAMPLE.replacen(from, to, 1);
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, &yaml).unwrap();
    let output = vplan(&["check", plan.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let skip = to.len() - to.trim_start().len();
    let offset = start + skip + to.trim_start().find(at).unwrap();
    let line = yaml[..offset].matches('\n').count() + 1;
    assert!(stderr.contains(&format!("plan.yaml:{line}:")), "not located on line {line}:\n{stderr}");
    stderr
}

#[test]
fn a_result_that_is_not_what_the_plan_states_is_located() {
    // Located at the figure the plan states for it.
    let err = check_at(
        "      belopp: 101400\n      värden: {bokslut 2019: 96100, budget 2020: 98900, plan 2022: 104100, plan 2023: 106400}\n    resultat: {namn: Resultat, id: resultat, ska_vara: 0}",
        "      belopp: 101000\n      värden: {bokslut 2019: 96100, budget 2020: 98900, plan 2022: 104100, plan 2023: 106400}\n    resultat: {namn: Resultat, id: resultat, ska_vara: 0}",
        "resultat:",
    );
    assert!(err.contains("Resultat is −400 tkr in budget 2021, not 0 tkr"), "{err}");
    assert_eq!(err.matches("error:").count(), 2, "one error and the summary: {err}");
}

#[test]
fn unknown_columns_are_located_with_the_columns_that_exist() {
    let err =
        check_with("bokslut 2019, budget 2020, budget 2021,", "boksltu 2019, budget 2020, budget 2021,");
    assert!(err.contains("`boksltu 2019` is not a column vplan knows"), "{err}");
    let err = check_with("värden: {bokslut 2019: 6850,", "värden: {bokslut 2018: 6850,");
    assert!(err.contains("`bokslut 2018` is not a column of figures of this budget"), "{err}");
    assert!(err.contains("bokslut 2019, budget 2020, budget 2021, plan 2022"), "{err}");
    let err = check_with("{tkr:nettokostnad@plan 2023}", "{tkr:nettokostnad@plan 2024}");
    assert!(err.contains("the budget `driftbudget` has no column `plan 2024`"), "{err}");
}

#[test]
fn a_percentage_of_a_zero_base_is_a_located_error_in_prose_and_a_dash_in_tables() {
    let err = check_with("({procent:ovriga|abs})", "({procent:resultat})");
    assert!(err.contains("cannot be given in per cent"), "{err}");
    // In the table the Resultat row shows "–" for it (see the rows fixture).
    let rows = expected_rows();
    assert!(rows.iter().any(|(n, f)| n == "Resultat" && f.last().map(String::as_str) == Some("–")));
}

#[test]
fn a_line_without_figure_or_breakdown_is_located() {
    let err = check_at(
        "          - id: lokaler\n            namn: Lokalkostnader\n            belopp: 33050\n            värden: {bokslut 2019: 31460, budget 2020: 32200, plan 2022: 33800, plan 2023: 34600}\n",
        "          - id: lokaler\n            namn: Lokalkostnader\n",
        "namn",
    );
    assert!(err.contains("`Lokalkostnader` has no figures"), "{err}");
    // One mistake, one error: what quotes the budget is not reported too.
    assert_eq!(err.matches("error:").count(), 2, "one error and the summary: {err}");
}

#[test]
fn ids_are_unique_across_budgets_and_unknown_ones_list_the_known() {
    let err = check_at("      - id: badplatser\n", "      - id: lokaler\n", "lokaler");
    assert!(err.contains("the budget id `lokaler` is used twice"), "{err}");
    let err = check_with("{tkr:konstgras}", "{tkr:konstgräs}");
    assert!(err.contains("no budget line with id `konstgräs`") && err.contains("konstgras"), "{err}");
}

#[test]
fn a_missing_figure_is_a_dash_and_sums_over_it_are_dashes_too() {
    // Prose cannot say "–": the sentences quoting the bokslut go.
    let yaml = EXAMPLE
        .replacen("{bokslut 2019: 6850, ", "{", 1)
        .replace("{tkr:nettokostnad@bokslut 2019}", "okänt")
        .replace("{tkr:resultat@bokslut 2019}", "okänt");
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, &yaml).unwrap();
    let pdf = dir.path().join("plan.pdf");
    build(&plan, &pdf, &[]);
    let lines: Vec<String> = pdf_text(&pdf, true).lines().map(words).collect();
    for row in [
        "Taxor och avgifter – −7 100 −7 300 −7 450 −7 600 −200 −2,8",
        "Summa intäkter – −15 950 −16 550 −16 300 −16 550 −600 −3,8",
        "Nettokostnad – 98 900 101 400 104 100 106 400 +2 500 +2,5",
        "Resultat – 0 0 0 0 0 –",
    ] {
        assert!(lines.iter().any(|l| l == row), "no row `{row}`:\n{}", lines.join("\n"));
    }
    // With `saknade_som_noll` the missing figure counts as 0.
    let yaml =
        yaml.replacen("    intäkter: negativa\n", "    intäkter: negativa\n    saknade_som_noll: true\n", 1);
    std::fs::write(&plan, &yaml).unwrap();
    build(&plan, &pdf, &[]);
    let lines: Vec<String> = pdf_text(&pdf, true).lines().map(words).collect();
    let row = "Summa intäkter −9 330 −15 950 −16 550 −16 300 −16 550 −600 −3,8";
    assert!(lines.iter().any(|l| l == row), "no row `{row}`:\n{}", lines.join("\n"));
}

#[test]
fn new_year_moves_the_columns_and_their_figures_on() {
    let dir = tempfile::tempdir().unwrap();
    let next = dir.path().join("plan-2022.yaml");
    let output = vplan(&["new-year", "examples/kultur-och-fritid-2021.yaml", "-o", next.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let yaml = std::fs::read_to_string(&next).unwrap();
    assert!(yaml.contains(
        "kolumner: [bokslut 2020, budget 2021, budget 2022, plan 2023, plan 2024, förändring, förändring %]"
    ));
    assert!(yaml.contains("planperiod: 2022–2024") && !yaml.contains("KFN 2020/87"));
    // This year's budget is last year's; the first plan year is the new budget.
    assert!(
        yaml.contains("belopp: 7450\n            värden: {budget 2021: 7300, plan 2023: 7600}"),
        "{yaml}"
    );
    // The outcome of 2020 and the plan for 2024 are not known yet: prose
    // quoting them is refused, each located, until they are written in.
    let output = vplan(&["check", next.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr.contains("has no figure in the column `bokslut 2020`"), "{stderr}");
    assert!(stderr.contains("has no figure in the column `plan 2024`"), "{stderr}");
    let yaml = yaml
        .replace("{tkr:nettokostnad@bokslut 2020}", "okänt")
        .replace("{tkr:resultat@bokslut 2020}", "okänt")
        .replace("{tkr:nettokostnad@plan 2024}", "okänt")
        .replace("{tkr:investeringar@plan 2024}", "okänt");
    std::fs::write(&next, yaml).unwrap();
    let pdf = dir.path().join("plan.pdf");
    build(&next, &pdf, &[]);
    let lines: Vec<String> = pdf_text(&pdf, true).lines().map(words).collect();
    for row in [
        "Taxor och avgifter – −7 300 −7 450 −7 600 – −150 −2,1",
        "Nettokostnad – 101 400 104 100 106 400 – +2 700 +2,7",
        "Konstgräsplan Norrvallen 1 200 0 –",
    ] {
        assert!(lines.iter().any(|l| l == row), "no row `{row}`:\n{}", lines.join("\n"));
    }
}
