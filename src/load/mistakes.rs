//! Structural mistakes in a YAML file: worded for a plan's author, and all
//! of them found in one run.
//!
//! serde stops at the first unknown key, wrong type or missing field. To
//! report the next ones too, the mistake just found is neutralised in a copy
//! of the text (an unknown key blanked out, a wrong value replaced by one of
//! the expected type, a list item lacking a field blanked out) and the text
//! is read again. Every edit keeps each line and column where it was, so the
//! later mistakes are located in the file as written. A mistake found before
//! the end of the last edit may be one the edit made, so the search stops
//! there.

use serde_saphyr::{Error as YamlError, Location};

use crate::decimal::{DECIMALER_RANGE, MAX_DIGITS, shortened};
use crate::error::{Problem, SourceFile};

/// The most mistakes reported for one file.
const MOST: usize = 50;

/// Reads `file` with `parse`, and on failure returns every mistake found.
pub(super) fn parse_all<T>(
    file: &SourceFile,
    parse: impl Fn(&str) -> Result<T, YamlError>,
) -> Result<T, Vec<Problem>> {
    let mut text = file.text.to_string();
    let mut problems = Vec::new();
    // (line, column) past which the next mistake must lie to be a real one.
    let mut fence = (0, 0);
    while problems.len() < MOST {
        let error = match parse(&text) {
            Ok(value) if problems.is_empty() => return Ok(value),
            Ok(_) => break,
            Err(error) => error,
        };
        let error = innermost(&error);
        let location = error.location().unwrap_or(Location::UNKNOWN);
        let at = (location.line() as usize, location.column() as usize);
        if !problems.is_empty() && at <= fence {
            break;
        }
        problems.push(describe(file, error, &location));
        // A lone CR is a line break to YAML but not to the line arithmetic
        // here: such a file gets its first mistake only.
        if text.replace("\r\n", "").contains('\r') || at.0 == 0 || at.1 == 0 {
            break;
        }
        match repair(&mut text, error, at) {
            Some(end) => fence = end,
            None => break,
        }
    }
    Err(problems)
}

/// The error itself, without the snippet and alias wrappers.
fn innermost(mut error: &YamlError) -> &YamlError {
    loop {
        match error {
            YamlError::WithSnippet { error: inner, .. } | YamlError::AliasError { error: inner, .. } => {
                error = inner
            }
            other => return other,
        }
    }
}

/// The located problem, in words a plan's author understands.
fn describe(file: &SourceFile, error: &YamlError, location: &Location) -> Problem {
    let line = nth_line(&file.text, location.line() as usize);
    let column = location.column() as usize;
    let key = key_before(line, column);
    let value = token_at(line, column);
    let (message, help) = match error {
        YamlError::SerdeUnknownField { field, expected, .. } => (
            format!("unknown key `{field}`"),
            match closest(field, expected) {
                Some(near) => format!("did you mean `{near}`? The keys here are: {}", expected.join(", ")),
                None if expected.is_empty() => "remove it: nothing is expected here".into(),
                None => format!("the keys here are: {}", expected.join(", ")),
            },
        ),
        YamlError::SerdeUnknownVariant { variant, expected, .. } => (
            format!("`{variant}` is not a kind vplan knows here"),
            match closest(variant, expected) {
                Some(near) => format!("did you mean `{near}`? One of: {}", expected.join(", ")),
                None => format!("write one of: {}", expected.join(", ")),
            },
        ),
        YamlError::SerdeMissingField { field, .. } => {
            (format!("`{field}` is missing here"), format!("add `{field}:` to this entry"))
        }
        YamlError::SerdeInvalidType { expected, .. } | YamlError::SerdeInvalidValue { expected, .. } => {
            wrong_value(key, value, expected)
        }
        YamlError::InvalidScalar { ty, .. } => wrong_value(key, value, ty),
        YamlError::Message { msg, .. } if is_date_message(msg) || key == Some("datum") => {
            wrong_value(key, value, "a date")
        }
        YamlError::NonFiniteFloat { value, .. } if value.contains(|c: char| c.is_ascii_digit()) => (
            format!(
                "the figure {} is too large: a figure may have at most {MAX_DIGITS} digits",
                shortened(value)
            ),
            FIGURE_TOO_LARGE.into(),
        ),
        YamlError::Message { msg, .. } if msg.starts_with("the figure ") => {
            let help = if msg.contains("too large") { FIGURE_TOO_LARGE } else { "round it" };
            (msg.clone(), help.into())
        }
        other => {
            let text = other.to_string();
            let first = text.lines().next().unwrap_or(&text);
            let first = first.rfind(" at line ").map_or(first, |i| &first[..i]);
            (first.to_string(), "see the README for the plan format, or run `vplan check` on the file".into())
        }
    };
    Problem::at(file, location, message).with_help(help)
}

