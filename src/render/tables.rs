//! The document's tables as the workbook's sheets and the site's CSV files
//! list them: one walk of the document, shared by both renderers through
//! `render/mod.rs`, so neither reaches into the other.

use crate::document::{BudgetTable, Document, Section, Table, View};
use crate::templates::labels::Etiketter;

/// A table found in the document, with where it stands; the site's CSV
/// files are these tables too.
pub(super) struct Found<'d> {
    /// The section's number and title: "3.1 Driftbudget".
    pub(super) section: String,
    /// The table's caption, or the section's title when it has none.
    pub(super) caption: String,
    /// Its id on the web pages: its section's and its block's place
    /// ("avsnitt-5-2"); a chart's table "avsnitt-5-2-tabell".
    pub(super) id: String,
    /// The table.
    pub(super) kind: Kind<'d>,
}

/// A budget table, or a table of text and figures.
pub(super) enum Kind<'d> {
    Budget(&'d BudgetTable),
    General(&'d Table),
}

/// Every table of the document, in order.
pub(super) fn tables(document: &Document) -> Vec<Found<'_>> {
    let mut found = Vec::new();
    for section in &document.kapitel {
        collect(section, &document.etiketter, &mut found);
    }
    found
}

/// Every table of a section and the sections inside it, in order.
fn collect<'d>(section: &'d Section, labels: &Etiketter, out: &mut Vec<Found<'d>>) {
    let place = format!("{} {}", section.nummer, section.titel);
    for (i, view) in section.block.iter().enumerate() {
        let mut id = format!("{}-{i}", section.id);
        let (caption, kind) = match view {
            // A breakdown's first heading names it ("Utvecklingsmedel, fördelning").
            View::Budget(t) => {
                let named = t.rubrik != labels.kontoklass && t.rubrik != labels.enhet(t.enhet);
                (t.bildtext.clone().or_else(|| named.then(|| t.rubrik.clone())), Kind::Budget(t))
            }
            View::Tabell(t) => (t.bildtext.clone(), Kind::General(t)),
            View::Diagram(chart) => match chart.tabell.as_deref() {
                Some(View::Tabell(t)) => {
                    id += "-tabell";
                    (chart.bildtext.clone(), Kind::General(t))
                }
                _ => continue,
            },
            View::Avsnitt(inner) => {
                collect(inner, labels, out);
                continue;
            }
            _ => continue,
        };
        out.push(Found {
            section: place.clone(),
            caption: caption.unwrap_or_else(|| section.titel.clone()),
            id,
            kind,
        });
    }
}
