//! The render-ready document: what the templates see.
//!
//! These types are the output of [`crate::resolve`] and the input of
//! [`crate::render`]. Everything is decided here: references are resolved,
//! heading levels, table rows and every figure are computed. Figures and
//! dates are values ([`Tal`], [`IsoDate`]), written the Swedish way by the
//! templates' filters (`tal`, `procent`, `datum`); the templates only lay
//! them out.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::decimal::Enhet;

/// A whole document, ready to render.
#[derive(Debug, PartialEq, Serialize, JsonSchema)]
pub struct Document {
    /// Facts for the cover and the PDF metadata.
    pub meta: Meta,
    /// The numbered chapters.
    pub kapitel: Vec<Section>,
    /// The footnotes in order, numbered as in the text, for outputs that
    /// list them (the web page).
    pub fotnoter: Vec<Note>,
    /// The fixed words the document prints ("Summa", "Innehåll"), from
    /// `etiketter.yaml`.
    pub etiketter: crate::templates::labels::Etiketter,
}

/// A footnote with its number.
#[derive(Debug, PartialEq, Serialize, JsonSchema)]
pub struct Note {
    /// Its number, 1 for the first.
    pub nummer: usize,
    /// Its text.
    pub text: String,
}

/// The variables every document template receives.
#[derive(JsonSchema)]
#[allow(dead_code)] // Only its schema is used: the renderers pass the same values.
struct TemplateData {
    /// The document.
    doc: Document,
    /// What changed since the version compared with (`--compare-to`);
    /// none when not compared. `markering(s.id)` and `delmarkering(s.id,
    /// i)` give a section's marks and those of its block `i`.
    andringar: Option<Changes>,
}

/// The JSON Schema of the data templates receive (`doc`, `andringar`),
/// generated from these types so that it documents every field and cannot
/// drift.
pub fn template_schema() -> String {
    let schema = schemars::schema_for!(TemplateData);
    // A schema of plain data always serialises.
    serde_json::to_string_pretty(&schema).expect("a JSON Schema serialises") + "\n"
}

/// What changed since an earlier version of the plan.
#[derive(Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct Changes {
    /// Sections in this version only.
    pub tillagda: Vec<SectionRef>,
    /// Sections in the earlier version only.
    pub borttagna: Vec<SectionRef>,
    /// Sections in both whose own content differs.
    pub andrade: Vec<SectionRef>,
    /// Sections in both, unchanged, but out of their earlier order.
    pub flyttade: Vec<SectionRef>,
    /// Budget lines whose amount changed, was added or removed.
    pub budget: Vec<LineChange>,
    /// The marks of each section that changed or moved, by its id
    /// (`Section::id`); the templates ask for them with `markering(s.id)`
    /// and `delmarkering(s.id, i)`, which give empty marks for the others.
    pub avsnitt: BTreeMap<SectionId, SectionMarks>,
}

/// How a changed section is marked in the margin.
#[derive(Debug, Default, Clone, PartialEq, Serialize, JsonSchema)]
pub struct SectionMarks {
    /// Whether it changed (or moved) since the version compared with.
    pub andrad: bool,
    /// Whether the mark stands beside the heading: the section changed (or
    /// moved) but no block or part of it carries a mark of its own.
    pub rubrik_markerad: bool,
    /// Which of its blocks (indices into `block`) are new or changed.
    pub andrade_block: Vec<usize>,
    /// Where blocks of the earlier version were removed: the index of the
    /// block now standing there (`block.len()` at the end).
    pub borttaget_fore: Vec<usize>,
    /// The lists and tables marked item by item or row by row, by their
    /// index in `block`.
    pub delar: BTreeMap<usize, Marks>,
}

/// A section named in the change list.
#[derive(Debug, PartialEq, Serialize, JsonSchema)]
pub struct SectionRef {
    /// Its title.
    pub titel: String,
    /// Its label in this version, to refer to it; none if removed.
    pub id: Option<SectionId>,
    /// Its number in this version, "3.1", for outputs without Typst's
    /// references; none if removed.
    pub nummer: Option<String>,
    /// Its heading counter in the earlier version, for a removed section:
    /// [4, 1], which the template numbers as the headings are ("4.1").
    pub tidigare: Option<Vec<usize>>,
}

/// A budget line whose amount changed.
#[derive(Debug, PartialEq, Serialize, JsonSchema)]
pub struct LineChange {
    /// Its name.
    pub namn: String,
    /// Its figures: before (none if it is new), after (none if it was
    /// removed), and the signed difference.
    pub varden: [Option<Tal>; 3],
    /// Its depth in the budget, for indentation: 0 at the top.
    pub indrag: usize,
    /// Whether it is the budget's total, the last row.
    pub summa: bool,
}

