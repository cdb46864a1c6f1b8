//! End-to-end: every kind of bad input ends in exit code 1, a message with
//! file:line:col and a snippet, and no output written or clobbered.

mod common;

use std::path::Path;

use common::*;

const EXAMPLE: &str = include_str!("../examples/kungsbacka-2021.yaml");

/// Builds `yaml` over an existing PDF; asserts failure and returns stderr.
fn fails(yaml: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    let out = dir.path().join("plan.pdf");
    std::fs::write(&plan, yaml).unwrap();
    std::fs::write(&out, b"an earlier PDF").unwrap();
    let output = vplan(&["build", plan.to_str().unwrap()]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "expected exit 1:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(std::fs::read(&out).unwrap(), b"an earlier PDF", "the earlier PDF was touched");
    assert_only(dir.path(), &["plan.pdf", "plan.yaml"]);
    stderr
}

/// Asserts a folder holds exactly these files: no temporary leftovers.
fn assert_only(dir: &Path, names: &[&str]) {
    let mut found: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    found.sort();
    assert_eq!(found, names);
}

/// The example with one replacement, which must apply.
fn example_with(from: &str, to: &str) -> String {
    assert!(EXAMPLE.contains(from), "the example has `{from}`");
    EXAMPLE.replacen(from, to, 1)
}

/// The 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn malformed_yaml() {
    let err = fails("dokument:\n  organisation: [Region Halland\n  nämnd: x\n");
    assert!(err.contains("plan.yaml:"), "{err}");
    assert!(err.contains("organisation: [Region Halland"), "snippet: {err}");
}

#[test]
fn unknown_key() {
    let yaml = example_with(
        "  titel: Verksamhetsplan med budget\n",
        "  titel: Verksamhetsplan med budget\n  färg: blå\n",
    );
    let err = fails(&yaml);
    let line = line_of(&yaml, "färg: blå");
    assert!(err.contains(&format!("plan.yaml:{line}:3")), "{err}");
    assert!(err.contains("unknown key `färg`"), "{err}");
    assert!(err.contains("nämnd"), "lists the known keys: {err}");
}

#[test]
fn wrong_type() {
    let yaml = example_with("  år: 2021", "  år: tjugotjugoett");
    let err = fails(&yaml);
    assert!(err.contains(&format!("plan.yaml:{}:", line_of(&yaml, "år: tjugo"))), "{err}");
    assert!(err.contains("tjugotjugoett"), "snippet: {err}");
}

#[test]
fn missing_field() {
    let yaml = example_with("  titel: Verksamhetsplan med budget\n", "");
    let err = fails(&yaml);
    assert!(err.contains("plan.yaml:"), "{err}");
    assert!(err.contains("`titel` is missing"), "{err}");
}

#[test]
fn total_that_disagrees() {
    let yaml = example_with("  summa: 1181", "  summa: 1180");
    let err = fails(&yaml);
    assert!(err.contains(&format!("plan.yaml:{}:10", line_of(&yaml, "summa: 1180"))), "{err}");
    assert!(err.contains("1\u{a0}180") && err.contains("1\u{a0}181"), "names both figures: {err}");
}

#[test]
fn reference_to_an_unknown_budget_line() {
    let yaml = example_with("{kr:foraldrastod}", "{kr:foraldrastöd}");
    let err = fails(&yaml);
    assert!(err.contains("no budget line with id `foraldrastöd`"), "{err}");
    assert!(err.contains("foraldrastod"), "lists the known ids: {err}");
    assert!(err.contains(&format!("plan.yaml:{}:", line_of(&yaml, "{kr:foraldrastöd}"))), "{err}");
}

#[test]
fn unknown_placeholder_kind() {
    let err = fails(&example_with("{kr:foraldrastod}", "{kronor:foraldrastod}"));
    assert!(err.contains("unknown placeholder `{kronor:foraldrastod}`"), "{err}");
}

#[test]
fn reference_to_an_unknown_shared_id() {
    let yaml = example_with("ref: jamlik-halsa-2021", "ref: jamlik-halsa-2022");
    let err = fails(&yaml);
    assert!(err.contains(&format!("plan.yaml:{}:", line_of(&yaml, "jamlik-halsa-2022"))), "{err}");
    assert!(err.contains("goda-uppvaxtvillkor-2021"), "lists the ids that exist: {err}");
}

