//! Writing imported figures into the report's `utfall` (or `prognos`) as
//! text edits: a line already listed gets its value replaced where it
//! stands (its comment kept), a line not listed is added at the end of the
//! mapping, and the report is read back before anything is written.

use super::{ImportedLine, Into};
use crate::edit::{Edit, apply, block_of, value_edit};
use crate::error::{Error, Problem};
use crate::load::{self, LoadedFollowUp};
use crate::model::Uppfoljning;

/// The report's text with the figures in.
pub fn into_report(report: &LoadedFollowUp, lines: &[ImportedLine], into: Into) -> Result<String, Error> {
    let file = &report.file;
    let key = into.key();
    let r = &report.report;
    let entered = match into {
        Into::Utfall => &r.utfall,
        Into::Prognos => &r.prognos,
        Into::Periodbudget => &r.periodbudget,
        Into::UtfallForegaendeAr => &r.utfall_foregaende_ar,
    };
    let mut edits = Vec::new();
    let mut added = String::new();
    for line in lines {
        let value = line.figure.to_string();
        match entered.get(&line.id) {
            Some(at) => edits.push(value_edit(file, at, value)),
            None => added.push_str(&format!(
                "  {}: {value}  # {}\n",
                key_text(&line.id),
                line.namn.replace('\n', " ")
            )),
        }
    }
    if !added.is_empty() {
        edits.push(addition(report, key, added)?);
    }
    let text = apply(&file.text, edits).ok_or_else(|| {
        Error::Usage(format!(
            "cannot edit the layout of `{key}` in {}; write it as one line per line id",
            file.name
        ))
    })?;
    // What is written must read back as a report with the same keys.
    let check = crate::error::SourceFile::new(file.name.to_string(), text.clone());
    if let Err(e) = load::parse::<Uppfoljning>(&check) {
        return Err(Error::Usage(format!(
            "cannot write the figures into the layout of `{key}` in {} ({e}); write it as one line per line id",
            file.name
        )));
    }
    Ok(text)
}

/// The edit that adds `lines` to the mapping `key`: at its end, in place of
/// an empty `{}`, or as a new mapping at the end of the file.
fn addition(report: &LoadedFollowUp, key: &str, lines: String) -> Result<Edit, Error> {
    let file = &report.file;
    let Some(block) = block_of(file, key, 0) else {
        let sep = if file.text.ends_with('\n') { "" } else { "\n" };
        let end = file.text.len();
        return Ok(Edit { range: end..end, text: format!("{sep}\n{key}:\n{lines}") });
    };
    let key_line = &file.text[block.lines.start..block.key_line_end];
    let value = key_line.split_once(':').map_or("", |(_, v)| v);
    let value = value.split('#').next().unwrap_or("").trim();
    if value == "{}" {
        let at = block.lines.start + key_line.find("{}").unwrap_or(0);
        let line_end = block.key_line_end;
        let rest = &file.text[at + 2..line_end];
        return Ok(Edit { range: at..line_end, text: format!("{}\n{lines}", rest.trim_end_matches('\n')) });
    }
    if !value.is_empty() {
        let at = file.text[..block.lines.start].lines().count() + 1;
        return Err(Error::problem(
            Problem::new(
                file,
                block.lines.start..block.key_line_end.saturating_sub(1).max(block.lines.start),
                format!("`{key}` is written on one line (line {at})"),
            )
            .with_help(format!(
                "write `{key}:` as one line per line id, `  hemtjanst: 148.6`, to import into it"
            )),
        ));
    }
    let end = block.lines.end;
    let sep = if file.text[..end].ends_with('\n') { "" } else { "\n" };
    Ok(Edit { range: end..end, text: format!("{sep}{lines}") })
}

/// A line id as a YAML key: plain where it can be, else quoted.
fn key_text(id: &str) -> String {
    if !id.is_empty()
        && id.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        && !id.starts_with('-')
    {
        id.to_string()
    } else {
        serde_json::to_string(id).unwrap_or_default()
    }
}
