//! Stage 2: the budgets' totals, computed from their lines.
//!
//! Input: the plan's `budget` and `budgetar` ([`model::Plan`]). Output:
//! [`Budgets`], each budget a [`Table`] with every group, total and result
//! summed per column in whole tkr (`i64`, never floats). Both formats are
//! first lowered to one shape ([`lower`]) and then computed by one
//! function ([`table::compute`]), so every total, check and figure exists
//! once. A total the planner also states (`summa`, `ska_vara`) is checked
//! against the computed one, and a disagreement is an error naming both.

use std::collections::HashSet;

pub mod columns;
pub mod lower;
pub mod outcome;
pub mod table;

pub use lower::Form;
pub use table::{Line, Row, Table};

use crate::error::{Problem, SourceFile};
use crate::model;

/// Every budget of a plan, computed: the plan's `budget` (first, when
/// given) and its `budgetar`, in order.
#[derive(Debug, Default)]
pub struct Budgets<'a> {
    /// The budgets that could be computed.
    pub tables: Vec<Table<'a>>,
    /// The ids of the budgets that failed their own checks, whose problems
    /// are reported already.
    failed: HashSet<&'a str>,
}

impl<'a> Budgets<'a> {
    /// The plan's `budget`, when it has one that could be computed.
    pub fn legacy(&self) -> Option<&Table<'a>> {
        self.tables.iter().find(|t| t.form == Form::Kontoklasser)
    }

    /// The budget with columns of this id.
    pub fn table(&self, id: &str) -> Option<&Table<'a>> {
        self.tables.iter().find(|t| t.id.is_some_and(|i| i.value == id))
    }

    /// A row of any budget by id: a line, a total, the funding or the
    /// result; with the table it belongs to.
    pub fn row(&self, id: &str) -> Option<(&Table<'a>, Row<'_, 'a>)> {
        self.tables.iter().find_map(|t| t.row(id).map(|r| (t, r)))
    }

    /// Whether `id` belongs to a budget that failed its own checks.
    pub fn failed(&self, id: &str) -> bool {
        self.failed.contains(id)
    }

    /// The ids of every budget's lines (and funding), for the help of a
    /// block that shows a line.
    pub fn line_ids(&self) -> Vec<&'a str> {
        fn walk<'a>(lines: &[Line<'a>], out: &mut Vec<&'a str>) {
            for l in lines {
                out.extend(l.id.map(|i| i.value.as_str()));
                walk(&l.children, out);
            }
        }
        let mut out = Vec::new();
        for t in &self.tables {
            walk(&t.lines, &mut out);
            out.extend(t.funding.as_ref().and_then(|f| f.id).map(|i| i.value.as_str()));
        }
        out
    }

    /// Every id of every budget, for error help.
    pub fn ids(&self) -> Vec<&'a str> {
        self.tables.iter().flat_map(|t| t.ids().iter().map(|id| id.value.as_str())).collect()
    }
}

