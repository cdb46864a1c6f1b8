//! Reading a workbook's sheet of accounts and amounts (xlsx, xls, ods, with
//! calamine). An xlsx sheet is read as a stream, a cell at a time, so a
//! sheet of any length is read in the memory of its accounts; xls and ods
//! have no such reader in calamine and are read a sheet at a time.
//!
//! A cell holding a formula's result is a float: it is taken as the öre
//! it is within a rounding error of (98390867.99000001 → 98 390 867,99 kr).

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader, Sheets};

use super::{Columns, Kolumner, Source, Sums, code, columns};
use crate::decimal::Decimal;
use crate::error::Error;

/// The rows of a workbook's sheet (the first, unless `blad` names one).
pub fn read_workbook(
    path: &Path,
    blad: Option<&str>,
    wanted: &Kolumner,
    by_ansvar: bool,
) -> Result<Source, Error> {
    let name = path.display().to_string();
    let mut book =
        calamine::open_workbook_auto(path).map_err(|e| Error::Usage(format!("cannot read {name}: {e}")))?;
    let sheets = book.sheet_names();
    let sheet = match blad {
        Some(b) => sheets.iter().find(|s| s.as_str() == b).cloned().ok_or_else(|| {
            Error::Usage(format!("{name} has no sheet `{b}`; its sheets are {}", sheets.join(", ")))
        })?,
        None => sheets.first().cloned().ok_or_else(|| Error::Usage(format!("{name} has no sheets")))?,
    };
    let cannot =
        |e: &dyn std::fmt::Display| Error::Usage(format!("cannot read {name}, sheet `{sheet}`: {e}"));
    let mut rows = SheetRows {
        name: &name,
        sheet: &sheet,
        wanted,
        by_ansvar,
        columns: None,
        sums: Sums::default(),
        problems: Vec::new(),
    };
    match &mut book {
        Sheets::Xlsx(xlsx) => {
            let mut cells = xlsx.worksheet_cells_reader(&sheet).map_err(|e| cannot(&e))?;
            let mut line: Vec<Data> = Vec::new();
            let mut at = None;
            while let Some(cell) = cells.next_cell().map_err(|e| cannot(&e))? {
                let (r, c) = cell.get_position();
                if at != Some(r) {
                    if let Some(previous) = at {
                        rows.row(previous, &line)?;
                    }
                    line.clear();
                    at = Some(r);
                }
                let c = usize::try_from(c).unwrap_or(usize::MAX);
                if c >= line.len() {
                    line.resize(c.saturating_add(1).min(MAX_COLUMNS), Data::Empty);
                }
                if let Some(slot) = line.get_mut(c) {
                    *slot = cell.get_value().clone().into();
                }
            }
            if let Some(last) = at {
                rows.row(last, &line)?;
            }
        }
        other => {
            let range = other.worksheet_range(&sheet).map_err(|e| cannot(&e))?;
            let (top, left) = range.start().unwrap_or((0, 0));
            let mut line = Vec::new();
            for (i, cells) in range.rows().enumerate() {
                line.clear();
                line.resize(usize::try_from(left).unwrap_or(0), Data::Empty);
                line.extend_from_slice(cells);
                rows.row(top + u32::try_from(i).unwrap_or(u32::MAX), &line)?;
            }
        }
    }
    rows.finish()
}

/// The widest row read: an xlsx cell's column is at most XFD (16 384).
const MAX_COLUMNS: usize = 16_384;

/// A sheet's rows as they come: the first non-empty one is the headings.
struct SheetRows<'a> {
    name: &'a str,
    sheet: &'a str,
    wanted: &'a Kolumner,
    by_ansvar: bool,
    columns: Option<Columns>,
    sums: Sums,
    problems: Vec<String>,
}

