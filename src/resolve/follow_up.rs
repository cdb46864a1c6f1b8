//! A follow-up report: the plan's goals and budget with what happened.
//!
//! Input: a follow-up report, its plan and the plan's budgets. Output: a
//! [`Document`] like a plan's: the report's own chapters; its budget tables
//! with Budget | Utfall | (Prognos) | Avvikelse | Avvikelse % and every sum
//! computed; its goal sections with the plan's description, the status and
//! the analysis; and the warnings `check` lists (a line without an outcome,
//! a goal without a status). Names and titles are the plan's, by id.

use std::collections::HashMap;

use super::goals::Goal;
use super::{Resolver, Settings, known_help, link_repeated_footnotes, number, unknown};
use crate::budget::outcome::{self, Followed, FollowedLine, Outcomes};
use crate::budget::{Budgets, columns};
use crate::document::{
    BudgetRow, BudgetTable, Cell, Column, ColumnKind, Document, LineFigure, Overview, Segment, Tal, Talslag,
    View,
};
use crate::error::{Problem, SourceFile};
use crate::format;
use crate::load::Loaded;
use crate::model::{self, Maluppfyllelse, Rapporttyp, Spanned, Status, Uppfoljning};

/// What a follow-up adds to the resolver.
pub(super) struct FollowUp<'a> {
    pub(super) report: &'a Uppfoljning,
    pub(super) file: &'a SourceFile,
    /// Figures per id: every line, total, funding and result.
    pub(super) figures: HashMap<&'a str, Followed>,
    /// "jan–aug", for a delårsrapport's outcome column.
    period: Option<String>,
}

impl FollowUp<'_> {
    /// Whether deviations are the forecast's (a delårsrapport).
    fn forecast(&self) -> bool {
        self.report.rapport.typ.value == Rapporttyp::Delarsrapport
    }
}

/// The id text quotes the total of the plan's `budget` by: `{utfall:summa}`.
pub const LEGACY_TOTAL: &str = "summa";

/// A report resolved: its document and what `check` lists as unfinished.
pub type Resolved = (Document, Vec<String>);

/// Checks a follow-up against its plan and builds its document.
pub fn resolve_follow_up(
    plan: &Loaded,
    report: &Uppfoljning,
    file: &SourceFile,
    budgets: &Budgets,
    settings: &Settings,
) -> Result<Resolved, Vec<Problem>> {
    let mut r = Resolver::new(plan, budgets, settings);
    r.footnotes.extend(report.fotnoter.iter().map(|(k, v)| (k.as_str(), (file, v))));
    let outcomes = Outcomes { utfall: &report.utfall, prognos: &report.prognos };
    let period = report.rapport.till_och_med.as_ref().map(|d| format::period(d.value));
    r.follow_up = Some(FollowUp {
        report,
        file,
        figures: all_figures(budgets, outcomes),
        period: period.as_ref().map(|p| p.1.clone()),
    });
    r.check_report(file);
    r.check_line_ids(&report.utfall, "utfall", file);
    r.check_line_ids(&report.prognos, "prognos", file);
    r.check_goal_ids(file);
    let meta = r.report_meta(period.map(|p| p.0), settings.draft);
    let mut kapitel: Vec<_> = report.kapitel.iter().map(|k| r.section(k, 1, file)).collect();
    number(kapitel.iter_mut().collect(), "avsnitt");
    let fotnoter = link_repeated_footnotes(&mut kapitel);
    let warnings = r.unfinished();
    let budgetposter = r.outcome_figures();
    if !r.problems.is_empty() {
        return Err(r.problems);
    }
    let document = Document {
        meta,
        kapitel,
        andringar: None,
        fotnoter,
        etiketter: settings.labels.clone(),
        budgetposter,
        filer: r.files,
        lasta_filer: r.read,
    };
    Ok((document, warnings))
}

