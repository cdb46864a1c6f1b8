//! The command line's arguments, turned once into the library's configs.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use typst_pdf::PdfStandard;
use vplan::build::BuildConfig;
use vplan::load::DataSource;
use vplan::templates::Templates;

/// The exit statuses, as `--help` and the man page list them.
pub const EXIT_STATUS: &str = "\
Exit status:
  0  success: every plan built or checked without a problem
  1  a plan, report, template or data file has problems, or a file could not be read or written (nothing is written)
  2  the command line is wrong (an unknown option, a missing argument)

A file name `-` means standard input (a plan for build, check and new-year) or standard output (-o - for build, new-year, follow-up; init -).";

/// Turns a plan written as YAML into the PDF "Verksamhetsplan med budget".
#[derive(Debug, Parser)]
#[command(version, about, after_help = EXIT_STATUS)]
pub struct Cli {
    /// Print no progress or timing, only results and errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// When to colour error snippets: on a terminal unless NO_COLOR is set (`auto`), `always` or `never`.
    #[arg(long, value_enum, global = true, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// How problems are printed: with source snippets (`human`), or one JSON object a line on stderr (`json`: file, line, column, message, help).
    #[arg(long, value_enum, global = true, value_name = "FORMAT", default_value_t = DiagnosticFormat::Human)]
    pub diagnostic_format: DiagnosticFormat,
    #[command(subcommand)]
    pub command: Command,
}

/// What vplan can do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build plans to PDF: files, or folders of `.yaml` files, in parallel.
    Build(BuildArgs),
    /// Check plans without building them, reporting every problem found.
    Check(CheckArgs),
    /// Write next year's plan: year bumped, a first draft, this year's budget as last year's figures.
    NewYear(NewYearArgs),
    /// Write a starter follow-up report of a plan (verksamhetsberättelse or delårsrapport), every line and goal listed.
    FollowUp(FollowUpArgs),
    /// Take a follow-up report's outcomes (or forecasts) from the accounting system's export (SIE4, CSV, xlsx) through a mapping of accounts to budget lines.
    Import(ImportArgs),
    /// Rebuild a plan on every save, optionally with a live preview.
    Watch(WatchArgs),
    /// Write a starter plan with every chapter and a comment per field.
    Init(InitArgs),
    /// Print the JSON Schema of the plan format, for editors.
    Schema {
        /// Print instead the schema of the data templates receive (`doc`), every field described.
        #[arg(long, conflicts_with = "follow_up")]
        templates: bool,
        /// Print instead the schema of a follow-up report (verksamhetsberättelse, delårsrapport).
        #[arg(long, conflicts_with = "mapping")]
        follow_up: bool,
        /// Print instead the schema of `vplan import`'s mapping file.
        #[arg(long, conflicts_with = "templates")]
        mapping: bool,
    },
    /// Work with templates: `vplan templates export DIR` writes the built-in ones to start from.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Print a shell's completion script (e.g. `vplan completions bash > /etc/bash_completion.d/vplan`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per command into DIR.
    Man {
        /// A folder to write vplan.1 and vplan-COMMAND.1 into (made if missing).
        dir: Option<PathBuf>,
    },
}

/// When error snippets are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless the NO_COLOR environment variable is set.
    Auto,
    /// Always, even into a pipe.
    Always,
    /// Never.
    Never,
}

impl ColorWhen {
    /// Whether to colour, given whether stderr is a terminal and NO_COLOR's value.
    pub fn enabled(self, terminal: bool, no_color: Option<std::ffi::OsString>) -> bool {
        match self {
            Self::Always => true,
            Self::Never => false,
            // https://no-color.org: set and not empty means no colour.
            Self::Auto => terminal && no_color.is_none_or(|v| v.is_empty()),
        }
    }
}

/// How problems are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    /// With source snippets, for people.
    Human,
    /// One JSON object a line on stderr, for editors and CI.
    Json,
}

