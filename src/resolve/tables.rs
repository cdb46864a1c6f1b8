//! Budget tables and the descriptions of allocated funds.

use super::Resolver;
use crate::budget::Line;
use crate::document::{BudgetRow, BudgetTable, Column, ColumnKind, Tal, Talslag, View};
use crate::error::{Problem, SourceFile};

use crate::model::{self, Spanned};

impl<'a> Resolver<'a> {
    /// This year's column; with last year's figures, last year's before it
    /// and the change after it.
    fn columns(&self) -> Vec<Column> {
        let this =
            Column { typ: ColumnKind::Budget, ar: Some(self.loaded.plan.dokument.ar.value), period: None };
        match self.budget.and_then(|b| b.previous_year) {
            Some(year) => vec![
                Column { typ: ColumnKind::Budget, ar: Some(year), period: None },
                this,
                Column { typ: ColumnKind::Forandring, ar: None, period: None },
            ],
            None => vec![this],
        }
    }

    /// The figures of one row: this year's, or last year's, this year's and the change.
    fn figures(&self, amount: i64, previous: i64) -> Vec<Option<Tal>> {
        if self.budget.and_then(|b| b.previous_year).is_some() {
            // Both fit in i64 and were summed checked; their difference is
            // shown saturated rather than wrapped in the absurd case.
            let change = amount.saturating_sub(previous);
            vec![
                Some(Tal::tkr(previous)),
                Some(Tal::tkr(amount)),
                Some(Tal { varde: change, slag: Talslag::Forandring }),
            ]
        } else {
            vec![Some(Tal::tkr(amount))]
        }
    }

    /// The table per kontoklass with its Summa row.
    pub(super) fn main_table(
        &mut self,
        opts: &Spanned<model::Budgettabell>,
        file: &SourceFile,
    ) -> Option<BudgetTable> {
        let Some(budget) = self.budget else {
            self.no_budget(
                Problem::at(file, &opts.referenced, "this block shows the budget, but the plan has none")
                    .with_help("add a `budget` to the plan"),
            );
            return None;
        };
        let mut rader = Vec::new();
        for line in &budget.lines {
            let namn = self.plain(&line.post.namn, &self.loaded.file);
            rader.push(BudgetRow::new(namn, self.figures(line.amount, line.previous), false, 0, false));
        }
        Some(BudgetTable {
            rubrik: opts.value.rubrik.clone().unwrap_or_else(|| self.labels.kontoklass.clone()),
            kolumner: self.columns(),
            rader,
            summa: Some(shown(&self.figures(budget.total, budget.previous_total))),
            summa_varden: Some(self.figures(budget.total, budget.previous_total)),
            bildtext: opts.value.bildtext.clone(),
            tkr_i_rubrik: true,
        })
    }

    /// The breakdown of one line: its lines, groups with their subtotals, Summa.
    pub(super) fn breakdown_table(
        &mut self,
        line: &'a Line<'a>,
        opts: &model::Fordelningstabell,
    ) -> Option<BudgetTable> {
        let levels = super::levels(opts);
        let plan_file = &self.loaded.file;
        let rubrik = match &line.post.fordelningsrubrik {
            Some(t) => self.plain(t, plan_file),
            None => format!("{}, {}", self.plain(&line.post.namn, plan_file), self.labels.fordelning),
        };
        let mut rader = Vec::new();
        self.rows(&line.children, 0, levels, &mut rader);
        Some(BudgetTable {
            rubrik,
            kolumner: self.columns(),
            rader,
            summa: Some(shown(&self.figures(line.amount, line.previous))),
            summa_varden: Some(self.figures(line.amount, line.previous)),
            bildtext: opts.bildtext.clone(),
            tkr_i_rubrik: true,
        })
    }

    /// Rows for `lines` and, up to `levels` deep, the lines below them.
    fn rows(&mut self, lines: &'a [Line<'a>], indrag: usize, levels: usize, out: &mut Vec<BudgetRow>) {
        for line in lines {
            let namn = self.plain(&line.post.namn, &self.loaded.file);
            let grupp = !line.children.is_empty() && levels > 1;
            out.push(BudgetRow::new(namn, self.figures(line.amount, line.previous), grupp, indrag, false));
            if grupp {
                self.rows(&line.children, indrag + 1, levels - 1, out);
            }
        }
    }

    /// A heading per line, and the description of every described line.
    pub(super) fn describe(&mut self, line: &'a Line<'a>, level: usize, out: &mut Vec<View>) {
        let described = |l: &Line| !l.post.beskrivning.is_empty();
        if !described(line) && !has_described(&line.children) {
            return;
        }
        let file = &self.loaded.file;
        out.push(View::Rubrik { text: self.plain(&line.post.namn, file), niva: level });
        for t in &line.post.beskrivning {
            out.push(View::Stycke { delar: self.segments(t, file, true) });
        }
        for child in &line.children {
            self.describe(child, level + 1, out);
        }
    }
}

fn has_described(lines: &[Line]) -> bool {
    lines.iter().any(|l| !l.post.beskrivning.is_empty() || has_described(&l.children))
}

/// Figures written the Swedish way, "–" where there is none.
fn shown(figures: &[Option<Tal>]) -> Vec<String> {
    figures.iter().map(Tal::shown).collect()
}
