//! `vplan import`: a follow-up report's outcomes (or forecasts) taken from
//! the accounting system's export, so that no figure of a delårsrapport or
//! verksamhetsberättelse is typed by hand.
//!
//! Input: the report, the file exported (SIE4, CSV, or a workbook: xlsx,
//! xls, ods) and a mapping file of rules (accounts, and ansvar, to budget
//! lines: [`mapping`]). Output: the report with each mapped line's `utfall`
//! (or `prognos`) written in place, its comments and layout kept, and what
//! was read: each line's sum, the accounts no rule takes, and the file's
//! amounts reconciled against what was mapped. Amounts are summed exactly
//! in öre and converted once per line to the unit of its budget.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::Datelike;

mod located;
mod mapping;
mod sheet;
mod sie;
mod workbook;
mod write;

use crate::budget::{self, Line, Table};
use crate::decimal::{Decimal, Enhet, Unit};
use crate::error::{Error, Problem, SourceFile};
use crate::load::{self, DataSource, Input, LoadedFollowUp};
use crate::model::{Radtyp, Rapporttyp};
pub use mapping::{Mapping, json_schema as mapping_schema};
// What the readers share, exposed here to them.
use located::Located;
use mapping::{Kolumner, code};
use sheet::{Columns, Sums, columns};

/// Account or ansvar ranges, inclusive: `[(4000, 4999)]`.
type Ranges = Vec<(u64, u64)>;

/// What `vplan import` is asked to do, decided once from the command line.
#[derive(Debug, Clone)]
pub struct ImportConfig {
    /// The follow-up report written into.
    pub report: PathBuf,
    /// The accounting system's export.
    pub from: PathBuf,
    /// The rules from accounts to budget lines.
    pub mapping: PathBuf,
    /// Which figures of the report the amounts are.
    pub into: Into,
    /// Where the plan's shared data comes from.
    pub data: DataSource,
    /// Say what would be written, and write nothing.
    pub dry_run: bool,
    /// The user expects the file's periods not to add up to its `#RES`:
    /// import anyway, and say so.
    pub allow_unreconciled: bool,
}

/// Which figures of a report an import fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Into {
    /// `utfall`: the outcome of the year or of the period so far.
    Utfall,
    /// `prognos`: a delårsrapport's forecast for the year (CSV or workbook).
    Prognos,
    /// `periodbudget`: a delårsrapport's budget for the period (SIE `#PBUDGET`).
    Periodbudget,
    /// `utfall_föregående_år`: last year's outcome for the same period
    /// (SIE `#PSALDO -1`).
    UtfallForegaendeAr,
}

impl Into {
    /// The report's key.
    pub fn key(self) -> &'static str {
        match self {
            Into::Utfall => "utfall",
            Into::Prognos => "prognos",
            Into::Periodbudget => "periodbudget",
            Into::UtfallForegaendeAr => "utfall_föregående_år",
        }
    }
}

/// The months an outcome covers: the year's first to `end`.
#[derive(Debug, Clone)]
pub struct Period {
    /// The plan's year.
    pub year: i32,
    /// The last month taken.
    pub end: u32,
    /// Whether it is the whole year (a verksamhetsberättelse).
    pub full_year: bool,
    /// How messages name it: "januari–augusti 2021".
    pub name: String,
}

impl Period {
    /// Whether a (year, month) of the file falls in it.
    fn takes(&self, (year, month): (i32, u32)) -> bool {
        year == self.year && month <= self.end
    }
}

/// An amount the file holds for an account (and ansvar), in öre.
#[derive(Debug, Clone)]
pub struct Row {
    /// The account.
    pub konto: u64,
    /// The ansvar, where the file gives one.
    pub ansvar: Option<String>,
    /// The amount in öre, signed as booked.
    pub ore: i64,
}

/// What a file held.
#[derive(Debug)]
pub struct Source {
    /// Its format, as the summary names it.
    pub kind: &'static str,
    /// Its amounts.
    pub rows: Vec<Row>,
    /// The accounts' names, where the file gives them.
    pub names: BTreeMap<u64, String>,
    /// What the reading noticed (amounts without ansvar, sums that differ).
    pub notes: Vec<String>,
    /// Lines the import does not use and could not read: `file:line:col: …`.
    pub warnings: Vec<String>,
    /// How its text was decoded, and why, where it is text.
    pub encoding: Option<String>,
    /// What its amounts were reconciled with, and the outcome.
    pub reconciliation: Vec<String>,
}

