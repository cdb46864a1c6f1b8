//! A report's goals: the status table, each goal's status and analysis,
//! and the report's figures quoted in text.

use super::super::{DocumentKind, Resolver, known_help};
use super::FollowUp;
use crate::document::{Cell, Overview, Segment, View};
use crate::format;
use crate::model::Maluppfyllelse;
use crate::text::Kind;

impl<'a> Resolver<'a> {
    /// The status of a goal, as symbol and words.
    fn status_text(&self, follow: &FollowUp, id: &str) -> String {
        let l = self.labels;
        let status = follow.report.mal.get(id).and_then(|m| m.value.status.as_ref()).map(|s| s.value);
        match status {
            Some(Maluppfyllelse::Uppfyllt) => l.uppfyllt.clone(),
            Some(Maluppfyllelse::DelvisUppfyllt) => l.delvis_uppfyllt.clone(),
            Some(Maluppfyllelse::EjUppfyllt) => l.ej_uppfyllt.clone(),
            None => l.ej_bedomd.clone(),
        }
    }

    /// `måluppfyllelse`: every focus area and assignment with its status.
    pub(in crate::resolve) fn goal_status_table(&mut self, follow: &FollowUp) -> View {
        let l = self.labels;
        let kolumner = [l.fokusomrade.clone(), l.uppdrag.clone(), l.bedomning.clone()];
        let mut rader = Vec::new();
        for area in self.goal_tree() {
            let mut rows: Vec<Vec<Cell>> = Vec::new();
            if follow.report.mal.contains_key(&area.goal.id) {
                rows.push(vec![
                    cell(&l.fokusomradet_som_helhet),
                    cell(&self.status_text(follow, &area.goal.id)),
                ]);
            }
            for a in &area.assignments {
                rows.push(vec![cell(&a.goal.titel), cell(&self.status_text(follow, &a.goal.id))]);
                for own in &a.own {
                    rows.push(vec![
                        cell(&format!("– {}", own.titel)),
                        cell(&self.status_text(follow, &own.id)),
                    ]);
                }
            }
            if rows.is_empty() {
                rows.push(vec![cell(""), cell(&self.status_text(follow, &area.goal.id))]);
            }
            let span = rows.len();
            rows[0].insert(0, Cell { text: area.goal.titel.clone(), rader: span });
            rader.extend(rows);
        }
        View::Oversikt(Overview { kolumner, rader })
    }

    /// What a goal section adds in a report: the status, then the analysis.
    pub(in crate::resolve) fn goal_follow_up(&mut self, id: &str, level: usize, block: &mut Vec<View>) {
        let DocumentKind::Report(follow) = self.kind else { return };
        let (report, file) = (follow.report, follow.file);
        let status = self.status_text(follow, id);
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
    /// without its sign, for prose that says "överskott"): a report's figure in its budget's unit.
    pub(in crate::resolve) fn follow_quote(
        &self,
        kind: Kind,
        text: &str,
    ) -> Result<String, (String, String)> {
        let reference = crate::text::Reference::parse(text);
        let kind_name = kind.name();
        let id = reference.id;
        if let Some(column) = reference.column {
            return Err((
                format!("`{{{kind_name}:…}}` is the report's figure; it takes no column, not `{column}`"),
                format!("write `{{{kind_name}:{id}}}`"),
            ));
        }
        let DocumentKind::Report(follow) = self.kind else {
            return Err((
                format!("`{{{kind_name}:…}}` quotes a follow-up report's figure; a plan has none"),
                "quote the plan's figures with `{tkr:ID}`".into(),
            ));
        };
        let Some(f) = follow.figures.get(id) else {
            let mut known: Vec<&str> = follow.figures.keys().copied().collect();
            known.sort_unstable();
            return Err((format!("no budget line with id `{id}`"), known_help("budget line ids", &known)));
        };
        let value = match kind {
            Kind::Utfall => f.utfall,
            Kind::Prognos => f.prognos,
            _ => f.avvikelse(follow.forecast()),
        };
        let value = value.ok_or_else(|| {
            (
                format!("`{id}` has no {kind_name} to quote yet"),
                format!(
                    "give `{id}` its {} in the report",
                    if kind == Kind::Prognos { "prognos" } else { "utfall" }
                ),
            )
        })?;
        // In the unit of the line's budget, as its tables show it.
        let decimals = self.budgets.row(id).map_or(0, |(t, _)| t.unit.decimaler);
        Ok(match kind {
            Kind::Avvikelse if !reference.abs => format::fixed_change(value, decimals),
            _ if reference.abs => format::fixed(value.saturating_abs(), decimals),
            _ => format::fixed(value, decimals),
        })
    }
}

fn cell(text: &str) -> Cell {
    Cell { text: text.to_string(), rader: 1 }
}
