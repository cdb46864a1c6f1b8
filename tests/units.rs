//! End-to-end: budgets in mnkr (or kr) with decimals, as municipalities
//! print them. The figures are read back from the PDF and the web page;
//! sums stay exact; a figure with more decimals than its budget shows is a
//! located error; quotes convert between units; a report follows the plan's
//! unit.

mod common;

use std::path::{Path, PathBuf};

use common::*;

const EXAMPLE: &str = "examples/socialnamnden-2022.yaml";

/// The example in mnkr, edited by `edit`, written into `dir`.
fn edited(dir: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let text = std::fs::read_to_string(root().join(EXAMPLE)).unwrap();
    let path = dir.join("plan.yaml");
    std::fs::write(&path, edit(text)).unwrap();
    path
}

fn check(plan: &Path) -> (bool, String) {
    let out = vplan(&["check", plan.to_str().unwrap(), "--color", "never"]);
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_budget_in_mnkr_prints_every_figure_with_one_decimal_and_sums_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, html) = both(dir.path(), &root().join(EXAMPLE), &[]);
    let layout = pdf_text(&pdf, true).replace('\u{a0}', " ");
    // Entered as 148.6 and "312,4"; summed, never through floats.
    row(&layout, "Hemtjänst", &["+4,7", "+3,3"]);
    row(&layout, "Särskilt boende", &["+6,3", "+2,1"]);
    row(&layout, "Summa äldreomsorg", &["+10,6", "+2,3"]);
    row(&layout, "Nettokostnad", &["+15,7", "+2,0"]);
    // Negative figures and a negative change carry the minus sign.
    row(&layout, "Dagverksamhet", &["−0,4", "−4,7"]);
    row(&layout, "Resultat", &["−3,2", "0,0", "0,0", "0,0", "0,0", "0,0", "–"]);
    // The unit heads the first column, and names the chart's figures.
    assert!(layout.lines().any(|l| l.trim() == "mnkr" || l.trim_start().starts_with("mnkr ")), "{layout}");
    assert!(layout.contains("469,1 mnkr (58 %)"), "{layout}");
    assert!(layout.contains("Budget 2022, mnkr"), "{layout}");
    // Prose quotes in mnkr, and converted exactly to tkr.
    let text = squash(&pdf_text(&pdf, false));
    for quoted in ["nettokostnadbudgeterastill802,7mnkr", "med15,7mnkr(2,0%)", "312,4mnkr(312400tkr)"] {
        assert!(text.contains(quoted), "{quoted}");
    }
    // A tabell of decimal-comma cells sums them exactly.
    row(&layout, "Summa", &["26,6", "27,1"]);
    // The web page shows the same figures in the same unit.
    let page = html_text(&std::fs::read_to_string(&html).unwrap()).replace('\u{a0}', " ");
    for figure in ["802,7", "469,1", "−3,2", "+15,7", "26,6", "469,1 mnkr (58 %)"] {
        assert!(page.contains(figure), "the web page lacks {figure}");
    }
    assert!(page.contains("<th scope=\"col\">mnkr</th>") || page.contains(" mnkr "), "{page}");
}

#[test]
fn a_figure_with_more_decimals_than_its_budget_shows_is_refused_where_it_stands() {
    let dir = tempfile::tempdir().unwrap();
    let plan = edited(dir.path(), |t| t.replace("belopp: 148.6", "belopp: 148.65"));
    let (ok, stderr) = check(&plan);
    assert!(!ok);
    assert!(stderr.contains(&format!("plan.yaml:{}:21", line_of("belopp: 148.6"))), "{stderr}");
    assert!(stderr.contains("148.65 cannot be a figure of this budget"), "{stderr}");
    assert!(stderr.contains("round `belopp` to one decimal, or give the budget `decimaler: 2`"), "{stderr}");
    // One mistake, one error: nothing summed from it is reported as well.
    assert!(stderr.contains("has 1 problem"), "{stderr}");

    // A figure with decimals in a budget of whole tkr points at `enhet`.
    let plan = edited(dir.path(), |t| t.replacen("    enhet: mnkr\n", "", 1));
    let (ok, stderr) = check(&plan);
    assert!(!ok && stderr.contains("or `enhet: mnkr`"), "{stderr}");

    // Not a figure at all.
    let plan = edited(dir.path(), |t| t.replace("belopp: \"312,4\"", "belopp: \"312,4 mnkr\""));
    let (ok, stderr) = check(&plan);
    assert!(!ok && stderr.contains("is not a figure: write digits with a decimal comma"), "{stderr}");
    assert!(stderr.contains(&format!("plan.yaml:{}:21", line_of("belopp: \"312,4\""))), "{stderr}");

    // A stated total is checked in the budget's unit.
    let plan = edited(dir.path(), |t| t.replace("summa: 469.1", "summa: 469.2"));
    let (ok, stderr) = check(&plan);
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains(
            "the stated summa 469,2 mnkr does not match the computed 469,1 mnkr (148,6 + 312,4 + 8,1)"
        ),
        "{stderr}"
    );
}

