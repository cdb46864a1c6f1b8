//! `--compare-to`: what changed since an earlier version of the plan.
//!
//! Input: the earlier and the current [`Resolved`] plan. Output: the
//! [`Changes`], an overlay over the current document keyed by section id:
//! the lists of what changed and the marks of each changed section, which
//! the renderers lay over the unchanged
//! [`Document`](crate::document::Document). Sections are
//! matched level by level under matched parents, so any two plans can be
//! compared, two drafts of one year or last year's plan with this year's:
//! first a section whose title and content are both unchanged, then one of
//! the same title, in order; what is left is added or removed. A matched
//! section out of its earlier order is moved. Content is compared as the
//! document's own values, not as text. Budget lines are matched by id, or
//! by their names from the top.

use std::collections::HashMap;

use crate::decimal::Unit;
use crate::document::{Changes, LineChange, Marks, Section, SectionMarks, SectionRef, Tal, View};
use crate::resolve::{LineFigure, Resolved};

/// What changed in `current` since `earlier`: listed, and marked section
/// by section.
pub fn compare(earlier: &Resolved, current: &Resolved) -> Changes {
    let mut changes = Changes::default();
    let old: Vec<&Section> = earlier.document.kapitel.iter().collect();
    let new: Vec<&Section> = current.document.kapitel.iter().collect();
    level(old, new, &mut changes);
    // Each list in the order of the document it refers to.
    let order = |r: &SectionRef| {
        r.tidigare.clone().or_else(|| r.id.as_ref().map(|id| id.0.clone())).unwrap_or_default()
    };
    for list in [&mut changes.tillagda, &mut changes.borttagna, &mut changes.andrade, &mut changes.flyttade] {
        list.sort_by_key(order);
    }
    changes.budget = budget_changes(&earlier.lines, &current.lines);
    changes
}

/// A section's own content (not its subsections), as compared.
fn own_content(section: &Section) -> (Option<&String>, Vec<serde_json::Value>) {
    let own = section.block.iter().filter(|v| !matches!(v, View::Avsnitt(_))).map(key).collect();
    (section.etikett.as_ref(), own)
}

/// Matches one level of sections, marks and lists what changed, and goes
/// down into each matched pair.
fn level(old: Vec<&Section>, new: Vec<&Section>, changes: &mut Changes) {
    let mut partner: Vec<Option<usize>> = vec![None; new.len()];
    let mut taken = vec![false; old.len()];
    // Unchanged first, so that an edited section does not steal the match
    // of an identical one with the same title; then the same title, in order.
    for same_content in [true, false] {
        for (n, section) in new.iter().enumerate() {
            if partner[n].is_some() {
                continue;
            }
            let found = (0..old.len()).find(|&o| {
                !taken[o]
                    && old[o].titel == section.titel
                    && (!same_content || own_content(old[o]) == own_content(section))
            });
            if let Some(o) = found {
                taken[o] = true;
                partner[n] = Some(o);
            }
        }
    }
    let moved = out_of_order(&partner);
    for (n, section) in new.iter().enumerate() {
        let entry = SectionRef {
            titel: section.titel.clone(),
            id: Some(section.id.clone()),
            nummer: Some(section.nummer.clone()),
            tidigare: None,
        };
        match partner[n] {
            None => {
                added(section, changes);
                continue;
            }
            Some(o) => {
                if own_content(old[o]) != own_content(section) {
                    changes.avsnitt.insert(section.id.clone(), mark_blocks(old[o], section));
                    changes.andrade.push(entry);
                } else if moved.contains(&n) {
                    changes.avsnitt.insert(section.id.clone(), whole());
                    changes.flyttade.push(entry);
                }
            }
        }
    }
    for (o, section) in old.iter().enumerate() {
        if !taken[o] {
            removed(section, changes);
        }
    }
    let pairs: Vec<(usize, usize)> =
        partner.iter().enumerate().filter_map(|(n, o)| Some((n, (*o)?))).collect();
    for (n, o) in pairs {
        level(old[o].subsections(), new[n].subsections(), changes);
    }
}

/// The marks of a section marked as a whole, beside its heading.
fn whole() -> SectionMarks {
    SectionMarks { andrad: true, rubrik_markerad: true, ..SectionMarks::default() }
}

