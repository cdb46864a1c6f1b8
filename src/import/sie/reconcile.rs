//! From the rows read to the figures imported: each account's figure for
//! the months asked for by the rule of [`super::totals`], and the
//! reconciliation of the year's periods with the year's result (`#RES`),
//! computed for every import and always said.

use std::collections::{BTreeMap, BTreeSet};

use super::{Ambiguous, Reading, Rule};
use crate::error::Error;
use crate::import::{Into, Row};

/// How many differing accounts a message lists.
const LISTED: usize = 10;

/// The rows for the months asked for, and the reconciliation's lines.
pub(super) fn rows(r: &Reading, notes: &mut Vec<String>) -> Result<(Vec<Row>, Vec<String>), Error> {
    let name = r.name;
    let request = r.request;
    if !r.any_record {
        return without_periods(r);
    }
    let taken = r.cells.iter().filter(|((_, month), _)| r.months.takes(*month));
    let rows = if request.by_ansvar {
        let mut objects: BTreeMap<(u64, String), i128> = BTreeMap::new();
        let mut unclear = Vec::new();
        let mut totals: BTreeMap<u64, Option<i128>> = BTreeMap::new();
        for ((konto, month), cell) in taken {
            match cell.objects(request.dimension) {
                Ok(list) => {
                    for (object, v) in list {
                        *objects.entry((*konto, object.to_string())).or_default() += v;
                    }
                }
                Err(a) => unclear.push((*konto, *month, a)),
            }
            let total = totals.entry(*konto).or_insert(Some(0));
            *total = total.zip(cell.total(request.dimension).ok()).map(|(t, (v, _))| t + v);
        }
        refuse_unclear(name, &unclear, request.dimension)?;
        if objects.is_empty() {
            return Err(Error::Usage(format!(
                "{name}: the rules name ansvar, but the file has no #PSALDO per object of dimension {}; \
                 export the balances per object (SIE4 with #PSALDO and #OBJEKT), or set `källa: {{dimension: N}}`",
                request.dimension
            )));
        }
        // What is booked without an ansvar would be lost: compare with the totals.
        for (konto, total) in totals.iter().filter(|(k, _)| **k >= 3000) {
            let Some(total) = total else { continue };
            let booked: i128 = objects
                .range((*konto, String::new())..)
                .take_while(|((k, _), _)| k == konto)
                .map(|(_, v)| v)
                .sum();
            if booked != *total {
                notes.push(format!(
                    "account {konto}: {} booked without an ansvar of dimension {} is not imported",
                    kr(total - booked),
                    request.dimension
                ));
            }
        }
        objects
            .into_iter()
            .map(|((konto, ansvar), v)| Ok(Row { konto, ansvar: Some(ansvar), ore: fit(name, konto, v)? }))
            .collect::<Result<_, Error>>()?
    } else {
        let mut totals: BTreeMap<u64, (i128, Rule)> = BTreeMap::new();
        let mut unclear = Vec::new();
        for ((konto, month), cell) in taken {
            match cell.total(request.dimension) {
                Ok((v, rule)) => {
                    let entry = totals.entry(*konto).or_insert((0, Rule::Total));
                    *entry = (entry.0 + v, entry.1.max(rule));
                }
                Err(a) => unclear.push((*konto, *month, a)),
            }
        }
        refuse_unclear(name, &unclear, request.dimension)?;
        let from_objects = totals.values().filter(|(_, rule)| *rule == Rule::Objects).count();
        if from_objects > 0 {
            notes.push(format!(
                "{from_objects} of {} accounts have no `{{}}` row in some period: there their figure is the sum of their objects' rows",
                totals.len()
            ));
        }
        totals
            .into_iter()
            .map(|(konto, (v, _))| Ok(Row { konto, ansvar: None, ore: fit(name, konto, v)? }))
            .collect::<Result<_, Error>>()?
    };
    Ok((rows, reconcile(r)?))
}

/// A file without the record asked for: the year's result, or a refusal.
fn without_periods(r: &Reading) -> Result<(Vec<Row>, Vec<String>), Error> {
    let (name, request) = (r.name, r.request);
    if request.by_ansvar {
        return Err(Error::Usage(format!(
            "{name}: the rules name ansvar, but the file has no #PSALDO per object of dimension {}; \
             export the balances per object (SIE4 with #PSALDO and #OBJEKT), or set `källa: {{dimension: N}}`",
            request.dimension
        )));
    }
    if request.into != Into::Utfall {
        return Err(Error::Usage(format!(
            "{name}: the file has no #{} {}, so no {} for {}; export it from the accounting system",
            r.record,
            r.index,
            request.into.key(),
            r.months.name
        )));
    }
    if !request.period.full_year {
        return Err(Error::Usage(format!(
            "{name}: the file has no #PSALDO, so no outcome for {}; export the period balances (SIE4 with #PSALDO)",
            request.period.name
        )));
    }
    let rows = r
        .res
        .iter()
        .map(|(konto, v)| Ok(Row { konto: *konto, ansvar: None, ore: fit(name, *konto, *v)? }))
        .collect::<Result<_, Error>>()?;
    let line =
        "the outcome is the file's year result (#RES 0): it has no #PSALDO periods to reconcile it with";
    Ok((rows, vec![line.to_string()]))
}

