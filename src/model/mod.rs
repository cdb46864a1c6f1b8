//! The plan as written: serde types for the YAML a planner edits.
//!
//! Keys are Swedish, as the planners write them, and unknown keys are
//! rejected so that a misspelt key is an error rather than silently ignored
//! text. Values that later checks may complain about carry their YAML
//! location ([`Spanned`]), so every error can point at file, line and column.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;
pub use serde_saphyr::Spanned;

mod budgetar;
mod nyckeltal;
mod uppfoljning;
pub use budgetar::{Belopp, Diagram, Diagramtyp, Flerarsbudget, Rad, Radtyp, Summarad, Tabell, Visning};
pub use nyckeltal::{Matpunkt, Nyckeltal, Nyckeltalstabell, Riktning};
pub use uppfoljning::{
    Maluppfoljning, Maluppfyllelse, Rapport, Rapporttyp, Uppfoljning, json_schema as follow_up_schema,
};

/// A piece of running text. It may hold placeholders: `{kr:id}` and
/// `{tkr:id}` for a budget amount, `{fotnot:id}` for a footnote.
pub type Text = Spanned<String>;

/// A whole plan: one YAML file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Facts about the document: who, what, when.
    pub dokument: Dokument,
    /// Names of the shared data files (in `data/`) the plan draws on.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub gemensamt: Vec<Spanned<String>>,
    /// Local texts; an id here overrides a shared text of the same id.
    #[serde(default)]
    pub texter: BTreeMap<String, Vec<Block>>,
    /// Footnotes by id, for `{fotnot:id}` in text; override shared ones.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub fotnoter: BTreeMap<String, Text>,
    /// The goal hierarchy: focus areas with their assignments.
    #[serde(default, rename = "fokusområden")]
    pub fokusomraden: Vec<Fokusomrade>,
    /// Indicators: how the goals are measured, with targets and outcomes.
    #[serde(default)]
    pub nyckeltal: Vec<Nyckeltal>,
    /// The internal budget, in tkr.
    #[serde(default)]
    pub budget: Option<Budget>,
    /// Budgets of any shape (driftbudget, investeringsbudget), each with
    /// an id, its columns of figures and its named totals.
    #[serde(default, rename = "budgetar")]
    pub budgetar: Vec<Flerarsbudget>,
    /// The decision that adopted the plan (status `beslutad`).
    #[serde(default)]
    #[schemars(with = "Option<Beslut>")]
    pub beslut: Option<Spanned<Beslut>>,
    /// The chapters, in order.
    pub kapitel: Vec<Kapitel>,
}

/// Facts about the document, shown on the cover and in the PDF metadata.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dokument {
    /// The organisation, e.g. "Region Halland".
    #[schemars(with = "String")]
    pub organisation: Text,
    /// The board that adopts the plan, e.g. "Lokal nämnd Kungsbacka".
    #[serde(rename = "nämnd")]
    #[schemars(with = "String")]
    pub namnd: Text,
    /// The title without the year, e.g. "Verksamhetsplan med budget".
    #[schemars(with = "String")]
    pub titel: Text,
    /// The year the plan is for.
    #[serde(rename = "år")]
    #[schemars(with = "i32")]
    pub ar: Spanned<i32>,
    /// The plan period, if longer than the year, e.g. "2020–2022".
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub planperiod: Option<Text>,
    /// The date of the document (ISO, e.g. 2020-12-09).
    #[schemars(with = "NaiveDate")]
    pub datum: Spanned<NaiveDate>,
    /// The registry number (diarienummer), if any.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub dnr: Option<Text>,
    /// Keywords for the PDF metadata.
    #[serde(default)]
    pub nyckelord: Vec<String>,
    /// A logo for the cover, read from the plan's own folder.
    #[serde(default)]
    pub logotyp: Option<Logotyp>,
    /// Draft or adopted; a plan that says nothing is marked as neither.
    #[serde(default)]
    #[schemars(with = "Option<Status>")]
    pub status: Option<Spanned<Status>>,
    /// The draft's version number (Utkast 2).
    #[serde(default)]
    #[schemars(with = "Option<u32>")]
    pub version: Option<Spanned<u32>>,
    /// The meeting a draft is for.
    #[serde(default, rename = "sammanträde")]
    pub sammantrade: Option<Sammantrade>,
    /// How many heading levels the table of contents lists; every numbered
    /// level when not given.
    #[serde(default, rename = "innehållsdjup")]
    #[schemars(with = "Option<u8>")]
    pub innehallsdjup: Option<Spanned<u8>>,
    /// A template folder for this plan, relative to it (e.g. a region's
    /// look, shared by its boards); `--templates` overrides it.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub mall: Option<Spanned<String>>,
    /// Whether each chapter starts a new page (yes when not given).
    #[serde(default, rename = "kapitel_på_ny_sida")]
    pub kapitel_pa_ny_sida: Option<bool>,
    /// Where readers report what they cannot read or use, as the web
    /// site's accessibility statement tells them.
    #[serde(default)]
    pub kontakt: Option<Kontakt>,
}

