//! One SIE line taken apart: its label and its fields (words, "quoted
//! strings" and `{…}` object lists), as SIE 4 writes them: fields are
//! separated by spaces or tabs, a quote inside a quoted string is `\"`,
//! an object list may be empty (`{}`, `{ }`), and a label may be written
//! in any case (`#psaldo`).

use std::borrow::Cow;

/// A field of a SIE line: a word, a quoted string, or a `{…}` list.
#[derive(Debug, PartialEq)]
pub enum Field<'a> {
    /// A word or a quoted string, unquoted.
    Word(Cow<'a, str>),
    /// An object list: its words in order (dimension, object, dimension, …).
    List(Vec<Cow<'a, str>>),
}

/// The label of a line and the rest after it, when the line is a label
/// line (`#…`); columns are counted from the line's start.
pub fn label(line: &[u8]) -> Option<(&[u8], usize)> {
    let indent = line.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let rest = line.get(indent..)?.strip_prefix(b"#")?;
    let len = rest.iter().take_while(|b| !b.is_ascii_whitespace()).count();
    Some((&rest[..len], indent))
}

/// Whether every quote and `{` of a line is closed: how a line the import
/// does not read is checked, without taking it apart.
pub fn balanced(line: &[u8]) -> bool {
    let (mut quoted, mut list, mut escaped) = (false, false, false);
    for &b in line {
        match b {
            _ if escaped => escaped = false,
            b'\\' if quoted => escaped = true,
            b'"' => quoted = !quoted,
            b'{' if !quoted => {
                if list {
                    return false;
                }
                list = true;
            }
            b'}' if !quoted => {
                if !list {
                    return false;
                }
                list = false;
            }
            _ => {}
        }
    }
    !quoted && !list
}

/// The fields after a label; none when a quote or `{` is not closed.
pub fn fields(text: &str) -> Option<Vec<Field<'_>>> {
    let mut out = Vec::new();
    let mut list: Option<Vec<Cow<str>>> = None;
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        let Some(c) = rest.chars().next() else { break };
        let word: Cow<str> = match c {
            '{' => {
                if list.is_some() {
                    return None;
                }
                list = Some(Vec::new());
                rest = &rest[1..];
                continue;
            }
            '}' => {
                out.push(Field::List(list.take()?));
                rest = &rest[1..];
                continue;
            }
            '"' => {
                let (word, after) = quoted(&rest[1..])?;
                rest = after;
                word
            }
            _ => {
                let end = rest.find(|c: char| c.is_whitespace() || c == '{' || c == '}' || c == '"');
                let (word, after) = rest.split_at(end.unwrap_or(rest.len()));
                rest = after;
                Cow::Borrowed(word)
            }
        };
        match &mut list {
            Some(items) => items.push(word),
            None => out.push(Field::Word(word)),
        }
    }
    list.is_none().then_some(out)
}

/// A quoted string's text up to its closing quote, and what follows it.
fn quoted(text: &str) -> Option<(Cow<'_, str>, &str)> {
    let end = text.find(['"', '\\'])?;
    if text.as_bytes()[end] == b'"' {
        return Some((Cow::Borrowed(&text[..end]), &text[end + 1..]));
    }
    // An escape: build the text, `\x` standing for `x`.
    let mut out = String::from(&text[..end]);
    let mut chars = text[end..].char_indices();
    while let Some((_, c)) = chars.next() {
        match c {
            '\\' => out.push(chars.next()?.1),
            '"' => {
                let at = chars.next().map_or(text.len() - end, |(i, _)| i);
                return Some((Cow::Owned(out), &text[end + at..]));
            }
            c => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        fields(text)
            .unwrap()
            .into_iter()
            .map(|f| match f {
                Field::Word(w) => w.into_owned(),
                Field::List(l) => format!("{{{}}}", l.join(" ")),
            })
            .collect()
    }

    #[test]
    fn fields_are_words_quoted_strings_and_lists() {
        assert_eq!(
            words(r#"0 202108 5010 {1 "110"} -1234.50"#),
            ["0", "202108", "5010", "{1 110}", "-1234.50"]
        );
        assert_eq!(words(r#"3010 "Försäljning \"A\"" x"#), ["3010", "Försäljning \"A\"", "x"]);
        assert_eq!(words("0 202108 5010 {} 1"), ["0", "202108", "5010", "{}", "1"]);
        assert_eq!(words("0\t202108\t\"5010\"\t{ }\t1.00\t3"), ["0", "202108", "5010", "{}", "1.00", "3"]);
        assert_eq!(
            words(r#"0 202101 3010 {"1" "Syd" "6" "0001"} -5"#),
            ["0", "202101", "3010", "{1 Syd 6 0001}", "-5"]
        );
        assert_eq!(words(r#""a"b"#), ["a", "b"]);
        assert!(fields(r#"3010 "open"#).is_none());
        assert!(fields("0 {1 2").is_none());
        assert!(fields("0 {1 {2}}").is_none());
        assert!(fields("0 }").is_none());
    }

    #[test]
    fn labels_and_balance_are_found_in_bytes() {
        assert_eq!(label(b"  #PSALDO 0"), Some((&b"PSALDO"[..], 2)));
        assert_eq!(label(b"#psaldo\t0"), Some((&b"psaldo"[..], 0)));
        assert_eq!(label(b"{"), None);
        assert!(balanced(br#"3010 {1 "110"} -900.00 20140127 "text \" quoted""#));
        assert!(!balanced(br#"3010 {} -900.00 20140127 "260 aaaa"#));
        assert!(!balanced(b"3010 {1 2 -900.00"));
        assert!(!balanced(b"3010 } -900.00"));
    }
}
