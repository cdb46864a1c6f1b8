//! The one computation of a budget: every line's figures per column, every
//! group, total and result summed, every stated total checked.
//!
//! Input: a [`Spec`] (either format, lowered) and the plan's year. Output:
//! a [`Table`], in steps of its unit (whole tkr unless it says otherwise; `i64`, checked, never floats). Intäkter are
//! entered as positive amounts and subtracted in the total; how they are
//! shown is the table's concern, not the sums'.

use serde_saphyr::Location;

use super::columns::{Column, ColumnKind, Figure, Figures, per_mille};
use super::lower::{Entry, Form, Given, Named, Slot, Spec};
use crate::decimal::Unit;
use crate::error::{Problem, SourceFile};
use crate::format;
use crate::model::{Radtyp, Spanned, Text};

/// A line with its figures.
#[derive(Debug)]
pub struct Line<'a> {
    /// Its id, for references.
    pub id: Option<&'a Spanned<String>>,
    /// The name shown in tables.
    pub namn: &'a Text,
    /// Income or cost, its own or its group's.
    pub typ: Option<Radtyp>,
    /// One figure per entered column.
    pub figures: Figures,
    /// Its breakdown; empty for a line with figures of its own.
    pub children: Vec<Line<'a>>,
    /// The name of the sum row after its breakdown.
    pub summanamn: Option<&'a Text>,
    /// The heading of its breakdown table.
    pub rubrik: Option<&'a Text>,
    /// What the money is for.
    pub beskrivning: &'a [Text],
    /// A comment for the table's comment column.
    pub kommentar: Option<&'a Text>,
    /// Whether a group shows its sum.
    pub visa_summa: bool,
    /// Whether it is left out of the sums above it (`utanför_summa`).
    pub outside: bool,
    /// Where each figure was given (a group's: this year's stated `summa`),
    /// to point at the figure that overflows a sum.
    given_at: Vec<Option<Location>>,
}

impl Line<'_> {
    /// Its id as text.
    pub fn id(&self) -> Option<&str> {
        self.id.map(|i| i.value.as_str())
    }

    /// Whether it or a line below it has a description.
    pub fn described(&self) -> bool {
        !self.beskrivning.is_empty() || self.children.iter().any(Line::described)
    }
}

/// A row found by id.
#[derive(Debug, Clone, Copy)]
pub struct Row<'t, 'a> {
    /// Its figures, one per entered column.
    pub figures: &'t Figures,
    /// The line, for a line or the funding.
    pub line: Option<&'t Line<'a>>,
    /// Whether it is the budget's result.
    pub result: bool,
}

/// A budget with every figure computed.
#[derive(Debug)]
pub struct Table<'a> {
    /// The format it was written in.
    pub form: Form,
    /// Its id; the plan's `budget` has none.
    pub id: Option<&'a Spanned<String>>,
    /// Its name, e.g. "Driftbudget".
    pub rubrik: Option<&'a Text>,
    /// Every column, in order.
    pub columns: Vec<Column>,
    /// The unit its figures count: whole tkr unless the budget says otherwise.
    pub unit: Unit,
    /// The index among the entered columns of this year's budget, if shown.
    pub current: Option<usize>,
    /// The index among the entered columns the change is measured from.
    pub base: Option<usize>,
    /// The lines.
    pub lines: Vec<Line<'a>>,
    /// The total: kostnader less intäkter (all lines when none has a typ).
    pub total: Figures,
    /// How the plan names the total.
    pub total_row: Named<'a>,
    /// The funding line, if any.
    pub funding: Option<Line<'a>>,
    /// Funding less total, when there is funding.
    pub result: Option<Figures>,
    /// How the plan names the result.
    pub result_row: Option<Named<'a>>,
    /// Whether intäkter are shown negative.
    pub negative_income: bool,
    /// Whether a missing figure counts as 0 in the sums (`saknade_som_noll`).
    pub sum_missing: bool,
    /// Every id the budget defines.
    ids: Vec<&'a Spanned<String>>,
}

impl<'a> Table<'a> {
    /// The entered columns, in order.
    pub fn entered(&self) -> impl Iterator<Item = &Column> {
        self.columns.iter().filter(|c| c.entered())
    }

    /// The budget as messages name it: "the budget `driftbudget`".
    pub fn described(&self) -> String {
        match self.id {
            Some(id) => format!("the budget `{}`", id.value),
            None => "the budget".into(),
        }
    }

