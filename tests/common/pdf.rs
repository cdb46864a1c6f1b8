//! Reading a built PDF back, in Rust alone: its text (in the order it is
//! drawn, or by lines as laid out on the page), every word's box, its
//! objects as text, its document information, XMP packet and fonts — what
//! poppler's `pdftotext`, `pdfinfo`, `pdffonts` and `qpdf` gave the tests,
//! with nothing installed. The text comes from `pdf-extract`, which decodes
//! each glyph through its font's ToUnicode map; this module only places the
//! glyphs into words and lines.

use std::path::Path;

use pdf_extract::{Dictionary, Document, MediaBox, Object, OutputDev, OutputError, Transform};

/// One glyph as drawn: its page (from 1), its place (points from the page's
/// top left, on the baseline), its advance and size, and its text.
#[derive(Debug, Clone)]
struct Glyph {
    page: usize,
    x: f64,
    y: f64,
    advance: f64,
    size: f64,
    text: String,
}

/// A word and its box on a page, in points from the top left.
#[derive(Debug, Clone)]
pub struct Word {
    /// The page, from 1.
    pub page: usize,
    /// The left edge.
    pub x_min: f64,
    /// The right edge.
    pub x_max: f64,
    /// The bottom edge (the baseline less the descent).
    pub y_max: f64,
    /// The word.
    pub text: String,
}

/// How a page's text is put together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// In the order it is drawn (as `pdftotext -raw`): a table's cells one
    /// after another, a paragraph's lines in order.
    Raw,
    /// By lines as laid out (as `pdftotext -layout`): glyphs of one baseline
    /// on one line, left to right; a column gap is two spaces or more.
    Layout,
}

/// A PDF as read back.
pub struct Pdf {
    doc: Document,
    bytes: Vec<u8>,
    /// Decoded on first use: the object, metadata and font checks need none.
    glyphs: std::cell::OnceCell<Vec<Glyph>>,
    pages: usize,
}