/// Facts for the cover page and the PDF metadata.
#[derive(Debug, PartialEq, Serialize, JsonSchema)]
pub struct Meta {
    /// The organisation, e.g. "Region Halland".
    pub organisation: String,
    /// The board, e.g. "Lokal nämnd Kungsbacka"; the PDF's author.
    pub namnd: String,
    /// The title without the year.
    pub titel: String,
    /// The year the plan is for.
    pub ar: i32,
    /// The plan period, if any.
    pub planperiod: Option<String>,
    /// The document date (`datum_iso | datum` writes "9 december 2020").
    pub datum_iso: IsoDate,
    /// The registry number, if any.
    pub dnr: Option<String>,
    /// Keywords for the PDF metadata.
    pub nyckelord: Vec<String>,
    /// The logo, if any.
    pub logotyp: Option<Logo>,
    /// Draft marking, when the plan is a draft.
    pub utkast: Option<Draft>,
    /// The decision, when the plan is adopted.
    pub beslut: Option<Decision>,
    /// How many heading levels the contents list; none for all.
    pub innehallsdjup: Option<u8>,
    /// Whether each chapter starts a new page; none for the style's default.
    pub kapitel_pa_ny_sida: Option<bool>,
    /// Where readers report what they cannot use, if the plan says.
    pub kontakt: Option<Contact>,
}

/// How readers reach the board: for the accessibility statement.
#[derive(Debug, PartialEq, Serialize, JsonSchema)]
pub struct Contact {
    /// An e-mail address.
    pub epost: Option<String>,
    /// A telephone number, as written.
    pub telefon: Option<String>,
}

/// What a draft's pages say about it.
#[derive(Debug, PartialEq, Serialize, JsonSchema)]
pub struct Draft {
    /// The draft's version number, if given.
    pub version: Option<u32>,
    /// The meeting it is for, e.g. "nämndsammanträde", if given.
    pub sammantrade: Option<String>,
    /// The meeting's date, if given.
    pub datum_iso: Option<IsoDate>,
}

/// The decision that adopted the plan, for the cover.
#[derive(Debug, PartialEq, Serialize, JsonSchema)]
pub struct Decision {
    /// The body that decided.
    pub organ: String,
    /// The date of the decision.
    pub datum_iso: IsoDate,
    /// The minute paragraph, with its sign: "§ 45".
    pub paragraf: String,
    /// The registry number.
    pub dnr: String,
}

/// A date as year, month and day numbers.
#[derive(Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct IsoDate {
    /// The year.
    pub ar: i32,
    /// The month, 1–12.
    pub manad: u32,
    /// The day of the month.
    pub dag: u32,
}

impl From<chrono::NaiveDate> for IsoDate {
    fn from(date: chrono::NaiveDate) -> Self {
        use chrono::Datelike;
        Self { ar: date.year(), manad: date.month(), dag: date.day() }
    }
}

impl std::fmt::Display for IsoDate {
    /// As ISO 8601: 2020-12-09.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.ar, self.manad, self.dag)
    }
}

/// A logo as the Typst world serves it.
#[derive(Debug, PartialEq, Serialize, JsonSchema)]
pub struct Logo {
    /// Its path in the Typst world.
    pub fil: String,
    /// Its alternative text.
    pub alt: String,
}

/// A numbered chapter or section.
#[derive(Debug, PartialEq, Serialize, JsonSchema)]
pub struct Section {
    /// The heading text, without number.
    pub titel: String,
    /// A label shown in parentheses after the heading, if any.
    pub etikett: Option<String>,
    /// The heading level: 1 for a chapter.
    pub niva: usize,
    /// The section's content.
    pub block: Vec<View>,
    /// Its id, from its place in the numbering: "avsnitt-3-1".
    pub id: SectionId,
    /// Its number as the headings show it: "3.1".
    pub nummer: String,
}

/// A section's id: its place in the numbering, the heading counter Typst
/// gives it ([3, 1] for section 3.1). Templates receive it as its label,
/// "avsnitt-3-1"; the changes overlay is keyed by it.
#[derive(Debug, Default, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SectionId(pub Vec<usize>);

impl SectionId {
    /// The id of the `n`th (from 1) section inside this one.
    pub fn child(&self, n: usize) -> Self {
        let mut counter = self.0.clone();
        counter.push(n);
        Self(counter)
    }

