//! How wide each column of a table that is not a budget is: from its
//! content, as a browser lays out a table, or as the plan says
//! (`bredder`).
//!
//! A column needs at least its longest word (a word never breaks inside a
//! cell) and at most its longest cell on one line. When every column fits
//! on one line they share the width in proportion to that; otherwise each
//! gets its longest word and the rest of the line is shared in proportion
//! to how much more each would take. Widths are whole per cents of the
//! text width, in characters of the body type.

use crate::document::{Table, TableCell};

/// About how many characters of the body type a line of a table holds
/// across the text width (A4, 2.5 cm margins, 11.5 pt, less the cells'
/// padding).
const LINE: usize = 80;

/// A table, its columns sized: by `given` weights when the plan gives
/// them, else from its content.
pub(super) fn table(
    bildtext: Option<String>,
    kolumner: Vec<String>,
    hoger: Vec<bool>,
    rader: Vec<Vec<TableCell>>,
    summa: Option<Vec<TableCell>>,
    given: Option<&[u32]>,
) -> Table {
    let mut table = Table {
        bildtext,
        kolumner,
        hoger,
        rader,
        summa,
        bredder: Vec::new(),
        bredder_angivna: given.is_some(),
    };
    table.bredder = match given {
        Some(weights) => percents(&weights.iter().map(|&w| w as usize).collect::<Vec<_>>()),
        None => from_content(&table),
    };
    table
}

/// A cell's text, as it is printed.
fn printed(cell: &TableCell) -> String {
    match cell {
        TableCell::Text { text } => text.clone(),
        TableCell::Tal(tal) => tal.text(),
        TableCell::Saknas => "–".into(),
    }
}

/// Each column's width in per cent of the table's, from its content; they
/// add up to 100.
pub(super) fn from_content(table: &Table) -> Vec<u32> {
    let columns = table.kolumner.len();
    let mut least = vec![1usize; columns];
    let mut most = vec![1usize; columns];
    let rows = table.rader.iter().chain(table.summa.iter());
    let headings =
        std::iter::once(table.kolumner.iter().map(|k| TableCell::text(k.clone())).collect::<Vec<_>>());
    for row in headings.chain(rows.cloned()) {
        for (c, cell) in row.iter().enumerate().take(columns) {
            let text = printed(cell);
            let word = text.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0);
            // Two characters of padding on each side of a cell.
            least[c] = least[c].max(word + 2);
            most[c] = most[c].max(text.chars().count() + 2);
        }
    }
    let weights: Vec<usize> = if most.iter().sum::<usize>() <= LINE {
        most
    } else {
        let spare = LINE.saturating_sub(least.iter().sum());
        let more: usize = most.iter().zip(&least).map(|(m, l)| m - l).sum();
        least.iter().zip(&most).map(|(l, m)| l * more.max(1) + spare * (m - l)).collect()
    };
    percents(&weights)
}

/// Weights as whole per cents adding up to 100 (largest remainders first).
pub(super) fn percents(weights: &[usize]) -> Vec<u32> {
    let total: usize = weights.iter().sum::<usize>().max(1);
    let mut out: Vec<u32> = weights.iter().map(|w| (w * 100 / total) as u32).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse((weights[i] * 100) % total));
    let short = 100u32.saturating_sub(out.iter().sum());
    for &i in order.iter().cycle().take(short as usize) {
        out[i] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Tal;

    fn table(kolumner: &[&str], rader: &[&[&str]]) -> Table {
        Table {
            bildtext: None,
            kolumner: kolumner.iter().map(|k| k.to_string()).collect(),
            hoger: vec![false; kolumner.len()],
            rader: rader.iter().map(|r| r.iter().map(|c| TableCell::text(*c)).collect()).collect(),
            summa: None,
            bredder: Vec::new(),
            bredder_angivna: false,
        }
    }

    #[test]
    fn short_columns_share_the_width_by_their_longest_cell() {
        let t = table(&["Risk", "Åtgärd"], &[&["Låg", "Kontroll av attester varje månad"]]);
        let w = from_content(&t);
        assert_eq!(w.iter().sum::<u32>(), 100);
        assert!(w[1] > 3 * w[0], "{w:?}");
    }

    #[test]
    fn a_long_word_gets_its_room_before_long_text_shares_the_rest() {
        let long = "lång text ".repeat(30);
        let t = table(&["Lag", "Beskrivning"], &[&["dataskyddsförordningen", &long]]);
        let w = from_content(&t);
        // 22 letters and padding of 80 characters: at least 30 per cent.
        assert!(w[0] >= 30, "{w:?}");
        assert!(w[1] > w[0], "{w:?}");
    }

    #[test]
    fn figures_count_as_printed() {
        let mut t = table(&["Post", "Belopp"], &[&["Hyror", ""]]);
        t.rader[0][1] = TableCell::Tal(Tal::tkr(1_234_567));
        let w = from_content(&t);
        assert_eq!(w.iter().sum::<u32>(), 100);
        assert!(w[1] >= 40, "{w:?}");
    }

    #[test]
    fn per_cents_add_up_to_a_hundred() {
        assert_eq!(percents(&[1, 1, 1]), vec![34, 33, 33]);
        assert_eq!(percents(&[0, 0]), vec![50, 50]);
        assert_eq!(percents(&[3, 1]), vec![75, 25]);
    }
}
