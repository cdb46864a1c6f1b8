//! The third output: every table of the document as a sheet of an xlsx
//! workbook (`--format xlsx`), with figures as numbers, so a reader can
//! take the budget into a spreadsheet without retyping it.
//!
//! Input: the same checked [`Document`] the PDF and the web page are
//! rendered from. Output: the workbook's bytes, byte-reproducible (a fixed
//! creation date; the zip entries carry none). Each budget table, table of
//! text and figures and chart's table is a sheet, named by its section
//! number and caption; amounts keep their decimals, changes their sign,
//! percentages are Excel percentages.

use chrono::NaiveDateTime;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::{Found, Kind, tables};
use crate::document::{BudgetTable, Document, Table, TableCell, Tal, Talslag};
use crate::error::Error;
use crate::templates::labels::Etiketter;

/// Excel's longest sheet name.
const SHEET_NAME: usize = 31;

/// The workbook of every table of `document`, created at `created`.
pub fn render_xlsx(document: &Document, created: NaiveDateTime) -> Result<Vec<u8>, Error> {
    let found = tables(document);
    if found.is_empty() {
        return Err(Error::Usage(
            "the document has no tables to write as xlsx: add a `budgettabell` or a `tabell`".into(),
        ));
    }
    workbook(document, &found, created)
        .map_err(|e| Error::Usage(format!("cannot write the xlsx workbook: {e}")))
}

fn workbook(document: &Document, found: &[Found], created: NaiveDateTime) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let meta = &document.meta;
    let created = ExcelDateTime::from_timestamp(created.and_utc().timestamp())?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} {}", meta.titel, meta.ar))
            .set_author(&meta.namnd)
            .set_company(&meta.organisation)
            .set_creation_datetime(&created),
    );
    let mut names: Vec<String> = Vec::new();
    for (i, table) in found.iter().enumerate() {
        let name = sheet_name(i + 1, &table.caption, &names);
        names.push(name.clone());
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name)?;
        let bold = Format::new().set_bold();
        sheet.write_string_with_format(0, 0, &table.caption, &bold)?;
        sheet.write_string(1, 0, &table.section)?;
        match table.kind {
            Kind::Budget(t) => budget_sheet(sheet, t, &document.etiketter)?,
            Kind::General(t) => general_sheet(sheet, t)?,
        }
        sheet.autofit();
    }
    workbook.save_to_buffer()
}

/// The row the headings stand on; caption and section above.
const HEAD: u32 = 3;

fn budget_sheet(sheet: &mut Worksheet, t: &BudgetTable, labels: &Etiketter) -> Result<(), XlsxError> {
    let head = Format::new().set_bold().set_text_wrap();
    sheet.write_string_with_format(HEAD, 0, &t.rubrik, &head)?;
    for (c, column) in t.kolumner.iter().enumerate() {
        sheet.write_string_with_format(
            HEAD,
            col(c + 1),
            &column.rubrik,
            &head.clone().set_align(FormatAlign::Right),
        )?;
    }
    let mut r = HEAD + 1;
    for row in &t.rader {
        let name = Format::new().set_indent(u8::try_from(row.indrag).unwrap_or(u8::MAX));
        let name = if row.summarad || row.grupp { name.set_bold() } else { name };
        sheet.write_string_with_format(r, 0, &row.namn, &name)?;
        if !row.rubrikrad {
            for (c, value) in row.varden.iter().enumerate() {
                figure(sheet, r, col(c + 1), value.as_ref(), row.summarad)?;
            }
        }
        r += 1;
    }
    if let Some(sum) = &t.summa_varden {
        sheet.write_string_with_format(r, 0, &labels.summa, &Format::new().set_bold())?;
        for (c, value) in sum.iter().enumerate() {
            figure(sheet, r, col(c + 1), value.as_ref(), true)?;
        }
    }
    sheet.set_freeze_panes(HEAD + 1, 1)?;
    Ok(())
}

