//! Both budget formats lowered to one shape before anything is summed.
//!
//! Input: the plan's `budget` (per kontoklass, this year and last) or one
//! of its `budgetar` (columns of years). Output: a [`Spec`]: the columns,
//! and every line as an [`Entry`] with the figures it gives and where it
//! gives them. From here on one computation, one set of checks and one
//! table serve both formats: `budget` is a budget with the columns
//! "budget Y−1, budget Y, förändring" (or "budget Y" alone), whose lines
//! have no `typ`, so its total is the sum of its kontoklasser.

use serde_saphyr::Location;

use super::columns::{Column, ColumnKind};
use crate::error::{Problem, SourceFile};
use crate::model::{self, Radtyp, Spanned, Text};

/// Which format a budget was written in; it decides only how its tables
/// are laid out and which keys the help for a mistake names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// The plan's `budget`: per kontoklass, a Summa row below the table.
    Kontoklasser,
    /// One of the plan's `budgetar`: columns of years, sum rows in the table.
    Kolumner,
}

/// Where a given figure goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot<'a> {
    /// This year's budget (`belopp`).
    Current,
    /// A column named by the plan (`värden`, `föregående`).
    Column(Column),
    /// A name that is no column of figures: reported with the table's columns.
    Unknown(&'a str),
}

/// A figure a line gives, with the key that gave it and its place.
#[derive(Debug, Clone)]
pub struct Given<'a> {
    /// The YAML key: `belopp`, `föregående` or `värden`.
    pub field: &'static str,
    /// Its column.
    pub slot: Slot<'a>,
    /// Whole tkr.
    pub value: i64,
    /// Where it stands (the line's name for a figure the format implies).
    pub at: Location,
}

/// A budget line as either format writes it.
#[derive(Debug)]
pub struct Entry<'a> {
    /// Its id, for references.
    pub id: Option<&'a Spanned<String>>,
    /// The name shown in tables.
    pub namn: &'a Text,
    /// Income or cost, when the plan says.
    pub typ: Option<&'a Spanned<Radtyp>>,
    /// The figures it gives itself.
    pub given: Vec<Given<'a>>,
    /// This year's total as the planner states it, to be checked.
    pub summa: Option<&'a Spanned<i64>>,
    /// Its breakdown, with the place of the key.
    pub fordelning: Option<(Location, Vec<Entry<'a>>)>,
    /// The name of the sum row after its breakdown.
    pub summanamn: Option<&'a Text>,
    /// The heading of its breakdown table.
    pub rubrik: Option<&'a Text>,
    /// What the money is for (`medelsbeskrivningar`).
    pub beskrivning: &'a [Text],
}

/// A computed row a budget names: its total, or its result.
#[derive(Debug, Clone, Copy, Default)]
pub struct Named<'a> {
    /// Its name; the label ("Summa", "Resultat") when none.
    pub namn: Option<&'a Text>,
    /// Its id, for references.
    pub id: Option<&'a Spanned<String>>,
    /// What it must come to in every budget and plan column.
    pub ska_vara: Option<&'a Spanned<i64>>,
    /// What it comes to this year, as the planner states it.
    pub summa: Option<&'a Spanned<i64>>,
}

/// A budget lowered: ready to be summed.
#[derive(Debug)]
pub struct Spec<'a> {
    /// False when its columns were refused (reported already): its ids are
    /// known, its figures are not computed.
    pub valid: bool,
    /// The format it was written in.
    pub form: Form,
    /// Its id (a `budgetar` budget's); the plan's `budget` has none.
    pub id: Option<&'a Spanned<String>>,
    /// Its name, e.g. "Driftbudget".
    pub rubrik: Option<&'a Text>,
    /// Its columns, in order.
    pub columns: Vec<Column>,
    /// Whether intäkter are shown negative.
    pub negative_income: bool,
    /// Whether a missing figure counts as 0 in sums.
    pub sum_missing: bool,
    /// The lines.
    pub lines: Vec<Entry<'a>>,
    /// The total row.
    pub total: Named<'a>,
    /// The funding line.
    pub funding: Option<Entry<'a>>,
    /// The result row, when the plan names one.
    pub result: Option<Named<'a>>,
}

impl<'a> Spec<'a> {
    /// Every id the budget defines, with its place, in order.
    pub fn ids(&self) -> Vec<&'a Spanned<String>> {
        fn walk<'a>(entries: &[Entry<'a>], out: &mut Vec<&'a Spanned<String>>) {
            for e in entries {
                out.extend(e.id);
                if let Some((_, parts)) = &e.fordelning {
                    walk(parts, out);
                }
            }
        }
        let mut out: Vec<&'a Spanned<String>> = self.id.into_iter().collect();
        out.extend(self.total.id);
        walk(&self.lines, &mut out);
        out.extend(self.funding.as_ref().and_then(|f| f.id));
        out.extend(self.result.and_then(|r| r.id));
        out
    }
}