/// `vplan templates …`.
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the built-in templates into DIR, ready to edit and use with `--templates DIR`.
    Export {
        /// The folder to write them into (made if missing).
        dir: PathBuf,
        /// Replace files of the same name in DIR.
        #[arg(long)]
        force: bool,
    },
}

/// `vplan build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The plans' YAML files, or folders holding them.
    #[arg(required = true)]
    pub plans: Vec<PathBuf>,
    #[command(flatten)]
    pub options: BuildOptions,
    /// How many plans to build at once [default: the number of cores].
    #[arg(short, long)]
    pub jobs: Option<usize>,
}

/// `vplan watch`.
#[derive(Debug, clap::Args)]
pub struct WatchArgs {
    /// The plan's YAML file.
    pub plan: PathBuf,
    #[command(flatten)]
    pub options: BuildOptions,
    /// Also serve a live preview on 127.0.0.1 that reloads after each rebuild.
    #[arg(long)]
    pub serve: bool,
    /// The preview's port; 0 picks a free one.
    #[arg(long, default_value_t = 3535)]
    pub port: u16,
}

/// How a plan is built, shared by `build` and `watch`.
#[derive(Debug, clap::Args)]
pub struct BuildOptions {
    /// Where to write the output, for a single plan [default: beside the plan,
    /// with .pdf, .html or .xlsx]; with several formats, the others beside it.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// What to write: `pdf`, `html` (an accessible web page), `xlsx` (every
    /// table as a sheet, figures as numbers), `site` (a folder of accessible
    /// pages, a page per chapter, with the PDF and each table as CSV), or
    /// several: `pdf,html,xlsx`.
    #[arg(long, value_parser = parse_formats, default_value = "pdf")]
    pub format: Formats,
    /// A folder whose files replace the built-in templates of the same name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// A folder of shared data files to use instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// The PDF standard to conform to.
    #[arg(long, value_enum, default_value_t = Standard::A2aUa1)]
    pub pdf_standard: Standard,
    /// Mark the document as a draft (UTKAST on every page), whatever its status.
    #[arg(long)]
    pub draft: bool,
    /// List the changes since an earlier version of the plan, after the contents.
    #[arg(long, value_name = "EARLIER.yaml")]
    pub compare_to: Option<PathBuf>,
    /// Also write the generated Typst markup here (and stil.typ beside it), for template authors.
    #[arg(long, value_name = "FILE")]
    pub emit_typst: Option<PathBuf>,
}

/// `vplan check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The plans' YAML files.
    #[arg(required = true)]
    pub plans: Vec<PathBuf>,
    /// A folder of shared data files to use instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// A template folder whose fonts the text is checked against, as for `build`.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// `vplan new-year`.
