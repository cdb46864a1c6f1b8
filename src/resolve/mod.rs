//! Stage 3: check the plan and turn it into the render-ready [`Document`].
//!
//! Input: the [`Loaded`] plan and its computed [`Budgets`]. Output: a
//! [`Document`]. Every reference is resolved here (shared texts, focus areas
//! and assignments by id, budget lines and footnotes from placeholders), and
//! every problem found is collected, so one run reports them all.

use std::collections::HashMap;

use crate::budget::{Budgets, Line, Table};
use crate::document::*;
use crate::error::{Problem, SourceFile};
use crate::escape;
use crate::load::Loaded;
use crate::model::{self, Block, Gemensamt, Spanned, Text};
use crate::templates::labels::Etiketter;
use crate::text::{self, Kind, Piece};

mod follow_up;
pub use follow_up::{Items, items, resolve_follow_up};
mod charts;
mod figures;
mod general;
mod goals;
mod indicators;
mod status;
mod tables;
mod widths;

/// The logo's path in the Typst world: fixed, with the file's extension so
/// Typst knows the image format.
/// Only the image formats Typst reads get a path, so every path given to
/// the world is a plain, valid one whatever the plan's file name holds.
pub fn logo_path(file: &str) -> Option<String> {
    let ext = std::path::Path::new(file).extension()?.to_str()?.to_ascii_lowercase();
    let known = ["png", "jpg", "jpeg", "gif", "svg", "webp"];
    known.contains(&ext.as_str()).then(|| format!("/logotyp.{ext}"))
}

/// What a plan is resolved with besides itself.
#[derive(Debug)]
pub struct Settings<'a> {
    /// Mark it as a draft whatever its status says.
    pub draft: bool,
    /// The characters the build's fonts can show.
    pub glyphs: &'a crate::templates::Glyphs,
    /// The fixed words the document prints.
    pub labels: &'a Etiketter,
}

/// What is being resolved: a plan, or a follow-up report of it, which
/// brings its own figures, footnotes and words.
#[derive(Clone, Copy)]
enum DocumentKind<'a> {
    Plan,
    Report(&'a follow_up::FollowUp<'a>),
}

/// What resolving gives: the document and what came with it, which the
/// document itself does not carry.
#[derive(Debug)]
pub struct Resolved {
    /// The checked document the renderers lay out.
    pub document: Document,
    /// The files the outputs embed (the logo), by their path in the Typst
    /// world; read and checked when the plan is checked.
    pub files: Vec<(String, Vec<u8>)>,
    /// The files read from disk for it besides the plan (the logo), for
    /// `watch` to follow.
    pub read: Vec<std::path::PathBuf>,
    /// Every budget line with its amount, for comparing two versions.
    pub lines: Vec<LineFigure>,
    /// What a follow-up report leaves open (outcomes, statuses); empty for
    /// a plan.
    pub unfinished: Vec<String>,
}

/// A budget line's identity and amount, for comparing two plans.
#[derive(Debug, Clone, PartialEq)]
pub struct LineFigure {
    /// The id of its budget; empty for the plan's `budget`.
    pub budget: String,
    /// Its id, or its names from the top, joined by " / ".
    pub key: String,
    /// Its name.
    pub namn: String,
    /// This year's amount in steps of `unit`; none where the budget has no figure.
    pub belopp: Option<i64>,
    /// The unit of its budget.
    pub unit: crate::decimal::Unit,
    /// Its depth in the budget: 0 for a kontoklass.
    pub niva: usize,
    /// Whether it is its budget's total.
    pub summa: bool,
}

/// Checks a loaded plan and builds its document; all problems at once.
pub fn resolve(loaded: &Loaded, budgets: &Budgets, settings: &Settings) -> Result<Resolved, Vec<Problem>> {
    let mut r = Resolver::new(loaded, budgets, settings, DocumentKind::Plan);
    // Ids made from titles matter only to follow-up reports; a plan of
    // earlier vplans with two own goals of one title still builds.
    r.check_unique_goal_ids(false);
    r.check_indicators();
    let meta = r.meta(settings.draft);
    let kapitel: Vec<Section> = loaded.plan.kapitel.iter().map(|k| r.section(k, 1, &loaded.file)).collect();
    let budgetposter = budgets.tables.iter().flat_map(|t| figures(t, &settings.labels.summa)).collect();
    r.document(meta, kapitel, budgetposter, Vec::new())
}

