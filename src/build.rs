//! The whole pipeline, shared by `vplan build` and `vplan watch`.
//!
//! load → budget → resolve → render → compile → write. The output is written
//! to a temporary file beside the target and renamed into place, so a failed
//! build never leaves a half-written PDF nor touches an earlier one.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use typst_pdf::PdfStandard;

use crate::budget;
use crate::compare;
use crate::compile::{self, PdfSettings};
use crate::document::Document;
use crate::error::{Error, Problem};
use crate::files::write_file;
use crate::load::{self, DataSource, Loaded};
use crate::metadata;
use crate::render;
use crate::resolve;
use crate::templates::labels;
use crate::templates::{FolderAssets, Templates};
use crate::world::{self, VplanWorld};

/// Everything a build needs to know, decided once from the command line.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    /// The plan's YAML file.
    pub input: PathBuf,
    /// Where the PDF goes.
    pub output: PathBuf,
    /// Whether to write the PDF (a web page alone needs no Typst).
    pub pdf: bool,
    /// Where the web page goes, when one is wanted.
    pub html: Option<PathBuf>,
    /// Where the workbook of the document's tables goes, when one is wanted.
    pub xlsx: Option<PathBuf>,
    /// The folder of the web site, when one is wanted; it holds the PDF too.
    pub site: Option<PathBuf>,
    /// The templates, built-in or overridden.
    pub templates: Templates,
    /// Where shared data files come from.
    pub data: DataSource,
    /// The PDF standards to conform to.
    pub standards: Vec<PdfStandard>,
    /// Mark the document as a draft, whatever the plan's status says.
    pub draft: bool,
    /// An earlier version of the plan to list the changes since.
    pub compare_to: Option<PathBuf>,
    /// Where to write the generated Typst markup too (and `stil.typ` beside it).
    pub emit_typst: Option<PathBuf>,
    /// Render the pages as SVG too, for the live preview.
    pub svg: bool,
    /// `SOURCE_DATE_EPOCH`, when set: the creation date written into the
    /// PDF, in place of the plan's date.
    pub source_date_epoch: Option<i64>,
}

impl BuildConfig {
    /// The default output path: the plan's path with `.pdf`.
    pub fn default_output(input: &Path) -> PathBuf {
        input.with_extension("pdf")
    }
}

/// A file a build wrote.
#[derive(Debug, Clone)]
pub struct Written {
    /// Where.
    pub path: PathBuf,
    /// The SHA-256 of its bytes, in hex, for the registry.
    pub sha256: String,
    /// Its number of pages, for a PDF.
    pub pages: Option<usize>,
    /// For a site's folder: the files in it vplan did not write, kept.
    pub kept: Vec<String>,
}

/// What a finished build reports.
#[derive(Debug)]
pub struct BuildReport {
    /// The files written: the PDF, the web page, or both.
    pub written: Vec<Written>,
    /// The time the build took.
    pub elapsed: Duration,
    /// Typst's warnings, if any.
    pub warnings: Vec<String>,
    /// The document's title, as on its cover.
    pub title: String,
    /// Each page as SVG, when the config asked for it.
    pub svg: Vec<String>,
    /// The files the build read from disk besides the templates and data
    /// folders: the plan, the plan compared with, the logo.
    pub dependencies: Vec<PathBuf>,
    /// The web page, when one was written, for the live preview.
    pub html: Option<String>,
    /// How many outcomes and statuses a follow-up report leaves open.
    pub unfinished: usize,
}

/// A checked plan, ready to render, with the templates it is rendered with.
#[derive(Debug)]
pub struct Prepared {
    /// The plan as loaded.
    pub loaded: Loaded,
    /// Its document, with the files it embeds and its budget lines.
    pub resolved: resolve::Resolved,
    /// Its templates: `--templates`, else the plan's `dokument.mall`, else the built-in ones.
    pub templates: Templates,
    /// The fonts and images of its template folder.
    pub assets: FolderAssets,
    /// The plan file a follow-up report follows.
    pub plan_path: Option<PathBuf>,
}

/// The first three stages: a plan loaded, its budgets computed and its
/// document resolved, checked against the fonts of its templates
/// (`templates` if they name a folder, else the plan's own `mall`).
/// `draft` marks it as a draft whatever its status says.
pub fn prepare(
    input: &Path,
    data: &DataSource,
    draft: bool,
    templates: &Templates,
) -> Result<Prepared, Error> {
    let (loaded, follow_up) = match load::load_input(input, data)? {
        load::Input::Report(f) => (f.plan, Some((f.report, f.file, f.plan_path))),
        load::Input::Plan(loaded) => (loaded, None),
    };
    let templates = templates_of(templates, &loaded)?;
    let assets = templates.assets()?;
    let glyphs = crate::templates::Glyphs::new(&assets.fonts);
    let labels = labels::load(&templates)?;
    // A budget that fails its checks is reported together with every
    // other problem of the plan, not alone.
    let (budgets, mut problems) = budget::compute_plan(&loaded.plan, &loaded.file);
    let settings = resolve::Settings { draft, glyphs: &glyphs, labels: &labels };
    let resolved = match &follow_up {
        None => resolve::resolve(&loaded, &budgets, &settings),
        Some((report, file, _)) => resolve::resolve_follow_up(&loaded, report, file, &budgets, &settings),
    };
    let plan_path = follow_up.map(|(_, _, path)| path);
    let resolved = match resolved {
        Ok(resolved) if problems.is_empty() => resolved,
        Ok(_) => return Err(Error::Invalid(problems)),
        Err(mut more) => {
            problems.append(&mut more);
            return Err(Error::Invalid(problems));
        }
    };
    Ok(Prepared { loaded, resolved, templates, assets, plan_path })
}

