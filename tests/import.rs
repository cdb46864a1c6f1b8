//! End-to-end: `vplan import` fills a report's utfall and prognos from the
//! accounting system's files (SIE4 in CP437, CSV, xlsx made here), through
//! a mapping; the figures are read back from the report and its PDF; every
//! bad input is refused where it stands, and a failed import writes nothing.

mod common;

use std::path::{Path, PathBuf};

use common::*;

const PLAN: &str = "examples/socialnamnden-2022.yaml";
const REPORT: &str = "examples/socialnamnden-2022-delarsrapport.yaml";
const SIE: &str = "examples/socialnamnden-2022-jan-aug.se";
const CSV: &str = "examples/socialnamnden-2022-prognos.csv";
const MAPPING: &str = "examples/socialnamnden-2022-kontoplan.yaml";

/// The example report with every utfall and prognos unknown again (`~`),
/// beside a copy of its plan, in `dir`.
fn blank_report(dir: &Path) -> PathBuf {
    std::fs::copy(root().join(PLAN), dir.join("socialnamnden-2022.yaml")).unwrap();
    let text = std::fs::read_to_string(root().join(REPORT)).unwrap();
    let mut out = String::new();
    let mut in_figures = false;
    for line in text.lines() {
        if !line.starts_with(' ') {
            in_figures = ["utfall:", "prognos:", "periodbudget:", "utfall_föregående_år:"].contains(&line);
        }
        match line.split_once(": ").filter(|_| in_figures && line.starts_with("  ")) {
            Some((key, rest)) => {
                let comment = rest.find("  #").map_or("", |i| &rest[i..]);
                out.push_str(&format!("{key}: ~{comment}\n"));
            }
            None => out.push_str(&format!("{line}\n")),
        }
    }
    assert!(out.contains("  hemtjanst: ~  # Hemtjänst, budget 148.6 mnkr\n"), "{out}");
    let path = dir.join("rapport.yaml");
    std::fs::write(&path, out).unwrap();
    path
}

fn import(report: &Path, from: &Path, mapping: &Path, extra: &[&str]) -> (bool, String, String) {
    let mut args = vec![
        "import",
        report.to_str().unwrap(),
        "--from",
        from.to_str().unwrap(),
        "--mapping",
        mapping.to_str().unwrap(),
        "--color",
        "never",
    ];
    args.extend_from_slice(extra);
    let out = vplan(&args);
    // Figures are grouped with no-break spaces; compared here with spaces.
    let text = |b: &[u8]| String::from_utf8_lossy(b).replace('\u{a0}', " ");
    (out.status.success(), text(&out.stdout), text(&out.stderr))
}

#[test]
fn the_example_report_is_what_import_makes_of_the_sie_file_and_the_forecast() {
    let dir = tempfile::tempdir().unwrap();
    let report = blank_report(dir.path());
    let (ok, stdout, stderr) = import(&report, &root().join(SIE), &root().join(MAPPING), &[]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("15 lines from") && stdout.contains("(SIE4, januari–augusti 2022)"), "{stdout}");
    assert!(stdout.contains("  hemtjanst: 98,4 mnkr ("), "{stdout}");
    let (ok, _, stderr) = import(&report, &root().join(CSV), &root().join(MAPPING), &["--prognos"]);
    assert!(ok, "{stderr}");
    // The period's budget (#PBUDGET 0) and last year's months (#PSALDO -1).
    for into in ["periodbudget", "utfall-föregående-år"] {
        let (ok, stdout, stderr) =
            import(&report, &root().join(SIE), &root().join(MAPPING), &["--into", into]);
        assert!(ok && stdout.contains("15 lines from"), "{into}: {stderr}");
    }
    // Byte for byte the committed example: its figures came from these files.
    let made = std::fs::read_to_string(&report).unwrap();
    let committed = std::fs::read_to_string(root().join(REPORT)).unwrap();
    assert_eq!(made, committed);
    // Comments stay where they were.
    assert!(made.contains("  hemtjanst: 98.4  # Hemtjänst, budget 148.6 mnkr\n"));

    // The report built from them shows the outcome, forecast and deviation.
    let pdf = dir.path().join("rapport.pdf");
    build(&report, &pdf, &[]);
    let layout = pdf_text(&pdf, true).replace('\u{a0}', " ");
    let row = |name: &str, figures: &str| {
        assert!(
            layout.lines().any(|l| l.trim_start().starts_with(name)
                && l.split_whitespace()
                    .collect::<Vec<_>>()
                    .ends_with(&figures.split(' ').collect::<Vec<_>>())),
            "no row {name} {figures} in\n{layout}"
        );
    };
    // Budget 2022 | Budget jan–aug | Utfall jan–aug 2021 | Utfall jan–aug 2022 | Prognos | Avvikelse | %.
    assert!(layout.contains("Utfall jan–aug 2021") || layout.contains("jan–aug 2021"), "{layout}");
    row("Hemtjänst", "148,6 99,1 96,3 98,4 147,2 +1,4 +0,9");
    row("Kommunbidrag", "802,7 535,1 524,7 535,1 802,7 0,0 0,0");
    row("Personalkostnader", "598,4 398,9 388,0 396,6 592,7 +5,7 +1,0");
    let text = squash(&pdf_text(&pdf, false));
    assert!(text.contains("Placeringarnakostade41,2mnkrochprognosenföråretär61,7mnkr"), "{text}");
}

