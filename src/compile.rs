//! Stage 5: Typst source in a [`VplanWorld`] to PDF bytes.
//!
//! Input: a world holding the generated source, and [`PdfSettings`].
//! Output: [`Pdf`], the bytes and the page count. Typst's errors are located
//! in the generated source, which is what a template author needs to see.

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::error::{Error, Problem, SourceFile};
use crate::world::VplanWorld;

/// How the PDF is exported.
#[derive(Debug, Clone)]
pub struct PdfSettings {
    /// The standards the PDF must conform to.
    pub standards: Vec<PdfStandard>,
    /// The creation date written into the PDF.
    pub date: chrono::NaiveDateTime,
    /// A stable identifier of the document, for the PDF's file id.
    pub ident: String,
    /// Whether to render each page as SVG too, for the live preview.
    pub svg: bool,
}

/// A compiled PDF.
#[derive(Debug)]
pub struct Pdf {
    /// The PDF file's bytes.
    pub bytes: Vec<u8>,
    /// Its number of pages.
    pub pages: usize,
    /// Typst's warnings, as `position: message` lines.
    pub warnings: Vec<String>,
    /// Each page as SVG, when asked for.
    pub svg: Vec<String>,
}

/// Compiles the world's document and exports it as PDF.
pub fn compile(world: &VplanWorld, settings: &PdfSettings) -> Result<Pdf, Error> {
    let warned = typst::compile::<PagedDocument>(world);
    let document = warned.output.map_err(|errors| diagnostics(world, &errors))?;
    let options = pdf_options(settings)?;
    let bytes = typst_pdf::pdf(&document, &options).map_err(|errors| diagnostics(world, &errors))?;
    let warnings = warned.warnings.iter().map(|w| problem(world, w).to_string()).collect();
    let svg = if settings.svg {
        let options = typst_svg::SvgOptions::default();
        document.pages().iter().map(|page| typst_svg::svg(page, &options)).collect()
    } else {
        Vec::new()
    };
    Ok(Pdf { bytes, pages: document.pages().len(), warnings, svg })
}

fn pdf_options(settings: &PdfSettings) -> Result<PdfOptions, Error> {
    let standards = PdfStandards::new(&settings.standards)
        .map_err(|e| Error::Usage(format!("cannot combine these PDF standards: {}", e.message())))?;
    let date = settings.date;
    let datetime = Datetime::from_ymd_hms(
        chrono::Datelike::year(&date),
        chrono::Datelike::month(&date) as u8,
        chrono::Datelike::day(&date) as u8,
        chrono::Timelike::hour(&date) as u8,
        chrono::Timelike::minute(&date) as u8,
        chrono::Timelike::second(&date) as u8,
    );
    Ok(PdfOptions {
        ident: Smart::Custom(settings.ident.clone()),
        creator: Smart::Custom(Some(format!("vplan {}", env!("CARGO_PKG_VERSION")))),
        timestamp: datetime.map(Timestamp::new_utc),
        standards,
        ..PdfOptions::default()
    })
}

/// Turns Typst's diagnostics into located problems in the generated source.
fn diagnostics(world: &VplanWorld, errors: &[SourceDiagnostic]) -> Error {
    let problems =
        errors.iter().filter(|d| d.severity == Severity::Error).map(|d| problem(world, d)).collect();
    Error::Invalid(problems)
}

/// One diagnostic, located in the generated source when it points there.
fn problem(world: &VplanWorld, diagnostic: &SourceDiagnostic) -> Problem {
    let generated = world.main_source();
    let file = SourceFile::new("generated main.typ", generated.text().to_string());
    let in_main = diagnostic.span.id() == Some(generated.id());
    let span = if in_main { world.range(diagnostic.span).unwrap_or(0..0) } else { 0..0 };
    let hints: Vec<&str> = diagnostic.hints.iter().map(|h| h.v.as_str()).collect();
    let problem = Problem::new(&file, span, format!("Typst: {}", diagnostic.message));
    if hints.is_empty() { problem } else { problem.with_help(hints.join("; ")) }
}