/// Gives each section its id from its place in the numbering, the way
/// Typst numbers the headings: [3, 1, 2], "avsnitt-3-1-2".
fn number(sections: Vec<&mut Section>, parent: &SectionId) {
    for (i, section) in sections.into_iter().enumerate() {
        section.id = parent.child(i + 1);
        // The PDF's numbers come from Typst ("1.1"); the web page shows these.
        section.nummer = section.id.number();
        let id = section.id.clone();
        number(section.subsections_mut(), &id);
    }
}

/// Numbers the footnotes in order and returns them. A footnote the plan
/// refers to more than once is printed once; its later references show the
/// same number (Typst refers to the labelled note).
fn link_repeated_footnotes(kapitel: &mut [Section]) -> Vec<Note> {
    fn segments<'s>(views: &'s mut [View], out: &mut Vec<&'s mut Segment>) {
        for view in views {
            match view {
                View::Stycke { delar } => out.extend(delar.iter_mut()),
                View::Lista { punkter, .. } | View::NumreradLista { punkter, .. } => {
                    out.extend(punkter.iter_mut().flatten())
                }
                View::Avsnitt(section) => segments(&mut section.block, out),
                _ => {}
            }
        }
    }
    let mut all = Vec::new();
    for section in kapitel.iter_mut() {
        segments(&mut section.block, &mut all);
    }
    let mut count: HashMap<String, usize> = HashMap::new();
    for segment in &all {
        if let Segment::Fotnot { id, .. } = &**segment {
            *count.entry(id.clone()).or_default() += 1;
        }
    }
    let mut labels: HashMap<String, String> = HashMap::new();
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let mut notes = Vec::new();
    for segment in all {
        if let Segment::Fotnot { id, etikett, upprepad, nummer, text } = segment {
            match numbers.get(id.as_str()) {
                Some(&n) => *nummer = n,
                None => {
                    *nummer = numbers.len() + 1;
                    numbers.insert(id.clone(), *nummer);
                    notes.push(Note { nummer: *nummer, text: text.clone() });
                }
            }
            if count[id.as_str()] < 2 {
                continue;
            }
            let next = labels.len() + 1;
            match labels.get(id.as_str()) {
                Some(label) => {
                    *etikett = Some(label.clone());
                    *upprepad = true;
                }
                None => {
                    let label = format!("fotnot-{next}");
                    labels.insert(id.clone(), label.clone());
                    *etikett = Some(label);
                }
            }
        }
    }
    notes
}

/// The key of the grand total of the plan's `budget` among the budget
/// lines compared.
const TOTAL_KEY: &str = "Summa (totalt)";

/// Every line of a budget with this year's figure, keyed by id or by its
/// names from the top (after the budget's id, for one of `budgetar`); its
/// funding; its total last.
fn figures(table: &Table, summa: &str) -> Vec<LineFigure> {
    let budget = table.id.map(|i| i.value.clone()).unwrap_or_default();
    let figure = |line: &Line, key: String, niva: usize| LineFigure {
        budget: budget.clone(),
        key,
        namn: line.namn.value.clone(),
        // Signed as the budget's table shows it, so the list of changes
        // agrees with the table.
        belopp: table
            .this_year(&line.figures)
            .map(|v| if table.shown_negative(line) { v.saturating_neg() } else { v }),
        unit: table.unit,
        niva,
        summa: false,
    };
    let mut out = Vec::new();
    let mut stack: Vec<(&Line, String, usize)> =
        table.lines.iter().rev().map(|l| (l, budget.clone(), 0)).collect();
    while let Some((line, path, niva)) = stack.pop() {
        let named =
            if path.is_empty() { line.namn.value.clone() } else { format!("{path} / {}", line.namn.value) };
        out.push(figure(line, line.id().map_or_else(|| named.clone(), str::to_string), niva));
        stack.extend(line.children.iter().rev().map(|c| (c, named.clone(), niva + 1)));
    }
    if let Some(f) = &table.funding {
        let key = f.id().map_or_else(|| format!("{budget} / {}", f.namn.value), str::to_string);
        out.push(figure(f, key, 0));
    }
    // The total; no line can have its key, as keys of unnamed paths hold
    // " / " and ids are unique across budgets.
    let (key, namn) = match table.id {
        Some(id) => (id.value.clone(), table.total_row.namn.map_or(summa, |n| n.value.as_str()).to_string()),
        None => (TOTAL_KEY.to_string(), summa.to_string()),
    };
    out.push(LineFigure {
        budget,
        key,
        namn,
        belopp: table.this_year(&table.total),
        unit: table.unit,
        niva: 0,
        summa: true,
    });
    out
}