/// Every id's follow-up figures, across the budgets.
fn all_figures<'a>(budgets: &'a Budgets<'a>, outcomes: Outcomes) -> HashMap<&'a str, Followed> {
    let mut out = HashMap::new();
    fn legacy_ids<'a>(
        lines: &'a [crate::budget::Line<'a>],
        followed: &[FollowedLine],
        out: &mut HashMap<&'a str, Followed>,
    ) {
        for (line, f) in lines.iter().zip(followed) {
            if let Some(id) = line.id() {
                out.insert(id, f.figures);
            }
            legacy_ids(&line.children, &f.children, out);
        }
    }
    fn column_ids<'a>(
        lines: &'a [columns::Line<'a>],
        followed: &[FollowedLine],
        out: &mut HashMap<&'a str, Followed>,
    ) {
        for (line, f) in lines.iter().zip(followed) {
            if let Some(id) = &line.rad.id {
                out.insert(id.value.as_str(), f.figures);
            }
            column_ids(&line.children, &f.children, out);
        }
    }
    if let Some(budget) = &budgets.legacy {
        let followed = outcome::legacy(&budget.lines, outcomes);
        legacy_ids(&budget.lines, &followed, &mut out);
        // The total of `budget` has no id of its own: text quotes it as `summa`.
        out.entry(LEGACY_TOTAL).or_insert_with(|| outcome::legacy_total(&followed));
    }
    for table in &budgets.tables {
        let followed = outcome::with_columns(table, &table.lines, outcomes);
        column_ids(&table.lines, &followed, &mut out);
        let (total, funding) = outcome::columns_totals(table, &followed, outcomes);
        let b = table.budget;
        out.insert(b.id.value.as_str(), total);
        if let Some(id) = b.summa.as_ref().and_then(|s| s.id.as_ref()) {
            out.insert(id.value.as_str(), total);
        }
        if let (Some((funding, result)), Some(rad)) = (funding, &b.finansiering) {
            if let Some(id) = &rad.id {
                out.insert(id.value.as_str(), funding);
            }
            if let Some(id) = b.resultat.as_ref().and_then(|s| s.id.as_ref()) {
                out.insert(id.value.as_str(), result);
            }
        }
    }
    out
}

/// A budget line as the follow-up tables show it.
struct Node {
    name: String,
    figures: Followed,
    sum_name: Option<String>,
    children: Vec<Node>,
}

