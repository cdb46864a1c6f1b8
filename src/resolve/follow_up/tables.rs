//! A report's budget tables: Budget | Utfall | (Prognos) | Avvikelse |
//! Avvikelse %, for the plan's `budget` and its budgets with columns.

use super::super::{Resolver, unknown};
use crate::budget::columns;
use crate::budget::outcome::{self, Followed, FollowedLine, Outcomes};
use crate::document::{BudgetRow, BudgetTable, Column, ColumnKind, Tal, Talslag};
use crate::error::{Problem, SourceFile};
use crate::model::{self, Spanned};

/// A budget line as the follow-up tables show it.
struct Node {
    name: String,
    figures: Followed,
    sum_name: Option<String>,
    children: Vec<Node>,
}

impl<'a> Resolver<'a> {
    /// The columns of a follow-up table.
    fn follow_columns(&self) -> Vec<Column> {
        let year = Some(self.loaded.plan.dokument.ar.value);
        let follow = self.follow();
        let column = |typ, ar, period: Option<String>| Column { typ, ar, period };
        let mut out = vec![
            column(ColumnKind::Budget, year, None),
            column(ColumnKind::Utfall, year, follow.period.clone()),
        ];
        if follow.forecast() {
            out.push(column(ColumnKind::Prognos, year, None));
        }
        out.push(column(ColumnKind::Avvikelse, None, None));
        out.push(column(ColumnKind::AvvikelseProcent, None, None));
        out
    }

    /// A row's figures, one per follow-up column.
    fn follow_values(&self, f: &Followed) -> Vec<Option<Tal>> {
        let forecast = self.follow().forecast();
        let mut out = vec![f.budget.map(Tal::tkr), f.utfall.map(Tal::tkr)];
        if forecast {
            out.push(f.prognos.map(Tal::tkr));
        }
        out.push(f.avvikelse(forecast).map(|varde| Tal { varde, slag: Talslag::Forandring }));
        out.push(f.avvikelse_promille(forecast).map(|varde| Tal { varde, slag: Talslag::Promille }));
        out
    }

    /// Rows of nodes and, up to `levels` deep, the nodes below them.
    fn follow_rows(&self, nodes: &[Node], indrag: usize, levels: usize, out: &mut Vec<BudgetRow>) {
        for node in nodes {
            let open = !node.children.is_empty() && levels > 1;
            let values = self.follow_values(&node.figures);
            match &node.sum_name {
                Some(sum_name) if open => {
                    out.push(BudgetRow::heading(node.name.clone(), values.len(), indrag));
                    self.follow_rows(&node.children, indrag + 1, levels - 1, out);
                    out.push(BudgetRow::new(sum_name.clone(), values, false, indrag, true));
                }
                _ => {
                    out.push(BudgetRow::new(node.name.clone(), values, open, indrag, false));
                    if open {
                        self.follow_rows(&node.children, indrag + 1, levels - 1, out);
                    }
                }
            }
        }
    }