/// Reads a file named by the plan, refusing any path that resolves
/// (symlinks followed) outside the plan's folder.
fn read_inside(folder: &std::path::Path, name: &str) -> Result<(std::path::PathBuf, Vec<u8>), String> {
    let shown = name.escape_debug();
    let path = crate::files::inside(folder, &folder.join(name))
        .map_err(|e| format!("cannot read the logo `{shown}`: {e}"))?
        .ok_or_else(|| format!("the logo `{shown}` lies outside the plan's folder"))?;
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read the logo `{shown}`: {e}"))?;
    Ok((path, bytes))
}

/// Something found by id, with the file it was defined in.
type Found<'a, T> = (&'a SourceFile, &'a T);

struct Resolver<'a> {
    loaded: &'a Loaded,
    /// Every budget of the plan.
    budgets: &'a Budgets<'a>,
    texts: HashMap<&'a str, Found<'a, Vec<Block>>>,
    footnotes: HashMap<&'a str, Found<'a, Text>>,
    focus: HashMap<&'a str, Found<'a, model::GemensamtFokusomrade>>,
    assignments: HashMap<&'a str, (Found<'a, model::GemensamtUppdrag>, &'a str)>,
    /// The goal hierarchy, looked up once when a block first needs it.
    goals: Option<Vec<goals::Area<'a>>>,
    /// Files the Typst world serves, read and checked here: the logo.
    files: Vec<(String, Vec<u8>)>,
    /// Where on disk those files were read from.
    read: Vec<std::path::PathBuf>,
    /// Ids of the texts being expanded, to refuse a text that includes itself.
    expanding: Vec<&'a str>,
    /// What the build's fonts can show.
    glyphs: &'a crate::templates::Glyphs,
    /// The fixed words the document prints.
    labels: &'a Etiketter,
    /// A plan or a report.
    kind: DocumentKind<'a>,
    problems: Vec<Problem>,
}

impl<'a> Resolver<'a> {
    /// The document of these chapters, numbered and their footnotes linked;
    /// or every problem met on the way.
    fn document(
        self,
        meta: Meta,
        mut kapitel: Vec<Section>,
        lines: Vec<LineFigure>,
        unfinished: Vec<String>,
    ) -> Result<Resolved, Vec<Problem>> {
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        number(kapitel.iter_mut().collect(), &SectionId::default());
        let fotnoter = link_repeated_footnotes(&mut kapitel);
        let document = Document { meta, kapitel, fotnoter, etiketter: self.labels.clone() };
        Ok(Resolved { document, files: self.files, read: self.read, lines, unfinished })
    }

    fn new(
        loaded: &'a Loaded,
        budgets: &'a Budgets<'a>,
        settings: &Settings<'a>,
        kind: DocumentKind<'a>,
    ) -> Self {
        let mut r = Resolver {
            loaded,
            glyphs: settings.glyphs,
            labels: settings.labels,
            budgets,
            texts: HashMap::new(),
            footnotes: HashMap::new(),
            focus: HashMap::new(),
            assignments: HashMap::new(),
            goals: None,
            files: Vec::new(),
            read: Vec::new(),
            expanding: Vec::new(),
            kind,
            problems: Vec::new(),
        };
        for (file, shared) in &loaded.shared {
            r.index_shared(file, shared);
        }
        // The plan's own texts and footnotes override shared ones.
        let plan = &loaded.plan;
        r.texts.extend(plan.texter.iter().map(|(k, v)| (k.as_str(), (&loaded.file, v))));
        r.footnotes.extend(plan.fotnoter.iter().map(|(k, v)| (k.as_str(), (&loaded.file, v))));
        r
    }

