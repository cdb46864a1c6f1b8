//! The fourth output: an accessible web site (`--format site`), as Swedish
//! public bodies publish their plans: a start page with the plan's facts,
//! contents and changes, a page per chapter, an accessibility statement,
//! every table as CSV and the PDF, all linked from every page.
//!
//! Input: the same [`Input`] as the single web page ([`super::html`]), whose
//! blocks the pages share (`block.html.j2`). Output: the site's files, by
//! their path inside its folder; the build writes them.

use minijinja::value::{Serde, Value};
use serde::Serialize;

use super::{Input, Kind, page_environment};
use crate::document::{BudgetTable, Section, Table, TableCell, Tal};
use crate::error::Error;
use crate::templates::{Etiketter, Templates};

/// The template of a chapter's page and of the start page.
pub const PAGE_TEMPLATE: &str = "sida.html.j2";
/// The template of the accessibility statement.
pub const STATEMENT_TEMPLATE: &str = "tillganglighet.html.j2";
/// The statement's file name.
const STATEMENT: &str = "tillganglighet.html";

/// A page of the site, as the templates list it.
#[derive(Debug, Serialize)]
struct Page {
    /// Its file name: "index.html", "avsnitt-3.html".
    fil: String,
    /// Its title: the chapter's number and title.
    titel: String,
    /// The chapter's id, for a chapter's page.
    id: Option<String>,
}

/// Renders the site: each file's path inside the site's folder and bytes.
/// `pdf` names the PDF placed beside the pages, if there is one.
pub fn render_site(
    input: Input,
    templates: &Templates,
    pdf: Option<&str>,
) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let doc = input.document;
    let mut env = page_environment(input, templates);
    // Where a section is: its chapter's page, at its heading.
    env.add_function("lank", |id: &str| {
        let chapter: String = id.splitn(3, '-').take(2).collect::<Vec<_>>().join("-");
        format!("{chapter}.html#{id}")
    });
    let mut files = Vec::new();
    // The workbook's tables, each also a CSV file.
    let tables = super::tables(doc);
    let pages: Vec<Page> =
        std::iter::once(Page { fil: "index.html".into(), titel: doc.etiketter.start.clone(), id: None })
            .chain(doc.kapitel.iter().map(|k| Page {
                fil: format!("{}.html", k.id),
                titel: format!("{} {}", k.nummer, k.titel),
                id: Some(k.id.to_string()),
            }))
            .collect();
    let table_files: std::collections::BTreeMap<&String, String> =
        tables.iter().map(|t| (&t.id, format!("tabeller/{}.csv", t.id))).collect();
    // The blocks' macros link each table to its CSV file.
    env.add_global("tabellfiler", Value::from(Serde(&table_files)));
    let context = |page: &Page, chapter: Option<&Section>, previous: Option<&Page>, next: Option<&Page>| {
        minijinja::context! {
            sida => Value::from(Serde(page)),
            sidor => Value::from(Serde(&pages)),
            kapitel => Value::from(Serde(chapter)),
            fotnoter => Value::from(Serde(chapter.map_or_else(Vec::new, |c| notes_of(c, doc)))),
            foregaende => Value::from(Serde(previous)),
            nasta => Value::from(Serde(next)),
            pdf => pdf,
            tillganglighet => STATEMENT,
            ..input.context()
        }
    };
    let template = env.get_template(PAGE_TEMPLATE).map_err(|e| super::template_error(&e, templates))?;
    for (i, page) in pages.iter().enumerate() {
        let chapter = i.checked_sub(1).map(|c| &doc.kapitel[c]);
        let previous = i.checked_sub(1).map(|p| &pages[p]);
        let html = template
            .render(context(page, chapter, previous, pages.get(i + 1)))
            .map_err(|e| super::template_error(&e, templates))?;
        files.push((page.fil.clone(), html.into_bytes()));
    }
    let statement =
        Page { fil: STATEMENT.into(), titel: doc.etiketter.tillganglighetsredogorelse.clone(), id: None };
    let html = env
        .get_template(STATEMENT_TEMPLATE)
        .and_then(|t| t.render(context(&statement, None, None, None)))
        .map_err(|e| super::template_error(&e, templates))?;
    files.push((STATEMENT.into(), html.into_bytes()));
    for table in &tables {
        let rows = match table.kind {
            Kind::Budget(t) => budget_rows(t, &doc.etiketter),
            Kind::General(t) => table_rows(t),
        };
        files.push((format!("tabeller/{}.csv", table.id), csv(&rows)?));
    }
    Ok(files)
}

/// The footnotes whose marks stand in a chapter, for its page.
fn notes_of<'d>(chapter: &Section, doc: &'d crate::document::Document) -> Vec<&'d crate::document::Note> {
    let mut numbers = Vec::new();
    let json = serde_json::to_value(chapter).unwrap_or_default();
    find_notes(&json, &mut numbers);
    doc.fotnoter.iter().filter(|n| numbers.contains(&n.nummer)).collect()
}