/// Builds one plan to PDF in `world`, which may be reused between builds.
pub fn build(config: &BuildConfig, world: &mut VplanWorld) -> Result<BuildReport, Error> {
    let start = Instant::now();
    let Prepared { resolved, templates, assets, plan_path, .. } =
        prepare(&config.input, &config.data, config.draft, &config.templates)?;
    let changes = match &config.compare_to {
        Some(earlier) => {
            let earlier = prepare(earlier, &config.data, false, &config.templates)?;
            Some(compare::compare(&earlier.resolved, &resolved))
        }
        None => None,
    };
    let document = &resolved.document;
    // The logo and the template folder's images; the web outputs also its
    // fonts, for `typsnitt(…)`, gathered once and only when one is asked for.
    let mut files = resolved.files.clone();
    files.extend(assets.images.iter().cloned());
    let web_files = (config.html.is_some() || config.site.is_some()).then(|| {
        let mut web = files.clone();
        let fonts = assets.font_names.iter().zip(&assets.fonts);
        web.extend(fonts.map(|(n, b)| (format!("/mall/fonts/{n}"), b.clone())));
        web
    });
    let input = render::Input { document, changes: changes.as_ref(), files: &files };
    let web = render::Input { files: web_files.as_deref().unwrap_or_default(), ..input };
    let is_report = plan_path.is_some();
    let mut dependencies = vec![config.input.clone()];
    dependencies.extend(plan_path);
    dependencies.extend(config.compare_to.clone());
    dependencies.extend(resolved.read.iter().cloned());
    let mut report = BuildReport {
        written: Vec::new(),
        elapsed: Duration::ZERO,
        warnings: Vec::new(),
        title: format!("{} {}", document.meta.titel, document.meta.ar),
        svg: Vec::new(),
        dependencies,
        html: None,
        unfinished: resolved.unfinished.len(),
    };
    // The web page and the site's pages first: they need no Typst, and all
    // come from one document. The site holds the PDF under the plan's name.
    let html = match &config.html {
        Some(path) => Some((path, render::render_html(web, &templates)?)),
        None => None,
    };
    let site = match &config.site {
        Some(dir) => {
            let stem = config.input.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let name = format!("{}.pdf", if stem.is_empty() || stem == "-" { "plan" } else { &stem });
            let pages = render::render_site(web, &templates, Some(&name))?;
            Some((dir, name, pages))
        }
        None => None,
    };
    // The site links to the PDF, so it is compiled for the site too.
    let mut pdf_bytes = None;
    if config.pdf || config.site.is_some() {
        let rendered = render::render(input, &templates)?;
        if let Some(path) = &config.emit_typst {
            emit_typst(path, &rendered.main, &rendered.style.text, &rendered.labels)?;
        }
        world.update(&rendered.main, &rendered.style.text, &rendered.labels, files);
        world.set_fonts(assets.fonts);
        let settings = PdfSettings {
            standards: config.standards.clone(),
            date: creation_date(document, config.source_date_epoch)?,
            // A report's file id differs from its plan's.
            ident: if is_report {
                format!("vplan/{}/{}/{}", document.meta.namnd, document.meta.ar, document.meta.titel)
            } else {
                format!("vplan/{}/{}", document.meta.namnd, document.meta.ar)
            },
            svg: config.svg,
        };
        let mut pdf = compile::compile(world, &settings, &rendered, &templates)?;
        pdf.bytes = metadata::add_registry_facts(pdf.bytes, &document.meta)?;
        if config.pdf {
            write_file(&config.output, &pdf.bytes, true)?;
            report.written.push(Written {
                path: config.output.clone(),
                sha256: hex(&Sha256::digest(&pdf.bytes)),
                pages: Some(pdf.pages),
                kept: Vec::new(),
            });
        }
        report.warnings = pdf.warnings;
        report.svg = pdf.svg;
        pdf_bytes = Some(pdf.bytes);
    }
    if let Some((dir, name, mut files)) = site {
        files.extend(pdf_bytes.map(|bytes| (name, bytes)));
        let kept = crate::files::write_folder(dir, &files)?;
        let mut digest = Sha256::new();
        for (path, bytes) in &files {
            digest.update(path.as_bytes());
            digest.update(bytes);
        }
        report.written.push(Written {
            path: dir.clone(),
            sha256: hex(&digest.finalize()),
            pages: None,
            kept,
        });
    }
    if let Some(path) = &config.xlsx {
        let bytes = render::render_xlsx(document, creation_date(document, config.source_date_epoch)?)?;
        write_file(path, &bytes, true)?;
        report.written.push(Written {
            path: path.clone(),
            sha256: hex(&Sha256::digest(&bytes)),
            pages: None,
            kept: Vec::new(),
        });
    }
    if let Some((path, page)) = html {
        write_file(path, page.as_bytes(), true)?;
        report.written.push(Written {
            path: path.clone(),
            sha256: hex(&Sha256::digest(page.as_bytes())),
            pages: None,
            kept: Vec::new(),
        });
        report.html = Some(page);
    }
    report.elapsed = start.elapsed();
    Ok(report)
}