/// Collects every glyph pdf-extract decodes, with its place.
struct Collector {
    page: usize,
    height: f64,
    glyphs: Vec<Glyph>,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        page: u32,
        media_box: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page = page as usize;
        self.height = media_box.ury - media_box.lly;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        // The text rendering matrix scales the font size; vplan never rotates text.
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = font_size * scale;
        self.glyphs.push(Glyph {
            page: self.page,
            x: trm.m31,
            y: self.height - trm.m32,
            advance: width * size,
            size,
            // A drawn soft hyphen is a visible hyphen: Typst's ToUnicode maps
            // the hyphen glyph to U+00AD once a line break used it.
            text: text.replace('\u{ad}', "-"),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

impl Pdf {
    /// Reads the PDF at `path`; panics (failing the test) if it is not one.
    pub fn open(path: &Path) -> Pdf {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let mut doc =
            Document::load_mem(&bytes).unwrap_or_else(|e| panic!("{} is no PDF: {e}", path.display()));
        spell_out_widths(&mut doc);
        let pages = doc.get_pages().len();
        Pdf { doc, bytes, glyphs: std::cell::OnceCell::new(), pages }
    }

    /// Every glyph drawn, page by page in drawing order.
    fn glyphs(&self) -> &[Glyph] {
        self.glyphs.get_or_init(|| {
            let mut collector = Collector { page: 0, height: 0.0, glyphs: Vec::new() };
            pdf_extract::output_doc(&self.doc, &mut collector)
                .unwrap_or_else(|e| panic!("cannot read the text of the PDF: {e}"));
            collector.glyphs
        })
    }

    /// The number of pages.
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// The text of every page, each followed by a form feed (as pdftotext).
    pub fn text(&self, mode: Mode) -> String {
        (1..=self.pages).map(|page| self.page_text(page, mode) + "\u{c}").collect()
    }

    /// The text of one page (from 1).
    pub fn page_text(&self, page: usize, mode: Mode) -> String {
        let glyphs: Vec<&Glyph> = self.glyphs().iter().filter(|g| g.page == page).collect();
        match mode {
            Mode::Raw => raw_text(&glyphs),
            Mode::Layout => layout_text(&glyphs),
        }
    }

    /// Every word with its box, page by page in drawing order.
    pub fn words(&self) -> Vec<Word> {
        let mut words: Vec<Word> = Vec::new();
        let mut last: Option<&Glyph> = None;
        for glyph in self.glyphs() {
            let blank = glyph.text.trim().is_empty();
            let joins = last.is_some_and(|l| {
                l.page == glyph.page
                    && (glyph.y - l.y).abs() < 0.4 * l.size.max(glyph.size)
                    && (glyph.x - (l.x + l.advance)).abs() < 0.1 * glyph.size
            });
            if blank {
                last = None;
                continue;
            }
            match words.last_mut() {
                Some(word) if joins => {
                    word.text += &glyph.text;
                    word.x_max = word.x_max.max(glyph.x + glyph.advance);
                    word.y_max = word.y_max.max(glyph.y + 0.25 * glyph.size);
                }
                _ => words.push(Word {
                    page: glyph.page,
                    x_min: glyph.x,
                    x_max: glyph.x + glyph.advance,
                    y_max: glyph.y + 0.25 * glyph.size,
                    text: glyph.text.clone(),
                }),
            }
            last = Some(glyph);
        }
        words
    }

    /// The boxes filled with the colour `rgb` (0–1 each) on a page, in
    /// points from the page's top left: (left, top, right, bottom). Reads
    /// the page's content stream and its forms, following `q`/`Q`, `cm`
    /// and the fill colour, for rectangles (`re`) and paths (`m`, `l`) filled.
    pub fn filled_boxes(&self, page: usize, rgb: [f64; 3]) -> Vec<[f64; 4]> {
        let id = self.doc.get_pages()[&(page as u32)];
        let num =
            |o: &Object| o.as_float().map(f64::from).or_else(|_| o.as_i64().map(|i| i as f64)).unwrap_or(0.0);
        let height = self
            .doc
            .get_dictionary(id)
            .ok()
            .and_then(|page| page.get(b"MediaBox").ok())
            .and_then(|b| b.as_array().ok())
            .filter(|b| b.len() == 4)
            .map_or(842.0, |b| num(&b[3]) - num(&b[1]));
        let content = self.doc.get_page_content(id).unwrap_or_default();
        let resources = self.doc.get_page_resources(id).ok().and_then(|(r, _)| r.cloned());
        let mut out = Vec::new();
        self.fill_ops(&content, resources.as_ref(), [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], rgb, &mut out, 0);
        out.iter().map(|b| [b[0], height - b[3], b[2], height - b[1]]).collect()
    }

    fn fill_ops(
        &self,
        content: &[u8],
        resources: Option<&Dictionary>,
        base: [f64; 6],
        rgb: [f64; 3],
        out: &mut Vec<[f64; 4]>,
        depth: usize,
    ) {
        let Ok(ops) = pdf_extract::content::Content::decode(content) else { return };
        let num =
            |o: &Object| o.as_float().map(f64::from).or_else(|_| o.as_i64().map(|i| i as f64)).unwrap_or(0.0);
        let mul = |a: [f64; 6], b: [f64; 6]| {
            [
                a[0] * b[0] + a[1] * b[2],
                a[0] * b[1] + a[1] * b[3],
                a[2] * b[0] + a[3] * b[2],
                a[2] * b[1] + a[3] * b[3],
                a[4] * b[0] + a[5] * b[2] + b[4],
                a[4] * b[1] + a[5] * b[3] + b[5],
            ]
        };
        let at = |m: [f64; 6], x: f64, y: f64| (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]);
        let (mut ctm, mut fill) = (base, [0.0; 3]);
        let mut stack = Vec::new();
        let mut path: Vec<(f64, f64)> = Vec::new();
        for op in ops.operations {
            let n: Vec<f64> = op.operands.iter().map(num).collect();
            match op.operator.as_str() {
                "q" => stack.push((ctm, fill)),
                "Q" => (ctm, fill) = stack.pop().unwrap_or((base, [0.0; 3])),
                "cm" if n.len() == 6 => ctm = mul([n[0], n[1], n[2], n[3], n[4], n[5]], ctm),
                // Typst sets colours in an ICC-based RGB space (`cs`, `scn`).
                "rg" | "sc" | "scn" if n.len() == 3 => fill = [n[0], n[1], n[2]],
                "g" | "sc" | "scn" if n.len() == 1 => fill = [n[0]; 3],
                "re" if n.len() == 4 => {
                    path.extend([at(ctm, n[0], n[1]), at(ctm, n[0] + n[2], n[1] + n[3])]);
                }
                "m" | "l" if n.len() == 2 => path.push(at(ctm, n[0], n[1])),
                "c" if n.len() == 6 => path.push(at(ctm, n[4], n[5])),
                "f" | "f*" | "B" | "b" => {
                    let near = fill.iter().zip(rgb).all(|(a, b)| (a - b).abs() < 0.01);
                    if near && !path.is_empty() {
                        let xs = path.iter().map(|p| p.0);
                        let ys = path.iter().map(|p| p.1);
                        out.push([
                            xs.clone().fold(f64::MAX, f64::min),
                            ys.clone().fold(f64::MAX, f64::min),
                            xs.fold(f64::MIN, f64::max),
                            ys.fold(f64::MIN, f64::max),
                        ]);
                    }
                    path.clear();
                }
                "n" | "S" | "s" => path.clear(),
                "Do" if depth < 8 => {
                    let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) else { continue };
                    let form = resources
                        .and_then(|r| r.get(b"XObject").ok())
                        .and_then(|x| self.resolve(x).as_dict().ok().cloned())
                        .and_then(|x| x.get(name).ok().cloned())
                        .and_then(|f| f.as_reference().ok())
                        .and_then(|r| self.doc.get_object(r).ok())
                        .and_then(|o| o.as_stream().ok().cloned());
                    let Some(form) = form else { continue };
                    let matrix = form
                        .dict
                        .get(b"Matrix")
                        .ok()
                        .and_then(|m| m.as_array().ok())
                        .map(|m| m.iter().map(num).collect::<Vec<_>>())
                        .filter(|m| m.len() == 6)
                        .map_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0], |m| [m[0], m[1], m[2], m[3], m[4], m[5]]);
                    let inner = form
                        .dict
                        .get(b"Resources")
                        .ok()
                        .map(|r| self.resolve(r))
                        .and_then(|r| r.as_dict().ok().cloned());
                    let data = form.decompressed_content().unwrap_or(form.content.clone());
                    self.fill_ops(&data, inner.as_ref().or(resources), mul(matrix, ctm), rgb, out, depth + 1);
                }
                _ => {}
            }
        }
    }

    /// An object, through its reference if it is one.
    fn resolve<'o>(&'o self, object: &'o Object) -> &'o Object {
        match object.as_reference() {
            Ok(r) => self.doc.get_object(r).unwrap_or(object),
            Err(_) => object,
        }
    }

    /// Every object, streams decompressed, as text in qpdf's QDF style
    /// (`/Key value`, strings `(…)` or `<hex>`), for searching the
    /// structure tree, the XMP packet and the content streams.
    pub fn unpacked(&self) -> String {
        let mut out = String::new();
        for (&(number, generation), object) in &self.doc.objects {
            out += &format!("{number} {generation} obj\n");
            write_object(&mut out, object);
            out += "\nendobj\n";
        }
        out
    }

    /// An entry of the document information dictionary, decoded.
    pub fn info(&self, key: &str) -> Option<String> {
        let info = self.doc.trailer.get(b"Info").ok()?;
        let info = match info {
            Object::Reference(id) => self.doc.get_dictionary(*id).ok()?,
            Object::Dictionary(d) => d,
            _ => return None,
        };
        match info.get(key.as_bytes()).ok()? {
            Object::String(bytes, _) => Some(text_string(bytes)),
            _ => None,
        }
    }

    /// Whether the catalog marks the document as tagged.
    pub fn tagged(&self) -> bool {
        let Ok(catalog) = self.doc.catalog() else { return false };
        let mark_info = match catalog.get(b"MarkInfo") {
            Ok(Object::Reference(id)) => self.doc.get_dictionary(*id).ok(),
            Ok(Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        mark_info.is_some_and(|m| matches!(m.get(b"Marked"), Ok(Object::Boolean(true))))
    }

    /// The XMP metadata packet of the catalog (as `pdfinfo -meta`).
    pub fn xmp(&self) -> String {
        let catalog = self.doc.catalog().expect("a catalog");
        let id = catalog.get(b"Metadata").and_then(Object::as_reference).expect("a metadata stream");
        let stream = self.doc.get_object(id).and_then(Object::as_stream).expect("the metadata is a stream");
        let content = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
        String::from_utf8(content).expect("the XMP packet is UTF-8")
    }

    /// The base names of every font, subset prefixes dropped (as `pdffonts`).
    pub fn fonts(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .doc
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter(|d| d.get(b"Type").and_then(Object::as_name).is_ok_and(|n| n == b"Font"))
            .filter_map(|d| d.get(b"BaseFont").and_then(Object::as_name).ok())
            .map(|n| {
                let name = String::from_utf8_lossy(n).into_owned();
                match name.split_once('+') {
                    Some((prefix, rest)) if prefix.len() == 6 => rest.to_string(),
                    _ => name,
                }
            })
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Checks the file's structure as `qpdf --check` does for what vplan
    /// writes: every in-use entry of the cross-reference table points at the
    /// object it names, and `startxref` at the table.
    pub fn check_structure(&self) -> Result<(), String> {
        let text = &self.bytes;
        let tail = String::from_utf8_lossy(&text[text.len().saturating_sub(64)..]).into_owned();
        let start: usize = tail
            .split("startxref")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
            .and_then(|s| s.parse().ok())
            .ok_or("no startxref")?;
        let table = String::from_utf8_lossy(text.get(start..).ok_or("startxref past the end")?).into_owned();
        let mut lines = table.lines();
        if lines.next() != Some("xref") {
            return Err(format!("startxref {start} does not point at the xref table"));
        }
        let mut checked = 0;
        while let Some(header) = lines.next() {
            let mut parts = header.split_whitespace();
            let (Some(first), Some(count)) = (parts.next(), parts.next()) else { break };
            let (Ok(first), Ok(count)) = (first.parse::<usize>(), count.parse::<usize>()) else { break };
            for number in first..first + count {
                let entry = lines.next().ok_or("the xref table is cut short")?;
                let fields: Vec<&str> = entry.split_whitespace().collect();
                if fields.get(2) != Some(&"n") {
                    continue;
                }
                let offset: usize = fields[0].parse().map_err(|_| format!("bad xref entry `{entry}`"))?;
                let expected = format!("{number} {} obj", fields[1].trim_start_matches('0').max("0"));
                let found = text.get(offset..offset + expected.len()).unwrap_or_default();
                if found != expected.as_bytes() {
                    return Err(format!(
                        "object {number}: the xref offset {offset} holds `{}`",
                        String::from_utf8_lossy(found)
                    ));
                }
                checked += 1;
            }
        }
        if checked == 0 {
            return Err("the xref table lists no object".into());
        }
        Ok(())
    }
}

/// Rewrites every CID font's glyph widths (`/W`) of the form `first last
/// width` into `first [width …]`. Both are valid PDF, and Typst writes the
/// first; pdf-extract 0.12 misreads it (every width 0, so every glyph of a
/// run at one place), but reads the second right.
fn spell_out_widths(doc: &mut Document) {
    for object in doc.objects.values_mut() {
        let Ok(dict) = object.as_dict_mut() else { continue };
        let Ok(Object::Array(widths)) = dict.get(b"W") else { continue };
        let mut spelled = Vec::new();
        let mut i = 0;
        while i < widths.len() {
            match (widths.get(i), widths.get(i + 1), widths.get(i + 2)) {
                (Some(first), Some(Object::Array(list)), _) => {
                    spelled.push(first.clone());
                    spelled.push(Object::Array(list.clone()));
                    i += 2;
                }
                (Some(Object::Integer(first)), Some(Object::Integer(last)), Some(width)) => {
                    spelled.push(Object::Integer(*first));
                    spelled.push(Object::Array(vec![width.clone(); (last - first + 1).max(0) as usize]));
                    i += 3;
                }
                _ => break,
            }
        }
        dict.set("W", Object::Array(spelled));
    }
}

/// Whether `b` starts a new line after `a`: another baseline.
fn new_line(a: &Glyph, b: &Glyph) -> bool {
    (b.y - a.y).abs() > 0.5 * a.size.min(b.size)
}

/// Glyphs in drawing order, a line break where the baseline moves, a space
/// where a gap opens without one.
fn raw_text(glyphs: &[&Glyph]) -> String {
    let mut out = String::new();
    let mut last: Option<&Glyph> = None;
    for glyph in glyphs {
        if let Some(l) = last {
            if new_line(l, glyph) {
                out += "\n";
            } else if glyph.x > l.x + l.advance + 0.1 * glyph.size && !out.ends_with(' ') {
                out += " ";
            }
        }
        out += &glyph.text;
        last = Some(glyph);
    }
    if !out.is_empty() {
        out += "\n";
    }
    out
}

/// Glyphs grouped by baseline, top to bottom, each line left to right: one
/// space for a word's gap, two or more for a gap between columns.
fn layout_text(glyphs: &[&Glyph]) -> String {
    let mut sorted: Vec<&Glyph> = glyphs.to_vec();
    sorted.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut lines: Vec<Vec<&Glyph>> = Vec::new();
    for glyph in sorted {
        // A raised footnote mark belongs to the line it stands on.
        match lines.last_mut() {
            Some(line) if glyph.y - line[0].y < 0.45 * line[0].size.max(glyph.size) => line.push(glyph),
            _ => lines.push(vec![glyph]),
        }
    }
    let mut out = String::new();
    for mut line in lines {
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut text = String::new();
        let mut end: Option<f64> = None;
        for glyph in line {
            if let Some(end) = end {
                let gap = glyph.x - end;
                if gap > 1.0 * glyph.size {
                    text = text.trim_end().to_string() + "   ";
                } else if gap > 0.1 * glyph.size && !text.ends_with(' ') {
                    text += " ";
                }
            }
            text += &glyph.text;
            end = Some(glyph.x + glyph.advance);
        }
        out += text.trim_end();
        out += "\n";
    }
    out
}

/// A PDF text string decoded: UTF-16BE with its byte order mark, else
/// PDFDocEncoding (Latin-1 for what vplan writes).
fn text_string(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xfe, 0xff]) {
        Some(utf16) => {
            let units: Vec<u16> =
                utf16.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
            String::from_utf16_lossy(&units)
        }
        None => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// Writes an object the way qpdf's QDF output does.
fn write_object(out: &mut String, object: &Object) {
    match object {
        Object::Null => *out += "null",
        Object::Boolean(b) => *out += if *b { "true" } else { "false" },
        Object::Integer(i) => *out += &i.to_string(),
        Object::Real(r) => *out += &r.to_string(),
        Object::Name(name) => {
            *out += "/";
            *out += &String::from_utf8_lossy(name);
        }
        Object::String(bytes, _) => {
            if bytes.iter().all(|&b| (0x20..0x7f).contains(&b)) {
                *out += "(";
                for &b in bytes {
                    if matches!(b, b'(' | b')' | b'\\') {
                        out.push('\\');
                    }
                    out.push(char::from(b));
                }
                *out += ")";
            } else {
                *out += "<";
                *out += &bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
                *out += ">";
            }
        }
        Object::Array(items) => {
            *out += "[";
            for item in items {
                *out += " ";
                write_object(out, item);
            }
            *out += " ]";
        }
        Object::Dictionary(dict) => write_dictionary(out, dict),
        Object::Stream(stream) => {
            write_dictionary(out, &stream.dict);
            *out += "\nstream\n";
            let content = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
            *out += &String::from_utf8_lossy(&content);
            *out += "\nendstream";
        }
        Object::Reference((number, generation)) => *out += &format!("{number} {generation} R"),
    }
}

fn write_dictionary(out: &mut String, dict: &Dictionary) {
    *out += "<<\n";
    for (key, value) in dict.iter() {
        *out += "  /";
        *out += &String::from_utf8_lossy(key);
        *out += " ";
        write_object(out, value);
        *out += "\n";
    }
    *out += ">>";
}
