//! `vplan new-year`: next year's plan from this year's.
//!
//! The plan is edited as text, at the places the YAML parser located, so
//! that the planner's comments, layout and wording stay exactly as written:
//! the year and date move one year on, the status becomes `utkast` version 1,
//! the meeting and the decision are removed, and each budget line's amount
//! becomes its `föregående` (last year's) figure.

use std::path::{Path, PathBuf};

use chrono::Datelike;

use crate::edit::{Block, Edit, apply, block_of, child_block, insert_after, insert_child, value_edit};
use crate::error::{Error, Problem, SourceFile};
use crate::load::{self, Loaded};
use crate::model::{Post, Spanned};

mod columns;
mod years;

/// The default path of next year's plan: the year in the file name bumped,
/// or `-YEAR` added.
pub fn default_output(input: &Path, year: i32) -> PathBuf {
    let stem = input.file_stem().and_then(|s| s.to_str()).unwrap_or("plan");
    let this = year.to_string();
    let next = (i64::from(year) + 1).to_string();
    let name = if stem.contains(&this) { stem.replace(&this, &next) } else { format!("{stem}-{next}") };
    input.with_file_name(format!("{name}.yaml"))
}

/// Next year's plan: its text, and one line per change made, for the user.
#[derive(Debug)]
pub struct NextYear {
    /// The new plan's YAML.
    pub text: String,
    /// What was changed or removed, e.g. "planperiod 2021–2023 → 2022–2024".
    pub changes: Vec<String>,
    /// A budget line that kept this year's figure for want of a plan year,
    /// located in this year's plan (`write` adds the years written out in
    /// the text, located in next year's).
    pub warnings: Vec<Problem>,
}

/// Next year's plan as text.
pub fn next_year(loaded: &Loaded) -> Result<NextYear, Error> {
    let file = &loaded.file;
    let d = &loaded.plan.dokument;
    let mut edits = Vec::new();
    let mut changes = Vec::new();
    let next = d.ar.value.checked_add(1).ok_or_else(|| {
        Error::problem(
            Problem::at(file, &d.ar.referenced, format!("the year {} has no next year", d.ar.value))
                .with_help("write the plan's year as four digits, e.g. 2021"),
        )
    })?;
    edits.push(value_edit(file, &d.ar, next.to_string()));
    changes.push(format!("år {} → {next}", d.ar.value));
    let date = d.datum.value;
    let next_date = date.with_year(date.year() + 1).or_else(|| date.pred_opt()?.with_year(date.year() + 1));
    if let Some(next) = next_date {
        edits.push(value_edit(file, &d.datum, next.format("%Y-%m-%d").to_string()));
    }
    let dokument = block_of(file, "dokument", 0)
        .filter(|b| !is_flow(file, b))
        .ok_or_else(|| flow_refusal(file, &d.organisation.referenced, "dokument"))?;
    if let Some(period) = &d.planperiod {
        let edit = value_edit(file, period, String::new());
        let old = &file.text[edit.range.clone()];
        let new = shift_years(old);
        changes.push(format!(
            "planperiod {} → {}",
            old.trim_matches(['"', '\'']),
            new.trim_matches(['"', '\''])
        ));
        edits.push(Edit { text: new, ..edit });
    }
    if let Some(dnr) = &d.dnr {
        // The diarienummer belongs to this year's decision; next year's plan gets its own.
        let range = child_block(file, &dokument, "dnr").ok_or_else(|| unsupported(file, dnr, "dnr"))?;
        edits.push(Edit { range, text: String::new() });
        changes.push(format!("dnr {} removed", dnr.value));
    }
    match &d.status {
        Some(status) => edits.push(value_edit(file, status, "utkast".into())),
        None => edits.push(insert_child(&dokument, "status: utkast")),
    }
    match &d.version {
        Some(version) => edits.push(value_edit(file, version, "1".into())),
        None => edits.push(insert_child(&dokument, "version: 1")),
    }
    changes.push("status: utkast, version 1".into());
    if let Some(meeting) = child_block(file, &dokument, "sammanträde") {
        edits.push(Edit { range: meeting, text: String::new() });
        changes.push("sammanträde removed".into());
    }
    if let Some(beslut) = block_of(file, "beslut", 0) {
        edits.push(Edit { range: beslut.lines, text: String::new() });
        changes.push("beslut removed".into());
    }
    if let Some(budget) = &loaded.plan.budget {
        let block = block_of(file, "budget", 0).filter(|b| !is_flow(file, b)).ok_or_else(|| {
            flow_refusal(
                file,
                &budget.kontoklasser.first().map_or(d.ar.referenced, |p| p.namn.referenced),
                "budget",
            )
        })?;
        let line = format!("föregående_år: {}", d.ar.value);
        match child_block(file, &block, "föregående_år") {
            Some(range) => {
                edits.push(Edit { range, text: format!("{}{line}\n", " ".repeat(block.child_indent)) })
            }
            None => edits.push(insert_child(&block, &line)),
        }
        for post in &budget.kontoklasser {
            previous_edits(file, post, &mut edits);
        }
        changes.push(format!("budget {} copied to föregående", d.ar.value));
    }
    let mut warnings = Vec::new();
    for budget in &loaded.plan.budgetar {
        columns::roll(file, budget, d.ar.value, &mut edits, &mut changes, &mut warnings)?;
        changes.push(format!("budget `{}`: columns and figures one year on", budget.id.value));
    }
    if !loaded.plan.budgetar.is_empty() {
        columns::roll_placeholders(file, &mut edits);
    }
    // An indicator's target for this year is met or missed by now; next
    // year's plan needs its own. Its outcomes stay: they are history.
    for n in &loaded.plan.nyckeltal {
        if n.mal.value.ar <= d.ar.value {
            warnings.push(
                Problem::at(
                    file,
                    &n.mal.referenced,
                    format!("the target of the indicator `{}` is for {}", n.id.value, n.mal.value.ar),
                )
                .with_help(format!(
                    "set its target for {next} or later, and add {}'s outcome under `utfall`",
                    d.ar.value
                )),
            );
        }
    }
    let text = apply(&file.text, edits).ok_or_else(|| {
        Error::Usage("cannot edit this plan's layout automatically; write next year's plan by hand".into())
    })?;
    Ok(NextYear { text, changes, warnings })
}

