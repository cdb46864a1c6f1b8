//! End-to-end: budget tables as municipalities print them: a comment
//! column, a line shown outside the sums, a group heading without a sum,
//! a total or result left out, and the source's stated total checked.

mod common;

use common::*;

const PLAN: &str = "examples/kultur-och-fritid-2021.yaml";

/// The example with its text edited, built to PDF and web page; returns
/// the laid-out PDF text and the page.
fn built(edits: &[(&str, &str)]) -> Result<(String, String), String> {
    let dir = tempfile::tempdir().unwrap();
    let mut text = std::fs::read_to_string(root().join(PLAN)).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, text).unwrap();
    let pdf = dir.path().join("plan.pdf");
    let out = vplan(&[
        "build",
        plan.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--format",
        "pdf,html",
        "--color",
        "never",
    ]);
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let layout = pdf_text(&pdf, true).replace('\u{a0}', " ");
    Ok((layout, std::fs::read_to_string(dir.path().join("plan.html")).unwrap()))
}

fn has_line(layout: &str, starts: &str, ends: &str) -> bool {
    layout.lines().any(|l| l.trim_start().starts_with(starts) && l.trim_end().ends_with(ends))
}

#[test]
fn a_comment_column_a_line_outside_the_sums_and_a_group_without_a_sum() {
    let (layout, page) = built(&[
        (
            "            belopp: 5100\n",
            "            belopp: 5100\n            kommentar: Statligt stöd\n",
        ),
        (
            "          - id: foreningsbidrag\n",
            "          - namn: Varav hyror till kommunen\n            belopp: 20000\n            värden: {bokslut 2019: 19000, budget 2020: 19500, plan 2022: 20500, plan 2023: 21000}\n            utanför_summa: true\n          - id: foreningsbidrag\n",
        ),
        ("        summanamn: Summa intäkter\n", "        summanamn: Summa intäkter\n        visa_summa: false\n"),
    ])
    .unwrap();
    // The comment in its own last column, headed "Kommentar".
    assert!(layout.lines().any(|l| l.trim_end().ends_with("−300   −6,3 Statligt stöd")), "{layout}");
    assert!(layout.contains("Kommentar"), "{layout}");
    // The line outside the sums is shown; Summa kostnader is as before (118 250 … 117 950).
    assert!(has_line(&layout, "Varav hyror till", ""), "{layout}");
    assert!(
        layout.lines().any(|l| l.trim_start().starts_with("Summa kostnader") && l.contains("117 950")),
        "{layout}"
    );
    // Intäkter stand as a heading, without their sum row; the total is as before.
    assert!(!layout.contains("Summa intäkter"), "{layout}");
    assert!(
        layout.lines().any(|l| l.trim_start().starts_with("Nettokostnad") && l.contains("101 400")),
        "{layout}"
    );
    // The web page has the same column and the line in italics.
    assert!(page.contains("<th scope=\"col\">Kommentar</th>") && page.contains("<td>Statligt stöd</td>"));
    assert!(page.contains("<em>Varav hyror till kommunen</em></th>"));
}

#[test]
fn a_stated_total_is_checked_and_a_total_or_result_can_be_left_out() {
    let total = "    summa: {namn: Nettokostnad, id: nettokostnad}";
    let (layout, _) =
        built(&[(total, "    summa: {namn: Nettokostnad, id: nettokostnad, summa: 101400}")]).unwrap();
    assert!(layout.contains("Nettokostnad"));
    let err = built(&[(total, "    summa: {namn: Nettokostnad, id: nettokostnad, summa: 101450}")])
        .unwrap_err()
        .replace('\u{a0}', " ");
    assert!(
        err.contains(
            "the stated summa 101 450 tkr does not match the computed 101 400 tkr (−16 550 + 117 950)"
        ),
        "{err}"
    );
    assert!(err.contains("plan.yaml:101:"), "{err}");

    let (layout, _) = built(&[
        (
            "    resultat: {namn: Resultat, id: resultat, ska_vara: 0}",
            "    resultat: {namn: Resultat, id: resultat, ska_vara: 0, visa: false}",
        ),
        ("    summa: {namn: Summa investeringar}", "    summa: {namn: Summa investeringar, visa: false}"),
    ])
    .unwrap();
    assert!(
        !layout.contains("Summa investeringar")
            && !layout.lines().any(|l| l.trim_start().starts_with("Resultat ")),
        "{layout}"
    );
    assert!(layout.contains("Kommunbidrag"), "the funding stays");
}
