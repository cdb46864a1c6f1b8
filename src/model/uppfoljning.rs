//! A follow-up report as written: a delårsrapport or a verksamhetsberättelse
//! that names its plan and adds only what is new: outcomes (utfall), a
//! forecast (prognos), a status and an analysis per goal, and its own
//! chapters. Goals and budget lines are the plan's, by id.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use super::{Beslut, Kapitel, Sammantrade, Spanned, Status, Text};

/// A follow-up report of a plan.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Uppfoljning {
    /// The plan it follows, relative to this file, e.g. `kungsbacka-2021.yaml`.
    #[schemars(with = "String")]
    pub plan: Spanned<String>,
    /// Which report, and its date.
    pub rapport: Rapport,
    /// The outcome per budget line without a breakdown, by the line's id, in
    /// the unit of its budget: whole tkr, or e.g. `1.8` in a budget in mnkr
    /// (`~` while not known: shown "–" and listed by `check`).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Option<super::Belopp>>")]
    pub utfall: BTreeMap<String, Spanned<Option<super::Belopp>>>,
    /// In a delårsrapport, the forecast for the whole year per budget line.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Option<super::Belopp>>")]
    pub prognos: BTreeMap<String, Spanned<Option<super::Belopp>>>,
    /// In a delårsrapport, the budget for the period (e.g. January to
    /// August) per budget line: shown as "Budget jan–aug" beside the year's.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Option<super::Belopp>>")]
    pub periodbudget: BTreeMap<String, Spanned<Option<super::Belopp>>>,
    /// In a delårsrapport, last year's outcome for the same period per
    /// budget line: shown as "Utfall jan–aug 2021" beside this year's.
    #[serde(default, rename = "utfall_föregående_år")]
    #[schemars(with = "BTreeMap<String, Option<super::Belopp>>")]
    pub utfall_foregaende_ar: BTreeMap<String, Spanned<Option<super::Belopp>>>,
    /// The outcome of each indicator for the year (or the period), by id;
    /// `~` while not known. Its status is computed from its target.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Option<super::Belopp>>")]
    pub nyckeltal: BTreeMap<String, Spanned<Option<super::Belopp>>>,
    /// The status and analysis per focus area and assignment, by its id
    /// (`ref` for a shared one, `id` for the board's own).
    #[serde(default, rename = "mål")]
    #[schemars(with = "BTreeMap<String, Maluppfoljning>")]
    pub mal: BTreeMap<String, Spanned<Maluppfoljning>>,
    /// Footnotes by id, for `{fotnot:id}` in the report's text, beside the plan's.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub fotnoter: BTreeMap<String, Text>,
    /// The report's chapters, in order.
    pub kapitel: Vec<Kapitel>,
}

/// Which report, when, and its state.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rapport {
    /// `delårsrapport` or `verksamhetsberättelse`.
    #[schemars(with = "Rapporttyp")]
    pub typ: Spanned<Rapporttyp>,
    /// The report's date.
    #[schemars(with = "NaiveDate")]
    pub datum: Spanned<NaiveDate>,
    /// For a delårsrapport, the last day of its period, which starts with
    /// the year (2021-08-31: "januari–augusti").
    #[serde(default, rename = "till_och_med")]
    #[schemars(with = "Option<NaiveDate>")]
    pub till_och_med: Option<Spanned<NaiveDate>>,
    /// The report's registry number, if any.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub dnr: Option<Text>,
    /// Draft or adopted, as for a plan.
    #[serde(default)]
    #[schemars(with = "Option<Status>")]
    pub status: Option<Spanned<Status>>,
    /// The draft's version number.
    #[serde(default)]
    #[schemars(with = "Option<u32>")]
    pub version: Option<Spanned<u32>>,
    /// The meeting a draft is for.
    #[serde(default, rename = "sammanträde")]
    pub sammantrade: Option<Sammantrade>,
    /// The decision that adopted the report (`status: beslutad`), as for a plan.
    #[serde(default)]
    #[schemars(with = "Option<Beslut>")]
    pub beslut: Option<Spanned<Beslut>>,
}

/// The kinds of follow-up report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum Rapporttyp {
    /// Part of the year: outcome so far and a forecast for the year.
    #[serde(rename = "delårsrapport")]
    Delarsrapport,
    /// The whole year, after it ended.
    #[serde(rename = "verksamhetsberättelse")]
    Verksamhetsberattelse,
}

/// How a goal went.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Maluppfoljning {
    /// `uppfyllt`, `delvis uppfyllt` or `ej uppfyllt`; `~` while not assessed.
    #[serde(default)]
    #[schemars(with = "Option<Maluppfyllelse>")]
    pub status: Option<Spanned<Maluppfyllelse>>,
    /// The analysis, a paragraph per item.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub analys: Vec<Text>,
}

/// A goal's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum Maluppfyllelse {
    /// Fulfilled.
    #[serde(rename = "uppfyllt")]
    Uppfyllt,
    /// Partly fulfilled.
    #[serde(rename = "delvis uppfyllt")]
    DelvisUppfyllt,
    /// Not fulfilled.
    #[serde(rename = "ej uppfyllt")]
    EjUppfyllt,
}

/// The JSON Schema of the follow-up format.
pub fn json_schema() -> String {
    crate::model::schema_of::<Uppfoljning>()
}