    fn index_shared(&mut self, file: &'a SourceFile, shared: &'a Gemensamt) {
        self.texts.extend(shared.texter.iter().map(|(k, v)| (k.as_str(), (file, v))));
        self.footnotes.extend(shared.fotnoter.iter().map(|(k, v)| (k.as_str(), (file, v))));
        for f in &shared.fokusomraden {
            if self.focus.insert(&f.id.value, (file, f)).is_some() {
                self.problems.push(duplicate(file, &f.id, "focus area"));
            }
            for u in &f.uppdrag {
                if self.assignments.insert(&u.id.value, ((file, u), &f.id.value)).is_some() {
                    self.problems.push(duplicate(file, &u.id, "assignment"));
                }
            }
        }
    }

    fn meta(&mut self, force_draft: bool) -> Meta {
        let d = &self.loaded.plan.dokument;
        let logotyp = d.logotyp.as_ref().and_then(|logo| self.logo(logo));
        let utkast = self.draft(force_draft);
        let beslut = self.decision(utkast.is_some());
        let file = &self.loaded.file;
        Meta {
            organisation: self.plain(&d.organisation, file),
            namnd: self.plain(&d.namnd, file),
            titel: self.plain(&d.titel, file),
            ar: d.ar.value,
            planperiod: d.planperiod.as_ref().map(|p| self.plain(p, file)),
            datum_iso: IsoDate::from(d.datum.value),
            dnr: d.dnr.as_ref().map(|t| self.plain(t, file)),
            nyckelord: d.nyckelord.clone(),
            logotyp,
            utkast,
            beslut,
            innehallsdjup: d.innehallsdjup.as_ref().map(|n| n.value),
            kapitel_pa_ny_sida: d.kapitel_pa_ny_sida,
            kontakt: d.kontakt.as_ref().map(|k| self.contact(k)),
        }
    }

    /// The contact for the accessibility statement; an e-mail address that
    /// cannot be one is refused where it stands.
    fn contact(&mut self, k: &model::Kontakt) -> Contact {
        let file = &self.loaded.file;
        if let Some(epost) = &k.epost {
            let address = epost.value.trim();
            let valid = address.split_once('@').is_some_and(|(user, host)| {
                !user.is_empty() && host.contains('.') && !address.contains(char::is_whitespace)
            });
            if !valid {
                self.problems.push(
                    Problem::at(file, &epost.referenced, format!("`{address}` is not an e-mail address"))
                        .with_help("write the address readers write to, e.g. `e-post: kansli@kommun.se`"),
                );
            }
        }
        Contact {
            epost: k.epost.as_ref().map(|e| e.value.trim().to_string()),
            telefon: k.telefon.as_ref().map(|t| self.plain(t, file)),
        }
    }

    fn logo(&mut self, logo: &model::Logotyp) -> Option<Logo> {
        let file = &self.loaded.file;
        if logo.alt.value.trim().is_empty() {
            self.problems.push(
                Problem::at(file, &logo.alt.referenced, "the logo has no alternative text").with_help(
                    "describe the logo in `alt`, e.g. \"Region Hallands logotyp\"; screen readers read it",
                ),
            );
            return None;
        }
        let problem = |message: String| {
            Problem::at(file, &logo.fil.referenced, message)
                .with_help("put the image (PNG, JPEG, GIF, SVG or WebP) in the plan's folder or below it, and name it relative to the plan")
        };
        let name = &logo.fil.value;
        let Some(path) = logo_path(name) else {
            self.problems.push(problem(format!(
                "`{}` is not a PNG, JPEG, GIF, SVG or WebP image",
                name.escape_debug()
            )));
            return None;
        };
        match read_inside(&self.loaded.folder, name) {
            Ok((on_disk, bytes)) => {
                self.files.push((path.clone(), bytes));
                self.read.push(on_disk);
                Some(Logo { fil: path, alt: logo.alt.value.clone() })
            }
            Err(message) => {
                self.problems.push(problem(message));
                None
            }
        }
    }

    /// A chapter or section at heading level `level`.
    fn section(&mut self, k: &'a model::Kapitel, level: usize, file: &'a SourceFile) -> Section {
        let titel = self.plain(&k.titel, file);
        let block = self.blocks(&k.innehall, level, file);
        Section::new(titel, None, level, block)
    }

    /// The blocks of a section at level `level`.
    fn blocks(&mut self, blocks: &'a [Block], level: usize, file: &'a SourceFile) -> Vec<View> {
        let mut out = Vec::new();
        for block in blocks {
            self.block(block, level, file, &mut out);
        }
        out
    }