/// The marks of a changed section: the blocks that are new or changed, and
/// where earlier blocks were removed. A list or table that took the place
/// of one of its kind is marked item by item, or row by row, instead.
fn mark_blocks(old: &Section, new: &Section) -> SectionMarks {
    let own = |s: &Section| -> Vec<usize> {
        s.block.iter().enumerate().filter(|(_, v)| !matches!(v, View::Avsnitt(_))).map(|(i, _)| i).collect()
    };
    let (before, after) = (own(old), own(new));
    let steps = diff(
        &before.iter().map(|&i| key(&old.block[i])).collect::<Vec<_>>(),
        &after.iter().map(|&i| key(&new.block[i])).collect::<Vec<_>>(),
    );
    let marks = marks(&steps, after.len());
    let at = |j: usize| after.get(j).copied().unwrap_or(new.block.len());
    let mut changed: Vec<usize> = marks.andrade.iter().map(|&j| at(j)).collect();
    let removed: Vec<usize> = marks.borttaget_fore.iter().map(|&j| at(j)).collect();
    let mut delar = std::collections::BTreeMap::new();
    for (i, j) in replaced(&steps) {
        if let Some(parts) = mark_parts(&old.block[before[i]], &new.block[after[j]]) {
            changed.retain(|&c| c != after[j]);
            if parts != Marks::default() {
                delar.insert(after[j], parts);
            }
        }
    }
    SectionMarks {
        andrad: true,
        rubrik_markerad: changed.is_empty()
            && removed.is_empty()
            && delar.values().all(|m| m.andrade.is_empty() && m.borttaget_fore.is_empty()),
        andrade_block: changed,
        borttaget_fore: removed,
        delar,
    }
}

/// The changed items or rows of `new`, which took the place of `old`;
/// none when they are not a list or table of the same kind, or share no
/// part, so that the block is marked as a whole.
fn mark_parts(old: &View, new: &View) -> Option<Marks> {
    let (steps, count, summa_andrad) = match (old, new) {
        (View::Lista { punkter: a }, View::Lista { punkter: b })
        | (View::NumreradLista { punkter: a }, View::NumreradLista { punkter: b }) => {
            (diff(&keys(a), &keys(b)), b.len(), false)
        }
        (View::Tabell(a), View::Tabell(b)) if a.kolumner == b.kolumner && a.bildtext == b.bildtext => {
            // Its sum follows from the rows: changed rows explain it.
            (diff(&keys(&a.rader), &keys(&b.rader)), b.rader.len(), a.summa != b.summa)
        }
        (View::Budget(a), View::Budget(b))
            if a.kolumner == b.kolumner && a.rubrik == b.rubrik && a.bildtext == b.bildtext =>
        {
            // A budget's lines, sums among them, are marked one by one.
            (diff(&keys(&a.rader), &keys(&b.rader)), b.rader.len(), a.summa_varden != b.summa_varden)
        }
        _ => return None,
    };
    if !steps.iter().any(|s| matches!(s, Step::Same)) {
        return None;
    }
    Some(Marks { summa_andrad, ..marks(&steps, count) })
}

/// One step of turning the earlier sequence into the current one.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    /// The next parts of both are equal.
    Same,
    /// The current part at this index is new.
    Added(usize),
    /// The earlier part at this index is gone.
    Removed(usize),
}

/// The steps from `before` to `after` along a shortest edit script
/// (Myers' diff, by the `similar` crate, in memory linear in the lengths).
/// Where parts took the place of others, the new ones come first.
fn diff<T: PartialEq>(before: &[T], after: &[T]) -> Vec<Step> {
    use similar::DiffOp;
    let mut capture = similar::algorithms::Capture::new();
    // Capture's hook never fails.
    let _ = similar::algorithms::myers::diff(&mut capture, before, 0..before.len(), after, 0..after.len());
    let mut steps = Vec::new();
    for op in capture.into_ops() {
        match op {
            DiffOp::Equal { len, .. } => steps.extend(std::iter::repeat_n(Step::Same, len)),
            DiffOp::Delete { old_index, old_len, .. } => {
                steps.extend((old_index..old_index + old_len).map(Step::Removed))
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                steps.extend((new_index..new_index + new_len).map(Step::Added))
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                steps.extend((new_index..new_index + new_len).map(Step::Added));
                steps.extend((old_index..old_index + old_len).map(Step::Removed));
            }
        }
    }
    steps
}

