//! End-to-end: what a review of the code found, each case as it was
//! reproduced: no panic on any input, `check` refuses what `build` refuses,
//! the template folder and the preview are sealed, and bad environment
//! values are errors.

mod common;

use std::path::Path;

use common::*;

const EXAMPLE: &str = include_str!("../examples/kungsbacka-2021.yaml");

fn plan_with_logo(dir: &Path, name: &str, logo_line: &str) -> std::path::PathBuf {
    let yaml = EXAMPLE.replacen(
        "  datum: 2020-12-09\n",
        &format!("  datum: 2020-12-09\n  logotyp: {logo_line}\n"),
        1,
    );
    let plan = dir.join(name);
    std::fs::write(&plan, yaml).unwrap();
    plan
}

#[test]
fn a_logo_name_with_a_line_break_is_an_error_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("logo.p\ng"), b"not an image").unwrap();
    plan_with_logo(dir.path(), "a.yaml", "{fil: \"logo.p\\ng\", alt: Logotyp}");
    std::fs::write(dir.path().join("b.yaml"), EXAMPLE).unwrap();
    let output = vplan(&["build", dir.path().to_str().unwrap(), "-j", "1"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("is not a PNG, JPEG, GIF, SVG or WebP image"), "{stderr}");
    assert!(stderr.contains("a.yaml:"), "located: {stderr}");
    assert!(dir.path().join("b.pdf").is_file(), "the plan after it was built");
}

#[test]
fn check_refuses_a_logo_outside_the_plans_folder_as_build_does() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_with_logo(dir.path(), "plan.yaml", "{fil: ../../etc/passwd.png, alt: Logotyp}");
    for command in ["check", "build"] {
        let output = vplan(&[command, plan.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{command}: {stderr}");
        assert!(stderr.contains("plan.yaml:"), "{command}: {stderr}");
        assert!(stderr.contains("cannot read the logo") || stderr.contains("outside"), "{command}: {stderr}");
    }
    // A logo that lies outside through a symlink, and one that does not exist.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.png"), b"png").unwrap();
    std::os::unix::fs::symlink(outside.path().join("x.png"), dir.path().join("lank.png")).unwrap();
    let plan = plan_with_logo(dir.path(), "plan.yaml", "{fil: lank.png, alt: Logotyp}");
    let stderr = String::from_utf8_lossy(&vplan(&["check", plan.to_str().unwrap()]).stderr).into_owned();
    assert!(stderr.contains("lies outside the plan's folder"), "{stderr}");
    let plan = plan_with_logo(dir.path(), "plan.yaml", "{fil: saknas.png, alt: Logotyp}");
    let stderr = String::from_utf8_lossy(&vplan(&["check", plan.to_str().unwrap()]).stderr).into_owned();
    assert!(stderr.contains("cannot read the logo `saknas.png`"), "{stderr}");
}

#[test]
fn an_invalid_source_date_epoch_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_vplan"))
        .args(["build", "examples/kungsbacka-2021.yaml", "-o", pdf.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "igår")
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("SOURCE_DATE_EPOCH=\"igår\" is not a whole number")
    );
    assert!(!pdf.exists());
}

#[test]
fn a_user_template_cannot_include_a_file_outside_its_folder() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("hemlig.txt"), "HEMLIGT-INNEHÅLL").unwrap();
    let templates = outer.path().join("mall");
    std::fs::create_dir(&templates).unwrap();
    std::os::unix::fs::symlink(outer.path().join("hemlig.txt"), templates.join("lank.txt")).unwrap();
    let secret = outer.path().join("hemlig.txt");
    for include in ["../hemlig.txt", secret.to_str().unwrap(), "lank.txt"] {
        let main = include_str!("../templates/plan.typ.j2").replacen(
            "#import \"/stil.typ\": *",
            &format!("#import \"/stil.typ\": *\n{{% include \"{include}\" %}}"),
            1,
        );
        std::fs::write(templates.join("plan.typ.j2"), main).unwrap();
        let pdf = outer.path().join("plan.pdf");
        let output = build_example_with_templates(&pdf, &templates);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "`{include}` was included: {stderr}");
        assert!(stderr.contains("plan.typ.j2"), "the error names the template: {stderr}");
        assert!(!pdf.exists());
    }
}

#[test]
fn new_year_refuses_the_last_year_and_flow_style_with_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, EXAMPLE.replacen("  år: 2021", "  år: 2147483647", 1)).unwrap();
    let output =
        vplan(&["new-year", plan.to_str().unwrap(), "-o", dir.path().join("next.yaml").to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("has no next year") && stderr.contains("plan.yaml:"), "{stderr}");
    assert!(!dir.path().join("next.yaml").exists());

    // A valid flow-style `dokument`: edited, or refused in the plan itself.
    let flow = EXAMPLE.replacen(
        "dokument:\n  organisation: Region Halland\n  nämnd: Lokal nämnd Kungsbacka\n  titel: Verksamhetsplan med budget\n  år: 2021\n  datum: 2020-12-09\n",
        "dokument: {organisation: Region Halland, nämnd: Lokal nämnd Kungsbacka, titel: Verksamhetsplan med budget, år: 2021, datum: 2020-12-09,\n",
        1,
    ).replacen("  nyckelord: [verksamhetsplan, budget, lokal nämnd, Kungsbacka, Region Halland]\n", "  nyckelord: [verksamhetsplan, budget, lokal nämnd, Kungsbacka, Region Halland]}\n", 1);
    std::fs::write(&plan, &flow).unwrap();
    assert!(vplan(&["check", plan.to_str().unwrap()]).status.success(), "the flow-style plan is valid");
    let next = dir.path().join("next.yaml");
    let output = vplan(&["new-year", plan.to_str().unwrap(), "-o", next.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.success() {
        let text = std::fs::read_to_string(&next).unwrap();
        assert!(text.contains("år: 2022") && text.contains("utkast"), "{text}");
    } else {
        assert!(stderr.contains("plan.yaml:"), "located in the plan, not in {next:?}: {stderr}");
        assert!(!stderr.contains("next.yaml"), "{stderr}");
    }
}

#[test]
fn inputs_the_fuzzer_found_end_in_an_error_not_a_panic() {
    let corpus = root().join("fuzz/corpus/plan");
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let path = entry.unwrap().path();
        if !path.file_name().unwrap().to_string_lossy().starts_with("regression-") {
            continue;
        }
        for command in ["check", "build"] {
            let output = vplan(
                &[command, path.to_str().unwrap(), "-o", "/dev/null"]
                    [..if command == "check" { 2 } else { 4 }],
            );
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(!stderr.contains("panicked"), "{}: {stderr}", path.display());
            assert_eq!(output.status.code(), Some(1), "{}: {stderr}", path.display());
        }
    }
}
