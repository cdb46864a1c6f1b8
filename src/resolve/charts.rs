//! Charts drawn from the budget: the bars, their labels, the text
//! alternative and the data table, all computed here from the same figures
//! as the tables, so a chart can never disagree with them.

use super::Resolver;
use crate::budget::columns::{Column, ColumnKind};
use crate::budget::{Form, Line};
use crate::decimal::Unit;
use crate::document::{self, Bar, BarGroup, Chart, TableCell, Tal, Talslag, View};
use crate::error::{Problem, SourceFile};
use crate::format;
use crate::model::{Diagram, Diagramtyp, Spanned};
use crate::templates::labels::Etiketter;

/// One row's figures before they are drawn: one per series, if known.
type Figures = Vec<Option<i64>>;

/// A chart's data: the series' names, and each row's name and figures.
type ChartData = (Vec<String>, Vec<(String, Figures)>);

impl<'a> Resolver<'a> {
    /// A chart block: its bars and, unless the plan says no, its table.
    pub(super) fn chart(&mut self, opts: &Spanned<Diagram>, file: &SourceFile) -> Option<View> {
        let d = &opts.value;
        let (series, rows) = match self.chart_data(d, file, opts) {
            Ok(data) => data,
            Err(problem) => {
                self.problems.extend(problem);
                return None;
            }
        };
        // The unit of the budget charted (chart_data found it).
        let budget = match &d.budget {
            Some(id) => self.budgets.table(&id.value),
            None => self.budgets.legacy(),
        };
        let unit = budget.map_or(Unit::TKR, |t| t.unit);
        let l = self.labels;
        let amount = |v: i64| format!("{} {}", format::fixed(v, unit.decimaler), l.enhet(unit.enhet));
        let values: Vec<i64> = rows.iter().flat_map(|(_, f)| f.iter().flatten().copied()).collect();
        if let Some(&negative) = values.iter().find(|v| **v < 0) {
            self.problems.push(
                Problem::at(
                    file,
                    &opts.referenced,
                    format!("a bar chart cannot show the negative figure {}", amount(negative)),
                )
                .with_help("chart lines with amounts of 0 or more, or show these figures in a table"),
            );
            return None;
        }
        let max = values.iter().copied().max().unwrap_or(0);
        if max == 0 {
            self.problems.push(
                Problem::at(
                    file,
                    &opts.referenced,
                    "every figure of this chart is 0 or missing: there is nothing to draw",
                )
                .with_help("chart lines that have amounts, or leave the chart out"),
            );
            return None;
        }
        let total: i64 = values.iter().sum();
        let share = d.typ.value == Diagramtyp::Fordelning && series.len() == 1;
        let label = |value: i64, serie: usize| {
            let tkr = amount(value);
            if share {
                format!("{tkr} ({}\u{a0}%)", percent(value, total))
            } else if series.len() > 1 {
                format!("{}: {tkr}", series[serie])
            } else {
                tkr
            }
        };
        let grupper: Vec<BarGroup> = rows
            .iter()
            .map(|(namn, figures)| BarGroup {
                namn: namn.clone(),
                staplar: figures
                    .iter()
                    .enumerate()
                    .map(|(serie, f)| match f {
                        Some(v) => Bar {
                            promille: v.saturating_mul(1000) / max,
                            varde: Some(Tal::amount(*v, unit.decimaler)),
                            andel: share.then(|| Tal::new(percent(*v, total), Talslag::Procent)),
                            serie,
                        },
                        None => Bar { promille: 0, varde: None, andel: None, serie },
                    })
                    .collect(),
            })
            .collect();
        let kind = match d.typ.value {
            Diagramtyp::Fordelning => "fördelning",
            Diagramtyp::Jamforelse => "jämförelse",
            Diagramtyp::Utveckling => "utveckling",
        };
        let described: Vec<String> = grupper
            .iter()
            .map(|g| {
                format!(
                    "{} {}",
                    g.namn,
                    g.staplar
                        .iter()
                        .map(|b| b.varde.map_or_else(
                            || format!("{}: {}", series[b.serie], l.saknas),
                            |v| label(v.varde, b.serie)
                        ))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        let title = d.bildtext.clone().unwrap_or_else(|| kind.to_string());
        let alt = format!("{}, {title}: {}.", l.stapeldiagram, described.join("; "));
        let first = if d.typ.value == Diagramtyp::Utveckling { &l.ar } else { &l.post };
        let tabell =
            d.tabell.then(|| Box::new(View::Tabell(table(first, &series, &rows, share, total, unit, l))));
        Some(View::Diagram(Chart {
            bildtext: d.bildtext.clone(),
            alt,
            serier: series,
            grupper,
            enhet: unit.enhet,
            tabell,
        }))
    }

    /// The series' names and each row's name and figures.
    fn chart_data(
        &mut self,
        d: &Diagram,
        file: &SourceFile,
        opts: &Spanned<Diagram>,
    ) -> Result<ChartData, Vec<Problem>> {
        let plan_file = &self.loaded.file;
        let budgets = self.budgets;
        let table = match &d.budget {
            Some(id) => budgets.table(&id.value).ok_or_else(|| {
                let known: Vec<&str> =
                    self.loaded.plan.budgetar.iter().map(|b| b.id.value.as_str()).collect();
                // A budget that failed its own checks is reported already.
                let failed = known.contains(&id.value.as_str());
                if failed { vec![] } else { vec![super::unknown(file, id, "budget", &known)] }
            })?,
            None => budgets.legacy().ok_or_else(|| {
                let message =
                    "this chart shows the plan's `budget`, which it does not have (or which has problems)";
                if self.loaded.plan.budget.is_some() {
                    vec![]
                } else {
                    vec![
                        Problem::at(file, &opts.referenced, message)
                            .with_help("add `budget: ID` to chart one of `budgetar`"),
                    ]
                }
            })?,
        };
        // The plan's `budget` holds this year and last at most.
        let legacy = table.form == Form::Kontoklasser;
        if legacy && d.typ.value == Diagramtyp::Utveckling {
            return Err(vec![
                Problem::at(file, &d.typ.referenced, "a development needs a budget with columns of years")
                    .with_help("chart one of `budgetar` (`budget: ID`), whose `kolumner` hold several years"),
            ]);
        }
        if legacy && d.typ.value == Diagramtyp::Jamforelse && table.base.is_none() {
            return Err(vec![
                Problem::at(file, &d.typ.referenced, "a comparison needs last year's figures").with_help(
                    "give the budget `föregående_år` and its lines `föregående`, or chart `fördelning`",
                ),
            ]);
        }
        let budget_id = table.id.map_or("", |i| i.value.as_str());
        let entered: Vec<&Column> = table.entered().collect();
        let l = self.labels;
        let name = |c: &Column| {
            let word = match c.kind {
                ColumnKind::Bokslut => &l.bokslut,
                ColumnKind::Plan => &l.plan,
                _ => &l.budget,
            };
            c.year.map_or_else(|| word.clone(), |y| format!("{word} {y}"))
        };
        let line = match &d.post {
            Some(post) => match table.row(&post.value) {
                Some(row) => Some(row),
                None => return Err(vec![super::unknown(file, post, "budget line", &budgets.ids())]),
            },
            None => None,
        };
        // A line outside the sums is for the table only: a chart of shares
        // or of lines side by side counts what the total counts.
        let children: Vec<&Line> = match line.and_then(|r| r.line) {
            Some(l) => l.children.iter().filter(|c| !c.outside).collect(),
            None => table.lines.iter().filter(|c| !c.outside).collect(),
        };
        if let (Some(post), Diagramtyp::Fordelning | Diagramtyp::Jamforelse) = (&d.post, d.typ.value)
            && line.and_then(|r| r.line).is_none_or(|l| l.children.is_empty())
        {
            return Err(vec![no_breakdown(file, post)]);
        }
        let current = table.current.ok_or_else(|| {
            vec![
                Problem::at(
                    file,
                    &d.budget.as_ref().map_or(opts.referenced, |i| i.referenced),
                    "this budget does not show this year's budget",
                )
                .with_help("chart a budget whose `kolumner` hold this year's budget"),
            ]
        });
        match d.typ.value {
            Diagramtyp::Fordelning => {
                let current = current?;
                Ok((
                    vec![name(entered[current])],
                    children
                        .iter()
                        .map(|l| (self.plain(l.namn, plan_file), vec![l.figures[current]]))
                        .collect(),
                ))
            }
            Diagramtyp::Jamforelse => {
                let pair: Vec<usize> = match &d.kolumner {
                    Some(cols) => {
                        let mut out = Vec::new();
                        for key in &cols.value {
                            match Column::parse(key).and_then(|c| entered.iter().position(|e| **e == c)) {
                                Some(i) => out.push(i),
                                None => {
                                    return Err(vec![
                                        Problem::at(
                                            file,
                                            &cols.referenced,
                                            format!(
                                                "`{key}` is not a column of figures of the budget `{budget_id}`"
                                            ),
                                        )
                                        .with_help(format!(
                                            "its columns of figures are: {}",
                                            entered.iter().map(|c| c.key()).collect::<Vec<_>>().join(", ")
                                        )),
                                    ]);
                                }
                            }
                        }
                        if out.len() != 2 {
                            return Err(vec![
                                Problem::at(file, &cols.referenced, "a comparison takes two columns")
                                    .with_help("write e.g. `kolumner: [budget 2020, budget 2021]`"),
                            ]);
                        }
                        out
                    }
                    None => match (table.base, current) {
                        (Some(base), Ok(current)) => vec![base, current],
                        _ => {
                            return Err(vec![
                                Problem::at(
                                    file,
                                    &d.typ.referenced,
                                    "this budget has no earlier column to compare with",
                                )
                                .with_help("name the two columns in `kolumner`"),
                            ]);
                        }
                    },
                };
                Ok((
                    pair.iter().map(|&i| name(entered[i])).collect(),
                    children
                        .iter()
                        .map(|l| {
                            (self.plain(l.namn, plan_file), pair.iter().map(|&i| l.figures[i]).collect())
                        })
                        .collect(),
                ))
            }
            Diagramtyp::Utveckling => {
                let figures = line.map_or(&table.total, |row| row.figures);
                // A line by its name; the total, funding and result by theirs.
                let result_name = table.result_row.as_ref().and_then(|r| r.namn);
                let label = match (line.and_then(|r| r.line), line.is_some_and(|r| r.result)) {
                    (Some(l), _) => self.plain(l.namn, plan_file),
                    (None, true) => {
                        result_name.map_or_else(|| self.labels.resultat.clone(), |n| self.plain(n, plan_file))
                    }
                    (None, false) => table
                        .total_row
                        .namn
                        .map_or_else(|| self.labels.summa.clone(), |n| self.plain(n, plan_file)),
                };
                Ok((
                    vec![label],
                    entered
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| c.kind != ColumnKind::Forandring && c.kind != ColumnKind::Procent)
                        .map(|(i, c)| (name(c), vec![figures[i]]))
                        .collect(),
                ))
            }
        }
    }
}

/// A chart of a line's lines, for a line that has none.
fn no_breakdown(file: &SourceFile, post: &Spanned<String>) -> Problem {
    Problem::at(file, &post.referenced, format!("`{}` has no fördelning to chart", post.value))
        .with_help("chart a line that has a `fördelning`, or `typ: utveckling` for one line across the years")
}

/// A value's share of a total in whole per cent, rounded half up (both
/// are 0 or more here).
fn percent(value: i64, total: i64) -> i64 {
    if total <= 0 {
        return 0;
    }
    let (value, total) = (i128::from(value), i128::from(total));
    i64::try_from((value * 200 + total) / (total * 2)).unwrap_or(0)
}

/// The chart's figures as a table.
fn table(
    first: &str,
    series: &[String],
    rows: &[(String, Figures)],
    share: bool,
    total: i64,
    unit: Unit,
    labels: &Etiketter,
) -> document::Table {
    let mut kolumner = vec![first.to_string()];
    kolumner.extend(series.iter().map(|s| format!("{s}, {}", labels.enhet(unit.enhet))));
    if share {
        kolumner.push(labels.andel.clone());
    }
    let rader =
        rows.iter()
            .map(|(namn, figures)| {
                let mut row = vec![TableCell::text(namn.clone())];
                row.extend(figures.iter().map(|f| {
                    f.map_or(TableCell::Saknas, |v| TableCell::Tal(Tal::amount(v, unit.decimaler)))
                }));
                if share {
                    let andel = percent(figures[0].unwrap_or(0), total);
                    row.push(TableCell::Tal(Tal::new(andel, Talslag::Procent)));
                }
                row
            })
            .collect();
    let hoger = (0..kolumner.len()).map(|i| i > 0).collect();
    super::widths::table(None, kolumner, hoger, rader, None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_whole_per_cent_rounded_half_away_from_zero() {
        assert_eq!(percent(777, 1181), 66);
        assert_eq!(percent(404, 1181), 34);
        assert_eq!(percent(0, 1181), 0);
        assert_eq!(percent(1, 8), 13);
    }
}
