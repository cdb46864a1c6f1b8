//! End-to-end: `vplan import` of SIE files as accounting programs write
//! them, each a small file made here and imported into a one-line report
//! taking every result account, against the figure it must give: the
//! financial year (`#RAR`), one rule for an account's total (`{}` rows,
//! else one dimension's objects), the reconciliation with `#RES`, and the
//! lines the import does not use, which never block it.

mod common;

use std::path::{Path, PathBuf};

use common::*;

const PLAN: &str = "examples/socialnamnden-2022.yaml";
/// Every result account to one line.
const MAPPING: &str = "regler:\n  - {post: ovrigt, konton: 3000-8999}\n";
const HEAD: &str = "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20220101 20221231\n";

/// A report of the example plan in `dir`: a verksamhetsberättelse, or a
/// delårsrapport of January–August.
fn report(dir: &Path, interim: bool) -> PathBuf {
    std::fs::copy(root().join(PLAN), dir.join("socialnamnden-2022.yaml")).unwrap();
    let rapport = if interim {
        "rapport:\n  typ: delårsrapport\n  datum: 2022-09-15\n  till_och_med: 2022-08-31\n"
    } else {
        "rapport:\n  typ: verksamhetsberättelse\n  datum: 2023-02-15\n"
    };
    let path = dir.join("rapport.yaml");
    std::fs::write(&path, format!("plan: socialnamnden-2022.yaml\n{rapport}kapitel: []\n")).unwrap();
    path
}

/// Imports `sie` (dry run) into a report; (success, stdout, stderr).
fn import(sie: &str, interim: bool, extra: &[&str]) -> (bool, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let report = report(dir.path(), interim);
    let from = dir.path().join("export.se");
    std::fs::write(&from, sie).unwrap();
    let mapping = dir.path().join("regler.yaml");
    std::fs::write(&mapping, MAPPING).unwrap();
    let mut args = vec!["import", report.to_str().unwrap(), "--from", from.to_str().unwrap()];
    args.extend(["--mapping", mapping.to_str().unwrap(), "--dry-run", "--color", "never"]);
    args.extend_from_slice(extra);
    let out = vplan(&args);
    let text = |b: &[u8]| String::from_utf8_lossy(b).replace('\u{a0}', " ");
    (out.status.success(), text(&out.stdout), text(&out.stderr))
}

/// What the import read on the result accounts, as it prints it.
fn read(kronor: &str) -> String {
    format!("read {kronor} kr on result accounts")
}

#[test]
fn every_pattern_of_the_real_exports_gives_its_own_figure() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "objects only, no {} row",
            "#PSALDO 0 202201 3010 {1 \"110\"} -1000.00\n#PSALDO 0 202201 3010 {1 \"120\"} -500.50\n\
             #PSALDO 0 202203 5010 {1 \"110\"} 222.00\n#RES 0 3010 -1500.50\n#RES 0 5010 222.00\n",
            "−1 278,50",
        ),
        (
            "{} rows for some accounts and periods only",
            "#PSALDO 0 202201 3010 {} -1000.00\n#PSALDO 0 202201 3010 {1 \"110\"} -1000.00\n\
             #PSALDO 0 202202 3010 {1 \"110\"} -300.00\n#PSALDO 0 202202 3010 {1 \"120\"} -100.00\n\
             #PSALDO 0 202202 5010 {1 \"110\"} 50.25\n#RES 0 3010 -1400.00\n#RES 0 5010 50.25\n",
            "−1 349,75",
        ),
        (
            "several dimensions in one row",
            "#PSALDO 0 202201 3010 {\"1\" \"Syd\" \"6\" \"0001\" \"7\" \"4\"} -100.00\n\
             #PSALDO 0 202201 3010 {\"1\" \"Norr\" \"6\" \"0001\" \"7\" \"4\"} -20.00\n\
             #PSALDO 0 202202 6110 {\"6\" \"0002\" \"1\" \"Syd\"} 55133.49\n#RES 0 3010 -120.00\n#RES 0 6110 55133.49\n",
            "55 013,49",
        ),
        ("#RES only", "#RES 0 3010 -1000.00\n#RES 0 5010 400.10\n", "−599,90"),
        (
            "quantities after the amount",
            "#PSALDO 0 202201 3010 {} -1000.00 12\n#PSALDO 0 202202 3010 {} -1.00 3.5\n#RES 0 3010 -1001.00 15.5\n",
            "−1 001,00",
        ),
        ("tabs between fields", "#PSALDO\t0\t202201\t3010\t{}\t-70.00\n#RES\t0\t3010\t-70.00\n", "−70,00"),
        (
            "`{ }` with a space",
            "#PSALDO 0 202201 3010 { } -70.00\n#PSALDO 0 202201 5010 {   } 7.00\n",
            "−63,00",
        ),
        ("quoted account numbers", "#PSALDO 0 202201 \"3010\" {} -70.00\n#RES 0 \"3010\" -70.00\n", "−70,00"),
        (
            "lowercase labels",
            "#psaldo 0 202201 3010 {} -70.00\n#Res 0 3010 -70.00\n#rar 0 20220101 20221231\n",
            "−70,00",
        ),
        (
            "a balance account and last year's rows beside",
            "#PSALDO 0 202201 1930 {} 500.00\n#PSALDO -1 202101 3010 {} -9.00\n#PSALDO 0 202201 3010 {} -70.00\n",
            "−70,00",
        ),
    ];
    for (what, rows, figure) in cases {
        let (ok, stdout, stderr) = import(&format!("{HEAD}{rows}"), false, &[]);
        assert!(ok, "{what}: {stderr}");
        assert!(stdout.contains(&read(figure)), "{what}: not {figure} in\n{stdout}");
    }
}

