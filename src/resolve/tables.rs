//! Budget tables of either budget format, in plans and in reports, and
//! the descriptions of allocated funds.
//!
//! One path for all four: a budget's lines become [`Node`]s whose values
//! are the plan's columns (budget years, the change) or a report's
//! (budget, utfall, prognos, avvikelse); one function lays the nodes out
//! as rows, one finishes the table. The format decides only the layout the
//! earlier vplans printed: the plan's `budget` with its title in the first
//! heading and its Summa below the rows, a budget with columns with its
//! title as the caption and its sums as rows.

use super::follow_up::FollowUp;
use super::{DocumentKind, Resolver};
use crate::budget::outcome::{self, Followed, FollowedLine};
use crate::budget::{Form, Line, Row, Table, columns};
use crate::document::{BudgetRow, BudgetTable, Column, ColumnKind, Tal, Talslag, View};
use crate::error::{Problem, SourceFile};
use crate::model::{self, Spanned};
use crate::templates::labels::Etiketter;

/// A line as a table shows it: its name, its values, its lines.
struct Node {
    name: String,
    sum_name: Option<String>,
    values: Vec<Option<Tal>>,
    children: Vec<Node>,
    /// Its comment (`kommentar`).
    comment: Option<String>,
    /// A group shown as a heading without a sum (`visa_summa: false`).
    no_sum: bool,
    /// Shown, but outside the sums (`utanför_summa`).
    outside: bool,
}

/// A table's rows below the lines: the total, the funding and the result.
struct Sums {
    /// The name and values of the total (or of the breakdown's sum).
    total: (String, Vec<Option<Tal>>),
    /// The funding and the result, named, for a budget that has funding.
    funded: Option<[(String, Vec<Option<Tal>>); 2]>,
    /// The rows the plan leaves out (`visa: false`): the total, the result.
    hidden: [bool; 2],
}

/// What a table shows: a whole budget or one line's breakdown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Budget,
    Breakdown,
}

impl<'a> Resolver<'a> {
    /// `budgettabell`: the plan's `budget`, or one of `budgetar` by id.
    pub(super) fn budget_table(
        &mut self,
        opts: &'a Spanned<model::Budgettabell>,
        file: &SourceFile,
    ) -> Option<View> {
        let levels = self.levels(opts.value.nivaer.as_ref(), file)?;
        let budgets = self.budgets;
        let table = match &opts.value.budget {
            Some(id) => match budgets.table(&id.value) {
                Some(table) => table,
                None => {
                    // A budget that failed its own checks is reported already.
                    if !self.loaded.plan.budgetar.iter().any(|b| b.id.value == id.value) {
                        let known: Vec<&str> =
                            self.loaded.plan.budgetar.iter().map(|b| b.id.value.as_str()).collect();
                        self.problems.push(super::unknown(file, id, "budget", &known));
                    }
                    return None;
                }
            },
            None => match budgets.legacy() {
                Some(table) => table,
                None => {
                    self.no_budget(
                        Problem::at(file, &opts.referenced, "this block shows the plan's `budget`, but it has none")
                            .with_help("add a `budget` to the plan, or name one of its `budgetar`: `budgettabell: {budget: ID}`"),
                    );
                    return None;
                }
            },
        };
        let levels = levels.unwrap_or(match table.form {
            Form::Kontoklasser => 1,
            Form::Kolumner => usize::MAX,
        });
        let followed = self.followed(table, &table.lines);
        let reported = followed.as_ref().map(|(f, lines)| (*f, lines.as_slice()));
        let nodes = self.nodes(table, &table.lines, reported);
        let sums = self.sums(table, reported);
        let title = table.rubrik.map(|r| self.plain(r, &self.loaded.file));
        let o = &opts.value;
        Some(View::Budget(self.finish(
            table,
            Part::Budget,
            nodes,
            levels,
            sums,
            title,
            o.rubrik.clone(),
            o.bildtext.clone(),
        )))
    }

