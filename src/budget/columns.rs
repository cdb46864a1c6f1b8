//! Budgets with columns: figures per year, totals per column, the change.
//!
//! Input: a [`model::Flerarsbudget`] and the plan's year. Output: a
//! [`Table`], every line with one figure (or none, shown "–") per column
//! of figures, every group, total and result computed in whole tkr, and
//! the change and percentage columns derived from them. Intäkter are
//! entered as positive amounts and subtracted in the total; how they are
//! shown is the table's concern, not the sums'.

use crate::error::{Problem, SourceFile};
use crate::format;
use crate::model::{self, Rad, Radtyp, Spanned};

/// What a column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// The outcome of a finished year.
    Bokslut,
    /// A year's budget.
    Budget,
    /// A later year of the plan period.
    Plan,
    /// This year's budget less the figure column before it, in tkr.
    Forandring,
    /// The same change in per cent of the earlier figure.
    Procent,
}

/// A column of a budget table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// What it shows.
    pub kind: ColumnKind,
    /// Its year; none for the change columns.
    pub year: Option<i32>,
}

impl Column {
    /// The name plans use for it: "bokslut 2019", "förändring %".
    pub fn key(&self) -> String {
        match (self.kind, self.year) {
            (ColumnKind::Bokslut, Some(y)) => format!("bokslut {y}"),
            (ColumnKind::Budget, Some(y)) => format!("budget {y}"),
            (ColumnKind::Plan, Some(y)) => format!("plan {y}"),
            (ColumnKind::Procent, _) => "förändring %".into(),
            _ => "förändring".into(),
        }
    }

    /// Whether its figures are entered, not derived.
    pub fn entered(&self) -> bool {
        !matches!(self.kind, ColumnKind::Forandring | ColumnKind::Procent)
    }

    /// Reads a column as a plan writes it.
    pub fn parse(text: &str) -> Option<Column> {
        let text = text.trim().to_lowercase();
        match text.as_str() {
            "förändring" => return Some(Column { kind: ColumnKind::Forandring, year: None }),
            "förändring %" | "förändring%" => {
                return Some(Column { kind: ColumnKind::Procent, year: None });
            }
            _ => {}
        }
        let (kind, year) = text.split_once(' ')?;
        let kind = match kind {
            "bokslut" | "utfall" => ColumnKind::Bokslut,
            "budget" => ColumnKind::Budget,
            "plan" => ColumnKind::Plan,
            _ => return None,
        };
        let year = year.trim().parse().ok().filter(|y| (1000..=9999).contains(y))?;
        Some(Column { kind, year: Some(year) })
    }
}

/// Figures of one row: one per entered column; none where missing.
pub type Figures = Vec<Option<i64>>;

/// A line with its figures.
#[derive(Debug)]
pub struct Line<'a> {
    /// The line as written.
    pub rad: &'a Rad,
    /// Income or cost, its own or its group's.
    pub typ: Option<Radtyp>,
    /// One figure per entered column.
    pub figures: Figures,
    /// Its breakdown; empty for a line with figures of its own.
    pub children: Vec<Line<'a>>,
}

/// A row found by id.
#[derive(Debug, Clone, Copy)]
pub struct Row<'t, 'a> {
    /// Its figures, one per entered column.
    pub figures: &'t Figures,
    /// Income or cost, for a line.
    pub typ: Option<Radtyp>,
    /// The line, for a line or the funding.
    pub line: Option<&'t Line<'a>>,
}

/// A budget with every figure computed.
#[derive(Debug)]
pub struct Table<'a> {
    /// The budget as written.
    pub budget: &'a model::Flerarsbudget,
    /// Every column, in order.
    pub columns: Vec<Column>,
    /// The index among the entered columns of this year's budget, if shown.
    pub current: Option<usize>,
    /// The index among the entered columns the change is measured from.
    pub base: Option<usize>,
    /// The lines.
    pub lines: Vec<Line<'a>>,
    /// The total: kostnader less intäkter (all lines when none has a typ).
    pub total: Figures,
    /// The funding line, if any.
    pub funding: Option<Line<'a>>,
    /// Funding less total, when there is funding.
    pub result: Option<Figures>,
}

/// A row's figure in one column, ready to show or quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// Whole tkr.
    Tkr(i64),
    /// Tenths of a per cent.
    PerMille(i64),
    /// Not known: shown "–".
    Missing,
}