/// How to mend a figure too large to be one.
const FIGURE_TOO_LARGE: &str =
    "check the figure for extra digits: it is written in its budget's unit (tkr, mnkr)";

/// A value of the wrong type or form, said by what the key needs.
fn wrong_value(key: Option<&str>, value: &str, expected: &str) -> (String, String) {
    let name = key.map_or_else(|| "this value".to_string(), |k| format!("`{k}`"));
    if expected.contains("date") || key == Some("datum") {
        let why = date_trouble(value).map(|w| format!("; {value} {w}")).unwrap_or_default();
        return (
            format!("{name} must be a date written as 2020-12-09{why}"),
            "write the date as year-month-day, with four, two and two digits".into(),
        );
    }
    if is_integer_type(expected) {
        let what = match key {
            Some("belopp" | "föregående" | "summa") => "a whole number of tkr, e.g. 734",
            Some("år" | "föregående_år") => "a year, e.g. 2021",
            Some("version") => "a whole number, e.g. 2",
            Some("nivåer") => "a whole number of levels, e.g. 2",
            Some("decimaler") => DECIMALER_RANGE,
            _ => "a whole number",
        };
        let help = if key == Some("decimaler") {
            "write how many decimals the figures show: 0 for whole tkr, 1 for mnkr (\"1,8\")".to_string()
        } else if value.contains(['.', ',']) {
            "amounts are whole numbers: round it, without a decimal part".to_string()
        } else if value.contains(' ') || value.contains('\u{a0}') {
            "write the digits together, without spaces: 1181, not 1 181".to_string()
        } else {
            format!("write the figure in digits, not `{value}`")
        };
        return (format!("{name} must be {what}"), help);
    }
    let (what, help) = if expected.contains("string") || expected.contains("char") {
        ("text", "write it on the same line, in quotes if it holds a colon or starts with a sign")
    } else if expected.contains("sequence") {
        ("a list", "write each item on a line of its own, starting with `- `")
    } else if expected.contains("map") || expected.contains("struct") {
        ("a group of keys", "write its keys on the lines below it, indented")
    } else if expected.contains("bool") {
        ("true or false", "write true or false")
    } else {
        return (format!("{name} must be {expected}"), "see the README for the plan format".into());
    };
    (format!("{name} must be {what}"), help.into())
}

fn is_integer_type(expected: &str) -> bool {
    ["i64", "i32", "u32", "u64", "usize", "u16", "u8", "integer"].iter().any(|t| expected.contains(t))
}

/// Whether a message is one of chrono's parse errors.
fn is_date_message(message: &str) -> bool {
    ["input is out of range", "premature end of input", "input contains invalid characters", "trailing input"]
        .iter()
        .any(|m| message.contains(m))
}

/// Why a date written as year-month-day is not a date, when it can be said.
fn date_trouble(value: &str) -> Option<String> {
    let value = value.trim_matches(['"', '\'']);
    let parts: Vec<&str> = value.split('-').collect();
    let [year, month, day] = parts[..] else { return None };
    let (year, month, day): (i32, u32, u32) = (year.parse().ok()?, month.parse().ok()?, day.parse().ok()?);
    if !(1..=12).contains(&month) {
        return Some(format!("has no month {month}"));
    }
    let first = chrono::NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        chrono::NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let days = (next - first).num_days();
    if day == 0 || i64::from(day) > days {
        let name = crate::format::date(first);
        let month_name = name.split(' ').nth(1).unwrap_or_default();
        return Some(format!("has no day {day}: {month_name} {year} has {days} days"));
    }
    None
}

/// The expected name nearest to a misspelt one, if it is near enough.
fn closest<'e>(word: &str, expected: &[&'e str]) -> Option<&'e str> {
    expected
        .iter()
        .map(|e| (strsim::damerau_levenshtein(word, e), *e))
        .filter(|(distance, e)| *distance <= 2.max(e.chars().count() / 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, e)| e)
}

