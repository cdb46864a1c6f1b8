//! Years written out in a plan's text: next year's plan would still say
//! them, so `new-year` names each one where it stands (a warning, not an
//! error: "Bokslutet 2019 visade" may well stay as it is).
//!
//! Read from the source itself, so each warning points at the digits:
//! chapters, goals, footnotes and texts, and the names and captions of the
//! budgets; not comments, placeholders (`{tkr:x@plan 2022}` moves on by
//! itself), dates, or the columns and figures `new-year` moves on.

use crate::error::{Problem, SourceFile};

/// The top-level keys whose text is prose, headings and captions.
const PROSE: [&str; 5] = ["kapitel", "fokusområden", "fotnoter", "texter", "budgetar"];

/// The keys inside `budgetar` whose values are text.
const BUDGET_TEXT: [&str; 4] = ["rubrik", "fördelningsrubrik", "namn", "bildtext"];

/// Every year from last year to three years on written out in the text.
pub(super) fn literal_years(file: &SourceFile, year: i32) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut section: Option<&str> = None;
    // In `budgetar`, whether the current key's value is text, and its indentation.
    let mut text_key: Option<usize> = None;
    let mut offset = 0;
    for line in file.text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start().len();
        let body = content.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if indent == 0 {
            section = PROSE.iter().find(|k| body.starts_with(&format!("{k}:"))).copied();
            continue;
        }
        let Some(section) = section else { continue };
        let key = body.trim_start_matches("- ").split(':').next().unwrap_or("");
        let scan_from = if section == "budgetar" {
            if BUDGET_TEXT.contains(&key) && body.contains(':') {
                text_key = Some(indent);
                body.find(':').map_or(0, |i| indent + i + 1)
            } else if text_key.is_some_and(|k| indent > k) {
                0
            } else {
                text_key = None;
                continue;
            }
        } else if key == "datum" {
            continue;
        } else {
            0
        };
        for range in years_in(&content[scan_from..], year) {
            let at = start + scan_from + range.start..start + scan_from + range.end;
            let written = &file.text[at.clone()];
            out.push(
                Problem::new(
                    file,
                    at,
                    format!("`{written}` is written out here; next year's plan still says {written}"),
                )
                .with_help("write next year's text here, or leave it if the year is history"),
            );
        }
    }
    out
}

/// The byte ranges of the years from `year − 1` to `year + 3` in a line,
/// outside comments and `{…}` placeholders.
fn years_in(line: &str, year: i32) -> Vec<std::ops::Range<usize>> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            // A comment starts at a `#` after a space.
            b'#' if i == 0 || bytes[i - 1] == b' ' => break,
            b'0'..=b'9' if depth == 0 => {
                let end = (i..bytes.len()).find(|&j| !bytes[j].is_ascii_digit()).unwrap_or(bytes.len());
                let alone = |j: Option<&u8>| j.is_none_or(|c| !c.is_ascii_alphanumeric());
                let before = if i == 0 { None } else { bytes.get(i - 1) };
                if end - i == 4 && alone(before) && alone(bytes.get(end)) {
                    let value: i32 = line[i..end].parse().unwrap_or(0);
                    // A date (2021-12-09) is a date, not a year in words.
                    let date = bytes.get(end) == Some(&b'-')
                        && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
                        && bytes.get(end + 3) == Some(&b'-');
                    if (year - 1..=year + 3).contains(&value) && !date {
                        out.push(i..end);
                    }
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_in_words_are_found_not_in_placeholders_dates_or_comments() {
        let line = "under 2021 och {tkr:x@plan 2022} sedan 2020-12-09, år 20210 # 2021";
        assert_eq!(years_in(line, 2021), vec![std::ops::Range { start: 6, end: 10 }]);
        assert_eq!(years_in("Driftbudget 2021 med plan 2022–2023", 2021), [12..16, 26..30, 33..37]);
        assert!(years_in("sedan 2015", 2021).is_empty());
    }

    #[test]
    fn prose_and_budget_captions_are_read_but_not_columns_or_figures() {
        let text = "dokument:\n  år: 2021\nbudgetar:\n  - id: d\n    rubrik: Driftbudget 2021\n    kolumner: [budget 2020, budget 2021]\n    poster:\n      - namn: Löner\n        värden: {budget 2020: 5}\nkapitel:\n  - titel: Inledning\n    innehåll:\n      - stycke: >-\n          Under 2021 ska\n          nämnden\n      - diagram: {datum: 2021}\n";
        let file = SourceFile::new("p.yaml", text);
        let found: Vec<String> = literal_years(&file, 2021).iter().map(|p| p.to_string()).collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("p.yaml:5:25:"), "{found:?}");
        assert!(found[1].starts_with("p.yaml:14:17:"), "{found:?}");
    }
}
