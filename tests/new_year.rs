//! End-to-end: `vplan new-year` says what it cannot know. Years written out
//! in prose, headings and captions are named where they stand in next
//! year's plan; a budget line without a plan year keeps this year's figure
//! and says so; a group's stated `summa` (this year's) is removed; figures
//! written with a decimal comma move on like any other.

mod common;

use std::path::Path;

use common::*;

/// `line:column` of the first `needle` in `text`, 1-based, columns in characters.
fn place(text: &str, needle: &str) -> String {
    let at = text.find(needle).unwrap_or_else(|| panic!("no `{needle}`"));
    let line = text[..at].matches('\n').count() + 1;
    let column = text[..at].rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("{line}:{column}")
}

fn new_year(plan: &Path, out: &Path) -> (String, String) {
    let run = vplan(&["new-year", plan.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    (String::from_utf8_lossy(&run.stdout).into_owned(), String::from_utf8_lossy(&run.stderr).into_owned())
}

#[test]
fn years_written_out_are_named_where_they_stand_in_next_years_plan() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("next.yaml");
    let (_, stderr) = new_year(&root().join("examples/kultur-och-fritid-2021.yaml"), &out);
    let next = std::fs::read_to_string(&out).unwrap();
    // The budget's caption still names this year and its plan years.
    let caption = place(&next, "2021 med plan 2022–2023");
    assert!(
        stderr.contains(&format!("warning: {}:{caption}: `2021` is written out here", out.display())),
        "{stderr}"
    );
    // Prose too, but not the placeholders, columns or figures new-year moved on.
    let prose = place(&next, "2021,\n          - att fastställa internkontrollplan");
    assert!(stderr.contains(&format!("{}:{prose}: `2021`", out.display())), "{stderr}");
    assert!(!stderr.contains("`2019`"), "years older than last year are history: {stderr}");
    for moved in ["plan 2023", "bokslut 2020"] {
        let at = place(&next, moved);
        assert!(!stderr.contains(&format!("{}:{at}:", out.display())), "{moved} was moved on: {stderr}");
    }
    // Warnings, not errors: the plan is written.
    assert!(next.contains("år: 2022"));
}

#[test]
fn a_line_without_a_plan_year_keeps_its_figure_and_says_so_and_a_stated_sum_goes() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    let text = std::fs::read_to_string(root().join("examples/socialnamnden-2022.yaml")).unwrap();
    std::fs::write(&plan, &text).unwrap();
    let out = dir.path().join("next.yaml");
    let (stdout, stderr) = new_year(&plan, &out);
    // `ekonomi` has no plan columns: each line keeps 2022's budget, named at its belopp.
    let at = place(&text, "31.8\n            värden: {bokslut 2020: 30.2");
    assert!(
        stderr.contains(&format!(
            "warning: {}:{at}: `Avgifter` has no figure for plan 2023: next year's `belopp` keeps this year's 31.8",
            plan.display()
        )),
        "{stderr}"
    );
    assert!(
        stdout.contains("summa of `Äldreomsorg` removed: it was this year's; state next year's"),
        "{stdout}"
    );
    let next = std::fs::read_to_string(&out).unwrap();
    assert!(!next.contains("summa: 469.1"));
    // "312,4", quoted for its comma, moved on whole.
    assert!(
        next.contains(
            "            belopp: 318.0\n            värden: {budget 2022: 312.4, plan 2024: 324.5}"
        ),
        "{next}"
    );
    let check = vplan(&["check", out.to_str().unwrap()]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
}