#[derive(Debug, clap::Args)]
pub struct NewYearArgs {
    /// This year's plan.
    pub plan: PathBuf,
    /// Where to write next year's plan [default: the year in the name bumped].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// A folder of shared data files to use instead of the built-in ones, as for `build`.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `vplan follow-up`.
#[derive(Debug, clap::Args)]
pub struct FollowUpArgs {
    /// The plan the report follows.
    pub plan: PathBuf,
    /// Where to write the report [default: beside the plan, PLAN-verksamhetsberattelse.yaml].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// A delårsrapport up to this day (e.g. 2021-08-31) instead of a verksamhetsberättelse.
    #[arg(long = "delarsrapport", alias = "delårsrapport", value_name = "TILL_OCH_MED")]
    pub interim: Option<chrono::NaiveDate>,
    /// A folder of shared data files to use instead of the built-in ones, as for `build`.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `vplan import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The follow-up report the figures are written into (in place, comments kept).
    pub report: PathBuf,
    /// The accounting system's export: SIE4 (.se, .si), CSV (.csv) or a workbook (.xlsx, .xls, .ods).
    #[arg(long, value_name = "FILE")]
    pub from: PathBuf,
    /// The rules from accounts (and ansvar) to budget lines (YAML; see the README).
    #[arg(long, value_name = "FILE")]
    pub mapping: PathBuf,
    /// Import the forecast (`prognos`) of a delårsrapport instead of the outcome.
    #[arg(long, conflicts_with = "into")]
    pub prognos: bool,
    /// Which figures the amounts are: `utfall` (the default), `prognos`,
    /// `periodbudget` (the period's budget) or `utfall-föregående-år` (last
    /// year's outcome for the same period), as a delårsrapport shows them.
    #[arg(long, value_enum)]
    pub into: Option<IntoArg>,
    /// A folder of shared data files to use instead of the built-in ones, as for `build`.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Print what would be imported and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import a SIE file whose periods do not add up to its year result
    /// (#RES), when that is expected; the result says so.
    #[arg(long)]
    pub allow_unreconciled: bool,
}

impl ImportArgs {
    /// The import config these arguments ask for.
    pub fn config(&self) -> vplan::import::ImportConfig {
        vplan::import::ImportConfig {
            report: self.report.clone(),
            from: self.from.clone(),
            mapping: self.mapping.clone(),
            into: match (self.prognos, self.into) {
                (true, _) => vplan::import::Into::Prognos,
                (_, Some(IntoArg::Prognos)) => vplan::import::Into::Prognos,
                (_, Some(IntoArg::Periodbudget)) => vplan::import::Into::Periodbudget,
                (_, Some(IntoArg::UtfallForegaendeAr)) => vplan::import::Into::UtfallForegaendeAr,
                _ => vplan::import::Into::Utfall,
            },
            data: data_source(&self.data),
            dry_run: self.dry_run,
            allow_unreconciled: self.allow_unreconciled,
        }
    }
}

/// The figures `vplan import --into` fills.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum IntoArg {
    /// The outcome.
    Utfall,
    /// A delårsrapport's forecast for the year.
    Prognos,
    /// A delårsrapport's budget for the period.
    Periodbudget,
    /// Last year's outcome for the same period.
    #[value(name = "utfall-föregående-år", alias = "utfall-foregaende-ar")]
    UtfallForegaendeAr,
}

/// `vplan init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Where to write the starter plan.
    pub plan: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// The PDF standards a user can choose.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Standard {
    /// PDF/A-2a and PDF/UA-1 in one file: archivable and accessible.
    #[value(name = "a-2a+ua-1")]
    A2aUa1,
    /// PDF/UA-1 only.
    #[value(name = "ua-1")]
    Ua1,
    /// PDF/A-2a only.
    #[value(name = "a-2a")]
    A2a,
    /// No standard: plain tagged PDF 1.7, fastest to export.
    #[value(name = "none")]
    None,
}

impl Standard {
    fn list(self) -> Vec<PdfStandard> {
        match self {
            Self::A2aUa1 => vec![PdfStandard::A_2a, PdfStandard::Ua_1],
            Self::Ua1 => vec![PdfStandard::Ua_1],
            Self::A2a => vec![PdfStandard::A_2a],
            Self::None => Vec::new(),
        }
    }
}

/// The output formats asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// The PDF.
    pub pdf: bool,
    /// The web page.
    pub html: bool,
    /// The workbook of the document's tables.
    pub xlsx: bool,
    /// The multi-page web site, in a folder.
    pub site: bool,
}

impl Formats {
    /// How many files a build writes.
    pub fn count(&self) -> usize {
        usize::from(self.pdf) + usize::from(self.html) + usize::from(self.xlsx) + usize::from(self.site)
    }
}

fn parse_formats(text: &str) -> Result<Formats, String> {
    let mut formats = Formats { pdf: false, html: false, xlsx: false, site: false };
    for part in text.split(',') {
        match part.trim() {
            "pdf" => formats.pdf = true,
            "html" => formats.html = true,
            "xlsx" => formats.xlsx = true,
            "site" => formats.site = true,
            other => {
                return Err(format!(
                    "`{other}` is not a format; use pdf, html, xlsx, site or several, e.g. pdf,html,xlsx"
                ));
            }
        }
    }
    Ok(formats)
}

/// Shared data from a folder if given, else the built-in copies.
pub fn data_source(folder: &Option<PathBuf>) -> DataSource {
    folder.clone().map_or(DataSource::Embedded, DataSource::Folder)
}

