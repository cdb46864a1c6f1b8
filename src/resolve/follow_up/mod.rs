//! A follow-up report: the plan's goals and budget with what happened.
//!
//! Input: a follow-up report, its plan and the plan's budgets. Output: a
//! [`Document`] like a plan's: the report's own chapters; its budget tables
//! with Budget | Utfall | (Prognos) | Avvikelse | Avvikelse % and every sum
//! computed; its goal sections with the plan's description, the status and
//! the analysis; and the warnings `check` lists (a line without an outcome,
//! a goal without a status). Names and titles are the plan's, by id.

mod goals;

use std::collections::HashMap;

use super::goals::Goal;
use super::{DocumentKind, Resolver, Settings, known_help, status, unknown};
use super::{LineFigure, Resolved};
use crate::budget::outcome::{self, Followed, FollowedLine, Outcomes};
use crate::budget::{Budgets, Line};
use crate::decimal::{Decimal, Enhet, Unit};
use crate::error::{Problem, SourceFile};
use crate::format;
use crate::load::Loaded;
use crate::model::{Belopp, Rapporttyp, Spanned, Uppfoljning};

/// What a follow-up adds to the resolver.
pub(super) struct FollowUp<'a> {
    pub(super) report: &'a Uppfoljning,
    pub(super) file: &'a SourceFile,
    /// Figures per id: every line, total, funding and result.
    pub(super) figures: HashMap<&'a str, Followed>,
    /// "jan–aug", for a delårsrapport's outcome column.
    pub(super) period: Option<String>,
}

impl<'a> FollowUp<'a> {
    /// The report's outcomes and forecasts.
    pub(super) fn outcomes(&self) -> Outcomes<'a> {
        outcomes_of(self.report)
    }

    /// Whether the report shows the period's budget, and last year's outcome.
    pub(super) fn period_columns(&self) -> (bool, bool) {
        let any = |m: &outcome::Entered| m.values().any(|v| v.value.is_some());
        (any(&self.report.periodbudget), any(&self.report.utfall_foregaende_ar))
    }

    /// Whether deviations are the forecast's (a delårsrapport).
    pub(super) fn forecast(&self) -> bool {
        self.report.rapport.typ.value == Rapporttyp::Delarsrapport
    }
}

/// The figures a report enters, by line id.
fn outcomes_of(report: &Uppfoljning) -> Outcomes<'_> {
    Outcomes {
        utfall: &report.utfall,
        prognos: &report.prognos,
        periodbudget: &report.periodbudget,
        foregaende: &report.utfall_foregaende_ar,
    }
}

/// The id text quotes the total of the plan's `budget` by: `{utfall:summa}`.
pub const LEGACY_TOTAL: &str = "summa";

/// Checks a follow-up against its plan and builds its document.
pub fn resolve_follow_up(
    plan: &Loaded,
    report: &Uppfoljning,
    file: &SourceFile,
    budgets: &Budgets,
    settings: &Settings,
) -> Result<Resolved, Vec<Problem>> {
    let outcomes = outcomes_of(report);
    let period = report.rapport.till_och_med.as_ref().map(|d| format::period(d.value));
    let follow = FollowUp {
        report,
        file,
        figures: all_figures(budgets, outcomes),
        period: period.as_ref().map(|p| p.1.clone()),
    };
    let mut r = Resolver::new(plan, budgets, settings, DocumentKind::Report(&follow));
    r.check_unique_goal_ids(true);
    r.footnotes.extend(report.fotnoter.iter().map(|(k, v)| (k.as_str(), (file, v))));
    r.check_report(&follow);
    r.check_line_ids(&report.utfall, "utfall", file);
    r.check_line_ids(&report.prognos, "prognos", file);
    r.check_line_ids(&report.periodbudget, "periodbudget", file);
    r.check_line_ids(&report.utfall_foregaende_ar, "utfall_föregående_år", file);
    r.check_assessed_goals(&follow);
    r.check_indicators();
    r.check_indicator_outcomes(&follow);
    let meta = r.report_meta(&follow, period.map(|p| p.0), settings.draft);
    let kapitel: Vec<_> = report.kapitel.iter().map(|k| r.section(k, 1, file)).collect();
    let warnings = r.unfinished(&follow);
    let lines = r.outcome_figures(&follow);
    r.document(meta, kapitel, lines, warnings)
}