    fn block(&mut self, block: &'a Block, level: usize, file: &'a SourceFile, out: &mut Vec<View>) {
        match block {
            Block::Stycke(t) => out.push(View::Stycke { delar: self.segments(t, file, true) }),
            Block::Ledord(l) => out.push(self.lead_word(l, file)),
            Block::Mellanrubrik(t) => out.push(View::Rubrik { text: self.plain(t, file), niva: level + 1 }),
            Block::Lista(items) => {
                let punkter = items.iter().map(|t| self.segments(t, file, true)).collect();
                out.push(View::Lista { punkter });
            }
            Block::NumreradLista(items) => {
                let punkter = items.iter().map(|t| self.segments(t, file, true)).collect();
                out.push(View::NumreradLista { punkter });
            }
            Block::Tabell(t) => out.extend(self.general_table(t, file)),
            Block::Diagram(d) => out.extend(self.chart(d, file)),
            Block::Avsnitt(k) => out.push(View::Avsnitt(self.section(k, level + 1, file))),
            Block::Text(id) => self.shared_text(id, level, file, out),
            Block::Maloversikt(opts) => out.push(self.overview(opts)),
            Block::Malavsnitt(opts) => self.goal_sections(opts, level, out),
            Block::Budgettabell(opts) => out.extend(self.budget_table(opts, file)),
            // The rules of a breakdown are checked once, for both budget
            // formats and both document kinds, before any table is made.
            Block::Fordelning(opts) if !self.breakdown_is_shown(opts, file) => {}
            Block::Fordelning(opts) => out.extend(self.breakdown(opts, file)),
            Block::Nyckeltal(opts) => {
                let o = &opts.value;
                if self.loaded.plan.nyckeltal.is_empty() {
                    self.problems.push(
                        Problem::at(file, &opts.referenced, "the plan has no indicators to show")
                            .with_help("list them under `nyckeltal:` in the plan, each with `id`, `namn`, `riktning` and `mål`"),
                    );
                } else {
                    out.extend(self.indicator_table(o.id.as_deref(), o.bildtext.as_deref(), file));
                }
            }
            Block::Maluppfyllelse(_) if let DocumentKind::Report(follow) = self.kind => {
                out.push(self.goal_status_table(follow))
            }
            Block::Maluppfyllelse(opts) => self.problems.push(
                Problem::at(file, &opts.referenced, "`måluppfyllelse` shows a follow-up report's goal status; a plan has none")
                    .with_help("use it in a verksamhetsberättelse or delårsrapport (`vplan follow-up PLAN.yaml`), or use `målöversikt` here"),
            ),
            Block::Medelsbeskrivningar(id) => {
                if let Some((_, line)) = self.budget_line(id, file) {
                    for child in &line.children {
                        self.describe(child, level + 1, out);
                    }
                }
            }
        }
    }

    fn shared_text(
        &mut self,
        id: &'a Spanned<String>,
        level: usize,
        file: &'a SourceFile,
        out: &mut Vec<View>,
    ) {
        let Some(&(text_file, blocks)) = self.texts.get(id.value.as_str()) else {
            let known = sorted(self.texts.keys().copied());
            self.problems.push(unknown(file, id, "text", &known));
            return;
        };
        if self.expanding.contains(&id.value.as_str()) {
            self.problems.push(
                Problem::at(file, &id.referenced, format!("text `{}` includes itself", id.value))
                    .with_help("a text may include other texts, but not itself"),
            );
            return;
        }
        self.expanding.push(&id.value);
        for block in blocks {
            self.block(block, level, text_file, out);
        }
        self.expanding.pop();
    }