/// A line's imported figure.
#[derive(Debug, Clone)]
pub struct ImportedLine {
    /// The line's id.
    pub id: String,
    /// Its name.
    pub namn: String,
    /// The sum of its accounts in öre, signed as vplan enters it.
    pub ore: i64,
    /// The figure written, in its budget's unit.
    pub figure: Decimal,
    /// Its budget's unit.
    pub enhet: Enhet,
    /// How many accounts (per ansvar) of the file it sums.
    pub accounts: usize,
}

/// What an import read, mapped and wrote.
#[derive(Debug)]
pub struct Imported {
    /// The file's format.
    pub kind: &'static str,
    /// The period read.
    pub period: String,
    /// Every line a rule took amounts to, in the plan's order.
    pub lines: Vec<ImportedLine>,
    /// The result accounts no rule takes: (account, its name, öre).
    pub unmapped: Vec<(u64, Option<String>, i64)>,
    /// How many balance accounts (below 3000) were left out.
    pub balance_accounts: usize,
    /// The sum of the result accounts read, in öre as booked.
    pub read: i64,
    /// The part of it the rules took.
    pub mapped: i64,
    /// What reading and reconciling noticed.
    pub notes: Vec<String>,
    /// Lines of the file the import does not use and could not read.
    pub warnings: Vec<String>,
    /// How the file's text was decoded.
    pub encoding: Option<String>,
    /// The file's amounts reconciled with its own totals.
    pub reconciliation: Vec<String>,
    /// The report with the figures written in.
    pub text: String,
    /// Where it was written; none on a dry run.
    pub written: Option<PathBuf>,
}

/// A line that takes an outcome: its id, name, unit and the sign that
/// turns a booked amount into vplan's (income and funding are credited).
struct Target<'a> {
    namn: &'a str,
    unit: Unit,
    income: bool,
    /// Which budget it is in: an amount goes to one line per budget.
    budget: usize,
}

/// Runs an import; writes the report unless it is a dry run.
pub fn import(config: &ImportConfig) -> Result<Imported, Error> {
    let report = match load::load_input(&config.report, &config.data)? {
        Input::Report(report) => report,
        Input::Plan(_) => {
            return Err(Error::Usage(format!(
                "{} is a plan; import writes into a follow-up report: write one with `vplan follow-up {}`",
                config.report.display(),
                config.report.display()
            )));
        }
    };
    let (budgets, problems) = budget::compute_plan(&report.plan.plan, &report.plan.file);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let targets = targets(&budgets.tables);
    let period = period(&report)?;
    if config.into != Into::Utfall && report.report.rapport.typ.value != Rapporttyp::Delarsrapport {
        return Err(Error::Usage(format!(
            "only a delårsrapport has `{}`; import the utfall of a verksamhetsberättelse",
            config.into.key()
        )));
    }
    let map_file = crate::files::read_source(&config.mapping)?;
    let mapping: Mapping = load::parse(&map_file)?;
    check_rules(&mapping, &map_file, &targets, &budgets)?;
    let by_ansvar = mapping.regler.iter().any(|r| r.value.ansvar.is_some());
    let mut source = read_source(config, &mapping, &period, by_ansvar)?;
    source.rows = merged(std::mem::take(&mut source.rows));

    // The rules' ranges read once, not once per amount (checked above).
    let read_ranges = |i: &mapping::Intervall| i.ranges().into_iter().flatten().collect::<Ranges>();
    let rules: Vec<(Ranges, Option<Ranges>)> = mapping
        .regler
        .iter()
        .map(|r| (read_ranges(&r.value.konton.value), r.value.ansvar.as_ref().map(|a| read_ranges(&a.value))))
        .collect();
    let within = |ranges: &[(u64, u64)], code: u64| ranges.iter().any(|(a, b)| (*a..=*b).contains(&code));
    // Each amount to the one rule that takes it.
    let mut sums: BTreeMap<&str, (i64, usize)> = BTreeMap::new();
    let mut unmapped: BTreeMap<u64, i64> = BTreeMap::new();
    let mut clashes = Vec::new();
    let (mut read, mut mapped, mut balance) = (0i64, 0i64, std::collections::BTreeSet::new());
    for row in &source.rows {
        if row.konto < 3000 {
            balance.insert(row.konto);
            continue;
        }
        read = read.saturating_add(row.ore);
        let ansvar = row.ansvar.as_deref().and_then(code);
        let matching: Vec<usize> = (0..rules.len())
            .filter(|&i| {
                let (konton, ansvar_ranges) = &rules[i];
                within(konton, row.konto)
                    && ansvar_ranges.as_ref().is_none_or(|a| ansvar.is_some_and(|code| within(a, code)))
            })
            .collect();
        if matching.is_empty() {
            *unmapped.entry(row.konto).or_default() += row.ore;
            continue;
        }
        mapped = mapped.saturating_add(row.ore);
        let budget_of = |i: usize| targets[mapping.regler[i].value.post.value.as_str()].budget;
        for (n, &i) in matching.iter().enumerate() {
            // Two lines of one budget cannot both take the amount; lines of
            // two budgets can (a budget per verksamhet, one per kontoslag).
            if let Some(&earlier) = matching[..n].iter().find(|&&e| budget_of(e) == budget_of(i)) {
                clashes.push((earlier, i, row.konto, row.ansvar.clone()));
                continue;
            }
            let rule = &mapping.regler[i].value;
            let target = &targets[rule.post.value.as_str()];
            let flip = match rule.tecken {
                Some(mapping::Tecken::Omvant) => !target.income,
                Some(mapping::Tecken::SomBokfort) => false,
                None => target.income,
            };
            let entry = sums.entry(rule.post.value.as_str()).or_default();
            entry.0 = entry.0.saturating_add(if flip { -row.ore } else { row.ore });
            entry.1 += 1;
        }
    }
    if !clashes.is_empty() {
        return Err(Error::Invalid(clash_problems(&mapping, &map_file, &clashes)));
    }
    let mut lines = Vec::new();
    for (id, (ore, amounts)) in sums {
        let target = &targets[id];
        let kronor = Unit { enhet: Enhet::Kr, decimaler: 2 };
        let steps = kronor
            .convert(ore, target.unit)
            .ok_or_else(|| Error::Usage(format!("the amount of `{id}` is too large")))?;
        lines.push(ImportedLine {
            id: id.to_string(),
            namn: target.namn.to_string(),
            ore,
            figure: Decimal { units: steps, scale: target.unit.decimaler },
            enhet: target.unit.enhet,
            accounts: amounts,
        });
    }
    let order: Vec<&str> = targets_in_order(&budgets.tables);
    lines.sort_by_key(|l| order.iter().position(|o| *o == l.id));
    let text = write::into_report(&report, &lines, config.into)?;
    let written = if config.dry_run {
        None
    } else {
        crate::files::write_file(&config.report, text.as_bytes(), true)?;
        Some(config.report.clone())
    };
    let unmapped = unmapped.into_iter().map(|(k, v)| (k, source.names.get(&k).cloned(), v)).collect();
    Ok(Imported {
        kind: source.kind,
        period: period.name,
        lines,
        unmapped,
        balance_accounts: balance.len(),
        read,
        mapped,
        notes: source.notes,
        warnings: source.warnings,
        encoding: source.encoding,
        reconciliation: source.reconciliation,
        text,
        written,
    })
}