    /// `fördelning`: one line's breakdown; its rules are checked before
    /// (`breakdown_is_shown`).
    pub(super) fn breakdown(
        &mut self,
        opts: &'a model::Fordelningstabell,
        file: &SourceFile,
    ) -> Option<View> {
        let levels = super::levels(opts);
        let (table, line) = self.budget_line(&opts.post, file)?;
        let followed = self.followed(table, &line.children);
        let nodes = self.nodes(table, &line.children, followed.as_ref().map(|(f, l)| (*f, l.as_slice())));
        let plan_file = &self.loaded.file;
        let name = match line.summanamn {
            Some(s) => self.plain(s, plan_file),
            None => self.labels.summa.clone(),
        };
        let values = match &followed {
            Some((follow, children)) => report_values(follow, &outcome::group(table, line, children), table),
            None => shown(table, &line.figures, table.shown_negative(line)),
        };
        let title = match line.rubrik {
            Some(t) => self.plain(t, plan_file),
            None => format!("{}, {}", self.plain(line.namn, plan_file), self.labels.fordelning),
        };
        let sums = Sums { total: (name, values), funded: None, hidden: [false, false] };
        Some(View::Budget(self.finish(
            table,
            Part::Breakdown,
            nodes,
            levels,
            sums,
            Some(title),
            None,
            opts.bildtext.clone(),
        )))
    }

    /// A budget line of any budget by id, with its table; `None` after
    /// reporting an unknown id (or when its budget failed its own checks).
    pub(super) fn budget_line(
        &mut self,
        id: &Spanned<String>,
        file: &SourceFile,
    ) -> Option<(&'a Table<'a>, &'a Line<'a>)> {
        let budgets = self.budgets;
        match budgets.row(&id.value) {
            Some((table, Row { line: Some(line), .. })) => return Some((table, line)),
            Some((_, row)) => {
                let what = if row.result { "result" } else { "total" };
                self.problems.push(
                    Problem::at(
                        file,
                        &id.referenced,
                        format!("`{}` is a budget's {what}, not a line", id.value),
                    )
                    .with_help(super::known_help("budget line ids", &budgets.line_ids())),
                );
                return None;
            }
            None => {}
        }
        if budgets.failed(&id.value) {
            return None;
        }
        if self.loaded.plan.budget.is_none() && self.loaded.plan.budgetar.is_empty() {
            self.problems.push(
                Problem::at(file, &id.referenced, "this block shows the budget, but the plan has none")
                    .with_help("add a `budget` or `budgetar` to the plan"),
            );
        } else {
            self.problems.push(super::unknown(file, id, "budget line", &budgets.line_ids()));
        }
        None
    }

    /// `nivåer` as given, refusing 0 (for every table that takes it);
    /// `Some(None)` when not given.
    pub(super) fn levels(
        &mut self,
        nivaer: Option<&Spanned<usize>>,
        file: &SourceFile,
    ) -> Option<Option<usize>> {
        match nivaer {
            Some(n) if n.value == 0 => {
                self.problems.push(
                    Problem::at(file, &n.referenced, "a budget table needs at least one level")
                        .with_help("write `nivåer: 1` or more, or leave it out"),
                );
                None
            }
            n => Some(n.map(|n| n.value)),
        }
    }

    /// In a report, the report and its figures of these lines; in a plan, none.
    fn followed(&self, table: &Table, lines: &[Line]) -> Option<(&'a FollowUp<'a>, Vec<FollowedLine>)> {
        match self.kind {
            DocumentKind::Plan => None,
            DocumentKind::Report(follow) => {
                Some((follow, outcome::followed(table, lines, follow.outcomes())))
            }
        }
    }

