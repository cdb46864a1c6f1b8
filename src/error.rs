//! Errors of every stage, and their rendering with source snippets.
//!
//! A [`Problem`] is one located complaint about an input file (a plan, a
//! shared data file, a template, the generated Typst): it names the file and
//! the line and column, and says how to fix it. [`Error`] is what a build
//! returns; [`Error::render`] prints it the way `rustc` does.

use std::fmt;
use std::io;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::Buffer};
use serde_saphyr::Location;

/// An input file as it was read, kept for error snippets.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown to the user: a path, or a template name.
    pub name: String,
    /// The whole text.
    pub text: Arc<str>,
}

impl SourceFile {
    /// Wraps a file name and its text.
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        Self { name: name.into(), text: text.into() }
    }

    /// The byte offset of a 1-based line and column (counted in characters).
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let mut offset = 0;
        for (i, l) in self.text.split_inclusive('\n').enumerate() {
            if i + 1 == line {
                let col = l.char_indices().nth(column.saturating_sub(1)).map(|(b, _)| b);
                return offset + col.unwrap_or(l.trim_end_matches('\n').len());
            }
            offset += l.len();
        }
        self.text.len()
    }

    /// The 1-based line and column of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..self.text.floor_char_boundary(offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }
}

/// One located complaint about an input file.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The file the problem is in.
    pub file: SourceFile,
    /// The bytes it is about.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when that can be said.
    pub help: Option<String>,
}

impl Problem {
    /// A problem at a byte range of a file.
    pub fn new(file: &SourceFile, span: Range<usize>, message: impl Into<String>) -> Self {
        Self { file: file.clone(), span, message: message.into(), help: None }
    }

    /// A problem at a YAML location of a file.
    pub fn at(file: &SourceFile, location: &Location, message: impl Into<String>) -> Self {
        let line = location.line() as usize;
        let column = location.column() as usize;
        let start = if line == 0 { 0 } else { file.offset(line, column) };
        // Underline the token that starts there, so the snippet shows it.
        let rest = &file.text[start..];
        let len = rest.find(['\n', ',', '}', ']']).unwrap_or(rest.len()).max(1);
        let end = file.text.ceil_char_boundary((start + len).min(file.text.len()));
        Self::new(file, start..end, message)
    }

    /// Adds a hint saying how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:col`, the way editors and terminals link to a place.
    pub fn position(&self) -> String {
        let (line, column) = self.file.line_column(self.span.start);
        format!("{}:{line}:{column}", self.file.name)
    }

    /// Renders the problem with a source snippet.
    pub fn render(&self, color: bool) -> String {
        let file = SimpleFile::new(self.file.name.as_str(), self.file.text.as_ref());
        let end = self.span.end.min(self.file.text.len());
        let start = self.span.start.min(end);
        let mut diagnostic =
            Diagnostic::error().with_message(&self.message).with_labels(vec![Label::primary((), start..end)]);
        if let Some(help) = &self.help {
            diagnostic = diagnostic.with_notes(vec![format!("help: {help}")]);
        }
        let mut buffer = if color { Buffer::ansi() } else { Buffer::no_color() };
        let config = term::Config::default();
        match term::emit_to_write_style(&mut buffer, &config, &file, &diagnostic) {
            Ok(()) => String::from_utf8_lossy(buffer.as_slice()).into_owned(),
            Err(_) => format!("error: {}\n  --> {}\n", self.message, self.position()),
        }
    }
}

impl Problem {
    /// The problem as one JSON object: file, 1-based line and column of its
    /// start and end, message and help (`--diagnostic-format json`).
    pub fn to_json(&self) -> serde_json::Value {
        let (line, column) = self.file.line_column(self.span.start);
        let (end_line, end_column) = self.file.line_column(self.span.end);
        serde_json::json!({
            "severity": "error",
            "file": self.file.name,
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "message": self.message,
            "help": self.help,
        })
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.position(), self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// Everything that can make a build fail.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The output could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// An input file is wrong: one or more located problems.
    #[error("{}", summary(.0))]
    Invalid(Vec<Problem>),
    /// Something the user asked for cannot be done.
    #[error("{0}")]
    Usage(String),
}

fn summary(problems: &[Problem]) -> String {
    match problems {
        [one] => one.to_string(),
        many => format!("{} problems, the first: {}", many.len(), many[0]),
    }
}

impl Error {
    /// An error of one located problem.
    pub fn problem(problem: Problem) -> Self {
        Self::Invalid(vec![problem])
    }

    /// The error as JSON objects, one per problem; an error with no place in
    /// a file names the file it is about, where there is one.
    pub fn to_json(&self) -> Vec<serde_json::Value> {
        let unplaced = |file: Option<String>| {
            serde_json::json!({
                "severity": "error", "file": file, "line": null, "column": null,
                "end_line": null, "end_column": null, "message": self.to_string(), "help": null,
            })
        };
        match self {
            Self::Invalid(problems) => problems.iter().map(Problem::to_json).collect(),
            Self::Read { path, .. } | Self::Write { path, .. } => {
                vec![unplaced(Some(path.display().to_string()))]
            }
            Self::Usage(_) => vec![unplaced(None)],
        }
    }

    /// Renders the error for a terminal, with source snippets.
    pub fn render(&self, color: bool) -> String {
        match self {
            Self::Invalid(problems) => problems.iter().map(|p| p.render(color)).collect(),
            other => format!("error: {other}\n"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_positions_agree() {
        let file = SourceFile::new("plan.yaml", "a: 1\nnämnd: x\n");
        let offset = file.offset(2, 8);
        assert_eq!(&file.text[offset..offset + 1], "x");
        assert_eq!(file.line_column(offset), (2, 8));
    }

    #[test]
    fn rendering_names_the_file_and_shows_the_line() {
        let file = SourceFile::new("plan.yaml", "a: 1\nb: zwei\n");
        let problem = Problem::new(&file, 8..12, "not a number").with_help("write 2");
        let text = problem.render(false);
        assert!(text.contains("plan.yaml:2:4"), "{text}");
        assert!(text.contains("b: zwei"), "{text}");
        assert!(text.contains("help: write 2"), "{text}");
        assert_eq!(problem.to_string(), "plan.yaml:2:4: not a number (help: write 2)");
    }

    #[test]
    fn json_diagnostics_carry_the_place_message_and_help() {
        let file = SourceFile::new("plan.yaml", "a: 1\nb: zwei\n");
        let problem = Problem::new(&file, 8..12, "not a number").with_help("write 2");
        let json = Error::problem(problem).to_json();
        assert_eq!(
            json,
            vec![serde_json::json!({
                "severity": "error", "file": "plan.yaml", "line": 2, "column": 4, "end_line": 2,
                "end_column": 8, "message": "not a number", "help": "write 2",
            })]
        );
        let usage = Error::Usage("no plan".into()).to_json();
        assert_eq!(usage[0]["message"], "no plan");
        assert!(usage[0]["file"].is_null() && usage[0]["line"].is_null());
    }
}