    /// Its number as the headings show it: "3.1".
    pub fn number(&self) -> String {
        self.0.iter().map(usize::to_string).collect::<Vec<_>>().join(".")
    }
}

impl std::fmt::Display for SectionId {
    /// As a label: "avsnitt-3-1".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("avsnitt")?;
        self.0.iter().try_for_each(|n| write!(f, "-{n}"))
    }
}

impl Serialize for SectionId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl JsonSchema for SectionId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SectionId".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut schema = String::json_schema(generator);
        schema.insert("description".into(), "A section's label: \"avsnitt-3-1\" for section 3.1.".into());
        schema
    }
}

impl Section {
    /// A section; its id is given once the whole document is known.
    pub fn new(titel: String, etikett: Option<String>, niva: usize, block: Vec<View>) -> Self {
        Self { titel, etikett, niva, block, id: SectionId::default(), nummer: String::new() }
    }

    /// The numbered sections directly inside this one.
    pub fn subsections(&self) -> Vec<&Section> {
        self.block.iter().filter_map(|v| if let View::Avsnitt(s) = v { Some(s) } else { None }).collect()
    }

    /// The numbered sections directly inside this one, to change.
    pub fn subsections_mut(&mut self) -> Vec<&mut Section> {
        self.block.iter_mut().filter_map(|v| if let View::Avsnitt(s) = v { Some(s) } else { None }).collect()
    }
}

/// One block of content, as laid out.
#[derive(Debug, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "typ", rename_all = "snake_case")]
pub enum View {
    /// A paragraph.
    Stycke {
        /// Its runs of text.
        delar: Vec<Segment>,
    },
    /// An unnumbered heading.
    Rubrik {
        /// Its text.
        text: String,
        /// Its level.
        niva: usize,
    },
    /// A bullet list.
    Lista {
        /// One run of text per item.
        punkter: Vec<Vec<Segment>>,
    },
    /// A numbered list.
    NumreradLista {
        /// One run of text per item.
        punkter: Vec<Vec<Segment>>,
    },
    /// A table of text and figures.
    Tabell(Table),
    /// A chart of budget figures.
    Diagram(Chart),
    /// A numbered section.
    Avsnitt(Section),
    /// The goal overview table.
    Oversikt(Overview),
    /// A budget table.
    Budget(BudgetTable),
}

/// A run of text in a paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "typ", rename_all = "snake_case")]
pub enum Segment {
    /// Plain text.
    Text {
        /// The text.
        text: String,
    },
    /// Text in bold (a lead word).
    Fet {
        /// The text.
        text: String,
    },
    /// A footnote mark, with the note's text.
    Fotnot {
        /// The note.
        text: String,
        /// The note's label, when the plan refers to it more than once.
        etikett: Option<String>,
        /// Whether this is a later reference to a note printed earlier, so
        /// that it shows that note's number instead of a new note.
        upprepad: bool,
        /// The note's number, 1 for the first.
        nummer: usize,
        /// The footnote's id in the plan.
        #[serde(skip)]
        id: String,
    },
}

/// The goal overview table.
#[derive(Debug, PartialEq, Serialize, JsonSchema)]
pub struct Overview {
    /// The three column headings.
    pub kolumner: [String; 3],
    /// The rows; a cell spanning rows is given once, in its first row.
    pub rader: Vec<Vec<Cell>>,
}

/// A cell of the overview table.
#[derive(Debug, PartialEq, Serialize, JsonSchema)]
pub struct Cell {
    /// Its text; empty for an empty cell.
    pub text: String,
    /// How many rows it spans.
    pub rader: usize,
}

/// A bar chart of budget figures, with its text alternative.
#[derive(Debug, PartialEq, Serialize, JsonSchema)]
pub struct Chart {
    /// The caption, if any.
    pub bildtext: Option<String>,
    /// The text alternative: every bar's name and figure, in words.
    pub alt: String,
    /// The names of the series, for the legend: one, or the two columns compared.
    pub serier: Vec<String>,
    /// The bars, grouped by line (or by column, for a line's development).
    pub grupper: Vec<BarGroup>,
    /// The unit of its figures: `tkr`, `mnkr` or `kr`.
    pub enhet: Enhet,
    /// The same figures as a table (a [`View::Tabell`]), when the plan
    /// wants it after the chart.
    pub tabell: Option<Box<View>>,
}

/// The bars of one line of a chart.
#[derive(Debug, PartialEq, Serialize, JsonSchema)]
pub struct BarGroup {
    /// The line's (or column's) name.
    pub namn: String,
    /// Its bars, one per series.
    pub staplar: Vec<Bar>,
}