    fn lead_word(&mut self, l: &'a model::Ledord, file: &'a SourceFile) -> View {
        let mut delar = self.segments(&l.text, file, true);
        let word = l.ord.value.as_str();
        let at = delar
            .iter()
            .position(|s| matches!(s, Segment::Text { text } if !word.is_empty() && text.contains(word)));
        match at {
            Some(i) => {
                let Segment::Text { text } = delar.remove(i) else { unreachable!("matched above") };
                // `position` found the word in this segment, so `find` succeeds.
                let start = text.find(word).unwrap_or(0);
                let mut split = Vec::new();
                if start > 0 {
                    split.push(Segment::Text { text: text[..start].to_string() });
                }
                split.push(Segment::Fet { text: word.to_string() });
                if start + word.len() < text.len() {
                    split.push(Segment::Text { text: text[start + word.len()..].to_string() });
                }
                delar.splice(i..i, split);
            }
            None => self.problems.push(
                Problem::at(
                    file,
                    &l.ord.referenced,
                    format!("the lead word `{word}` does not occur in its text"),
                )
                .with_help("write the lead word exactly as it stands in the text, with the same capitals"),
            ),
        }
        View::Stycke { delar }
    }

    /// Text with placeholders resolved; footnotes allowed where `notes`.
    fn segments(&mut self, t: &Text, file: &SourceFile, notes: bool) -> Vec<Segment> {
        self.check_glyphs(t, file);
        let mut out: Vec<Segment> = Vec::new();
        for piece in text::parse(&t.value) {
            let resolved = match piece {
                Piece::Literal(s) => Segment::Text { text: s },
                Piece::Placeholder { kind, id, offset } => {
                    match self.placeholder(kind, id, t, offset, file, notes) {
                        Some(segment) => segment,
                        None => continue,
                    }
                }
            };
            // Merge adjacent plain text, so an amount reads as part of its sentence.
            match (out.last_mut(), resolved) {
                (Some(Segment::Text { text }), Segment::Text { text: more }) => text.push_str(&more),
                (_, segment) => out.push(segment),
            }
        }
        out
    }

    /// Refuses characters the build's fonts (the embedded ones and a
    /// template folder's) cannot show, which would otherwise print as
    /// blanks (and break PDF/A): a located error instead.
    fn check_glyphs(&mut self, t: &Text, file: &SourceFile) {
        let mut missing: Vec<char> = Vec::new();
        for c in t.value.chars() {
            if !c.is_whitespace()
                && !escape::is_dropped(c)
                && !missing.contains(&c)
                && !self.glyphs.can_show(c)
            {
                missing.push(c);
            }
        }
        let Some(&first) = missing.first() else { return };
        let start = file.offset(t.referenced.line() as usize, t.referenced.column() as usize);
        let at = file.text[start..]
            .find(first)
            .map_or(start..start + 1, |i| start + i..start + i + first.len_utf8());
        let list: Vec<String> = missing.iter().map(|c| format!("`{c}` (U+{:04X})", *c as u32)).collect();
        self.problems.push(
            Problem::new(
                file,
                at,
                format!(
                    "the {} cannot show {}",
                    if self.glyphs.has_extra_fonts() { "built-in fonts and the template folder's" } else { "built-in fonts" },
                    list.join(", ")
                ),
            )
                .with_help("write it in words or with another character; vplan refuses what it cannot print rather than print a blank"),
        );
    }

    /// Text where no footnote may stand (headings, table cells).
    fn plain(&mut self, t: &Text, file: &SourceFile) -> String {
        self.segments(t, file, false)
            .into_iter()
            .map(|s| match s {
                Segment::Text { text } | Segment::Fet { text } | Segment::Fotnot { text, .. } => text,
            })
            .collect()
    }