/// Every id's follow-up figures, across the budgets.
fn all_figures<'a>(budgets: &'a Budgets<'a>, outcomes: Outcomes) -> HashMap<&'a str, Followed> {
    fn ids<'a>(lines: &'a [Line<'a>], followed: &[FollowedLine], out: &mut HashMap<&'a str, Followed>) {
        for (line, f) in lines.iter().zip(followed) {
            if let Some(id) = line.id() {
                out.insert(id, f.figures);
            }
            ids(&line.children, &f.children, out);
        }
    }
    let mut out = HashMap::new();
    for table in &budgets.tables {
        let followed = outcome::followed(table, &table.lines, outcomes);
        ids(&table.lines, &followed, &mut out);
        let (total, funding) = outcome::totals(table, &followed, outcomes);
        for id in [table.id, table.total_row.id].into_iter().flatten() {
            out.insert(id.value.as_str(), total);
        }
        if table.id.is_none() {
            // The total of `budget` has no id of its own: text quotes it as `summa`.
            out.entry(LEGACY_TOTAL).or_insert(total);
        }
        if let (Some((funding, result)), Some(line)) = (funding, &table.funding) {
            if let Some(id) = line.id() {
                out.insert(id, funding);
            }
            if let Some(id) = table.result_row.as_ref().and_then(|r| r.id) {
                out.insert(id.value.as_str(), result);
            }
        }
    }
    out
}

