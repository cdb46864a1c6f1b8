//! The one place where user text becomes Typst code (and, in [`html`],
//! web page text).
//!
//! Every string that comes from a plan is emitted as a Typst string literal,
//! never as markup, so no character a planner types can be read as Typst
//! syntax. In markup positions the literal is written as `#"…";` (the `;`
//! ends the expression, so a following `.` or `(` in the template is not read
//! as a method call); in code positions (arguments of `#set document(…)`,
//! for instance) as a plain `"…"`.

/// User text as every output prints it, in lines: CR, CRLF, LF and U+2028
/// end a line; tabs become a space; every other control or invisible
/// formatting character that cannot be shown is dropped (see [`is_dropped`]).
pub fn printable_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // CRLF and lone CR are one line break, as a reader would see them.
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                lines.push(std::mem::take(&mut line));
            }
            '\n' | '\u{2028}' => lines.push(std::mem::take(&mut line)),
            '\t' => line.push(' '),
            c if is_dropped(c) => {}
            c => line.push(c),
        }
    }
    lines.push(line);
    lines
}

/// Writes `text` as the inside of a Typst string literal (without quotes):
/// its printable lines joined by `\n`, backslashes and quotes escaped.
fn push_literal_body(out: &mut String, text: &str) {
    for (i, line) in printable_lines(text).iter().enumerate() {
        if i > 0 {
            out.push_str("\\n");
        }
        out.push_str(&line.replace('\\', "\\\\").replace('"', "\\\""));
    }
}

/// Whether a character is dropped from user text: C0/C1 control characters
/// (form feed, NUL, escape, …), which have no glyph and no meaning in a
/// printed document, and U+2029 (paragraph separator), which a plan expresses
/// as separate paragraphs instead. Line breaks and tabs are handled before
/// this is asked.
pub fn is_dropped(c: char) -> bool {
    c.is_control() || c == '\u{2029}'
}

/// Escapes user text for the web page: the same characters dropped and
/// line breaks kept (as `<br>`) as in the PDF, everything else
/// HTML-escaped by minijinja's escaper.
pub fn html(text: &str) -> String {
    let lines: Vec<String> =
        printable_lines(text).iter().map(|l| minijinja::HtmlEscape(l).to_string()).collect();
    lines.join("<br>")
}

/// User text as a CSS string literal, quotes included, for a style
/// sheet inside the web page (`content: …` of a printed page's margin):
/// its printable lines joined by spaces, every character but letters,
/// digits, space and plain punctuation written as a CSS escape, so that
/// nothing can end the string or the `<style>` element.
pub fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in printable_lines(text).join(" ").chars() {
        if c.is_alphanumeric() || " .,:;–·()!?%+-".contains(c) {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    out.push('"');
    out
}

/// Escapes user text for a markup position: `#"…";`.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    out.push_str("#\"");
    push_literal_body(&mut out, text);
    out.push_str("\";");
    out
}

/// Escapes user text for a code position: `"…"`.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    push_literal_body(&mut out, text);
    out.push('"');
    out
}

/// A Typst label `<id>` for an id vplan made (letters, digits, `-`);
/// `None` for anything else, which never becomes a label.
pub fn label(id: &str) -> Option<String> {
    let valid = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    valid.then(|| format!("<{id}>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_end_early() {
        assert_eq!(css_string("Utkast 2 · Nämnd"), "\"Utkast 2 · Nämnd\"");
        assert_eq!(css_string("a\"b</style>\\"), "\"a\\22 b\\3c \\2f style\\3e \\5c \"");
    }

    #[test]
    fn web_text_is_escaped_with_the_same_characters_dropped() {
        assert_eq!(html("<b>&\"x'"), "&lt;b&gt;&amp;&quot;x&#x27;");
        assert_eq!(html("nul\u{0}tecken\ttab"), "nultecken tab");
        assert_eq!(html("rad1\r\nrad2\nrad3"), "rad1<br>rad2<br>rad3");
    }

    #[test]
    fn plain_text_becomes_a_literal() {
        assert_eq!(markup("Inledning"), "#\"Inledning\";");
        assert_eq!(string("Inledning"), "\"Inledning\"");
    }

    #[test]
    fn quotes_and_backslashes_are_escaped() {
        assert_eq!(markup(r#"a "b" \c"#), r#"#"a \"b\" \\c";"#);
        assert_eq!(string(r"\"), r#""\\""#);
    }

    #[test]
    fn typst_syntax_stays_inside_the_literal() {
        for s in [
            "#",
            "$x$",
            "*bold*",
            "_em_",
            "`raw`",
            "@ref",
            "<label>",
            "[x]",
            "]",
            "//",
            "/* c",
            "= Rubrik",
            "- punkt",
            "+ punkt",
            "1. punkt",
            "#set text(red)",
            "\\",
        ] {
            let out = markup(s);
            assert!(out.starts_with("#\"") && out.ends_with("\";"), "{out}");
            // The body may only contain the text itself with `\` and `"` escaped.
            let body = &out[2..out.len() - 2];
            assert_eq!(body.replace("\\\\", "\\").replace("\\\"", "\""), s);
        }
    }

    #[test]
    fn line_breaks_and_tabs_are_normalised() {
        assert_eq!(markup("a\r\nb\rc\nd\te"), "#\"a\\nb\\nc\\nd e\";");
        assert_eq!(markup("a\u{2028}b"), "#\"a\\nb\";");
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(markup("a\u{0}b\u{c}c\u{1b}d\u{85}e\u{2029}f"), "#\"abcdef\";");
    }

    #[test]
    fn other_unicode_is_kept() {
        let s = "Öl – 1\u{a0}181 kr ≥ 🙂 \u{200b}";
        assert_eq!(markup(s), format!("#\"{s}\";"));
    }

    #[test]
    fn labels_take_only_plain_ids() {
        assert_eq!(label("avsnitt-3-1").as_deref(), Some("<avsnitt-3-1>"));
        assert_eq!(label("a>b"), None);
        assert_eq!(label(""), None);
    }

    #[test]
    fn the_output_parses_as_a_single_string_in_typst() {
        let hostile = "\"; #panic(\"x\") // ] [ $ \\";
        use typst::syntax::SyntaxKind;
        let source = format!("{}\n", markup(hostile));
        let root = typst::syntax::parse(&source);
        assert!(root.errors_and_warnings().0.is_empty(), "{source}");
        // Markup holding `#`, one string, `;` and the line break: nothing else.
        let kinds: Vec<SyntaxKind> = root.children().map(|c| c.kind()).collect();
        assert_eq!(kinds, [SyntaxKind::Hash, SyntaxKind::Str, SyntaxKind::Semicolon, SyntaxKind::Space]);
    }
}
