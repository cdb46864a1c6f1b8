//! Reading a CSV file of accounts and amounts (`;`, `,` or tab separated,
//! as Excel and the accounting systems write them), as a stream. The
//! mapping names the columns by their headings; amounts are kronor, with a
//! decimal comma or point. Rows are summed per account (and ansvar) as they
//! are read, so a file of any length is read in the memory of its accounts.
//!
//! The text is UTF-8 or UTF-16 where a byte order mark says so, else UTF-8
//! when the whole file is valid UTF-8, else Windows-1252 (what Excel writes
//! by default on a Swedish Windows); the summary says which, and why.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use super::{Kolumner, Located, Row, Source, code};
use crate::decimal::Decimal;
use crate::error::Error;

/// Which column holds what.
pub(super) struct Columns {
    pub konto: usize,
    pub ansvar: Option<usize>,
    pub belopp: usize,
}

/// Finds the columns in a heading row; `Err` names what is missing.
pub(super) fn columns(headings: &[String], wanted: &Kolumner, by_ansvar: bool) -> Result<Columns, String> {
    let find = |name: &str| headings.iter().position(|h| h.trim().eq_ignore_ascii_case(name.trim()));
    let missing = |name: &str| {
        let shown: Vec<&str> = headings.iter().map(|h| h.trim()).filter(|h| !h.is_empty()).collect();
        format!(
            "no column `{name}` among the headings ({}); name it in the mapping's `källa: {{kolumner: …}}`",
            shown.join(", ")
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

/// Amounts summed per account and ansvar, in öre.
#[derive(Debug, Default)]
pub(super) struct Sums(BTreeMap<(u64, Option<String>), i128>);

impl Sums {
    /// Adds an amount.
    pub fn add(&mut self, konto: u64, ansvar: Option<String>, ore: i64) {
        *self.0.entry((konto, ansvar)).or_default() += i128::from(ore);
    }

    /// One row per account and ansvar; `Err` names an account whose sum does not fit.
    pub fn rows(self, name: &str) -> Result<Vec<Row>, Error> {
        self.0
            .into_iter()
            .map(|((konto, ansvar), v)| {
                let ore = i64::try_from(v).map_err(|_| {
                    Error::Usage(format!(
                        "{name}: the amounts of account {konto} add up to more than vplan can hold"
                    ))
                })?;
                Ok(Row { konto, ansvar, ore })
            })
            .collect()
    }
}

/// The rows of a CSV file, read as a stream.
pub fn read_csv(path: &Path, wanted: &Kolumner, by_ansvar: bool) -> Result<Source, Error> {
    let name = path.display().to_string();
    let open =
        || std::fs::File::open(path).map_err(|source| Error::Read { path: path.to_path_buf(), source });
    let (encoding, why) =
        encoding_of(open()?).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    let decoded = || {
        let reader = encoding_rs_io::DecodeReaderBytesBuilder::new()
            .encoding(Some(encoding))
            .bom_override(true)
            .strip_bom(true)
            .build(open()?);
        Ok::<_, Error>(BufReader::with_capacity(1 << 16, reader))
    };
    // The separator is the first of `;`, tab and `,` in the heading line.
    let mut head = String::new();
    decoded()?.read_line(&mut head).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    let head = head.trim_end_matches(['\n', '\r']);
    let delimiter = [b';', b'\t', b','].into_iter().find(|d| head.contains(char::from(*d))).unwrap_or(b',');
    let input = decoded()?;
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(input);
    let mut problems = Located::default();
    let headings: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => {
            problems.push(1, head, 0..head.len(), format!("cannot read the headings: {e}"));
            return Err(Error::Invalid(problems.problems(&name)));
        }
    };
    let cols = match columns(&headings, wanted, by_ansvar) {
        Ok(cols) => cols,
        Err(m) => {
            problems.push(1, head, 0..head.len(), m);
            return Err(Error::Invalid(problems.problems(&name)));
        }
    };
    let mut sums = Sums::default();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => row(&record, &cols, delimiter, &mut sums, &mut problems),
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    return Err(Error::Usage(format!("cannot read {name}: {e}")));
                }
                problems.push(line, "", 0..0, format!("cannot read this row: {e}"));
            }
        }
    }
    problems.into_result(&name)?;
    let encoding = format!("{} ({why})", encoding.name());
    let reconciliation =
        vec!["a CSV file has no totals of its own: its amounts are not reconciled".to_string()];
    Ok(Source {
        kind: "CSV",
        rows: sums.rows(&name)?,
        names: BTreeMap::new(),
        notes: Vec::new(),
        warnings: Vec::new(),
        encoding: Some(encoding),
        reconciliation,
    })
}