    fn legacy_nodes(
        &mut self,
        lines: &'a [crate::budget::Line<'a>],
        followed: Vec<FollowedLine>,
    ) -> Vec<Node> {
        let file = &self.loaded.file;
        lines
            .iter()
            .zip(followed)
            .map(|(line, f)| Node {
                name: self.plain(&line.post.namn, file),
                figures: f.figures,
                sum_name: None,
                children: self.legacy_nodes(&line.children, f.children),
            })
            .collect()
    }

    fn column_nodes(&mut self, lines: &'a [columns::Line<'a>], followed: Vec<FollowedLine>) -> Vec<Node> {
        let file = &self.loaded.file;
        lines
            .iter()
            .zip(followed)
            .map(|(line, f)| Node {
                name: self.plain(&line.rad.namn, file),
                figures: f.figures,
                sum_name: line.rad.summanamn.as_ref().map(|s| self.plain(s, file)),
                children: self.column_nodes(&line.children, f.children),
            })
            .collect()
    }

    fn outcomes(&self) -> Outcomes<'a> {
        let report = self.follow().report;
        Outcomes { utfall: &report.utfall, prognos: &report.prognos }
    }

    /// `budgettabell` in a report: the budget with its outcome.
    pub(in crate::resolve) fn followed_budget(
        &mut self,
        opts: &'a Spanned<model::Budgettabell>,
        file: &SourceFile,
    ) -> Option<BudgetTable> {
        let kolumner = self.follow_columns();
        let Some(id) = &opts.value.budget else {
            let budget = self.budget.or_else(|| {
                self.problems.push(
                    Problem::at(
                        file,
                        &opts.referenced,
                        "this block shows the plan's `budget`, but it has none",
                    )
                    .with_help("name one of the plan's `budgetar`: `budgettabell: {budget: ID}`"),
                );
                None
            })?;
            let followed = outcome::legacy(&budget.lines, self.outcomes());
            let total = outcome::legacy_total(&followed);
            let nodes = self.legacy_nodes(&budget.lines, followed);
            let mut rader = Vec::new();
            self.follow_rows(&nodes, 0, 1, &mut rader);
            let summa = self.follow_values(&total);
            let l = self.labels;
            let year = self.loaded.plan.dokument.ar.value;
            return Some(BudgetTable {
                rubrik: opts.value.rubrik.clone().unwrap_or_else(|| l.kontoklass.clone()),
                kolumner,
                rader,
                summa: Some(summa.iter().map(Tal::shown).collect()),
                summa_varden: Some(summa),
                // Five columns of figures: the years under their words, the unit in the caption.
                bildtext: Some(
                    opts.value
                        .bildtext
                        .clone()
                        .unwrap_or_else(|| format!("{} {year}, {}", l.utfall_mot_budget, l.tkr)),
                ),
                tkr_i_rubrik: false,
            });
        };
        let Some(table) = self.budgets.table(&id.value) else {
            if !self.loaded.plan.budgetar.iter().any(|b| b.id.value == id.value) {
                let known: Vec<&str> =
                    self.loaded.plan.budgetar.iter().map(|b| b.id.value.as_str()).collect();
                self.problems.push(unknown(file, id, "budget", &known));
            }
            return None;
        };
        let followed = outcome::with_columns(table, &table.lines, self.outcomes());
        let (total, funding) = outcome::columns_totals(table, &followed, self.outcomes());
        let nodes = self.column_nodes(&table.lines, followed);
        let mut rader = Vec::new();
        self.follow_rows(&nodes, 0, usize::MAX, &mut rader);
        let b = table.budget;
        let plan_file = &self.loaded.file;
        let total_name =
            b.summa.as_ref().map_or_else(|| self.labels.summa.clone(), |s| self.plain(&s.namn, plan_file));
        rader.push(BudgetRow::new(total_name, self.follow_values(&total), false, 0, true));
        if let (Some((funding, result)), Some(rad)) = (funding, &b.finansiering) {
            let name = self.plain(&rad.namn, plan_file);
            rader.push(BudgetRow::new(name, self.follow_values(&funding), false, 0, false));
            let name = b
                .resultat
                .as_ref()
                .map_or_else(|| self.labels.resultat.clone(), |r| self.plain(&r.namn, plan_file));
            rader.push(BudgetRow::new(name, self.follow_values(&result), false, 0, true));
        }
        Some(BudgetTable {
            rubrik: opts.value.rubrik.clone().unwrap_or_else(|| "tkr".into()),
            kolumner,
            rader,
            summa: None,
            summa_varden: None,
            bildtext: Some(opts.value.bildtext.clone().unwrap_or_else(|| self.plain(&b.rubrik, plan_file))),
            tkr_i_rubrik: false,
        })
    }

    /// `fördelning` in a report: a line's breakdown with its outcome.
    pub(in crate::resolve) fn followed_breakdown(
        &mut self,
        opts: &'a model::Fordelningstabell,
        file: &SourceFile,
    ) -> Option<BudgetTable> {
        let levels = crate::resolve::levels(opts);
        let kolumner = self.follow_columns();
        let plan_file = &self.loaded.file;
        let (nodes, total, name, rubrik) = if let Some((table, row)) = self.budgets.row(&opts.post.value) {
            let line = row.line.filter(|l| !l.children.is_empty())?;
            let followed = outcome::with_columns(table, &line.children, self.outcomes());
            let gain = if line.typ == Some(model::Radtyp::Intakt) { 1 } else { -1 };
            let total = outcome::sum(&followed.iter().map(|f| (1, f.figures)).collect::<Vec<_>>(), gain);
            let name = line
                .rad
                .summanamn
                .as_ref()
                .map_or_else(|| self.labels.summa.clone(), |s| self.plain(s, plan_file));
            let rubrik = format!("{}, {}", self.plain(&line.rad.namn, plan_file), self.labels.fordelning);
            (self.column_nodes(&line.children, followed), total, name, rubrik)
        } else {
            // A line without a breakdown was refused before (breakdown_is_shown).
            let line = self.line(&opts.post, file).filter(|l| !l.children.is_empty())?;
            let followed = outcome::legacy(&line.children, self.outcomes());
            let total = outcome::legacy_total(&followed);
            let rubrik = match &line.post.fordelningsrubrik {
                Some(t) => self.plain(t, plan_file),
                None => format!("{}, {}", self.plain(&line.post.namn, plan_file), self.labels.fordelning),
            };
            (self.legacy_nodes(&line.children, followed), total, self.labels.summa.clone(), rubrik)
        };
        let mut rader = Vec::new();
        self.follow_rows(&nodes, 0, levels, &mut rader);
        rader.push(BudgetRow::new(name, self.follow_values(&total), false, 0, true));
        Some(BudgetTable {
            rubrik: self.labels.tkr.clone(),
            kolumner,
            rader,
            summa: None,
            summa_varden: None,
            bildtext: Some(opts.bildtext.clone().unwrap_or(rubrik)),
            tkr_i_rubrik: false,
        })
    }
}
