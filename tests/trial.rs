//! End-to-end: what a new user's trial broke (file modes, new-year facts,
//! --emit-typst into a new folder) stays mended.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::*;

const EXAMPLE: &str = include_str!("../examples/kungsbacka-2021.yaml");

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Runs vplan under a umask of 022, as a login shell has.
fn vplan_umask(args: &[&str]) -> std::process::Output {
    let line = std::iter::once(env!("CARGO_BIN_EXE_vplan"))
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect::<Vec<_>>()
        .join(" ");
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask 022 && exec {line}"))
        .current_dir(root())
        .output()
        .unwrap()
}

#[test]
fn written_files_get_an_ordinary_files_mode() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    let typ = dir.path().join("plan.typ");
    let output = vplan_umask(&[
        "build",
        "examples/kungsbacka-2021.yaml",
        "-o",
        pdf.to_str().unwrap(),
        "--emit-typst",
        typ.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(mode(&pdf), 0o644);
    assert_eq!(mode(&typ), 0o644);
    assert_eq!(mode(&dir.path().join("stil.typ")), 0o644);
    let init = dir.path().join("ny.yaml");
    assert!(vplan_umask(&["init", init.to_str().unwrap()]).status.success());
    assert_eq!(mode(&init), 0o644);
    let next = dir.path().join("next.yaml");
    assert!(
        vplan_umask(&["new-year", "examples/kungsbacka-2021.yaml", "-o", next.to_str().unwrap()])
            .status
            .success()
    );
    assert_eq!(mode(&next), 0o644);

    // A replaced file keeps its mode, e.g. one shared with a group.
    std::fs::set_permissions(&pdf, std::fs::Permissions::from_mode(0o664)).unwrap();
    let output = vplan_umask(&["build", "examples/kungsbacka-2021.yaml", "-o", pdf.to_str().unwrap()]);
    assert!(output.status.success());
    assert_eq!(mode(&pdf), 0o664);
}

#[test]
fn new_year_moves_the_period_on_and_drops_the_old_decision() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan-2021.yaml");
    let yaml = EXAMPLE.replacen(
        "  datum: 2020-12-09\n",
        "  datum: 2020-12-09\n  planperiod: 2021–2023\n  dnr: RS 2020/1234\n  status: beslutad\n",
        1,
    ) + "beslut:\n  organ: Lokal nämnd Kungsbacka\n  datum: 2020-12-09\n  paragraf: 45\n";
    std::fs::write(&plan, yaml).unwrap();
    let next = dir.path().join("plan-2022.yaml");
    let output = vplan(&["new-year", plan.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    for said in ["planperiod 2021–2023 → 2022–2024", "dnr RS 2020/1234 removed", "beslut removed"] {
        assert!(stdout.contains(said), "no `{said}` in: {stdout}");
    }
    let text = std::fs::read_to_string(&next).unwrap();
    assert!(text.contains("  planperiod: 2022–2024\n"), "{text}");
    assert!(!text.contains("RS 2020/1234") && !text.contains("beslut:"), "{text}");

    let pdf = dir.path().join("next.pdf");
    build(&next, &pdf, &[]);
    let cover = page_text(&pdf, 1);
    assert!(cover.contains("Planperiod 2022–2024"), "{cover}");
    assert!(!cover.contains("2020/1234") && !cover.contains("Diarienummer"), "{cover}");
}

#[test]
fn emit_typst_makes_the_folder_it_writes_into() {
    let dir = tempfile::tempdir().unwrap();
    let typ = dir.path().join("ny/mapp/plan.typ");
    let pdf = dir.path().join("plan.pdf");
    let output = vplan(&[
        "build",
        "examples/kungsbacka-2021.yaml",
        "-o",
        pdf.to_str().unwrap(),
        "--emit-typst",
        typ.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(typ.is_file() && dir.path().join("ny/mapp/stil.typ").is_file() && pdf.is_file());
}