/// How readers reach the board about the document.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kontakt {
    /// An e-mail address: `kansli@kungsbacka.se`.
    #[serde(default, rename = "e-post")]
    #[schemars(with = "Option<String>")]
    pub epost: Option<Text>,
    /// A telephone number, as it is written: `0300-83 40 00`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub telefon: Option<Text>,
}

/// Whether the plan is a draft or adopted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum Status {
    /// A draft, marked as such on every page.
    #[serde(rename = "utkast")]
    Utkast,
    /// Adopted: the cover states the decision.
    #[serde(rename = "beslutad")]
    Beslutad,
}

/// A meeting of the board.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sammantrade {
    /// What the meeting is called, e.g. "nämndsammanträde".
    pub namn: String,
    /// Its date.
    pub datum: NaiveDate,
}

/// The decision adopting the plan. Every field is needed for an adopted
/// plan; they are optional here so that all missing ones can be named.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Beslut {
    /// The body that decided, e.g. "Lokal nämnd Kungsbacka".
    #[serde(default)]
    pub organ: Option<String>,
    /// The date of the decision.
    #[serde(default)]
    pub datum: Option<NaiveDate>,
    /// The minute paragraph, e.g. "§ 45" or 45.
    #[serde(default)]
    #[schemars(with = "Option<ParagrafSchema>")]
    pub paragraf: Option<Spanned<String>>,
    /// The registry number; `dokument.dnr` when not given.
    #[serde(default)]
    pub dnr: Option<String>,
}

/// How the schema describes a minute paragraph: "§ 45" or 45.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum ParagrafSchema {
    /// As written, e.g. "§ 45".
    Text(String),
    /// The number alone.
    Nummer(u32),
}

/// The JSON Schema of the plan format, generated from these types so that
/// it cannot drift from what vplan accepts.
pub fn json_schema() -> String {
    schema_of::<Plan>()
}

/// The JSON Schema of a file format, pretty-printed: the plan's, the
/// report's, the import rules'.
pub fn schema_of<T: JsonSchema>() -> String {
    let schema = schemars::schema_for!(T);
    // A schema of plain data always serialises.
    serde_json::to_string_pretty(&schema).expect("a JSON Schema serialises") + "\n"
}

/// A logo image and its alternative text.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Logotyp {
    /// Path relative to the plan file; must stay inside the plan's folder.
    #[schemars(with = "String")]
    pub fil: Spanned<String>,
    /// Alternative text read by screen readers.
    #[schemars(with = "String")]
    pub alt: Spanned<String>,
}

/// A numbered chapter.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kapitel {
    /// The heading, without its number.
    #[schemars(with = "String")]
    pub titel: Text,
    /// The chapter's blocks, in order.
    #[serde(default, rename = "innehåll")]
    pub innehall: Vec<Block>,
}

