//! Budgets of any shape, as written: a driftbudget with intäkter and
//! kostnader, a nettokostnad, the funding and the result; an
//! investeringsbudget; each with the columns of figures it shows
//! (bokslut, budget and plan years, the change in tkr and in %).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::{Spanned, Text};
use crate::decimal::{Decimal, Enhet, MAX_DECIMALER, MAX_DIGITS, Unreadable, shortened, shortened_f64};

/// A figure as a plan writes it: a whole number (`5200`), or with decimals
/// in a budget that shows them (`1.8`, `"1,8"`, `"−0,4"`), kept exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Belopp(pub Decimal);

impl<'de> Deserialize<'de> for Belopp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Belopp;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a figure, e.g. 5200, 1.8 or \"1,8\"")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Belopp, E> {
                Ok(Belopp(Decimal::whole(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Belopp, E> {
                i64::try_from(v)
                    .map(|v| Belopp(Decimal::whole(v)))
                    .map_err(|_| E::custom(too_large(&v.to_string())))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Belopp, E> {
                Decimal::read_f64(v).map(Belopp).map_err(|why| match why {
                    Unreadable::TooLarge => E::custom(too_large(&shortened_f64(v))),
                    Unreadable::TooManyDecimals => E::custom(too_many_decimals(&shortened_f64(v))),
                    Unreadable::NotAFigure => E::custom(format!("{v} is not a figure a budget can hold")),
                })
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Belopp, E> {
                Decimal::read(v).map(Belopp).map_err(|why| match why {
                    Unreadable::TooLarge => E::custom(too_large(&shortened(v))),
                    Unreadable::TooManyDecimals => E::custom(too_many_decimals(&shortened(v))),
                    Unreadable::NotAFigure => E::custom(format!(
                        "`{}` is not a figure: write digits with a decimal comma or point, e.g. 1,8 or -0.4",
                        shortened(v)
                    )),
                })
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// The message for a figure with more digits than a figure can hold.
fn too_large(shown: &str) -> String {
    format!("the figure {shown} is too large: a figure may have at most {MAX_DIGITS} digits")
}

/// The message for a figure with more decimals than any budget shows.
fn too_many_decimals(shown: &str) -> String {
    format!("the figure {shown} has too many decimals: a figure may have at most {MAX_DECIMALER}")
}

impl JsonSchema for Belopp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Belopp".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A figure: a whole number, or with decimals where the budget shows them (1.8, \"1,8\", \"−0,4\").",
            "anyOf": [
                { "type": "number" },
                { "type": "string", "pattern": "^\\s*[-+\u{2212}]?[0-9][0-9 \u{a0}]*([,.][0-9]+)?\\s*$" }
            ]
        })
    }
}

/// A budget with an id, its columns and its lines, in whole tkr.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Flerarsbudget {
    /// The id blocks and placeholders use; also the id of its total.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Its name, e.g. "Driftbudget": the table's caption and first column heading.
    #[schemars(with = "String")]
    pub rubrik: Text,
    /// The columns, in order: "bokslut 2019", "budget 2020", "budget 2021"
    /// (this year's, filled by `belopp`), "plan 2022", "förändring" (this
    /// year's budget less the column before it) and "förändring %".
    /// Only this year's budget when not given.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub kolumner: Vec<Spanned<String>>,
    /// The unit its figures are entered and shown in: `tkr` (the default),
    /// `mnkr` or `kr`; the table's headings say it ("Budget 2021 i mnkr").
    #[serde(default)]
    #[schemars(with = "Option<Enhet>")]
    pub enhet: Option<Spanned<Enhet>>,
    /// How many decimals its figures have and show: 1 for `mnkr` ("1,8"),
    /// 0 for `tkr` and `kr` when not given. Sums stay exact.
    #[serde(default)]
    #[schemars(with = "Option<u8>")]
    pub decimaler: Option<Spanned<u8>>,
    /// How intäkter are shown: `positiva` (as entered, the default) or
    /// `negativa` ("Intäkter redovisas med negativt tecken"). They are always
    /// entered as positive amounts.
    #[serde(default, rename = "intäkter")]
    pub intakter: Visning,
    /// Whether a missing figure counts as 0 in sums; otherwise a sum with a
    /// missing figure is itself missing ("–").
    #[serde(default, rename = "saknade_som_noll")]
    pub saknade_som_noll: bool,
    /// The lines: groups of intäkter and kostnader, or projects.
    pub poster: Vec<Rad>,
    /// The total row: kostnader less intäkter (or the sum of all lines when
    /// no line has a `typ`); "Summa" when not named.
    #[serde(default)]
    pub summa: Option<Summarad>,
    /// The funding line (Kommunbidrag, Regionbidrag, budgetram), entered like a line.
    #[serde(default)]
    pub finansiering: Option<Rad>,
    /// The result row: funding less the total, checked against `ska_vara`.
    #[serde(default)]
    pub resultat: Option<Summarad>,
}

/// How intäkter are shown in tables.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum Visning {
    /// As entered: positive.
    #[default]
    #[serde(rename = "positiva")]
    Positiva,
    /// With a negative sign.
    #[serde(rename = "negativa")]
    Negativa,
}

/// Whether a line is income or cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum Radtyp {
    /// Income: subtracted in the total.
    #[serde(rename = "intäkt")]
    Intakt,
    /// Cost: added in the total.
    #[serde(rename = "kostnad")]
    Kostnad,
}

