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
use crate::decimal::{DECIMALER_RANGE, Enhet, MAX_DECIMALER, MAX_DIGITS, Misfit, Unit, shortened};
use crate::error::{Problem, SourceFile};
use crate::model::{self, Belopp, Radtyp, Spanned, Text};

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
    /// In steps of the budget's unit (whole tkr unless it says otherwise).
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
    pub summa: Option<Spanned<i64>>,
    /// Its breakdown, with the place of the key.
    pub fordelning: Option<(Location, Vec<Entry<'a>>)>,
    /// The name of the sum row after its breakdown.
    pub summanamn: Option<&'a Text>,
    /// The heading of its breakdown table.
    pub rubrik: Option<&'a Text>,
    /// What the money is for (`medelsbeskrivningar`).
    pub beskrivning: &'a [Text],
    /// A comment for the table's comment column.
    pub kommentar: Option<&'a Text>,
    /// Whether a group shows its sum (on its row or a row below).
    pub visa_summa: bool,
    /// Whether the line is left out of the sums above it.
    pub outside: bool,
}

/// A computed row a budget names: its total, or its result.
#[derive(Debug, Clone, Default)]
pub struct Named<'a> {
    /// Its name; the label ("Summa", "Resultat") when none.
    pub namn: Option<&'a Text>,
    /// Its id, for references.
    pub id: Option<&'a Spanned<String>>,
    /// What it must come to in every budget and plan column.
    pub ska_vara: Option<Spanned<i64>>,
    /// What it comes to this year, as the planner states it.
    pub summa: Option<Spanned<i64>>,
    /// Whether the table leaves the row out (`visa: false`).
    pub hidden: bool,
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
    /// The unit its figures count.
    pub unit: Unit,
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
        out.extend(self.result.as_ref().and_then(|r| r.id));
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
        unit: Unit::TKR,
        negative_income: false,
        sum_missing: false,
        lines: budget.kontoklasser.iter().map(|p| post(p, previous.as_ref())).collect(),
        total: Named { summa: budget.summa.clone(), ..Named::default() },
        funding: None,
        result: None,
    }
}

/// A line of `budget`: `belopp` is this year's, `föregående` last year's
/// (0 when not given, on a line with an amount).
fn post<'a>(p: &'a model::Post, previous: Option<&Column>) -> Entry<'a> {
    let mut given = Vec::new();
    given.extend(p.belopp.as_ref().map(|b| Given {
        field: "belopp",
        slot: Slot::Current,
        value: b.value,
        at: b.referenced,
    }));
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
        summa: p.summa.clone(),
        fordelning: p
            .fordelning
            .as_ref()
            .map(|parts| (parts.referenced, parts.value.iter().map(|c| post(c, previous)).collect())),
        summanamn: None,
        rubrik: p.fordelningsrubrik.as_ref(),
        beskrivning: &p.beskrivning,
        kommentar: None,
        visa_summa: true,
        outside: false,
    }
}

/// One of `budgetar`; not valid after reporting columns it cannot show.
pub fn columns<'a>(
    budget: &'a model::Flerarsbudget,
    year: i32,
    file: &SourceFile,
    problems: &mut Vec<Problem>,
) -> Spec<'a> {
    let columns = declared_columns(budget, year, file, problems);
    let before = problems.len();
    let unit = checked_unit(budget, file, problems);
    let mut figures = Figures { unit, file, problems };
    let named = |s: &'a model::Summarad, f: &mut Figures| Named {
        namn: Some(&s.namn),
        id: s.id.as_ref(),
        ska_vara: s.ska_vara.as_ref().and_then(|v| f.steps("ska_vara", v)),
        summa: s.summa.as_ref().and_then(|v| f.steps("summa", v)),
        hidden: !s.visa,
    };
    let lines = budget.poster.iter().map(|r| rad(r, &mut figures)).collect();
    let total = budget.summa.as_ref().map(|s| named(s, &mut figures)).unwrap_or_default();
    let funding = budget.finansiering.as_ref().map(|r| rad(r, &mut figures));
    let result = budget.resultat.as_ref().map(|s| named(s, &mut figures));
    // A figure refused above would leave its line without it: nothing is
    // summed, so one mistake gives one error, not one per total above it.
    let figures_ok = problems.len() == before;
    Spec {
        valid: columns.is_some() && figures_ok,
        form: Form::Kolumner,
        id: Some(&budget.id),
        rubrik: Some(&budget.rubrik),
        columns: columns.unwrap_or_default(),
        unit,
        negative_income: budget.intakter == model::Visning::Negativa,
        sum_missing: budget.saknade_som_noll,
        lines,
        total,
        funding,
        result,
    }
}