/// One row per account and ansvar, their amounts summed.
fn merged(rows: Vec<Row>) -> Vec<Row> {
    let mut sums: BTreeMap<(u64, Option<String>), i64> = BTreeMap::new();
    for row in rows {
        let sum = sums.entry((row.konto, row.ansvar)).or_default();
        *sum = sum.saturating_add(row.ore);
    }
    sums.into_iter().map(|((konto, ansvar), ore)| Row { konto, ansvar, ore }).collect()
}

/// The file read, by its extension, as a stream.
fn read_source(
    config: &ImportConfig,
    mapping: &Mapping,
    period: &Period,
    by_ansvar: bool,
) -> Result<Source, Error> {
    let path = &config.from;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    let open = || {
        std::fs::File::open(path)
            .map(|f| std::io::BufReader::with_capacity(1 << 16, f))
            .map_err(|source| Error::Read { path: path.clone(), source })
    };
    let name = path.display().to_string();
    match ext.as_str() {
        "se" | "si" | "sie" => {
            if config.into == Into::Prognos {
                return Err(Error::Usage(format!(
                    "{name}: a SIE file holds outcomes and budgets, no forecast; import the prognos from a CSV or xlsx file"
                )));
            }
            let request = sie::Request {
                period,
                into: config.into,
                dimension: mapping.kalla.dimension,
                by_ansvar,
                allow_unreconciled: config.allow_unreconciled,
            };
            sie::read(&name, open()?, &request)
        }
        "csv" | "txt" => sheet::read_csv(path, &mapping.kalla.kolumner, by_ansvar),
        "xlsx" | "xlsm" | "xls" | "ods" => {
            workbook::read_workbook(path, mapping.kalla.blad.as_deref(), &mapping.kalla.kolumner, by_ansvar)
        }
        _ => Err(Error::Usage(format!(
            "{name}: vplan reads SIE4 (.se, .si, .sie), CSV (.csv) and workbooks (.xlsx, .xls, .ods); name the file by its format"
        ))),
    }
}