    /// A row's figure in column `column` (an index into `columns`).
    pub fn figure(&self, figures: &Figures, column: usize) -> Figure {
        let Some(col) = self.columns.get(column) else { return Figure::Missing };
        let at = |i: Option<usize>| i.and_then(|i| figures.get(i).copied().flatten());
        match col.kind {
            ColumnKind::Forandring => match (at(self.current), at(self.base)) {
                (Some(now), Some(then)) => now.checked_sub(then).map_or(Figure::Missing, Figure::Amount),
                _ => Figure::Missing,
            },
            ColumnKind::Procent => match (at(self.current), at(self.base)) {
                (Some(now), Some(then)) => per_mille(now, then),
                _ => Figure::Missing,
            },
            _ => {
                let index = self.columns[..column].iter().filter(|c| c.entered()).count();
                at(Some(index)).map_or(Figure::Missing, Figure::Amount)
            }
        }
    }

    /// Whether a line's figures are shown negated: an income of a budget
    /// that shows intäkter negative (`intäkter: negativa`).
    pub fn shown_negative(&self, line: &Line) -> bool {
        self.negative_income && line.typ == Some(crate::model::Radtyp::Intakt)
    }

    /// A row's figure this year, if the table shows this year's budget.
    pub fn this_year(&self, figures: &Figures) -> Option<i64> {
        self.current.and_then(|i| figures.get(i).copied().flatten())
    }

    /// The index of a column by the name plans use, or this year's budget.
    pub fn column(&self, key: Option<&str>) -> Option<usize> {
        match key {
            None => {
                let current = self.entered().nth(self.current?)?;
                self.columns.iter().position(|c| c == current)
            }
            Some(key) => {
                let wanted = Column::parse(key)?;
                self.columns.iter().position(|c| *c == wanted)
            }
        }
    }

    /// A row by id: a line, the total (the budget's own id or its
    /// `summa.id`), the funding or the result.
    pub fn row(&self, id: &str) -> Option<Row<'_, 'a>> {
        let is = |s: Option<&Spanned<String>>| s.is_some_and(|s| s.value == id);
        if is(self.id) || is(self.total_row.id) {
            return Some(Row { figures: &self.total, line: None, result: false });
        }
        if let Some(f) = self.funding.as_ref().filter(|f| is(f.id)) {
            return Some(Row { figures: &f.figures, line: Some(f), result: false });
        }
        if let Some(result) = self.result.as_ref().filter(|_| is(self.result_row.as_ref().and_then(|r| r.id)))
        {
            return Some(Row { figures: result, line: None, result: true });
        }
        fn walk<'l, 'a>(lines: &'l [Line<'a>], id: &str) -> Option<&'l Line<'a>> {
            lines.iter().find_map(|l| if l.id() == Some(id) { Some(l) } else { walk(&l.children, id) })
        }
        walk(&self.lines, id).map(|l| Row { figures: &l.figures, line: Some(l), result: false })
    }

    /// Every id the budget defines, with its place.
    pub fn ids(&self) -> &[&'a Spanned<String>] {
        &self.ids
    }

    /// The names of the columns, for error help.
    pub fn column_keys(&self) -> Vec<String> {
        self.columns.iter().map(Column::key).collect()
    }
}

