//! The goal hierarchy: the overview table and the numbered goal sections.

use super::{Resolver, unknown};
use crate::document::{Cell, Overview, Section, View};
use crate::error::{Problem, SourceFile};
use crate::model::{self, Fokusomrade, Spanned, Text, Uppdrag};

/// A focus area or assignment with its shared counterpart looked up.
#[derive(Clone)]
pub(super) struct Goal<'a> {
    /// The id a follow-up report refers to it by: its `ref`, its own `id`,
    /// or else its title made into an id.
    pub(super) id: String,
    pub(super) titel: String,
    beskrivning: Vec<(&'a SourceFile, &'a Text)>,
    /// The indicators it is measured by, as the plan lists them.
    nyckeltal: &'a [Spanned<String>],
}

impl<'a> Resolver<'a> {
    /// Title and description of a focus area, shared or the board's own.
    fn focus_area(&mut self, f: &'a Fokusomrade) -> Option<Goal<'a>> {
        let file = &self.loaded.file;
        let own = |t: &'a Option<Vec<Text>>| t.as_ref().map(|v| v.iter().map(|t| (file, t)).collect());
        match (&f.referens, &f.titel) {
            (Some(id), None) => {
                let Some(&(shared_file, shared)) = self.focus.get(id.value.as_str()) else {
                    let mut known: Vec<&str> = self.focus.keys().copied().collect();
                    known.sort_unstable();
                    self.problems.push(unknown(file, id, "focus area", &known));
                    return None;
                };
                let beskrivning = own(&f.beskrivning)
                    .unwrap_or_else(|| shared.beskrivning.iter().map(|t| (shared_file, t)).collect());
                Some(Goal {
                    id: id.value.clone(),
                    titel: self.plain(&shared.titel, shared_file),
                    beskrivning,
                    nyckeltal: &f.nyckeltal,
                })
            }
            (None, Some(titel)) => Some(Goal {
                id: own_id(f.id.as_ref(), &titel.value),
                titel: self.plain(titel, file),
                beskrivning: own(&f.beskrivning).unwrap_or_default(),
                nyckeltal: &f.nyckeltal,
            }),
            _ => {
                let location = f
                    .referens
                    .as_ref()
                    .map(|id| id.referenced)
                    .or_else(|| f.uppdrag.first().map(location_of));
                self.problems.push(
                    Problem::at(file, &location.unwrap_or(serde_saphyr::Location::UNKNOWN), "a focus area needs either `ref` or `titel`")
                        .with_help("`ref: ID` takes a focus area from the shared data; `titel:` names one of the board's own"),
                );
                None
            }
        }
    }

    /// Title and description of an assignment, region-wide (shared) or own.
    fn assignment(&mut self, u: &'a Uppdrag, focus_id: Option<&str>) -> Option<(Goal<'a>, bool)> {
        let file = &self.loaded.file;
        let own = |t: &'a Option<Vec<Text>>| t.as_ref().map(|v| v.iter().map(|t| (file, t)).collect());
        match (&u.referens, &u.titel) {
            (Some(id), None) => {
                let Some(&((shared_file, shared), belongs_to)) = self.assignments.get(id.value.as_str())
                else {
                    let mut known: Vec<&str> = self.assignments.keys().copied().collect();
                    known.sort_unstable();
                    self.problems.push(unknown(file, id, "region-wide assignment", &known));
                    return None;
                };
                if focus_id.is_some_and(|f| f != belongs_to) {
                    self.problems.push(
                        Problem::at(
                            file,
                            &id.referenced,
                            format!("the assignment `{}` belongs to the focus area `{belongs_to}`", id.value),
                        )
                        .with_help("move it under that focus area, as Mål och budget places it"),
                    );
                }
                let beskrivning = own(&u.beskrivning)
                    .unwrap_or_else(|| shared.beskrivning.iter().map(|t| (shared_file, t)).collect());
                Some((
                    Goal {
                        id: id.value.clone(),
                        titel: self.plain(&shared.titel, shared_file),
                        beskrivning,
                        nyckeltal: &u.nyckeltal,
                    },
                    true,
                ))
            }
            (None, Some(titel)) => {
                if let Some(first) = u.uppdrag.first() {
                    self.problems.push(
                        Problem::at(file, &location_of(first), "the board's own assignment cannot hold assignments")
                            .with_help("own assignments sit under a focus area or under a region-wide assignment (`ref`)"),
                    );
                }
                Some((
                    Goal {
                        id: own_id(u.id.as_ref(), &titel.value),
                        titel: self.plain(titel, file),
                        beskrivning: own(&u.beskrivning).unwrap_or_default(),
                        nyckeltal: &u.nyckeltal,
                    },
                    false,
                ))
            }
            _ => {
                self.problems.push(
                    Problem::at(file, &location_of(u), "an assignment needs either `ref` or `titel`")
                        .with_help("`ref: ID` takes a region-wide assignment from the shared data; `titel:` names one of the board's own"),
                );
                None
            }
        }
    }

    /// Checks that no two goals share an id: a follow-up report refers to
    /// goals by id (their `ref`, own `id`, or title made into one), so two
    /// alike would be one goal there. The second is located. Ids made from
    /// titles are checked when `titles` (for a report and its starter).
    pub(super) fn check_unique_goal_ids(&mut self, titles: bool) {
        let file = &self.loaded.file;
        let mut goals = Vec::new();
        for f in &self.loaded.plan.fokusomraden {
            goals.push(goal_key(f.referens.as_ref(), f.id.as_ref(), f.titel.as_ref()));
            for u in &f.uppdrag {
                goals.push(goal_key(u.referens.as_ref(), u.id.as_ref(), u.titel.as_ref()));
                for o in &u.uppdrag {
                    goals.push(goal_key(o.referens.as_ref(), o.id.as_ref(), o.titel.as_ref()));
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        for (id, at, from_title) in goals.into_iter().flatten() {
            if id.is_empty() || (from_title && !titles) || seen.insert(id.clone()) {
                continue;
            }
            let help = if from_title {
                "a follow-up report refers to the board's own goals by their title made into an id; give one of them an `id:` of its own"
            } else {
                "a goal can stand in the plan once; remove one, or give each an `id:` of its own"
            };
            self.problems
                .push(Problem::at(file, &at, format!("two goals have the id `{id}`")).with_help(help));
        }
    }

    /// The goal hierarchy with every reference looked up, once per plan, so
    /// that the overview and the sections share it and report each problem once.
    pub(super) fn goal_tree(&mut self) -> Vec<Area<'a>> {
        if let Some(tree) = &self.goals {
            return tree.clone();
        }
        let mut tree = Vec::new();
        for f in &self.loaded.plan.fokusomraden {
            let Some(goal) = self.focus_area(f) else { continue };
            let focus_id = f.referens.as_ref().map(|id| id.value.as_str());
            let mut assignments = Vec::new();
            for u in &f.uppdrag {
                let Some((goal, regional)) = self.assignment(u, focus_id) else { continue };
                let own = if regional {
                    u.uppdrag.iter().filter_map(|o| self.assignment(o, None)).map(|(g, _)| g).collect()
                } else {
                    Vec::new()
                };
                assignments.push(Assignment { goal, regional, own });
            }
            tree.push(Area { goal, assignments });
        }
        self.goals = Some(tree.clone());
        tree
    }

    /// The overview table: one row per own assignment or childless region-wide one.
    pub(super) fn overview(&mut self, opts: &model::Maloversikt) -> View {
        let l = self.labels;
        let kolumner = opts.kolumner.clone().unwrap_or_else(|| {
            [l.fokusomrade.clone(), l.regiongemensamma_uppdrag.clone(), l.forvaltningens_uppdrag.clone()]
        });
        let mut rader = Vec::new();
        for area in self.goal_tree() {
            let mut rows: Vec<Vec<Cell>> = Vec::new();
            for a in area.assignments {
                if !a.regional {
                    rows.push(vec![cell(""), cell(&a.goal.titel)]);
                    continue;
                }
                let mut first = vec![Cell { text: a.goal.titel, rader: a.own.len().max(1) }];
                first.push(cell(a.own.first().map_or("", |g| g.titel.as_str())));
                rows.push(first);
                rows.extend(a.own.iter().skip(1).map(|g| vec![cell(&g.titel)]));
            }
            if rows.is_empty() {
                rows.push(vec![cell(""), cell("")]);
            }
            let span = rows.len();
            rows[0].insert(0, Cell { text: area.goal.titel, rader: span });
            rader.extend(rows);
        }
        View::Oversikt(Overview { kolumner, rader })
    }

    /// One numbered section per focus area, with its assignments inside.
    pub(super) fn goal_sections(&mut self, opts: &'a model::Malavsnitt, level: usize, out: &mut Vec<View>) {
        for area in self.goal_tree() {
            let mut section = self.goal_section(area.goal, None, level + 1, opts);
            for a in area.assignments {
                let label = if a.regional { &opts.regiongemensamt } else { &opts.eget };
                let mut child = self.goal_section(a.goal, label.clone(), level + 2, opts);
                for own in a.own {
                    let grandchild = self.goal_section(own, opts.eget.clone(), level + 3, opts);
                    child.block.push(View::Avsnitt(grandchild));
                }
                section.block.push(View::Avsnitt(child));
            }
            out.push(View::Avsnitt(section));
        }
    }

    fn goal_section(
        &mut self,
        goal: Goal<'a>,
        etikett: Option<String>,
        level: usize,
        opts: &model::Malavsnitt,
    ) -> Section {
        let mut block = Vec::new();
        let id = goal.id.clone();
        if !goal.beskrivning.is_empty() {
            let rubrik = match &opts.beskrivningsrubrik {
                None => Some(&self.labels.beskrivning),
                Some(given) => given.as_ref(),
            };
            if let Some(rubrik) = rubrik {
                block.push(View::Rubrik { text: rubrik.clone(), niva: level + 1 });
            }
            for (file, t) in goal.beskrivning {
                block.push(View::Stycke { delar: self.segments(t, file, true) });
            }
        }
        if !goal.nyckeltal.is_empty() {
            block.extend(self.indicator_table(Some(goal.nyckeltal), None, &self.loaded.file));
        }
        self.goal_follow_up(&id, level, &mut block);
        Section::new(goal.titel, etikett, level, block)
    }
}

/// A focus area with its assignments, references looked up.
#[derive(Clone)]
pub(super) struct Area<'a> {
    pub(super) goal: Goal<'a>,
    pub(super) assignments: Vec<Assignment<'a>>,
}

/// An assignment, and for a region-wide one the board's own under it.
#[derive(Clone)]
pub(super) struct Assignment<'a> {
    pub(super) goal: Goal<'a>,
    regional: bool,
    pub(super) own: Vec<Goal<'a>>,
}

/// The id of a goal of the board's own: as given, or its title made into
/// one ("Hållbar ekonomi i balans" → `hallbar-ekonomi-i-balans`).
pub(super) fn own_id(id: Option<&Spanned<String>>, titel: &str) -> String {
    if let Some(id) = id {
        return id.value.clone();
    }
    let mut out = String::new();
    for c in titel.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A goal's id, where it stands, and whether it was made from the title.
fn goal_key(
    referens: Option<&Spanned<String>>,
    id: Option<&Spanned<String>>,
    titel: Option<&Text>,
) -> Option<(String, serde_saphyr::Location, bool)> {
    match (referens, id, titel) {
        (Some(r), _, _) => Some((r.value.clone(), r.referenced, false)),
        (None, Some(id), _) => Some((id.value.clone(), id.referenced, false)),
        (None, None, Some(t)) => Some((own_id(None, &t.value), t.referenced, true)),
        _ => None,
    }
}

fn cell(text: &str) -> Cell {
    Cell { text: text.to_string(), rader: 1 }
}

fn location_of(u: &Uppdrag) -> serde_saphyr::Location {
    u.referens
        .as_ref()
        .map(|r| r.referenced)
        .or_else(|| u.titel.as_ref().map(|t| t.referenced))
        .unwrap_or(serde_saphyr::Location::UNKNOWN)
}