/// Neutralises the mistake at `at` in `text`; returns where the edit ends,
/// or `None` when it cannot be done safely.
fn repair(text: &mut String, error: &YamlError, at: (usize, usize)) -> Option<(usize, usize)> {
    let (line, column) = at;
    let row = nth_line(text, line).to_string();
    // `stycket: …` (a misspelt block kind) is a key; `status: klar` a value.
    let first_word: String = row.chars().skip(column.saturating_sub(1)).take_while(|c| *c != ' ').collect();
    let is_key = first_word.ends_with(':');
    match error {
        YamlError::SerdeUnknownField { .. } => blank_entry(text, line, column),
        YamlError::SerdeMissingField { .. } => blank_item(text, line),
        YamlError::SerdeUnknownVariant { expected, .. } if !is_key => {
            replace_value(text, line, column, expected.first()?)
        }
        YamlError::SerdeUnknownVariant { .. } => blank_item(text, line),
        YamlError::SerdeInvalidType { expected, .. } | YamlError::SerdeInvalidValue { expected, .. } => {
            replace_value(text, line, column, placeholder(expected)?)
        }
        YamlError::InvalidScalar { ty, .. } => replace_value(text, line, column, placeholder(ty)?),
        YamlError::Message { msg, .. } if is_date_message(msg) => {
            replace_value(text, line, column, "2000-01-01")
        }
        _ => None,
    }
}

/// A value of the expected type, as short as it can be written.
fn placeholder(expected: &str) -> Option<&'static str> {
    if expected.contains("date") {
        Some("2000-01-01")
    } else if is_integer_type(expected) {
        Some("0")
    } else if expected.contains("string") {
        Some("''")
    } else if expected.contains("sequence") {
        Some("[]")
    } else if expected.contains("bool") {
        Some("false")
    } else if expected.contains("map") || expected.contains("struct") {
        Some("{}")
    } else {
        None
    }
}

/// Replaces the scalar at (line, column) by `value`, padded to its width.
fn replace_value(text: &mut String, line: usize, column: usize, value: &str) -> Option<(usize, usize)> {
    let row = nth_line(text, line);
    let token = token_at(row, column);
    let width = token.chars().count();
    if token.is_empty() || width < value.chars().count() {
        return None;
    }
    let padded = format!("{value}{}", " ".repeat(width - value.chars().count()));
    replace_chars(text, line, column, width, &padded);
    Some((line, column + width))
}

/// Blanks the key-value entry starting at (line, column): the rest of its
/// line and, in block style, the more indented lines below it.
fn blank_entry(text: &mut String, line: usize, column: usize) -> Option<(usize, usize)> {
    let row = nth_line(text, line).to_string();
    let before: String = row.chars().take(column.saturating_sub(1)).collect();
    if flow_depth(&before) > 0 {
        // `{a: 1, wrong: 2}`: blank up to and with the next comma of this level.
        let rest: Vec<char> = row.chars().skip(column.saturating_sub(1)).collect();
        let mut depth = 0i32;
        for (i, c) in rest.iter().enumerate() {
            match c {
                '{' | '[' => depth += 1,
                '}' | ']' if depth == 0 => return blank_span(text, line, column, i),
                '}' | ']' => depth -= 1,
                ',' if depth == 0 => return blank_span(text, line, column, i + 1),
                _ => {}
            }
        }
        return None;
    }
    let width = row.chars().count().saturating_sub(column.saturating_sub(1));
    if width == 0 {
        return None;
    }
    blank_span(text, line, column, width)?;
    blank_deeper(text, line, column.saturating_sub(1))
}

/// Blanks the list item whose line is `line`, with its more indented lines.
fn blank_item(text: &mut String, line: usize) -> Option<(usize, usize)> {
    // Find the `- ` that opens the item, on this line or above it.
    let mut start = line;
    loop {
        let row = nth_line(text, start);
        let content = row.trim_start_matches(' ');
        if content.starts_with("- ") || content == "-" {
            break;
        }
        if start == 1 || (!row.trim().is_empty() && !row.starts_with(' ')) {
            return None;
        }
        start -= 1;
    }
    let row = nth_line(text, start).to_string();
    let indent = row.chars().take_while(|c| *c == ' ').count();
    blank_span(text, start, indent + 1, row.chars().count().saturating_sub(indent))?;
    blank_deeper(text, start, indent)
}

/// Blanks the lines after `line` indented more than `indent` (and the
/// blank lines between them); returns where the blanked stretch ends.
fn blank_deeper(text: &mut String, line: usize, indent: usize) -> Option<(usize, usize)> {
    let mut end = (line, usize::MAX);
    let mut next = line + 1;
    let total = text.split('\n').count();
    while next <= total {
        let row = nth_line(text, next).to_string();
        let content = row.trim_start_matches(' ');
        if content.trim().is_empty() {
            next += 1;
            continue;
        }
        if row.chars().count().saturating_sub(content.chars().count()) <= indent {
            break;
        }
        blank_span(text, next, 1, row.chars().count())?;
        end = (next, usize::MAX);
        next += 1;
    }
    Some(end)
}

