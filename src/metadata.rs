//! Stage 6: the registry facts written into the PDF's XMP metadata.
//!
//! Input: the PDF bytes Typst wrote and the document's [`Meta`]. Output:
//! the same PDF whose XMP packet also holds the diarienummer
//! (`dc:identifier` and `vplan:diarienummer`) and, for an adopted plan, the
//! decision (`vplan:beslutsorgan`, `vplan:beslutsdatum`, `vplan:paragraf`),
//! so that a records system can read them. The `vplan` namespace is
//! described in the packet's PDF/A extension schemas, as PDF/A requires of
//! a property outside the predefined schemas.
//!
//! typst-pdf has no hook for custom XMP, so the one metadata stream is
//! replaced in place and the cross-reference offsets after it are moved:
//! the file stays a single revision, and every other byte stays as Typst
//! wrote it. A general PDF library would rewrite every object instead.

use crate::document::Meta;
use crate::error::Error;
use crate::escape;

/// The namespace of vplan's own XMP properties.
pub const NAMESPACE: &str = "https://vplan.se/ns/xmp/1.0/";

/// The registry facts of a document, as XMP properties: (name, value type, value).
fn properties(meta: &Meta) -> Vec<(&'static str, &'static str, String)> {
    let mut out = Vec::new();
    let dnr = meta.beslut.as_ref().map(|b| b.dnr.clone()).or_else(|| meta.dnr.clone());
    if let Some(dnr) = dnr.filter(|d| !d.trim().is_empty()) {
        out.push(("diarienummer", "Text", dnr));
    }
    if let Some(beslut) = &meta.beslut {
        out.push(("beslutsorgan", "Text", beslut.organ.clone()));
        out.push(("beslutsdatum", "Date", beslut.datum_iso.to_string()));
        out.push(("paragraf", "Text", beslut.paragraf.clone()));
    }
    out
}

/// What each property means, for the extension schema.
fn description(name: &str) -> &'static str {
    match name {
        "diarienummer" => "Registry number (diarienummer) of the document",
        "beslutsorgan" => "The body that adopted the document",
        "beslutsdatum" => "The date the document was adopted",
        _ => "The minute paragraph of the decision adopting the document",
    }
}

/// Adds the registry facts of `meta` to the PDF's XMP packet; a document
/// without a diarienummer or decision is returned as it is.
pub fn add_registry_facts(pdf: Vec<u8>, meta: &Meta) -> Result<Vec<u8>, Error> {
    let properties = properties(meta);
    if properties.is_empty() {
        return Ok(pdf);
    }
    let broken =
        |what: &str| Error::Usage(format!("cannot add the registry metadata: {what} in Typst's PDF"));
    let stream = metadata_stream(&pdf).ok_or_else(|| broken("no uncompressed XMP stream"))?;
    let packet =
        std::str::from_utf8(&pdf[stream.data.clone()]).map_err(|_| broken("an XMP packet not in UTF-8"))?;
    let packet = extend_packet(packet, &properties).ok_or_else(|| broken("an XMP packet without rdf:RDF"))?;
    let mut object =
        format!("{} 0 obj\n<<{}/Length {}>>\nstream\n", stream.number, stream.dict_rest, packet.len())
            .into_bytes();
    object.extend_from_slice(packet.as_bytes());
    object.extend_from_slice(b"\nendstream\nendobj\n");
    replace_object(&pdf, &stream.xref, stream.object, &object)
        .ok_or_else(|| broken("a cross-reference table vplan cannot read"))
}