/// Every footnote mark's number in a part of the document.
fn find_notes(value: &serde_json::Value, out: &mut Vec<usize>) {
    match value {
        serde_json::Value::Object(map) => {
            if map.get("typ").and_then(|t| t.as_str()) == Some("fotnot")
                && let Some(n) = map.get("nummer").and_then(serde_json::Value::as_u64)
            {
                out.push(usize::try_from(n).unwrap_or(usize::MAX));
            }
            map.values().for_each(|v| find_notes(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| find_notes(v, out)),
        _ => {}
    }
}

/// A cell of a CSV file: text (names, headings, a table's words) or a
/// figure the site writes as a number. The kind decides how it is written,
/// not its first character: `-1550` is a figure, `-Hyror` text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Cell {
    /// Text, which a spreadsheet must show as text.
    Text(String),
    /// A figure as data (see [`datum`]), or empty for none.
    Figure(String),
}

impl Cell {
    fn text(text: &str) -> Self {
        Cell::Text(text.to_string())
    }
}

/// A figure as data: digits, a decimal comma, a leading "-", no grouping.
fn datum(tal: Option<&Tal>) -> Cell {
    Cell::Figure(
        tal.map(|t| t.text().replace(['\u{a0}', '+', '%'], "").replace('\u{2212}', "-")).unwrap_or_default(),
    )
}

fn budget_rows(t: &BudgetTable, labels: &Etiketter) -> Vec<Vec<Cell>> {
    let mut head = vec![Cell::text(&t.rubrik)];
    // Amounts name the table's unit; a per-cent column is in per cent.
    head.extend(t.kolumner.iter().map(|c| {
        Cell::Text(if c.belopp { format!("{} ({})", c.namn, labels.enhet(t.enhet)) } else { c.namn.clone() })
    }));
    let mut rows = vec![head];
    for r in &t.rader {
        let mut row = vec![Cell::text(&r.namn)];
        row.extend(
            r.varden
                .iter()
                .map(|v| if r.rubrikrad { Cell::Figure(String::new()) } else { datum(v.as_ref()) }),
        );
        rows.push(row);
    }
    if let Some(sum) = &t.summa_varden {
        let mut row = vec![Cell::text(&labels.summa)];
        row.extend(sum.iter().map(|v| datum(v.as_ref())));
        rows.push(row);
    }
    rows
}

fn table_rows(t: &Table) -> Vec<Vec<Cell>> {
    let mut rows = vec![t.kolumner.iter().map(|k| Cell::text(k)).collect()];
    for r in t.rader.iter().chain(t.summa.iter()) {
        rows.push(
            r.iter()
                .map(|c| match c {
                    TableCell::Text { text } => Cell::text(text),
                    TableCell::Tal(tal) => datum(Some(tal)),
                    TableCell::Saknas => Cell::Figure(String::new()),
                })
                .collect(),
        );
    }
    rows
}

/// A text cell as a spreadsheet must show it: one that begins with a
/// character a spreadsheet reads as the start of a formula (`=`, `+`, `-`,
/// `@`, a tab, a carriage return) gets a leading `'`, as OWASP advises
/// against CSV injection, so `=HYPERLINK(…)` is shown, not run. Figures are
/// never changed: they are numbers.
fn field(cell: &Cell) -> std::borrow::Cow<'_, str> {
    match cell {
        Cell::Text(text) if text.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{text}").into(),
        Cell::Text(text) | Cell::Figure(text) => text.as_str().into(),
    }
}

/// Rows as CSV the way Swedish spreadsheets open it: UTF-8 with a byte
/// order mark, semicolons between fields; text that could be read as a
/// formula made plain text ([`field`]), quoted where the CSV rules need it.
fn csv(rows: &[Vec<Cell>]) -> Result<Vec<u8>, Error> {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in rows {
        writer
            .write_record(row.iter().map(|c| field(c).into_owned()))
            .map_err(|e| Error::Usage(format!("cannot write a table as CSV: {e}")))?;
    }
    writer.into_inner().map_err(|e| Error::Usage(format!("cannot write a table as CSV: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_become_data() {
        assert_eq!(datum(Some(&Tal::tkr(-1_234_567))), Cell::Figure("-1234567".into()));
        assert_eq!(datum(Some(&Tal::change(18, 1))), Cell::Figure("1,8".into()));
        assert_eq!(datum(None), Cell::Figure(String::new()));
    }

    #[test]
    fn csv_has_a_byte_order_mark_and_semicolons() {
        let bytes = csv(&[
            vec![Cell::text("Post"), Cell::text("Budget 2021 (tkr)")],
            vec![Cell::text("Hyror; el"), Cell::Figure("12".into())],
        ])
        .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text, "\u{feff}Post;Budget 2021 (tkr)\n\"Hyror; el\";12\n");
    }

    #[test]
    fn text_that_a_spreadsheet_would_run_is_written_as_text_and_figures_stay_numbers() {
        let row = |text: &str| vec![Cell::text(text), Cell::Figure("-1550".into())];
        let rows: Vec<Vec<Cell>> = [
            "=HYPERLINK(\"http://evil.example\";\"klicka\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(1+1)",
            "\tflik",
            "\rretur",
            "Hyror – el",
        ]
        .iter()
        .map(|t| row(t))
        .collect();
        let text = String::from_utf8(csv(&rows).unwrap()).unwrap();
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split_terminator('\n').collect();
        assert_eq!(
            lines,
            [
                "\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"klicka\"\")\";-1550",
                "'+cmd|' /C calc'!A0;-1550",
                "'-2+3;-1550",
                "'@SUM(1+1);-1550",
                "'\tflik;-1550",
                "\"'\rretur\";-1550",
                "Hyror – el;-1550",
            ]
        );
    }

    #[test]
    fn notes_are_found_at_any_depth() {
        let json =
            serde_json::json!({"block": [{"typ": "stycke", "delar": [{"typ": "fotnot", "nummer": 2}]}]});
        let mut found = Vec::new();
        find_notes(&json, &mut found);
        assert_eq!(found, [2]);
    }
}