/// The year's periods against the year's result, per result account.
fn reconcile(r: &Reading) -> Result<Vec<String>, Error> {
    let (name, request, index) = (r.name, r.request, r.index);
    if r.record != "PSALDO" {
        return Ok(vec![format!("#{} holds no year figure to reconcile its periods with", r.record)]);
    }
    if r.res.is_empty() {
        return Ok(vec![format!(
            "the file has no #RES {index}: its periods are not reconciled with the year's result"
        )]);
    }
    let months: BTreeSet<(i32, u32)> = r.cells.keys().map(|(_, m)| *m).collect();
    // Last year's whole result is only comparable with all its periods.
    if index != 0 && months.len() < 12 {
        return Ok(vec![format!(
            "#PSALDO {index} holds {} months of {}: not reconciled with #RES {index}, the whole year",
            months.len(),
            r.months.year
        )]);
    }
    let mut periods: BTreeMap<u64, Option<i128>> = BTreeMap::new();
    for ((konto, _), cell) in r.cells.iter().filter(|((k, _), _)| *k >= 3000) {
        let v = match cell.total(request.dimension) {
            Ok((v, _)) => Some(v),
            Err(_) => cell.objects(request.dimension).ok().map(|l| l.iter().map(|(_, v)| v).sum()),
        };
        let sum = periods.entry(*konto).or_insert(Some(0));
        *sum = sum.zip(v).map(|(a, b)| a + b);
    }
    for konto in r.res.keys().filter(|k| **k >= 3000) {
        periods.entry(*konto).or_insert(Some(0));
    }
    let mut differ = Vec::new();
    for (konto, sum) in &periods {
        let year = r.res.get(konto).copied().unwrap_or(0);
        match sum {
            Some(sum) if (sum - year).abs() <= 1 => {}
            Some(sum) => differ.push(format!(
                "account {konto}: its periods add up to {}, its #RES {index} is {} (a difference of {})",
                kr(*sum),
                kr(year),
                kr(sum - year)
            )),
            None => differ.push(format!(
                "account {konto}: its rows give no total for some period; its #RES {index} is {}",
                kr(year)
            )),
        }
    }
    let (first, last) =
        (months.first().copied().unwrap_or_default(), months.last().copied().unwrap_or_default());
    let span = format!("{}{:02}–{}{:02}", first.0, first.1, last.0, last.1);
    if differ.is_empty() {
        let total: i128 = periods.values().flatten().sum();
        return Ok(vec![format!(
            "the periods {span} (#PSALDO {index}) add up to the year's result (#RES {index}) on all {} result accounts: {} in all, to the öre",
            periods.len(),
            kr(total)
        )]);
    }
    let count = differ.len();
    if request.allow_unreconciled {
        let mut lines = vec![format!(
            "NOT reconciled, as --allow-unreconciled states: the periods {span} (#PSALDO {index}) differ from #RES {index} on {count} accounts:"
        )];
        lines.extend(differ.into_iter().map(|d| format!("  {d}")));
        return Ok(lines);
    }
    let more =
        if count > LISTED { format!("\n  and {} more accounts", count - LISTED) } else { String::new() };
    differ.truncate(LISTED);
    Err(Error::Usage(format!(
        "{name}: the periods {span} (#PSALDO {index}) do not add up to the year's result (#RES {index}) on {count} accounts:\n  {}{more}\n\
         An export that leaves out rows, or object rows that are not an account's whole movement, would be imported wrong: \
         export the period balances with a `{{}}` row per account, or, if the difference is expected, pass --allow-unreconciled",
        differ.join("\n  ")
    )))
}

/// Refuses accounts whose rows of several dimension sets disagree.
fn refuse_unclear(name: &str, unclear: &[(u64, (i32, u32), Ambiguous)], dimension: u32) -> Result<(), Error> {
    let Some(first) = unclear.first() else { return Ok(()) };
    let accounts: BTreeSet<u64> = unclear.iter().map(|(k, _, _)| *k).collect();
    let (konto, (year, month), Ambiguous(sets)) = first;
    let sets: Vec<String> = sets
        .iter()
        .map(|(set, v)| {
            let dims: Vec<String> = set.iter().map(u32::to_string).collect();
            format!("dimensions {{{}}}: {}", dims.join(", "), kr(*v))
        })
        .collect();
    let others = if accounts.len() > 1 {
        let list: Vec<String> =
            accounts.iter().filter(|k| *k != konto).take(LISTED).map(u64::to_string).collect();
        format!(" (and so do accounts {})", list.join(", "))
    } else {
        String::new()
    };
    Err(Error::Usage(format!(
        "{name}: account {konto} has no `{{}}` row for {year}{month:02}, and its rows with objects add up differently ({}), \
         so its total cannot be told{others}; export #PSALDO with a `{{}}` row per account and period, \
         or name in the mapping's `källa: {{dimension: N}}` the dimension that every amount is booked on (now {dimension})",
        sets.join("; ")
    )))
}

/// A sum in öre as an amount of the report, or a refusal naming the account.
fn fit(name: &str, konto: u64, v: i128) -> Result<i64, Error> {
    i64::try_from(v).map_err(|_| {
        Error::Usage(format!(
            "{name}: the amounts of account {konto} add up to more than vplan can hold; check the file"
        ))
    })
}

/// An amount in öre as kronor: `-123450` → "−1 234,50 kr".
fn kr(v: i128) -> String {
    let clamped = i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX });
    format!("{} kr", crate::format::fixed(clamped, 2))
}
