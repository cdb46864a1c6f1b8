//! `new-year` for budgets with columns: the columns move one year on and
//! each line's figures move with them.
//!
//! Next year's columns are this year's, each a year later ("bokslut 2019"
//! → "bokslut 2020", "plan 2023" → "plan 2024"). A figure stays with its
//! year and kind: this year's budget (`belopp`) becomes last year's
//! ("budget 2021" under `värden`), the first plan year's figure becomes
//! the new `belopp`, later plan years stay. What no plan held (the
//! outcome of the year ending, the new last plan year) is left out and
//! shown "–" until the planner writes it in. Placeholders that name a
//! column move on a year too, so `{tkr:x@plan 2022}` still quotes the
//! first plan year.

use std::collections::BTreeMap;

use crate::budget::columns::{Column, ColumnKind};
use crate::edit::{Edit, token, value_edit};
use crate::error::{Error, Problem, SourceFile};
use crate::model::{Belopp, Flerarsbudget, Rad};

/// The edits that move a budget with columns on by one year.
pub(super) fn roll(
    file: &SourceFile,
    budget: &Flerarsbudget,
    year: i32,
    edits: &mut Vec<Edit>,
    changes: &mut Vec<String>,
    warnings: &mut Vec<Problem>,
) -> Result<(), Error> {
    let old: Vec<Column> = budget.kolumner.iter().filter_map(|c| Column::parse(&c.value)).collect();
    for column in &budget.kolumner {
        let text = &file.text[token(file, column)];
        edits.push(value_edit(file, column, super::shift_years(text)));
    }
    let new: Vec<Column> = old.iter().map(|c| Column { kind: c.kind, year: c.year.map(|y| y + 1) }).collect();
    let mut lines: Vec<&Rad> = Vec::new();
    collect(&budget.poster, &mut lines);
    if let Some(funding) = &budget.finansiering {
        collect(std::slice::from_ref(funding), &mut lines);
    }
    for rad in lines {
        roll_line(file, rad, year, &new, edits, warnings)?;
    }
    remove_stated_sums(file, &budget.poster, edits, changes);
    Ok(())
}

/// A group's stated `summa` was this year's total from the accounting
/// office; next year's figures differ, so it goes, and the change says so.
fn remove_stated_sums(file: &SourceFile, rader: &[Rad], edits: &mut Vec<Edit>, changes: &mut Vec<String>) {
    for rad in rader {
        let Some(parts) = &rad.fordelning else { continue };
        if let Some(summa) = &rad.summa {
            let value = token(file, summa);
            let line_start = file.text[..value.start].rfind('\n').map_or(0, |i| i + 1);
            let before = &file.text[line_start..value.start];
            let range = if before.trim_start().starts_with("summa:") {
                // A line of its own: the whole line goes.
                let end = file.text[value.end..].find('\n').map_or(file.text.len(), |i| value.end + i + 1);
                line_start..end
            } else {
                // In a flow mapping: `, summa: 469.1`.
                let key = file.text[..value.start].rfind("summa").unwrap_or(value.start);
                let comma = file.text[..key].rfind(',').unwrap_or(key);
                comma..value.end
            };
            edits.push(Edit { range, text: String::new() });
            changes.push(format!(
                "summa of `{}` removed: it was this year's; state next year's",
                rad.namn.value
            ));
        }
        remove_stated_sums(file, &parts.value, edits, changes);
    }
}

fn collect<'a>(rader: &'a [Rad], out: &mut Vec<&'a Rad>) {
    for rad in rader {
        match &rad.fordelning {
            Some(parts) => collect(&parts.value, out),
            None => out.push(rad),
        }
    }
}

/// A line's figures by column, as written.
fn figures(rad: &Rad, year: i32) -> BTreeMap<String, Belopp> {
    let mut out: BTreeMap<String, Belopp> =
        rad.varden.iter().filter_map(|(k, v)| Column::parse(k).map(|c| (c.key(), v.value))).collect();
    if let Some(amount) = &rad.belopp {
        out.insert(format!("budget {year}"), amount.value);
    }
    out
}

