//! Helpers of the end-to-end tests: run the binary, read PDFs back (in
//! Rust, `pdf.rs`: no outside tool).

#![allow(dead_code)]

pub mod browser;
pub mod pdf;
pub mod watching;

pub use pdf::{Mode, Pdf};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `vplan` with arguments, in the repository's root.
pub fn vplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vplan"))
        .args(args)
        .current_dir(root())
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the vplan binary runs")
}

/// Builds `plan` into `out`, asserting success; returns stdout.
pub fn build(plan: &Path, out: &Path, extra: &[&str]) -> String {
    let mut args = vec!["build", plan.to_str().unwrap(), "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let output = vplan(&args);
    assert!(output.status.success(), "vplan build failed:\n{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// Builds a plan of the repository (path relative to its root) into a
/// fresh folder; returns the folder (kept alive), the PDF and stdout.
pub fn build_in_temp(plan: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    let stdout = build(&root().join(plan), &pdf, extra);
    (dir, pdf, stdout)
}

/// The text of a PDF: in drawing order, or by lines as laid out (`layout`).
pub fn pdf_text(pdf: &Path, layout: bool) -> String {
    Pdf::open(pdf).text(if layout { Mode::Layout } else { Mode::Raw })
}

/// Text reduced to what a reader compares: no whitespace, no hyphens (the
/// PDF hyphenates at line ends), no invisible joiners.
pub fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(c, '-' | '\u{ad}' | '\u{2010}' | '\u{2060}' | '\u{200b}' | '\u{feff}')
        })
        .collect()
}

/// The text without page furniture (the footer lines), so a paragraph that
/// runs over a page break reads as one.
pub fn body_text(text: &str) -> String {
    text.lines()
        .filter(|l| {
            let l = l.trim();
            !(l.contains(" · ") && l.contains("Verksamhetsplan"))
                && !(l.starts_with("Sida ") && l.contains(" av "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Text with every run of whitespace (no-break spaces too) as one space.
pub fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Asserts that each paragraph occurs in `text`, in the given order.
pub fn assert_in_order(text: &str, paragraphs: &[String]) {
    let haystack = squash(&body_text(text));
    let mut from = 0;
    for (i, paragraph) in paragraphs.iter().enumerate() {
        let needle = squash(paragraph);
        match haystack[from..].find(&needle) {
            Some(at) => from += at + needle.len(),
            None => {
                let found_anywhere = haystack.contains(&needle);
                panic!(
                    "paragraph {i} {} in the PDF:\n{paragraph}",
                    if found_anywhere { "is out of order" } else { "is missing" }
                );
            }
        }
    }
}

/// Paragraphs of a fixture file: blocks separated by blank lines, `#` lines ignored.
pub fn paragraphs(fixture: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join("tests/fixtures").join(fixture)).unwrap();
    let text: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    text.join("\n")
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Asserts that a line of the laid-out text ends with `figure` after `name`.
pub fn assert_row(layout: &str, name: &str, figure: &str) {
    let found = layout.lines().any(|line| {
        let line = line.replace('\u{a0}', " ");
        let line = line.trim_end();
        line.trim_start().starts_with(name)
            && line.ends_with(figure)
            && line[..line.len() - figure.len()].ends_with(' ')
    });
    assert!(found, "no table row `{name} … {figure}` in the PDF");
}

/// The PDF with its object streams unpacked, as text in qpdf's QDF style.
pub fn unpacked(pdf: &Path) -> String {
    Pdf::open(pdf).unpacked()
}

/// Builds the 2021 example with a user `plan.typ.j2` that has `line` added
/// before the chapters; asserts failure and returns stderr and the
/// `file:line:` the error must name.
pub fn build_with_template_line(line: &str) -> (String, String) {
    let templates = tempfile::tempdir().unwrap();
    let marker = "{% for kapitel in doc.kapitel %}";
    let text = include_str!("../../templates/plan.typ.j2").replacen(marker, &format!("{line}\n{marker}"), 1);
    let number = text.lines().position(|l| l == line).unwrap() + 1;
    let path = templates.path().join("plan.typ.j2");
    std::fs::write(&path, text).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.pdf");
    let output = vplan(&[
        "build",
        "examples/kungsbacka-2021.yaml",
        "-o",
        out.to_str().unwrap(),
        "--templates",
        templates.path().to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.exists());
    (String::from_utf8_lossy(&output.stderr).into_owned(), format!("{}:{number}:", path.display()))
}

/// The words of one page of a PDF.
pub fn page_text(pdf: &Path, page: usize) -> String {
    words(&pdf_page_text(pdf, page, Mode::Raw))
}

/// One page of a PDF as text; the page must exist, so that a check for
/// absent text cannot pass on empty output.
pub fn pdf_page_text(pdf: &Path, page: usize, mode: Mode) -> String {
    let pdf = Pdf::open(pdf);
    assert!(page >= 1 && page <= pdf.pages(), "the PDF has no page {page} (it has {})", pdf.pages());
    pdf.page_text(page, mode)
}

/// The text of a web page as a reader gets it: tags dropped (each a
/// space), the entities minijinja writes decoded.
pub fn html_text(html: &str) -> String {
    let body = &html[html.find("<body").unwrap_or(0)..];
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// Every `/Alt` text of the PDF's structure tree, decoded.
pub fn alt_texts(pdf: &std::path::Path) -> Vec<String> {
    let qdf = unpacked(pdf);
    let mut out = Vec::new();
    for part in qdf.split("/Alt ").skip(1) {
        if let Some(hex) = part.strip_prefix('<') {
            let hex = &hex[..hex.find('>').unwrap()];
            let bytes: Vec<u8> =
                (0..hex.len() / 2).map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap()).collect();
            let units: Vec<u16> = bytes.chunks(2).skip(1).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            out.push(String::from_utf16_lossy(&units));
        } else if let Some(text) = part.strip_prefix('(') {
            out.push(text[..text.find(')').unwrap_or(text.len())].to_string());
        }
    }
    out
}

/// Runs `vplan build` on the Kungsbacka example into `pdf` with the
/// template folder `templates`; returns the output, for tests that expect
/// the build to fail.
pub fn build_example_with_templates(pdf: &Path, templates: &Path) -> Output {
    vplan(&[
        "build",
        "examples/kungsbacka-2021.yaml",
        "-o",
        pdf.to_str().unwrap(),
        "--templates",
        templates.to_str().unwrap(),
    ])
}

/// Every example, plans and a report, for the web page tests.
pub const EXAMPLES: [&str; 6] = [
    "examples/kungsbacka-2021.yaml",
    "examples/lokal-namnd-2020.yaml",
    "examples/kultur-och-fritid-2021.yaml",
    "examples/kungsbacka-2021-verksamhetsberattelse.yaml",
    "examples/socialnamnden-2022.yaml",
    "examples/socialnamnden-2022-delarsrapport.yaml",
];

/// Builds a plan to PDF and web page in `dir`; returns both paths.
pub fn both(dir: &Path, plan: &Path, extra: &[&str]) -> (PathBuf, PathBuf) {
    let pdf = dir.join("plan.pdf");
    let mut args = vec!["build", plan.to_str().unwrap(), "-o", pdf.to_str().unwrap(), "--format", "pdf,html"];
    args.extend_from_slice(extra);
    let output = vplan(&args);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("plan.html") && stdout.matches("sha256").count() == 2, "{stdout}");
    (pdf, dir.join("plan.html"))
}