impl SheetRows<'_> {
    /// `file, sheet `S`, cell C7` for a 0-based row and column.
    fn place(&self, r: u32, c: usize) -> String {
        format!(
            "{}, sheet `{}`, cell {}{}",
            self.name,
            self.sheet,
            column_name(u32::try_from(c).unwrap_or(0)),
            r + 1
        )
    }

    /// Takes row `r`: the headings, or an amount.
    fn row(&mut self, r: u32, line: &[Data]) -> Result<(), Error> {
        if line.iter().all(|c| *c == Data::Empty) {
            return Ok(());
        }
        let Some(cols) = &self.columns else {
            let headings: Vec<String> = line.iter().map(ToString::to_string).collect();
            let first = line.iter().position(|c| *c != Data::Empty).unwrap_or(0);
            let cols = columns(&headings, self.wanted, self.by_ansvar)
                .map_err(|m| Error::Usage(format!("{}: {m}", self.place(r, first))))?;
            self.columns = Some(cols);
            return Ok(());
        };
        let text = |c: usize| line.get(c).map(ToString::to_string).unwrap_or_default();
        if text(cols.konto).trim().is_empty() {
            return Ok(());
        }
        let (konto_at, belopp_at, ansvar_at) = (cols.konto, cols.belopp, cols.ansvar);
        let Some(konto) = code(&text(konto_at)) else {
            let problem =
                format!("{}: `{}` is not an account number", self.place(r, konto_at), text(konto_at));
            self.problems.push(problem);
            return Ok(());
        };
        let Some(ore) = line.get(belopp_at).and_then(ore_of) else {
            let problem =
                format!("{}: `{}` is not an amount in kronor", self.place(r, belopp_at), text(belopp_at));
            self.problems.push(problem);
            return Ok(());
        };
        let ansvar =
            ansvar_at.map(|c| text(c).trim().trim_end_matches(".0").to_string()).filter(|a| !a.is_empty());
        self.sums.add(konto, ansvar, ore);
        Ok(())
    }

    /// The rows read, or every problem found.
    fn finish(self) -> Result<Source, Error> {
        if self.columns.is_none() {
            return Err(Error::Usage(format!("{}, sheet `{}`, is empty", self.name, self.sheet)));
        }
        if !self.problems.is_empty() {
            return Err(Error::Usage(self.problems.join("\n")));
        }
        Ok(Source {
            kind: "xlsx",
            rows: self.sums.rows(self.name)?,
            names: BTreeMap::new(),
            notes: Vec::new(),
            warnings: Vec::new(),
            encoding: None,
            reconciliation: vec![
                "a workbook has no totals of its own: its amounts are not reconciled".to_string(),
            ],
        })
    }
}

/// A cell's amount in öre: a number, or text in kronor.
fn ore_of(cell: &Data) -> Option<i64> {
    match cell {
        Data::Float(f) => float_ore(*f),
        Data::Int(i) => i.checked_mul(100),
        Data::String(s) => Decimal::parse(s).and_then(|d| d.at_scale(2)),
        _ => None,
    }
}

/// A float in kronor as öre, when it is within a rounding error of a
/// whole öre: a relative 10⁻¹² (thousands of float steps, as a formula
/// summing many cells leaves), at most a hundredth of an öre.
fn float_ore(kronor: f64) -> Option<i64> {
    let hundredths = kronor * 100.0;
    let rounded = hundredths.round();
    if !rounded.is_finite() || rounded.abs() >= 9.0e18 {
        return None;
    }
    let tolerance = (1e-12 * hundredths.abs().max(1.0)).min(0.01);
    // In range, so the cast is exact.
    ((hundredths - rounded).abs() <= tolerance).then_some(rounded as i64)
}

/// A column's letters: 0 → A, 26 → AA.
fn column_name(mut index: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + u8::try_from(index % 26).unwrap_or(0)));
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_excel_does() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(2), "C");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
    }

    #[test]
    fn a_formulas_float_is_its_ore_within_a_rounding_error() {
        assert_eq!(float_ore(98_390_867.990_000_01), Some(9_839_086_799));
        assert_eq!(float_ore(0.1 + 0.2), Some(30));
        assert_eq!(float_ore(-1234.5), Some(-123_450));
        assert_eq!(float_ore(0.125), None);
        assert_eq!(float_ore(1234.565), None);
        assert_eq!(float_ore(1.000_01), None);
        assert_eq!(float_ore(f64::NAN), None);
        assert_eq!(float_ore(1e300), None);
    }
}
