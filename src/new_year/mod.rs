//! `vplan new-year`: next year's plan from this year's.
//!
//! The plan is edited as text, at the places the YAML parser located, so
//! that the planner's comments, layout and wording stay exactly as written:
//! the year and date move one year on, the status becomes `utkast` version 1,
//! the meeting and the decision are removed, and each budget line's amount
//! becomes its `föregående` (last year's) figure.

use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::Datelike;

use crate::error::{Error, Problem, SourceFile};
use crate::load::{self, Loaded};
use crate::model::{Post, Spanned};

mod columns;

/// One replacement in the plan's text.
#[derive(Debug)]
struct Edit {
    range: Range<usize>,
    text: String,
}

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
    for budget in &loaded.plan.budgetar {
        columns::roll(file, budget, d.ar.value, &mut edits)?;
        changes.push(format!("budget `{}`: columns and figures one year on", budget.id.value));
    }
    if !loaded.plan.budgetar.is_empty() {
        columns::roll_placeholders(file, &mut edits);
    }
    Ok(NextYear { text: apply(&file.text, edits)?, changes })
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

/// Inserts `key: value` as a sibling after the key-value at `beside`: in a
/// flow mapping after it on its line, in a block mapping on a line below.
fn insert_after<T>(file: &SourceFile, beside: &Spanned<T>, key: &str, value: &str) -> Edit {
    let range = token(file, beside);
    let after = file.text[range.end..].trim_start_matches([' ', '\t']);
    if after.starts_with(',') || after.starts_with('}') {
        // A flow mapping: `{…, belopp: 50}`.
        Edit { range: range.end..range.end, text: format!(", {key}: {value}") }
    } else {
        // A block mapping: a line below, at the key's indentation.
        let line_start = file.text[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let line = &file.text[line_start..range.start];
        let indent = line.len() - line.trim_start().len();
        let indent = if line.trim_start().starts_with("- ") { indent + 2 } else { indent };
        let line_end = file.text[range.end..].find('\n').map_or(file.text.len(), |i| range.end + i);
        Edit { range: line_end..line_end, text: format!("\n{}{key}: {value}", " ".repeat(indent)) }
    }
}

/// The byte range of the scalar at a YAML location.
fn token<T>(file: &SourceFile, spanned: &Spanned<T>) -> Range<usize> {
    let loc = &spanned.referenced;
    let start = file.offset(loc.line() as usize, loc.column() as usize);
    let rest = &file.text[start..];
    let len = rest.find(['\n', ',', '}', ']', '#']).unwrap_or(rest.len());
    start..start + rest[..len].trim_end().len()
}

fn value_edit<T>(file: &SourceFile, spanned: &Spanned<T>, text: String) -> Edit {
    Edit { range: token(file, spanned), text }
}

/// A mapping block: the range of its lines and its children's indentation.
#[derive(Debug)]
struct Block {
    lines: Range<usize>,
    key_line_end: usize,
    child_indent: usize,
}

/// The block of `key:` at indentation `indent` (only top-level keys are looked for here).
fn block_of(file: &SourceFile, key: &str, indent: usize) -> Option<Block> {
    find_block(&file.text, 0..file.text.len(), key, indent)
}

fn find_block(text: &str, within: Range<usize>, key: &str, indent: usize) -> Option<Block> {
    let mut offset = within.start;
    let mut found: Option<(usize, usize)> = None;
    let mut child_indent = None;
    for line in text[within.clone()].split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_start_matches(' ');
        let this_indent = line.len() - content.len();
        let blank = content.trim().is_empty() || content.starts_with('#');
        match found {
            None => {
                if this_indent == indent && content.starts_with(&format!("{key}:")) {
                    found = Some((start, offset));
                }
            }
            Some((begin, key_end)) => {
                if blank {
                    continue;
                }
                if this_indent <= indent {
                    return Some(Block {
                        lines: begin..trim_trailing_blank(text, begin, start),
                        key_line_end: key_end,
                        child_indent: child_indent.unwrap_or(indent + 2),
                    });
                }
                child_indent.get_or_insert(this_indent);
            }
        }
    }
    found.map(|(begin, key_end)| Block {
        lines: begin..within.end,
        key_line_end: key_end,
        child_indent: child_indent.unwrap_or(indent + 2),
    })
}

/// Ends a removed block before the blank and comment lines that follow it.
fn trim_trailing_blank(text: &str, begin: usize, end: usize) -> usize {
    let mut cut = end;
    for line in text[begin..end].split_inclusive('\n').collect::<Vec<_>>().into_iter().rev() {
        let content = line.trim();
        if content.is_empty() || content.starts_with('#') {
            cut -= line.len();
        } else {
            break;
        }
    }
    cut
}

/// The lines of a child key's block inside a mapping block.
fn child_block(file: &SourceFile, parent: &Block, key: &str) -> Option<Range<usize>> {
    find_block(&file.text, parent.key_line_end..parent.lines.end, key, parent.child_indent).map(|b| b.lines)
}

/// Inserts a line as the first child of a mapping block.
fn insert_child(parent: &Block, line: &str) -> Edit {
    let at = parent.key_line_end;
    Edit { range: at..at, text: format!("{}{line}\n", " ".repeat(parent.child_indent)) }
}

fn apply(text: &str, mut edits: Vec<Edit>) -> Result<String, Error> {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    if edits.windows(2).any(|w| w[0].range.end > w[1].range.start) {
        return Err(Error::Usage(
            "cannot edit this plan's layout automatically; write next year's plan by hand".into(),
        ));
    }
    let mut out = text.to_string();
    for edit in edits.iter().rev() {
        out.replace_range(edit.range.clone(), &edit.text);
    }
    Ok(out)
}

/// Writes next year's plan; refuses to overwrite unless `force`. Returns
/// the changes made.
pub fn write(loaded: &Loaded, output: &Path, force: bool) -> Result<Vec<String>, Error> {
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
    Ok(next.changes)
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