impl<'a> Table<'a> {
    /// The entered columns, in order.
    pub fn entered(&self) -> impl Iterator<Item = &Column> {
        self.columns.iter().filter(|c| c.entered())
    }

    /// A row's figure in column `column` (an index into `columns`).
    pub fn figure(&self, figures: &Figures, column: usize) -> Figure {
        let Some(col) = self.columns.get(column) else { return Figure::Missing };
        let at = |i: Option<usize>| i.and_then(|i| figures.get(i).copied().flatten());
        match col.kind {
            ColumnKind::Forandring => match (at(self.current), at(self.base)) {
                (Some(now), Some(then)) => now.checked_sub(then).map_or(Figure::Missing, Figure::Tkr),
                _ => Figure::Missing,
            },
            ColumnKind::Procent => match (at(self.current), at(self.base)) {
                (Some(now), Some(then)) => per_mille(now, then),
                _ => Figure::Missing,
            },
            _ => {
                let index = self.columns[..column].iter().filter(|c| c.entered()).count();
                at(Some(index)).map_or(Figure::Missing, Figure::Tkr)
            }
        }
    }

    /// The index of a column by the name plans use, or this year's budget.
    pub fn column(&self, key: Option<&str>) -> Option<usize> {
        match key {
            None => self.columns.iter().position(|c| self.is_current(c)),
            Some(key) => {
                let wanted = Column::parse(key)?;
                self.columns.iter().position(|c| *c == wanted)
            }
        }
    }

    fn is_current(&self, column: &Column) -> bool {
        self.current.and_then(|i| self.entered().nth(i)) == Some(column)
    }

    /// A row by id: a line, the total (the budget's own id or its
    /// `summa.id`), the funding or the result.
    pub fn row(&self, id: &str) -> Option<Row<'_, 'a>> {
        let b = self.budget;
        let is = |s: Option<&Spanned<String>>| s.is_some_and(|s| s.value == id);
        if b.id.value == id || is(b.summa.as_ref().and_then(|s| s.id.as_ref())) {
            return Some(Row { figures: &self.total, typ: None, line: None });
        }
        if let (Some(f), Some(rad)) = (&self.funding, &b.finansiering)
            && is(rad.id.as_ref())
        {
            return Some(Row { figures: &f.figures, typ: None, line: Some(f) });
        }
        if let Some(result) = &self.result
            && is(b.resultat.as_ref().and_then(|r| r.id.as_ref()))
        {
            return Some(Row { figures: result, typ: None, line: None });
        }
        fn walk<'l, 'a>(lines: &'l [Line<'a>], id: &str) -> Option<&'l Line<'a>> {
            lines.iter().find_map(|l| {
                if l.rad.id.as_ref().is_some_and(|i| i.value == id) { Some(l) } else { walk(&l.children, id) }
            })
        }
        walk(&self.lines, id).map(|l| Row { figures: &l.figures, typ: l.typ, line: Some(l) })
    }

    /// Every id the budget defines, with its place.
    pub fn ids(&self) -> Vec<&'a Spanned<String>> {
        ids(self.budget)
    }

    /// The names of the columns, for error help.
    pub fn column_keys(&self) -> Vec<String> {
        self.columns.iter().map(Column::key).collect()
    }
}

/// Every id a budget as written defines, with its place.
pub fn ids(b: &model::Flerarsbudget) -> Vec<&Spanned<String>> {
    {
        fn walk<'a>(rader: &'a [Rad], out: &mut Vec<&'a Spanned<String>>) {
            for rad in rader {
                out.extend(rad.id.as_ref());
                if let Some(parts) = &rad.fordelning {
                    walk(&parts.value, out);
                }
            }
        }
        let mut out = vec![&b.id];
        out.extend(b.summa.as_ref().and_then(|s| s.id.as_ref()));
        walk(&b.poster, &mut out);
        out.extend(b.finansiering.as_ref().and_then(|f| f.id.as_ref()));
        out.extend(b.resultat.as_ref().and_then(|r| r.id.as_ref()));
        out
    }
}

/// The change from `then` to `now` in tenths of a per cent of `then`,
/// rounded half away from zero; missing where `then` is 0.
pub fn per_mille(now: i64, then: i64) -> Figure {
    if then == 0 {
        return Figure::Missing;
    }
    let change = i128::from(now) - i128::from(then);
    let scaled = change * 1000;
    let base = i128::from(then).abs();
    let rounded = (scaled.abs() + base / 2) / base * scaled.signum();
    i64::try_from(rounded).map_or(Figure::Missing, Figure::PerMille)
}

