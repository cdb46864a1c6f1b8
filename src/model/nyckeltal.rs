//! Indicators (nyckeltal): how a board measures its goals. Each has a
//! target and a direction, outcomes per year, and is shown by the
//! `nyckeltal` block and under the goals that list it; a follow-up report
//! gives the year's outcome and vplan computes its status.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::{Belopp, Spanned, Text};

/// One indicator.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Nyckeltal {
    /// The id goals, blocks and reports refer to it by.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Its name, e.g. "Besök på biblioteken".
    #[schemars(with = "String")]
    pub namn: Text,
    /// What it counts, shown beside it: "antal", "%", "kr per invånare".
    #[serde(default)]
    pub enhet: Option<String>,
    /// How many decimals its figures have and show (0 when not given).
    #[serde(default)]
    #[schemars(with = "Option<u8>")]
    pub decimaler: Option<Spanned<u8>>,
    /// Which way is better: `öka` or `minska`.
    #[schemars(with = "Riktning")]
    pub riktning: Spanned<Riktning>,
    /// Where it started: a year and its figure; the last outcome before the
    /// plan's year when not given.
    #[serde(default, rename = "utgångsläge")]
    #[schemars(with = "Option<Matpunkt>")]
    pub utgangslage: Option<Spanned<Matpunkt>>,
    /// The target: a year and the figure to reach by then.
    #[serde(rename = "mål")]
    #[schemars(with = "Matpunkt")]
    pub mal: Spanned<Matpunkt>,
    /// Outcomes of earlier years, by year: `{2019: 184300, 2020: 121000}`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<i32, Belopp>")]
    pub utfall: BTreeMap<i32, Spanned<Belopp>>,
}

/// A year and a figure.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Matpunkt {
    /// The year.
    #[serde(rename = "år")]
    pub ar: i32,
    /// The figure.
    #[serde(rename = "värde")]
    pub varde: Belopp,
}

/// Which way an indicator should go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum Riktning {
    /// Higher is better.
    #[serde(rename = "öka")]
    Oka,
    /// Lower is better.
    #[serde(rename = "minska")]
    Minska,
}

/// The `nyckeltal` block: a table of indicators.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Nyckeltalstabell {
    /// Which, by id, in this order; every indicator when not given.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub id: Option<Vec<Spanned<String>>>,
    /// The caption; "Nyckeltal" when not given.
    #[serde(default)]
    pub bildtext: Option<String>,
}
