//! The `vplan` command line: parses arguments into configs once, dispatches
//! to the library, and prints results or the error chain.

mod cli;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use cli::{
    BuildArgs, CheckArgs, Cli, Command, FollowUpArgs, InitArgs, NewYearArgs, TemplatesCommand, WatchArgs,
};
use vplan::build::{BuildReport, build_all, prepare};
use vplan::load::DataSource;
use vplan::{Error, assets, new_year};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Printer {
        color: std::io::stderr().is_terminal(),
        progress: !cli.quiet && std::io::stderr().is_terminal(),
        quiet: cli.quiet,
    };
    let ok = match &cli.command {
        Command::Build(args) => build(args, &out),
        Command::Check(args) => check(args, &out),
        Command::Watch(args) => watch(args, &out),
        Command::NewYear(args) => out.result(new_year_file(args)),
        Command::FollowUp(args) => out.result(follow_up_file(args)),
        Command::Init(args) => out.result(init(args).map(|p| println!("wrote {}", p.display()))),
        Command::Templates(TemplatesCommand::Export { dir, force }) => {
            out.result(vplan::render::export(dir, *force).map(|written| {
                for path in written {
                    println!("wrote {}", path.display());
                }
            }))
        }
        Command::Schema { templates, follow_up } => {
            match (templates, follow_up) {
                (true, _) => print!("{}", vplan::document::template_schema()),
                (_, true) => print!("{}", vplan::model::follow_up_schema()),
                _ => print!("{}", vplan::model::json_schema()),
            }
            true
        }
    };
    if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// How results reach the terminal.
struct Printer {
    /// Colour in error snippets.
    color: bool,
    /// Progress lines on stderr: only on a terminal, and not with --quiet.
    progress: bool,
    /// --quiet: results without timing.
    quiet: bool,
}

impl Printer {
    fn progress(&self, line: impl std::fmt::Display) {
        if self.progress {
            eprintln!("{line}");
        }
    }

    fn error(&self, error: &Error) {
        eprint!("{}", error.render(self.color));
    }

    fn result(&self, result: Result<(), Error>) -> bool {
        result.map_err(|e| self.error(&e)).is_ok()
    }
}

fn build(args: &BuildArgs, out: &Printer) -> bool {
    let files = match args.plan_files() {
        Ok(files) => files,
        Err(message) => return out.result(Err(Error::Usage(message))),
    };
    let epoch = match source_date_epoch() {
        Ok(epoch) => epoch,
        Err(error) => return out.result(Err(error)),
    };
    let configs: Vec<_> = files.iter().map(|f| args.options.config(f, epoch)).collect();
    let jobs = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    out.progress(format_args!(
        "building {} plan{}…",
        configs.len(),
        if configs.len() == 1 { "" } else { "s" }
    ));
    let start = std::time::Instant::now();
    let results = build_all(&configs, jobs);
    let mut failed = 0;
    for (config, result) in configs.iter().zip(results) {
        match result {
            Ok(report) => print_report(&report, out),
            Err(error) => {
                failed += 1;
                out.error(&error);
                eprintln!("error: {} was not built; no file was written", config.input.display());
            }
        }
    }
    if configs.len() > 1 {
        out.progress(format_args!(
            "{} built, {failed} failed, in {:.2} s",
            configs.len() - failed,
            start.elapsed().as_secs_f64()
        ));
    }
    failed == 0
}

fn print_report(report: &BuildReport, out: &Printer) {
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if report.unfinished > 0 {
        eprintln!("note: {} outcomes or statuses left open; `vplan check` lists them", report.unfinished);
    }
    let time = if out.quiet { String::new() } else { format!(" in {:.2} s", report.elapsed.as_secs_f64()) };
    for file in &report.written {
        match file.pages {
            Some(pages) => {
                println!("wrote {} ({pages} pages){time}, sha256 {}", file.path.display(), file.sha256)
            }
            None => println!("wrote {}{time}, sha256 {}", file.path.display(), file.sha256),
        }
    }
}