fn blank_span(text: &mut String, line: usize, column: usize, width: usize) -> Option<(usize, usize)> {
    replace_chars(text, line, column, width, &" ".repeat(width));
    Some((line, column + width))
}

/// Replaces `width` characters at (line, column) with `with`.
fn replace_chars(text: &mut String, line: usize, column: usize, width: usize, with: &str) {
    let file = SourceFile::new("", text.as_str());
    let start = file.offset(line, column);
    let end = text[start..].char_indices().nth(width).map_or(text.len(), |(i, _)| start + i);
    let end = end.min(start + text[start..].find('\n').unwrap_or(text.len() - start));
    text.replace_range(start..end, with);
}

/// How many flow collections (`{`, `[`) are open at the end of `before`.
fn flow_depth(before: &str) -> i32 {
    let mut depth = 0;
    let mut quote = None;
    for c in before.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{' | '[') => depth += 1,
            (None, '}' | ']') => depth -= 1,
            (None, '#') => break,
            _ => {}
        }
    }
    depth
}

/// The 1-based line `n` of a text, without its line break.
fn nth_line(text: &str, n: usize) -> &str {
    text.split('\n').nth(n.saturating_sub(1)).unwrap_or("").trim_end_matches('\r')
}

/// The key of a `key: value` line whose value starts at `column`.
fn key_before(line: &str, column: usize) -> Option<&str> {
    let before: &str =
        &line[..line.char_indices().nth(column.saturating_sub(1)).map_or(line.len(), |(i, _)| i)];
    let before = before.trim_end().strip_suffix(':')?;
    let start = before.rfind([' ', '{', ',', '-']).map_or(0, |i| i + 1);
    let key = before[start..].trim();
    (!key.is_empty()).then_some(key)
}

/// The scalar starting at `column`: up to the end of the line, a comment,
/// or the end of a flow entry.
fn token_at(line: &str, column: usize) -> &str {
    let start = line.char_indices().nth(column.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let quoted = rest.starts_with(['"', '\'']);
    let end = if quoted {
        let q = rest.as_bytes()[0] as char;
        rest[1..].find(q).map_or(rest.len(), |i| i + 2)
    } else {
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            if c == ',' || c == '}' || c == ']' || (c == '#' && rest[..i].ends_with(' ')) {
                end = i;
                break;
            }
        }
        end
    };
    rest[..end].trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_say_what_is_wrong() {
        assert_eq!(date_trouble("2020-13-45").as_deref(), Some("has no month 13"));
        assert_eq!(date_trouble("2021-02-30").as_deref(), Some("has no day 30: februari 2021 has 28 days"));
        assert_eq!(date_trouble("igår"), None);
    }

    #[test]
    fn misspelt_keys_find_their_neighbour() {
        assert_eq!(closest("titl", &["titel", "innehåll"]), Some("titel"));
        assert_eq!(closest("xyz", &["titel", "innehåll"]), None);
    }

    #[test]
    fn keys_and_tokens_are_read_off_the_line() {
        assert_eq!(key_before("    belopp: sjuhundra", 13), Some("belopp"));
        assert_eq!(key_before("  - {namn: a, belopp: x}", 23), Some("belopp"));
        assert_eq!(token_at("  - {namn: a, belopp: x}", 23), "x");
        assert_eq!(token_at("datum: 2020-13-45 # kommentar", 8), "2020-13-45");
    }

    #[test]
    fn no_mistake_panics_the_search_for_more() {
        // Found by fuzzing: lone CRs, a column past the end of its line.
        let file = SourceFile::new(
            "p.yaml",
            "# a\r\r\r b\n  \u{e5}r: 2021\nkapitel:\n  - tude \\\"x\\\" #r\"\n      - lista: [\"] ) }ubrik: \"x\"\n",
        );
        let _ = parse_all(&file, |t| serde_saphyr::from_str::<crate::model::Plan>(t));
        let mut text = "a: 1\n".to_string();
        assert_eq!(blank_entry(&mut text, 1, 40), None);
    }

    #[test]
    fn edits_keep_lines_and_columns() {
        let mut text = "a:\n  b: 1\n  fel: 2\n    djup: 3\n  c: 4\n".to_string();
        assert_eq!(blank_entry(&mut text, 3, 3), Some((4, usize::MAX)));
        assert_eq!(text.lines().count(), 5);
        assert_eq!(nth_line(&text, 5), "  c: 4");
        assert!(nth_line(&text, 3).trim().is_empty() && nth_line(&text, 4).trim().is_empty());
        let mut flow = "- {namn: a, fel: 2, belopp: 3}\n".to_string();
        blank_entry(&mut flow, 1, 13);
        assert_eq!(flow, "- {namn: a,         belopp: 3}\n");
    }
}