#[test]
fn a_csv_and_a_workbook_of_accounts_import_alike() {
    let dir = tempfile::tempdir().unwrap();
    let report = blank_report(dir.path());
    let mapping = dir.path().join("regler.yaml");
    std::fs::write(
        &mapping,
        "regler:\n  - {post: hemtjanst, konton: [3000-3899, 4000-8999], ansvar: 110}\n  - {post: kommunbidrag, konton: 3900}\n  - {post: avgifter, konton: 3000-3499}\n",
    )
    .unwrap();
    // A CSV as Excel writes it in Swedish: `;`, decimal commas, a sum line.
    let csv = dir.path().join("utfall.csv");
    std::fs::write(&csv, "Konto;Ansvar;Belopp\n5010;110;99 000 000,00\n3110;110;-1 234 567,89\n3900;900;-535 133 333,36\n7010;110;1,50\n;;Summa\n").unwrap();
    let (ok, stdout, stderr) = import(&report, &csv, &mapping, &[]);
    assert!(ok, "{stderr}");
    // Hemtjänst: 99 000 000 − 1 234 567,89 + 1,50 kr, as mnkr with one decimal.
    assert!(stdout.contains("hemtjanst: 97,8 mnkr (97 765 433,61 kr, 3 accounts)"), "{stdout}");
    // Intäkter are credited in the books and taken positive, as vplan enters them.
    assert!(stdout.contains("avgifter: 1,2 mnkr (1 234 567,89 kr"), "{stdout}");
    assert!(stdout.contains("kommunbidrag: 535,1 mnkr"), "{stdout}");
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(text.contains("  hemtjanst: 97.8  # Hemtjänst"), "{text}");
    assert!(text.contains("  avgifter: 1.2  # Avgifter"), "{text}");

    // The same accounts in a workbook give the same figures.
    let xlsx = dir.path().join("utfall.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Utfall").unwrap();
    for (c, h) in ["Konto", "Ansvar", "Belopp"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (konto, ansvar, belopp)) in [
        (5010.0, 110.0, 99_000_000.0),
        (3110.0, 110.0, -1_234_567.89),
        (3900.0, 900.0, -535_133_333.36),
        (7010.0, 110.0, 1.5),
    ]
    .into_iter()
    .enumerate()
    {
        let r = r as u32 + 1;
        sheet.write_number(r, 0, konto).unwrap();
        sheet.write_number(r, 1, ansvar).unwrap();
        sheet.write_number(r, 2, belopp).unwrap();
    }
    book.save(&xlsx).unwrap();
    let other = tempfile::tempdir().unwrap();
    let report2 = blank_report(other.path());
    let (ok, stdout2, stderr) = import(&report2, &xlsx, &mapping, &[]);
    assert!(ok, "{stderr}");
    assert!(stdout2.contains("hemtjanst: 97,8 mnkr (97 765 433,61 kr, 3 accounts)"), "{stdout2}");
    assert!(stdout2.contains("(xlsx, januari–augusti 2022)"), "{stdout2}");
}

