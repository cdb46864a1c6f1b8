//! Indicators (nyckeltal): the `nyckeltal` block and the tables under the
//! goals that list them. A plan shows the last two years' outcomes and the
//! target; a follow-up report shows the baseline, the target, the year's
//! outcome and a status computed from them and the indicator's direction.

use super::{DocumentKind, Resolver, known_help};
use crate::decimal::{DECIMALER_RANGE, Decimal, MAX_DECIMALER, MAX_DIGITS, Misfit, shortened};
use crate::document::{TableCell, Tal, View};
use crate::error::{Problem, SourceFile};
use crate::model::{Maluppfyllelse, Nyckeltal, Riktning, Spanned};

/// How an outcome compares with its target: reached, improved on the
/// baseline without reaching it, or neither.
pub fn status(
    riktning: Riktning,
    baseline: Option<Decimal>,
    target: Decimal,
    outcome: Decimal,
) -> Maluppfyllelse {
    let scale = [baseline.map_or(0, |b| b.scale), target.scale, outcome.scale].into_iter().max().unwrap_or(0);
    let at = |d: Decimal| d.at_scale(scale).map(i128::from).unwrap_or(0);
    // Signed so that more is better, whichever way the indicator should go.
    let sign = if riktning == Riktning::Oka { 1 } else { -1 };
    let (o, t) = (sign * at(outcome), sign * at(target));
    match baseline.map(|b| sign * at(b)) {
        _ if o >= t => Maluppfyllelse::Uppfyllt,
        Some(b) if o > b => Maluppfyllelse::DelvisUppfyllt,
        _ => Maluppfyllelse::EjUppfyllt,
    }
}

impl<'a> Resolver<'a> {
    /// Each indicator once, its figures with no more decimals than it shows.
    pub(super) fn check_indicators(&mut self) {
        let file = &self.loaded.file;
        let mut seen: Vec<&str> = Vec::new();
        for n in &self.loaded.plan.nyckeltal {
            if seen.contains(&n.id.value.as_str()) {
                self.problems.push(
                    Problem::at(
                        file,
                        &n.id.referenced,
                        format!("the indicator id `{}` is used twice", n.id.value),
                    )
                    .with_help("give each indicator its own id"),
                );
            }
            seen.push(&n.id.value);
            if let Some(d) = n.decimaler.as_ref().filter(|d| d.value > MAX_DECIMALER) {
                self.problems.push(
                    Problem::at(file, &d.referenced, format!("`decimaler: {}` is out of range", d.value))
                        .with_help(format!("an indicator's `decimaler` is {DECIMALER_RANGE}")),
                );
            }
            let decimals = decimals(n);
            let figures = n.utfall.values().map(|v| (v.value.0, v.referenced));
            let figures = figures.chain(n.utgangslage.iter().map(|u| (u.value.varde.0, u.referenced)));
            for (value, at) in figures.chain(std::iter::once((n.mal.value.varde.0, n.mal.referenced))) {
                match value.steps(decimals) {
                    Ok(_) => {}
                    Err(Misfit::TooLarge) => self.problems.push(
                        Problem::at(
                            file,
                            &at,
                            format!(
                                "the figure {} is too large for `{}`",
                                shortened(&value.to_string()),
                                n.id.value
                            ),
                        )
                        .with_help(format!(
                            "with {decimals} decimal(s), an indicator's figure may have at most {} digits before the decimal comma: check for extra digits",
                            MAX_DIGITS - usize::from(decimals)
                        )),
                    ),
                    Err(Misfit::Decimals) => self.problems.push(
                        Problem::at(
                            file,
                            &at,
                            format!("{value} has more decimals than `{}` shows ({decimals})", n.id.value),
                        )
                        .with_help(format!(
                            "round it, or give the indicator `decimaler: {}`",
                            value.trimmed().scale
                        )),
                    ),
                }
            }
        }
    }