/// Computes every budget of a plan; returns what could be computed and
/// every problem found, ids used twice among them.
pub fn compute_plan<'a>(plan: &'a model::Plan, file: &SourceFile) -> (Budgets<'a>, Vec<Problem>) {
    let year = plan.dokument.ar.value;
    let mut problems = Vec::new();
    let mut specs = Vec::new();
    if let Some(budget) = &plan.budget {
        specs.push(lower::legacy(budget, year, file, &mut problems));
    }
    for budget in &plan.budgetar {
        specs.push(lower::columns(budget, year, file, &mut problems));
    }
    let mut budgets = Budgets::default();
    let mut seen: HashSet<&str> = HashSet::new();
    for spec in specs {
        let ids = spec.ids();
        for id in &ids {
            if !seen.insert(id.value.as_str()) {
                problems.push(
                    Problem::at(file, &id.referenced, format!("the budget id `{}` is used twice", id.value))
                        .with_help("give each budget, line and total its own id"),
                );
            }
        }
        let ids: Vec<&'a str> = ids.iter().map(|i| i.value.as_str()).collect();
        let computed = if spec.valid { table::compute(spec, year, file, &mut problems) } else { None };
        match computed {
            Some(table) => budgets.tables.push(table),
            None => budgets.failed.extend(ids),
        }
    }
    (budgets, problems)
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

    /// The plan's `budget` of a plan for 2021, computed.
    fn compute<'a>(b: &'a model::Budget, file: &SourceFile) -> Result<Table<'a>, Vec<Problem>> {
        let mut problems = Vec::new();
        let spec = lower::legacy(b, 2021, file, &mut problems);
        let table = table::compute(spec, 2021, file, &mut problems);
        match table {
            Some(t) if problems.is_empty() => Ok(t),
            _ => Err(problems),
        }
    }

    /// This year's figure of a line or row.
    fn now(t: &Table, id: &str) -> i64 {
        t.this_year(t.row(id).unwrap().figures).unwrap()
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
        assert_eq!(c.total, [Some(1181)]);
        let amounts: Vec<i64> = c.lines.iter().map(|l| c.this_year(&l.figures).unwrap()).collect();
        assert_eq!(amounts, [0, 777, 404]);
        assert_eq!(now(&c, "utv"), 330);
        let utv = c.row("utv").unwrap().line.unwrap();
        let groups: Vec<i64> = utv.children.iter().map(|l| c.this_year(&l.figures).unwrap()).collect();
        assert_eq!(groups, [205, 110, 15]);
        assert_eq!(now(&c, "fast"), 734);
        let ids: Vec<&str> = c.ids().iter().map(|i| i.value.as_str()).collect();
        assert_eq!(ids, ["personal", "fast", "utv"]);
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
        // Budget 2020 | Budget 2021 | Förändring; a line without `föregående` had 0.
        assert_eq!(c.column_keys(), ["budget 2020", "budget 2021", "förändring"]);
        assert_eq!(c.total, [Some(16), Some(16)]);
        assert_eq!(c.lines[1].figures, [Some(9), Some(6)]);
        assert_eq!(c.figure(&c.lines[1].figures, 2), columns::Figure::Amount(-3));
    }

    #[test]
    fn negative_amounts_are_summed() {
        let (file, b) =
            budget("kontoklasser:\n  - {namn: Intäkter, belopp: -50}\n  - {namn: Kostnader, belopp: 80}\n");
        assert_eq!(compute(&b, &file).unwrap().total, [Some(30)]);
    }

    #[test]
    fn lines_without_amount_or_with_both_are_errors() {
        let (file, b) = budget(
            "kontoklasser:\n  - namn: Tom\n  - namn: Båda\n    belopp: 1\n    fördelning: [{namn: x, belopp: 1}]\n",
        );
        let problems = compute(&b, &file).unwrap_err();
        assert_eq!(problems.len(), 2);
        assert!(problems[0].message.contains("`Tom` has no figures"), "{}", problems[0]);
        assert!(problems[1].message.contains("has both `belopp` and `fördelning`"), "{}", problems[1]);
    }

    #[test]
    fn empty_breakdowns_are_errors() {
        let (file, b) =
            budget("kontoklasser:\n  - {id: a, namn: x, belopp: 1}\n  - {namn: z, fördelning: []}\n");
        let problems = compute(&b, &file).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("empty"));
    }

    #[test]
    fn an_id_is_used_once_across_both_formats() {
        let yaml = "dokument: {organisation: R, nämnd: N, titel: T, år: 2021, datum: 2020-11-01}\nkapitel: []\nbudget:\n  kontoklasser:\n    - {id: a, namn: x, belopp: 1}\n    - {id: a, namn: y, belopp: 2}\nbudgetar:\n  - id: drift\n    rubrik: D\n    poster: [{id: x, namn: x, belopp: 1}, {id: a, namn: z, belopp: 1}]\n";
        let file = SourceFile::new("p.yaml", yaml);
        let plan: model::Plan = parse(&file).expect("test YAML parses");
        let (budgets, problems) = compute_plan(&plan, &file);
        let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 2, "{lines:?}");
        assert!(lines[0].starts_with("p.yaml:6:12:") && lines[0].contains("`a` is used twice"), "{lines:?}");
        assert!(lines[1].starts_with("p.yaml:10:48:"), "{lines:?}");
        assert_eq!(budgets.tables.len(), 2);
    }

    #[test]
    fn stated_group_totals_are_checked_in_budgets_with_columns_too() {
        let yaml = "id: drift\nrubrik: D\nposter:\n  - namn: G\n    summa: 10\n    fördelning: [{namn: a, belopp: 4}, {namn: b, belopp: 5}]\n";
        let file = SourceFile::new("d.yaml", yaml);
        let b: model::Flerarsbudget = parse(&file).expect("test YAML parses");
        let mut problems = Vec::new();
        let spec = lower::columns(&b, 2021, &file, &mut problems);
        assert!(table::compute(spec, 2021, &file, &mut problems).is_some());
        assert_eq!(problems.len(), 1, "{problems:?}");
        let text = problems[0].to_string();
        assert!(
            text.starts_with("d.yaml:5:12:") && text.contains("10 tkr") && text.contains("9 tkr (4 + 5)"),
            "{text}"
        );
    }

    #[test]
    fn last_year_must_come_before_the_plans() {
        let (file, b) = budget("föregående_år: 2021\nkontoklasser:\n  - {namn: a, belopp: 1}\n");
        let mut problems = Vec::new();
        let spec = lower::legacy(&b, 2021, &file, &mut problems);
        assert!(!spec.valid);
        assert!(problems[0].to_string().starts_with("b.yaml:1:16:"), "{}", problems[0]);
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
        assert!(problems[0].message.contains("no figures"));
    }

    #[test]
    fn an_overflow_points_at_the_amount_that_overflows() {
        let (file, b) = budget(&format!(
            "kontoklasser:\n  - namn: a\n    belopp: {max}\n  - namn: b\n    belopp: 1\n",
            max = i64::MAX
        ));
        let problems = compute(&b, &file).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        // At the huge amount (line 3), naming the small one after it (line 5).
        let shown = problems[0].to_string();
        assert!(shown.starts_with("b.yaml:3:13:"), "{shown}");
        assert!(shown.contains("adding 1 at line 5"), "{shown}");
        // A huge amount after small ones is reported where it stands.
        let (file, b) = budget(&format!(
            "kontoklasser:\n  - namn: a\n    belopp: 1\n  - namn: b\n    belopp: {max}\n",
            max = i64::MAX
        ));
        let problems = compute(&b, &file).unwrap_err();
        assert!(problems[0].to_string().starts_with("b.yaml:5:13:"), "{}", problems[0]);
    }
}
