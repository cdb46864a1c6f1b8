//! Edits of a YAML file as text, at the places the parser located, so that
//! the planner's comments, layout and wording stay exactly as written:
//! `new-year` moves a plan on with them, `import` writes outcomes into a
//! report.

use std::ops::Range;

use crate::error::SourceFile;
use crate::model::Spanned;

/// One replacement in the text.
#[derive(Debug)]
pub struct Edit {
    /// The bytes replaced.
    pub range: Range<usize>,
    /// What replaces them.
    pub text: String,
}

/// Inserts `key: value` as a sibling after the key-value at `beside`: in a
/// flow mapping after it on its line, in a block mapping on a line below.
pub fn insert_after<T>(file: &SourceFile, beside: &Spanned<T>, key: &str, value: &str) -> Edit {
    let range = token(file, beside);
    let after = file.text[range.end..].trim_start_matches([' ', '\t']);
    if after.starts_with(',') || after.starts_with('}') {
        // A flow mapping: `{…, belopp: 50}`.
        Edit { range: range.end..range.end, text: format!(", {key}: {value}") }
    } else {
        // A block mapping: a line below, at the key's indentation.
        let line_start = file.text[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let line = &file.text[line_start..range.start];
        let indent = line.len() - line.trim_start().len();
        let indent = if line.trim_start().starts_with("- ") { indent + 2 } else { indent };
        let line_end = file.text[range.end..].find('\n').map_or(file.text.len(), |i| range.end + i);
        Edit { range: line_end..line_end, text: format!("\n{}{key}: {value}", " ".repeat(indent)) }
    }
}

/// The byte range of the scalar at a YAML location.
pub fn token<T>(file: &SourceFile, spanned: &Spanned<T>) -> Range<usize> {
    let loc = &spanned.referenced;
    let start = file.offset(loc.line() as usize, loc.column() as usize);
    let rest = &file.text[start..];
    // A quoted scalar ends at its closing quote ("312,4" holds a comma).
    if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let mut escaped = false;
        for (i, c) in rest.char_indices().skip(1) {
            match c {
                '\\' if quote == '"' && !escaped => escaped = true,
                c if c == quote && !escaped => return start..start + i + 1,
                '\n' => break,
                _ => escaped = false,
            }
        }
    }
    let len = rest.find(['\n', ',', '}', ']', '#']).unwrap_or(rest.len());
    start..start + rest[..len].trim_end().len()
}

/// Replaces the scalar at a YAML location.
pub fn value_edit<T>(file: &SourceFile, spanned: &Spanned<T>, text: String) -> Edit {
    Edit { range: token(file, spanned), text }
}

/// A mapping block: the range of its lines and its children's indentation.
#[derive(Debug)]
pub struct Block {
    /// The bytes of its lines, the key's line included.
    pub lines: Range<usize>,
    /// Where the key's line ends.
    pub key_line_end: usize,
    /// The indentation of its children.
    pub child_indent: usize,
}

/// The block of `key:` at indentation `indent` (only top-level keys are looked for here).
pub fn block_of(file: &SourceFile, key: &str, indent: usize) -> Option<Block> {
    find_block(&file.text, 0..file.text.len(), key, indent)
}

/// The block of `key:` at `indent` within a range of the text.
pub fn find_block(text: &str, within: Range<usize>, key: &str, indent: usize) -> Option<Block> {
    let mut offset = within.start;
    let mut found: Option<(usize, usize)> = None;
    let mut child_indent = None;
    for line in text[within.clone()].split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_start_matches(' ');
        let this_indent = line.len() - content.len();
        let blank = content.trim().is_empty() || content.starts_with('#');
        match found {
            None => {
                if this_indent == indent && content.starts_with(&format!("{key}:")) {
                    found = Some((start, offset));
                }
            }
            Some((begin, key_end)) => {
                if blank {
                    continue;
                }
                if this_indent <= indent {
                    return Some(Block {
                        lines: begin..trim_trailing_blank(text, begin, start),
                        key_line_end: key_end,
                        child_indent: child_indent.unwrap_or(indent + 2),
                    });
                }
                child_indent.get_or_insert(this_indent);
            }
        }
    }
    found.map(|(begin, key_end)| Block {
        lines: begin..within.end,
        key_line_end: key_end,
        child_indent: child_indent.unwrap_or(indent + 2),
    })
}

/// Ends a removed block before the blank and comment lines that follow it.
fn trim_trailing_blank(text: &str, begin: usize, end: usize) -> usize {
    let mut cut = end;
    for line in text[begin..end].split_inclusive('\n').collect::<Vec<_>>().into_iter().rev() {
        let content = line.trim();
        if content.is_empty() || content.starts_with('#') {
            cut -= line.len();
        } else {
            break;
        }
    }
    cut
}

/// The lines of a child key's block inside a mapping block.
pub fn child_block(file: &SourceFile, parent: &Block, key: &str) -> Option<Range<usize>> {
    find_block(&file.text, parent.key_line_end..parent.lines.end, key, parent.child_indent).map(|b| b.lines)
}

/// Inserts a line as the first child of a mapping block.
pub fn insert_child(parent: &Block, line: &str) -> Edit {
    let at = parent.key_line_end;
    Edit { range: at..at, text: format!("{}{line}\n", " ".repeat(parent.child_indent)) }
}

/// The text with every edit made; none when two edits overlap.
pub fn apply(text: &str, mut edits: Vec<Edit>) -> Option<String> {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    if edits.windows(2).any(|w| w[0].range.end > w[1].range.start) {
        return None;
    }
    let mut out = text.to_string();
    for edit in edits.iter().rev() {
        out.replace_range(edit.range.clone(), &edit.text);
    }
    Some(out)
}
