//! End-to-end: a logo is read from the plan's folder only, and only with
//! alternative text; it is tagged as a figure with that text.

mod common;

use std::path::Path;

use common::*;

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00,
    0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xfc, 0xcf, 0xc0, 0x50, 0x0f, 0x00, 0x04,
    0x85, 0x01, 0x80, 0x84, 0xa9, 0x8c, 0x21, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42,
    0x60, 0x82,
];

const EXAMPLE: &str = include_str!("../examples/kungsbacka-2021.yaml");

/// The example with a logo line, written into `dir`.
fn plan_with_logo(dir: &Path, logo: &str) -> std::path::PathBuf {
    let yaml =
        EXAMPLE.replacen("  datum: 2020-12-09\n", &format!("  datum: 2020-12-09\n  logotyp: {logo}\n"), 1);
    let plan = dir.join("plan.yaml");
    std::fs::write(&plan, yaml).unwrap();
    plan
}

fn stderr_of_failed_build(plan: &Path) -> String {
    let output = vplan(&["build", plan.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!plan.with_extension("pdf").exists(), "a PDF was written");
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn a_logo_with_alt_text_is_shown_and_tagged() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("bilder")).unwrap();
    std::fs::write(dir.path().join("bilder/logo.png"), PNG).unwrap();
    let plan = plan_with_logo(dir.path(), "{fil: bilder/logo.png, alt: Region Hallands logotyp}");
    let pdf = dir.path().join("plan.pdf");
    build(&plan, &pdf, &[]);
    let qdf = unpacked(&pdf);
    assert!(qdf.contains("/S /Figure"), "no figure tag");
    assert!(qdf.contains("/Alt (Region Hallands logotyp)"), "no alt text");
}

#[test]
fn a_logo_without_alt_text_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("logo.png"), PNG).unwrap();
    let plan = plan_with_logo(dir.path(), "{fil: logo.png, alt: \"  \"}");
    let err = stderr_of_failed_build(&plan);
    assert!(err.contains("the logo has no alternative text") && err.contains("plan.yaml:"), "{err}");
}

#[test]
fn a_logo_outside_the_plan_folder_is_refused() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("secret.png"), PNG).unwrap();
    let dir = outer.path().join("plan");
    std::fs::create_dir(&dir).unwrap();
    for path in ["../secret.png", outer.path().join("secret.png").to_str().unwrap()] {
        let plan = plan_with_logo(&dir, &format!("{{fil: \"{path}\", alt: x}}"));
        let err = stderr_of_failed_build(&plan);
        assert!(err.contains("outside the plan's folder"), "{path}: {err}");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outer.path().join("secret.png"), dir.join("link.png")).unwrap();
        let plan = plan_with_logo(&dir, "{fil: link.png, alt: x}");
        let err = stderr_of_failed_build(&plan);
        assert!(err.contains("outside the plan's folder"), "symlink: {err}");
    }
}

#[test]
fn a_missing_logo_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_with_logo(dir.path(), "{fil: saknas.png, alt: x}");
    let err = stderr_of_failed_build(&plan);
    assert!(err.contains("cannot read the logo `saknas.png`"), "{err}");
}