/// The plan's `budget` as a budget with columns; not valid after
/// reporting a last year that is not before the plan's.
pub fn legacy<'a>(
    budget: &'a model::Budget,
    year: i32,
    file: &SourceFile,
    problems: &mut Vec<Problem>,
) -> Spec<'a> {
    let this = Column { kind: ColumnKind::Budget, year: Some(year) };
    let mut valid = true;
    let previous = match &budget.foregaende_ar {
        Some(last) if last.value >= year => {
            problems.push(
                Problem::at(
                    file,
                    &last.referenced,
                    format!("last year's figures must be of a year before {year}, not {}", last.value),
                )
                .with_help(format!("write `föregående_år: {}`", year - 1)),
            );
            valid = false;
            None
        }
        Some(last) => Some(Column { kind: ColumnKind::Budget, year: Some(last.value) }),
        None => None,
    };
    let columns = match &previous {
        Some(last) => vec![last.clone(), this, Column { kind: ColumnKind::Forandring, year: None }],
        None => vec![this],
    };
    Spec {
        valid,
        form: Form::Kontoklasser,
        id: None,
        rubrik: None,
        columns,
        negative_income: false,
        sum_missing: false,
        lines: budget.kontoklasser.iter().map(|p| post(p, previous.as_ref())).collect(),
        total: Named { summa: budget.summa.as_ref(), ..Named::default() },
        funding: None,
        result: None,
    }
}

/// A line of `budget`: `belopp` is this year's, `föregående` last year's
/// (0 when not given, on a line with an amount).
fn post<'a>(p: &'a model::Post, previous: Option<&Column>) -> Entry<'a> {
    let mut given = Vec::new();
    given.extend(this_year(p.belopp.as_ref()));
    if let Some(last) = previous {
        let slot = Slot::Column(last.clone());
        match &p.foregaende {
            Some(f) => given.push(Given { field: "föregående", slot, value: f.value, at: f.referenced }),
            // Earlier vplans count a missing last year as 0; a line with no
            // amount at all is left without figures, to be reported as such.
            None if p.belopp.is_some() && p.fordelning.is_none() => {
                given.push(Given { field: "föregående", slot, value: 0, at: p.namn.referenced })
            }
            None => {}
        }
    }
    Entry {
        id: p.id.as_ref(),
        namn: &p.namn,
        typ: None,
        given,
        summa: p.summa.as_ref(),
        fordelning: p
            .fordelning
            .as_ref()
            .map(|parts| (parts.referenced, parts.value.iter().map(|c| post(c, previous)).collect())),
        summanamn: None,
        rubrik: p.fordelningsrubrik.as_ref(),
        beskrivning: &p.beskrivning,
    }
}

/// `belopp`, this year's budget in either format.
fn this_year(belopp: Option<&Spanned<i64>>) -> Option<Given<'_>> {
    belopp.map(|b| Given { field: "belopp", slot: Slot::Current, value: b.value, at: b.referenced })
}

/// One of `budgetar`; not valid after reporting columns it cannot show.
pub fn columns<'a>(
    budget: &'a model::Flerarsbudget,
    year: i32,
    file: &SourceFile,
    problems: &mut Vec<Problem>,
) -> Spec<'a> {
    let columns = declared_columns(budget, year, file, problems);
    let named = |s: &'a model::Summarad| Named {
        namn: Some(&s.namn),
        id: s.id.as_ref(),
        ska_vara: s.ska_vara.as_ref(),
        summa: None,
    };
    Spec {
        valid: columns.is_some(),
        form: Form::Kolumner,
        id: Some(&budget.id),
        rubrik: Some(&budget.rubrik),
        columns: columns.unwrap_or_default(),
        negative_income: budget.intakter == model::Visning::Negativa,
        sum_missing: budget.saknade_som_noll,
        lines: budget.poster.iter().map(rad).collect(),
        total: budget.summa.as_ref().map(named).unwrap_or_default(),
        funding: budget.finansiering.as_ref().map(rad),
        result: budget.resultat.as_ref().map(named),
    }
}

/// A line of a budget with columns: `belopp` this year's, `värden` by column.
fn rad(r: &model::Rad) -> Entry<'_> {
    let mut given = Vec::new();
    given.extend(this_year(r.belopp.as_ref()));
    for (key, value) in &r.varden {
        let slot = match Column::parse(key).filter(Column::entered) {
            Some(column) => Slot::Column(column),
            None => Slot::Unknown(key),
        };
        given.push(Given { field: "värden", slot, value: value.value, at: value.referenced });
    }
    Entry {
        id: r.id.as_ref(),
        namn: &r.namn,
        typ: r.typ.as_ref(),
        given,
        summa: r.summa.as_ref(),
        fordelning: r
            .fordelning
            .as_ref()
            .map(|parts| (parts.referenced, parts.value.iter().map(rad).collect())),
        summanamn: r.summanamn.as_ref(),
        rubrik: r.fordelningsrubrik.as_ref(),
        beskrivning: &r.beskrivning,
    }
}

/// The budget's columns, as declared or this year's budget alone.
fn declared_columns(
    budget: &model::Flerarsbudget,
    year: i32,
    file: &SourceFile,
    problems: &mut Vec<Problem>,
) -> Option<Vec<Column>> {
    if budget.kolumner.is_empty() {
        return Some(vec![Column { kind: ColumnKind::Budget, year: Some(year) }]);
    }
    let mut out: Vec<Column> = Vec::new();
    let before = problems.len();
    for text in &budget.kolumner {
        match Column::parse(&text.value) {
            Some(column) if out.contains(&column) => problems.push(
                Problem::at(file, &text.referenced, format!("the column `{}` is listed twice", text.value))
                    .with_help("list each column once"),
            ),
            Some(column) => out.push(column),
            None => problems.push(
                Problem::at(file, &text.referenced, format!("`{}` is not a column vplan knows", text.value))
                    .with_help(format!(
                        "columns are `bokslut ÅR`, `budget ÅR`, `plan ÅR`, `förändring` and `förändring %`, e.g. `bokslut {}`, `budget {year}`",
                        year - 2
                    )),
            ),
        }
    }
    (problems.len() == before).then_some(out)
}
