//! Reading a SIE 4 file, the format every Swedish accounting system
//! exports: the outcome per account (`#PSALDO`, or the year's `#RES`), per
//! ansvar where the rules ask (`#PSALDO` rows with objects of one
//! dimension), and the accounts' names (`#KONTO`).
//!
//! The file is read as a stream, a line at a time, so a ledger of any size
//! (with all its verifications) is read in the memory of its chart of
//! accounts. A line is UTF-8 where it is valid UTF-8, else CP437 ("PC8"),
//! as the format prescribes. `#PSALDO` is the period's movement, so the
//! outcome up to a month is the sum of the year's periods up to it; an
//! account's figure for a period follows the one rule of [`totals`].
//!
//! The financial year (`#RAR 0`) must be the report's calendar year, and
//! the year's periods are reconciled with the year's result (`#RES`), every
//! import: a difference is an error unless the user states it is expected.
//! What the import does not use (`#VER`, `#TRANS`, …) never blocks it: such
//! a line that cannot be read is a warning at its line.

mod fields;
mod reconcile;
mod totals;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::BufRead;

use chrono::{Datelike, NaiveDate};
use fields::Field;
use totals::{Ambiguous, Cell, Rule};

use super::{Into, Located, Period, Source};
use crate::error::Error;

/// What is read from a SIE file.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The months of the report.
    pub period: &'a Period,
    /// Which figures: the outcome, the period's budget or last year's outcome.
    pub into: Into,
    /// The `#OBJEKT` dimension that is ansvar.
    pub dimension: u32,
    /// Whether the rules take amounts per ansvar.
    pub by_ansvar: bool,
    /// Whether a difference from `#RES` is expected (printed, not refused).
    pub allow_unreconciled: bool,
}

/// The labels the import reads; every other label is left alone.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Label {
    Rar,
    Konto,
    Res,
    Record,
}

/// A SIE file being read: what it held so far.
struct Reading<'a> {
    name: &'a str,
    request: &'a Request<'a>,
    /// The record holding the figures asked for: `PSALDO` or `PBUDGET`.
    record: &'static str,
    /// Its year index: `0` this year, `-1` last year.
    index: i32,
    /// The months asked for, of the year of `index`.
    months: Period,
    names: BTreeMap<u64, String>,
    /// Every row of `record` and `index`, per account and period.
    cells: BTreeMap<(u64, (i32, u32)), Cell>,
    /// The year's result per account (`#RES` of `index`).
    res: BTreeMap<u64, i128>,
    /// The financial year of `index` (`#RAR`), once read.
    year: Option<(NaiveDate, NaiveDate)>,
    any_record: bool,
    any_cp437: bool,
    problems: Located,
    warnings: Located,
}

/// Reads the rows a SIE file holds for `request` from `input`, a line at a time.
pub fn read(name: &str, mut input: impl BufRead, request: &Request) -> Result<Source, Error> {
    let period = request.period;
    let (record, index, months) = match request.into {
        Into::Periodbudget => ("PBUDGET", 0, period.clone()),
        Into::UtfallForegaendeAr => ("PSALDO", -1, Period { year: period.year - 1, ..period.clone() }),
        _ => ("PSALDO", 0, period.clone()),
    };
    let mut reading = Reading {
        name,
        request,
        record,
        index,
        months,
        names: BTreeMap::new(),
        cells: BTreeMap::new(),
        res: BTreeMap::new(),
        year: None,
        any_record: false,
        any_cp437: false,
        problems: Located::default(),
        warnings: Located::default(),
    };
    let mut buffer = Vec::new();
    let mut number = 0;
    loop {
        buffer.clear();
        let read = input
            .read_until(b'\n', &mut buffer)
            .map_err(|source| Error::Read { path: name.into(), source })?;
        if read == 0 {
            break;
        }
        number += 1;
        let line = buffer.strip_suffix(b"\n").unwrap_or(&buffer);
        reading.line(number, line.strip_suffix(b"\r").unwrap_or(line))?;
    }
    reading.finish()
}

