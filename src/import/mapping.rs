//! The mapping file of `vplan import`: which accounts (and ansvar) of the
//! accounting system go to which budget line, and where a sheet keeps them.
//!
//! ```yaml
//! källa:                 # optional: how a CSV or xlsx file is laid out
//!   blad: Utfall         # the sheet (the first when not given)
//!   kolumner: {konto: Konto, ansvar: Ansvar, belopp: Utfall}
//!   dimension: 1         # SIE: the #OBJEKT dimension `ansvar` is matched in
//! regler:
//!   - post: taxor
//!     konton: 3000-3199
//!   - post: personal
//!     konton: [5000-5999, 7000-7699]
//!     ansvar: [110, 120-129]
//! ```

use schemars::JsonSchema;
use serde::Deserialize;

use crate::model::Spanned;

/// A whole mapping file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// How the file read is laid out.
    #[serde(default, rename = "källa")]
    pub kalla: Kalla,
    /// The rules, each taking accounts to one budget line; an amount goes
    /// to one line of each budget at most.
    #[schemars(with = "Vec<Regel>")]
    pub regler: Vec<Spanned<Regel>>,
}

/// How a CSV or xlsx file is laid out; which SIE dimension is `ansvar`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kalla {
    /// The sheet of a workbook; the first when not given.
    #[serde(default)]
    pub blad: Option<String>,
    /// The headings of the columns read.
    #[serde(default)]
    pub kolumner: Kolumner,
    /// The SIE `#OBJEKT` dimension that `ansvar` names (1, kostnadsställe or
    /// resultatenhet, when not given).
    #[serde(default = "one")]
    pub dimension: u32,
}

fn one() -> u32 {
    1
}

impl Default for Kalla {
    fn default() -> Self {
        Self { blad: None, kolumner: Kolumner::default(), dimension: one() }
    }
}

/// The headings of a sheet's columns, matched without regard to case.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kolumner {
    /// The account's column.
    #[serde(default = "konto")]
    pub konto: String,
    /// The ansvar's column, if the rules use ansvar.
    #[serde(default = "ansvar")]
    pub ansvar: String,
    /// The amount's column (kronor, as the accounting system writes them).
    #[serde(default = "belopp")]
    pub belopp: String,
}

impl Default for Kolumner {
    fn default() -> Self {
        Self { konto: konto(), ansvar: ansvar(), belopp: belopp() }
    }
}

fn konto() -> String {
    "konto".into()
}
fn ansvar() -> String {
    "ansvar".into()
}
fn belopp() -> String {
    "belopp".into()
}

/// One rule: these accounts (and ansvar) to this line.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Regel {
    /// The budget line's id.
    #[schemars(with = "String")]
    pub post: Spanned<String>,
    /// Accounts: `3010`, `3000-3199`, or a list of them.
    #[schemars(with = "Intervall")]
    pub konton: Spanned<Intervall>,
    /// Ansvar (SIE objects of the dimension in `källa`): as `konton`; every
    /// ansvar when not given.
    #[serde(default)]
    #[schemars(with = "Option<Intervall>")]
    pub ansvar: Option<Spanned<Intervall>>,
    /// `omvänt` takes the amounts with the other sign; by default the sign
    /// of a line's type is applied: intäkter and funding (credited, negative
    /// in the books) are taken positive, as vplan enters them.
    #[serde(default)]
    pub tecken: Option<Tecken>,
}

/// Which sign a rule's amounts take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum Tecken {
    /// As in the file.
    #[serde(rename = "som_bokfört")]
    SomBokfort,
    /// The other sign.
    #[serde(rename = "omvänt")]
    Omvant,
}

/// Codes as a plan writes them: one, a range, or a list of both.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Intervall {
    /// One code or range.
    En(Kod),
    /// Several.
    Flera(Vec<Kod>),
}

/// One code (`3010`) or a range (`3000-3199`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Kod {
    /// A number.
    Tal(u64),
    /// A code or a range written as text.
    Text(String),
}

impl Intervall {
    /// Each code or range as (first, last); an unreadable one as its text.
    pub fn ranges(&self) -> Vec<Result<(u64, u64), String>> {
        let codes: Vec<&Kod> = match self {
            Intervall::En(k) => vec![k],
            Intervall::Flera(ks) => ks.iter().collect(),
        };
        codes.into_iter().map(Kod::range).collect()
    }

    /// Whether `code` falls in one of its ranges.
    pub fn contains(&self, code: u64) -> bool {
        self.ranges().into_iter().flatten().any(|(a, b)| (a..=b).contains(&code))
    }
}

impl Kod {
    fn range(&self) -> Result<(u64, u64), String> {
        match self {
            Kod::Tal(n) => Ok((*n, *n)),
            Kod::Text(t) => {
                let read = |s: &str| s.trim().parse::<u64>().ok();
                let parsed = match t.split_once(['-', '–']) {
                    Some((a, b)) => read(a).zip(read(b)),
                    None => read(t).map(|n| (n, n)),
                };
                parsed.filter(|(a, b)| a <= b).ok_or_else(|| t.clone())
            }
        }
    }
}

/// The JSON Schema of the mapping file, for editors.
pub fn json_schema() -> String {
    crate::model::schema_of::<Mapping>()
}

/// A code as the accounting system writes it, as a number: "3010" → 3010;
/// none for codes that are not digits ("A12").
pub fn code(text: &str) -> Option<u64> {
    let t = text.trim();
    let t = t.strip_suffix(".0").unwrap_or(t);
    t.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_ranges_are_read_as_written() {
        let i = Intervall::Flera(vec![
            Kod::Tal(3010),
            Kod::Text("5000-5999".into()),
            Kod::Text("7000 – 7099".into()),
        ]);
        assert!(i.contains(3010) && i.contains(5500) && i.contains(7099));
        assert!(!i.contains(3011) && !i.contains(6000));
        assert_eq!(Intervall::En(Kod::Text("5999-5000".into())).ranges(), vec![Err("5999-5000".to_string())]);
        assert_eq!(code("3010"), Some(3010));
        assert_eq!(code("3010.0"), Some(3010));
        assert_eq!(code("A1"), None);
    }
}
