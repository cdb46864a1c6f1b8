//! Placeholders in running text: `{kr:id}`, `{tkr:id}`, `{mnkr:id}`, `{procent:id}`,
//! `{fotnot:id}`; figures may name a column (`{tkr:id@plan 2022}`) and ask
//! for the absolute value (`{tkr:id@förändring|abs}`).
//!
//! A planner never retypes an amount: "avser att avsätta {kr:foraldrastod}
//! kronor" takes the figure from the budget line `foraldrastod`. A
//! placeholder is `{`, a kind of letters, `:`, an id, and `}`; any other
//! brace is ordinary text (`{{ x }}` too), and `{{kr:id}` writes the
//! literal text `{kr:id}`.

/// A piece of text: literal, or a placeholder to resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text shown as written.
    Literal(String),
    /// A placeholder, with its byte offset in the text.
    Placeholder {
        /// The kind as written (see [`Kind`]); an unknown one is kept so
        /// that a typo is reported, not printed.
        kind: &'a str,
        /// The id it refers to.
        id: &'a str,
        /// Where it starts in the text.
        offset: usize,
    },
}

/// The kinds of placeholder there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An amount in kronor: `{kr:id}`.
    Kr,
    /// An amount in tkr: `{tkr:id}`.
    Tkr,
    /// An amount in mnkr, with one decimal: `{mnkr:id}`.
    Mnkr,
    /// This year's change in per cent: `{procent:id}`.
    Procent,
    /// A footnote: `{fotnot:id}`.
    Fotnot,
    /// A report's outcome: `{utfall:id}`.
    Utfall,
    /// A report's forecast: `{prognos:id}`.
    Prognos,
    /// A report's deviation from budget: `{avvikelse:id}`.
    Avvikelse,
}

impl Kind {
    /// Every kind, in the order error help lists them.
    pub const ALL: [Kind; 8] = [
        Kind::Kr,
        Kind::Tkr,
        Kind::Mnkr,
        Kind::Procent,
        Kind::Fotnot,
        Kind::Utfall,
        Kind::Prognos,
        Kind::Avvikelse,
    ];

    /// The kind as plans write it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Kr => "kr",
            Kind::Tkr => "tkr",
            Kind::Mnkr => "mnkr",
            Kind::Procent => "procent",
            Kind::Fotnot => "fotnot",
            Kind::Utfall => "utfall",
            Kind::Prognos => "prognos",
            Kind::Avvikelse => "avvikelse",
        }
    }

    /// The kind a plan wrote, if vplan knows it.
    pub fn parse(written: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == written)
    }
}

/// Splits text into literal pieces and placeholders.
pub fn parse(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(i) = rest.find('{') {
        literal.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if after.starts_with('{') && placeholder(&after[1..]).is_some() {
            // `{{kr:id}` is the literal text `{kr:id}`.
            literal.push('{');
            rest = &after[1..];
            offset += i + 2;
            continue;
        }
        match placeholder(after) {
            Some((kind, id, len)) => {
                if !literal.is_empty() {
                    pieces.push(Piece::Literal(std::mem::take(&mut literal)));
                }
                pieces.push(Piece::Placeholder { kind, id, offset: offset + i });
                rest = &after[len..];
                offset += i + 1 + len;
            }
            None => {
                literal.push('{');
                rest = after;
                offset += i + 1;
            }
        }
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        pieces.push(Piece::Literal(literal));
    }
    pieces
}

/// Reads `kind:id}` at the start of `s`; returns kind, id and bytes used.
fn placeholder(s: &str) -> Option<(&str, &str, usize)> {
    let colon = s.find(':')?;
    let kind = &s[..colon];
    if kind.is_empty() || !kind.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let close = s[colon + 1..].find('}')? + colon + 1;
    let id = &s[colon + 1..close];
    if !is_reference(id) {
        return None;
    }
    Some((kind, id, close + 1))
}