/// One bar.
#[derive(Debug, PartialEq, Serialize, JsonSchema)]
pub struct Bar {
    /// Its length in thousandths of the longest bar's.
    pub promille: i64,
    /// Its figure in tkr; none where the line has none.
    pub varde: Option<Tal>,
    /// Its share of the whole, in a one-series distribution chart.
    pub andel: Option<Tal>,
    /// Which series it belongs to, from 0.
    pub serie: usize,
}

/// A table that is not a budget: text and figures in columns.
#[derive(Debug, PartialEq, Serialize, JsonSchema)]
pub struct Table {
    /// The caption above it, if any.
    pub bildtext: Option<String>,
    /// The column headings.
    pub kolumner: Vec<String>,
    /// Per column, whether it holds figures and is right-aligned.
    pub hoger: Vec<bool>,
    /// The rows, one cell per column.
    pub rader: Vec<Vec<TableCell>>,
    /// The sum row: its name, then the sums of the figure columns (empty
    /// text elsewhere).
    pub summa: Option<Vec<TableCell>>,
    /// Each column's width in per cent of the table's, adding up to 100:
    /// as the plan gives them (`bredder`), else from the content.
    pub bredder: Vec<u32>,
    /// Whether the plan gave the widths; a web page otherwise lets the
    /// browser size the columns by their content.
    pub bredder_angivna: bool,
}

/// A cell of a table that is not a budget.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "typ", rename_all = "snake_case")]
pub enum TableCell {
    /// Words, or a figure quoted the way the text quotes it; empty for an
    /// empty cell.
    Text {
        /// The text.
        text: String,
    },
    /// A figure (`varde`, `slag`, as [`Tal`]), which `tal` writes.
    Tal(Tal),
    /// No figure, written "–".
    Saknas,
}

impl TableCell {
    /// A cell of words.
    pub fn text(text: impl Into<String>) -> Self {
        Self::Text { text: text.into() }
    }
}

/// The parts (list items, table rows) of a block that changed since the
/// version compared with, when the block is marked part by part rather
/// than as a whole.
#[derive(Debug, Default, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Marks {
    /// The new or changed parts, by index.
    pub andrade: Vec<usize>,
    /// Where parts of the earlier version were removed: the index of the
    /// part now standing there (the number of parts at the end).
    pub borttaget_fore: Vec<usize>,
    /// Whether a table's sum row changed, while the table is marked row by
    /// row.
    pub summa_andrad: bool,
}

/// A budget table.
#[derive(Debug, PartialEq, Serialize, JsonSchema)]
pub struct BudgetTable {
    /// Heading of the first column.
    pub rubrik: String,
    /// The figure columns.
    pub kolumner: Vec<Column>,
    /// The lines.
    pub rader: Vec<BudgetRow>,
    /// The figures of the closing Summa row, one per column; none when the
    /// table's totals are rows of their own.
    pub summa_varden: Option<Vec<Option<Tal>>>,
    /// The caption above the table, if any.
    pub bildtext: Option<String>,
    /// Whether the column headings say "i tkr" (otherwise the caption does).
    pub tkr_i_rubrik: bool,
    /// The unit of its figures: `tkr`, `mnkr` or `kr` ("i mnkr" in the headings).
    pub enhet: Enhet,
    /// Whether it has a comment column (some line has a `kommentar`).
    pub kommentarer: bool,
}

/// A figure column of a budget table.
#[derive(Debug, PartialEq, Serialize, JsonSchema)]
pub struct Column {
    /// What the column holds.
    pub typ: ColumnKind,
    /// The budget year; none for the change column.
    pub ar: Option<i32>,
    /// A delårsrapport's period for its outcome column, e.g. "jan–aug".
    pub period: Option<String>,
    /// Its heading as every output writes it: "Budget 2022", "Budget
    /// jan–aug", "Utfall jan–aug 2021", "Förändring %"; with the unit
    /// ("Budget 2021 i tkr") where the table says the unit in its headings.
    pub rubrik: String,
    /// The same heading without the unit, for a data file that names the
    /// unit its own way.
    pub namn: String,
    /// Whether its figures are amounts in the table's unit (not per cent).
    pub belopp: bool,
}

/// The kinds of figure column.
#[derive(Debug, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    /// A follow-up's outcome: the year's, or the period's (see `period`).
    Utfall,
    /// A delårsrapport's forecast for the year.
    Prognos,
    /// The deviation from budget in tkr, positive when better than budget.
    Avvikelse,
    /// The same deviation in per cent of the budget.
    AvvikelseProcent,
    /// A year's budget.
    Budget,
    /// This year's budget less last year's.
    Forandring,
    /// The outcome of a finished year.
    Bokslut,
    /// A later year of the plan period.
    Plan,
    /// The change in per cent.
    Procent,
}