impl<'a> Resolver<'a> {
    fn follow(&self) -> &FollowUp<'a> {
        // Only called while resolving a follow-up.
        self.follow_up.as_ref().expect("a follow-up is being resolved")
    }

    /// The report's kind and period agree with each other and the plan.
    fn check_report(&mut self, file: &SourceFile) {
        let rapport = &self.follow().report.rapport;
        let year = self.loaded.plan.dokument.ar.value;
        let forecast = self.follow().forecast();
        match (&rapport.till_och_med, forecast) {
            (None, true) => self.problems.push(
                Problem::at(
                    file,
                    &rapport.typ.referenced,
                    "a delårsrapport needs the last day of its period",
                )
                .with_help(format!("add `till_och_med: {year}-08-31` under `rapport`")),
            ),
            (Some(end), false) => self.problems.push(
                Problem::at(
                    file,
                    &end.referenced,
                    "a verksamhetsberättelse covers the whole year; it has no `till_och_med`",
                )
                .with_help("remove `till_och_med`, or make the report a `delårsrapport`"),
            ),
            (Some(end), true) if chrono::Datelike::year(&end.value) != year => self.problems.push(
                Problem::at(file, &end.referenced, format!("the period ends outside the plan's year {year}"))
                    .with_help(format!("give a day of {year}, e.g. `{year}-08-31`")),
            ),
            _ => {}
        }
        if !forecast && let Some(first) = self.follow().report.prognos.values().next() {
            self.problems.push(
                Problem::at(
                    file,
                    &first.referenced,
                    "a verksamhetsberättelse has no prognos: the year is over",
                )
                .with_help("remove `prognos`, or make the report a `delårsrapport`"),
            );
        }
    }

    /// Every outcome or forecast names a line without a breakdown.
    fn check_line_ids(&mut self, entered: &'a outcome::Entered, what: &str, file: &SourceFile) {
        let leaves = self.leaves();
        let groups = outcome::group_ids(self.budget, &self.budgets.tables);
        let known: Vec<&str> = leaves.iter().filter_map(|(id, _)| *id).collect();
        for (id, value) in entered {
            if known.contains(&id.as_str()) {
                continue;
            }
            let at = value.referenced;
            if groups.contains(&id.as_str()) {
                self.problems.push(
                    Problem::at(
                        file,
                        &at,
                        format!("`{id}` has lines of its own: its {what} is the sum of theirs"),
                    )
                    .with_help(format!("give the {what} of each of its lines instead")),
                );
            } else if !self.budgets.failed(&self.loaded.plan, id) {
                self.problems.push(
                    Problem::at(file, &at, format!("the plan has no budget line `{id}`"))
                        .with_help(known_help("the lines that take an outcome", &known)),
                );
            }
        }
    }

    /// Every goal the report assesses is one of the plan's.
    fn check_goal_ids(&mut self, file: &SourceFile) {
        let goals = self.all_goals();
        let known: Vec<&str> = goals.iter().map(|g| g.id.as_str()).collect();
        for (id, entry) in &self.follow().report.mal {
            if !known.contains(&id.as_str()) {
                let id = Spanned { value: id.clone(), referenced: entry.referenced, defined: entry.defined };
                self.problems.push(unknown(file, &id, "focus area or assignment", &known));
            }
        }
    }

    /// The lines that take an outcome, (id, name), in the plan's order.
    fn leaves(&self) -> Vec<(Option<&'a str>, &'a str)> {
        let mut out = Vec::new();
        if let Some(budget) = self.budget {
            outcome::legacy_leaves(&budget.lines, &mut out);
        }
        for table in &self.budgets.tables {
            outcome::columns_leaves(table, &mut out);
        }
        out
    }

    /// Every goal of the plan, focus areas before their assignments.
    fn all_goals(&mut self) -> Vec<Goal<'a>> {
        let mut out = Vec::new();
        for area in self.goal_tree() {
            out.push(area.goal.clone());
            for a in &area.assignments {
                out.push(a.goal.clone());
                out.extend(a.own.iter().cloned());
            }
        }
        out
    }

    /// What the report leaves open: outcomes, forecasts and statuses.
    fn unfinished(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        let report = self.follow().report;
        let forecast = self.follow().forecast();
        for (id, name) in self.leaves() {
            let Some(id) = id else {
                out.push(format!("`{name}` has no id in the plan, so it takes no utfall: give it an `id`"));
                continue;
            };
            let given = |map: &outcome::Entered| map.get(id).is_some_and(|v| v.value.is_some());
            if !given(&report.utfall) {
                out.push(format!("no utfall for `{id}` ({name}): shown as –"));
            }
            if forecast && !given(&report.prognos) {
                out.push(format!("no prognos for `{id}` ({name}): shown as –"));
            }
        }
        for goal in self.all_goals() {
            if report.mal.get(&goal.id).is_none_or(|m| m.value.status.is_none()) {
                out.push(format!("no status for `{}` ({}): shown as not assessed", goal.id, goal.titel));
            }
        }
        out
    }

    /// Every line's outcome, for `--compare-to` between two versions of a report.
    fn outcome_figures(&self) -> Vec<LineFigure> {
        let figures = &self.follow().figures;
        self.leaves()
            .into_iter()
            .filter_map(|(id, name)| {
                let utfall = figures.get(id?)?.utfall?;
                Some(LineFigure { key: id?.to_string(), namn: name.to_string(), belopp: utfall, niva: 0 })
            })
            .collect()
    }

    /// The plan's cover facts with the report's title, date and state.
    fn report_meta(&mut self, period: Option<String>, force_draft: bool) -> crate::document::Meta {
        let mut meta = self.meta(false);
        let l = self.labels;
        let follow = self.follow();
        let rapport = &follow.report.rapport;
        meta.titel = match (rapport.typ.value, period) {
            (Rapporttyp::Delarsrapport, Some(period)) => format!("{} {period}", l.delarsrapport),
            (Rapporttyp::Delarsrapport, None) => l.delarsrapport.clone(),
            (Rapporttyp::Verksamhetsberattelse, _) => l.verksamhetsberattelse.clone(),
        };
        meta.planperiod = None;
        meta.datum = format::date(rapport.datum.value);
        meta.datum_iso = rapport.datum.value.into();
        meta.beslut = None;
        let draft = force_draft || rapport.status.as_ref().is_some_and(|s| s.value == Status::Utkast);
        meta.utkast = draft.then(|| crate::document::Draft {
            version: rapport.version.as_ref().map(|v| v.value),
            sammantrade: rapport.sammantrade.as_ref().map(|m| m.namn.clone()),
            datum: rapport.sammantrade.as_ref().map(|m| format::date(m.datum)),
            datum_iso: rapport.sammantrade.as_ref().map(|m| m.datum.into()),
        });
        let dnr = rapport.dnr.as_ref();
        let file = follow.file;
        meta.dnr = dnr.map(|t| self.plain(t, file));
        meta
    }

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
                    let n = values.len();
                    out.push(BudgetRow {
                        belopp: vec![String::new(); n],
                        ..BudgetRow::new(node.name.clone(), vec![None; n], true, indrag, false)
                    });
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
    pub(super) fn followed_budget(
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
    pub(super) fn followed_breakdown(
        &mut self,
        opts: &'a model::Fordelningstabell,
        file: &SourceFile,
    ) -> Option<BudgetTable> {
        let levels = opts.nivaer.as_ref().map_or(usize::MAX, |n| n.value.max(1));
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
            let line = self.line(&opts.post, file)?;
            if line.children.is_empty() {
                self.problems.push(
                    Problem::at(
                        file,
                        &opts.post.referenced,
                        format!("the budget line `{}` has no fördelning to show", opts.post.value),
                    )
                    .with_help("give the line a `fördelning`, or refer to a line that has one"),
                );
                return None;
            }
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

    /// The status of a goal, as symbol and words.
    fn status_text(&self, id: &str) -> String {
        let l = self.labels;
        let status = self.follow().report.mal.get(id).and_then(|m| m.value.status.as_ref()).map(|s| s.value);
        match status {
            Some(Maluppfyllelse::Uppfyllt) => l.uppfyllt.clone(),
            Some(Maluppfyllelse::DelvisUppfyllt) => l.delvis_uppfyllt.clone(),
            Some(Maluppfyllelse::EjUppfyllt) => l.ej_uppfyllt.clone(),
            None => l.ej_bedomd.clone(),
        }
    }

    /// `måluppfyllelse`: every focus area and assignment with its status.
    pub(super) fn goal_status_table(&mut self) -> View {
        let l = self.labels;
        let kolumner = [l.fokusomrade.clone(), l.uppdrag.clone(), l.bedomning.clone()];
        let mut rader = Vec::new();
        for area in self.goal_tree() {
            let mut rows: Vec<Vec<Cell>> = Vec::new();
            if self.follow().report.mal.contains_key(&area.goal.id) {
                rows.push(vec![cell(&l.fokusomradet_som_helhet), cell(&self.status_text(&area.goal.id))]);
            }
            for a in &area.assignments {
                rows.push(vec![cell(&a.goal.titel), cell(&self.status_text(&a.goal.id))]);
                for own in &a.own {
                    rows.push(vec![cell(&format!("– {}", own.titel)), cell(&self.status_text(&own.id))]);
                }
            }
            if rows.is_empty() {
                rows.push(vec![cell(""), cell(&self.status_text(&area.goal.id))]);
            }
            let span = rows.len();
            rows[0].insert(0, Cell { text: area.goal.titel.clone(), rader: span });
            rader.extend(rows);
        }
        View::Oversikt(Overview { kolumner, rader })
    }

    /// What a goal section adds in a report: the status, then the analysis.
    pub(super) fn goal_follow_up(&mut self, id: &str, level: usize, block: &mut Vec<View>) {
        let Some(follow) = &self.follow_up else { return };
        let (report, file) = (follow.report, follow.file);
        let status = self.status_text(id);
        block.push(View::Stycke {
            delar: vec![
                Segment::Fet { text: format!("{}:", self.labels.bedomning) },
                Segment::Text { text: format!(" {status}") },
            ],
        });
        let analys = report.mal.get(id).map(|m| &m.value.analys).filter(|a| !a.is_empty());
        if let Some(analys) = analys {
            block.push(View::Rubrik { text: self.labels.analys.clone(), niva: level + 1 });
            for t in analys {
                block.push(View::Stycke { delar: self.segments(t, file, true) });
            }
        }
    }

    /// `{utfall:id}`, `{prognos:id}`, `{avvikelse:id}` (signed; `|abs`
    /// without its sign, for prose that says "överskott"): a report's figure in tkr.
    pub(super) fn follow_quote(&self, kind: &str, text: &str) -> Result<String, (String, String)> {
        let reference = crate::text::Reference::parse(text);
        let id = reference.id;
        if let Some(column) = reference.column {
            return Err((
                format!("`{{{kind}:…}}` is the report's figure; it takes no column, not `{column}`"),
                format!("write `{{{kind}:{id}}}`"),
            ));
        }
        let Some(follow) = &self.follow_up else {
            return Err((
                format!("`{{{kind}:…}}` quotes a follow-up report's figure; a plan has none"),
                "quote the plan's figures with `{tkr:ID}`".into(),
            ));
        };
        let Some(f) = follow.figures.get(id) else {
            let mut known: Vec<&str> = follow.figures.keys().copied().collect();
            known.sort_unstable();
            return Err((format!("no budget line with id `{id}`"), known_help("budget line ids", &known)));
        };
        let value = match kind {
            "utfall" => f.utfall,
            "prognos" => f.prognos,
            _ => f.avvikelse(follow.forecast()),
        };
        let value = value.ok_or_else(|| {
            (
                format!("`{id}` has no {kind} to quote yet"),
                format!(
                    "give `{id}` its {} in the report",
                    if kind == "prognos" { "prognos" } else { "utfall" }
                ),
            )
        })?;
        Ok(match kind {
            "avvikelse" if !reference.abs => format::change(value),
            _ if reference.abs => format::number(value.saturating_abs()),
            _ => format::number(value),
        })
    }
}

fn cell(text: &str) -> Cell {
    Cell { text: text.to_string(), rader: 1 }
}

/// What a starter report lists: the lines that take an outcome and the
/// goals that take a status, from the plan.
#[derive(Debug, Default)]
pub struct Items {
    /// (id, name, this year's budget) of each line without a breakdown;
    /// a line without id is left out (it cannot take an outcome).
    pub lines: Vec<(String, String, Option<i64>)>,
    /// (id, title, depth: 0 for a focus area) of each goal.
    pub goals: Vec<(String, String, usize)>,
    /// The ids of the plan's budgets with columns.
    pub budgetar: Vec<String>,
    /// Whether the plan has a `budget` (per kontoklass).
    pub budget: bool,
}

/// The lines and goals of a plan, for `vplan follow-up`.
pub fn items(plan: &Loaded, budgets: &Budgets, settings: &Settings) -> Result<Items, Vec<Problem>> {
    let mut r = Resolver::new(plan, budgets, settings);
    let empty = outcome::Entered::new();
    let figures = all_figures(budgets, Outcomes { utfall: &empty, prognos: &empty });
    let lines = r
        .leaves()
        .into_iter()
        .filter_map(|(id, name)| Some((id?.to_string(), name.to_string(), figures.get(id?)?.budget)))
        .collect();
    let mut goals = Vec::new();
    for area in r.goal_tree() {
        goals.push((area.goal.id.clone(), area.goal.titel.clone(), 0));
        for a in &area.assignments {
            goals.push((a.goal.id.clone(), a.goal.titel.clone(), 1));
            goals.extend(a.own.iter().map(|g| (g.id.clone(), g.titel.clone(), 2)));
        }
    }
    if !r.problems.is_empty() {
        return Err(r.problems);
    }
    Ok(Items {
        lines,
        goals,
        budgetar: plan.plan.budgetar.iter().map(|b| b.id.value.clone()).collect(),
        budget: plan.plan.budget.is_some(),
    })
}