fn general_sheet(sheet: &mut Worksheet, t: &Table) -> Result<(), XlsxError> {
    let head = Format::new().set_bold().set_text_wrap();
    for (c, text) in t.kolumner.iter().enumerate() {
        let format = if t.hoger.get(c).copied().unwrap_or(false) {
            head.clone().set_align(FormatAlign::Right)
        } else {
            head.clone()
        };
        sheet.write_string_with_format(HEAD, col(c), text, &format)?;
    }
    let rows = t.rader.iter().map(|row| (row, false)).chain(t.summa.iter().map(|row| (row, true)));
    for (r, (row, sum)) in (HEAD + 1..).zip(rows) {
        for (c, cell) in row.iter().enumerate() {
            match cell {
                TableCell::Text { text } if sum => {
                    sheet.write_string_with_format(r, col(c), text, &Format::new().set_bold())?;
                }
                TableCell::Text { text } => {
                    sheet.write_string(r, col(c), text)?;
                }
                TableCell::Tal(tal) => figure(sheet, r, col(c), Some(tal), sum)?,
                TableCell::Saknas => figure(sheet, r, col(c), None, sum)?,
            }
        }
    }
    sheet.set_freeze_panes(HEAD + 1, 0)?;
    Ok(())
}

/// A figure as a number with the format that shows it as the PDF does;
/// a missing one as "–".
fn figure(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    tal: Option<&Tal>,
    bold: bool,
) -> Result<(), XlsxError> {
    let base = if bold { Format::new().set_bold() } else { Format::new() };
    let Some(tal) = tal else {
        sheet.write_string_with_format(row, column, "–", &base.set_align(FormatAlign::Right))?;
        return Ok(());
    };
    let (value, format) = number(tal);
    sheet.write_number_with_format(row, column, value, &base.set_num_format(format))?;
    Ok(())
}

/// A figure's value for the sheet and its number format: amounts with
/// their decimals, changes with their sign, per cent as Excel's per cent.
fn number(tal: &Tal) -> (f64, String) {
    // Steps of at most a few decimals: exact as shown.
    #[allow(clippy::cast_precision_loss)]
    let value = tal.varde as f64;
    let decimals = |n: u8| if n == 0 { String::new() } else { format!(".{}", "0".repeat(usize::from(n))) };
    match tal.slag {
        Talslag::Tkr => {
            (value / 10f64.powi(i32::from(tal.decimaler)), format!("#,##0{}", decimals(tal.decimaler)))
        }
        Talslag::Forandring => {
            let d = decimals(tal.decimaler);
            (value / 10f64.powi(i32::from(tal.decimaler)), format!("+#,##0{d};-#,##0{d};0{d}"))
        }
        Talslag::Promille => (value / 1000.0, "+0.0%;-0.0%;0.0%".into()),
        Talslag::Procent => (value / 100.0, "0%".into()),
    }
}

/// A column index as the sheet counts it; tables are never that wide.
fn col(index: usize) -> u16 {
    u16::try_from(index).unwrap_or(u16::MAX)
}

/// A sheet's name: its number and caption, without the characters Excel
/// refuses, at most 31 characters, unique in the workbook.
fn sheet_name(number: usize, caption: &str, taken: &[String]) -> String {
    let clean: String =
        caption.chars().map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c }).collect::<String>();
    let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    let prefix = format!("{number} ");
    let room = SHEET_NAME - prefix.chars().count();
    let mut name: String = prefix + &clean.chars().take(room).collect::<String>();
    name = name.trim_end().trim_end_matches('\'').to_string();
    // Numbered, so unique; checked anyway, as Excel compares case-insensitively.
    while taken.iter().any(|t| t.to_lowercase() == name.to_lowercase()) {
        name.pop();
        name.push('_');
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_numbered_clean_and_short() {
        let name = sheet_name(3, "Driftbudget 2021 med plan 2022–2023: tkr/år", &[]);
        assert_eq!(name, "3 Driftbudget 2021 med plan 202");
        assert_eq!(name.chars().count(), 31);
        assert_eq!(sheet_name(1, "[Nyckeltal]?", &[]), "1 Nyckeltal");
    }

    #[test]
    fn figures_are_numbers_shown_as_the_pdf_shows_them() {
        assert_eq!(number(&Tal::amount(18, 1)), (1.8, "#,##0.0".to_string()));
        assert_eq!(number(&Tal::tkr(1181)), (1181.0, "#,##0".to_string()));
        assert_eq!(number(&Tal::change(-3, 0)).1, "+#,##0;-#,##0;0");
        assert_eq!(number(&Tal::new(36, Talslag::Promille)), (0.036, "+0.0%;-0.0%;0.0%".to_string()));
        assert_eq!(number(&Tal::new(58, Talslag::Procent)), (0.58, "0%".to_string()));
    }
}