/// A part as compared: its values without footnote numbers, which follow
/// from the notes before it, so that one new note early in a plan does not
/// mark every later block with a note as changed.
fn key<T: serde::Serialize>(part: &T) -> serde_json::Value {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                if map.get("typ").and_then(|t| t.as_str()) == Some("fotnot") {
                    map.remove("nummer");
                }
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(part).unwrap_or_default();
    strip(&mut value);
    value
}

/// The comparison keys of a run of parts.
fn keys<T: serde::Serialize>(parts: &[T]) -> Vec<serde_json::Value> {
    parts.iter().map(key).collect()
}

/// The marks of a diff: each new part, and where earlier parts were
/// removed, unless a new part took their place (then that one is marked).
fn marks(steps: &[Step], count: usize) -> Marks {
    let mut out = Marks::default();
    let mut j = 0;
    let mut after_change = false;
    for step in steps {
        match *step {
            Step::Same => {
                j += 1;
                after_change = false;
            }
            Step::Added(n) => {
                out.andrade.push(n);
                j = n + 1;
                after_change = true;
            }
            Step::Removed(_) => {
                if !after_change && !out.borttaget_fore.contains(&j) {
                    out.borttaget_fore.push(j);
                }
            }
        }
    }
    let changed = out.andrade.clone();
    out.borttaget_fore.retain(|r| !changed.contains(r) && *r <= count);
    out
}

/// Pairs of (earlier, current) indices where a part took the place of
/// one: in each run of changes between equal parts, in order.
fn replaced(steps: &[Step]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut gone, mut came) = (Vec::new(), Vec::new());
    for step in steps.iter().chain([&Step::Same]) {
        match *step {
            Step::Removed(i) => gone.push(i),
            Step::Added(j) => came.push(j),
            Step::Same => {
                out.extend(gone.drain(..).zip(came.drain(..)));
                gone.clear();
                came.clear();
            }
        }
    }
    out
}

/// The new positions whose partners break the earlier order: all but a
/// longest run of partners in increasing earlier order.
fn out_of_order(partner: &[Option<usize>]) -> Vec<usize> {
    let matched: Vec<(usize, usize)> =
        partner.iter().enumerate().filter_map(|(n, o)| Some((n, (*o)?))).collect();
    // Longest increasing subsequence by earlier position, O(n²): a level has few sections.
    let mut best: Vec<usize> = vec![1; matched.len()];
    let mut before: Vec<Option<usize>> = vec![None; matched.len()];
    for i in 0..matched.len() {
        for j in 0..i {
            if matched[j].1 < matched[i].1 && best[j] + 1 > best[i] {
                best[i] = best[j] + 1;
                before[i] = Some(j);
            }
        }
    }
    let mut keep = vec![false; matched.len()];
    let mut at = (0..matched.len()).max_by_key(|&i| best[i]);
    while let Some(i) = at {
        keep[i] = true;
        at = before[i];
    }
    matched.iter().zip(keep).filter(|(_, k)| !k).map(|((n, _), _)| *n).collect()
}

/// A section and all below it, added.
fn added(section: &Section, changes: &mut Changes) {
    changes.avsnitt.insert(section.id.clone(), whole());
    changes.tillagda.push(SectionRef {
        titel: section.titel.clone(),
        id: Some(section.id.clone()),
        nummer: Some(section.nummer.clone()),
        tidigare: None,
    });
    for sub in section.subsections() {
        added(sub, changes);
    }
}

/// A section and all below it, removed, with the numbers they had.
fn removed(section: &Section, changes: &mut Changes) {
    changes.borttagna.push(SectionRef {
        titel: section.titel.clone(),
        id: None,
        nummer: None,
        tidigare: Some(section.id.0.clone()),
    });
    for sub in section.subsections() {
        removed(sub, changes);
    }
}

/// The budget lines whose amount changed, was added or removed, budget by
/// budget in the current plan's order (a removed budget's lines last).
fn budget_changes(earlier: &[LineFigure], current: &[LineFigure]) -> Vec<LineChange> {
    let mut order: Vec<&str> = Vec::new();
    for line in current.iter().chain(earlier) {
        if !order.contains(&line.budget.as_str()) {
            order.push(&line.budget);
        }
    }
    let of = |lines: &[LineFigure], budget: &str| -> Vec<LineFigure> {
        lines.iter().filter(|l| l.budget == budget).cloned().collect()
    };
    order.into_iter().flat_map(|b| one_budget(&of(earlier, b), &of(current, b))).collect()
}

