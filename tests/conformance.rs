//! End-to-end: the PDF is PDF/A-2a + PDF/UA-1, tagged, in Swedish, and
//! byte-reproducible. Read back with qpdf (uncompressed) and pdfinfo.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use sha2::{Digest, Sha256};

fn build_example(dir: &Path, extra: &[&str]) -> (std::path::PathBuf, String) {
    let pdf = dir.join("plan.pdf");
    let stdout = build(&root().join("examples/kungsbacka-2021.yaml"), &pdf, extra);
    (pdf, stdout)
}

#[test]
fn the_structure_tree_holds_headings_tables_and_contents() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, _) = build_example(dir.path(), &[]);
    let qdf = unpacked(&pdf);
    assert!(qdf.contains("/StructTreeRoot"), "no structure tree");
    assert!(qdf.contains("/MarkInfo"), "not marked as tagged");
    for tag in ["/S /H1", "/S /H2", "/S /H3", "/S /H4", "/S /TH", "/S /Table", "/S /TOC", "/S /TOCI", "/S /P"]
    {
        assert!(qdf.contains(tag), "no {tag} in the structure tree");
    }
    assert!(qdf.contains("/Scope /Column"), "table headers have no scope");
    assert!(qdf.contains("/Lang (sv"), "the document language is not Swedish");
    assert!(qdf.contains("/Artifact"), "page furniture is not marked as artifact");
}

#[test]
fn the_metadata_declares_pdf_a_2a_and_pdf_ua_1() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, _) = build_example(dir.path(), &[]);
    let qdf = unpacked(&pdf);
    assert!(qdf.contains("<pdfuaid:part>1</pdfuaid:part>"), "no PDF/UA-1 identification");
    assert!(qdf.contains("<pdfaid:part>2</pdfaid:part>"), "no PDF/A-2 identification");
    assert!(qdf.contains("<pdfaid:conformance>A</pdfaid:conformance>"), "not conformance level A");
    let pdf = Pdf::open(&pdf);
    for (key, value) in [
        ("Title", "Verksamhetsplan med budget 2021"),
        ("Author", "Lokal nämnd Kungsbacka"),
        ("Subject", "Verksamhetsplan med budget 2021, Lokal nämnd Kungsbacka, Region Halland"),
        ("Keywords", "verksamhetsplan, budget, lokal nämnd, Kungsbacka, Region Halland"),
        ("CreationDate", "D:20201209000000Z"),
    ] {
        assert_eq!(pdf.info(key).as_deref(), Some(value), "the document information's {key}");
    }
    assert!(pdf.tagged(), "not marked as tagged");
}

#[test]
fn no_standard_means_no_conformance_claim() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, _) = build_example(dir.path(), &["--pdf-standard", "none"]);
    let qdf = unpacked(&pdf);
    assert!(!qdf.contains("pdfaid:part") && !qdf.contains("pdfuaid:part"));
}

#[test]
fn the_examples_build_without_warnings() {
    for plan in ["examples/kungsbacka-2021.yaml", "examples/lokal-namnd-2020.yaml"] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("plan.pdf");
        let output = vplan(&["build", plan, "-o", out.to_str().unwrap()]);
        assert!(output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.is_empty(), "{plan} warned:\n{stderr}");
    }
}

#[test]
fn builds_are_byte_identical_wherever_they_run() {
    // The same plan from two folders: no path, clock or random id may leak.
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut bytes = Vec::new();
    for dir in [a.path(), b.path()] {
        let plan = dir.join("min-plan.yaml");
        std::fs::copy(root().join("examples/kungsbacka-2021.yaml"), &plan).unwrap();
        let pdf = dir.join("ut.pdf");
        let stdout = build(&plan, &pdf, &[]);
        let written = std::fs::read(&pdf).unwrap();
        let hash: String = Sha256::digest(&written).iter().map(|b| format!("{b:02x}")).collect();
        assert!(stdout.contains(&format!("sha256 {hash}")), "printed hash is not the file's:\n{stdout}");
        bytes.push(written);
    }
    assert!(bytes[0] == bytes[1], "two builds differ");
}

#[test]
fn source_date_epoch_sets_the_creation_date() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    let output = Command::new(env!("CARGO_BIN_EXE_vplan"))
        .args(["build", "examples/kungsbacka-2021.yaml", "-o", pdf.to_str().unwrap()])
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", "1600000000")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(Pdf::open(&pdf).info("CreationDate").as_deref(), Some("D:20200913122640Z"));
}