#[test]
fn unknown_text_and_shared_file() {
    let err = fails(&example_with("- text: värdegrund", "- text: vardegrund"));
    assert!(err.contains("no text with id `vardegrund`") && err.contains("värdegrund"), "{err}");
    let err = fails(&example_with("gemensamt: [region-halland,", "gemensamt: [region-hallands,"));
    assert!(err.contains("no shared data file `region-hallands`"), "{err}");
}

#[test]
fn every_problem_is_reported_at_once() {
    let yaml = example_with("{kr:foraldrastod}", "{kr:x1}").replacen("{kr:ovrigt}", "{kr:x2}", 1);
    let err = fails(&yaml);
    assert!(err.contains("`x1`") && err.contains("`x2`"), "{err}");
}

#[test]
fn a_missing_plan_file() {
    let output = vplan(&["build", "does/not/exist.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("does/not/exist.yaml"));
}

#[test]
fn text_that_is_not_utf8() {
    let err = fails("dokument:\n  organisation: R\u{e9}gion\n".replace('\u{e9}', "\u{fffd}").as_str());
    // A replacement character is valid UTF-8: this fails for the missing keys.
    assert!(err.contains("is missing"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, b"dokument:\n  organisation: R\xe9gion\n").unwrap();
    let output = vplan(&["build", plan.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    // Located at the bad byte's line and column, with the line shown.
    assert!(err.contains("plan.yaml:2:18") && err.contains("the byte 0xE9 is not UTF-8"), "{err}");
    assert!(err.contains("organisation: R"), "{err}");
}

#[test]
fn type_mistakes_are_worded_for_the_author() {
    let yaml = example_with("belopp: 734", "belopp: sjuhundra");
    let err = fails(&yaml);
    let line = line_of(&yaml, "belopp: sjuhundra");
    assert!(err.contains(&format!("plan.yaml:{line}:")), "{err}");
    assert!(err.contains("`belopp` must be a whole number of tkr, e.g. 734"), "{err}");
    let yaml = example_with("  datum: 2020-12-09", "  datum: 2020-13-45");
    let err = fails(&yaml);
    assert!(err.contains(&format!("plan.yaml:{}:10", line_of(&yaml, "datum: 2020-13-45"))), "{err}");
    assert!(
        err.contains("`datum` must be a date written as 2020-12-09; 2020-13-45 has no month 13"),
        "{err}"
    );
}

#[test]
fn check_reports_every_structural_mistake_at_once() {
    let yaml = example_with(
        "  titel: Verksamhetsplan med budget\n",
        "  titel: Verksamhetsplan med budget\n  färg: blå\n",
    );
    let yaml = yaml.replacen("belopp: 734", "belopp: sjuhundra", 1);
    let yaml = yaml.replacen("  - titel: Inledning\n", "  - titel: Inledning\n    typsnitt: Arial\n", 1);
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, &yaml).unwrap();
    let output = vplan(&["check", plan.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    for (needle, message) in [
        ("färg: blå", "unknown key `färg`"),
        ("typsnitt: Arial", "unknown key `typsnitt`"),
        ("belopp: sjuhundra", "must be a whole number of tkr"),
    ] {
        let line = line_of(&yaml, needle);
        assert!(err.contains(&format!("plan.yaml:{line}:")), "no mistake on line {line}: {err}");
        assert!(err.contains(message), "{err}");
    }
}

#[test]
fn a_goal_problem_is_reported_once_though_two_blocks_show_the_goals() {
    let err = fails(&example_with("ref: jamlik-halsa-2021", "ref: jamlik-halsa-2022"));
    assert_eq!(err.matches("no region-wide assignment with id").count(), 1, "{err}");
}

const SOCIAL: &str = include_str!("../examples/socialnamnden-2022.yaml");

/// `vplan check` of the second example with the `nth` (from 0) `from`
/// replaced; asserts failure and returns stderr and the place of `to`
/// (`plan.yaml:LINE:COLUMN`).
fn check_social(from: &str, nth: usize, to: &str) -> (String, String) {
    let at = SOCIAL.match_indices(from).nth(nth).unwrap().0;
    let yaml = format!("{}{to}{}", &SOCIAL[..at], &SOCIAL[at + from.len()..]);
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, &yaml).unwrap();
    let output = vplan(&["check", plan.to_str().unwrap()]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "expected exit 1:\n{stderr}");
    // The place of the last line of `to`, at its value (after `key: `).
    let last = to.lines().last().unwrap();
    let line = line_of(&yaml[at..], last) + line_of(&yaml, &yaml[at..]) - 1;
    let row = yaml.lines().nth(line - 1).unwrap();
    let value = last.rsplit(": ").next().unwrap();
    let column = row.find(value).unwrap() + 1;
    (stderr, format!("plan.yaml:{line}:{column}"))
}

#[test]
fn decimals_out_of_range_are_refused_where_written_naming_the_range() {
    let (err, at) = check_social("    enhet: mnkr\n", 0, "    enhet: mnkr\n    decimaler: 40\n");
    assert!(err.contains(&format!("{at}\n")) && err.contains("`decimaler: 40` is out of range"), "{err}");
    assert!(err.contains("a whole number of decimals from 0 to 9"), "{err}");
    // One error, not one per figure of the budget.
    assert!(err.contains("plan.yaml has 1 problem"), "{err}");
    let (err, at) = check_social("    decimaler: 1", 0, "    decimaler: 12");
    assert!(err.contains(&format!("{at}\n")) && err.contains("`decimaler: 12` is out of range"), "{err}");
    assert!(err.contains("an indicator's `decimaler` is a whole number of decimals from 0 to 9"), "{err}");
    let (err, at) = check_social("    decimaler: 1", 0, "    decimaler: 300");
    assert!(err.contains(&format!("{at}\n")), "{err}");
    assert!(err.contains("`decimaler` must be a whole number of decimals from 0 to 9"), "{err}");
}

#[test]
fn a_figure_too_large_is_said_to_be_so_and_quoted_short() {
    let first_line = |err: &str| err.lines().next().unwrap().to_string();
    let (err, at) = check_social("belopp: 148.6", 0, "belopp: 1e308");
    assert!(err.contains(&format!("{at}\n")), "{err}");
    assert_eq!(first_line(&err), "error: the figure 1e308 is too large: a figure may have at most 18 digits");
    assert!(!err.contains("00000000000000000000"), "{err}");
    let digits = "9".repeat(309);
    for written in [format!("\"{digits}\""), digits.clone()] {
        let (err, at) = check_social("belopp: 148.6", 0, &format!("belopp: {written}"));
        assert!(err.contains(&format!("{at}\n")), "{err}");
        assert_eq!(
            first_line(&err),
            "error: the figure 99999999…(309 digits) is too large: a figure may have at most 18 digits"
        );
    }
    // Too large for the budget's steps: 18 digits in tenths of a mnkr.
    let (err, at) = check_social("belopp: 148.6", 0, "belopp: 999999999999999999");
    assert!(err.contains(&format!("{at}\n")), "{err}");
    assert!(err.contains("the figure 999999999999999999 is too large for this budget"), "{err}");
    assert!(err.contains("may have at most 17 digits before the decimal comma"), "{err}");
    // The same for an indicator's figures.
    let (err, at) = check_social("2020: 11.5", 0, "2020: 9999999999999999999");
    assert!(err.contains(&format!("{at}\n")), "{err}");
    assert!(
        err.contains("the figure 9999999999999999999 is too large: a figure may have at most 18"),
        "{err}"
    );
    let (err, at) = check_social("2020: 11.5", 0, "2020: 999999999999999999");
    assert!(err.contains(&format!("{at}\n")), "{err}");
    assert!(
        err.contains("the figure 999999999999999999 is too large for `vantetid-ekonomiskt-bistand`"),
        "{err}"
    );
}

#[test]
fn an_overflowing_sum_is_reported_at_the_huge_amount_not_the_next_small_one() {
    // The case: a huge amount, then `belopp: 43`; the error stands
    // at the huge one and names the small one's line.
    let yaml = example_with("belopp: 734", "belopp: 9223372036854775807");
    let huge = line_of(&yaml, "belopp: 9223372036854775807");
    let small = line_of(&yaml, "belopp: 43");
    let stderr = fails(&yaml);
    assert!(stderr.contains(&format!("plan.yaml:{huge}:19")), "{stderr}");
    assert!(!stderr.contains(&format!("plan.yaml:{small}:")), "{stderr}");
    assert!(stderr.contains(&format!("adding 43 at line {small}")), "{stderr}");
}
