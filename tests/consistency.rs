//! End-to-end: a rule holds alike for both budget formats (`budget`,
//! `budgetar`) and both document kinds (plan, follow-up report), and what
//! a new user's trial of the follow-up and the markup broke stays mended.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// A plan in one budget format, with the block it holds in place of which.
struct Format {
    name: &'static str,
    plan: &'static str,
    block: &'static str,
    /// A line with a breakdown, and one without.
    grouped: &'static str,
    single: &'static str,
    /// What `budgettabell` and `diagram` take to name the budget.
    budget: &'static str,
}

const FORMATS: [Format; 2] = [
    Format {
        name: "budget",
        plan: "examples/kungsbacka-2021.yaml",
        block: "      - fördelning: {post: utvecklingsmedel}\n",
        grouped: "utvecklingsmedel",
        single: "arvode-fast",
        budget: "",
    },
    Format {
        name: "budgetar",
        plan: "examples/kultur-och-fritid-2021.yaml",
        block: "            - fördelning: {post: kostnader, bildtext: \"Kostnader 2021, fördelning\"}\n",
        grouped: "kostnader",
        single: "taxor",
        budget: "budget: driftbudget, ",
    },
];

/// The plan of `format` with `block` in place of its breakdown block,
/// written into `dir`.
fn plan_with(dir: &Path, format: &Format, block: &str) -> PathBuf {
    let text = std::fs::read_to_string(root().join(format.plan)).unwrap();
    assert!(text.contains(format.block), "{}: the block to replace is there", format.name);
    let indent = &format.block[..format.block.find('-').unwrap()];
    let path = dir.join("plan.yaml");
    std::fs::write(&path, text.replacen(format.block, &format!("{indent}- {block}\n"), 1)).unwrap();
    path
}

