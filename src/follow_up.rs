//! `vplan follow-up`: a starter report for a plan, every budget line and
//! goal of the plan listed and empty, to fill in as the year goes.
//!
//! Input: a plan file. Output: the text of a follow-up report (YAML) that
//! builds as it is: outcomes `~` show as "–" and statuses as not assessed,
//! and `vplan check` lists what is left.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::build;
use crate::error::{Error, SourceFile};
use crate::load::{self, DataSource};
use crate::model::Uppfoljning;
use crate::resolve::{self, Items};
use crate::templates::Templates;

/// Where the report of `plan` goes by default: beside it, named for the kind.
pub fn default_output(plan: &Path, interim: bool) -> PathBuf {
    let stem = plan.file_stem().and_then(|s| s.to_str()).unwrap_or("plan");
    let kind = if interim { "delarsrapport" } else { "verksamhetsberattelse" };
    plan.with_file_name(format!("{stem}-{kind}.yaml"))
}

/// The starter report of the plan at `plan_path` (named in it relative to
/// `output`, its shared texts from `data`), a verksamhetsberättelse, or a
/// delårsrapport up to `interim`.
pub fn starter(
    plan_path: &Path,
    output: &Path,
    data: &DataSource,
    interim: Option<NaiveDate>,
) -> Result<String, Error> {
    if load::is_follow_up(plan_path) {
        return Err(Error::Usage(format!(
            "{} is a follow-up report already; give the plan it follows",
            plan_path.display()
        )));
    }
    let prepared = build::prepare(plan_path, data, false, &Templates::default())?;
    let loaded = &prepared.loaded;
    let (budgets, _) = crate::budget::compute_plan(&loaded.plan, &loaded.file);
    let labels = crate::templates::labels::Etiketter::default();
    let glyphs = crate::templates::Glyphs::default();
    let settings = resolve::Settings { draft: false, glyphs: &glyphs, labels: &labels };
    let items = resolve::items(loaded, &budgets, &settings).map_err(Error::Invalid)?;
    let year = loaded.plan.dokument.ar.value;
    let relative = relative_to(plan_path, output);
    Ok(text(&items, &relative, year, interim, &prepared.resolved.document.meta.namnd))
}

/// Writes the starter report, checked to be a valid report first; refuses
/// to replace a file unless `force`.
pub fn write(
    plan_path: &Path,
    output: &Path,
    data: &DataSource,
    interim: Option<NaiveDate>,
    force: bool,
) -> Result<(), Error> {
    let text = starter(plan_path, output, data, interim)?;
    let check = SourceFile::new(output.display().to_string(), text.clone());
    // A starter vplan cannot read back is vplan's mistake, not the plan's:
    // said so, rather than pointing into a file that was never written.
    load::parse::<Uppfoljning>(&check).map_err(|error| {
        Error::Usage(format!(
            "vplan made a starter report of {} that it cannot read back ({error}); \
             nothing was written; please report this with the plan",
            plan_path.display()
        ))
    })?;
    crate::files::write_file(output, text.as_bytes(), force)
}

/// The plan's path as the report names it: relative to the report's folder.
fn relative_to(plan: &Path, output: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let folder = absolute(output).parent().map(Path::to_path_buf).unwrap_or_default();
    let relative = pathdiff::diff_paths(absolute(plan), folder).unwrap_or_else(|| plan.to_path_buf());
    // YAML and every system read `/`.
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// A YAML scalar for any text: plain where that reads the same, else quoted.
fn scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text.chars().all(|c| c.is_alphanumeric() || "-_./".contains(c))
        && !matches!(text, "~" | "null" | "true" | "false" | "yes" | "no");
    if plain {
        return text.to_string();
    }
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '"' => vec!['\\', '"'],
            '\\' => vec!['\\', '\\'],
            c if c.is_control() => format!("\\u{:04X}", c as u32).chars().collect(),
            c => vec![c],
        })
        .collect();
    format!("\"{escaped}\"")
}

/// A key of a mapping: `{}` when nothing follows it, for a bare key is
/// null in YAML, not an empty mapping.
fn mapping_key(key: &str, empty: bool) -> String {
    if empty { format!("{key}: {{}}\n") } else { format!("{key}:\n") }
}