impl Reading<'_> {
    /// Reads one line (without its line break); `Err` refuses the file at once.
    fn line(&mut self, number: usize, bytes: &[u8]) -> Result<(), Error> {
        let Some((label, indent)) = fields::label(bytes) else { return Ok(()) };
        let is = |name: &str| label.eq_ignore_ascii_case(name.as_bytes());
        let index = first_word(&bytes[indent + 1 + label.len()..]);
        let wanted = match () {
            _ if is("RAR") && (index == b"0" || index == b"-1") => Some(Label::Rar),
            _ if is("KONTO") => Some(Label::Konto),
            _ if is("RES") && self.record == "PSALDO" && index == self.index.to_string().as_bytes() => {
                Some(Label::Res)
            }
            _ if is(self.record) && index == self.index.to_string().as_bytes() => Some(Label::Record),
            _ => None,
        };
        let Some(wanted) = wanted else {
            // Quotes and braces are ASCII in CP437 and UTF-8 alike: the
            // line is decoded only when it is warned about.
            if !fields::balanced(&bytes[indent + 1 + label.len()..]) {
                let text = self.decode(bytes);
                let label = String::from_utf8_lossy(label);
                self.warnings.push(
                    number,
                    &text,
                    indent..text.len(),
                    format!("this #{label} line has an unclosed quote or `{{`; the import does not use it"),
                );
            }
            return Ok(());
        };
        let text = self.decode(bytes);
        let rest = &text[indent + 1 + label.len()..];
        let label_name = String::from_utf8_lossy(label).to_uppercase();
        let Some(fields) = fields::fields(rest) else {
            let message = "this line has an unclosed quote or `{`";
            match wanted {
                Label::Konto => self.warnings.push(number, &text, indent..text.len(), message),
                _ => self.problems.push(number, &text, indent..text.len(), message),
            }
            return Ok(());
        };
        let mut line = Line { number, text: &text, indent, label: &label_name, fields: &fields };
        match wanted {
            Label::Rar => self.rar(&mut line),
            Label::Konto => {
                if let (Some(konto), Some(namn)) = (line.word(0).and_then(|k| k.parse().ok()), line.word(1)) {
                    self.names.insert(konto, namn.to_string());
                }
                Ok(())
            }
            Label::Res => {
                match (line.word(1).and_then(|k| k.parse().ok()), line.word(2).and_then(ore)) {
                    (Some(konto), Some(v)) => *self.res.entry(konto).or_default() += i128::from(v),
                    _ => line.bad(&mut self.problems, 1, "an account and an amount (`#RES 0 3010 -1234.50`)"),
                }
                Ok(())
            }
            Label::Record => {
                self.record_row(&mut line);
                Ok(())
            }
        }
    }

    /// The line as text: UTF-8 where it is valid, else CP437.
    fn decode<'b>(&mut self, bytes: &'b [u8]) -> Cow<'b, str> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => {
                self.any_cp437 = true;
                Cow::Owned(oem_cp::decode_string_complete_table(
                    bytes,
                    &oem_cp::code_table::DECODING_TABLE_CP437,
                ))
            }
        }
    }

    /// `#RAR 0 20220101 20221231`: the financial year must be the report's
    /// calendar year; a file of another is refused at once.
    fn rar(&mut self, line: &mut Line) -> Result<(), Error> {
        let date = |i: usize| line.word(i).and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok());
        let (Some(start), Some(end)) = (date(1), date(2)) else {
            line.bad(
                &mut self.problems,
                1,
                "first and last day of the financial year (`#RAR 0 20220101 20221231`)",
            );
            return Ok(());
        };
        let index: i32 = line.word(0).and_then(|i| i.parse().ok()).unwrap_or(0);
        // Last year's financial year matters only when last year is read.
        if index != 0 && index != self.index {
            return Ok(());
        }
        let year = self.request.period.year + index;
        let calendar = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31));
        if (Some(start), Some(end)) == calendar {
            if index == self.index {
                self.year = Some((start, end));
            }
            return Ok(());
        }
        let dates = format!("{}–{}", start.format("%Y-%m-%d"), end.format("%Y-%m-%d"));
        let name = self.name;
        let report = self.request.period.year;
        Err(Error::Usage(
            if (start.month(), start.day()) == (1, 1)
                && (end.year(), end.month(), end.day()) == (start.year(), 12, 31)
            {
                format!(
                    "{name}: its year {index} (#RAR {index}) is {}, the report's {}; export the year {} from the accounting system",
                    start.format("%Y"),
                    year,
                    year
                )
            } else {
                format!(
                    "{name}: its financial year {index} (#RAR {index}) is {dates}, not a calendar year; \
                 a report for {report} is read from the calendar year {year} (a municipality's financial year): \
                 export January–December {year} from the accounting system"
                )
            },
        ))
    }

    /// `#PSALDO 0 202201 3010 {1 "110"} -1234.50 [quantity]`: a row of the figures asked for.
    fn record_row(&mut self, line: &mut Line) {
        self.any_record = true;
        let Some(month) = line.word(1).and_then(yyyymm) else {
            return line.bad(&mut self.problems, 1, "period (YYYYMM, e.g. 202201)");
        };
        let Some(konto) = line.word(2).and_then(|k| k.parse::<u64>().ok()) else {
            return line.bad(&mut self.problems, 2, "account number");
        };
        let Some(Field::List(objects)) = line.fields.get(3) else {
            return line.bad(&mut self.problems, 3, "object list (`{}` for the account's total)");
        };
        let Some(pairs) = pairs(objects) else {
            return line.bad(&mut self.problems, 3, "object list of dimension–object pairs (`{1 \"110\"}`)");
        };
        let Some(amount) = line.word(4).and_then(ore) else {
            return line.bad(&mut self.problems, 4, "amount in kronor (`-1234.50`)");
        };
        if let Some((start, end)) = self.year {
            let first = NaiveDate::from_ymd_opt(month.0, month.1, 1);
            if first.is_none_or(|d| d < start.with_day(1).unwrap_or(start) || d > end) {
                let span = line.span(1);
                let message = format!(
                    "period {} lies outside the financial year (#RAR {}: {}–{})",
                    line.word(1).unwrap_or(""),
                    self.index,
                    start.format("%Y-%m-%d"),
                    end.format("%Y-%m-%d")
                );
                self.problems.push(line.number, line.text, span, message);
                return;
            }
        }
        let per_object = self.request.by_ansvar.then_some(self.request.dimension);
        self.cells.entry((konto, month)).or_default().add(&pairs, i128::from(amount), per_object);
    }

    /// The rows for the months asked for, the reconciliation, and what was noticed.
    fn finish(mut self) -> Result<Source, Error> {
        std::mem::take(&mut self.problems).into_result(self.name)?;
        let mut notes = Vec::new();
        if self.year.is_none() && self.index == 0 {
            notes.push(format!("{}: the file has no #RAR 0; its year is taken from its periods", self.name));
        }
        let encoding = if self.any_cp437 {
            "CP437 (PC8), as SIE prescribes"
        } else {
            "UTF-8 (every line read is valid UTF-8)"
        };
        let (rows, reconciliation) = reconcile::rows(&self, &mut notes)?;
        let warnings = std::mem::take(&mut self.warnings).warnings(self.name);
        Ok(Source {
            kind: "SIE4",
            rows,
            names: self.names,
            notes,
            warnings,
            encoding: Some(encoding.to_string()),
            reconciliation,
        })
    }
}

