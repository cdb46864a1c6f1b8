//! Tables that are not budgets (an internkontrollplan, nyckeltal): text
//! and figures, a cell may quote a budget figure, an optional sum row.
//!
//! A cell is a figure when it is a whole number ("5 200", "−24") or has a
//! decimal comma ("1,8", "−0,4"); "1.5" stays text, as earlier vplans
//! printed it. A sum row adds every column whose cells are figures (or
//! empty), exactly, at the most decimals any of its cells has.

use super::Resolver;
use crate::decimal::Decimal;
use crate::document::{TableCell, Tal, View};
use crate::error::{Problem, SourceFile};
use crate::model::{self, Spanned, Text};

use crate::text::{self, Kind, Piece, Reference};

impl<'a> Resolver<'a> {
    /// A table of text and figures, with an optional sum row.
    pub(super) fn general_table(&mut self, t: &'a model::Tabell, file: &'a SourceFile) -> Option<View> {
        let width = t.kolumner.len();
        let kolumner: Vec<String> = t.kolumner.iter().map(|k| self.plain(k, file)).collect();
        let mut rader = Vec::new();
        let mut values: Vec<Vec<Option<Decimal>>> = Vec::new();
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
            Some(name) => Some(self.sum_row(name, &values, &rader, width, file)?),
            None => None,
        };
        let bildtext = t.bildtext.as_ref().map(|b| self.plain(b, file));
        let given = t.bredder.as_ref().and_then(|b| self.widths(b, width, file));
        Some(View::Tabell(super::widths::table(bildtext, kolumner, hoger, rader, summa, given.as_deref())))
    }

    /// The widths a plan gives a table's columns, if they fit it: one
    /// positive weight per column.
    fn widths(&mut self, given: &Spanned<Vec<u32>>, width: usize, file: &SourceFile) -> Option<Vec<u32>> {
        let problem = if given.value.len() != width {
            format!("`bredder` gives {} widths, the table has {width} columns", given.value.len())
        } else if given.value.iter().any(|&w| w == 0 || w > 1000) {
            "a width in `bredder` is 0 or above 1000".to_string()
        } else {
            return Some(given.value.clone());
        };
        self.problems.push(Problem::at(file, &given.referenced, problem).with_help(
            "give one whole number from 1 to 1000 per column, relative to each other: `bredder: [3, 1, 1]`; or leave `bredder` out to size the columns by their content",
        ));
        None
    }

    /// A cell, and its value when it is a figure or quotes one.
    fn cell(&mut self, cell: &Text, file: &SourceFile) -> (TableCell, Option<Decimal>) {
        if let Some(value) = figure(&cell.value) {
            return (TableCell::Tal(Tal::amount(value.units, value.scale)), Some(value));
        }
        let pieces = text::parse(&cell.value);
        let text = TableCell::text(self.plain(cell, file));
        match pieces.as_slice() {
            [Piece::Placeholder { kind, id, .. }] => match Kind::parse(kind) {
                Some(kind @ (Kind::Kr | Kind::Tkr | Kind::Mnkr)) => {
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
        values: &[Vec<Option<Decimal>>],
        rader: &[Vec<TableCell>],
        width: usize,
        file: &SourceFile,
    ) -> Option<Vec<TableCell>> {
        let mut row = vec![TableCell::text(self.plain(name, file))];
        for c in 1..width {
            // Empty cells add nothing; a column with any text is not summed.
            let empty = |r: usize| matches!(&rader[r][c], TableCell::Text { text } if text.trim().is_empty());
            let column: Vec<Decimal> =
                values.iter().enumerate().filter(|(r, _)| !empty(*r)).filter_map(|(_, v)| v[c]).collect();
            let cells = (0..rader.len()).filter(|r| !empty(*r)).count();
            if column.is_empty() || column.len() != cells {
                row.push(TableCell::text(""));
                continue;
            }
            let scale = column.iter().map(|d| d.scale).max().unwrap_or(0);
            let sum = column.iter().try_fold(0i64, |a, v| a.checked_add(v.at_scale(scale)?));
            match sum {
                Some(sum) => row.push(TableCell::Tal(Tal::amount(sum, scale))),
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

/// A figure as a plan may write it in a cell: "5200", "5 200", "-24",
/// "−24", "1,8", "−0,4"; not "1.5" or "+3", which stay text as earlier
/// vplans printed them.
fn figure(text: &str) -> Option<Decimal> {
    let t = text.trim();
    if t.contains('.') || t.starts_with('+') {
        return None;
    }
    Decimal::parse(t)
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
    fn figures_are_read_as_plans_write_them() {
        assert_eq!(figure("5200"), Some(Decimal::whole(5200)));
        assert_eq!(figure(" 5 200 "), Some(Decimal::whole(5200)));
        assert_eq!(figure("\u{2212}24"), Some(Decimal::whole(-24)));
        assert_eq!(figure("3,6"), Some(Decimal { units: 36, scale: 1 }));
        assert_eq!(figure("-0,45"), Some(Decimal { units: -45, scale: 2 }));
        assert_eq!(figure("1.5"), None);
        assert_eq!(figure("3,6 %"), None);
        assert_eq!(figure("Kvartalsvis"), None);
    }

    #[test]
    fn figures_are_right_aligned_words_are_not() {
        assert!(looks_numeric("5\u{a0}200") && looks_numeric("3,6 %") && looks_numeric("\u{2212}24"));
        assert!(!looks_numeric("Kvartalsvis") && !looks_numeric("–") && !looks_numeric("Q3 2021"));
    }
}