/// One record: its amount summed, or a problem located in its line.
fn row(record: &csv::StringRecord, cols: &Columns, delimiter: u8, sums: &mut Sums, problems: &mut Located) {
    let cell = |i: usize| record.get(i).unwrap_or("").trim();
    if record.iter().all(|f| f.trim().is_empty()) {
        return;
    }
    let line = record.position().map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
    // The line as its fields and separators, for locating a field in it.
    let text = record.iter().collect::<Vec<_>>().join(&char::from(delimiter).to_string());
    let field_at = |i: usize| {
        let from: usize = (0..i).map(|j| record.get(j).map_or(0, str::len) + 1).sum();
        from..from + record.get(i).map_or(1, str::len).max(1)
    };
    let Some(konto) = code(cell(cols.konto)) else {
        // A sum or comment line has no account: it is not an amount to map.
        if !cell(cols.konto).is_empty() {
            let message = format!("`{}` is not an account number", cell(cols.konto));
            problems.push(line, &text, field_at(cols.konto), message);
        }
        return;
    };
    let Some(ore) = Decimal::parse(cell(cols.belopp)).and_then(|d| d.at_scale(2)) else {
        problems.push_with_help(
            line,
            &text,
            field_at(cols.belopp),
            format!("`{}` is not an amount in kronor", cell(cols.belopp)),
            Some("write kronor with at most two decimals, e.g. 1234,50 or -1234.50".to_string()),
        );
        return;
    };
    let ansvar = cols.ansvar.map(|i| cell(i).to_string()).filter(|a| !a.is_empty());
    sums.add(konto, ansvar, ore);
}

/// The file's encoding and why: its byte order mark, or a pass over it
/// finding it valid UTF-8 (or not).
fn encoding_of(mut input: impl Read) -> std::io::Result<(&'static Encoding, &'static str)> {
    let mut buffer = vec![0; 1 << 16];
    let mut carried = 0;
    let mut first = true;
    loop {
        let read = input.read(&mut buffer[carried..])?;
        let filled = carried + read;
        if first {
            first = false;
            if let Some((encoding, _)) = Encoding::for_bom(&buffer[..filled]) {
                return Ok((encoding, "its byte order mark"));
            }
        }
        if read == 0 {
            return Ok(if carried == 0 {
                (UTF_8, "valid UTF-8")
            } else {
                (WINDOWS_1252, "the file is not valid UTF-8; Excel's default")
            });
        }
        match std::str::from_utf8(&buffer[..filled]) {
            Ok(_) => carried = 0,
            // A character cut by the buffer's end is read with the next part.
            Err(e) if e.error_len().is_none() => {
                let valid = e.valid_up_to();
                buffer.copy_within(valid..filled, 0);
                carried = filled - valid;
            }
            Err(_) => return Ok((WINDOWS_1252, "the file is not valid UTF-8; Excel's default")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, bytes: &[u8]) -> Result<Source, Error> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        read_csv(&path, &Kolumner::default(), false)
    }

    #[test]
    fn a_csv_of_swedish_amounts_is_read_and_a_bad_amount_is_located() {
        let source =
            read("u.csv", "Konto;Belopp\n3010;-1 234,50\n5010;99\n;Summa\n5010;1\n".as_bytes()).unwrap();
        assert_eq!(
            source.rows.iter().map(|r| (r.konto, r.ore)).collect::<Vec<_>>(),
            [(3010, -123_450), (5010, 10000)]
        );
        assert_eq!(source.encoding.as_deref(), Some("UTF-8 (valid UTF-8)"));
        let Err(Error::Invalid(problems)) = read("u.csv", b"Konto;Belopp\n3010;1\n3010;12,3,4\n") else {
            panic!("refused")
        };
        let text = problems[0].to_string();
        assert!(text.contains("u.csv:3:6") && text.contains("`12,3,4` is not an amount"), "{text}");
    }

    #[test]
    fn the_encoding_is_told_by_a_byte_order_mark_or_by_trying_utf8() {
        let (e, why) = encoding_of(&b"\xEF\xBB\xBFKonto"[..]).unwrap();
        assert_eq!((e, why), (UTF_8, "its byte order mark"));
        assert_eq!(encoding_of(&b"\xFF\xFEK\0"[..]).unwrap().0, encoding_rs::UTF_16LE);
        assert_eq!(encoding_of("Kontonamn;Övrigt".as_bytes()).unwrap().0, UTF_8);
        assert_eq!(encoding_of(&b"Kontonamn;\xD6vrigt"[..]).unwrap().0, WINDOWS_1252);
        // A character cut by the reader's buffer is still UTF-8.
        let mut long = vec![b'a'; (1 << 16) - 1];
        long.extend_from_slice("ö".as_bytes());
        assert_eq!(encoding_of(long.as_slice()).unwrap().0, UTF_8);
        // A file ending inside a character is not.
        assert_eq!(encoding_of(&b"ab\xC3"[..]).unwrap().0, WINDOWS_1252);
    }

    #[test]
    fn a_windows_1252_csv_is_read_with_its_headings() {
        let wanted =
            Kolumner { konto: "Kontonr".into(), belopp: "Belopp (kr)".into(), ..Kolumner::default() };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.csv");
        std::fs::write(&path, b"Kontonr;Ben\xE4mning;Belopp (kr)\n5010;L\xF6ner;1 000,00\n").unwrap();
        let source = read_csv(&path, &wanted, false).unwrap();
        assert_eq!(source.rows[0].ore, 100_000);
        assert!(source.encoding.unwrap().starts_with("windows-1252 (the file is not valid UTF-8"));
    }
}