    /// The nodes of lines, valued by the plan's columns or the report's.
    fn nodes(
        &mut self,
        table: &'a Table<'a>,
        lines: &'a [Line<'a>],
        reported: Option<(&'a FollowUp<'a>, &[FollowedLine])>,
    ) -> Vec<Node> {
        let file = &self.loaded.file;
        let mut out = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let own = reported.map(|(follow, f)| (follow, &f[i]));
            let values = match own {
                Some((follow, f)) => report_values(follow, &f.figures, table),
                None => shown(table, &line.figures, table.shown_negative(line)),
            };
            out.push(Node {
                name: self.plain(line.namn, file),
                sum_name: line.summanamn.map(|s| self.plain(s, file)),
                values,
                children: self.nodes(table, &line.children, own.map(|(f, l)| (f, l.children.as_slice()))),
                comment: line.kommentar.map(|k| self.plain(k, file)),
                no_sum: !line.visa_summa && !line.children.is_empty(),
                outside: line.outside,
            });
        }
        out
    }

    /// The total, funding and result rows of a whole budget.
    fn sums(&mut self, table: &'a Table<'a>, reported: Option<(&FollowUp, &[FollowedLine])>) -> Sums {
        let file = &self.loaded.file;
        let total_name = match table.total_row.namn {
            Some(n) => self.plain(n, file),
            None => self.labels.summa.clone(),
        };
        let result_name = match table.result_row.as_ref().and_then(|r| r.namn) {
            Some(n) => self.plain(n, file),
            None => self.labels.resultat.clone(),
        };
        let funding_name = table.funding.as_ref().map(|f| self.plain(f.namn, file));
        let (total, funded) = match reported {
            Some((follow, lines)) => {
                let (total, funded) = outcome::totals(table, lines, follow.outcomes());
                let funded =
                    funded.map(|(f, r)| [report_values(follow, &f, table), report_values(follow, &r, table)]);
                (report_values(follow, &total, table), funded)
            }
            None => {
                let funded = match (&table.funding, &table.result) {
                    (Some(f), Some(r)) => Some([shown(table, &f.figures, false), shown(table, r, false)]),
                    _ => None,
                };
                (shown(table, &table.total, false), funded)
            }
        };
        let funded = match (funded, funding_name) {
            (Some([f, r]), Some(name)) => Some([(name, f), (result_name, r)]),
            _ => None,
        };
        let hidden = [table.total_row.hidden, table.result_row.as_ref().is_some_and(|r| r.hidden)];
        Sums { total: (total_name, total), funded, hidden }
    }

    /// Lays out a table as the earlier vplans did for its format: the
    /// plan's `budget` with its title heading the first column ("Kontoklass
    /// … i tkr") and its Summa below the rows; otherwise the title as the
    /// caption and the sums as rows.
    #[allow(clippy::too_many_arguments)]
    fn finish(
        &self,
        table: &Table,
        part: Part,
        nodes: Vec<Node>,
        levels: usize,
        sums: Sums,
        title: Option<String>,
        rubrik: Option<String>,
        bildtext: Option<String>,
    ) -> BudgetTable {
        let year = self.loaded.plan.dokument.ar.value;
        let l = self.labels;
        let (report, mut kolumner) = match self.kind {
            DocumentKind::Report(follow) => (true, report_columns(follow, year, l)),
            DocumentKind::Plan => (false, headings(table, l)),
        };
        let mut rader = Vec::new();
        rows(&nodes, 0, levels, &mut rader);
        let kommentarer = rader.iter().any(|r| r.kommentar.is_some());
        let heading_title = table.form == Form::Kontoklasser && (!report || part == Part::Budget);
        if heading_title {
            let first = match part {
                Part::Budget => l.kontoklass.clone(),
                Part::Breakdown => title.unwrap_or_default(),
            };
            // A report's five columns of figures: the unit in the caption.
            let bildtext = if report {
                Some(bildtext.unwrap_or_else(|| {
                    format!("{} {year}, {}", l.utfall_mot_budget, l.enhet(table.unit.enhet))
                }))
            } else {
                bildtext
            };
            let (_, values) = sums.total;
            // A plan's `budget` says the unit in its headings: "Budget 2021 i tkr".
            if !report {
                for k in &mut kolumner {
                    if matches!(k.typ, ColumnKind::Budget | ColumnKind::Utfall | ColumnKind::Prognos) {
                        k.rubrik = format!("{} {}", k.namn, l.i_enhet(table.unit.enhet));
                    }
                }
            }
            return BudgetTable {
                rubrik: rubrik.unwrap_or(first),
                kolumner,
                rader,
                summa_varden: Some(values),
                bildtext,
                tkr_i_rubrik: !report,
                enhet: table.unit.enhet,
                kommentarer,
            };
        }
        let (name, values) = sums.total;
        let [hide_total, hide_result] = sums.hidden;
        if !hide_total {
            rader.push(BudgetRow::new(name, values, false, 0, true));
        }
        if let Some([(funding, f), (result, r)]) = sums.funded {
            rader.push(BudgetRow::new(funding, f, false, 0, false));
            if !hide_result {
                rader.push(BudgetRow::new(result, r, false, 0, true));
            }
        }
        BudgetTable {
            rubrik: rubrik.unwrap_or_else(|| l.enhet(table.unit.enhet).to_string()),
            kolumner,
            rader,
            summa_varden: None,
            bildtext: bildtext.or(title),
            tkr_i_rubrik: false,
            enhet: table.unit.enhet,
            kommentarer,
        }
    }

    /// A heading per line, and the description of every described line.
    pub(super) fn describe(&mut self, line: &'a Line<'a>, level: usize, out: &mut Vec<View>) {
        if !line.described() {
            return;
        }
        let file = &self.loaded.file;
        out.push(View::Rubrik { text: self.plain(line.namn, file), niva: level });
        for t in line.beskrivning {
            out.push(View::Stycke { delar: self.segments(t, file, true) });
        }
        for child in &line.children {
            self.describe(child, level + 1, out);
        }
    }
}