/// Adds the properties in a description of their own, and their
/// namespace to the packet's PDF/A extension schemas, if it has any.
fn extend_packet(packet: &str, properties: &[(&str, &str, String)]) -> Option<String> {
    // XML text: one line of printable characters, markup characters escaped.
    let text = |value: &str| {
        escape::printable_lines(value)
            .join(" ")
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut own = format!(
        r#"<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:vplan="{NAMESPACE}">"#
    );
    if let Some((_, _, dnr)) = properties.iter().find(|p| p.0 == "diarienummer") {
        own.push_str(&format!("<dc:identifier>{}</dc:identifier>", text(dnr)));
    }
    for (name, _, value) in properties {
        own.push_str(&format!("<vplan:{name}>{}</vplan:{name}>", text(value)));
    }
    own.push_str("</rdf:Description>");
    let end = packet.find("</rdf:RDF>")?;
    let mut out = String::with_capacity(packet.len() + own.len() + 2048);
    out.push_str(&packet[..end]);
    out.push_str(&own);
    out.push_str(&packet[end..]);
    const BAG: &str = "<pdfaExtension:schemas><rdf:Bag>";
    if let Some(at) = out.find(BAG) {
        out.insert_str(at + BAG.len(), &schema(properties));
    }
    Some(out)
}

/// The PDF/A extension schema describing vplan's properties.
fn schema(properties: &[(&str, &str, String)]) -> String {
    let mut out = format!(
        r#"<rdf:li rdf:parseType="Resource"><pdfaSchema:schema>vplan registry facts</pdfaSchema:schema><pdfaSchema:namespaceURI>{NAMESPACE}</pdfaSchema:namespaceURI><pdfaSchema:prefix>vplan</pdfaSchema:prefix><pdfaSchema:property><rdf:Seq>"#
    );
    for (name, value_type, _) in properties {
        out.push_str(&format!(
            r#"<rdf:li rdf:parseType="Resource"><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>{}</pdfaProperty:description><pdfaProperty:name>{name}</pdfaProperty:name><pdfaProperty:valueType>{value_type}</pdfaProperty:valueType></rdf:li>"#,
            description(name)
        ));
    }
    out.push_str("</rdf:Seq></pdfaSchema:property></rdf:li>");
    out
}

/// Where the catalog's metadata stream lies in the file.
struct Stream {
    /// Its object number.
    number: u32,
    /// The whole object, `N 0 obj` to `endobj` and its line break.
    object: std::ops::Range<usize>,
    /// The dictionary's entries besides `/Length`.
    dict_rest: String,
    /// The packet's bytes.
    data: std::ops::Range<usize>,
    /// The file's cross-reference table.
    xref: Xref,
}

/// Finds the metadata stream the catalog names, through the trailer and
/// the cross-reference table.
fn metadata_stream(pdf: &[u8]) -> Option<Stream> {
    let xref = xref_table(pdf)?;
    let trailer = text(pdf, find(pdf, b"trailer", xref.start)?, pdf.len());
    let root = number_before(&trailer, "/Root ")?;
    let catalog_at = *xref.offsets.get(root as usize)?;
    let catalog = text(pdf, catalog_at, find(pdf, b"endobj", catalog_at)?);
    let number = number_before(&catalog, "/Metadata ")?;
    let start = *xref.offsets.get(number as usize)?;
    let dict_start = find(pdf, b"<<", start)? + 2;
    let dict_end = find(pdf, b">>\nstream\n", dict_start)?;
    let dict = text(pdf, dict_start, dict_end);
    if dict.contains("/Filter") {
        return None;
    }
    let length = number_before(&dict, "/Length ")? as usize;
    let data_start = dict_end + b">>\nstream\n".len();
    let data = data_start..data_start.checked_add(length)?;
    let end = find(pdf, b"endobj", data.end)? + b"endobj".len();
    let end = if pdf.get(end) == Some(&b'\n') { end + 1 } else { end };
    let dict_rest = dict.split("/Length ").next()?.to_string()
        + dict.split("/Length ").nth(1)?.trim_start_matches(|c: char| c.is_ascii_digit());
    Some(Stream { number, object: start..end, dict_rest, data, xref })
}

/// A classic cross-reference table: where it starts, and each object's offset.
struct Xref {
    start: usize,
    entries: usize,
    offsets: Vec<usize>,
}

fn xref_table(pdf: &[u8]) -> Option<Xref> {
    let tail = text(pdf, pdf.len().saturating_sub(64), pdf.len());
    let start: usize = tail.rsplit("startxref").next()?.split_whitespace().next()?.parse().ok()?;
    if !pdf.get(start..)?.starts_with(b"xref\n") {
        return None;
    }
    let header = text(pdf, start + 5, find(pdf, b"\n", start + 5)?);
    let mut header = header.split_whitespace().map(str::parse::<usize>);
    let (Some(Ok(0)), Some(Ok(count))) = (header.next(), header.next()) else { return None };
    let entries = find(pdf, b"\n", start + 5)? + 1;
    let offsets = (0..count)
        .map(|i| text(pdf, entries + i * 20, entries + i * 20 + 10).parse().ok())
        .collect::<Option<Vec<usize>>>()?;
    Some(Xref { start, entries, offsets })
}

/// The file with `range` replaced by `object`, the offsets after it moved.
fn replace_object(pdf: &[u8], xref: &Xref, range: std::ops::Range<usize>, object: &[u8]) -> Option<Vec<u8>> {
    let moved =
        |offset: usize| if offset >= range.end { offset + object.len() - range.len() } else { offset };
    let mut out = Vec::with_capacity(pdf.len() + object.len());
    out.extend_from_slice(&pdf[..range.start]);
    out.extend_from_slice(object);
    out.extend_from_slice(&pdf[range.end..xref.entries]);
    for (i, offset) in xref.offsets.iter().enumerate() {
        let entry = &pdf[xref.entries + i * 20..xref.entries + (i + 1) * 20];
        // The free-list head (object 0) and free entries keep their numbers.
        if entry[17] == b'n' {
            out.extend_from_slice(format!("{:010}", moved(*offset)).as_bytes());
            out.extend_from_slice(&entry[10..]);
        } else {
            out.extend_from_slice(entry);
        }
    }
    let after = xref.entries + xref.offsets.len() * 20;
    let rest = text(pdf, after, pdf.len());
    let (before, _) = rest.rsplit_once("startxref")?;
    out.extend_from_slice(before.as_bytes());
    out.extend_from_slice(format!("startxref\n{}\n%%EOF\n", moved(xref.start)).as_bytes());
    Some(out)
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| i + from)
}