impl BuildArgs {
    /// The plan files named: files as given, folders as their `.yaml` files.
    pub fn plan_files(&self) -> Result<Vec<PathBuf>, String> {
        let mut files = Vec::new();
        for path in &self.plans {
            if path.is_dir() {
                let entries =
                    std::fs::read_dir(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                let mut found: Vec<PathBuf> = entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
                    .collect();
                found.sort();
                if found.is_empty() {
                    return Err(format!("{} holds no .yaml plans", path.display()));
                }
                files.extend(found);
            } else {
                files.push(path.clone());
            }
        }
        if files.len() > 1 && (self.options.output.is_some() || self.options.emit_typst.is_some()) {
            return Err("-o and --emit-typst take a single plan; leave them out to build several".into());
        }
        let stdin = files.iter().filter(|f| vplan::files::is_std(f)).count();
        if stdin > 0 && self.options.output.is_none() {
            return Err("a plan read from standard input (`-`) has no name to write beside: \
                 name the output with -o FILE, or -o - for standard output"
                .into());
        }
        if stdin > 1 {
            return Err("standard input (`-`) can be read once; name it once".into());
        }
        let to_stdout = self.options.output.as_deref().is_some_and(vplan::files::is_std);
        if to_stdout && self.options.format.site {
            return Err("a site is a folder of files; name the folder with -o DIR, not `-`".into());
        }
        if to_stdout && self.options.format.count() > 1 {
            return Err(
                "-o - writes one file to standard output; choose one of --format pdf, html or xlsx".into()
            );
        }
        if self.options.emit_typst.as_deref().is_some_and(vplan::files::is_std) {
            return Err(
                "--emit-typst writes two files (the markup and stil.typ); name a file, not `-`".into()
            );
        }
        Ok(files)
    }
}

impl BuildOptions {
    /// The build config of one plan file.
    pub fn config(&self, input: &std::path::Path, source_date_epoch: Option<i64>) -> BuildConfig {
        let base = self.output.clone().unwrap_or_else(|| BuildConfig::default_output(input));
        let html = self.format.html.then(|| {
            // `-o page.html` alone names the page; with the PDF it goes beside it.
            if self.format.pdf {
                base.with_extension("html")
            } else {
                self.output.clone().unwrap_or_else(|| input.with_extension("html"))
            }
        });
        // Beside the PDF or the page; alone, `-o` names it.
        let xlsx = self.format.xlsx.then(|| {
            if self.format.pdf || self.format.html {
                base.with_extension("xlsx")
            } else {
                self.output.clone().unwrap_or_else(|| input.with_extension("xlsx"))
            }
        });
        // `-o DIR` alone names the site's folder; else it goes beside the
        // other outputs: "plan-webbplats".
        let site = self.format.site.then(|| match &self.output {
            Some(dir) if self.format.count() == 1 => dir.clone(),
            _ => {
                let stem = base.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                base.with_file_name(format!("{stem}-webbplats"))
            }
        });
        BuildConfig {
            input: input.to_path_buf(),
            site,
            output: base,
            pdf: self.format.pdf,
            html,
            xlsx,
            templates: Templates { folder: self.templates.clone() },
            data: data_source(&self.data),
            standards: self.pdf_standard.list(),
            source_date_epoch,
            draft: self.draft,
            compare_to: self.compare_to.clone(),
            emit_typst: self.emit_typst.clone(),
            svg: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_is_on_for_a_terminal_unless_no_color_says_otherwise() {
        let set = |v: &str| Some(std::ffi::OsString::from(v));
        assert!(ColorWhen::Auto.enabled(true, None));
        assert!(ColorWhen::Auto.enabled(true, set("")), "an empty NO_COLOR does not count");
        assert!(!ColorWhen::Auto.enabled(true, set("1")));
        assert!(!ColorWhen::Auto.enabled(false, None));
        assert!(ColorWhen::Always.enabled(false, set("1")));
        assert!(!ColorWhen::Never.enabled(true, None));
    }

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