/// A figure column of `typ` for year `ar` (a period in place of the year
/// where given), with its heading: the one place headings are written.
fn column(typ: ColumnKind, ar: Option<i32>, period: Option<String>, l: &Etiketter) -> Column {
    let year = ar.map(|y| y.to_string()).unwrap_or_default();
    let when = period.clone().unwrap_or_else(|| year.clone());
    let namn = match typ {
        ColumnKind::Budget => format!("{} {when}", l.budget),
        ColumnKind::Bokslut => format!("{} {year}", l.bokslut),
        ColumnKind::Plan => format!("{} {year}", l.plan),
        ColumnKind::Utfall => format!("{} {when}", l.utfall),
        ColumnKind::Prognos => format!("{} {year}", l.prognos),
        ColumnKind::Forandring => l.forandring.clone(),
        ColumnKind::Procent => format!("{} %", l.forandring),
        ColumnKind::Avvikelse => l.avvikelse.clone(),
        ColumnKind::AvvikelseProcent => l.avvikelse_procent.clone(),
    };
    let belopp = !matches!(typ, ColumnKind::Procent | ColumnKind::AvvikelseProcent);
    Column { typ, ar, period, rubrik: namn.clone(), namn, belopp }
}

/// The columns of a report's table: Budget | Utfall | (Prognos) | Avvikelse | %.
fn report_columns(follow: &FollowUp, year: i32, l: &Etiketter) -> Vec<Column> {
    let column = |typ, ar, period: Option<String>| column(typ, ar, period, l);
    let (period_budget, last_year) = follow.period_columns();
    let mut out = vec![column(ColumnKind::Budget, Some(year), None)];
    // A delårsrapport's period: "Budget jan–aug", "Utfall jan–aug 2021".
    if period_budget {
        out.push(column(ColumnKind::Budget, Some(year), follow.period.clone()));
    }
    if last_year {
        let period = follow.period.as_ref().map(|p| format!("{p} {}", year - 1));
        out.push(column(ColumnKind::Utfall, Some(year - 1), period));
    }
    // Beside last year's, this year's outcome names its year too.
    let period = match &follow.period {
        Some(p) if last_year => Some(format!("{p} {year}")),
        other => other.clone(),
    };
    out.push(column(ColumnKind::Utfall, Some(year), period));
    if follow.forecast() {
        out.push(column(ColumnKind::Prognos, Some(year), None));
    }
    out.push(column(ColumnKind::Avvikelse, None, None));
    out.push(column(ColumnKind::AvvikelseProcent, None, None));
    out
}

