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
use crate::render::Rendered;
use crate::templates::Templates;
use crate::world::{MAIN_PATH, STYLE_PATH, VplanWorld, file_id};

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

/// Compiles the world's document and exports it as PDF. `rendered` and
/// `templates` locate an error in the template that wrote the faulty markup.
pub fn compile(
    world: &VplanWorld,
    settings: &PdfSettings,
    rendered: &Rendered,
    templates: &Templates,
) -> Result<Pdf, Error> {
    let located = Locator { world, rendered, templates };
    let warned = typst::compile::<PagedDocument>(world);
    let document = warned.output.map_err(|errors| located.errors(&errors))?;
    let options = pdf_options(settings)?;
    let bytes = typst_pdf::pdf(&document, &options).map_err(|errors| located.errors(&errors))?;
    let warnings = warned.warnings.iter().map(|w| located.problem(w).to_string()).collect();
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

/// Places Typst's diagnostics in the files a user can fix.
struct Locator<'a> {
    world: &'a VplanWorld,
    rendered: &'a Rendered,
    templates: &'a Templates,
}

impl Locator<'_> {
    /// Every error, located.
    fn errors(&self, errors: &[SourceDiagnostic]) -> Error {
        Error::Invalid(
            errors.iter().filter(|d| d.severity == Severity::Error).map(|d| self.problem(d)).collect(),
        )
    }

    /// One diagnostic: in the style file as such; in the generated source
    /// at the template line that wrote it, with the generated line quoted.
    fn problem(&self, diagnostic: &SourceDiagnostic) -> Problem {
        let range = self.world.range(diagnostic.span).unwrap_or(0..0);
        let message = format!("Typst: {}", diagnostic.message);
        let id = diagnostic.span.id();
        let problem = if id == Some(file_id(STYLE_PATH)) {
            Problem::new(&self.rendered.style, range, message)
        } else if id == Some(file_id(MAIN_PATH)) {
            self.in_template(range, message)
        } else {
            Problem::new(&SourceFile::new("generated main.typ", self.rendered.main.clone()), 0..0, message)
        };
        let hints: Vec<&str> = diagnostic.hints.iter().map(|h| h.v.as_str()).collect();
        if hints.is_empty() { problem } else { problem.with_help(hints.join("; ")) }
    }

    fn in_template(&self, range: std::ops::Range<usize>, message: String) -> Problem {
        let generated = SourceFile::new("generated main.typ", self.rendered.main.clone());
        let origin = self.rendered.origin(range.start);
        let template = origin.and_then(|o| self.templates.source(&o.template).ok().flatten());
        match (origin, template) {
            (Some(origin), Some(file)) => {
                let start = file.offset(origin.line, 1);
                let end = start + file.text[start..].find('\n').unwrap_or(file.text.len() - start);
                let (line, _) = generated.line_column(range.start);
                let quoted = generated.text.lines().nth(line - 1).unwrap_or_default().trim();
                let quoted: String = quoted.chars().take(160).collect();
                Problem::new(&file, start..end, format!("{message}, in the markup this line wrote: {quoted}"))
            }
            _ => Problem::new(&generated, range, message),
        }
    }
}