/// One block of a chapter or section.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub enum Block {
    /// A paragraph.
    #[serde(rename = "stycke")]
    Stycke(#[schemars(with = "String")] Text),
    /// A paragraph whose lead word (its first occurrence) is set in bold.
    #[serde(rename = "ledord")]
    Ledord(Ledord),
    /// An unnumbered heading, such as "Beskrivning" or "Sammanfattning".
    #[serde(rename = "mellanrubrik")]
    Mellanrubrik(#[schemars(with = "String")] Text),
    /// A bullet list.
    #[serde(rename = "lista")]
    Lista(#[schemars(with = "Vec<String>")] Vec<Text>),
    /// A numbered list (1. 2. 3.), e.g. the att-satser of a proposal.
    #[serde(rename = "numrerad_lista")]
    NumreradLista(#[schemars(with = "Vec<String>")] Vec<Text>),
    /// A table of text and figures, e.g. an internkontrollplan or nyckeltal.
    #[serde(rename = "tabell")]
    Tabell(Tabell),
    /// A numbered section (3.1, 5.1 …) with blocks of its own.
    #[serde(rename = "avsnitt")]
    Avsnitt(Kapitel),
    /// A text by id, from the plan's `texter` or a shared data file.
    #[serde(rename = "text")]
    Text(#[schemars(with = "String")] Spanned<String>),
    /// The goal overview table (Fokusområde | Regiongemensamma uppdrag | …).
    #[serde(rename = "målöversikt")]
    Maloversikt(Maloversikt),
    /// One numbered section per focus area and assignment.
    #[serde(rename = "målavsnitt")]
    Malavsnitt(Malavsnitt),
    /// A chart drawn from the budget, with its text alternative and data table.
    #[serde(rename = "diagram")]
    Diagram(#[schemars(with = "Diagram")] Spanned<Diagram>),
    /// The budget per kontoklass, with its total.
    #[serde(rename = "budgettabell")]
    Budgettabell(#[schemars(with = "Budgettabell")] Spanned<Budgettabell>),
    /// The breakdown (fördelning) of one budget line, as a table.
    #[serde(rename = "fördelning")]
    Fordelning(Fordelningstabell),
    /// The descriptions of the lines under a budget line, grouped as in
    /// its breakdown: a heading and the text of each allocated item.
    #[serde(rename = "medelsbeskrivningar")]
    Medelsbeskrivningar(#[schemars(with = "String")] Spanned<String>),
    /// A table of indicators: their outcomes and targets (in a report, the
    /// year's outcome and its status).
    #[serde(rename = "nyckeltal")]
    Nyckeltal(#[schemars(with = "Nyckeltalstabell")] Spanned<Nyckeltalstabell>),
    /// In a follow-up report: every focus area and assignment with its
    /// status (uppfyllt, delvis uppfyllt, ej uppfyllt), as symbol and text.
    #[serde(rename = "måluppfyllelse")]
    Maluppfyllelse(#[schemars(with = "Tom")] Spanned<Tom>),
}

/// A block without options: `måluppfyllelse: {}`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tom {}

/// A paragraph with a lead word in bold.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ledord {
    /// The lead word; it must occur in the text.
    #[schemars(with = "String")]
    pub ord: Spanned<String>,
    /// The paragraph.
    #[schemars(with = "String")]
    pub text: Text,
}

/// Options of the goal overview table.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Maloversikt {
    /// Column headings; the 2021 plan's when not given.
    pub kolumner: Option<[String; 3]>,
}

/// Options of the goal sections.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Malavsnitt {
    /// Heading above each description: the label `beskrivning`
    /// ("Beskrivning") when not given, none when null.
    #[serde(deserialize_with = "given")]
    #[schemars(with = "Option<String>")]
    pub beskrivningsrubrik: Option<Option<String>>,
    /// Label added in parentheses to a region-wide assignment's heading.
    pub regiongemensamt: Option<String>,
    /// Label added in parentheses to an own assignment's heading.
    pub eget: Option<String>,
}

/// A field that is given, as null or a value, as opposed to left out.
fn given<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// Options of the budget table.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Budgettabell {
    /// Heading of the first column; "Kontoklass" (or the budget's `rubrik`) when not given.
    pub rubrik: Option<String>,
    /// Which of `budgetar` to show, by id; the plan's `budget` when not given.
    #[schemars(with = "Option<String>")]
    pub budget: Option<Spanned<String>>,
    /// A caption above the table, e.g. "Driftbudget 2021–2023, tkr".
    pub bildtext: Option<String>,
    /// How many levels of lines to show: the plan's `budget` shows its
    /// kontoklasser alone (1), a budget with columns every level, when not given.
    #[serde(default, rename = "nivåer")]
    #[schemars(with = "Option<usize>")]
    pub nivaer: Option<Spanned<usize>>,
}

/// Which budget line's breakdown to show, and how deep.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fordelningstabell {
    /// The id of the budget line.
    #[schemars(with = "String")]
    pub post: Spanned<String>,
    /// How many levels of the breakdown to show; all when not given.
    #[serde(default, rename = "nivåer")]
    #[schemars(with = "Option<usize>")]
    pub nivaer: Option<Spanned<usize>>,
    /// A caption above the table, e.g. "Utvecklingsmedel 2021, tkr".
    #[serde(default)]
    pub bildtext: Option<String>,
}

/// A focus area: shared (by `ref`) or the board's own (by `titel`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fokusomrade {
    /// An id for the follow-up reports of the board's own focus area, which
    /// stays when the title changes; a shared one's is its `ref`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub id: Option<Spanned<String>>,
    /// Id of a focus area in a shared data file.
    #[serde(default, rename = "ref")]
    #[schemars(with = "Option<String>")]
    pub referens: Option<Spanned<String>>,
    /// Title of a focus area of the board's own.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub titel: Option<Text>,
    /// Description, overriding a shared one.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub beskrivning: Option<Vec<Text>>,
    /// Assignments under the focus area.
    #[serde(default)]
    pub uppdrag: Vec<Uppdrag>,
    /// The indicators it is measured by, by id, shown under its description.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub nyckeltal: Vec<Spanned<String>>,
}

/// An assignment: region-wide (by `ref`) or the board's own (by `titel`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Uppdrag {
    /// An id for the follow-up reports of the board's own assignment, which
    /// stays when the title changes; a region-wide one's is its `ref`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub id: Option<Spanned<String>>,
    /// Id of a region-wide assignment in a shared data file.
    #[serde(default, rename = "ref")]
    #[schemars(with = "Option<String>")]
    pub referens: Option<Spanned<String>>,
    /// Title of the board's own assignment.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub titel: Option<Text>,
    /// Description; for a region-wide assignment it overrides the shared one.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub beskrivning: Option<Vec<Text>>,
    /// The board's own assignments under a region-wide one.
    #[serde(default)]
    pub uppdrag: Vec<Uppdrag>,
    /// The indicators it is measured by, by id, shown under its description.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub nyckeltal: Vec<Spanned<String>>,
}

/// The board's internal budget, in whole tkr.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// The year of the `föregående` figures; when given, tables show last
    /// year, this year and the change.
    #[serde(default, rename = "föregående_år")]
    #[schemars(with = "Option<i32>")]
    pub foregaende_ar: Option<Spanned<i32>>,
    /// The lines per kontoklass.
    pub kontoklasser: Vec<Post>,
    /// The total as the planner states it; checked against the computed one.
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub summa: Option<Spanned<i64>>,
}

/// A budget line: an amount, or a breakdown (fördelning) into lines.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Post {
    /// Id for references from text and blocks.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub id: Option<Spanned<String>>,
    /// The name shown in the tables.
    #[schemars(with = "String")]
    pub namn: Text,
    /// The amount in tkr, for a line without breakdown.
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub belopp: Option<Spanned<i64>>,
    /// Last year's amount in tkr, for a line without breakdown (0 if not given).
    #[serde(default, rename = "föregående")]
    #[schemars(with = "Option<i64>")]
    pub foregaende: Option<Spanned<i64>>,
    /// The lines this one is broken down into.
    #[serde(default, rename = "fördelning")]
    #[schemars(with = "Option<Vec<Post>>")]
    pub fordelning: Option<Spanned<Vec<Post>>>,
    /// The total as the planner states it; checked against the computed one.
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub summa: Option<Spanned<i64>>,
    /// Heading of this line's breakdown table; "NAMN, fördelning" when not given.
    #[serde(default, rename = "fördelningsrubrik")]
    #[schemars(with = "Option<String>")]
    pub fordelningsrubrik: Option<Text>,
    /// What the money is for, shown by `medelsbeskrivningar`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub beskrivning: Vec<Text>,
}

/// A shared data file: content every board repeats word for word.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gemensamt {
    /// Texts by id (vision, värdegrund …).
    #[serde(default)]
    pub texter: BTreeMap<String, Vec<Block>>,
    /// Footnotes by id.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub fotnoter: BTreeMap<String, Text>,
    /// Focus areas with their region-wide assignments.
    #[serde(default, rename = "fokusområden")]
    pub fokusomraden: Vec<GemensamtFokusomrade>,
}

/// A focus area decided by the regional council.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GemensamtFokusomrade {
    /// The id plans refer to.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The title.
    #[schemars(with = "String")]
    pub titel: Text,
    /// Its description, if any.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub beskrivning: Vec<Text>,
    /// Its region-wide assignments.
    #[serde(default)]
    pub uppdrag: Vec<GemensamtUppdrag>,
}

/// A region-wide assignment, the same for every board.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GemensamtUppdrag {
    /// The id plans refer to.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The title.
    #[schemars(with = "String")]
    pub titel: Text,
    /// Its description.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub beskrivning: Vec<Text>,
}