/// Computes a budget's figures; every problem is pushed, and the table is
/// returned only when every line could be computed.
pub fn compute<'a>(
    budget: &'a model::Flerarsbudget,
    year: i32,
    file: &SourceFile,
    problems: &mut Vec<Problem>,
) -> Option<Table<'a>> {
    let columns = columns(budget, year, file, problems)?;
    let entered: Vec<&Column> = columns.iter().filter(|c| c.entered()).collect();
    let this_year = Column { kind: ColumnKind::Budget, year: Some(year) };
    let current = entered.iter().position(|c| **c == this_year);
    let base = current.and_then(|i| i.checked_sub(1));
    if current.is_none() && !columns.iter().all(Column::entered) {
        problems.push(
            Problem::at(file, &budget.id.referenced, format!("a change needs the column `budget {year}`"))
                .with_help("add this year's budget to `kolumner`, before `förändring`"),
        );
        return None;
    }
    if current.is_some() && base.is_none() && !columns.iter().all(Column::entered) {
        problems.push(
            Problem::at(
                file,
                &budget.id.referenced,
                "a change needs a column of figures before this year's budget",
            )
            .with_help("add e.g. `budget 2020` or `bokslut 2019` before this year's budget"),
        );
        return None;
    }
    let ctx = Context { columns: &entered, current, sum_missing: budget.saknade_som_noll, file };
    let mut lines = Vec::new();
    let mut complete = true;
    for rad in &budget.poster {
        match ctx.line(rad, None, problems) {
            Some(line) => lines.push(line),
            None => complete = false,
        }
    }
    let funding = match &budget.finansiering {
        Some(rad) => Some(ctx.line(rad, None, problems)?),
        None => None,
    };
    if !complete {
        return None;
    }
    let signed: Vec<(i64, &Figures)> =
        lines.iter().map(|l| (if l.typ == Some(Radtyp::Intakt) { -1 } else { 1 }, &l.figures)).collect();
    let total = ctx.sum(&signed, &budget.id.referenced, problems)?;
    let result = match &funding {
        Some(f) => Some(ctx.sum(&[(1, &f.figures), (-1, &total)], &budget.id.referenced, problems)?),
        None => None,
    };
    let table = Table { budget, columns, current, base, lines, total, funding, result };
    check_expected(&table, budget.summa.as_ref(), &table.total, file, problems);
    if let Some(result) = &table.result {
        check_expected(&table, budget.resultat.as_ref(), result, file, problems);
    } else if let Some(row) = &budget.resultat {
        problems.push(
            Problem::at(file, &row.namn.referenced, "a result needs the funding it is computed from")
                .with_help("add `finansiering:` (e.g. Kommunbidrag) with its figures, or remove `resultat`"),
        );
    }
    Some(table)
}

/// A stated figure (`ska_vara`) checked in every budget and plan column.
fn check_expected(
    table: &Table,
    row: Option<&model::Summarad>,
    figures: &Figures,
    file: &SourceFile,
    problems: &mut Vec<Problem>,
) {
    let Some(row) = row else { return };
    let Some(expected) = &row.ska_vara else { return };
    for (column, figure) in table.entered().zip(figures) {
        if column.kind == ColumnKind::Bokslut {
            continue;
        }
        if let Some(figure) = figure.filter(|f| *f != expected.value) {
            problems.push(
                Problem::at(
                    file,
                    &expected.referenced,
                    format!(
                        "{} is {} tkr in {}, not {} tkr",
                        row.namn.value,
                        format::number(figure),
                        column.key(),
                        format::number(expected.value)
                    ),
                )
                .with_help("correct the figures it is computed from, or `ska_vara`"),
            );
        }
    }
}

/// The budget's columns, as declared or this year's budget alone.
fn columns(
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

/// What computing lines needs to know.
struct Context<'c> {
    columns: &'c [&'c Column],
    current: Option<usize>,
    sum_missing: bool,
    file: &'c SourceFile,
}