/// A comment's text on one line.
fn comment(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text(items: &Items, plan: &str, year: i32, interim: Option<NaiveDate>, namnd: &str) -> String {
    let kind = if interim.is_some() { "Delårsrapport" } else { "Verksamhetsberättelse" };
    // A budget in another unit says so in its lines' comments ("148.6 mnkr").
    let other_unit = items.lines.iter().any(|(_, _, b)| b.as_ref().is_some_and(|b| b.contains(' ')));
    let unit = if other_unit { "in its budget's unit (tkr, or as the comment says)" } else { "in whole tkr" };
    let mut out = format!(
        "# {kind} {year} för {}: what happened with the plan {}.\n\
         # Fill in the utfall ({}) of each budget line, a status and an\n\
         # analysis per goal, and the chapters' text; `vplan check` lists what is\n\
         # left, and the report builds meanwhile (– where an utfall is missing).\n\n",
        comment(namnd),
        comment(plan),
        if other_unit { "in each line's budget unit" } else { "whole tkr" }
    );
    out.push_str(&format!("plan: {}\n\nrapport:\n", scalar(plan)));
    match interim {
        Some(end) => out.push_str(&format!("  typ: delårsrapport\n  till_och_med: {end}\n  datum: {end}\n")),
        None => out.push_str(&format!("  typ: verksamhetsberättelse\n  datum: {}-02-15\n", year + 1)),
    }
    out.push_str(&format!(
        "  status: utkast\n\n# The outcome per budget line, {unit} (budget in the comment).\n"
    ));
    out.push_str(&mapping_key("utfall", items.lines.is_empty()));
    let budget_comment = |b: &Option<String>| b.as_ref().map(|b| format!(", budget {b}")).unwrap_or_default();
    for (id, name, budget) in &items.lines {
        out.push_str(&format!("  {}: ~  # {}{}\n", scalar(id), comment(name), budget_comment(budget)));
    }
    if interim.is_some() {
        out.push_str(&format!("\n# The forecast for the whole year per budget line, {unit}.\n"));
        out.push_str(&mapping_key("prognos", items.lines.is_empty()));
        for (id, name, budget) in &items.lines {
            out.push_str(&format!("  {}: ~  # {}{}\n", scalar(id), comment(name), budget_comment(budget)));
        }
    }
    if !items.nyckeltal.is_empty() {
        out.push_str("\n# The year's outcome per indicator; its status is computed from its target.\n");
        out.push_str("nyckeltal:\n");
        for (id, name, target) in &items.nyckeltal {
            out.push_str(&format!("  {}: ~  # {}, mål {target}\n", scalar(id), comment(name)));
        }
    }
    out.push_str("\n# Per focus area and assignment: status (uppfyllt, delvis uppfyllt or\n# ej uppfyllt) and an analysis, a paragraph per item.\n");
    out.push_str(&mapping_key("mål", items.goals.is_empty()));
    for (id, title, depth) in &items.goals {
        let indent = "  ".repeat(*depth);
        out.push_str(&format!(
            "  {}:  # {indent}{}\n    status: ~\n    analys: []\n",
            scalar(id),
            comment(title)
        ));
    }
    out.push_str("\nkapitel:\n  - titel: Sammanfattning\n    innehåll: []\n  - titel: Viktiga händelser\n    innehåll: []\n");
    out.push_str(
        "  - titel: Måluppfyllelse\n    innehåll:\n      - måluppfyllelse: {}\n      - målavsnitt: {}\n",
    );
    if !items.nyckeltal.is_empty() {
        out.push_str("      - nyckeltal: {}\n");
    }
    out.push_str(if items.budget || !items.budgetar.is_empty() {
        "  - titel: Ekonomi\n    innehåll:\n"
    } else {
        "  - titel: Ekonomi\n    innehåll: []\n"
    });
    if items.budget {
        out.push_str("      - budgettabell: {}\n");
    }
    for id in &items.budgetar {
        out.push_str(&format!("      - budgettabell: {{budget: {}}}\n", scalar(id)));
    }
    out.push_str("  - titel: Personal\n    innehåll: []\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_plain_only_when_that_reads_the_same() {
        assert_eq!(scalar("arvode-fast"), "arvode-fast");
        assert_eq!(scalar("null"), "\"null\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("x\"y"), "\"x\\\"y\"");
    }
}
