//! Reading a sheet of accounts and amounts: a CSV file (`;`, `,` or tab
//! separated, as Excel and the accounting systems write them) or a workbook
//! (xlsx, xls, ods, read with calamine). The mapping names the columns by
//! their headings; amounts are kronor, with a decimal comma or point.

use std::collections::BTreeMap;

use calamine::{Data, Reader};

use super::mapping::{Kolumner, code};
use super::{Row, Source};
use crate::decimal::Decimal;
use crate::error::{Error, Problem, SourceFile};

/// Which column holds what.
struct Columns {
    konto: usize,
    ansvar: Option<usize>,
    belopp: usize,
}

/// Finds the columns in a heading row; `Err` names what is missing.
fn columns(headings: &[String], wanted: &Kolumner, by_ansvar: bool) -> Result<Columns, String> {
    let find = |name: &str| headings.iter().position(|h| h.trim().eq_ignore_ascii_case(name.trim()));
    let missing = |name: &str| {
        format!(
            "no column `{name}` among the headings ({}); name it in the mapping's `källa: {{kolumner: …}}`",
            headings.join(", ")
        )
    };
    let konto = find(&wanted.konto).ok_or_else(|| missing(&wanted.konto))?;
    let belopp = find(&wanted.belopp).ok_or_else(|| missing(&wanted.belopp))?;
    let ansvar = find(&wanted.ansvar);
    if by_ansvar && ansvar.is_none() {
        return Err(missing(&wanted.ansvar));
    }
    Ok(Columns { konto, ansvar, belopp })
}

/// The rows of a CSV file.
pub fn read_csv(name: &str, bytes: &[u8], wanted: &Kolumner, by_ansvar: bool) -> Result<Source, Error> {
    let text = String::from_utf8_lossy(bytes).trim_start_matches('\u{feff}').to_string();
    let file = SourceFile::new(name.to_string(), text);
    let head = file.text.lines().next().unwrap_or("");
    let delimiter = [b';', b'\t', b','].into_iter().find(|d| head.contains(char::from(*d))).unwrap_or(b',');
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(file.text.as_bytes());
    let heading_line = 0..head.len();
    let headings: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => {
            return Err(Error::problem(Problem::new(
                &file,
                heading_line,
                format!("cannot read the headings: {e}"),
            )));
        }
    };
    let cols = columns(&headings, wanted, by_ansvar)
        .map_err(|m| Error::problem(Problem::new(&file, heading_line.clone(), m)))?;
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let at = e.position().map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0));
                problems.push(Problem::new(
                    &file,
                    at..line_end(&file.text, at),
                    format!("cannot read this row: {e}"),
                ));
                continue;
            }
        };
        let start = record.position().map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0));
        // A field's place in its line: after the fields and separators before it.
        let field_at = |i: usize| {
            let before: usize = (0..i).map(|j| record.get(j).map_or(0, str::len) + 1).sum();
            let from = (start + before).min(file.text.len());
            from..(from + record.get(i).map_or(1, str::len).max(1)).min(line_end(&file.text, from)).max(from)
        };
        let cell = |i: usize| record.get(i).unwrap_or("").trim();
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let Some(konto) = code(cell(cols.konto)) else {
            // A sum or comment line has no account: it is not an amount to map.
            if cell(cols.konto).is_empty() {
                continue;
            }
            problems.push(Problem::new(
                &file,
                field_at(cols.konto),
                format!("`{}` is not an account number", cell(cols.konto)),
            ));
            continue;
        };
        let Some(ore) = Decimal::parse(cell(cols.belopp)).and_then(|d| d.at_scale(2)) else {
            problems.push(
                Problem::new(
                    &file,
                    field_at(cols.belopp),
                    format!("`{}` is not an amount in kronor", cell(cols.belopp)),
                )
                .with_help("write kronor with at most two decimals, e.g. 1234,50 or -1234.50"),
            );
            continue;
        };
        let ansvar = cols.ansvar.map(|i| cell(i).to_string()).filter(|a| !a.is_empty());
        rows.push(Row { konto, ansvar, ore });
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(Source { kind: "CSV", rows, names: BTreeMap::new(), notes: Vec::new() })
}

