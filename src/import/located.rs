//! Problems found while a file is read as a stream, kept with their line
//! only: at the end they are turned into located [`Problem`]s over a
//! sparse copy of the file (their lines in place, every other line empty),
//! so that `file:line:column` and the snippet are as for a file read whole,
//! while the file itself is never held in memory.

use std::ops::Range;

use crate::error::{Error, Problem, SourceFile};

/// How many problems are kept; the rest are counted.
const KEPT: usize = 50;

/// One problem: its 1-based line, that line's text, the span in it.
#[derive(Debug)]
struct Entry {
    line: usize,
    text: String,
    span: Range<usize>,
    message: String,
    help: Option<String>,
}

/// The problems (or warnings) of one file read as a stream.
#[derive(Debug, Default)]
pub struct Located {
    entries: Vec<Entry>,
    more: usize,
}

impl Located {
    /// Notes a problem at `span` (bytes) of line `line` (1-based), whose text is `text`.
    pub fn push(&mut self, line: usize, text: &str, span: Range<usize>, message: impl Into<String>) {
        self.push_with_help(line, text, span, message, None);
    }

    /// Notes a problem with a hint saying how to fix it.
    pub fn push_with_help(
        &mut self,
        line: usize,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        if self.entries.len() >= KEPT {
            self.more += 1;
            return;
        }
        // At least one character, on character boundaries, inside the line.
        let start = text.floor_char_boundary(span.start.min(text.len()));
        let end = if span.end > start { span.end } else { start + 1 };
        let span = start..text.ceil_char_boundary(end.min(text.len()));
        self.entries.push(Entry { line, text: text.to_string(), span, message: message.into(), help });
    }

    /// Whether nothing was noted.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The problems, located in a sparse copy of the file named `name`.
    pub fn problems(self, name: &str) -> Vec<Problem> {
        let mut text = String::new();
        let mut starts = Vec::new();
        let mut line = 1;
        let mut entries = self.entries;
        entries.sort_by_key(|e| e.line);
        for entry in &entries {
            while line < entry.line {
                text.push('\n');
                line += 1;
            }
            if line == entry.line && starts.last().is_none_or(|(l, _)| *l != line) {
                starts.push((line, text.len()));
                text.push_str(&entry.text);
            }
        }
        let file = SourceFile::new(name.to_string(), text);
        let start_of = |line: usize| starts.iter().find(|(l, _)| *l == line).map_or(0, |(_, s)| *s);
        let mut problems: Vec<Problem> = entries
            .into_iter()
            .map(|e| {
                let at = start_of(e.line);
                let problem = Problem::new(&file, at + e.span.start..at + e.span.end, e.message);
                match e.help {
                    Some(help) => problem.with_help(help),
                    None => problem,
                }
            })
            .collect();
        if self.more > 0
            && let Some(last) = problems.last_mut()
        {
            let more = format!("and {} more like it after this one", self.more);
            last.help = Some(match last.help.take() {
                Some(help) => format!("{help}; {more}"),
                None => more,
            });
        }
        problems
    }

    /// `Err` with the problems, if there are any.
    pub fn into_result(self, name: &str) -> Result<(), Error> {
        if self.is_empty() { Ok(()) } else { Err(Error::Invalid(self.problems(name))) }
    }

    /// The problems as one-line warnings: `file:line:column: message`.
    pub fn warnings(self, name: &str) -> Vec<String> {
        let more = self.more;
        let mut out: Vec<String> =
            self.problems(name).iter().map(|p| format!("{}: {}", p.position(), p.message)).collect();
        if more > 0 {
            out.push(format!("{name}: {more} more lines like these"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_keep_their_line_and_column() {
        let mut located = Located::default();
        located.push(120, "#PSALDO 0 x", 10..11, "no period");
        located.push(3, "  #RAR 0", 2..8, "no dates");
        let problems = located.problems("f.se");
        assert_eq!(problems[0].position(), "f.se:3:3");
        assert_eq!(problems[1].position(), "f.se:120:11");
        assert!(problems[1].render(false).contains("#PSALDO 0 x"));
    }

    #[test]
    fn only_so_many_are_kept() {
        let mut located = Located::default();
        for line in 1..=KEPT + 7 {
            located.push(line, "#TRANS \"", 0..1, "unclosed");
        }
        let warnings = located.warnings("f.se");
        assert_eq!(warnings.len(), KEPT + 1);
        assert_eq!(warnings.last().unwrap(), "f.se: 7 more lines like these");
    }
}
