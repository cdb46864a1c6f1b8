//! The `vplan` command line: parses arguments into configs once, dispatches
//! to the library, and prints results or the error chain.

mod cli;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use cli::{
    BuildArgs, CheckArgs, Cli, Command, DiagnosticFormat, FollowUpArgs, ImportArgs, InitArgs, NewYearArgs,
    TemplatesCommand, WatchArgs,
};
use vplan::build::{BuildReport, build_all, prepare};
use vplan::files::is_std;
use vplan::{Error, assets, new_year};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let terminal = std::io::stderr().is_terminal();
    let out = Printer {
        color: cli.color.enabled(terminal, std::env::var_os("NO_COLOR")),
        progress: !cli.quiet && terminal && cli.diagnostic_format == DiagnosticFormat::Human,
        quiet: cli.quiet,
        json: cli.diagnostic_format == DiagnosticFormat::Json,
    };
    let ok = match &cli.command {
        Command::Build(args) => build(args, &out),
        Command::Check(args) => check(args, &out),
        Command::Watch(args) => watch(args, &out),
        Command::NewYear(args) => out.result(new_year_file(args)),
        Command::FollowUp(args) => out.result(follow_up_file(args)),
        Command::Import(args) => out.result(import(args)),
        Command::Init(args) => out.result(init(args).map(|p| say(&p, format_args!("wrote {}", p.display())))),
        Command::Templates(TemplatesCommand::Export { dir, force }) => {
            out.result(vplan::render::export(dir, *force).map(|written| {
                for path in written {
                    println!("wrote {}", path.display());
                }
            }))
        }
        Command::Schema { templates, follow_up, mapping } => {
            match (templates, follow_up, mapping) {
                (true, _, _) => print!("{}", vplan::document::template_schema()),
                (_, true, _) => print!("{}", vplan::model::follow_up_schema()),
                (_, _, true) => print!("{}", vplan::import::mapping_schema()),
                _ => print!("{}", vplan::model::json_schema()),
            }
            true
        }
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "vplan", &mut std::io::stdout());
            true
        }
        Command::Man { dir } => out.result(man(dir.as_deref())),
    };
    if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// Prints a result line on stdout, or on stderr when stdout carries the
/// file itself (`-o -`).
fn say(path: &std::path::Path, line: impl std::fmt::Display) {
    if is_std(path) {
        eprintln!("{line}");
    } else {
        println!("{line}");
    }
}

/// Prints the man page, or writes one page per command into `dir`.
fn man(dir: Option<&std::path::Path>) -> Result<(), Error> {
    let command = Cli::command();
    let io_error = |path: &std::path::Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    match dir {
        None => clap_mangen::Man::new(command).render(&mut std::io::stdout()).map_err(io_error("-".as_ref())),
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(io_error(dir))?;
            clap_mangen::generate_to(command, dir).map_err(io_error(dir))?;
            println!("wrote the man pages into {}", dir.display());
            Ok(())
        }
    }
}

/// How results reach the terminal.
struct Printer {
    /// Colour in error snippets.
    color: bool,
    /// Progress lines on stderr: only on a terminal, and not with --quiet.
    progress: bool,
    /// --quiet: results without timing.
    quiet: bool,
    /// --diagnostic-format json: problems as JSON lines, no prose on stderr.
    json: bool,
}

impl Printer {
    fn progress(&self, line: impl std::fmt::Display) {
        if self.progress {
            eprintln!("{line}");
        }
    }

    fn error(&self, error: &Error) {
        if self.json {
            for diagnostic in error.to_json() {
                eprintln!("{diagnostic}");
            }
        } else {
            eprint!("{}", error.render(self.color));
        }
    }

    /// A line of prose on stderr (a summary, a note): left out with JSON
    /// diagnostics, whose stderr is JSON alone.
    fn note(&self, line: impl std::fmt::Display) {
        if !self.json {
            eprintln!("{line}");
        }
    }

    fn warning(&self, message: &str) {
        if self.json {
            eprintln!("{}", serde_json::json!({"severity": "warning", "message": message}));
        } else {
            eprintln!("warning: {message}");
        }
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
                out.note(format_args!(
                    "error: {} was not built; no file was written",
                    config.input.display()
                ));
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
        out.warning(warning);
    }
    if report.unfinished > 0 {
        out.note(format_args!(
            "note: {} outcomes or statuses left open; `vplan check` lists them",
            report.unfinished
        ));
    }
    let time = if out.quiet { String::new() } else { format!(" in {:.2} s", report.elapsed.as_secs_f64()) };
    for file in &report.written {
        match file.pages {
            Some(pages) => say(
                &file.path,
                format_args!("wrote {} ({pages} pages){time}, sha256 {}", file.path.display(), file.sha256),
            ),
            None => {
                say(&file.path, format_args!("wrote {}{time}, sha256 {}", file.path.display(), file.sha256))
            }
        }
        if !file.kept.is_empty() {
            say(
                &file.path,
                format_args!("kept in {}, not vplan's: {}", file.path.display(), file.kept.join(", ")),
            );
        }
    }
}