fn line_end(text: &str, from: usize) -> usize {
    text[from.min(text.len())..].find(['\n', '\r']).map_or(text.len(), |i| from + i)
}

/// The rows of a workbook's sheet (the first, unless `blad` names one).
pub fn read_workbook(
    path: &std::path::Path,
    blad: Option<&str>,
    wanted: &Kolumner,
    by_ansvar: bool,
) -> Result<Source, Error> {
    let name = path.display();
    let mut book =
        calamine::open_workbook_auto(path).map_err(|e| Error::Usage(format!("cannot read {name}: {e}")))?;
    let sheets = book.sheet_names();
    let sheet = match blad {
        Some(b) => sheets.iter().find(|s| s.as_str() == b).cloned().ok_or_else(|| {
            Error::Usage(format!("{name} has no sheet `{b}`; its sheets are {}", sheets.join(", ")))
        })?,
        None => sheets.first().cloned().ok_or_else(|| Error::Usage(format!("{name} has no sheets")))?,
    };
    let range = book
        .worksheet_range(&sheet)
        .map_err(|e| Error::Usage(format!("cannot read {name}, sheet `{sheet}`: {e}")))?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let place = |r: usize, c: usize| {
        let column = u32::try_from(c).unwrap_or(0) + left;
        format!(
            "{name}, sheet `{sheet}`, cell {}{}",
            column_name(column),
            u32::try_from(r).unwrap_or(0) + top + 1
        )
    };
    let mut lines = range.rows().enumerate().skip_while(|(_, r)| r.iter().all(|c| *c == Data::Empty));
    let Some((head_row, head)) = lines.next() else {
        return Err(Error::Usage(format!("{name}, sheet `{sheet}`, is empty")));
    };
    let headings: Vec<String> = head.iter().map(ToString::to_string).collect();
    let cols = columns(&headings, wanted, by_ansvar)
        .map_err(|m| Error::Usage(format!("{}: {m}", place(head_row, 0))))?;
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (r, line) in lines {
        let text = |c: usize| line.get(c).map(ToString::to_string).unwrap_or_default();
        if line.iter().all(|c| *c == Data::Empty) || text(cols.konto).trim().is_empty() {
            continue;
        }
        let Some(konto) = code(&text(cols.konto)) else {
            problems.push(format!(
                "{}: `{}` is not an account number",
                place(r, cols.konto),
                text(cols.konto)
            ));
            continue;
        };
        let amount = match line.get(cols.belopp) {
            Some(Data::Float(f)) => Decimal::from_f64(*f),
            Some(Data::Int(i)) => Some(Decimal::whole(*i)),
            Some(Data::String(s)) => Decimal::parse(s),
            _ => None,
        };
        let Some(ore) = amount.and_then(|d| d.trimmed().at_scale(2)) else {
            problems.push(format!(
                "{}: `{}` is not an amount in kronor",
                place(r, cols.belopp),
                text(cols.belopp)
            ));
            continue;
        };
        let ansvar =
            cols.ansvar.map(|c| text(c).trim().trim_end_matches(".0").to_string()).filter(|a| !a.is_empty());
        rows.push(Row { konto, ansvar, ore });
    }
    if !problems.is_empty() {
        return Err(Error::Usage(problems.join("\n")));
    }
    Ok(Source { kind: "xlsx", rows, names: BTreeMap::new(), notes: Vec::new() })
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
    fn a_csv_of_swedish_amounts_is_read_and_a_bad_amount_is_located() {
        let wanted = Kolumner::default();
        let csv = "Konto;Belopp\n3010;-1 234,50\n5010;99\n;Summa\n";
        let source = read_csv("u.csv", csv.as_bytes(), &wanted, false).unwrap();
        assert_eq!(
            source.rows.iter().map(|r| (r.konto, r.ore)).collect::<Vec<_>>(),
            [(3010, -123_450), (5010, 9900)]
        );
        let Err(Error::Invalid(problems)) = read_csv("u.csv", b"Konto;Belopp\n3010;12,3,4\n", &wanted, false)
        else {
            panic!("refused")
        };
        let text = problems[0].to_string();
        assert!(text.contains("u.csv:2:6") && text.contains("`12,3,4` is not an amount"), "{text}");
    }
}