fn watch(args: &WatchArgs, out: &Printer) -> bool {
    let epoch = match source_date_epoch() {
        Ok(epoch) => epoch,
        Err(error) => return out.result(Err(error)),
    };
    let mut config = args.options.config(&args.plan, epoch);
    let preview = if args.serve {
        config.svg = true;
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], args.port));
        match vplan::preview::Preview::start(addr) {
            Ok((preview, addr)) => {
                println!("serving the preview on http://{addr}/");
                Some(preview)
            }
            Err(error) => return out.result(Err(error)),
        }
    } else {
        None
    };
    out.progress(format_args!("watching {}; stop with Ctrl-C", args.plan.display()));
    let result = vplan::watch::watch(&config, |event| {
        let clock = chrono::Local::now().format("%H:%M:%S");
        match event {
            vplan::watch::Event::Built(report) => {
                print!("[{clock}] ");
                print_report(&report, out);
                if let Some(preview) = &preview {
                    preview.built(&report);
                }
            }
            vplan::watch::Event::Failed(error) => {
                out.error(&error);
                eprintln!("[{clock}] the build failed; the last good PDF is kept");
                if let Some(preview) = &preview {
                    preview.failed(&error);
                }
            }
        }
        // Let a reader of a pipe see each rebuild as it happens.
        let _ = std::io::Write::flush(&mut std::io::stdout());
    });
    out.result(result)
}

fn check(args: &CheckArgs, out: &Printer) -> bool {
    let data = cli::data_source(&args.data);
    let mut ok = true;
    for plan in &args.plans {
        match prepare(plan, &data, false, &vplan::render::Templates { folder: args.templates.clone() }) {
            Ok(prepared) if prepared.unfinished.is_empty() => println!("ok {}", plan.display()),
            Ok(prepared) => {
                // A report still being written builds; what is open is listed, not refused.
                println!("ok {} ({} left open)", plan.display(), prepared.unfinished.len());
                for item in &prepared.unfinished {
                    println!("  open: {item}");
                }
            }
            Err(error) => {
                ok = false;
                out.error(&error);
                let count = match &error {
                    Error::Invalid(problems) => problems.len(),
                    _ => 1,
                };
                eprintln!(
                    "error: {} has {count} problem{}",
                    plan.display(),
                    if count == 1 { "" } else { "s" }
                );
            }
        }
    }
    ok
}

/// `SOURCE_DATE_EPOCH` from the environment, as reproducible builds define
/// it: a whole number of seconds; anything else is an error, as in typst-cli.
fn source_date_epoch() -> Result<Option<i64>, Error> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH") else { return Ok(None) };
    let text = value.to_string_lossy();
    text.trim().parse().map(Some).map_err(|_| {
        Error::Usage(format!(
            "SOURCE_DATE_EPOCH={text:?} is not a whole number of seconds since 1970; set it as `date +%s` prints it, or unset it"
        ))
    })
}

/// Runs `new-year`, printing each change and the path written.
fn new_year_file(args: &NewYearArgs) -> Result<(), Error> {
    if vplan::load::is_follow_up(&args.plan) {
        return Err(Error::Usage(format!(
            "{} is a follow-up report; `new-year` takes a plan (`vplan follow-up` writes a report)",
            args.plan.display()
        )));
    }
    let loaded = vplan::load::load(&args.plan, &DataSource::Embedded)?;
    let year = loaded.plan.dokument.ar.value;
    let output = args.output.clone().unwrap_or_else(|| new_year::default_output(&args.plan, year));
    let changes = new_year::write(&loaded, &output, args.force)?;
    for change in changes {
        println!("  {change}");
    }
    println!("wrote {}", output.display());
    Ok(())
}

/// Runs `follow-up`, printing the path written.
fn follow_up_file(args: &FollowUpArgs) -> Result<(), Error> {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| vplan::follow_up::default_output(&args.plan, args.interim.is_some()));
    vplan::follow_up::write(&args.plan, &output, args.interim, args.force)?;
    println!("wrote {}", output.display());
    Ok(())
}

/// Runs `init`; returns the path written.
fn init(args: &InitArgs) -> Result<PathBuf, Error> {
    vplan::build::write_file(&args.plan, assets::STARTER_PLAN.as_bytes(), args.force)?;
    Ok(args.plan.clone())
}