fn roll_line(
    file: &SourceFile,
    rad: &Rad,
    year: i32,
    new: &[Column],
    edits: &mut Vec<Edit>,
    warnings: &mut Vec<Problem>,
) -> Result<(), Error> {
    let old = figures(rad, year);
    let next = year + 1;
    // Next year's budget starts from this plan's figure for that year.
    let planned = old.get(&format!("plan {next}")).or(old.get(&format!("budget {next}")));
    let amount = planned.or(old.get(&format!("budget {year}")));
    if let (None, Some(kept), Some(belopp)) = (planned, amount, &rad.belopp) {
        // Said, not silent: the plan had no figure for next year.
        warnings.push(
            Problem::at(
                file,
                &belopp.referenced,
                format!(
                    "`{}` has no figure for plan {next}: next year's `belopp` keeps this year's {}",
                    rad.namn.value, kept.0
                ),
            )
            .with_help(format!(
                "write next year's budget here, or give the line `plan {next}` under `värden`"
            )),
        );
    }
    let mut values: Vec<(String, Belopp)> = Vec::new();
    for column in new.iter().filter(|c| c.entered()) {
        let key = column.key();
        if column.kind == ColumnKind::Budget && column.year == Some(next) {
            continue;
        }
        if let Some(v) = old.get(&key) {
            values.push((key, *v));
        }
    }
    let map =
        format!("{{{}}}", values.iter().map(|(k, v)| format!("{k}: {}", v.0)).collect::<Vec<_>>().join(", "));
    if let (Some(belopp), Some(amount)) = (&rad.belopp, amount) {
        edits.push(value_edit(file, belopp, amount.0.to_string()));
    }
    match rad.varden.values().next() {
        Some(first) => {
            let range = flow_map(file, first).ok_or_else(|| {
                Error::problem(
                    Problem::at(file, &first.referenced, "cannot move these figures on automatically")
                        .with_help("write `värden` as a map on one line, `{bokslut 2019: 5200, plan 2022: 5700}`, or move the figures by hand"),
                )
            })?;
            edits.push(Edit { range, text: map });
        }
        None if !values.is_empty() => {
            let Some(belopp) = &rad.belopp else { return Ok(()) };
            edits.push(crate::edit::insert_after(file, belopp, "värden", &map));
        }
        None => {}
    }
    Ok(())
}

/// The `{…}` of a flow map on one line, around one of its values.
fn flow_map<T>(file: &SourceFile, value: &crate::model::Spanned<T>) -> Option<std::ops::Range<usize>> {
    let at = token(file, value).start;
    let line_start = file.text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = file.text[at..].find('\n').map_or(file.text.len(), |i| at + i);
    let open = line_start + file.text[line_start..at].rfind('{')?;
    let close = at + file.text[at..line_end].find('}')? + 1;
    Some(open..close)
}

/// Every placeholder column in the plan's text one year on:
/// `{tkr:x@plan 2022}` → `{tkr:x@plan 2023}`.
pub(super) fn roll_placeholders(file: &SourceFile, edits: &mut Vec<Edit>) {
    let text = &file.text;
    let mut from = 0;
    while let Some(i) = text[from..].find('@') {
        let at = from + i;
        from = at + 1;
        let open = text[..at].rfind('{');
        let close = text[at..].find('}').map(|c| at + c);
        let (Some(open), Some(close)) = (open, close) else { continue };
        let inner = &text[open + 1..close];
        if inner.contains(['\n', '{']) || !matches!(inner.split(':').next(), Some("kr" | "tkr" | "procent")) {
            continue;
        }
        let column = &text[at + 1..close];
        let column = column.strip_suffix("|abs").unwrap_or(column);
        if Column::parse(column).is_some_and(|c| c.year.is_some()) {
            let range = at + 1..at + 1 + column.len();
            edits.push(Edit { range: range.clone(), text: super::shift_years(&text[range]) });
        }
    }
}
