//! End-to-end: check, batch builds, init, --emit-typst, --templates, --quiet.

mod common;

use common::*;

const EXAMPLE: &str = include_str!("../examples/kungsbacka-2021.yaml");

fn stdout_stderr(output: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn check_reports_every_problem_of_every_plan_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    let broken = EXAMPLE
        .replacen("  summa: 1181", "  summa: 1180", 1)
        .replacen("{kr:foraldrastod}", "{kr:saknas}", 1)
        .replacen("- text: värdegrund", "- text: vardegrund", 1);
    std::fs::write(&bad, broken).unwrap();
    let output = vplan(&[
        "check",
        "examples/kungsbacka-2021.yaml",
        bad.to_str().unwrap(),
        "examples/lokal-namnd-2020.yaml",
    ]);
    let (stdout, stderr) = stdout_stderr(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout.contains("ok examples/kungsbacka-2021.yaml")
            && stdout.contains("ok examples/lokal-namnd-2020.yaml")
    );
    for needle in ["1\u{a0}180", "`saknas`", "`vardegrund`", "bad.yaml has 3 problems"] {
        assert!(stderr.contains(needle), "missing `{needle}`:\n{stderr}");
    }
    assert_eq!(stderr.matches("bad.yaml:").count(), 3, "{stderr}");
    assert!(!dir.path().join("bad.pdf").exists(), "check wrote a PDF");
}

#[test]
fn a_folder_builds_in_parallel_and_a_failure_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a", "b", "c"] {
        std::fs::write(dir.path().join(format!("{name}.yaml")), EXAMPLE).unwrap();
    }
    std::fs::write(dir.path().join("b.yaml"), EXAMPLE.replacen("  summa: 1181", "  summa: 1", 1)).unwrap();
    let output = vplan(&["build", dir.path().to_str().unwrap(), "--jobs", "2"]);
    let (stdout, stderr) = stdout_stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stdout.lines().count(), 2, "one line per built plan:\n{stdout}");
    assert!(stdout.contains("a.pdf") && stdout.contains("c.pdf"));
    assert!(stderr.contains("b.yaml was not built"));
    assert!(dir.path().join("a.pdf").exists() && dir.path().join("c.pdf").exists());
    assert!(!dir.path().join("b.pdf").exists());
    // The same plan gives the same bytes in a batch as alone.
    assert_eq!(
        std::fs::read(dir.path().join("a.pdf")).unwrap(),
        std::fs::read(dir.path().join("c.pdf")).unwrap()
    );
}

#[test]
fn output_path_needs_a_single_plan() {
    let output = vplan(&["build", "examples", "-o", "x.pdf"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout_stderr(&output).1.contains("single plan"));
}

#[test]
fn init_writes_a_starter_plan_that_builds_and_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("ny.yaml");
    assert!(vplan(&["init", plan.to_str().unwrap()]).status.success());
    let text = std::fs::read_to_string(&plan).unwrap();
    for chapter in
        ["Inledning", "Verksamhetens uppdrag", "Målstyrning", "Kvalitetsstyrning", "Ekonomistyrning"]
    {
        assert!(text.contains(&format!("titel: {chapter}")), "no chapter {chapter}");
    }
    assert!(text.lines().filter(|l| l.trim_start().starts_with('#')).count() > 15, "few comments");
    build(&plan, &dir.path().join("ny.pdf"), &[]);
    std::fs::write(&plan, "mine").unwrap();
    let output = vplan(&["init", plan.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), "mine");
}

#[test]
fn emit_typst_writes_the_markup_and_its_style() {
    let dir = tempfile::tempdir().unwrap();
    let typ = dir.path().join("plan.typ");
    build(
        &root().join("examples/kungsbacka-2021.yaml"),
        &dir.path().join("plan.pdf"),
        &["--emit-typst", typ.to_str().unwrap()],
    );
    let main = std::fs::read_to_string(&typ).unwrap();
    assert!(
        main.contains("#import \"/stil.typ\": *") && main.contains("#heading(level: 1)[#\"Inledning\";]")
    );
    let style = std::fs::read_to_string(dir.path().join("stil.typ")).unwrap();
    assert_eq!(style, include_str!("../templates/stil.typ"));
    // Every file the markup and the style import stands beside them, so
    // `typst compile` finds it.
    for text in [&main, &style] {
        for import in text.lines().filter_map(|l| l.trim().strip_prefix("#import \"/")) {
            let name = &import[..import.find('"').unwrap()];
            assert!(dir.path().join(name).is_file(), "`{name}` is imported but not written");
        }
    }
    let labels = std::fs::read_to_string(dir.path().join("etiketter.typ")).unwrap();
    assert!(labels.contains("Innehåll"), "{labels}");
}

fn templates_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn a_template_folder_overrides_file_by_file() {
    let style = include_str!("../templates/stil.typ").replace("[#etiketter.sida #n", "[Blad #n");
    assert_ne!(style, include_str!("../templates/stil.typ"));
    let templates = templates_dir(&[("stil.typ", &style)]);
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    build(
        &root().join("examples/kungsbacka-2021.yaml"),
        &pdf,
        &["--templates", templates.path().to_str().unwrap()],
    );
    let text = words(&pdf_text(&pdf, false));
    assert!(text.contains("Blad 2 av 10") && !text.contains("Sida 2 av"), "the style was not overridden");
    // The block templates are still the built-in ones.
    assert!(text.contains("3.1 Stärkt delaktighet"));
}

#[test]
fn an_error_in_a_user_template_names_its_file_and_line() {
    let (stderr, expected) = build_with_template_line("{{ doc.finns_inte }}");
    assert!(stderr.contains(&expected), "no `{expected}` in:\n{stderr}");
    assert!(stderr.contains("undefined"), "{stderr}");
}

#[test]
fn quiet_prints_results_without_timing() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    let output = vplan(&["build", "-q", "examples/kungsbacka-2021.yaml", "-o", pdf.to_str().unwrap()]);
    let (stdout, stderr) = stdout_stderr(&output);
    assert!(output.status.success());
    assert!(stdout.starts_with("wrote ") && !stdout.contains(" s,") && stderr.is_empty(), "{stdout}{stderr}");
    let output = vplan(&["build", "examples/kungsbacka-2021.yaml", "-o", pdf.to_str().unwrap()]);
    let (stdout, stderr) = stdout_stderr(&output);
    assert!(stdout.contains(" s, sha256 "), "{stdout}");
    assert!(stderr.is_empty(), "progress printed to a pipe: {stderr}");
}