/// Computes a budget's figures; every problem is pushed, and the table is
/// returned whenever every line could be computed, even if a stated total
/// disagrees, so that the rest of the plan can still be checked against it.
pub fn compute<'a>(
    spec: Spec<'a>,
    year: i32,
    file: &SourceFile,
    problems: &mut Vec<Problem>,
) -> Option<Table<'a>> {
    let ids = spec.ids();
    let entered: Vec<&Column> = spec.columns.iter().filter(|c| c.entered()).collect();
    let this_year = Column { kind: ColumnKind::Budget, year: Some(year) };
    let current = entered.iter().position(|c| **c == this_year);
    let base = current.and_then(|i| i.checked_sub(1));
    let derived = !spec.columns.iter().all(Column::entered);
    // Only a budget with columns can get these wrong; it has an id.
    let at = spec.id.map_or(Location::UNKNOWN, |i| i.referenced);
    if derived && current.is_none() {
        problems.push(
            Problem::at(file, &at, format!("a change needs the column `budget {year}`"))
                .with_help("add this year's budget to `kolumner`, before `förändring`"),
        );
        return None;
    }
    if derived && base.is_none() {
        problems.push(
            Problem::at(file, &at, "a change needs a column of figures before this year's budget")
                .with_help("add e.g. `budget 2020` or `bokslut 2019` before this year's budget"),
        );
        return None;
    }
    let ctx = Context {
        form: spec.form,
        columns: &entered,
        current,
        sum_missing: spec.sum_missing,
        unit: spec.unit,
        file,
    };
    let lines: Vec<Line> = spec.lines.iter().filter_map(|e| ctx.line(e, None, problems)).collect();
    let funding = match &spec.funding {
        Some(e) => Some(ctx.line(e, None, problems)?),
        None => None,
    };
    // A line that could not be computed is reported already; a total that
    // depends on it is neither computed nor checked, so one mistake gives one error.
    if lines.len() != spec.lines.len() {
        return None;
    }
    // A line outside the sums is shown, not counted.
    let signed: Vec<(i64, &Line)> = lines
        .iter()
        .filter(|l| !l.outside)
        .map(|l| (if l.typ == Some(Radtyp::Intakt) { -1 } else { 1 }, l))
        .collect();
    let total = ctx.sum(&signed, problems)?;
    if let Some(stated) = &spec.total.summa {
        ctx.check_stated(stated, &total, &signed, problems);
    }
    let result = match &funding {
        Some(f) => {
            let at = f.namn.referenced;
            Some(ctx.subtract(&f.figures, &total, at, problems)?)
        }
        None => None,
    };
    ctx.check_expected(&spec.total, "Summa", &total, problems);
    match (&result, &spec.result) {
        (Some(figures), Some(row)) => ctx.check_expected(row, "Resultat", figures, problems),
        (None, Some(row)) => problems.push(
            Problem::at(
                file,
                &row.namn.map_or(at, |n| n.referenced),
                "a result needs the funding it is computed from",
            )
            .with_help("add `finansiering:` (e.g. Kommunbidrag) with its figures, or remove `resultat`"),
        ),
        _ => {}
    }
    Some(Table {
        form: spec.form,
        id: spec.id,
        rubrik: spec.rubrik,
        columns: spec.columns,
        unit: spec.unit,
        current,
        base,
        lines,
        total,
        total_row: spec.total,
        funding,
        result,
        result_row: spec.result,
        negative_income: spec.negative_income,
        sum_missing: spec.sum_missing,
        ids,
    })
}

/// What computing lines needs to know.
struct Context<'c> {
    form: Form,
    columns: &'c [&'c Column],
    current: Option<usize>,
    sum_missing: bool,
    unit: Unit,
    file: &'c SourceFile,
}