/// An id, optionally followed by `@COLUMN` (letters, digits, spaces, `%`)
/// and `|abs`: `nettokostnad`, `intakter@plan 2022`, `netto@förändring|abs`.
fn is_reference(text: &str) -> bool {
    let (rest, _) = text.rsplit_once("|abs").filter(|(_, after)| after.is_empty()).unwrap_or((text, ""));
    let (id, column) = rest.split_once('@').unwrap_or((rest, "x"));
    !id.is_empty()
        && id.chars().all(is_id_char)
        && !column.trim().is_empty()
        && column.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '%')
}

/// A placeholder's reference taken apart: id, column and `|abs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference<'a> {
    /// The id of a budget line, total or footnote.
    pub id: &'a str,
    /// The column, e.g. "plan 2022" or "förändring"; this year's budget when none.
    pub column: Option<&'a str>,
    /// Whether the figure is shown without its sign.
    pub abs: bool,
}

impl<'a> Reference<'a> {
    /// Takes apart what stands after the kind and colon.
    pub fn parse(text: &'a str) -> Self {
        let (rest, abs) = match text.strip_suffix("|abs") {
            Some(rest) => (rest, true),
            None => (text, false),
        };
        match rest.split_once('@') {
            Some((id, column)) => Reference { id, column: Some(column.trim()), abs },
            None => Reference { id: rest, column: None, abs },
        }
    }
}

/// Characters an id may hold: letters (å, ä, ö too), digits, `-` and `_`.
pub fn is_id_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Piece<'_> {
        Piece::Literal(s.to_string())
    }

    #[test]
    fn text_without_placeholders_is_one_literal() {
        assert_eq!(parse("Bästa livsplatsen"), [lit("Bästa livsplatsen")]);
        assert_eq!(parse(""), []);
    }

    #[test]
    fn placeholders_are_found_with_their_offsets() {
        let text = "avsätta {kr:föräldrastöd} kronor{fotnot:a}";
        let pieces = parse(text);
        assert_eq!(
            pieces,
            [
                lit("avsätta "),
                Piece::Placeholder { kind: "kr", id: "föräldrastöd", offset: text.find("{kr").unwrap() },
                lit(" kronor"),
                Piece::Placeholder { kind: "fotnot", id: "a", offset: text.find("{fot").unwrap() },
            ]
        );
    }

    #[test]
    fn other_braces_are_text() {
        assert_eq!(parse("{} {a} {x: y} {A:b} }"), [lit("{} {a} {x: y} {A:b} }")]);
        assert_eq!(parse("{{ jinja }} {% x %}"), [lit("{{ jinja }} {% x %}")]);
        assert_eq!(parse("{{kr:a}"), [lit("{kr:a}")]);
        assert_eq!(parse("{kr:a"), [lit("{kr:a")]);
    }

    #[test]
    fn references_may_name_a_column_and_ask_for_the_absolute_value() {
        let text = "{tkr:netto@plan 2022} {kr:netto@förändring|abs} {procent:netto} {tkr:a@} {tkr:a b}";
        let ids: Vec<&str> = parse(text)
            .into_iter()
            .filter_map(|p| if let Piece::Placeholder { id, .. } = p { Some(id) } else { None })
            .collect();
        assert_eq!(ids, ["netto@plan 2022", "netto@förändring|abs", "netto"]);
        assert_eq!(
            Reference::parse("netto@förändring %|abs"),
            Reference { id: "netto", column: Some("förändring %"), abs: true }
        );
        assert_eq!(Reference::parse("netto"), Reference { id: "netto", column: None, abs: false });
    }

    #[test]
    fn kinds_are_known_by_their_written_names() {
        assert!(Kind::ALL.iter().all(|k| Kind::parse(k.name()) == Some(*k)));
        assert_eq!(Kind::parse("kronor"), None);
    }

    #[test]
    fn unknown_kinds_are_still_placeholders_so_typos_are_caught() {
        assert_eq!(parse("{kronor:a}"), [Piece::Placeholder { kind: "kronor", id: "a", offset: 0 }]);
    }
}
