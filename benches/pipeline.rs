//! Benchmarks, run by hand with `cargo bench` (needs `typst` 0.15.1 on PATH
//! for (a); `benches/run.sh` installs it). Prints each figure with its
//! target; ratios are measured in one run, so a busy machine skews both
//! sides alike. `-- --quick` runs each figure once, without enforcing a
//! target, as CI's smoke run does, so a benchmark that no longer runs fails CI.
//!
//! a. cold `vplan build` (whole process) against `typst compile` on the very
//!    markup vplan emits, same fonts and PDF standard;
//! b. a warm rebuild after a one-paragraph edit in one process (as `watch`)
//!    against a cold build;
//! c. generated plans of about 10, 50 and 200 pages: time and peak memory;
//! d. six plans in one batch against one plan.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use vplan::build::{BuildConfig, build};
use vplan::load::DataSource;
use vplan::templates::Templates;
use vplan::world::VplanWorld;

/// How often each figure is measured: 7 times, once with `--quick`.
fn runs() -> usize {
    static QUICK: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *QUICK.get_or_init(|| std::env::args().any(|a| a == "--quick")) { 1 } else { 7 }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The median wall time of running `command` `runs()` times.
fn time_process(mut command: impl FnMut() -> Command) -> Duration {
    let times = (0..runs())
        .map(|_| {
            let start = Instant::now();
            let status = command().status().expect("the command runs");
            assert!(status.success(), "the command failed");
            start.elapsed()
        })
        .collect();
    median(times)
}

fn vplan(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vplan"));
    command.args(args).arg("-q").stdout(std::process::Stdio::null());
    command
}

fn config(input: &Path, output: &Path) -> BuildConfig {
    BuildConfig {
        input: input.to_path_buf(),
        pdf: true,
        html: None,
        xlsx: None,
        site: None,
        output: output.to_path_buf(),
        templates: Templates::default(),
        data: DataSource::Embedded,
        standards: vec![typst_pdf::PdfStandard::A_2a, typst_pdf::PdfStandard::Ua_1],
        source_date_epoch: None,
        draft: false,
        compare_to: None,
        emit_typst: None,
        svg: false,
    }
}

/// `typst compile` of vplan's markup with the same fonts and PDF standard.
fn typst_compile(typst: &str, dir: &Path, typ: &Path) -> Command {
    let mut c = Command::new(typst);
    // The markup uses `pdf.header-cell`, as vplan's world enables it.
    c.args(["compile", "--features", "a11y-extras", "--ignore-system-fonts", "--font-path"])
        .arg(root().join("fonts"))
        .args(["--pdf-standard", "a-2a,ua-1", "--root"])
        .arg(dir)
        .arg(typ)
        .arg(dir.join("typst.pdf"));
    c
}

fn report(name: &str, value: String, target: &str, met: bool) {
    println!("{name:<58} {value:>16}   target {target:<14} {}", if met { "met" } else { "MISSED" });
}

fn a_against_typst(dir: &Path) {
    let typst = std::env::var("TYPST").unwrap_or_else(|_| "typst".into());
    if Command::new(&typst).arg("--version").output().is_err() {
        println!("(a) skipped: no `typst` on PATH; run benches/run.sh to install typst-cli 0.15.1");
        return;
    }
    for example in ["kungsbacka-2021", "lokal-namnd-2020"] {
        let plan = root().join(format!("examples/{example}.yaml"));
        let typ = dir.join(format!("{example}.typ"));
        let pdf = dir.join(format!("{example}.pdf"));
        let status = vplan(&[
            "build",
            plan.to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
            "--emit-typst",
            typ.to_str().unwrap(),
        ])
        .status()
        .unwrap();
        assert!(status.success());
        let ours = time_process(|| vplan(&["build", plan.to_str().unwrap(), "-o", pdf.to_str().unwrap()]));
        let theirs = time_process(|| typst_compile(&typst, dir, &typ));
        let ratio = ours.as_secs_f64() / theirs.as_secs_f64();
        report(
            &format!(
                "(a) {example}: vplan {:.0} ms / typst {:.0} ms",
                ours.as_secs_f64() * 1e3,
                theirs.as_secs_f64() * 1e3
            ),
            format!("{ratio:.2}"),
            "≤ 1.00",
            ratio <= 1.0,
        );
    }
}

fn b_warm_rebuild(dir: &Path) {
    let plan = dir.join("plan.yaml");
    let pdf = dir.join("plan.pdf");
    let text = std::fs::read_to_string(root().join("examples/kungsbacka-2021.yaml")).unwrap();
    std::fs::write(&plan, &text).unwrap();
    let cold = time_process(|| vplan(&["build", plan.to_str().unwrap(), "-o", pdf.to_str().unwrap()]));
    let config = config(&plan, &pdf);
    let mut world = VplanWorld::new();
    build(&config, &mut world).unwrap();
    let times = (0..runs())
        .map(|i| {
            // A one-paragraph edit, different each time.
            let edited = text.replacen(
                "Lokal nämnd har sedan hösten 2019",
                &format!("Lokal nämnd har sedan hösten 2019 ({i})"),
                1,
            );
            std::fs::write(&plan, edited).unwrap();
            let start = Instant::now();
            build(&config, &mut world).unwrap();
            start.elapsed()
        })
        .collect();
    let warm = median(times);
    let share = warm.as_secs_f64() / cold.as_secs_f64();
    report(
        &format!(
            "(b) warm rebuild {:.0} ms / cold build {:.0} ms",
            warm.as_secs_f64() * 1e3,
            cold.as_secs_f64() * 1e3
        ),
        format!("{:.0} %", share * 100.0),
        "≤ 25 %",
        share <= 0.25,
    );
}

/// A plan of `chapters` chapters of budget-free prose, about 1.7 pages each.
fn generated_plan(chapters: usize) -> String {
    let paragraph = "Lokal nämnd arbetar utifrån utgångspunkterna Kunskap, Utveckling och Samverkan i genomförandet av samtliga sina uppdrag, och verkar för att nya verksamheter ska kunna initieras, utvärderingar genomföras och lärdomar dras. ";
    let mut yaml = String::from(
        "dokument:\n  organisation: Region Halland\n  nämnd: Lokal nämnd Test\n  titel: Verksamhetsplan med budget\n  år: 2021\n  datum: 2020-12-09\nkapitel:\n",
    );
    for i in 0..chapters {
        yaml += &format!("  - titel: Kapitel {i}\n    innehåll:\n");
        for _ in 0..8 {
            yaml += &format!("      - stycke: \"{}\"\n", paragraph.repeat(3));
        }
    }
    yaml
}

/// Runs a command once; its wall time and peak resident memory in MiB.
fn run_measured(mut command: Command) -> (Duration, f64) {
    let start = Instant::now();
    let child = command.spawn().expect("the command runs");
    let mut status = 0;
    // SAFETY: wait4 reaps our own child and only writes the structs given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert!(pid > 0 && status == 0, "the command failed");
    (start.elapsed(), usage.ru_maxrss as f64 / 1024.0)
}

fn c_growth(dir: &Path) {
    let mut results = Vec::new();
    for (target_pages, chapters) in [(10, 5), (50, 25), (200, 100)] {
        let plan = dir.join(format!("gen-{target_pages}.yaml"));
        let pdf = dir.join(format!("gen-{target_pages}.pdf"));
        std::fs::write(&plan, generated_plan(chapters)).unwrap();
        let time = time_process(|| vplan(&["build", plan.to_str().unwrap(), "-o", pdf.to_str().unwrap()]));
        let (_, memory) =
            run_measured(vplan(&["build", plan.to_str().unwrap(), "-o", pdf.to_str().unwrap()]));
        let pages = String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
        let pages: usize =
            pages.lines().find_map(|l| l.strip_prefix("Pages:")).map_or(0, |p| p.trim().parse().unwrap_or(0));
        println!("(c) {pages:>4} pages: {:>7.0} ms, peak memory {memory:>6.1} MiB", time.as_secs_f64() * 1e3);
        results.push((pages, time, memory));
    }
    let (p50, t50, _) = results[1];
    let (p200, t200, m200) = results[2];
    report(
        "(c) 200 pages: time",
        format!("{:.2} s", t200.as_secs_f64()),
        "< 1.5 s",
        t200.as_secs_f64() < 1.5,
    );
    report("(c) 200 pages: peak memory", format!("{m200:.0} MiB"), "< 150 MiB", m200 < 150.0);
    typst_floor(dir);
    let pages_ratio = p200 as f64 / p50 as f64;
    let time_ratio = t200.as_secs_f64() / t50.as_secs_f64();
    report(
        &format!("(c) {pages_ratio:.1}× the pages ({p50} → {p200}) cost"),
        format!("{time_ratio:.2}×"),
        &format!("≤ {:.2}×", pages_ratio * 1.1),
        time_ratio <= pages_ratio * 1.1,
    );
}

/// What the Typst engine alone needs for the 200-page plan's markup.
fn typst_floor(dir: &Path) {
    let typst = std::env::var("TYPST").unwrap_or_else(|_| "typst".into());
    if Command::new(&typst).arg("--version").output().is_err() {
        return;
    }
    let plan = dir.join("gen-200.yaml");
    let typ = dir.join("gen-200.typ");
    let status = vplan(&[
        "build",
        plan.to_str().unwrap(),
        "-o",
        dir.join("x.pdf").to_str().unwrap(),
        "--emit-typst",
        typ.to_str().unwrap(),
    ])
    .status()
    .unwrap();
    assert!(status.success());
    let time = time_process(|| typst_compile(&typst, dir, &typ));
    let (_, memory) = run_measured(typst_compile(&typst, dir, &typ));
    println!(
        "(c) the floor: typst compile of the same 200-page markup: {:.2} s, peak memory {memory:.0} MiB",
        time.as_secs_f64()
    );
}

fn d_batch(dir: &Path) {
    let batch = dir.join("batch");
    std::fs::create_dir_all(&batch).unwrap();
    for i in 0..6 {
        let example = if i % 2 == 0 { "kungsbacka-2021" } else { "lokal-namnd-2020" };
        std::fs::copy(root().join(format!("examples/{example}.yaml")), batch.join(format!("plan-{i}.yaml")))
            .unwrap();
    }
    let one = batch.join("plan-0.yaml");
    let single = time_process(|| vplan(&["build", one.to_str().unwrap()]));
    let six = time_process(|| vplan(&["build", batch.to_str().unwrap()]));
    let ratio = six.as_secs_f64() / single.as_secs_f64();
    report(
        &format!(
            "(d) six plans {:.0} ms / one plan {:.0} ms",
            six.as_secs_f64() * 1e3,
            single.as_secs_f64() * 1e3
        ),
        format!("{ratio:.2}×"),
        "≤ 3.50×",
        ratio <= 3.5,
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `--quick` runs each figure once.
    let dir = tempfile::tempdir().unwrap();
    println!(
        "vplan benchmarks, median of {} runs each, {} cores",
        runs(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    a_against_typst(dir.path());
    b_warm_rebuild(dir.path());
    c_growth(dir.path());
    d_batch(dir.path());
}