    /// A table of the indicators `ids` (in their order), or of all.
    pub(super) fn indicator_table(
        &mut self,
        ids: Option<&'a [Spanned<String>]>,
        bildtext: Option<&str>,
        file: &SourceFile,
    ) -> Option<View> {
        let all = &self.loaded.plan.nyckeltal;
        let chosen: Vec<&'a Nyckeltal> = match ids {
            None => all.iter().collect(),
            Some(ids) => ids
                .iter()
                .filter_map(|id| {
                    let found = all.iter().find(|n| n.id.value == id.value);
                    if found.is_none() {
                        let known: Vec<&str> = all.iter().map(|n| n.id.value.as_str()).collect();
                        self.problems.push(
                            Problem::at(
                                file,
                                &id.referenced,
                                format!("the plan has no indicator `{}`", id.value),
                            )
                            .with_help(known_help("indicators (`nyckeltal`)", &known)),
                        );
                    }
                    found
                })
                .collect(),
        };
        if chosen.is_empty() {
            return None;
        }
        let l = self.labels;
        let year = self.loaded.plan.dokument.ar.value;
        let plan_file = &self.loaded.file;
        let mut kolumner = vec![l.nyckeltal.clone(), l.enhet_rubrik.clone()];
        let report = match self.kind {
            DocumentKind::Report(follow) => Some(follow),
            DocumentKind::Plan => None,
        };
        match report {
            Some(follow) => {
                let when = follow.period.as_ref().map_or(year.to_string(), |p| format!("{p} {year}"));
                kolumner.extend([
                    l.utgangslage.clone(),
                    l.mal.clone(),
                    l.malar.clone(),
                    format!("{} {when}", l.utfall),
                    l.bedomning.clone(),
                ]);
            }
            None => kolumner.extend([
                format!("{} {}", l.utfall, year - 2),
                format!("{} {}", l.utfall, year - 1),
                l.mal.clone(),
                l.malar.clone(),
            ]),
        }
        let mut rader = Vec::new();
        for n in chosen {
            let d = decimals(n);
            let figure =
                |v: Decimal| v.at_scale(d).map_or(TableCell::Saknas, |s| TableCell::Tal(Tal::amount(s, d)));
            let of_year = |y: i32| n.utfall.get(&y).map_or(TableCell::Saknas, |v| figure(v.value.0));
            let mut row = vec![
                TableCell::text(self.plain(&n.namn, plan_file)),
                TableCell::text(n.enhet.clone().unwrap_or_default()),
            ];
            let target = n.mal.value.varde.0;
            match report {
                Some(follow) => {
                    let baseline = baseline(n, year);
                    let outcome = follow.report.nyckeltal.get(&n.id.value).and_then(|v| v.value).map(|b| b.0);
                    row.push(baseline.map_or(TableCell::Saknas, figure));
                    row.push(figure(target));
                    row.push(TableCell::text(n.mal.value.ar.to_string()));
                    row.push(outcome.map_or(TableCell::Saknas, figure));
                    let text = match outcome.map(|o| status(n.riktning.value, baseline, target, o)) {
                        Some(Maluppfyllelse::Uppfyllt) => &l.uppfyllt,
                        Some(Maluppfyllelse::DelvisUppfyllt) => &l.delvis_uppfyllt,
                        Some(Maluppfyllelse::EjUppfyllt) => &l.ej_uppfyllt,
                        None => &l.ej_bedomd,
                    };
                    row.push(TableCell::text(text.clone()));
                }
                None => {
                    row.extend([of_year(year - 2), of_year(year - 1), figure(target)]);
                    row.push(TableCell::text(n.mal.value.ar.to_string()));
                }
            }
            rader.push(row);
        }
        let width = kolumner.len();
        // Figures right-aligned; the years of the targets too.
        let hoger = (0..width).map(|c| c >= 2 && (report.is_none() || c < width - 1)).collect();
        let bildtext = Some(bildtext.map_or_else(|| l.nyckeltal.clone(), str::to_string));
        Some(View::Tabell(super::widths::table(bildtext, kolumner, hoger, rader, None, None)))
    }

    /// A report's outcomes name the plan's indicators and show their decimals.
    pub(super) fn check_indicator_outcomes(&mut self, follow: &super::follow_up::FollowUp) {
        let all = &self.loaded.plan.nyckeltal;
        let known: Vec<&str> = all.iter().map(|n| n.id.value.as_str()).collect();
        for (id, value) in &follow.report.nyckeltal {
            let Some(n) = all.iter().find(|n| &n.id.value == id) else {
                self.problems.push(
                    Problem::at(follow.file, &value.referenced, format!("the plan has no indicator `{id}`"))
                        .with_help(known_help("indicators (`nyckeltal`)", &known)),
                );
                continue;
            };
            if let Some(v) = value.value
                && v.0.at_scale(decimals(n)).is_none()
            {
                self.problems.push(
                    Problem::at(
                        follow.file,
                        &value.referenced,
                        format!("{} has more decimals than `{id}` shows ({})", v.0, decimals(n)),
                    )
                    .with_help("round it to the indicator's decimals"),
                );
            }
        }
    }
}

/// The decimals an indicator shows; one out of range is reported by
/// `check_indicators`, and the most allowed used meanwhile.
fn decimals(n: &Nyckeltal) -> u8 {
    n.decimaler.as_ref().map_or(0, |d| d.value.min(MAX_DECIMALER))
}

/// Where an indicator started: as given, or its last outcome before `year`.
fn baseline(n: &Nyckeltal, year: i32) -> Option<Decimal> {
    match &n.utgangslage {
        Some(u) => Some(u.value.varde.0),
        None => n.utfall.range(..year).next_back().map(|(_, v)| v.value.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(units: i64) -> Decimal {
        Decimal::whole(units)
    }

    #[test]
    fn the_status_follows_the_direction() {
        use Maluppfyllelse::*;
        assert_eq!(status(Riktning::Oka, Some(d(100)), d(120), d(125)), Uppfyllt);
        assert_eq!(status(Riktning::Oka, Some(d(100)), d(120), d(110)), DelvisUppfyllt);
        assert_eq!(status(Riktning::Oka, Some(d(100)), d(120), d(90)), EjUppfyllt);
        assert_eq!(status(Riktning::Minska, Some(d(60)), d(50), d(50)), Uppfyllt);
        assert_eq!(status(Riktning::Minska, Some(d(60)), d(50), d(55)), DelvisUppfyllt);
        assert_eq!(status(Riktning::Minska, Some(d(60)), d(50), d(61)), EjUppfyllt);
        assert_eq!(status(Riktning::Oka, None, d(120), d(110)), EjUppfyllt);
        // Decimals compare exactly: 87,5 against 88.
        assert_eq!(status(Riktning::Oka, None, d(88), Decimal { units: 875, scale: 1 }), EjUppfyllt);
    }
}
