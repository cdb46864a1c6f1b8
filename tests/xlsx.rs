//! End-to-end: `--format xlsx` writes every table of the document as a
//! sheet, with figures as numbers (read back here with calamine), beside
//! the PDF and the web page, byte-reproducibly.

mod common;

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::*;

/// Every sheet of a workbook: its name and its rows of cells.
fn sheets(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut book: Xlsx<_> = open_workbook(path).expect("the workbook opens");
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            // Rows from the top of the sheet (A1), whatever the first used cell.
            let (top, left) = range.start().unwrap_or((0, 0));
            let mut rows = vec![Vec::new(); top as usize];
            for row in range.rows() {
                let mut cells = vec![Data::Empty; left as usize];
                cells.extend(row.iter().cloned());
                rows.push(cells);
            }
            (name, rows)
        })
        .collect()
}

/// The row of a sheet whose first cell is `name`.
fn row<'s>(rows: &'s [Vec<Data>], name: &str) -> &'s [Data] {
    rows.iter()
        .find(|r| matches!(r.first(), Some(Data::String(s)) if s == name))
        .unwrap_or_else(|| panic!("no row `{name}`"))
}

fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("{other:?} is not a number"),
    }
}

#[test]
fn every_table_is_a_sheet_with_figures_as_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    let stdout =
        build(&root().join("examples/socialnamnden-2022.yaml"), &pdf, &["--format", "pdf,html,xlsx"]);
    assert_eq!(stdout.matches("sha256").count(), 3, "{stdout}");
    let xlsx = dir.path().join("plan.xlsx");
    let sheets = sheets(&xlsx);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "1 Nyckeltal",
            "2 Nyckeltal",
            "3 Nyckeltal",
            "4 Driftbudget per verksamhet 20",
            "5 Nettokostnad per verksamhet 2",
            "6 Intäkter och kostnader 2022",
            "7 Kostnad per invånare, tkr"
        ]
    );
    let (_, drift) = &sheets[3];
    assert_eq!(drift[0][0], Data::String("Driftbudget per verksamhet 2022 med plan 2023–2024".into()));
    assert_eq!(drift[1][0], Data::String("3.1 Driftbudget per verksamhet".into()));
    let heads: Vec<String> = drift[3].iter().map(|c| c.to_string()).collect();
    assert_eq!(
        heads,
        [
            "mnkr",
            "Bokslut 2020",
            "Budget 2021",
            "Budget 2022",
            "Plan 2023",
            "Plan 2024",
            "Förändring",
            "Förändring %"
        ]
    );
    // The figures the PDF shows, as numbers: mnkr with one decimal, the
    // change signed, the change in per cent as a fraction.
    let hemtjanst: Vec<f64> = row(drift, "Hemtjänst")[1..].iter().map(number).collect();
    assert_eq!(hemtjanst, [139.2, 143.9, 148.6, 151.8, 154.2, 4.7, 0.033]);
    let net: Vec<f64> = row(drift, "Nettokostnad")[1..].iter().map(number).collect();
    assert_eq!(net, [771.4, 787.0, 802.7, 814.8, 826.2, 15.7, 0.02]);
    // A group's name row has no figures; a missing figure is "–".
    assert!(row(drift, "Äldreomsorg")[1..].iter().all(|c| *c == Data::Empty));
    assert_eq!(row(drift, "Resultat").last(), Some(&Data::String("–".into())));
    // Intäkter shown negative in the PDF are negative in the sheet.
    let (_, ekonomi) = &sheets[5];
    assert_eq!(number(&row(ekonomi, "Avgifter")[3]), -31.8);
    // A chart's table and a tabell with its sum row.
    let (_, chart) = &sheets[4];
    assert_eq!(number(&row(chart, "Äldreomsorg")[2]), 0.58);
    let (_, nyckeltal) = &sheets[6];
    let sum: Vec<f64> = row(nyckeltal, "Summa")[1..].iter().map(number).collect();
    assert_eq!(sum, [26.6, 27.1]);

    // The same plan gives the same bytes.
    let again = tempfile::tempdir().unwrap();
    let out = again.path().join("tabeller.xlsx");
    build(&root().join("examples/socialnamnden-2022.yaml"), &out, &["--format", "xlsx"]);
    assert_eq!(std::fs::read(&xlsx).unwrap(), std::fs::read(&out).unwrap());
}

#[test]
fn a_budget_per_kontoklass_and_a_report_are_sheets_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.xlsx");
    build(&root().join("examples/kungsbacka-2021.yaml"), &out, &["--format", "xlsx"]);
    let plan = sheets(&out);
    let (_, budget) = plan
        .iter()
        .find(|(_, rows)| rows.iter().any(|r| r.first() == Some(&Data::String("Summa".into()))))
        .expect("a budget with a Summa row");
    let summa = row(budget, "Summa");
    assert!(summa[1..].iter().all(|c| matches!(c, Data::Float(_) | Data::Int(_))), "{summa:?}");

    let out = dir.path().join("rapport.xlsx");
    build(&root().join("examples/kungsbacka-2021-verksamhetsberattelse.yaml"), &out, &["--format", "xlsx"]);
    let report = sheets(&out);
    assert!(
        report.iter().any(|(_, rows)| rows
            .get(3)
            .is_some_and(|r| r.iter().any(|c| *c == Data::String("Avvikelse".into())))),
        "a report's table has its Avvikelse column"
    );
}

#[test]
fn xlsx_alone_or_to_standard_output_is_told_what_it_needs() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(
        &plan,
        "dokument: {organisation: O, nämnd: N, titel: T, år: 2021, datum: 2020-12-09}\nkapitel:\n  - titel: Inledning\n    innehåll:\n      - stycke: Text.\n",
    )
    .unwrap();
    let out = vplan(&["build", plan.to_str().unwrap(), "--format", "xlsx"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no tables to write as xlsx"), "{stderr}");
    assert!(!dir.path().join("plan.xlsx").exists());

    let out = vplan(&["build", "examples/kungsbacka-2021.yaml", "-o", "-", "--format", "pdf,xlsx"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("choose one of --format pdf, html or xlsx"));
    let out = vplan(&["build", "examples/kungsbacka-2021.yaml", "--format", "docx"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("`docx` is not a format"));
}
