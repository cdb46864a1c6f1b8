//! The follow-up's figures: per budget line its budget for the year, its
//! outcome (utfall), its forecast (prognos) and the deviation (avvikelse).
//!
//! Input: a computed budget ([`Table`], of either format) and the
//! outcomes and forecasts a follow-up enters for lines without a breakdown.
//! Output: the same tree with every group, total and result summed, in
//! whole tkr; a sum with a missing figure is itself missing ("–"), never a
//! guess. The deviation is signed so that positive is better than budget:
//! a cost below budget, an income above it.

use std::collections::BTreeMap;

use super::columns;
use super::{Line, Table};
use crate::decimal::Unit;
use crate::model::{Belopp, Radtyp, Spanned};

/// Figures a follow-up enters, by line id, in the unit of the line's
/// budget; `~` (none) while not known.
pub type Entered = BTreeMap<String, Spanned<Option<Belopp>>>;

/// One row's figures in a follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Followed {
    /// The year's budget.
    pub budget: Option<i64>,
    /// The outcome (so far, in a delårsrapport).
    pub utfall: Option<i64>,
    /// The forecast for the year.
    pub prognos: Option<i64>,
    /// The budget for the period (a delårsrapport's, when entered).
    pub periodbudget: Option<i64>,
    /// Last year's outcome for the same period, when entered.
    pub foregaende: Option<i64>,
    /// 1 where more is better than budget (income, funding, result), −1
    /// where less is (costs, nettokostnad).
    pub gain: i64,
}

impl Followed {
    /// The deviation from budget of the outcome (or, with `forecast`, of
    /// the forecast), positive when better than budget.
    pub fn avvikelse(&self, forecast: bool) -> Option<i64> {
        let actual = if forecast { self.prognos } else { self.utfall }?;
        actual.checked_sub(self.budget?)?.checked_mul(self.gain)
    }

    /// The same deviation in tenths of a per cent of the budget; none where
    /// the budget is 0.
    pub fn avvikelse_promille(&self, forecast: bool) -> Option<i64> {
        let actual = if forecast { self.prognos } else { self.utfall }?;
        match columns::per_mille(actual, self.budget?) {
            columns::Figure::PerMille(p) => p.checked_mul(self.gain),
            _ => None,
        }
    }
}

/// A budget line's follow-up figures, with its breakdown's.
#[derive(Debug)]
pub struct FollowedLine {
    /// Its figures.
    pub figures: Followed,
    /// Its lines' figures, in order.
    pub children: Vec<FollowedLine>,
}

/// The figures of a follow-up: the outcomes and forecasts entered.
#[derive(Debug, Clone, Copy)]
pub struct Outcomes<'e> {
    /// Outcome per line id.
    pub utfall: &'e Entered,
    /// Forecast per line id.
    pub prognos: &'e Entered,
    /// The period's budget per line id.
    pub periodbudget: &'e Entered,
    /// Last year's outcome for the period per line id.
    pub foregaende: &'e Entered,
}

impl Outcomes<'_> {
    /// A line's own figures; an entered figure with more decimals than its
    /// budget shows is left out here and reported by the resolver.
    fn own(&self, id: Option<&str>, budget: Option<i64>, gain: i64, unit: Unit) -> Followed {
        let get = |map: &Entered| {
            id.and_then(|id| map.get(id)).and_then(|v| v.value).and_then(|b| b.0.at_scale(unit.decimaler))
        };
        Followed {
            budget,
            utfall: get(self.utfall),
            prognos: get(self.prognos),
            periodbudget: get(self.periodbudget),
            foregaende: get(self.foregaende),
            gain,
        }
    }
}

/// Sums signed rows per figure, by the budget's rule for missing figures:
/// a sum with a missing term is missing, unless the budget counts missing
/// figures as 0 (`saknade_som_noll`, as its own sums do), when only a sum
/// of nothing but missing terms is; missing too where the sum does not fit.
pub fn sum(terms: &[(i64, Followed)], gain: i64, missing_as_zero: bool) -> Followed {
    let total = |pick: fn(&Followed) -> Option<i64>| {
        let mut any = false;
        let mut acc = 0i64;
        for (sign, f) in terms {
            match pick(f) {
                Some(v) => {
                    any = true;
                    acc = acc.checked_add(v.checked_mul(*sign)?)?;
                }
                None if missing_as_zero => {}
                None => return None,
            }
        }
        any.then_some(acc)
    };
    Followed {
        budget: total(|f| f.budget),
        utfall: total(|f| f.utfall),
        prognos: total(|f| f.prognos),
        periodbudget: total(|f| f.periodbudget),
        foregaende: total(|f| f.foregaende),
        gain,
    }
}

/// A line's figures summed from its breakdown's (the lines outside the
/// sums left out), its budget the one the plan's table shows for it.
pub fn group(table: &Table, line: &Line, children: &[FollowedLine]) -> Followed {
    let terms: Vec<(i64, Followed)> =
        line.children.iter().zip(children).filter(|(l, _)| !l.outside).map(|(_, c)| (1, c.figures)).collect();
    Followed { budget: table.this_year(&line.figures), ..sum(&terms, gain(line), table.sum_missing) }
}