/// Whether a block's value is written in flow style on its key's line: `key: {…}`.
fn is_flow(file: &SourceFile, block: &Block) -> bool {
    let line = &file.text[block.lines.start..block.key_line_end];
    let value = line.split_once(':').map_or("", |(_, v)| v).trim();
    !value.is_empty() && !value.starts_with('#')
}

/// A refusal of a layout the editor does not handle, located in the plan.
fn flow_refusal(file: &SourceFile, at: &serde_saphyr::Location, key: &str) -> Error {
    Error::problem(
        Problem::at(
            file,
            at,
            format!("`new-year` cannot edit a `{key}` written in flow style, `{key}: {{…}}`"),
        )
        .with_help(format!("write `{key}:` with one key a line below it, or write next year's plan by hand")),
    )
}

/// Every four-digit year in a text one year on: "2021–2023" → "2022–2024".
fn shift_years(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        match digits.parse::<u16>() {
            Ok(year) if digits.len() == 4 => out.push_str(&(year + 1).to_string()),
            _ => out.push_str(digits),
        }
        digits.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    out
}

/// A key written in a layout the editor does not handle (e.g. flow style).
fn unsupported<T>(file: &SourceFile, at: &Spanned<T>, key: &str) -> Error {
    Error::problem(
        Problem::at(file, &at.referenced, format!("cannot remove `{key}` from this layout automatically"))
            .with_help(format!(
                "write `{key}:` on a line of its own under `dokument:`, or remove it by hand"
            )),
    )
}

/// Sets `föregående` to `belopp` on every line with an amount.
fn previous_edits(file: &SourceFile, post: &Post, edits: &mut Vec<Edit>) {
    if let Some(parts) = &post.fordelning {
        for child in &parts.value {
            previous_edits(file, child, edits);
        }
        return;
    }
    let Some(amount) = &post.belopp else { return };
    let value = amount.value.to_string();
    if let Some(previous) = &post.foregaende {
        edits.push(value_edit(file, previous, value));
        return;
    }
    edits.push(insert_after(file, amount, "föregående", &value));
}

/// Writes next year's plan; refuses to overwrite unless `force`. Returns
/// the changes made and the warnings.
pub fn write(loaded: &Loaded, output: &Path, force: bool) -> Result<(Vec<String>, Vec<Problem>), Error> {
    let next = next_year(loaded)?;
    // The result must itself be a valid plan before it is written.
    let check = SourceFile::new(output.display().to_string(), next.text.clone());
    if let Err(error) = load::parse::<crate::model::Plan>(&check) {
        // A layout the editor got wrong: said in the plan, not in a file never written.
        let first = match &error {
            Error::Invalid(problems) => problems.first().map(|p| p.message.clone()).unwrap_or_default(),
            other => other.to_string(),
        };
        return Err(Error::problem(
            Problem::at(
                &loaded.file,
                &loaded.plan.dokument.ar.referenced,
                format!("`new-year` cannot edit this plan's layout ({first})"),
            )
            .with_help("write next year's plan by hand, or report the layout"),
        ));
    }
    crate::files::write_file(output, next.text.as_bytes(), force)?;
    // Located in the file written, where the planner edits them.
    let mut warnings = next.warnings;
    warnings.extend(years::literal_years(&check, loaded.plan.dokument.ar.value));
    Ok((next.changes, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_in_a_period_move_on() {
        assert_eq!(shift_years("2021–2023"), "2022–2024");
        assert_eq!(shift_years("\"2020-2022\""), "\"2021-2023\"");
        assert_eq!(shift_years("år 21 och 12345"), "år 21 och 12345");
        assert_eq!(shift_years("9999"), "10000");
    }
}
