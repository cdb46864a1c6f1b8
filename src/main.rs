//! The `vplan` command line: parses arguments into a config once, dispatches,
//! and prints results or the error chain.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use typst_pdf::PdfStandard;
use vplan::build::{BuildConfig, build};
use vplan::load::DataSource;
use vplan::render::Templates;
use vplan::world::VplanWorld;

/// Turns a plan written as YAML into the PDF "Verksamhetsplan med budget".
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build a plan to PDF.
    Build(BuildArgs),
    /// Write next year's plan: year bumped, a first draft, this year's budget as last year's figures.
    NewYear(NewYearArgs),
}

#[derive(Debug, clap::Args)]
struct NewYearArgs {
    /// This year's plan.
    plan: PathBuf,
    /// Where to write next year's plan [default: the year in the name bumped].
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, clap::Args)]
struct BuildArgs {
    /// The plan's YAML file.
    plan: PathBuf,
    /// Where to write the PDF [default: beside the plan, with .pdf].
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// A folder whose files replace the built-in templates of the same name.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// A folder of shared data files to use instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// The PDF standard to conform to.
    #[arg(long, value_enum, default_value_t = Standard::A2aUa1)]
    pdf_standard: Standard,
    /// Mark the document as a draft (UTKAST on every page), whatever its status.
    #[arg(long)]
    draft: bool,
    /// List the changes since an earlier version of the plan, after the contents.
    #[arg(long, value_name = "EARLIER.yaml")]
    compare_to: Option<PathBuf>,
}

/// The PDF standards a user can choose.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Standard {
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

impl BuildArgs {
    fn config(&self) -> BuildConfig {
        BuildConfig {
            input: self.plan.clone(),
            output: self.output.clone().unwrap_or_else(|| BuildConfig::default_output(&self.plan)),
            templates: Templates { folder: self.templates.clone() },
            data: self.data.clone().map_or(DataSource::Embedded, DataSource::Folder),
            standards: self.pdf_standard.list(),
            source_date_epoch: source_date_epoch(),
            draft: self.draft,
            compare_to: self.compare_to.clone(),
        }
    }
}

/// `SOURCE_DATE_EPOCH` from the environment, as reproducible builds define it.
fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

/// Runs `new-year`; returns the path written.
fn new_year(args: &NewYearArgs) -> Result<PathBuf, vplan::Error> {
    let loaded = vplan::load::load(&args.plan, &DataSource::Embedded)?;
    let year = loaded.plan.dokument.ar.value;
    let output = args.output.clone().unwrap_or_else(|| vplan::new_year::default_output(&args.plan, year));
    vplan::new_year::write(&loaded, &output, args.force)?;
    Ok(output)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal();
    match cli.command {
        Command::NewYear(args) => match new_year(&args) {
            Ok(output) => {
                println!("wrote {}", output.display());
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprint!("{}", error.render(color));
                ExitCode::FAILURE
            }
        },
        Command::Build(args) => {
            let config = args.config();
            match build(&config, &mut VplanWorld::new()) {
                Ok(report) => {
                    for warning in &report.warnings {
                        eprintln!("warning: {warning}");
                    }
                    println!(
                        "wrote {} ({} pages) in {:.2} s\nsha256 {}",
                        report.output.display(),
                        report.pages,
                        report.elapsed.as_secs_f64(),
                        report.sha256
                    );
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprint!("{}", error.render(color));
                    eprintln!("error: {} was not built; no file was written", config.input.display());
                    ExitCode::FAILURE
                }
            }
        }
    }
}