fn text(pdf: &[u8], start: usize, end: usize) -> String {
    String::from_utf8_lossy(pdf.get(start..end.min(pdf.len())).unwrap_or_default()).into_owned()
}

/// The number after `key` in a dictionary: `/Root 390 0 R` → 390.
fn number_before(dict: &str, key: &str) -> Option<u32> {
    let after = dict.split(key).nth(1)?;
    let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    after[..digits].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_packet_gains_a_description_and_its_schema() {
        let packet = "<x:xmpmeta><rdf:RDF><rdf:Description><pdfaExtension:schemas><rdf:Bag></rdf:Bag></pdfaExtension:schemas></rdf:Description></rdf:RDF></x:xmpmeta>";
        let props = vec![("diarienummer", "Text", "RS 2020/12 & <x>".to_string())];
        let out = extend_packet(packet, &props).unwrap();
        assert!(out.contains("<dc:identifier>RS 2020/12 &amp; &lt;x&gt;</dc:identifier>"), "{out}");
        assert!(out.contains("<pdfaSchema:prefix>vplan</pdfaSchema:prefix>"), "{out}");
        assert!(out.find("<vplan:diarienummer>").unwrap() < out.find("</rdf:RDF>").unwrap());
    }

    #[test]
    fn a_file_that_is_not_typsts_is_refused_not_mangled() {
        assert!(metadata_stream(b"%PDF-1.7\nno xref here\n%%EOF\n").is_none());
        let pdf = b"%PDF-1.7\nstartxref\n99999\n%%EOF";
        assert!(xref_table(pdf).and_then(|xref| replace_object(pdf, &xref, 0..1, b"x")).is_none());
    }
}