#[test]
fn the_financial_year_must_be_the_reports_calendar_year() {
    for (rar, wanted) in [
        (
            "#RAR 0 20210701 20220630",
            "its financial year 0 (#RAR 0) is 2021-07-01–2022-06-30, not a calendar year",
        ),
        ("#RAR 0 20220901 20230831", "is 2022-09-01–2023-08-31, not a calendar year"),
        ("#RAR 0 20210101 20211231", "its year 0 (#RAR 0) is 2021, the report's 2022"),
    ] {
        let sie = format!("#FLAGGA 0\n{rar}\n#PSALDO 0 202201 3010 {{}} -1.00\n");
        let (ok, _, stderr) = import(&sie, true, &[]);
        assert!(!ok && stderr.contains(wanted), "{rar}: {stderr}");
    }
    // A period outside the financial year is located.
    let (ok, _, stderr) = import(&format!("{HEAD}#PSALDO 0 202301 3010 {{}} -1.00\n"), true, &[]);
    assert!(
        !ok && stderr.contains("export.se:4:11") && stderr.contains("period 202301 lies outside"),
        "{stderr}"
    );
}

#[test]
fn the_periods_are_reconciled_with_the_years_result_every_import() {
    // A delårsrapport takes January–August; all the year's periods add up to #RES.
    let rows = "#PSALDO 0 202201 3010 {} -100.00\n#PSALDO 0 202209 3010 {} -50.00\n#RES 0 3010 -150.00\n";
    let (ok, stdout, stderr) = import(&format!("{HEAD}{rows}"), true, &[]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains(&read("−100,00")), "{stdout}");
    assert!(
        stdout.contains("reconciliation: the periods 202201–202209 (#PSALDO 0) add up to the year's result (#RES 0) on all 1 result accounts: −150,00 kr in all, to the öre"),
        "{stdout}"
    );
    // Object rows that are not the account's whole movement: refused, naming it.
    let rows = "#PSALDO 0 202201 3010 {1 \"110\"} -100.00\n#PSALDO 0 202201 5010 {} 10.00\n#RES 0 3010 -277798.46\n#RES 0 5010 10.00\n";
    let (ok, _, stderr) = import(&format!("{HEAD}{rows}"), false, &[]);
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("do not add up to the year's result (#RES 0) on 1 accounts")
            && stderr
                .contains("account 3010: its periods add up to −100,00 kr, its #RES 0 is −277 798,46 kr")
            && stderr.contains("--allow-unreconciled")
            && !stderr.contains("account 5010"),
        "{stderr}"
    );
    // Unless the user states it is expected; the result says so.
    let (ok, stdout, stderr) = import(&format!("{HEAD}{rows}"), false, &["--allow-unreconciled"]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("reconciliation: NOT reconciled, as --allow-unreconciled states"), "{stdout}");
    assert!(stdout.contains("account 3010: its periods add up to −100,00 kr"), "{stdout}");
    // A one-öre difference is rounding, not a difference.
    let rows = "#PSALDO 0 202201 3010 {} -100.00\n#RES 0 3010 -100.01\n";
    assert!(import(&format!("{HEAD}{rows}"), false, &[]).0);
    // Without #RES, the result says the periods are not reconciled.
    let (_, stdout, _) = import(&format!("{HEAD}#PSALDO 0 202201 3010 {{}} -1.00\n"), false, &[]);
    assert!(stdout.contains("reconciliation: the file has no #RES 0"), "{stdout}");
}

#[test]
fn rows_of_dimensions_that_disagree_are_refused_naming_the_account() {
    let rows = "#PSALDO 0 202203 4010 {6 \"P1\"} 600.00\n#PSALDO 0 202203 4010 {7 \"K1\"} 300.00\n";
    let (ok, _, stderr) = import(&format!("{HEAD}{rows}"), false, &[]);
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("account 4010 has no `{}` row for 202203")
            && stderr.contains("dimensions {6}: 600,00 kr; dimensions {7}: 300,00 kr"),
        "{stderr}"
    );
}

#[test]
fn lines_the_import_does_not_use_never_block_it() {
    let rows = "#VER A 1 20140127 \"Faktura\"\n{\n#TRANS 3010 {} -900.00 20140127 \"260 aaaa\n#TRANS 1510 {} 900.00\n}\n\
                #KONTO 3010 \"Försäljning\n#PSALDO 0 202201 3010 {} -900.00\n#RES 0 3010 -900.00\n#UNKNOWN \"x\n";
    let (ok, stdout, stderr) = import(&format!("{HEAD}{rows}"), false, &[]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains(&read("−900,00")), "{stdout}");
    assert!(
        stderr.contains("warning: ")
            && stderr.contains(
                "export.se:6:1: this #TRANS line has an unclosed quote or `{`; the import does not use it"
            ),
        "{stderr}"
    );
    assert!(stderr.contains("export.se:9:1") && stderr.contains("export.se:12:1"), "{stderr}");
    // A line the import reads is still refused where it stands.
    let (ok, _, stderr) = import(&format!("{HEAD}#PSALDO 0 202201 3010 {{}} -9x\n"), false, &[]);
    assert!(
        !ok && stderr.contains("export.se:4:26") && stderr.contains("no readable amount in kronor"),
        "{stderr}"
    );
}