/// A figure as a value, for a template that formats it itself (with the
/// `tal` filter, or its own way).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Tal {
    /// The whole number: an amount in steps of its unit (whole tkr unless
    /// its budget counts otherwise), or tenths of a per cent.
    pub varde: i64,
    /// What it is, and so how it is written.
    pub slag: Talslag,
    /// The decimals of an amount: `varde` 18 with 1 is "1,8" (mnkr); 0 for
    /// whole tkr and for per cent.
    pub decimaler: u8,
}

/// What kind of figure a [`Tal`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Talslag {
    /// An amount (in tkr, or its budget's unit): "1 181", "1,8".
    Tkr,
    /// A change (in tkr, or its budget's unit), signed: "+12", "−0,3".
    Forandring,
    /// A change in tenths of a per cent, signed as the change in tkr
    /// beside it: 36 is "+3,6", −5 is "−0,5".
    Promille,
    /// A share in whole per cent, with its sign: 36 is "36 %".
    Procent,
}

impl Tal {
    /// A figure of this kind without decimals.
    pub fn new(varde: i64, slag: Talslag) -> Self {
        Self { varde, slag, decimaler: 0 }
    }

    /// An amount in whole tkr.
    pub fn tkr(varde: i64) -> Self {
        Self::new(varde, Talslag::Tkr)
    }

    /// An amount of steps of 10^-`decimaler`: (18, 1) is "1,8".
    pub fn amount(varde: i64, decimaler: u8) -> Self {
        Self { varde, slag: Talslag::Tkr, decimaler }
    }

    /// A signed change of steps of 10^-`decimaler`: (−3, 1) is "−0,3".
    pub fn change(varde: i64, decimaler: u8) -> Self {
        Self { varde, slag: Talslag::Forandring, decimaler }
    }

    /// The figure written the Swedish way.
    pub fn text(&self) -> String {
        match self.slag {
            Talslag::Tkr => crate::format::fixed(self.varde, self.decimaler),
            Talslag::Forandring => crate::format::fixed_change(self.varde, self.decimaler),
            Talslag::Promille => crate::format::fixed_change(self.varde, 1),
            Talslag::Procent => format!("{}\u{a0}%", crate::format::number(self.varde)),
        }
    }
}

/// A line of a budget table.
#[derive(Debug, PartialEq, Serialize, JsonSchema)]
pub struct BudgetRow {
    /// The line's name.
    pub namn: String,
    /// Its figures, one per column; none where there is none ("–").
    pub varden: Vec<Option<Tal>>,
    /// Whether it is a group's name alone, its sum in a row below: its
    /// cells are empty, not even "–".
    pub rubrikrad: bool,
    /// Whether it heads a group of lines below it.
    pub grupp: bool,
    /// Its indentation: 0 at the top, 1 inside a group.
    pub indrag: usize,
    /// Whether it is a sum row (Summa intäkter, Nettokostnad, Resultat):
    /// bold, with a rule above.
    pub summarad: bool,
    /// Its comment, for the table's comment column.
    pub kommentar: Option<String>,
    /// Whether it stands outside the sums (`utanför_summa`): shown in italics.
    pub utanfor_summa: bool,
}

impl BudgetRow {
    /// A row of these figures, written and as values.
    pub fn new(namn: String, varden: Vec<Option<Tal>>, grupp: bool, indrag: usize, summarad: bool) -> Self {
        Self {
            namn,
            varden,
            rubrikrad: false,
            grupp,
            indrag,
            summarad,
            kommentar: None,
            utanfor_summa: false,
        }
    }

    /// A group's name alone above its lines, its sum in a row below them:
    /// `columns` empty cells, not even "–".
    pub fn heading(namn: String, columns: usize, indrag: usize) -> Self {
        Self { rubrikrad: true, ..Self::new(namn, vec![None; columns], true, indrag, false) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_id_is_its_heading_counter_written_as_a_label_and_a_number() {
        let id = SectionId::default().child(3).child(10).child(2);
        assert_eq!(id.0, [3, 10, 2]);
        assert_eq!(id.to_string(), "avsnitt-3-10-2");
        assert_eq!(id.number(), "3.10.2");
        assert_eq!(serde_json::to_value(&id).unwrap(), "avsnitt-3-10-2");
        // Ordered as the document is: 3.2 before 3.10.
        assert!(SectionId(vec![3, 2]) < SectionId(vec![3, 10]));
    }
}
