//! End-to-end: the command line keeps its ecosystem's conventions: colour
//! by `--color` and `NO_COLOR`, shell completions and a man page, `-` for
//! standard input and output, JSON diagnostics, documented exit statuses.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use common::*;

/// Runs vplan in `dir` with `stdin` piped in and `env` set.
fn vplan_with(dir: &std::path::Path, args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vplan"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("NO_COLOR")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    // vplan may refuse before it reads its input (no output name given),
    // and so close the pipe first: that is no failure of the test.
    if let Err(e) = input.write_all(stdin) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    drop(input);
    child.wait_with_output().unwrap()
}

const BROKEN: &str =
    "dokument:\n  organisation: R\n  nämnd: N\n  titel: T\n  år: tjugo\n  datum: 2020-12-09\nkapitel: []\n";

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn colour_follows_the_color_flag_and_no_color() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.yaml"), BROKEN).unwrap();
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec!["check", "plan.yaml"];
        all.extend_from_slice(args);
        let output = vplan_with(dir.path(), &all, b"", env);
        assert_eq!(output.status.code(), Some(1));
        stderr(&output).contains("\u{1b}[")
    };
    assert!(run(&["--color", "always"], &[]), "--color always colours even into a pipe");
    assert!(run(&["--color", "always"], &[("NO_COLOR", "1")]), "an explicit flag wins over NO_COLOR");
    assert!(!run(&["--color", "never"], &[]));
    assert!(!run(&[], &[]), "auto: a pipe is not a terminal");
    assert!(!run(&["--color", "auto"], &[("NO_COLOR", "1")]));
}

#[test]
fn completions_and_man_pages_are_generated_from_the_commands() {
    let bash = vplan(&["completions", "bash"]);
    assert!(bash.status.success());
    let bash = String::from_utf8(bash.stdout).unwrap();
    assert!(
        bash.contains("_vplan()") && bash.contains("new-year") && bash.contains("--compare-to"),
        "{bash}"
    );
    let zsh = String::from_utf8(vplan(&["completions", "zsh"]).stdout).unwrap();
    assert!(zsh.starts_with("#compdef vplan"), "{zsh}");

    let man = vplan(&["man"]);
    assert!(man.status.success());
    let man = String::from_utf8(man.stdout).unwrap();
    assert!(
        man.contains(".TH vplan 1") && man.contains("follow\\-up") && man.contains("Exit status"),
        "{man}"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let written = vplan(&["man", out.to_str().unwrap()]);
    assert!(written.status.success(), "{}", stderr(&written));
    for page in ["vplan.1", "vplan-build.1", "vplan-check.1", "vplan-new-year.1"] {
        let text = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(text.starts_with(".ie") || text.contains(".TH"), "{page}: {text}");
    }
}

#[test]
fn a_plan_on_standard_input_builds_to_standard_output_byte_for_byte_as_from_its_file() {
    let examples = root().join("examples");
    let plan = std::fs::read(examples.join("kungsbacka-2021.yaml")).unwrap();
    let piped = vplan_with(&examples, &["build", "-", "-o", "-", "-q"], &plan, &[]);
    assert!(piped.status.success(), "{}", stderr(&piped));
    assert!(piped.stdout.starts_with(b"%PDF-"), "the PDF is on stdout");
    assert!(
        stderr(&piped).contains("wrote - (10 pages)"),
        "the result line goes to stderr: {}",
        stderr(&piped)
    );
    let (_dir, pdf, _) = build_in_temp("examples/kungsbacka-2021.yaml", &[]);
    assert!(std::fs::read(&pdf).unwrap() == piped.stdout, "the same PDF either way");
    assert!(!examples.join("-").exists() && !examples.join("-.pdf").exists(), "no file named after `-`");

    // The web page too.
    let html = vplan_with(&examples, &["build", "-", "-o", "-", "--format", "html"], &plan, &[]);
    assert!(html.status.success(), "{}", stderr(&html));
    assert!(String::from_utf8(html.stdout).unwrap().starts_with("<!DOCTYPE html>"));
}

#[test]
fn standard_input_is_named_in_errors_and_needs_an_output_name() {
    let dir = tempfile::tempdir().unwrap();
    let checked = vplan_with(dir.path(), &["check", "-"], BROKEN.as_bytes(), &[]);
    assert_eq!(checked.status.code(), Some(1));
    assert!(stderr(&checked).contains("<stdin>:5:"), "{}", stderr(&checked));

    let unnamed = vplan_with(dir.path(), &["build", "-"], BROKEN.as_bytes(), &[]);
    assert_eq!(unnamed.status.code(), Some(1));
    assert!(stderr(&unnamed).contains("-o FILE"), "{}", stderr(&unnamed));
    let both = vplan_with(dir.path(), &["build", "-", "-o", "-", "--format", "pdf,html"], b"", &[]);
    assert_eq!(both.status.code(), Some(1));
    assert!(stderr(&both).contains("choose one of --format pdf, html or xlsx"), "{}", stderr(&both));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written");
}

#[test]
fn init_and_new_year_write_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let init = vplan_with(dir.path(), &["init", "-"], b"", &[]);
    assert!(init.status.success(), "{}", stderr(&init));
    let starter = String::from_utf8(init.stdout).unwrap();
    assert!(starter.contains("dokument:") && starter.contains("kapitel:"), "{starter}");

    let plan = std::fs::read(root().join("examples/kungsbacka-2021.yaml")).unwrap();
    let next = vplan_with(dir.path(), &["new-year", "-", "-o", "-"], &plan, &[]);
    assert!(next.status.success(), "{}", stderr(&next));
    let next = String::from_utf8(next.stdout).unwrap();
    assert!(next.contains("  år: 2022") && next.contains("status: utkast"), "{next}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written");
}

#[test]
fn json_diagnostics_give_file_line_column_message_and_help() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.yaml"), BROKEN).unwrap();
    for command in ["check", "build"] {
        let output = vplan_with(dir.path(), &[command, "plan.yaml", "--diagnostic-format", "json"], b"", &[]);
        assert_eq!(output.status.code(), Some(1));
        let text = stderr(&output);
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
            .collect();
        assert!(!lines.is_empty(), "{command}: no diagnostics");
        let first = &lines[0];
        assert_eq!(first["severity"], "error");
        assert_eq!(first["file"], "plan.yaml");
        assert_eq!(first["line"], 5, "{first}");
        assert!(first["column"].as_u64().is_some_and(|c| c > 0), "{first}");
        assert!(first["message"].as_str().is_some_and(|m| !m.is_empty()), "{first}");
        assert!(first.get("help").is_some());
    }
    assert!(!dir.path().join("plan.pdf").exists());
}

#[test]
fn exit_statuses_are_as_documented() {
    let help = String::from_utf8(vplan(&["--help"]).stdout).unwrap();
    assert!(help.contains("Exit status:") && help.contains("  2  the command line is wrong"), "{help}");
    assert_eq!(vplan(&["build", "--no-such-flag", "x.yaml"]).status.code(), Some(2));
    assert_eq!(vplan(&["check", "no-such-plan.yaml"]).status.code(), Some(1));
    assert_eq!(vplan(&["check", "examples/kungsbacka-2021.yaml"]).status.code(), Some(0));
}
