//! Stage 2: the budget's totals, computed from its lines.
//!
//! Input: the plan's [`model::Budget`]. Output: [`Computed`], the same tree
//! with every total summed from the lines below it, in whole tkr (`i64`,
//! never floats). A total the planner also states (`summa`) is checked
//! against the computed one, and a disagreement is an error naming both.

use std::collections::HashSet;

pub mod columns;
pub mod outcome;

use crate::error::{Problem, SourceFile};
use crate::format;
use crate::model::{self, Post, Spanned};

/// A budget line with its computed amount.
#[derive(Debug)]
pub struct Line<'a> {
    /// The line as written.
    pub post: &'a Post,
    /// Its amount in tkr: its own, or the sum of its breakdown.
    pub amount: i64,
    /// Last year's amount in tkr: its own `föregående`, or the sum of its
    /// breakdown's (0 where not given).
    pub previous: i64,
    /// Its breakdown, empty for a line with its own amount.
    pub children: Vec<Line<'a>>,
}

impl Line<'_> {
    /// The line's id, if it has one.
    pub fn id(&self) -> Option<&str> {
        self.post.id.as_ref().map(|id| id.value.as_str())
    }

    /// The line's name as shown in tables.
    pub fn name(&self) -> &str {
        &self.post.namn.value
    }
}

/// The whole budget with its totals.
#[derive(Debug)]
pub struct Computed<'a> {
    /// The lines per kontoklass.
    pub lines: Vec<Line<'a>>,
    /// The sum of all kontoklasser, in tkr.
    pub total: i64,
    /// Last year's sum of all kontoklasser, in tkr.
    pub previous_total: i64,
    /// The year of last year's figures, when the plan gives them.
    pub previous_year: Option<i32>,
}

impl<'a> Computed<'a> {
    /// The line with this id, anywhere in the tree.
    pub fn find(&self, id: &str) -> Option<&Line<'a>> {
        fn walk<'l, 'a>(lines: &'l [Line<'a>], id: &str) -> Option<&'l Line<'a>> {
            lines.iter().find_map(|l| if l.id() == Some(id) { Some(l) } else { walk(&l.children, id) })
        }
        walk(&self.lines, id)
    }

    /// Every id in the budget, in order, for "did you mean" help.
    pub fn ids(&self) -> Vec<&str> {
        fn walk<'l>(lines: &'l [Line<'_>], out: &mut Vec<&'l str>) {
            for line in lines {
                out.extend(line.id());
                walk(&line.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.lines, &mut out);
        out
    }
}

/// Every budget of a plan, computed: the `budget` of the first plans and
/// the `budgetar` with columns.
#[derive(Debug, Default)]
pub struct Budgets<'a> {
    /// The plan's `budget`, when given and computable.
    pub legacy: Option<Computed<'a>>,
    /// The `budgetar` that could be computed, in order.
    pub tables: Vec<columns::Table<'a>>,
}

impl<'a> Budgets<'a> {
    /// The budget with columns of this id.
    pub fn table(&self, id: &str) -> Option<&columns::Table<'a>> {
        self.tables.iter().find(|t| t.budget.id.value == id)
    }

    /// A row of a budget with columns by id: a line, a total, the funding
    /// or the result; with the table it belongs to.
    pub fn row(&self, id: &str) -> Option<(&columns::Table<'a>, columns::Row<'_, 'a>)> {
        self.tables.iter().find_map(|t| t.row(id).map(|r| (t, r)))
    }

    /// Whether `id` belongs to a budget of `plan` that failed its own
    /// checks, whose problems are reported already.
    pub fn failed(&self, plan: &model::Plan, id: &str) -> bool {
        let failed_legacy = plan.budget.is_some() && self.legacy.is_none();
        let failed_tables = plan
            .budgetar
            .iter()
            .filter(|b| self.table(&b.id.value).is_none())
            .any(|b| columns::ids(b).iter().any(|i| i.value == id));
        failed_tables || (failed_legacy && self.row(id).is_none())
    }

    /// Every id of every budget, for error help.
    pub fn ids(&self) -> Vec<&str> {
        let mut ids = self.legacy.as_ref().map(Computed::ids).unwrap_or_default();
        for table in &self.tables {
            ids.extend(table.ids().into_iter().map(|id| id.value.as_str()));
        }
        ids
    }
}