/// A report of the unchanged plan of `format` holding `block`, in `dir`.
fn report_with(dir: &Path, format: &Format, block: &str) -> PathBuf {
    let plan = root().join(format.plan);
    let text = format!(
        "plan: {}\nrapport:\n  typ: verksamhetsberättelse\n  datum: 2022-02-15\nutfall: {{}}\nmål: {{}}\nkapitel:\n  - titel: Ekonomi\n    innehåll:\n      - {block}\n",
        plan.display()
    );
    let path = dir.join("rapport.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

/// The plan (`kind` "plan") or the report of it holding `block`, in `dir`.
fn file_with(kind: &str, dir: &Path, format: &Format, block: &str) -> PathBuf {
    match kind {
        "plan" => plan_with(dir, format, block),
        _ => report_with(dir, format, block),
    }
}

/// `vplan check` of a file: exit status 1 and the problem named, at the
/// block's line in the file that holds it.
fn refused(path: &Path, block: &str, needle: &str) -> Result<(), String> {
    let output = vplan(&["check", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let text = std::fs::read_to_string(path).unwrap();
    let line = text.lines().position(|l| l.contains(block)).unwrap() + 1;
    let place = format!("{}:{line}:", path.display());
    if output.status.code() == Some(1) && stderr.contains(needle) && stderr.contains(&place) {
        Ok(())
    } else {
        Err(format!("expected `{needle}` at {place}, got {:?}:\n{stderr}", output.status.code()))
    }
}

#[test]
fn every_breakdown_rule_holds_for_both_formats_and_both_kinds() {
    let mut failures = Vec::new();
    for format in &FORMATS {
        let cases = [
            (format!("fördelning: {{post: {}, nivåer: 0}}", format.grouped), "needs at least one level"),
            (format!("fördelning: {{post: {}}}", format.single), "has no fördelning to show"),
        ];
        for (block, problem) in &cases {
            for kind in ["plan", "report"] {
                let dir = tempfile::tempdir().unwrap();
                let path = file_with(kind, dir.path(), format, block);
                if let Err(e) = refused(&path, block, problem) {
                    failures.push(format!("{} × {kind} × `{block}`: {e}", format.name));
                }
            }
        }
        // And a breakdown that may be shown is shown, in both kinds.
        for kind in ["plan", "report"] {
            let dir = tempfile::tempdir().unwrap();
            let block = format!("fördelning: {{post: {}, nivåer: 1}}", format.grouped);
            let path = file_with(kind, dir.path(), format, &block);
            let output = vplan(&["check", path.to_str().unwrap()]);
            if !output.status.success() {
                failures.push(format!(
                    "{} × {kind}: `{block}` refused:\n{}",
                    format.name,
                    String::from_utf8_lossy(&output.stderr)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every block that shows the budget, each way it can go right or wrong:
/// the same problem (or none) for both formats in both document kinds.
#[test]
fn every_budget_block_is_checked_alike_for_both_formats_and_both_kinds() {
    let mut failures = Vec::new();
    for f in &FORMATS {
        let (b, g, s) = (f.budget, f.grouped, f.single);
        let cases: Vec<(String, Option<&str>)> = vec![
            (format!("budgettabell: {{{b}bildtext: B}}"), None),
            (format!("budgettabell: {{{b}nivåer: 2}}"), None),
            (format!("budgettabell: {{{b}nivåer: 0}}"), Some("needs at least one level")),
            (format!("fördelning: {{post: {g}}}"), None),
            (format!("fördelning: {{post: {g}, nivåer: 0}}"), Some("needs at least one level")),
            (format!("fördelning: {{post: {s}}}"), Some("has no fördelning to show")),
            ("fördelning: {post: okand}".into(), Some("no budget line with id `okand`")),
            (format!("medelsbeskrivningar: {g}"), None),
            ("medelsbeskrivningar: okand".into(), Some("no budget line with id `okand`")),
            (format!("stycke: \"{{tkr:{g}}} och {{kr:{s}}}\""), None),
            ("stycke: \"{tkr:okand}\"".into(), Some("no budget line with id `okand`")),
            (format!("diagram: {{{b}typ: fördelning, post: {g}}}"), None),
            (format!("diagram: {{{b}typ: fördelning, post: {s}}}"), Some("has no fördelning to chart")),
        ];
        for (block, problem) in &cases {
            for kind in ["plan", "report"] {
                let dir = tempfile::tempdir().unwrap();
                let path = file_with(kind, dir.path(), f, block);
                let outcome = match problem {
                    Some(problem) => refused(&path, block, problem),
                    None => {
                        let output = vplan(&["check", path.to_str().unwrap()]);
                        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
                        if output.status.success() { Ok(()) } else { Err(format!("refused:\n{stderr}")) }
                    }
                };
                if let Err(e) = outcome {
                    failures.push(format!("{} × {kind} × `{block}`: {e}", f.name));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A `budgetar` line is described, its breakdown's levels chosen, its
/// stated summa checked and an unknown id named without listing itself.
#[test]
fn budgetar_lines_take_what_budget_lines_take() {
    let dir = tempfile::tempdir().unwrap();
    let budget = "budgetar:\n  - id: drift\n    rubrik: Driftbudget\n    poster:\n      - id: personal\n        namn: Personal\n        summa: 30\n        fördelningsrubrik: Personal per slag\n        fördelning:\n          - {id: loner, namn: Löner, belopp: 20, beskrivning: [Fast anställda.]}\n          - {namn: Arvoden, belopp: 10}\n      - {id: lokaler, namn: Lokaler, belopp: 5}\n";
    let blocks = "kapitel:\n  - titel: Ekonomi\n    innehåll:\n      - budgettabell: {budget: drift, nivåer: 1}\n      - medelsbeskrivningar: drift\n";
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, format!("{DOKUMENT}{budget}{blocks}")).unwrap();
    // The budget's own id is its total, no line: said so, and the help
    // lists the lines, not `drift`.
    let output = vplan(&["check", plan.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("`drift` is a budget's total, not a line"), "{stderr}");
    assert!(stderr.contains("personal, loner, lokaler") && !stderr.contains("lokaler, drift"), "{stderr}");
    // With a line: its description, its lines' headings and descriptions.
    let text = format!(
        "{DOKUMENT}{budget}{}",
        blocks.replace("medelsbeskrivningar: drift", "medelsbeskrivningar: personal")
    );
    std::fs::write(&plan, &text).unwrap();
    let pdf = dir.path().join("plan.pdf");
    build(&plan, &pdf, &[]);
    let shown = words(&pdf_text(&pdf, false));
    // As for `budget`: a heading and the description of each of its lines.
    assert!(shown.contains("Summa 35 Löner Fast anställda."), "{shown}");
    // `nivåer: 1`: the breakdown's lines are not rows of the table.
    assert!(!shown.contains("Arvoden"), "{shown}");
    let all = text.replace("nivåer: 1", "nivåer: 2");
    std::fs::write(&plan, &all).unwrap();
    build(&plan, &pdf, &[]);
    assert!(words(&pdf_text(&pdf, false)).contains("Arvoden 10"));
    // Its breakdown table takes the caption the line gives it.
    let breakdown = text.replace("budgettabell: {budget: drift, nivåer: 1}", "fördelning: {post: personal}");
    std::fs::write(&plan, &breakdown).unwrap();
    build(&plan, &pdf, &[]);
    assert!(
        words(&pdf_text(&pdf, false))
            .contains("Personal per slag tkr Budget 2021 Löner 20 Arvoden 10 Summa 30")
    );
    // A stated summa that disagrees is refused where it stands.
    std::fs::write(&plan, text.replace("summa: 30", "summa: 31")).unwrap();
    let output = vplan(&["check", plan.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("plan.yaml:13:16") && stderr.contains("computed 30 tkr (20 + 10)"), "{stderr}");
}

#[test]
fn a_percentage_column_is_not_quoted_as_an_amount() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("examples/kultur-och-fritid-2021.yaml")).unwrap();
    let needle = "({procent:nettokostnad})";
    assert!(text.contains(needle));
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, text.replacen(needle, "({tkr:nettokostnad@förändring %} tkr)", 1)).unwrap();
    let output = vplan(&["check", plan.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("is a column of per cent") && stderr.contains("{procent:nettokostnad}"),
        "{stderr}"
    );
}

#[test]
fn two_goals_of_one_id_are_refused_where_the_second_stands() {
    let dir = tempfile::tempdir().unwrap();
    let anchor = "    titel: Verksamhetens egna utvecklingsområden\n    uppdrag:\n";
    let text = std::fs::read_to_string(root().join("examples/kungsbacka-2021.yaml")).unwrap();
    let end = text.find(anchor).expect("the example's own focus area") + anchor.len();
    let two = "      - titel: Ett eget mål\n      - titel: Ett eget mål\n";
    let doubled = format!("{}{two}{}", &text[..end], &text[end..]);
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, &doubled).unwrap();
    let line = doubled[..end].lines().count() + 2;
    // The plan builds as it did with earlier vplans: the ids matter to reports.
    assert!(vplan(&["check", plan.to_str().unwrap()]).status.success());
    // `follow-up` refuses it where the second goal stands, and never writes
    // a report it cannot read.
    let output = vplan(&["follow-up", plan.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("two goals have the id `ett-eget-mal`"), "{stderr}");
    assert!(stderr.contains(&format!("plan.yaml:{line}:")), "line {line}: {stderr}");
    assert!(stderr.contains("`id:`"), "{stderr}");
    assert!(!dir.path().join("plan-verksamhetsberattelse.yaml").exists());
    // So does a report of it, at the same place.
    let report = dir.path().join("rapport.yaml");
    std::fs::write(
        &report,
        "plan: plan.yaml\nrapport:\n  typ: verksamhetsberättelse\n  datum: 2022-02-15\nkapitel: []\n",
    )
    .unwrap();
    let checked = vplan(&["check", report.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert_eq!(checked.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("plan.yaml:{line}:")) && stderr.contains("ett-eget-mal"), "{stderr}");
    // An `id:` given twice is refused in the plan itself.
    let ids = doubled.replacen(
        "      - titel: Ett eget mål\n",
        "      - id: eget\n        titel: Ett eget mål\n",
        1,
    );
    let ids =
        ids.replacen("      - titel: Ett eget mål\n", "      - id: eget\n        titel: Ett annat mål\n", 1);
    std::fs::write(&plan, ids).unwrap();
    let checked = vplan(&["check", plan.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert_eq!(checked.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("two goals have the id `eget`"), "{stderr}");
}

/// A plan's `dokument`, and a chapter to go after what a test adds.
const DOKUMENT: &str =
    "dokument:\n  organisation: R\n  nämnd: N\n  titel: T\n  år: 2021\n  datum: 2020-12-09\n";
const KAPITEL: &str = "kapitel:\n  - titel: Ett\n    innehåll: [{stycke: Hej}]\n";

#[test]
fn follow_up_writes_a_report_that_builds_for_a_plan_without_goals() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    let budget = "budget:\n  kontoklasser:\n    - {id: a, namn: A, belopp: 5}\n";
    std::fs::write(&plan, format!("{DOKUMENT}{budget}{KAPITEL}")).unwrap();
    let written = vplan(&["follow-up", plan.to_str().unwrap()]);
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    let report = dir.path().join("plan-verksamhetsberattelse.yaml");
    assert!(std::fs::read_to_string(&report).unwrap().contains("mål: {}"));
    build(&report, &dir.path().join("rapport.pdf"), &[]);
    // A delårsrapport of a plan without budget lines too.
    std::fs::write(&plan, format!("{DOKUMENT}{KAPITEL}")).unwrap();
    let written = vplan(&["follow-up", plan.to_str().unwrap(), "--delarsrapport", "2021-08-31"]);
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    build(&dir.path().join("plan-delarsrapport.yaml"), &dir.path().join("d.pdf"), &[]);
}

#[test]
fn follow_up_and_new_year_take_the_data_folder_the_plan_builds_with() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for entry in std::fs::read_dir(root().join("data")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().replace("region-halland", "var-region");
        std::fs::copy(entry.path(), data.join(name)).unwrap();
    }
    let text = std::fs::read_to_string(root().join("examples/kungsbacka-2021.yaml")).unwrap();
    assert!(text.contains("gemensamt: [region-halland,"));
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, text.replace("gemensamt: [region-halland,", "gemensamt: [var-region,")).unwrap();
    let data_arg = data.to_str().unwrap();
    let plan_arg = plan.to_str().unwrap();
    assert_eq!(
        vplan(&["follow-up", plan_arg]).status.code(),
        Some(1),
        "without --data the shared file is unknown"
    );
    for args in
        [vec!["follow-up", plan_arg, "--data", data_arg], vec!["new-year", plan_arg, "--data", data_arg]]
    {
        let output = vplan(&args);
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    }
    assert!(dir.path().join("plan-verksamhetsberattelse.yaml").exists());
    let report = dir.path().join("plan-verksamhetsberattelse.yaml");
    let built = vplan(&["check", report.to_str().unwrap(), "--data", data_arg]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
}