/// The unit a budget declares: tkr, or mnkr with one decimal, unless it
/// says how many.
pub fn unit(budget: &model::Flerarsbudget) -> Unit {
    let enhet = budget.enhet.as_ref().map_or(Enhet::Tkr, |e| e.value);
    let default = if enhet == Enhet::Mnkr { 1 } else { 0 };
    Unit { enhet, decimaler: budget.decimaler.as_ref().map_or(default, |d| d.value) }
}

/// The budget's unit, its `decimaler` checked where it is written; one out
/// of range is reported and the most allowed used in its place, so that the
/// figures are still checked without an error for each.
fn checked_unit(budget: &model::Flerarsbudget, file: &SourceFile, problems: &mut Vec<Problem>) -> Unit {
    let unit = unit(budget);
    match &budget.decimaler {
        Some(d) if d.value > MAX_DECIMALER => {
            problems.push(
                Problem::at(file, &d.referenced, format!("`decimaler: {}` is out of range", d.value))
                    .with_help(format!(
                        "a budget's `decimaler` is {DECIMALER_RANGE}: 1 for mnkr (\"1,8\"), 0 for whole tkr"
                    )),
            );
            Unit { decimaler: MAX_DECIMALER, ..unit }
        }
        _ => unit,
    }
}

/// Entered figures made steps of the budget's unit; a figure with more
/// decimals than the budget shows is reported where it stands.
struct Figures<'p> {
    unit: Unit,
    file: &'p SourceFile,
    problems: &'p mut Vec<Problem>,
}

impl Figures<'_> {
    fn steps(&mut self, field: &str, written: &Spanned<Belopp>) -> Option<Spanned<i64>> {
        let value = written.value.0;
        let shown = self.unit.decimaler;
        let (message, help) = match value.steps(shown) {
            Ok(steps) => {
                return Some(Spanned {
                    value: steps,
                    referenced: written.referenced,
                    defined: written.defined,
                });
            }
            Err(Misfit::TooLarge) => (
                format!("the figure {} is too large for this budget", shortened(&value.to_string())),
                format!(
                    "in {} with {}, a figure of this budget may have at most {} digits before the decimal comma: check for extra digits",
                    self.unit.enhet.name(),
                    decimals(shown),
                    MAX_DIGITS - usize::from(shown)
                ),
            ),
            Err(Misfit::Decimals) => {
                let other =
                    if self.unit.enhet == Enhet::Tkr && shown == 0 { " or `enhet: mnkr`" } else { "" };
                (
                    format!("{value} cannot be a figure of this budget"),
                    format!(
                        "the budget shows {} in {}: round `{field}` to {}, or give the budget `decimaler: {}`{other}",
                        decimals(shown),
                        self.unit.enhet.name(),
                        decimals(shown),
                        value.trimmed().scale
                    ),
                )
            }
        };
        self.problems.push(Problem::at(self.file, &written.referenced, message).with_help(help));
        None
    }
}

fn decimals(n: u8) -> String {
    match n {
        0 => "whole numbers".into(),
        1 => "one decimal".into(),
        n => format!("{n} decimals"),
    }
}

/// A line of a budget with columns: `belopp` this year's, `värden` by column.
fn rad<'a>(r: &'a model::Rad, figures: &mut Figures) -> Entry<'a> {
    let mut given = Vec::new();
    if let Some(b) = r.belopp.as_ref().and_then(|b| figures.steps("belopp", b)) {
        given.push(Given { field: "belopp", slot: Slot::Current, value: b.value, at: b.referenced });
    }
    for (key, value) in &r.varden {
        let slot = match Column::parse(key).filter(Column::entered) {
            Some(column) => Slot::Column(column),
            None => Slot::Unknown(key),
        };
        if let Some(v) = figures.steps("värden", value) {
            given.push(Given { field: "värden", slot, value: v.value, at: v.referenced });
        }
    }
    Entry {
        id: r.id.as_ref(),
        namn: &r.namn,
        typ: r.typ.as_ref(),
        given,
        summa: r.summa.as_ref().and_then(|s| figures.steps("summa", s)),
        fordelning: r
            .fordelning
            .as_ref()
            .map(|parts| (parts.referenced, parts.value.iter().map(|c| rad(c, figures)).collect())),
        summanamn: r.summanamn.as_ref(),
        rubrik: r.fordelningsrubrik.as_ref(),
        beskrivning: &r.beskrivning,
        kommentar: r.kommentar.as_ref(),
        visa_summa: r.visa_summa,
        outside: r.utanfor_summa,
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