#[test]
fn quotes_convert_between_units_exactly_or_rounded_half_away_from_zero() {
    let dir = tempfile::tempdir().unwrap();
    // In kronor and in tkr from a budget in mnkr: exact.
    let plan = edited(dir.path(), |t| {
        t.replace(
            "Personalkostnaderna är {mnkr:personal} mnkr.",
            "Personalkostnaderna är {mnkr:personal} mnkr, {tkr:personal} tkr eller {kr:personal} kronor.",
        )
    });
    let (_d, pdf, _) = build_in_temp_path(&plan);
    let text = squash(&pdf_text(&pdf, false));
    assert!(text.contains("598,4mnkr,598400tkreller598400000kronor"), "{text}");

    // In mnkr from a budget in tkr: one decimal, rounded.
    let kultur = std::fs::read_to_string(root().join("examples/kultur-och-fritid-2021.yaml")).unwrap();
    let kultur = kultur.replace(
        "Bidragen\n            uppgår till {kr:foreningsbidrag} kronor år 2021.",
        "Bidragen\n            uppgår till {mnkr:foreningsbidrag} mnkr år 2021.",
    );
    assert!(kultur.contains("{mnkr:foreningsbidrag}"));
    let plan = dir.path().join("kultur.yaml");
    std::fs::write(&plan, kultur).unwrap();
    let (_d, pdf, _) = build_in_temp_path(&plan);
    // 10 450 tkr is 10,45 mnkr: 10,5 with one decimal.
    assert!(squash(&pdf_text(&pdf, false)).contains("uppgårtill10,5mnkrår2021"));
}

#[test]
fn a_report_of_a_plan_in_mnkr_takes_its_outcomes_in_mnkr() {
    let dir = tempfile::tempdir().unwrap();
    let plan = root().join(EXAMPLE);
    let report = |utfall: &str| {
        let path = dir.path().join("rapport.yaml");
        std::fs::write(
            &path,
            format!(
                "plan: {}\nrapport:\n  typ: verksamhetsberättelse\n  datum: 2023-02-15\nutfall:\n{utfall}mål: {{}}\nkapitel:\n  - titel: Ekonomi\n    innehåll:\n      - stycke: Hemtjänsten kostade {{utfall:hemtjanst}} mnkr, {{avvikelse:hemtjanst}} mnkr mot budget.\n      - budgettabell: {{budget: driftbudget}}\n",
                plan.display()
            ),
        )
        .unwrap();
        path
    };
    let path = report("  hemtjanst: 150.1\n  sarskilt-boende: \"310,0\"\n");
    let pdf = dir.path().join("rapport.pdf");
    build(&path, &pdf, &[]);
    let text = squash(&pdf_text(&pdf, false));
    assert!(text.contains("Hemtjänstenkostade150,1mnkr,−1,5mnkrmotbudget"), "{text}");
    let layout = pdf_text(&pdf, true).replace('\u{a0}', " ");
    // Budget, utfall, avvikelse (positive when better), avvikelse %.
    row(&layout, "Särskilt boende", &["312,4", "310,0", "+2,4", "+0,8"]);

    // An outcome with more decimals than the budget shows is refused where it stands.
    let path = report("  hemtjanst: 150.15\n");
    let (ok, stderr) = check(&path);
    assert!(!ok, "{stderr}");
    assert!(stderr.contains("rapport.yaml:6:14"), "{stderr}");
    assert!(
        stderr.contains(
            "the utfall 150.15 of `hemtjanst` has more decimals than the budget `driftbudget` shows"
        )
    );
}

#[test]
fn changed_lines_of_a_budget_in_mnkr_are_listed_in_tkr() {
    let dir = tempfile::tempdir().unwrap();
    let earlier = edited(dir.path(), |t| {
        t.replace("belopp: 24.9", "belopp: 24.4").replace("belopp: 802.7", "belopp: 802.2")
    });
    let earlier_path = dir.path().join("tidigare.yaml");
    std::fs::rename(&earlier, &earlier_path).unwrap();
    let pdf = dir.path().join("plan.pdf");
    build(&root().join(EXAMPLE), &pdf, &["--draft", "--compare-to", earlier_path.to_str().unwrap()]);
    let layout = pdf_text(&pdf, true).replace('\u{a0}', " ");
    // Öppenvård 24,4 → 24,9 mnkr is 24 400 → 24 900 tkr.
    row(&layout, "Öppenvård", &["24", "400", "24", "900", "+500"]);
}

/// The line of the example where `needle` first stands.
fn line_of(needle: &str) -> usize {
    let text = std::fs::read_to_string(root().join(EXAMPLE)).unwrap();
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

/// Asserts that a line of the laid-out text starts with `name` and ends
/// with `figures`, in order, apart by spaces.
fn row(layout: &str, name: &str, figures: &[&str]) {
    let found = layout.lines().any(|line| {
        let line = line.trim();
        let Some(rest) = line.strip_prefix(name) else { return false };
        let words: Vec<&str> = rest.split_whitespace().collect();
        words.ends_with(figures)
    });
    assert!(found, "no row `{name} … {}` in:\n{layout}", figures.join(" "));
}

/// Builds a plan at any path into a fresh folder.
fn build_in_temp_path(plan: &Path) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    let stdout = build(plan, &pdf, &[]);
    (dir, pdf, stdout)
}