/// The templates of a build: `--templates` if given, else the folder the
/// plan names (`dokument.mall`, relative to the plan), else the built-in ones.
fn templates_of(templates: &Templates, loaded: &Loaded) -> Result<Templates, Error> {
    if templates.folder.is_some() {
        return Ok(templates.clone());
    }
    let Some(mall) = &loaded.plan.dokument.mall else { return Ok(Templates::default()) };
    let folder = loaded.folder.join(&mall.value);
    if !folder.is_dir() {
        return Err(Error::problem(
            Problem::at(&loaded.file, &mall.referenced, format!("no template folder `{}`", mall.value))
                .with_help("name a folder relative to the plan, e.g. `mall: ../mallar/region`, as `vplan templates export` writes it"),
        ));
    }
    Ok(Templates { folder: Some(folder) })
}

/// The PDF's creation date: `SOURCE_DATE_EPOCH` if given, else the
/// document's date at midnight UTC. Never the clock, so builds are reproducible.
fn creation_date(document: &Document, epoch: Option<i64>) -> Result<chrono::NaiveDateTime, Error> {
    match epoch {
        Some(seconds) => {
            chrono::DateTime::from_timestamp(seconds, 0).map(|d| d.naive_utc()).ok_or_else(|| {
                Error::Usage(format!("SOURCE_DATE_EPOCH={seconds} is not a date vplan can write"))
            })
        }
        None => {
            let d = &document.meta.datum_iso;
            chrono::NaiveDate::from_ymd_opt(d.ar, d.manad, d.dag)
                .map(|date| date.and_time(chrono::NaiveTime::MIN))
                .ok_or_else(|| Error::Usage(format!("{d} is not a date vplan can write")))
        }
    }
}

/// Builds several plans in parallel, each in a world of its own; one result
/// per plan, in order. A failed plan does not stop the others.
pub fn build_all(configs: &[BuildConfig], jobs: usize) -> Vec<Result<BuildReport, Error>> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<Result<BuildReport, Error>>>> =
        configs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, configs.len().max(1)) {
            scope.spawn(|| {
                let mut world = VplanWorld::new();
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(config) = configs.get(i) else { break };
                    // A panic is a bug in vplan, but it must not stop the other
                    // plans: it is reported on this plan's line, in a fresh world.
                    let result =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build(config, &mut world)))
                            .unwrap_or_else(|panic| {
                                world = VplanWorld::new();
                                let what = panic
                                    .downcast_ref::<&str>()
                                    .map(|s| s.to_string())
                                    .or_else(|| panic.downcast_ref::<String>().cloned())
                                    .unwrap_or_default();
                                Err(Error::Usage(format!(
                                    "vplan failed on this plan ({what}); please report it with the plan"
                                )))
                            });
                    // Plans share little; keep the memoisation cache small.
                    comemo::evict(10);
                    // A poisoned lock only means another build panicked; keep its slot.
                    if let Ok(mut slot) = results[i].lock() {
                        *slot = Some(result);
                    }
                }
            });
        }
    });
    results
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Err(Error::Usage("the build stopped unexpectedly".into())))
        })
        .collect()
}

/// Drops everything Typst memoised, for a process that builds unrelated
/// documents one after another (the fuzz target).
pub fn forget_caches() {
    comemo::evict(0);
}

/// Writes the generated Typst source, and beside it the style file it
/// imports and the labels the style imports, so `typst compile` builds it.
fn emit_typst(path: &Path, main: &str, style: &str, labels: &str) -> Result<(), Error> {
    // A folder named for the markup that does not exist yet is made, as `-o` users expect.
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .map_err(|source| Error::Write { path: folder.to_path_buf(), source })?;
    }
    write_file(path, main.as_bytes(), true)?;
    let style_path = path.with_file_name(render::STYLE_FILE);
    write_file(&style_path, style.as_bytes(), true)?;
    let labels_path = path.with_file_name(world::LABELS_PATH.trim_start_matches('/'));
    write_file(&labels_path, labels.as_bytes(), true)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