impl<'a> Resolver<'a> {
    /// The report's kind and period agree with each other and the plan.
    fn check_report(&mut self, follow: &FollowUp) {
        let file = follow.file;
        let rapport = &follow.report.rapport;
        let year = self.loaded.plan.dokument.ar.value;
        let forecast = follow.forecast();
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
        let period_only = [
            (&follow.report.periodbudget, "periodbudget"),
            (&follow.report.utfall_foregaende_ar, "utfall_föregående_år"),
        ];
        for (map, key) in period_only {
            if !forecast && let Some(first) = map.values().next() {
                self.problems.push(
                    Problem::at(
                        file,
                        &first.referenced,
                        format!("a verksamhetsberättelse has no `{key}`: it reports the whole year"),
                    )
                    .with_help(format!("remove `{key}`, or make the report a `delårsrapport`")),
                );
            }
        }
        if !forecast && let Some(first) = follow.report.prognos.values().next() {
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
        let groups = outcome::group_ids(&self.budgets.tables);
        let known: Vec<&str> = leaves.iter().filter_map(|(id, _)| *id).collect();
        for (id, value) in entered {
            if known.contains(&id.as_str()) {
                self.check_decimals(id, value, what, file);
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
            } else if !self.budgets.failed(id) {
                self.problems.push(
                    Problem::at(file, &at, format!("the plan has no budget line `{id}`"))
                        .with_help(known_help("the lines that take an outcome", &known)),
                );
            }
        }
    }

    /// An entered figure has no more decimals than its budget shows.
    fn check_decimals(&mut self, id: &str, value: &Spanned<Option<Belopp>>, what: &str, file: &SourceFile) {
        let (Some(figure), Some((table, _))) = (value.value, self.budgets.row(id)) else { return };
        let unit = table.unit;
        if figure.0.at_scale(unit.decimaler).is_none() {
            self.problems.push(
                Problem::at(
                    file,
                    &value.referenced,
                    format!(
                        "the {what} {} of `{id}` has more decimals than {} shows ({} in {})",
                        figure.0,
                        table.described(),
                        unit.decimaler,
                        unit.enhet.name()
                    ),
                )
                .with_help(format!("round it to {} decimal(s), as the plan's figures are", unit.decimaler)),
            );
        }
    }

    /// Every goal the report assesses is one of the plan's.
    fn check_assessed_goals(&mut self, follow: &FollowUp) {
        let file = follow.file;
        let goals = self.all_goals();
        let known: Vec<&str> = goals.iter().map(|g| g.id.as_str()).collect();
        for (id, entry) in &follow.report.mal {
            if !known.contains(&id.as_str()) {
                let id = Spanned { value: id.clone(), referenced: entry.referenced, defined: entry.defined };
                self.problems.push(unknown(file, &id, "focus area or assignment", &known));
            }
        }
    }

    /// The lines that take an outcome, (id, name), in the plan's order.
    fn leaves(&self) -> Vec<(Option<&'a str>, &'a str)> {
        let mut out = Vec::new();
        for table in &self.budgets.tables {
            outcome::leaves(table, &mut out);
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
    fn unfinished(&mut self, follow: &FollowUp) -> Vec<String> {
        let mut out = Vec::new();
        let report = follow.report;
        let forecast = follow.forecast();
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
        for n in &self.loaded.plan.nyckeltal {
            if report.nyckeltal.get(&n.id.value).is_none_or(|v| v.value.is_none()) {
                out.push(format!(
                    "no outcome for the indicator `{}` ({}): shown as –",
                    n.id.value, n.namn.value
                ));
            }
        }
        out
    }

    /// Every line's outcome, for `--compare-to` between two versions of a report.
    fn outcome_figures(&self, follow: &FollowUp) -> Vec<LineFigure> {
        let figures = &follow.figures;
        self.leaves()
            .into_iter()
            .filter_map(|(id, name)| {
                let utfall = figures.get(id?)?.utfall?;
                let unit = self.budgets.row(id?).map_or(Unit::TKR, |(t, _)| t.unit);
                let (budget, key, namn) = (String::new(), id?.to_string(), name.to_string());
                Some(LineFigure { budget, key, namn, belopp: Some(utfall), unit, niva: 0, summa: false })
            })
            .collect()
    }

    /// The plan's cover facts with the report's title, date and state.
    fn report_meta(
        &mut self,
        follow: &FollowUp,
        period: Option<String>,
        force_draft: bool,
    ) -> crate::document::Meta {
        let mut meta = self.meta(false);
        let l = self.labels;
        let rapport = &follow.report.rapport;
        meta.titel = match (rapport.typ.value, period) {
            (Rapporttyp::Delarsrapport, Some(period)) => format!("{} {period}", l.delarsrapport),
            (Rapporttyp::Delarsrapport, None) => l.delarsrapport.clone(),
            (Rapporttyp::Verksamhetsberattelse, _) => l.verksamhetsberattelse.clone(),
        };
        meta.planperiod = None;
        meta.datum_iso = rapport.datum.value.into();
        let status = rapport.status.as_ref();
        meta.utkast =
            status::draft(force_draft, status, rapport.version.as_ref(), rapport.sammantrade.as_ref());
        let file = follow.file;
        let beslut = rapport.beslut.as_ref().map(|b| &b.value);
        let dnr = rapport.dnr.as_ref().map(|t| t.value.as_str());
        meta.beslut = status::decision(meta.utkast.is_some(), status, beslut, dnr, file, &mut self.problems);
        meta.dnr = rapport.dnr.as_ref().map(|t| self.plain(t, file));
        meta
    }
}

/// What a starter report lists: the lines that take an outcome and the
/// goals that take a status, from the plan.
#[derive(Debug, Default)]
pub struct Items {
    /// (id, name, this year's budget as a plan writes it: "5200", or "1.8
    /// mnkr" in a budget in another unit) of each line without a breakdown;
    /// a line without id is left out (it cannot take an outcome).
    pub lines: Vec<(String, String, Option<String>)>,
    /// (id, title, depth: 0 for a focus area) of each goal.
    pub goals: Vec<(String, String, usize)>,
    /// The ids of the plan's budgets with columns.
    pub budgetar: Vec<String>,
    /// Whether the plan has a `budget` (per kontoklass).
    pub budget: bool,
    /// (id, name, target as written: "190000 (2021)") of each indicator.
    pub nyckeltal: Vec<(String, String, String)>,
}

/// The lines and goals of a plan, for `vplan follow-up`.
pub fn items(plan: &Loaded, budgets: &Budgets, settings: &Settings) -> Result<Items, Vec<Problem>> {
    let mut r = Resolver::new(plan, budgets, settings, DocumentKind::Plan);
    r.check_unique_goal_ids(true);
    let empty = outcome::Entered::new();
    let figures = all_figures(
        budgets,
        Outcomes { utfall: &empty, prognos: &empty, periodbudget: &empty, foregaende: &empty },
    );
    let lines = r
        .leaves()
        .into_iter()
        .filter_map(|(id, name)| {
            let budget = figures.get(id?)?.budget;
            let unit = budgets.row(id?).map_or(Unit::TKR, |(t, _)| t.unit);
            let written = budget.map(|b| {
                let figure = Decimal { units: b, scale: unit.decimaler }.to_string();
                if unit.enhet == Enhet::Tkr { figure } else { format!("{figure} {}", unit.enhet.name()) }
            });
            Some((id?.to_string(), name.to_string(), written))
        })
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
        nyckeltal: plan
            .plan
            .nyckeltal
            .iter()
            .map(|n| {
                let mal = &n.mal.value;
                (n.id.value.clone(), n.namn.value.clone(), format!("{} ({})", mal.varde.0, mal.ar))
            })
            .collect(),
    })
}
