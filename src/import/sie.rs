//! Reading a SIE4 file, the format every Swedish accounting system exports:
//! the outcome per account (`#PSALDO`, or the year's `#RES`), per ansvar
//! where the rules ask (`#PSALDO` with `#OBJEKT` of one dimension), and the
//! accounts' names (`#KONTO`).
//!
//! The text is CP437 ("PC8"), as the format prescribes, unless it is valid
//! UTF-8. `#PSALDO` is read as the period's movement, so the outcome up to
//! a month is the sum of the year's periods up to it.

use std::collections::BTreeMap;

use super::{Into, Period, Row, Source};
use crate::error::{Error, Problem, SourceFile};

/// A field of a SIE line: a word, a quoted string, or a `{…}` list.
#[derive(Debug, PartialEq)]
enum Field {
    Word(String),
    List(Vec<String>),
}

/// Reads the rows of a SIE file for `period`: the outcome (`#PSALDO 0`),
/// the period's budget (`#PBUDGET 0`) or last year's outcome for the same
/// months (`#PSALDO -1`); `by_ansvar` reads the objects of `dimension`
/// instead of the accounts' totals.
pub fn read(
    name: &str,
    bytes: &[u8],
    period: &Period,
    into: Into,
    dimension: u32,
    by_ansvar: bool,
) -> Result<Source, Error> {
    // The record and year index that hold the figures asked for.
    let (record, index, months) = match into {
        Into::Periodbudget => ("PBUDGET", "0", period.clone()),
        Into::UtfallForegaendeAr => ("PSALDO", "-1", Period { year: period.year - 1, ..period.clone() }),
        _ => ("PSALDO", "0", period.clone()),
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => oem_cp::decode_string_complete_table(bytes, &oem_cp::code_table::DECODING_TABLE_CP437),
    };
    let file = SourceFile::new(name.to_string(), text);
    let mut problems = Vec::new();
    let mut names = BTreeMap::new();
    let mut totals: BTreeMap<u64, i64> = BTreeMap::new();
    let mut objects: BTreeMap<(u64, String), i64> = BTreeMap::new();
    let mut res: BTreeMap<u64, i64> = BTreeMap::new();
    let mut any_psaldo = false;
    let mut year_start: Option<(i32, u32)> = None;
    let mut offset = 0;
    for line in file.text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let Some(rest) = content.trim_start().strip_prefix('#') else { continue };
        let (label, rest) = rest.split_once([' ', '\t']).unwrap_or((rest, ""));
        let at = start + (content.len() - content.trim_start().len());
        let span = at..start + content.len();
        let fields = match fields(rest) {
            Some(f) => f,
            None => {
                problems.push(Problem::new(&file, span, "this line has an unclosed quote or `{`"));
                continue;
            }
        };
        let word = |i: usize| match fields.get(i) {
            Some(Field::Word(w)) => Some(w.as_str()),
            _ => None,
        };
        let bad = |what: &str| {
            Problem::new(&file, span.clone(), format!("this #{label} line has no readable {what}"))
        };
        match label {
            "RAR" if word(0) == Some("0") => match word(1).and_then(yyyymm) {
                Some(start) => year_start = Some(start),
                None => problems.push(bad("first date")),
            },
            "KONTO" => {
                if let (Some(konto), Some(namn)) = (word(0).and_then(|k| k.parse().ok()), word(1)) {
                    names.insert(konto, namn.to_string());
                }
            }
            "RES" if word(0) == Some("0") => {
                match (word(1).and_then(|k| k.parse().ok()), word(2).and_then(ore)) {
                    (Some(konto), Some(v)) => *res.entry(konto).or_default() += v,
                    _ => problems.push(bad("account and amount")),
                }
            }
            l if l == record && word(0) == Some(index) => {
                any_psaldo = true;
                let (Some(month), Some(konto), Some(Field::List(objs)), Some(v)) = (
                    word(1).and_then(yyyymm),
                    word(2).and_then(|k| k.parse::<u64>().ok()),
                    fields.get(3),
                    word(4).and_then(ore),
                ) else {
                    problems.push(bad("period, account, object list and amount"));
                    continue;
                };
                if !months.takes(month) {
                    continue;
                }
                if objs.is_empty() {
                    *totals.entry(konto).or_default() += v;
                } else if let [dim, object] = objs.as_slice()
                    && dim.parse::<u32>().ok() == Some(dimension)
                {
                    *objects.entry((konto, object.clone())).or_default() += v;
                }
            }
            _ => {}
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    if let Some((year, _)) = year_start
        && year != period.year
    {
        return Err(Error::Usage(format!(
            "{name}: its year 0 (#RAR 0) is {year}, the report's {}; export the year {} from the accounting system",
            period.year, period.year
        )));
    }
    let mut notes = Vec::new();
    let rows: Vec<Row> = if by_ansvar {
        if objects.is_empty() {
            return Err(Error::Usage(format!(
                "{name}: the rules name ansvar, but the file has no #PSALDO per object of dimension {dimension}; \
                 export the balances per object (SIE4 with #PSALDO and #OBJEKT), or set `källa: {{dimension: N}}`"
            )));
        }
        // What is booked without an ansvar would be lost: compare with the totals.
        for (konto, total) in totals.iter().filter(|(k, _)| **k >= 3000) {
            let booked: i64 = objects
                .range((*konto, String::new())..)
                .take_while(|((k, _), _)| k == konto)
                .map(|(_, v)| v)
                .sum();
            if booked != *total {
                notes.push(format!(
                    "account {konto}: {} kr booked without an ansvar of dimension {dimension} is not imported",
                    crate::format::fixed(total - booked, 2)
                ));
            }
        }
        objects.into_iter().map(|((konto, ansvar), ore)| Row { konto, ansvar: Some(ansvar), ore }).collect()
    } else if any_psaldo {
        totals.into_iter().map(|(konto, ore)| Row { konto, ansvar: None, ore }).collect()
    } else if into != Into::Utfall {
        return Err(Error::Usage(format!(
            "{name}: the file has no #{record} {index}, so no {} for {}; export it from the accounting system",
            into.key(),
            months.name
        )));
    } else if period.full_year {
        res.iter().map(|(konto, ore)| Row { konto: *konto, ansvar: None, ore: *ore }).collect()
    } else {
        return Err(Error::Usage(format!(
            "{name}: the file has no #PSALDO, so no outcome for {}; export the period balances (SIE4 with #PSALDO)",
            period.name
        )));
    };
    // A full year's periods add up to the year's result (#RES), where both are given.
    if into == Into::Utfall && period.full_year && any_psaldo && !by_ansvar && !res.is_empty() {
        let by_period: BTreeMap<u64, i64> = rows.iter().map(|r| (r.konto, r.ore)).collect();
        for (konto, year) in &res {
            if by_period.get(konto).copied().unwrap_or(0) != *year {
                notes
                    .push(format!("account {konto}: its periods (#PSALDO) do not add up to its year (#RES)"));
            }
        }
    }
    Ok(Source { kind: "SIE4", rows, names, notes })
}

/// The fields after a SIE label: words, "quoted strings" (with `\"`), `{…}`.
fn fields(text: &str) -> Option<Vec<Field>> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let mut list: Option<Vec<String>> = None;
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let Some(c) = chars.next() else { break };
        let word = match c {
            '{' => {
                list = Some(Vec::new());
                continue;
            }
            '}' => {
                out.push(Field::List(list.take()?));
                continue;
            }
            '"' => {
                let mut w = String::new();
                loop {
                    match chars.next()? {
                        '\\' => w.push(chars.next()?),
                        '"' => break,
                        c => w.push(c),
                    }
                }
                w
            }
            c => {
                let mut w = c.to_string();
                while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != '}' && *c != '{') {
                    w.push(c);
                }
                w
            }
        };
        match &mut list {
            Some(items) => items.push(word),
            None => out.push(Field::Word(word)),
        }
    }
    list.is_none().then_some(out)
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
    fn fields_are_words_quoted_strings_and_lists() {
        assert_eq!(
            fields(r#"0 202108 5010 {1 "110"} -1234.50"#).unwrap(),
            vec![
                Field::Word("0".into()),
                Field::Word("202108".into()),
                Field::Word("5010".into()),
                Field::List(vec!["1".into(), "110".into()]),
                Field::Word("-1234.50".into()),
            ]
        );
        assert_eq!(
            fields(r#"3010 "Försäljning \"A\"""#).unwrap()[1],
            Field::Word("Försäljning \"A\"".into())
        );
        assert_eq!(fields("0 202108 5010 {} 1").unwrap()[3], Field::List(Vec::new()));
        assert!(fields(r#"3010 "open"#).is_none());
        assert!(fields("0 {1 2").is_none());
    }

    #[test]
    fn amounts_are_exact_ore() {
        assert_eq!(ore("-1234.50"), Some(-123_450));
        assert_eq!(ore("12"), Some(1200));
        assert_eq!(ore("0.125"), None);
        assert_eq!(yyyymm("20210101"), Some((2021, 1)));
        assert_eq!(yyyymm("202113"), None);
    }
}