/// Computes every budget of a plan; returns what could be computed and
/// every problem found, ids used twice across budgets among them.
pub fn compute_plan<'a>(plan: &'a model::Plan, file: &SourceFile) -> (Budgets<'a>, Vec<Problem>) {
    let (legacy, mut problems) = match &plan.budget {
        Some(b) => compute_all(b, file),
        None => (None, Vec::new()),
    };
    let mut seen: HashSet<&str> = legacy.as_ref().map(|l| l.ids().into_iter().collect()).unwrap_or_default();
    let mut tables = Vec::new();
    for budget in &plan.budgetar {
        if let Some(table) = columns::compute(budget, plan.dokument.ar.value, file, &mut problems) {
            for id in table.ids() {
                if !seen.insert(id.value.as_str()) {
                    problems.push(
                        Problem::at(
                            file,
                            &id.referenced,
                            format!("the budget id `{}` is used twice", id.value),
                        )
                        .with_help("give each budget, line and total its own id"),
                    );
                }
            }
            tables.push(table);
        }
    }
    (Budgets { legacy, tables }, problems)
}

/// Computes every total of a budget and checks the stated ones.
pub fn compute<'a>(budget: &'a model::Budget, file: &SourceFile) -> Result<Computed<'a>, Vec<Problem>> {
    match compute_all(budget, file) {
        (Some(computed), problems) if problems.is_empty() => Ok(computed),
        (_, problems) => Err(problems),
    }
}

/// Computes the totals and checks the stated ones, returning the totals
/// whenever every line has an amount, even if a stated total disagrees, so
/// that the rest of the plan can still be checked against them.
pub fn compute_all<'a>(budget: &'a model::Budget, file: &SourceFile) -> (Option<Computed<'a>>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    let lines: Vec<Line> =
        budget.kontoklasser.iter().filter_map(|p| line(p, file, &mut seen, &mut problems)).collect();
    // A line that could not be computed is reported already; a total that
    // depends on it is neither computed nor checked, so one mistake gives one error.
    if lines.len() != budget.kontoklasser.len() {
        return (None, problems);
    }
    let total = sum(&lines, |l| l.amount, |l| l.post.belopp.as_ref(), file, &mut problems);
    let previous_total = sum(&lines, |l| l.previous, |l| l.post.foregaende.as_ref(), file, &mut problems);
    if let (Some(total), Some(stated)) = (total, &budget.summa) {
        check_stated(stated, total, &lines, file, &mut problems);
    }
    let computed = match (total, previous_total) {
        (Some(total), Some(previous_total)) => {
            Some(Computed { lines, total, previous_total, previous_year: budget.foregaende_ar })
        }
        _ => None,
    };
    (computed, problems)
}

fn line<'a>(
    post: &'a Post,
    file: &SourceFile,
    seen: &mut HashSet<&'a str>,
    problems: &mut Vec<Problem>,
) -> Option<Line<'a>> {
    if let Some(id) = &post.id
        && !seen.insert(id.value.as_str())
    {
        problems.push(
            Problem::at(file, &id.referenced, format!("budget line id `{}` is used twice", id.value))
                .with_help("give each budget line its own id"),
        );
    }
    match (&post.belopp, &post.fordelning) {
        (Some(amount), None) => {
            if let Some(stated) = &post.summa
                && stated.value != amount.value
            {
                problems.push(mismatch(file, stated, amount.value, &[]));
            }
            let previous = post.foregaende.as_ref().map_or(0, |p| p.value);
            Some(Line { post, amount: amount.value, previous, children: Vec::new() })
        }
        (None, Some(parts)) => breakdown(post, parts, file, seen, problems),
        (Some(amount), Some(parts)) => {
            problems.push(
                Problem::at(
                    file,
                    &amount.referenced,
                    format!("`{}` has both `belopp` and `fördelning`", post.namn.value),
                )
                .with_help("its amount is the sum of its fördelning: remove `belopp`, or write it as `summa` to have it checked"),
            );
            // Counted by its fördelning, so the totals above it are still checked once.
            breakdown(post, parts, file, seen, problems)
        }
        (None, None) => {
            problems.push(
                Problem::at(file, &post.namn.referenced, format!("`{}` has no amount", post.namn.value))
                    .with_help("give `belopp` in tkr (0 if none), or a `fördelning` into lines"),
            );
            None
        }
    }
}