impl Context<'_> {
    fn line<'a>(&self, rad: &'a Rad, group: Option<Radtyp>, problems: &mut Vec<Problem>) -> Option<Line<'a>> {
        let typ = match (&rad.typ, group) {
            (Some(own), Some(group)) if own.value != group => {
                problems.push(
                    Problem::at(self.file, &own.referenced, "a line's typ differs from its group's")
                        .with_help("move the line to a group of its kind, or remove its `typ`"),
                );
                return None;
            }
            (Some(own), _) => Some(own.value),
            (None, group) => group,
        };
        let own_figures = rad.belopp.is_some() || !rad.varden.is_empty();
        match &rad.fordelning {
            Some(parts) if own_figures => {
                let at = rad.belopp.as_ref().map_or(parts.referenced, |b| b.referenced);
                problems.push(
                    Problem::at(
                        self.file,
                        &at,
                        format!("`{}` has both figures and a `fördelning`", rad.namn.value),
                    )
                    .with_help("its figures are the sums of its fördelning: remove `belopp` and `värden`"),
                );
                None
            }
            Some(parts) if parts.value.is_empty() => {
                problems.push(
                    Problem::at(
                        self.file,
                        &parts.referenced,
                        format!("`{}` has an empty fördelning", rad.namn.value),
                    )
                    .with_help("list its lines under `fördelning`, or give `belopp` instead"),
                );
                None
            }
            Some(parts) => {
                let children: Vec<Line> =
                    parts.value.iter().filter_map(|p| self.line(p, typ, problems)).collect();
                if children.len() != parts.value.len() {
                    return None;
                }
                let terms: Vec<(i64, &Figures)> = children.iter().map(|c| (1, &c.figures)).collect();
                let figures = self.sum(&terms, &rad.namn.referenced, problems)?;
                Some(Line { rad, typ, figures, children })
            }
            None if !own_figures => {
                problems.push(
                    Problem::at(
                        self.file,
                        &rad.namn.referenced,
                        format!("`{}` has no figures", rad.namn.value),
                    )
                    .with_help(
                        "give `belopp` (this year's budget in tkr), `värden` per column, or a `fördelning`",
                    ),
                );
                None
            }
            None => {
                self.figures(rad, problems).map(|figures| Line { rad, typ, figures, children: Vec::new() })
            }
        }
    }

    /// A line's own figures, one per entered column.
    fn figures(&self, rad: &Rad, problems: &mut Vec<Problem>) -> Option<Figures> {
        let mut problem = |at: &serde_saphyr::Location, message: String, help: String| {
            problems.push(Problem::at(self.file, at, message).with_help(help));
        };
        let mut figures: Figures = vec![None; self.columns.len()];
        let mut ok = true;
        if let Some(amount) = &rad.belopp {
            match self.current {
                Some(i) => figures[i] = Some(amount.value),
                None => {
                    ok = false;
                    problem(
                        &amount.referenced,
                        "`belopp` is this year's budget, a column this budget does not show".into(),
                        "add this year's budget to `kolumner`, or give the figure under `värden`".into(),
                    );
                }
            }
        }
        for (key, value) in &rad.varden {
            let column = Column::parse(key).filter(|c| c.entered());
            match column.and_then(|c| self.columns.iter().position(|k| **k == c)) {
                Some(i) if figures[i].is_some() => {
                    ok = false;
                    problem(
                        &value.referenced,
                        format!("`{key}` is given twice: as `belopp` and in `värden`"),
                        "give this year's budget once".into(),
                    );
                }
                Some(i) => figures[i] = Some(value.value),
                None => {
                    ok = false;
                    let known: Vec<String> = self.columns.iter().map(|c| c.key()).collect();
                    problem(
                        &value.referenced,
                        format!("`{key}` is not a column of figures of this budget"),
                        format!("its columns of figures are: {}", known.join(", ")),
                    );
                }
            }
        }
        ok.then_some(figures)
    }

    /// Sums signed figures per column, checked; missing as the budget says.
    fn sum(
        &self,
        terms: &[(i64, &Figures)],
        at: &serde_saphyr::Location,
        problems: &mut Vec<Problem>,
    ) -> Option<Figures> {
        let mut out = Vec::with_capacity(self.columns.len());
        for column in 0..self.columns.len() {
            let mut total: Option<i64> = Some(0);
            let mut any = false;
            for (sign, figures) in terms {
                match figures[column] {
                    Some(v) => {
                        any = true;
                        total = total.and_then(|t| t.checked_add(v.checked_mul(*sign)?));
                        if total.is_none() {
                            problems.push(
                                Problem::at(self.file, at, "these figures are too large to add up")
                                    .with_help("amounts are whole tkr; check for a misplaced digit"),
                            );
                            return None;
                        }
                    }
                    None if self.sum_missing => {}
                    None => total = None,
                }
                if total.is_none() && !self.sum_missing {
                    break;
                }
            }
            out.push(if any { total } else { None });
        }
        Some(out)
    }
}