    fn placeholder(
        &mut self,
        kind: &str,
        id: &str,
        t: &Text,
        offset: usize,
        file: &SourceFile,
        notes: bool,
    ) -> Option<Segment> {
        let at = |message: String| {
            let start = file.offset(t.referenced.line() as usize, t.referenced.column() as usize);
            // The placeholder stands verbatim in the YAML (folding only moves
            // whitespace), so its n-th occurrence after the scalar's start is it.
            let token = format!("{{{kind}:{id}}}");
            let nth = t.value[..offset].matches(&token).count();
            let found = file.text[start..].match_indices(&token).nth(nth).map(|(i, _)| start + i);
            let span = found.map_or(start..start + 1, |i| i..i + token.len());
            Problem::new(file, span, message)
        };
        let Some(known) = Kind::parse(kind) else {
            self.problems.push(at(format!("unknown placeholder `{{{kind}:{id}}}`")).with_help(format!(
                "placeholders are {}; write `{{{{kind:id}}` for the literal text",
                Kind::ALL.iter().map(|k| format!("{{{}:id}}", k.name())).collect::<Vec<_>>().join(", ")
            )));
            return None;
        };
        match known {
            Kind::Kr | Kind::Tkr | Kind::Mnkr | Kind::Procent => {
                if self.budgets.tables.is_empty() {
                    self.no_budget(
                        at(format!("`{{{kind}:{id}}}` refers to the budget, but the plan has none"))
                            .with_help("add a `budget` or `budgetar` to the plan"),
                    );
                    return None;
                }
                let reference = text::Reference::parse(id);
                match self.quote(known, reference) {
                    Ok((text, _)) => Some(Segment::Text { text }),
                    Err(_) if self.budgets.failed(reference.id) => None,
                    Err(refusal) => {
                        self.problems.push(at(refusal.message).with_help(refusal.help));
                        None
                    }
                }
            }
            Kind::Utfall | Kind::Prognos | Kind::Avvikelse => match self.follow_quote(known, id) {
                Ok(text) => Some(Segment::Text { text }),
                Err(_) if self.budgets.failed(id) => None,
                Err((message, help)) => {
                    self.problems.push(at(message).with_help(help));
                    None
                }
            },
            Kind::Fotnot if notes => {
                let Some(&(note_file, note)) = self.footnotes.get(id) else {
                    let known = sorted(self.footnotes.keys().copied());
                    self.problems.push(
                        at(format!("no footnote with id `{id}`"))
                            .with_help(known_help("footnote ids", &known)),
                    );
                    return None;
                };
                let text = self.plain(note, note_file);
                Some(Segment::Fotnot { text, etikett: None, upprepad: false, nummer: 0, id: id.to_string() })
            }
            Kind::Fotnot => {
                self.problems.push(
                    at("a footnote cannot stand here".into())
                        .with_help("footnotes belong in paragraphs and list items"),
                );
                None
            }
        }
    }

    /// Reports a use of the budget in a plan that has none; where the plan
    /// has one that failed its checks, those problems are reported already.
    fn no_budget(&mut self, problem: Problem) {
        if self.loaded.plan.budget.is_none() && self.loaded.plan.budgetar.is_empty() {
            self.problems.push(problem);
        }
    }

    /// Whether a `fördelning` block can be shown: at least one level, and a
    /// line (of either budget format) that has lines of its own. Problems
    /// are reported here, once for every format and document kind; an
    /// unknown id is left to the table's own lookup.
    fn breakdown_is_shown(&mut self, opts: &model::Fordelningstabell, file: &SourceFile) -> bool {
        if self.levels(opts.nivaer.as_ref(), file).is_none() {
            return false;
        }
        let id = &opts.post.value;
        let children = self.budgets.row(id).map(|(_, row)| row.line.map_or(0, |l| l.children.len()));
        if children == Some(0) {
            self.problems.push(
                Problem::at(
                    file,
                    &opts.post.referenced,
                    format!("the budget line `{id}` has no fördelning to show"),
                )
                .with_help("give the line a `fördelning`, or refer to a line that has one"),
            );
            return false;
        }
        true
    }
}

fn sorted<'s>(ids: impl Iterator<Item = &'s str>) -> Vec<&'s str> {
    let mut ids: Vec<&str> = ids.collect();
    ids.sort_unstable();
    ids
}

/// How many levels a breakdown shows: `nivåer`, or all (0 is refused by
/// `breakdown_is_shown` before any table is made).
fn levels(opts: &model::Fordelningstabell) -> usize {
    opts.nivaer.as_ref().map_or(usize::MAX, |n| n.value)
}

fn known_help(what: &str, known: &[&str]) -> String {
    if known.is_empty() {
        format!("there are no {what} yet")
    } else {
        format!("the {what} are: {}", known.join(", "))
    }
}

/// An unknown id, with the ids that do exist.
pub(crate) fn unknown(file: &SourceFile, id: &Spanned<String>, what: &str, known: &[&str]) -> Problem {
    Problem::at(file, &id.referenced, format!("no {what} with id `{}`", id.value))
        .with_help(known_help(&format!("{what} ids"), known))
}

fn duplicate(file: &SourceFile, id: &Spanned<String>, what: &str) -> Problem {
    Problem::at(file, &id.referenced, format!("the {what} id `{}` is defined twice", id.value))
        .with_help("ids must be unique across all shared data files a plan uses")
}