#[test]
fn a_windows_1252_csv_and_a_formulas_float_in_a_workbook_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let report = blank_report(dir.path());
    let mapping = dir.path().join("regler.yaml");
    std::fs::write(
        &mapping,
        "källa:\n  kolumner: {konto: Kontonr, belopp: Utfall kr}\nregler:\n  - {post: personal, konton: 5000-5999}\n",
    )
    .unwrap();
    // Excel's default CSV on a Swedish Windows: Windows-1252, no byte order mark.
    let csv = dir.path().join("utfall.csv");
    std::fs::write(&csv, b"Kontonr;Ben\xE4mning;Utfall kr\n5010;L\xF6ner m\xE5nadsavl\xF6nade;1 000,00\n")
        .unwrap();
    let (ok, stdout, stderr) = import(&report, &csv, &mapping, &["--dry-run"]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("personal: 0,0 mnkr (1 000,00 kr, 1 account)"), "{stdout}");
    assert!(
        stdout.contains("read as windows-1252 (the file is not valid UTF-8; Excel's default)"),
        "{stdout}"
    );
    // The same file with a byte order mark, in UTF-8, says so.
    std::fs::write(&csv, "\u{feff}Kontonr;Benämning;Utfall kr\n5010;Löner;1 000,00\n").unwrap();
    let (ok, stdout, _) = import(&report, &csv, &mapping, &["--dry-run"]);
    assert!(ok && stdout.contains("read as UTF-8 (its byte order mark)"), "{stdout}");

    // A formula's result (a float a rounding error from its öre), in a
    // table that starts at B2.
    let xlsx = dir.path().join("utfall.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(1, 1, "Kontonr").unwrap();
    sheet.write_string(1, 2, "Utfall kr").unwrap();
    sheet.write_number(2, 1, 5010.0).unwrap();
    sheet.write_number(2, 2, 98_390_867.990_000_01).unwrap();
    sheet.write_number(3, 1, 5410.0).unwrap();
    sheet.write_number(3, 2, 0.1 + 0.2).unwrap();
    book.save(&xlsx).unwrap();
    let (ok, stdout, stderr) = import(&report, &xlsx, &mapping, &["--dry-run"]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("personal: 98,4 mnkr (98 390 868,29 kr, 2 accounts)"), "{stdout}");
    // A float that is not a whole öre is refused at its cell.
    sheet_with_amount(&xlsx, 1234.565);
    let (ok, _, stderr) = import(&report, &xlsx, &mapping, &["--dry-run"]);
    assert!(!ok && stderr.contains("cell C3: `1234.565` is not an amount in kronor"), "{stderr}");
}

/// A workbook of one account and `amount`, its table at B2.
fn sheet_with_amount(path: &Path, amount: f64) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(1, 1, "Kontonr").unwrap();
    sheet.write_string(1, 2, "Utfall kr").unwrap();
    sheet.write_number(2, 1, 5010.0).unwrap();
    sheet.write_number(2, 2, amount).unwrap();
    book.save(path).unwrap();
}

#[test]
fn accounts_no_rule_takes_are_listed_with_their_names_from_a_cp437_file() {
    let dir = tempfile::tempdir().unwrap();
    let report = blank_report(dir.path());
    let sie = "#FLAGGA 0\r\n#FORMAT PC8\r\n#SIETYP 4\r\n#RAR 0 20220101 20221231\r\n#KONTO 5010 \"Löner\"\r\n#KONTO 5460 \"Förbrukningsinventarier\"\r\n\
               #PSALDO 0 202201 5010 {} 1000.00\r\n#PSALDO 0 202208 5010 {} 2000.00\r\n#PSALDO 0 202209 5010 {} 9999.00\r\n#PSALDO 0 202203 5460 {} 250.50\r\n#PSALDO 0 202203 1930 {} 77.00\r\n";
    let bytes = oem_cp::encode_string_lossy(sie, &oem_cp::code_table::ENCODING_TABLE_CP437);
    assert!(std::str::from_utf8(&bytes).is_err(), "the file is CP437, not UTF-8");
    let file = dir.path().join("export.se");
    std::fs::write(&file, bytes).unwrap();
    let mapping = dir.path().join("regler.yaml");
    std::fs::write(&mapping, "regler:\n  - {post: personal, konton: 5000-5099}\n").unwrap();
    let (ok, stdout, stderr) = import(&report, &file, &mapping, &[]);
    assert!(ok, "{stderr}");
    // January to August only: September's 9 999 kr is not in the period.
    assert!(stdout.contains("personal: 0,0 mnkr (3 000,00 kr, 1 account)"), "{stdout}");
    assert!(
        stdout.contains("accounts no rule takes (not imported):\n  5460 Förbrukningsinventarier: 250,50 kr"),
        "{stdout}"
    );
    assert!(stdout.contains("read 3 250,50 kr on result accounts = 3 000,00 kr mapped + 250,50 kr not mapped; balance accounts left out: 1"), "{stdout}");
}