/// A line broken down into lines: its amount is their sum.
fn breakdown<'a>(
    post: &'a Post,
    parts: &'a Spanned<Vec<Post>>,
    file: &SourceFile,
    seen: &mut HashSet<&'a str>,
    problems: &mut Vec<Problem>,
) -> Option<Line<'a>> {
    if parts.value.is_empty() {
        problems.push(
            Problem::at(file, &parts.referenced, format!("`{}` has an empty fördelning", post.namn.value))
                .with_help("list its lines under `fördelning`, or give `belopp` instead"),
        );
        return None;
    }
    let children: Vec<Line> = parts.value.iter().filter_map(|p| line(p, file, seen, problems)).collect();
    if children.len() != parts.value.len() {
        return None;
    }
    if let Some(previous) = &post.foregaende {
        problems.push(
            Problem::at(
                file,
                &previous.referenced,
                format!("`{}` has both `föregående` and `fördelning`", post.namn.value),
            )
            .with_help("give last year's figures on the lines of its fördelning; their sum is computed"),
        );
    }
    let amount = sum(&children, |l| l.amount, |l| l.post.belopp.as_ref(), file, problems)?;
    let previous = sum(&children, |l| l.previous, |l| l.post.foregaende.as_ref(), file, problems)?;
    if let Some(stated) = &post.summa {
        check_stated(stated, amount, &children, file, problems);
    }
    Some(Line { post, amount, previous, children })
}

/// Sums a figure of lines with overflow checked. An overflow is reported at
/// the line whose figure overflowed the sum: at its own figure (`own`), or
/// at its stated or computed total for a line with a breakdown.
fn sum<'l, 'a: 'l>(
    lines: &'l [Line<'a>],
    figure: impl Fn(&Line) -> i64,
    own: impl Fn(&'l Line<'a>) -> Option<&'l Spanned<i64>>,
    file: &SourceFile,
    problems: &mut Vec<Problem>,
) -> Option<i64> {
    let mut total = 0i64;
    for line in lines {
        let Some(next) = total.checked_add(figure(line)) else {
            let location =
                own(line).or(line.post.summa.as_ref()).map_or(line.post.namn.referenced, |s| s.referenced);
            problems.push(
                Problem::at(file, &location, "adding this amount makes the sum too large to compute")
                    .with_help("amounts are in whole tkr; check for a misplaced digit"),
            );
            return None;
        };
        total = next;
    }
    Some(total)
}

fn check_stated(
    stated: &Spanned<i64>,
    computed: i64,
    parts: &[Line],
    file: &SourceFile,
    problems: &mut Vec<Problem>,
) {
    if stated.value != computed {
        problems.push(mismatch(file, stated, computed, parts));
    }
}