/// The changed lines of one budget, in its order: each removed line where
/// it stood in the earlier plan (after the line before it there), the
/// total last.
fn one_budget(earlier: &[LineFigure], current: &[LineFigure]) -> Vec<LineChange> {
    // The list is in tkr, as its caption says, whatever unit a budget counts
    // in (mnkr with one decimal is whole tkr exactly), and so is compared
    // rightly if a budget changed its unit between the two plans.
    let before: HashMap<&str, Option<i64>> = earlier.iter().map(|l| (l.key.as_str(), tkr(l))).collect();
    let after: HashMap<&str, Option<i64>> = current.iter().map(|l| (l.key.as_str(), tkr(l))).collect();
    // Removed lines, grouped by the key of the earlier line they followed.
    let mut removed_after: HashMap<Option<String>, Vec<&LineFigure>> = HashMap::new();
    let mut previous: Option<String> = None;
    for line in earlier {
        if !after.contains_key(line.key.as_str()) {
            removed_after.entry(previous.clone()).or_default().push(line);
        } else {
            previous = Some(line.key.clone());
        }
    }
    let mut out = Vec::new();
    let mut push_removed = |after_key: Option<String>, out: &mut Vec<LineChange>| {
        for line in removed_after.remove(&after_key).unwrap_or_default() {
            out.extend(change(line, tkr(line), None, true));
        }
    };
    push_removed(None, &mut out);
    let mut total = None;
    for line in current {
        let row = match before.get(line.key.as_str()) {
            Some(&old) => change(line, old, tkr(line), false),
            None => change(line, None, tkr(line), true),
        };
        if line.summa {
            total = row;
            continue;
        }
        out.extend(row);
        push_removed(Some(line.key.clone()), &mut out);
    }
    // Lines removed after lines that are gone too, then the total.
    let mut rest: Vec<&LineFigure> = removed_after.into_values().flatten().collect();
    rest.sort_by_key(|l| earlier.iter().position(|e| e.key == l.key));
    out.extend(rest.into_iter().filter_map(|l| change(l, tkr(l), None, true)));
    out.extend(total);
    out
}

/// A line's amount this year in whole tkr.
fn tkr(line: &LineFigure) -> Option<i64> {
    line.belopp.and_then(|b| line.unit.convert(b, Unit::TKR))
}

/// A line's change, if it changed; `added_or_removed` when it stands in
/// one plan only (even with no figure in either).
fn change(
    line: &LineFigure,
    before: Option<i64>,
    after: Option<i64>,
    added_or_removed: bool,
) -> Option<LineChange> {
    if before == after && !added_or_removed {
        return None;
    }
    let diff = after.unwrap_or(0).saturating_sub(before.unwrap_or(0));
    Some(LineChange {
        namn: line.namn.clone(),
        varden: [before.map(Tal::tkr), after.map(Tal::tkr), Some(Tal::change(diff, 0))],
        indrag: line.niva,
        summa: line.summa,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sections_out_of_their_earlier_order_are_moved() {
        // Earlier order 0 1 2 3; now 0 2 3 1: section 1 moved, not 2 and 3.
        assert_eq!(out_of_order(&[Some(0), Some(2), Some(3), Some(1)]), [3]);
        // An insertion shifts numbers but moves nothing.
        assert_eq!(out_of_order(&[Some(0), None, Some(1), Some(2)]), Vec::<usize>::new());
    }

    #[test]
    fn a_diff_marks_the_new_parts_and_where_parts_went() {
        let steps = diff(&["a", "b", "c", "d"], &["a", "B", "c"]);
        assert_eq!(steps, [Step::Same, Step::Added(1), Step::Removed(1), Step::Same, Step::Removed(3)]);
        let marks = marks(&steps, 3);
        // b was replaced by B (marked, no wedge); d removed at the end.
        assert_eq!(marks.andrade, [1]);
        assert_eq!(marks.borttaget_fore, [3]);
        assert_eq!(replaced(&steps), [(1, 1)]);
    }

    #[test]
    fn a_list_sharing_no_item_is_marked_as_a_whole() {
        let item = |t: &str| vec![crate::document::Segment::Text { text: t.into() }];
        let old = View::Lista { punkter: vec![item("a")] };
        let new = View::Lista { punkter: vec![item("b")] };
        assert_eq!(mark_parts(&old, &new), None);
        let new = View::Lista { punkter: vec![item("a"), item("b")] };
        assert_eq!(mark_parts(&old, &new).map(|m| m.andrade), Some(vec![1]));
    }
}