/// The months the report covers.
fn period(report: &LoadedFollowUp) -> Result<Period, Error> {
    let year = report.plan.plan.dokument.ar.value;
    let r = &report.report.rapport;
    let (end, full_year) = match (&r.typ.value, &r.till_och_med) {
        (Rapporttyp::Delarsrapport, Some(date)) => (date.value.month(), false),
        (Rapporttyp::Delarsrapport, None) => {
            return Err(Error::problem(
                Problem::at(
                    &report.file,
                    &r.typ.referenced,
                    "a delårsrapport needs `till_och_med` to import its outcome",
                )
                .with_help("give the last day of the period, e.g. `till_och_med: 2021-08-31`"),
            ));
        }
        (Rapporttyp::Verksamhetsberattelse, _) => (12, true),
    };
    let date = chrono::NaiveDate::from_ymd_opt(year, end, 1).unwrap_or_default();
    let (months, _) = crate::format::period(date);
    Ok(Period { year, end, full_year, name: format!("{months} {year}") })
}

/// Every line that takes an outcome, by id.
fn targets<'a>(tables: &'a [Table<'a>]) -> BTreeMap<&'a str, Target<'a>> {
    fn walk<'a>(lines: &'a [Line<'a>], unit: Unit, budget: usize, out: &mut BTreeMap<&'a str, Target<'a>>) {
        for line in lines {
            if line.children.is_empty() {
                if let Some(id) = line.id() {
                    let income = line.typ == Some(Radtyp::Intakt);
                    out.insert(id, Target { namn: &line.namn.value, unit, income, budget });
                }
            } else {
                walk(&line.children, unit, budget, out);
            }
        }
    }
    let mut out = BTreeMap::new();
    for (budget, table) in tables.iter().enumerate() {
        walk(&table.lines, table.unit, budget, &mut out);
        if let Some(f) = &table.funding
            && let Some(id) = f.id()
        {
            out.insert(id, Target { namn: &f.namn.value, unit: table.unit, income: true, budget });
        }
    }
    out
}

/// The ids of the lines that take an outcome, in the plan's order.
fn targets_in_order<'a>(tables: &'a [Table<'a>]) -> Vec<&'a str> {
    let mut out = Vec::new();
    for table in tables {
        let mut leaves = Vec::new();
        budget::outcome::leaves(table, &mut leaves);
        out.extend(leaves.into_iter().filter_map(|(id, _)| id));
    }
    out
}

/// Every rule names a line that takes an outcome, and readable codes.
fn check_rules(
    mapping: &Mapping,
    file: &SourceFile,
    targets: &BTreeMap<&str, Target>,
    budgets: &budget::Budgets,
) -> Result<(), Error> {
    let mut problems = Vec::new();
    let known: Vec<&str> = targets.keys().copied().collect();
    let groups = budget::outcome::group_ids(&budgets.tables);
    for rule in &mapping.regler {
        let post = &rule.value.post;
        if groups.contains(&post.value.as_str()) {
            problems.push(
                Problem::at(
                    file,
                    &post.referenced,
                    format!("`{}` has lines of its own: its outcome is their sum", post.value),
                )
                .with_help("map the accounts to each of its lines instead"),
            );
        } else if !targets.contains_key(post.value.as_str()) {
            problems.push(
                Problem::at(file, &post.referenced, format!("the plan has no budget line `{}`", post.value))
                    .with_help(format!("the lines that take an outcome are: {}", known.join(", "))),
            );
        }
        let codes = std::iter::once(&rule.value.konton).chain(rule.value.ansvar.as_ref());
        for codes in codes {
            for bad in codes.value.ranges().into_iter().filter_map(Result::err) {
                problems.push(
                    Problem::at(
                        file,
                        &codes.referenced,
                        format!("`{bad}` is not a code or a range of codes"),
                    )
                    .with_help("write codes as 3010, or ranges as 3000-3199, the lower first"),
                );
            }
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(Error::Invalid(problems)) }
}

/// An amount two rules take, located at the later rule.
fn clash_problems(
    mapping: &Mapping,
    file: &SourceFile,
    clashes: &[(usize, usize, u64, Option<String>)],
) -> Vec<Problem> {
    let mut seen = std::collections::BTreeSet::new();
    clashes
        .iter()
        .filter(|(a, b, _, _)| seen.insert((*a, *b)))
        .map(|(first, second, konto, ansvar)| {
            let earlier = &mapping.regler[*first];
            let what = match ansvar {
                Some(a) => format!("account {konto}, ansvar {a},"),
                None => format!("account {konto}"),
            };
            Problem::at(
                file,
                &mapping.regler[*second].referenced,
                format!(
                    "{what} matches this rule and the one at line {} (`{}`): an amount goes to one line of a budget",
                    earlier.referenced.line(),
                    earlier.value.post.value
                ),
            )
            .with_help("narrow one of the rules' `konton` or `ansvar`")
        })
        .collect()
}