fn watch(args: &WatchArgs, out: &Printer) -> bool {
    if is_std(&args.plan) {
        return out.result(Err(Error::Usage(
            "`watch` rebuilds when the plan file is saved; name the file, not standard input".into(),
        )));
    }
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
                out.note(format_args!("[{clock}] the build failed; the last good PDF is kept"));
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
        match prepare(plan, &data, false, &vplan::templates::Templates { folder: args.templates.clone() }) {
            Ok(prepared) if prepared.resolved.unfinished.is_empty() => println!("ok {}", plan.display()),
            Ok(prepared) => {
                // A report still being written builds; what is open is listed, not refused.
                println!("ok {} ({} left open)", plan.display(), prepared.resolved.unfinished.len());
                for item in &prepared.resolved.unfinished {
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
                out.note(format_args!(
                    "error: {} has {count} problem{}",
                    plan.display(),
                    if count == 1 { "" } else { "s" }
                ));
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
    if is_std(&args.plan) && args.output.is_none() {
        return Err(Error::Usage(
            "a plan read from standard input (`-`) has no name to bump: name the output with -o FILE, or -o -".into(),
        ));
    }
    let loaded = vplan::load::load(&args.plan, &cli::data_source(&args.data))?;
    let year = loaded.plan.dokument.ar.value;
    let output = args.output.clone().unwrap_or_else(|| new_year::default_output(&args.plan, year));
    let (changes, warnings) = new_year::write(&loaded, &output, args.force)?;
    for change in changes {
        say(&output, format_args!("  {change}"));
    }
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    say(&output, format_args!("wrote {}", output.display()));
    Ok(())
}

/// Runs `follow-up`, printing the path written.
fn follow_up_file(args: &FollowUpArgs) -> Result<(), Error> {
    if is_std(&args.plan) {
        return Err(Error::Usage(
            "a report names its plan by its file (`plan: …`); give the plan's file, not standard input"
                .into(),
        ));
    }
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| vplan::follow_up::default_output(&args.plan, args.interim.is_some()));
    vplan::follow_up::write(&args.plan, &output, &cli::data_source(&args.data), args.interim, args.force)?;
    say(&output, format_args!("wrote {}", output.display()));
    Ok(())
}

/// Runs `import`, printing what each line got, what no rule took, and the
/// reconciliation of the file's amounts.
fn import(args: &ImportArgs) -> Result<(), Error> {
    let done = vplan::import::import(&args.config())?;
    let kr = |ore: i64| format!("{} kr", vplan::format::fixed(ore, 2));
    println!("{} lines from {} ({}, {}):", done.lines.len(), args.from.display(), done.kind, done.period);
    for line in &done.lines {
        let figure = vplan::format::fixed(line.figure.units, line.figure.scale);
        println!(
            "  {}: {figure} {} ({}, {} {}) {}",
            line.id,
            line.enhet.name(),
            kr(line.ore),
            line.accounts,
            if line.accounts == 1 { "account" } else { "accounts" },
            line.namn
        );
    }
    if !done.unmapped.is_empty() {
        println!("accounts no rule takes (not imported):");
        for (konto, namn, ore) in &done.unmapped {
            println!("  {konto} {}: {}", namn.as_deref().unwrap_or(""), kr(*ore));
        }
    }
    println!(
        "read {} on result accounts = {} mapped + {} not mapped{}",
        kr(done.read),
        kr(done.mapped),
        kr(done.read - done.mapped),
        if done.balance_accounts > 0 {
            format!("; balance accounts left out: {}", done.balance_accounts)
        } else {
            String::new()
        }
    );
    if let Some(encoding) = &done.encoding {
        println!("read as {encoding}");
    }
    for line in &done.reconciliation {
        println!("reconciliation: {line}");
    }
    for note in &done.notes {
        println!("note: {note}");
    }
    for warning in &done.warnings {
        eprintln!("warning: {warning}");
    }
    match &done.written {
        Some(path) => println!("wrote {}", path.display()),
        None => print!("{}", done.text),
    }
    Ok(())
}

/// Runs `init`; returns the path written.
fn init(args: &InitArgs) -> Result<PathBuf, Error> {
    vplan::files::write_file(&args.plan, assets::STARTER_PLAN.as_bytes(), args.force)?;
    Ok(args.plan.clone())
}
