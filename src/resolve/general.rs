//! Tables that are not budgets (an internkontrollplan, nyckeltal): text
//! and figures, a cell may quote a budget figure, an optional sum row.

use super::Resolver;
use crate::document::{self, TableCell, Tal, View};
use crate::error::{Problem, SourceFile};
use crate::model::{self, Text};
use crate::text::{self, Kind, Piece, Reference};

impl<'a> Resolver<'a> {
    /// A table of text and figures, with an optional sum row.
    pub(super) fn general_table(&mut self, t: &'a model::Tabell, file: &'a SourceFile) -> Option<View> {
        let width = t.kolumner.len();
        let kolumner: Vec<String> = t.kolumner.iter().map(|k| self.plain(k, file)).collect();
        let mut rader = Vec::new();
        let mut values: Vec<Vec<Option<i64>>> = Vec::new();
        for row in &t.rader {
            if row.value.len() != width {
                self.problems.push(
                    Problem::at(
                        file,
                        &row.referenced,
                        format!("this row has {} cells, the table {width} columns", row.value.len()),
                    )
                    .with_help("give every row one cell per column; write \"\" for an empty cell"),
                );
                continue;
            }
            let mut texts = Vec::new();
            let mut numbers = Vec::new();
            for cell in &row.value {
                let (text, number) = self.cell(cell, file);
                texts.push(text);
                numbers.push(number);
            }
            rader.push(texts);
            values.push(numbers);
        }
        let hoger: Vec<bool> = (0..width)
            .map(|c| {
                let cells: Vec<&TableCell> = rader
                    .iter()
                    .map(|r: &Vec<TableCell>| &r[c])
                    .filter(|cell| !matches!(cell, TableCell::Text { text } if text.trim().is_empty()))
                    .collect();
                !cells.is_empty() && cells.iter().all(|cell| is_figure(cell))
            })
            .collect();
        let summa = match &t.summa {
            Some(name) => Some(self.sum_row(name, &values, width, file)?),
            None => None,
        };
        let bildtext = t.bildtext.as_ref().map(|b| self.plain(b, file));
        Some(View::Tabell(document::Table { bildtext, kolumner, hoger, rader, summa }))
    }

    /// A cell, and its value when it is a whole number or quotes one.
    fn cell(&mut self, cell: &Text, file: &SourceFile) -> (TableCell, Option<i64>) {
        if let Some(value) = integer(&cell.value) {
            return (TableCell::Tal(Tal::tkr(value)), Some(value));
        }
        let pieces = text::parse(&cell.value);
        let text = TableCell::text(self.plain(cell, file));
        match pieces.as_slice() {
            [Piece::Placeholder { kind, id, .. }] => match Kind::parse(kind) {
                Some(kind @ (Kind::Kr | Kind::Tkr)) => {
                    (text, self.quote(kind, Reference::parse(id)).ok().and_then(|(_, v)| v))
                }
                _ => (text, None),
            },
            _ => (text, None),
        }
    }

    fn sum_row(
        &mut self,
        name: &Text,
        values: &[Vec<Option<i64>>],
        width: usize,
        file: &SourceFile,
    ) -> Option<Vec<TableCell>> {
        let mut row = vec![TableCell::text(self.plain(name, file))];
        for c in 1..width {
            let column: Vec<Option<i64>> = values.iter().map(|r| r[c]).collect();
            if column.iter().any(Option::is_none) || column.is_empty() {
                row.push(TableCell::text(""));
                continue;
            }
            match column.iter().flatten().try_fold(0i64, |a, v| a.checked_add(*v)) {
                Some(sum) => row.push(TableCell::Tal(Tal::tkr(sum))),
                None => {
                    self.problems.push(
                        Problem::at(
                            file,
                            &name.referenced,
                            "the figures of this table are too large to add up",
                        )
                        .with_help("check for a misplaced digit"),
                    );
                    return None;
                }
            }
        }
        Some(row)
    }
}

/// A whole number as a plan may write it: "5200", "5 200", "-24", "−24".
fn integer(text: &str) -> Option<i64> {
    let t: String = text.trim().chars().filter(|c| *c != ' ' && *c != '\u{a0}').collect();
    let t = t.replace('\u{2212}', "-");
    if t.is_empty() || !t.trim_start_matches('-').chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// Whether a cell is a figure, or its text reads as one ("5 200", "3,6 %",
/// "−24"), to right-align its column.
fn is_figure(cell: &TableCell) -> bool {
    match cell {
        TableCell::Text { text } => looks_numeric(text),
        TableCell::Tal(_) | TableCell::Saknas => true,
    }
}

/// Whether a text reads as a figure ("5 200", "3,6 %", "−24").
fn looks_numeric(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
        && text.chars().all(|c| c.is_ascii_digit() || " \u{a0},.%\u{2212}-+–".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_are_read_as_plans_write_them() {
        assert_eq!(integer("5200"), Some(5200));
        assert_eq!(integer(" 5 200 "), Some(5200));
        assert_eq!(integer("\u{2212}24"), Some(-24));
        assert_eq!(integer("3,6"), None);
        assert_eq!(integer("Kvartalsvis"), None);
    }

    #[test]
    fn figures_are_right_aligned_words_are_not() {
        assert!(looks_numeric("5\u{a0}200") && looks_numeric("3,6 %") && looks_numeric("\u{2212}24"));
        assert!(!looks_numeric("Kvartalsvis") && !looks_numeric("–") && !looks_numeric("Q3 2021"));
    }
}