#[test]
fn every_bad_input_is_refused_where_it_stands_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let report = blank_report(dir.path());
    let before = std::fs::read_to_string(&report).unwrap();
    let mapping = |text: &str| {
        let path = dir.path().join("regler.yaml");
        std::fs::write(&path, text).unwrap();
        path
    };
    let sie = root().join(SIE);
    let cases: [(&str, &[&str]); 5] = [
        (
            "regler:\n  - {post: hemtjänsten, konton: 5000}\n",
            &["regler.yaml:2:12", "the plan has no budget line `hemtjänsten`", "hemtjanst"],
        ),
        (
            "regler:\n  - {post: aldreomsorg, konton: 5000}\n",
            &["regler.yaml:2:12", "`aldreomsorg` has lines of its own"],
        ),
        (
            "regler:\n  - {post: hemtjanst, konton: 5999-5000}\n",
            &["regler.yaml:2:31", "`5999-5000` is not a code or a range"],
        ),
        (
            "regler:\n  - {post: personal, konton: 5000-5999}\n  - {post: lokaler, konton: 5400-6199}\n",
            &["regler.yaml:3:5", "account 5410", "matches this rule and the one at line 2 (`personal`)"],
        ),
        ("regler:\n  - {post: personal, konto: 5000}\n", &["regler.yaml:2:", "konto"]),
    ];
    for (text, wanted) in cases {
        let (ok, _, stderr) = import(&report, &sie, &mapping(text), &[]);
        assert!(!ok, "{text}");
        for w in wanted {
            assert!(stderr.contains(w), "{text}: no `{w}` in\n{stderr}");
        }
    }
    let good = mapping("regler:\n  - {post: personal, konton: 5000-5999}\n");
    // A bad amount in a CSV, located at its line and column.
    let csv = dir.path().join("utfall.csv");
    std::fs::write(&csv, "Konto;Belopp\n5010;100,00\n5410;12,3,4\n").unwrap();
    let (ok, _, stderr) = import(&report, &csv, &good, &[]);
    assert!(
        !ok && stderr.contains("utfall.csv:3:6") && stderr.contains("`12,3,4` is not an amount in kronor"),
        "{stderr}"
    );
    // A CSV without the column the mapping names.
    std::fs::write(&csv, "Konto;Summa\n5010;100\n").unwrap();
    let (ok, _, stderr) = import(&report, &csv, &good, &[]);
    assert!(
        !ok && stderr.contains("utfall.csv:1:1")
            && stderr.contains("no column `belopp` among the headings (Konto, Summa)"),
        "{stderr}"
    );
    // A SIE file of another year; a forecast from SIE; a plan for a report.
    let other = dir.path().join("2021.se");
    std::fs::write(&other, "#RAR 0 20210101 20211231\n#PSALDO 0 202101 5010 {} 1.00\n").unwrap();
    let (ok, _, stderr) = import(&report, &other, &good, &[]);
    assert!(!ok && stderr.contains("its year 0 (#RAR 0) is 2021, the report's 2022"), "{stderr}");
    let (ok, _, stderr) = import(&report, &sie, &good, &["--prognos"]);
    assert!(!ok && stderr.contains("a SIE file holds outcomes and budgets, no forecast"), "{stderr}");
    std::fs::write(&other, "#RAR 0 20220101 20221231\n#PSALDO 0 202201 5010 {} 1.00\n").unwrap();
    let (ok, _, stderr) = import(&report, &other, &good, &["--into", "periodbudget"]);
    assert!(
        !ok && stderr.contains("has no #PBUDGET 0, so no periodbudget for januari–augusti 2022"),
        "{stderr}"
    );
    let (ok, _, stderr) = import(&dir.path().join("socialnamnden-2022.yaml"), &sie, &good, &[]);
    assert!(!ok && stderr.contains("is a plan; import writes into a follow-up report"), "{stderr}");
    // A broken SIE line is located.
    std::fs::write(&other, "#RAR 0 20220101 20221231\n#PSALDO 0 202201 5010 {1 \"110\" 1.00\n").unwrap();
    let (ok, _, stderr) = import(&report, &other, &good, &[]);
    assert!(!ok && stderr.contains("2021.se:2:1") && stderr.contains("unclosed quote or `{`"), "{stderr}");
    // None of it touched the report; nor does a dry run.
    let (ok, stdout, _) = import(&report, &sie, &good, &["--dry-run"]);
    assert!(ok && stdout.contains("  personal: 396.6  # Personalkostnader"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&report).unwrap(), before);
}

#[test]
fn a_year_report_takes_no_period_figures() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(PLAN), dir.path().join("socialnamnden-2022.yaml")).unwrap();
    let report = dir.path().join("vb.yaml");
    std::fs::write(
        &report,
        "plan: socialnamnden-2022.yaml\nrapport:\n  typ: verksamhetsberättelse\n  datum: 2023-02-15\nperiodbudget:\n  hemtjanst: 99.1\nkapitel: []\n",
    )
    .unwrap();
    let out = vplan(&["check", report.to_str().unwrap(), "--color", "never"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("vb.yaml:6:14") && stderr.contains("a verksamhetsberättelse has no `periodbudget`"),
        "{stderr}"
    );
}