/// A row's figures, one per report column.
fn report_values(follow: &FollowUp, f: &Followed, table: &Table) -> Vec<Option<Tal>> {
    let forecast = follow.forecast();
    let decimals = table.unit.decimaler;
    let amount = |v: i64| Tal::amount(v, decimals);
    let (period_budget, last_year) = follow.period_columns();
    let mut out = vec![f.budget.map(amount)];
    if period_budget {
        out.push(f.periodbudget.map(amount));
    }
    if last_year {
        out.push(f.foregaende.map(amount));
    }
    out.push(f.utfall.map(amount));
    if forecast {
        out.push(f.prognos.map(amount));
    }
    out.push(f.avvikelse(forecast).map(|varde| Tal::change(varde, decimals)));
    out.push(f.avvikelse_promille(forecast).map(|varde| Tal::new(varde, Talslag::Promille)));
    out
}

/// Rows for `nodes` and, up to `levels` deep, the nodes below them; a
/// group with a `summanamn` stands alone above its lines, its sum below.
fn rows(nodes: &[Node], indrag: usize, levels: usize, out: &mut Vec<BudgetRow>) {
    for node in nodes {
        let open = !node.children.is_empty() && levels > 1;
        let first = out.len();
        match &node.sum_name {
            _ if open && node.no_sum => {
                out.push(BudgetRow::heading(node.name.clone(), node.values.len(), indrag));
                rows(&node.children, indrag + 1, levels - 1, out);
            }
            Some(sum_name) if open => {
                out.push(BudgetRow::heading(node.name.clone(), node.values.len(), indrag));
                rows(&node.children, indrag + 1, levels - 1, out);
                out.push(BudgetRow::new(sum_name.clone(), node.values.clone(), false, indrag, true));
            }
            _ => {
                out.push(BudgetRow::new(node.name.clone(), node.values.clone(), open, indrag, false));
                if open {
                    rows(&node.children, indrag + 1, levels - 1, out);
                }
            }
        }
        out[first].kommentar.clone_from(&node.comment);
        out[first].utanfor_summa = node.outside;
    }
}

/// The headings of a budget's columns.
fn headings(table: &Table, l: &Etiketter) -> Vec<Column> {
    table
        .columns
        .iter()
        .map(|c| {
            let typ = match c.kind {
                columns::ColumnKind::Bokslut => ColumnKind::Bokslut,
                columns::ColumnKind::Budget => ColumnKind::Budget,
                columns::ColumnKind::Plan => ColumnKind::Plan,
                columns::ColumnKind::Forandring => ColumnKind::Forandring,
                columns::ColumnKind::Procent => ColumnKind::Procent,
            };
            column(typ, c.year, None, l)
        })
        .collect()
}

/// A row's figures as shown: negated for intäkter shown negative; none where missing.
fn shown(table: &Table, figures: &columns::Figures, negative: bool) -> Vec<Option<Tal>> {
    (0..table.columns.len())
        .map(|c| match table.figure(figures, c) {
            columns::Figure::Amount(v) => {
                let varde = if negative { v.saturating_neg() } else { v };
                let slag = if table.columns[c].kind == columns::ColumnKind::Forandring {
                    Talslag::Forandring
                } else {
                    Talslag::Tkr
                };
                Some(Tal { varde, slag, decimaler: table.unit.decimaler })
            }
            // One sign convention: a change in per cent has the sign of the
            // change beside it, so it turns with intäkter shown negative.
            columns::Figure::PerMille(p) => {
                Some(Tal::new(if negative { p.saturating_neg() } else { p }, Talslag::Promille))
            }
            columns::Figure::Missing => None,
        })
        .collect()
}