/// A computed row a budget names: its total or its result.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summarad {
    /// The row's name, e.g. "Nettokostnad" or "Resultat".
    #[schemars(with = "String")]
    pub namn: Text,
    /// An id for placeholders, e.g. `nettokostnad`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub id: Option<Spanned<String>>,
    /// What the row must come to in every budget and plan column, e.g. 0
    /// for a balanced result; a different computed figure is an error.
    #[serde(default)]
    #[schemars(with = "Option<Belopp>")]
    pub ska_vara: Option<Spanned<Belopp>>,
    /// This year's figure as the source states it (a budget's total from
    /// the accounting office); checked against the computed one.
    #[serde(default)]
    #[schemars(with = "Option<Belopp>")]
    pub summa: Option<Spanned<Belopp>>,
    /// Whether the row is shown (yes when not given): `visa: false` leaves
    /// out a total that means nothing, e.g. of a list of projects.
    #[serde(default = "yes")]
    pub visa: bool,
}

/// A line of a budget: figures per column, or a breakdown into lines.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rad {
    /// Id for references from text and blocks; unique in the plan.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub id: Option<Spanned<String>>,
    /// The name shown in the tables.
    #[schemars(with = "String")]
    pub namn: Text,
    /// Income or cost; a line inherits its group's.
    #[serde(default)]
    #[schemars(with = "Option<Radtyp>")]
    pub typ: Option<Spanned<Radtyp>>,
    /// This year's budget (the column "budget ÅR"), in the budget's unit.
    #[serde(default)]
    #[schemars(with = "Option<Belopp>")]
    pub belopp: Option<Spanned<Belopp>>,
    /// The figures of the other columns, by column: `{bokslut 2019: 5200, plan 2022: 5700}`.
    #[serde(default, rename = "värden")]
    #[schemars(with = "BTreeMap<String, Belopp>")]
    pub varden: BTreeMap<String, Spanned<Belopp>>,
    /// The lines this one is broken down into; its figures are their sums.
    #[serde(default, rename = "fördelning")]
    #[schemars(with = "Option<Vec<Rad>>")]
    pub fordelning: Option<Spanned<Vec<Rad>>>,
    /// The name of a sum row after the breakdown, e.g. "Summa intäkter";
    /// with it the group's name stands alone above its lines.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub summanamn: Option<Text>,
    /// This year's total of its breakdown as the planner states it (or its
    /// `belopp` again); checked against the computed one.
    #[serde(default)]
    #[schemars(with = "Option<Belopp>")]
    pub summa: Option<Spanned<Belopp>>,
    /// The caption of this line's breakdown table; "NAMN, fördelning" when not given.
    #[serde(default, rename = "fördelningsrubrik")]
    #[schemars(with = "Option<String>")]
    pub fordelningsrubrik: Option<Text>,
    /// What the money is for, shown by `medelsbeskrivningar`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub beskrivning: Vec<Text>,
    /// A comment shown in the table's last column ("Kommentar"), which the
    /// table has when any line has one.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub kommentar: Option<Text>,
    /// For a group: `false` shows its name as a heading above its lines and
    /// no sum row (its lines still count in the totals above it).
    #[serde(default = "yes", rename = "visa_summa")]
    pub visa_summa: bool,
    /// `true` shows the line but leaves it out of every sum above it: a
    /// "varav" line, or a line for information.
    #[serde(default, rename = "utanför_summa")]
    pub utanfor_summa: bool,
}

/// A table that is not a budget: an internkontrollplan, nyckeltal.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tabell {
    /// The caption above the table.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub bildtext: Option<Text>,
    /// The column headings.
    #[schemars(with = "Vec<String>")]
    pub kolumner: Vec<Text>,
    /// The rows: one text per column. A cell that is a whole number (or a
    /// placeholder of one) is a figure: right-aligned, Swedish digits.
    #[schemars(with = "Vec<Vec<CellSchema>>")]
    pub rader: Vec<Spanned<Vec<Text>>>,
    /// A sum row with this name, summing every column of figures.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub summa: Option<Text>,
    /// The columns' widths, relative to each other: `[3, 1, 1]` gives the
    /// first column three fifths of the width. Without it each column is as
    /// wide as its content needs.
    #[serde(default)]
    #[schemars(with = "Option<Vec<u32>>")]
    pub bredder: Option<Spanned<Vec<u32>>>,
}

/// How the schema describes a table cell: text, or a whole number.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum CellSchema {
    /// Text, which may hold placeholders.
    Text(String),
    /// A figure.
    Tal(i64),
}

/// A chart of budget figures: the plan chooses what, vplan draws it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Diagram {
    /// What it shows: `fördelning` (how a total splits into its lines),
    /// `jämförelse` (two columns side by side per line) or `utveckling`
    /// (one line across the columns of figures).
    #[schemars(with = "Diagramtyp")]
    pub typ: Spanned<Diagramtyp>,
    /// Which of `budgetar`, by id; the plan's `budget` when not given.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub budget: Option<Spanned<String>>,
    /// The line whose lines (fördelning, jämförelse) or figures
    /// (utveckling) are shown; the budget's own lines when not given.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub post: Option<Spanned<String>>,
    /// For `jämförelse`, the two columns, e.g. [budget 2020, budget 2021];
    /// last year's and this year's budget when not given.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub kolumner: Option<Spanned<Vec<String>>>,
    /// The caption.
    #[serde(default)]
    pub bildtext: Option<String>,
    /// Whether the chart's figures follow it as a table (yes when not given).
    #[serde(default = "yes")]
    pub tabell: bool,
}

fn yes() -> bool {
    true
}

/// The kinds of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum Diagramtyp {
    /// How a total splits into its lines: a bar per line, with its share.
    #[serde(rename = "fördelning")]
    Fordelning,
    /// Two columns side by side per line, e.g. last year and this year.
    #[serde(rename = "jämförelse")]
    Jamforelse,
    /// One line across the budget's columns of figures.
    #[serde(rename = "utveckling")]
    Utveckling,
}
