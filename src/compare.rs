//! `--compare-to`: what changed since an earlier version of the plan.
//!
//! Input: the earlier and the current [`Document`]. Output: the current one
//! with [`Changes`] filled in and its changed sections marked. Sections are
//! matched by their titles from the chapter down, so any two plans can be
//! compared, two drafts of one year or last year's plan with this year's;
//! budget lines are matched by id, or by their names from the top.

use std::collections::HashMap;

use crate::document::{Changes, Document, LineChange, Section, SectionRef, View};
use crate::format;

/// Marks what changed in `current` since `earlier` and lists it.
pub fn compare(earlier: &Document, current: &mut Document) {
    let mut old = HashMap::new();
    collect(earlier.kapitel.iter().collect(), "", &mut old);
    let mut changes = Changes::default();
    let mut seen = Vec::new();
    mark(current.kapitel.iter_mut().collect(), "", &old, &mut changes, &mut seen);
    let mut removed: Vec<(&String, &(String, String))> =
        old.iter().filter(|(k, _)| !seen.contains(*k)).collect();
    // In the earlier document's order.
    removed.sort_by_key(|(_, (order, _))| order.clone());
    changes.borttagna = removed
        .into_iter()
        .map(|(key, (order, _))| SectionRef {
            titel: key.rsplit('/').next().unwrap_or(key).to_string(),
            id: None,
            tidigare: Some(order.split('.').map(|n| n.trim_start_matches('0')).collect::<Vec<_>>().join(".")),
        })
        .collect();
    changes.budget = budget_changes(earlier, current);
    current.andringar = Some(changes);
}

/// A section's own content (not its subsections), as comparable text.
fn own_content(section: &Section) -> String {
    let own: Vec<&View> = section.block.iter().filter(|v| !matches!(v, View::Avsnitt(_))).collect();
    format!("{:?}{:?}", section.etikett, own)
}

/// Maps each section's title path to its order and its content.
fn collect(sections: Vec<&Section>, path: &str, out: &mut HashMap<String, (String, String)>) {
    for s in sections {
        let key = format!("{path}/{}", s.titel);
        out.insert(key.clone(), (order_key(&s.id), own_content(s)));
        collect(s.subsections(), &key, out);
    }
}

/// Marks added and changed sections, and notes which earlier ones it saw.
fn mark(
    sections: Vec<&mut Section>,
    path: &str,
    old: &HashMap<String, (String, String)>,
    changes: &mut Changes,
    seen: &mut Vec<String>,
) {
    for s in sections {
        let key = format!("{path}/{}", s.titel);
        let entry = SectionRef { titel: s.titel.clone(), id: Some(s.id.clone()), tidigare: None };
        match old.get(&key) {
            None => {
                s.andrad = true;
                changes.tillagda.push(entry);
            }
            Some((_, content)) => {
                seen.push(key.clone());
                if *content != own_content(s) {
                    s.andrad = true;
                    changes.andrade.push(entry);
                }
            }
        }
        mark(s.subsections_mut(), &key, old, changes, seen);
    }
}

/// A zero-padded key that sorts ids like "avsnitt-3-10" after "avsnitt-3-9".
fn order_key(id: &str) -> String {
    id.split('-').skip(1).map(|n| format!("{n:0>4}")).collect::<Vec<_>>().join(".")
}

fn budget_changes(earlier: &Document, current: &Document) -> Vec<LineChange> {
    let before: HashMap<&str, i64> =
        earlier.budgetposter.iter().map(|l| (l.key.as_str(), l.belopp)).collect();
    let after: HashMap<&str, i64> = current.budgetposter.iter().map(|l| (l.key.as_str(), l.belopp)).collect();
    let mut out = Vec::new();
    for line in &current.budgetposter {
        match before.get(line.key.as_str()) {
            Some(&old) if old == line.belopp => {}
            Some(&old) => out.push(change(&line.namn, Some(old), Some(line.belopp))),
            None => out.push(change(&line.namn, None, Some(line.belopp))),
        }
    }
    for line in &earlier.budgetposter {
        if !after.contains_key(line.key.as_str()) {
            out.push(change(&line.namn, Some(line.belopp), None));
        }
    }
    out
}

fn change(namn: &str, before: Option<i64>, after: Option<i64>) -> LineChange {
    let show = |v: Option<i64>| v.map_or_else(|| "–".to_string(), format::number);
    let diff = after.unwrap_or(0).saturating_sub(before.unwrap_or(0));
    LineChange {
        namn: namn.to_string(),
        fore: show(before),
        efter: show(after),
        skillnad: format::change(diff),
    }
}