/// A label line taken apart, for locating what is wrong in it.
struct Line<'a> {
    number: usize,
    text: &'a str,
    indent: usize,
    label: &'a str,
    fields: &'a [Field<'a>],
}

impl Line<'_> {
    /// The `i`th field when it is a word.
    fn word(&self, i: usize) -> Option<&str> {
        match self.fields.get(i) {
            Some(Field::Word(w)) => Some(w.as_ref()),
            _ => None,
        }
    }

    /// The bytes of the `i`th field in the line, or the whole line.
    fn span(&self, i: usize) -> std::ops::Range<usize> {
        let whole = self.indent..self.text.len();
        let Some(Field::Word(Cow::Borrowed(word))) = self.fields.get(i) else { return whole };
        let start = (word.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        if start + word.len() <= self.text.len() { start..start + word.len().max(1) } else { whole }
    }

    /// Notes that the line has no readable `what` at field `i`.
    fn bad(&self, problems: &mut Located, i: usize, what: &str) {
        let message = format!("this #{} line has no readable {what}", self.label);
        problems.push(self.number, self.text, self.span(i), message);
    }
}

/// The first word after a label: the year index of most records.
fn first_word(rest: &[u8]) -> &[u8] {
    let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
    let word = &rest[..rest.iter().take_while(|b| !b.is_ascii_whitespace()).count()];
    word.strip_prefix(b"\"").and_then(|w| w.strip_suffix(b"\"")).unwrap_or(word)
}