impl Context<'_> {
    fn problem(&self, at: &Location, message: impl Into<String>, help: impl Into<String>) -> Problem {
        Problem::at(self.file, at, message).with_help(help)
    }

    fn line<'a>(
        &self,
        e: &Entry<'a>,
        group: Option<Radtyp>,
        problems: &mut Vec<Problem>,
    ) -> Option<Line<'a>> {
        let typ = match (e.typ, group) {
            (Some(own), Some(group)) if own.value != group => {
                problems.push(self.problem(
                    &own.referenced,
                    "a line's typ differs from its group's",
                    "move the line to a group of its kind, or remove its `typ`",
                ));
                return None;
            }
            (Some(own), _) => Some(own.value),
            (None, group) => group,
        };
        let (figures, children, given_at) = match &e.fordelning {
            Some((at, parts)) if parts.is_empty() => {
                problems.push(self.problem(
                    at,
                    format!("`{}` has an empty fördelning", e.namn.value),
                    "list its lines under `fördelning`, or give `belopp` instead",
                ));
                return None;
            }
            Some((_, parts)) => {
                let mut fields: Vec<&Given> = Vec::new();
                for g in &e.given {
                    if !fields.iter().any(|f| f.field == g.field) {
                        fields.push(g);
                    }
                }
                for g in fields {
                    problems.push(self.problem(
                        &g.at,
                        format!("`{}` has both `{}` and `fördelning`", e.namn.value, g.field),
                        format!("its figures are the sums of its fördelning: remove `{}`, or give this year's as `summa` to have it checked", g.field),
                    ));
                }
                // Counted by its fördelning, so the totals above it are still checked once.
                let children: Vec<Line> = parts.iter().filter_map(|p| self.line(p, typ, problems)).collect();
                if children.len() != parts.len() {
                    return None;
                }
                let terms: Vec<(i64, &Line)> =
                    children.iter().filter(|c| !c.outside).map(|c| (1, c)).collect();
                let figures = self.sum(&terms, problems)?;
                if let Some(stated) = &e.summa {
                    self.check_stated(stated, &figures, &terms, problems);
                }
                let mut given_at = vec![None; self.columns.len()];
                if let (Some(i), Some(stated)) = (self.current, &e.summa) {
                    given_at[i] = Some(stated.referenced);
                }
                (figures, children, given_at)
            }
            None if e.given.is_empty() => {
                let help = match self.form {
                    Form::Kontoklasser => "give `belopp` in tkr (0 if none), or a `fördelning` into lines",
                    Form::Kolumner => {
                        "give `belopp` (this year's budget in tkr), `värden` per column, or a `fördelning`"
                    }
                };
                problems.push(self.problem(
                    &e.namn.referenced,
                    format!("`{}` has no figures", e.namn.value),
                    help,
                ));
                return None;
            }
            None => {
                let (figures, given_at) = self.figures(e, problems)?;
                if let Some(stated) = &e.summa {
                    self.check_stated(stated, &figures, &[], problems);
                }
                (figures, Vec::new(), given_at)
            }
        };
        Some(Line {
            id: e.id,
            namn: e.namn,
            typ,
            figures,
            children,
            summanamn: e.summanamn,
            rubrik: e.rubrik,
            beskrivning: e.beskrivning,
            kommentar: e.kommentar,
            visa_summa: e.visa_summa,
            outside: e.outside,
            given_at,
        })
    }

    /// A line's own figures, one per entered column.
    fn figures(&self, e: &Entry, problems: &mut Vec<Problem>) -> Option<(Figures, Vec<Option<Location>>)> {
        let mut figures: Figures = vec![None; self.columns.len()];
        let mut given_at = vec![None; self.columns.len()];
        let mut ok = true;
        for g in &e.given {
            let index = match &g.slot {
                Slot::Current => {
                    if self.current.is_none() {
                        ok = false;
                        problems.push(self.problem(
                            &g.at,
                            "`belopp` is this year's budget, a column this budget does not show",
                            "add this year's budget to `kolumner`, or give the figure under `värden`",
                        ));
                    }
                    self.current
                }
                Slot::Column(c) => {
                    let found = self.columns.iter().position(|k| *k == c);
                    if found.is_none() {
                        ok = false;
                        problems.push(self.not_a_column(&c.key(), g));
                    }
                    found
                }
                Slot::Unknown(key) => {
                    ok = false;
                    problems.push(self.not_a_column(key, g));
                    None
                }
            };
            let Some(i) = index else { continue };
            if figures[i].is_some() {
                ok = false;
                problems.push(self.problem(
                    &g.at,
                    format!("`{}` is given twice: as `belopp` and in `värden`", self.columns[i].key()),
                    "give this year's budget once",
                ));
            }
            figures[i] = Some(g.value);
            given_at[i] = Some(g.at);
        }
        ok.then_some((figures, given_at))
    }

    fn not_a_column(&self, key: &str, g: &Given) -> Problem {
        let known: Vec<String> = self.columns.iter().map(|c| c.key()).collect();
        self.problem(
            &g.at,
            format!("`{key}` is not a column of figures of this budget"),
            format!("its columns of figures are: {}", known.join(", ")),
        )
    }

    /// Sums signed lines per column, checked; missing as the budget says.
    /// An overflow is reported at the figure that overflowed the sum.
    fn sum(&self, terms: &[(i64, &Line)], problems: &mut Vec<Problem>) -> Option<Figures> {
        let mut out = Vec::with_capacity(self.columns.len());
        for column in 0..self.columns.len() {
            let mut total: Option<i64> = Some(0);
            let mut any = false;
            // The largest amount summed so far: when the sum overflows, it is
            // the one that cannot be summed, not the small one added last.
            let mut largest: Option<(i64, Location)> = None;
            for (sign, line) in terms {
                match line.figures[column] {
                    Some(v) => {
                        any = true;
                        let place = line.given_at[column].unwrap_or(line.namn.referenced);
                        let Some(next) = total.and_then(|t| t.checked_add(v.checked_mul(*sign)?)) else {
                            problems.push(match largest {
                                Some((big, big_at)) if big.unsigned_abs() > v.unsigned_abs() => {
                                    self.overflow(big_at, big, v, place)
                                }
                                _ => self.overflow_last(place, v, total.unwrap_or(0)),
                            });
                            return None;
                        };
                        if largest.is_none_or(|(big, _)| v.unsigned_abs() > big.unsigned_abs()) {
                            largest = Some((v, place));
                        }
                        total = Some(next);
                    }
                    None if self.sum_missing => {}
                    None => {
                        total = None;
                        break;
                    }
                }
            }
            out.push(if any { total } else { None });
        }
        Some(out)
    }

    /// `a` less `b` per column, checked.
    fn subtract(
        &self,
        a: &Figures,
        b: &Figures,
        at: Location,
        problems: &mut Vec<Problem>,
    ) -> Option<Figures> {
        let mut out = Vec::with_capacity(a.len());
        for (x, y) in a.iter().zip(b) {
            match (x, y) {
                (Some(x), Some(y)) => match x.checked_sub(*y) {
                    Some(d) => out.push(Some(d)),
                    None => {
                        problems.push(self.overflow_at(at));
                        return None;
                    }
                },
                _ => out.push(None),
            }
        }
        Some(out)
    }

    /// A figure of this budget as messages write it: "1 181", "1,8".
    fn shown(&self, steps: i64) -> String {
        format::fixed(steps, self.unit.decimaler)
    }

    /// An overflow in a difference, at the line whose figures are subtracted.
    fn overflow_at(&self, at: Location) -> Problem {
        self.problem(
            &at,
            "adding this amount makes the sum too large to compute",
            "check for a misplaced digit",
        )
    }

    /// A sum overflows at the small amount `then` (at `then_at`) because
    /// of the large one `big` at `at`: reported at the large one, naming both.
    fn overflow(&self, at: Location, big: i64, then: i64, then_at: Location) -> Problem {
        self.problem(
            &at,
            format!(
                "the amount {} is too large to sum: adding {} at line {} makes the sum too large to compute",
                self.shown(big),
                self.shown(then),
                then_at.line()
            ),
            "check this amount for a misplaced digit",
        )
    }

    /// A sum overflows at the amount `v` itself, the largest so far.
    fn overflow_last(&self, at: Location, v: i64, before: i64) -> Problem {
        self.problem(
            &at,
            format!(
                "the amount {} is too large to sum: added to the {} above it, the sum is too large to compute",
                self.shown(v),
                self.shown(before)
            ),
            "check this amount for a misplaced digit",
        )
    }

    /// This year's total as stated (`summa`), checked against the computed one.
    fn check_stated(
        &self,
        stated: &Spanned<i64>,
        figures: &Figures,
        parts: &[(i64, &Line)],
        problems: &mut Vec<Problem>,
    ) {
        let Some(computed) = self.current.and_then(|i| figures[i]) else { return };
        if stated.value == computed {
            return;
        }
        let mut sum = String::new();
        for (i, (sign, line)) in parts.iter().enumerate() {
            let figure = self.current.and_then(|c| line.figures[c]).map_or("–".into(), |f| self.shown(f));
            sum.push_str(match (i, sign) {
                (0, -1) => "−",
                (0, _) => "",
                (_, -1) => " − ",
                _ => " + ",
            });
            sum.push_str(&figure);
        }
        let sum = if sum.is_empty() { sum } else { format!(" ({sum})") };
        problems.push(self.problem(
            &stated.referenced,
            format!(
                "the stated summa {} {unit} does not match the computed {} {unit}{sum}",
                self.shown(stated.value),
                self.shown(computed),
                unit = self.unit.enhet.name(),
            ),
            "correct the figure, or remove `summa`: vplan computes every total itself",
        ));
    }

    /// A stated figure (`ska_vara`) checked in every budget and plan column.
    fn check_expected(&self, row: &Named, fallback: &str, figures: &Figures, problems: &mut Vec<Problem>) {
        let Some(expected) = &row.ska_vara else { return };
        let name = row.namn.map_or(fallback, |n| n.value.as_str());
        for (column, figure) in self.columns.iter().zip(figures) {
            if column.kind == ColumnKind::Bokslut {
                continue;
            }
            if let Some(figure) = figure.filter(|f| *f != expected.value) {
                problems.push(self.problem(
                    &expected.referenced,
                    format!(
                        "{name} is {} {unit} in {}, not {} {unit}",
                        self.shown(figure),
                        column.key(),
                        self.shown(expected.value),
                        unit = self.unit.enhet.name(),
                    ),
                    "correct the figures it is computed from, or `ska_vara`",
                ));
            }
        }
    }
}
