//! Figures quoted in text: `{tkr:id}`, `{kr:id@plan 2022}`, `{mnkr:id}`,
//! `{tkr:id@förändring|abs}`, `{procent:id}`.
//!
//! Every figure a table shows can be quoted, so no amount is ever retyped.
//! Prose quotes intäkter as entered (positive), whatever sign the tables
//! show them with. A figure is quoted in the unit the placeholder names,
//! converted from its budget's (exactly, or rounded half away from zero
//! where the unit named is coarser: `{mnkr:x}` of a budget in tkr).

use super::{Resolver, known_help};
use crate::budget::columns::{self, ColumnKind, Figure};
use crate::budget::{Form, Table};
use crate::decimal::{Decimal, Enhet, Unit};
use crate::format;
use crate::text::{Kind, Reference};

/// Why a figure cannot be quoted: what is wrong and how to fix it.
pub(super) struct Refusal {
    pub message: String,
    pub help: String,
}

fn refuse(message: impl Into<String>, help: impl Into<String>) -> Refusal {
    Refusal { message: message.into(), help: help.into() }
}

/// A quoted figure: its text, and its value as shown when it is an amount.
pub(super) type Quote = (String, Option<Decimal>);

impl Resolver<'_> {
    /// The text of a figure placeholder of kind `kr`, `tkr`, `mnkr` or `procent`,
    /// for a line, total, funding or result of either budget format.
    pub(super) fn quote(&self, kind: Kind, reference: Reference) -> Result<Quote, Refusal> {
        let Some((table, row)) = self.budgets.row(reference.id) else {
            return Err(refuse(
                format!("no budget line with id `{}`", reference.id),
                known_help("budget line ids", &self.budgets.ids()),
            ));
        };
        if kind == Kind::Procent {
            if let Some(column) = reference.column {
                return Err(refuse(
                    format!("`{{procent:…}}` is this year's change; it takes no column, not `{column}`"),
                    format!("write `{{procent:{}}}`", reference.id),
                ));
            }
            let at = |i: Option<usize>| i.and_then(|i| row.figures.get(i).copied().flatten());
            return match (at(table.current), at(table.base)) {
                (Some(now), Some(then)) => match columns::per_mille(now, then) {
                    Figure::PerMille(p) => Ok((percent(p, reference.abs), None)),
                    _ => Err(refuse(
                        format!(
                            "the change of `{}` cannot be given in per cent: the earlier figure is 0",
                            reference.id
                        ),
                        "quote the change in tkr instead: `{tkr:ID@förändring}`",
                    )),
                },
                _ if table.form == Form::Kontoklasser => Err(refuse(
                    "a change in per cent needs last year's figures",
                    "give the budget `föregående_år` and its lines `föregående`",
                )),
                _ => Err(missing(table, reference.id, "förändring %")),
            };
        }
        let Some(column) = table.column(reference.column) else {
            return Err(refuse(
                match reference.column {
                    Some(c) => format!("{} has no column `{c}`", table.described()),
                    None => format!("{} does not show this year's budget", table.described()),
                },
                format!("its columns are: {}", table.column_keys().join(", ")),
            ));
        };
        if table.columns[column].kind == ColumnKind::Procent {
            // A percentage is not an amount: "1,6 % tkr" would be printed.
            return Err(refuse(
                format!(
                    "`{{{}:…}}` is an amount, but `{}` is a column of per cent",
                    kind.name(),
                    table.columns[column].key()
                ),
                format!("write `{{procent:{}}}` for this year's change in per cent", reference.id),
            ));
        }
        match table.figure(row.figures, column) {
            Figure::Amount(steps) => amount(kind, steps, table.unit, reference),
            Figure::PerMille(_) | Figure::Missing => {
                Err(missing(table, reference.id, &table.columns[column].key()))
            }
        }
    }
}

/// An amount in the unit the placeholder names, signed or absolute.
fn amount(kind: Kind, steps: i64, unit: Unit, reference: Reference) -> Result<Quote, Refusal> {
    let enhet = match kind {
        Kind::Kr => Enhet::Kr,
        Kind::Mnkr => Enhet::Mnkr,
        _ => Enhet::Tkr,
    };
    // The budget's decimals in its own unit; mnkr with one otherwise.
    let decimaler = match enhet {
        e if e == unit.enhet => unit.decimaler,
        Enhet::Mnkr => 1,
        _ => 0,
    };
    let to = Unit { enhet, decimaler };
    let steps = if reference.abs { steps.checked_abs() } else { Some(steps) };
    match steps.and_then(|s| unit.convert(s, to)) {
        Some(shown) => {
            Ok((format::fixed(shown, decimaler), Some(Decimal { units: shown, scale: decimaler })))
        }
        None => Err(refuse(
            format!("the amount of `{}` is too large to show", reference.id),
            "check the budget's figures for a misplaced digit",
        )),
    }
}

/// A percentage in prose: "3,6 %".
fn percent(per_mille: i64, abs: bool) -> String {
    let value = if abs { per_mille.saturating_abs() } else { per_mille };
    format!("{}\u{a0}%", format::per_mille(value))
}

fn missing(table: &Table, id: &str, column: &str) -> Refusal {
    refuse(
        format!("`{id}` has no figure in the column `{column}` of {}", table.described()),
        "give the figure under the line's `värden`, or quote another column",
    )
}