fn mismatch(file: &SourceFile, stated: &Spanned<i64>, computed: i64, parts: &[Line]) -> Problem {
    let sum = if parts.is_empty() {
        String::new()
    } else {
        let terms: Vec<String> = parts.iter().map(|l| format::number(l.amount)).collect();
        format!(" ({})", terms.join(" + "))
    };
    Problem::at(
        file,
        &stated.referenced,
        format!(
            "the stated summa {} tkr does not match the computed {} tkr{sum}",
            format::number(stated.value),
            format::number(computed),
        ),
    )
    .with_help("correct the figure, or remove `summa`: vplan computes every total itself")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse;

    fn budget(yaml: &str) -> (SourceFile, model::Budget) {
        let file = SourceFile::new("b.yaml", yaml);
        let budget = parse(&file).expect("test YAML parses");
        (file, budget)
    }

    const KUNGSBACKA: &str = "
kontoklasser:
  - namn: Intäkter
    belopp: 0
  - id: personal
    namn: Personalkostnader
    summa: 777
    fördelning:
      - {id: fast, namn: Arvode fast, belopp: 734}
      - {namn: Arvode rörligt, belopp: 43}
  - namn: Övriga driftkostnader
    fördelning:
      - id: utv
        namn: Utvecklingsmedel
        fördelning:
          - namn: Jämlik hälsa
            fördelning:
              - {namn: a, belopp: 100}
              - {namn: b, belopp: 105}
          - namn: Barn och unga
            fördelning:
              - {namn: c, belopp: 110}
          - namn: Processer
            fördelning:
              - {namn: d, belopp: 15}
      - {namn: Kurs och konferens, belopp: 50}
      - {namn: Övrigt, belopp: 24}
summa: 1181
";

    #[test]
    fn totals_are_sums_of_their_lines() {
        let (file, b) = budget(KUNGSBACKA);
        let c = compute(&b, &file).unwrap();
        assert_eq!(c.total, 1181);
        let amounts: Vec<i64> = c.lines.iter().map(|l| l.amount).collect();
        assert_eq!(amounts, [0, 777, 404]);
        assert_eq!(c.find("utv").unwrap().amount, 330);
        let groups: Vec<i64> = c.find("utv").unwrap().children.iter().map(|l| l.amount).collect();
        assert_eq!(groups, [205, 110, 15]);
        assert_eq!(c.find("fast").unwrap().amount, 734);
        assert_eq!(c.ids(), ["personal", "fast", "utv"]);
    }

    #[test]
    fn a_wrong_stated_total_names_both_figures_and_its_place() {
        let (file, b) = budget(&KUNGSBACKA.replace("summa: 777", "summa: 770"));
        let problems = compute(&b, &file).unwrap_err();
        assert_eq!(problems.len(), 1);
        let text = problems[0].to_string();
        assert!(text.starts_with("b.yaml:7:12:"), "{text}");
        assert!(text.contains("770") && text.contains("777") && text.contains("734 + 43"), "{text}");
    }

    #[test]
    fn a_wrong_grand_total_is_found() {
        let (file, b) = budget(&KUNGSBACKA.replace("summa: 1181", "summa: 1180"));
        let text = compute(&b, &file).unwrap_err()[0].to_string();
        assert!(text.contains("1\u{a0}180") && text.contains("1\u{a0}181"), "{text}");
    }

    #[test]
    fn last_years_figures_are_summed_too() {
        let (file, b) = budget(
            "föregående_år: 2020\nkontoklasser:\n  - {namn: a, belopp: 10, föregående: 7}\n  - namn: b\n    fördelning:\n      - {namn: c, belopp: 5, föregående: 9}\n      - {namn: d, belopp: 1}\n",
        );
        let c = compute(&b, &file).unwrap();
        assert_eq!((c.total, c.previous_total, c.previous_year), (16, 16, Some(2020)));
        assert_eq!(c.lines[1].previous, 9);
    }

    #[test]
    fn negative_amounts_are_summed() {
        let (file, b) =
            budget("kontoklasser:\n  - {namn: Intäkter, belopp: -50}\n  - {namn: Kostnader, belopp: 80}\n");
        assert_eq!(compute(&b, &file).unwrap().total, 30);
    }

    #[test]
    fn lines_without_amount_or_with_both_are_errors() {
        let (file, b) = budget(
            "kontoklasser:\n  - namn: Tom\n  - namn: Båda\n    belopp: 1\n    fördelning: [{namn: x, belopp: 1}]\n",
        );
        let problems = compute(&b, &file).unwrap_err();
        assert_eq!(problems.len(), 2);
        assert!(problems[0].message.contains("no amount"));
        assert!(problems[1].message.contains("both"));
    }

    #[test]
    fn duplicate_ids_and_empty_breakdowns_are_errors() {
        let (file, b) = budget(
            "kontoklasser:\n  - {id: a, namn: x, belopp: 1}\n  - {id: a, namn: y, belopp: 2}\n  - {namn: z, fördelning: []}\n",
        );
        let problems = compute(&b, &file).unwrap_err();
        assert_eq!(problems.len(), 2);
        assert!(problems[0].message.contains("used twice"));
        assert!(problems[1].message.contains("empty"));
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        let (file, b) = budget(&format!(
            "kontoklasser:\n  - {{namn: a, belopp: {max}}}\n  - {{namn: b, belopp: {max}}}\n",
            max = i64::MAX
        ));
        assert!(compute(&b, &file).unwrap_err()[0].message.contains("too large"));
    }

    #[test]
    fn one_mistake_gives_one_error() {
        // `belopp` beside a fördelning: the line still counts by its fördelning,
        // so the stated totals above it are checked against the right sum.
        let (file, b) = budget(
            "summa: 7\nkontoklasser:\n  - namn: Båda\n    belopp: 1\n    summa: 5\n    fördelning: [{namn: x, belopp: 5}]\n  - {namn: y, belopp: 2}\n",
        );
        let problems = compute(&b, &file).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("both"));
        // A line with no amount: the grand total that depends on it is not checked.
        let (file, b) = budget("summa: 7\nkontoklasser:\n  - namn: Tom\n  - {namn: y, belopp: 2}\n");
        let problems = compute(&b, &file).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("no amount"));
    }

    #[test]
    fn an_overflow_points_at_the_amount_that_overflows() {
        let (file, b) = budget(&format!(
            "kontoklasser:\n  - namn: a\n    belopp: {max}\n  - namn: b\n    belopp: 1\n",
            max = i64::MAX
        ));
        let problems = compute(&b, &file).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].to_string().starts_with("b.yaml:5:13:"), "{}", problems[0]);
    }
}