/// An object list as (dimension, object) pairs; none when it is not pairs.
fn pairs<'a>(items: &'a [Cow<'a, str>]) -> Option<Vec<(u32, &'a str)>> {
    if !items.len().is_multiple_of(2) {
        return None;
    }
    items.chunks(2).map(|p| Some((p[0].parse().ok()?, p[1].as_ref()))).collect()
}

/// `20210101` or `202108` as (year, month).
fn yyyymm(text: &str) -> Option<(i32, u32)> {
    let year = text.get(0..4)?.parse().ok()?;
    let month = text.get(4..6)?.parse().ok().filter(|m| (1..=12).contains(m))?;
    Some((year, month))
}

/// An amount in kronor as öre: "-1234.50" → −123450.
fn ore(text: &str) -> Option<i64> {
    crate::decimal::Decimal::parse(text)?.at_scale(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_line_makes_the_reader_panic() {
        let period = Period { year: 2022, end: 12, full_year: true, name: "2022".into() };
        let request = Request {
            period: &period,
            into: Into::Utfall,
            dimension: 1,
            by_ansvar: true,
            allow_unreconciled: false,
        };
        let lines: &[&[u8]] = &[
            b"#PSALDO 0 2022\x94 3010 {1 \"\x94\"} -1.00",
            b"#PSALDO 0 202201 3010 {1} -1.00",
            b"#PSALDO 0 202201 3010 {x y} -1.00",
            b"#PSALDO 0 202201 \xE4\xE4 {} 9999999999999999999.99",
            b"#RAR 0 2022 x",
            b"#RAR 0 99999999 20221231",
            b"#RES 0",
            b"\xFF#\xFE",
            b"#",
            b"   #\t",
            b"#KONTO \"\\",
            b"#PSALDO 0 202201 3010 {} 92233720368547758.07",
            b"#PSALDO 0 202201 3010 {} 92233720368547758.07",
        ];
        for line in lines {
            let _ = read("f.se", *line, &request);
        }
        let _ = read("f.se", lines.concat().as_slice(), &request);
        let joined = lines.join(&b'\n');
        let _ = read("f.se", joined.as_slice(), &request).map_err(|e| e.render(false));
    }

    #[test]
    fn amounts_are_exact_ore() {
        assert_eq!(ore("-1234.50"), Some(-123_450));
        assert_eq!(ore("12"), Some(1200));
        assert_eq!(ore("0.125"), None);
        assert_eq!(yyyymm("20210101"), Some((2021, 1)));
        assert_eq!(yyyymm("202113"), None);
        assert_eq!(first_word(b" \"0\" 2021"), b"0");
    }
}