/// The lines of a budget, its budget taken from this year's column (none
/// where the table does not show it); a line without `typ` is a cost, as
/// the total counts it.
pub fn followed(table: &Table, lines: &[Line], outcomes: Outcomes) -> Vec<FollowedLine> {
    lines
        .iter()
        .map(|line| {
            if line.children.is_empty() {
                let budget = table.this_year(&line.figures);
                return FollowedLine {
                    figures: outcomes.own(line.id(), budget, gain(line), table.unit),
                    children: Vec::new(),
                };
            }
            let children = followed(table, &line.children, outcomes);
            FollowedLine { figures: group(table, line, &children), children }
        })
        .collect()
}

/// 1 for an income, −1 for a cost.
pub fn gain(line: &Line) -> i64 {
    if line.typ == Some(Radtyp::Intakt) { 1 } else { -1 }
}

/// The total (kostnader less intäkter), and the funding and the result
/// (funding less total) of a budget that has funding.
pub fn totals(
    table: &Table,
    lines: &[FollowedLine],
    outcomes: Outcomes,
) -> (Followed, Option<(Followed, Followed)>) {
    let terms: Vec<(i64, Followed)> = table
        .lines
        .iter()
        .zip(lines)
        .filter(|(l, _)| !l.outside)
        .map(|(l, f)| (-gain(l), f.figures))
        .collect();
    // The budget column is the plan's own total and result, so that a
    // report shows the figures its plan does.
    let total = Followed { budget: table.this_year(&table.total), ..sum(&terms, -1, table.sum_missing) };
    let funding = table.funding.as_ref().map(|funding| {
        let funding = outcomes.own(funding.id(), table.this_year(&funding.figures), 1, table.unit);
        let result = sum(&[(1, funding), (-1, total)], 1, table.sum_missing);
        let budget = table.result.as_ref().and_then(|r| table.this_year(r));
        (funding, Followed { budget, ..result })
    });
    (total, funding)
}

/// The lines that take an outcome (those without a breakdown, the funding
/// last), in order: (id, name); `None` for a line without id.
pub fn leaves<'a>(table: &'a Table<'a>, out: &mut Vec<(Option<&'a str>, &'a str)>) {
    fn walk<'a>(lines: &'a [Line<'a>], out: &mut Vec<(Option<&'a str>, &'a str)>) {
        for line in lines {
            if line.children.is_empty() {
                out.push((line.id(), line.namn.value.as_str()));
            } else {
                walk(&line.children, out);
            }
        }
    }
    walk(&table.lines, out);
    if let Some(f) = &table.funding {
        out.push((f.id(), f.namn.value.as_str()));
    }
}

/// The ids of the groups (lines with a breakdown, totals and results) of
/// the budgets, which take no outcome of their own.
pub fn group_ids<'a>(tables: &'a [Table<'a>]) -> Vec<&'a str> {
    fn walk<'a>(lines: &'a [Line<'a>], out: &mut Vec<&'a str>) {
        for l in lines.iter().filter(|l| !l.children.is_empty()) {
            out.extend(l.id());
            walk(&l.children, out);
        }
    }
    let mut out = Vec::new();
    for table in tables {
        let ids = [table.id, table.total_row.id, table.result_row.as_ref().and_then(|r| r.id)];
        out.extend(ids.into_iter().flatten().map(|i| i.value.as_str()));
        walk(&table.lines, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(budget: i64, utfall: Option<i64>, gain: i64) -> Followed {
        Followed { budget: Some(budget), utfall, prognos: None, periodbudget: None, foregaende: None, gain }
    }

    #[test]
    fn a_deviation_is_positive_when_better_than_budget() {
        // A cost below budget, an income above it.
        assert_eq!(f(100, Some(90), -1).avvikelse(false), Some(10));
        assert_eq!(f(100, Some(120), 1).avvikelse(false), Some(20));
        assert_eq!(f(200, Some(210), -1).avvikelse_promille(false), Some(-50));
        assert_eq!(f(0, Some(5), -1).avvikelse_promille(false), None);
        assert_eq!(f(100, None, -1).avvikelse(false), None);
    }

    #[test]
    fn a_sum_with_a_missing_outcome_is_missing() {
        let total = sum(&[(1, f(100, Some(90), -1)), (1, f(50, None, -1))], -1, false);
        assert_eq!((total.budget, total.utfall), (Some(150), None));
        let net = sum(&[(1, f(100, Some(90), -1)), (-1, f(30, Some(40), 1))], -1, false);
        assert_eq!((net.budget, net.utfall, net.avvikelse(false)), (Some(70), Some(50), Some(20)));
        assert_eq!(
            sum(&[(1, f(i64::MAX, Some(i64::MAX), -1)), (1, f(1, Some(1), -1))], -1, false).utfall,
            None
        );
    }

    #[test]
    fn a_budget_that_counts_missing_figures_as_zero_sums_its_outcomes_so_too() {
        let total = sum(&[(1, f(100, Some(90), -1)), (1, f(50, None, -1))], -1, true);
        assert_eq!((total.budget, total.utfall), (Some(150), Some(90)));
        // A sum of nothing known is still unknown.
        assert_eq!(sum(&[(1, f(1, None, -1)), (1, f(2, None, -1))], -1, true).utfall, None);
    }
}
