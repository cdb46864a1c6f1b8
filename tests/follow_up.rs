//! End-to-end: the follow-up report (verksamhetsberättelse, delårsrapport)
//! of a plan: every outcome, deviation and total read back from the PDF,
//! names and titles taken from the plan, bad input refused with its place,
//! and the starter `vplan follow-up` writes.

mod common;

use std::path::{Path, PathBuf};

use common::*;

const PLAN: &str = include_str!("../examples/kungsbacka-2021.yaml");
const REPORT: &str = include_str!("../examples/kungsbacka-2021-verksamhetsberattelse.yaml");

/// The plan and a report of it (the example's, edited) in a folder of their own.
fn pair(dir: &Path, plan: &str, report: &str) -> PathBuf {
    std::fs::write(dir.join("kungsbacka-2021.yaml"), plan).unwrap();
    let path = dir.join("rapport.yaml");
    std::fs::write(&path, report).unwrap();
    path
}

#[test]
fn the_example_report_shows_every_outcome_deviation_and_total() {
    let (_dir, pdf, stdout) = build_in_temp("examples/kungsbacka-2021-verksamhetsberattelse.yaml", &[]);
    assert!(stdout.contains("(9 pages)"), "{stdout}");
    let layout = pdf_text(&pdf, true);
    // Name | Budget 2021 | Utfall 2021 | Avvikelse | Avvikelse %, computed
    // from the outcomes the report gives and the plan's budget.
    for (name, figures) in [
        ("Intäkter", "0 0 0 –"),
        ("Personalkostnader (arvode för nämndens politiker)", "777 720 +57 +7,3"),
        ("Summa", "1 181 1 047 +134 +11,3"),
        ("Arvode; nämndssammanträden och fasta kostnader", "734 702 +32 +4,4"),
        ("Arvode, rörligt; kurs, konferens och verksamhet", "43 18 +25 +58,1"),
        ("Summa", "777 720 +57 +7,3"),
        ("Jämlik hälsa", "205 179 +26 +12,7"),
        ("Kunskapsuppdraget (KUpp), Tillit, projektanställning", "100 100 0 0,0"),
        ("Kunskapsuppdraget (KUpp), Tillit, övriga kostnader", "20 12 +8 +40,0"),
        ("Att leda in i framtiden, fysiskt arrangemang", "25 0 +25 +100,0"),
        ("Insatser för en jämlik hälsa", "50 46 +4 +8,0"),
        ("Barn och ungas levnadsvillkor", "110 106 +4 +3,6"),
        ("Föräldrastöd", "50 50 0 0,0"),
        ("Barn och ungas hälsa", "35 31 +4 +11,4"),
        ("Främjande arbete med skolan som arena", "25 25 0 0,0"),
        ("Lokala nämnders processer och utveckling", "15 9 +6 +40,0"),
        ("Utvecklingsdag/-ar", "15 9 +6 +40,0"),
        ("Summa", "330 294 +36 +10,9"),
    ] {
        row(&layout, name, figures);
    }
    // The one name that wraps: its figures stand on one of its lines.
    assert!(layout.lines().any(|l| words(l).ends_with("404 327 +77 +19,1")), "Övriga driftkostnader");
    // A cost above budget is a negative deviation.
    let text = words(&layout);
    assert!(text.contains("10 21 \u{2212}11 \u{2212}110,0"), "the overrun is not negative");
    // The prose quotes the same figures.
    assert!(text.contains("Utfallet blev 1 047 tkr, ett överskott om 134 tkr mot budget"), "{text}");
    assert!(text.contains("kurs och konferens, 14 tkr mot budgeterade 50 tkr"));
    // Title, cover and the goal status as symbol and word.
    assert!(text.contains("Verksamhetsberättelse 2021") && text.contains("Datum 16 februari 2022"));
    assert!(text.contains("Diarienummer RS 2022/0187"));
    for status in ["● Uppfyllt", "◐ Delvis uppfyllt", "○ Ej uppfyllt"] {
        assert!(text.contains(&format!("Bedömning: {status}")), "no {status}");
    }
    assert!(!text.contains("Ej bedömd"), "every goal of the example is assessed");
    // The plan's description, then the report's analysis.
    let description = text.find("Lokal nämnd arbetar med att maximera utfallet").unwrap();
    let analysis = text.find("Nämnden redovisar ett överskott om 134 tkr").unwrap();
    assert!(description < analysis);
}

#[test]
fn the_report_takes_names_and_titles_from_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = PLAN
        .replace(
            "titel: Fortsätta arbetet med lokal nämnds interna processer och strukturer",
            "titel: Utveckla lokal nämnds interna processer",
        )
        .replace("namn: Föräldrastöd", "namn: Stöd till föräldrar");
    let report = pair(dir.path(), &plan, REPORT);
    let pdf = dir.path().join("rapport.pdf");
    build(&report, &pdf, &[]);
    let text = words(&pdf_text(&pdf, false));
    assert!(text.contains("Utveckla lokal nämnds interna processer"), "{text}");
    assert!(!text.contains("Fortsätta arbetet med lokal nämnds"));
    row(&pdf_text(&pdf, true), "Stöd till föräldrar", "50 50 0 0,0");
}

/// Asserts a table row: `name` and then exactly these figures, in one line.
fn row(layout: &str, name: &str, figures: &str) {
    let wanted = format!("{name} {figures}");
    assert!(layout.lines().any(|l| words(l) == wanted), "no row `{wanted}` in:\n{layout}");
}

/// Builds a report that must fail; its error output.
fn refused(report: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = pair(dir.path(), PLAN, report);
    let output = vplan(&["build", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!dir.path().join("rapport.pdf").exists(), "a PDF was written");
    stderr
}

/// The 1-based line of the first line of `text` holding `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn bad_ids_statuses_and_groups_are_located_errors() {
    let report = REPORT.replace("  ovrigt: 19", "  ovrigt: 19\n  okand-post: 5");
    let err = refused(&report);
    assert!(err.contains("the plan has no budget line `okand-post`"), "{err}");
    assert!(err.contains(&format!("rapport.yaml:{}:", line_of(&report, "okand-post"))), "{err}");

    let report = REPORT.replace("  ovrigt: 19", "  ovrigt: 19\n  utvecklingsmedel: 294");
    let err = refused(&report);
    assert!(
        err.contains("`utvecklingsmedel` has lines of its own: its utfall is the sum of theirs"),
        "{err}"
    );

    let report = REPORT.replace("    status: ej uppfyllt\n  interna", "    status: halvvägs\n  interna");
    let err = refused(&report);
    assert!(err.contains("halvvägs"), "{err}");
    assert!(err.contains("uppfyllt") && err.contains("delvis uppfyllt"), "the three are named: {err}");
    assert!(err.contains(&format!("rapport.yaml:{}:", line_of(&report, "halvvägs"))), "{err}");

    let report = REPORT.replace("  interna-processer:\n", "  interna-process:\n");
    let err = refused(&report);
    assert!(err.contains("interna-process") && err.contains("interna-processer"), "{err}");

    let err = refused(&REPORT.replace("{utfall:foraldrastod}", "{utfall:foraldrastodet}"));
    assert!(err.contains("no budget line with id `foraldrastodet`"), "{err}");

    let err = refused(&REPORT.replace("plan: kungsbacka-2021.yaml", "plan: saknas.yaml"));
    assert!(err.contains("no plan `saknas.yaml` beside this report"), "{err}");

    let err =
        refused(&REPORT.replace("  dnr: RS 2022/0187", "  dnr: RS 2022/0187\n  till_och_med: 2021-08-31"));
    assert!(err.contains("a verksamhetsberättelse covers the whole year"), "{err}");
}

#[test]
fn a_plan_cannot_use_the_reports_blocks_and_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    let plan = PLAN.replace(
        "      - målöversikt: {}",
        "      - måluppfyllelse: {}\n      - stycke: \"{utfall:ovrigt}\"",
    );
    let path = dir.path().join("plan.yaml");
    std::fs::write(&path, &plan).unwrap();
    let output = vplan(&["check", path.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        err.contains("`måluppfyllelse` shows a follow-up report's goal status; a plan has none"),
        "{err}"
    );
    assert!(err.contains("quotes a follow-up report's figure; a plan has none"), "{err}");
}

#[test]
fn the_starter_lists_every_line_and_goal_and_builds_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("kungsbacka-2021.yaml");
    std::fs::write(&plan, PLAN).unwrap();
    let output = vplan(&["follow-up", plan.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report = dir.path().join("kungsbacka-2021-verksamhetsberattelse.yaml");
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(text.contains("plan: kungsbacka-2021.yaml\n"), "{text}");
    for id in
        ["arvode-fast: ~", "utvecklingsdagar: ~", "ovrigt: ~", "interna-processer:", "jamlik-halsa-2021:"]
    {
        assert!(text.contains(id), "the starter lacks {id}");
    }
    // Never overwritten without --force.
    let again = vplan(&["follow-up", plan.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    // A report is no plan to follow up, nor to roll on a year.
    for command in ["follow-up", "new-year"] {
        let refused =
            vplan(&[command, report.to_str().unwrap(), "-o", dir.path().join("x.yaml").to_str().unwrap()]);
        assert_eq!(refused.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&refused.stderr).contains("is a follow-up report"));
    }
    // It builds; the open items are listed by check.
    let pdf = dir.path().join("rapport.pdf");
    let stdout = build(&report, &pdf, &[]);
    assert!(stdout.contains("wrote"), "{stdout}");
    assert!(words(&pdf_text(&pdf, false)).contains("Bedömning: – Ej bedömd"));
    let check = vplan(&["check", report.to_str().unwrap()]);
    let listed = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success());
    assert!(listed.contains("(22 left open)") && listed.contains("no utfall for `arvode-fast`"), "{listed}");
}

#[test]
fn a_delarsrapport_has_a_forecast_and_its_period() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("kungsbacka-2021.yaml");
    std::fs::write(&plan, PLAN).unwrap();
    let report = dir.path().join("delar.yaml");
    let output = vplan(&[
        "follow-up",
        plan.to_str().unwrap(),
        "-o",
        report.to_str().unwrap(),
        "--delarsrapport",
        "2021-08-31",
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = std::fs::read_to_string(&report).unwrap();
    // The first of each id is the utfall, the second the prognos.
    let text = text
        .replacen("  arvode-fast: ~", "  arvode-fast: 480", 1)
        .replacen("  arvode-rorligt: ~", "  arvode-rorligt: 20", 1)
        .replacen("  arvode-fast: ~", "  arvode-fast: 720", 1)
        .replacen("  arvode-rorligt: ~", "  arvode-rorligt: 40", 1);
    std::fs::write(&report, text).unwrap();
    let pdf = dir.path().join("delar.pdf");
    build(&report, &pdf, &[]);
    let layout = pdf_text(&pdf, true);
    let words = words(&layout);
    assert!(words.contains("Delårsrapport januari–augusti 2021"), "{words}");
    // The headings, two lines each: Budget 2021 | Utfall jan–aug | Prognos 2021.
    assert!(words.contains("Budget Utfall Prognos") && words.contains("2021 jan–aug 2021"), "{words}");
    // Budget 777, utfall 500 so far, prognos 760: 17 better than budget.
    row(&layout, "Personalkostnader (arvode för nämndens politiker)", "777 500 760 +17 +2,2");
    // The lines without outcome yet are shown "–", their sums too.
    row(&layout, "Summa", "1 181 – – – –");
}

#[test]
fn two_versions_of_a_report_are_compared_by_their_outcomes() {
    let dir = tempfile::tempdir().unwrap();
    let earlier = pair(dir.path(), PLAN, REPORT);
    let now = dir.path().join("nu.yaml");
    std::fs::write(&now, REPORT.replace("  ovrigt: 19", "  ovrigt: 23")).unwrap();
    let pdf = dir.path().join("nu.pdf");
    build(&now, &pdf, &["--compare-to", earlier.to_str().unwrap()]);
    let layout = pdf_text(&pdf, true);
    assert!(words(&layout).contains("Ändrade budgetposter (tkr)"), "{layout}");
    row(&layout, "Övrigt", "19 23 +4");
}

#[test]
fn a_report_is_pdf_a_and_ua_and_reproducible() {
    let (dir, pdf, _) = build_in_temp("examples/kungsbacka-2021-verksamhetsberattelse.yaml", &[]);
    let xmp = Pdf::open(&pdf).xmp();
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>") && xmp.contains("<pdfuaid:part>1</pdfuaid:part>"));
    assert!(xmp.contains("<dc:identifier>RS 2022/0187</dc:identifier>"), "{xmp}");
    let again = dir.path().join("again.pdf");
    build(&root().join("examples/kungsbacka-2021-verksamhetsberattelse.yaml"), &again, &[]);
    assert_eq!(std::fs::read(&pdf).unwrap(), std::fs::read(&again).unwrap());
}

#[test]
fn an_adopted_report_states_its_own_decision() {
    let dir = tempfile::tempdir().unwrap();
    let adopted = REPORT.replace(
        "  dnr: RS 2022/0187\n",
        "  dnr: RS 2022/0187\n  status: beslutad\n  beslut:\n    organ: Lokal nämnd Kungsbacka\n    datum: 2022-03-02\n    paragraf: 12\n",
    );
    let report = pair(dir.path(), PLAN, &adopted);
    let pdf = dir.path().join("rapport.pdf");
    build(&report, &pdf, &[]);
    let text = words(&pdf_text(&pdf, true));
    assert!(text.contains("Beslutad av Lokal nämnd Kungsbacka 2 mars 2022, § 12"), "{text}");
    let xmp = Pdf::open(&pdf).xmp();
    assert!(xmp.contains("<vplan:beslutsdatum>2022-03-02</vplan:beslutsdatum>"), "{xmp}");
    // Without its decision it is refused, at its status.
    let err = refused(&adopted.replace("    paragraf: 12\n", ""));
    assert!(err.contains("missing: beslut.paragraf"), "{err}");
    assert!(err.contains(&format!("rapport.yaml:{}:", line_of(&adopted, "status: beslutad"))), "{err}");
}

#[test]
fn a_report_sums_as_its_plan_does_when_missing_figures_count_as_zero() {
    // The plan's driftbudget counts missing figures as 0 (`saknade_som_noll`),
    // and one of its lines has no budget this year.
    let plan = include_str!("../examples/socialnamnden-2022.yaml")
        .replacen("    enhet: mnkr\n", "    enhet: mnkr\n    saknade_som_noll: true\n", 1)
        .replacen("        summa: 469.1\n", "", 1)
        .replacen(
            "            belopp: 8.1\n            värden: {bokslut 2020: 7.6",
            "            värden: {bokslut 2020: 7.6",
            1,
        )
        .replacen(
            "    resultat: {namn: Resultat, id: resultat, ska_vara: 0}",
            "    resultat: {namn: Resultat, id: resultat}",
            1,
        );
    let report = include_str!("../examples/socialnamnden-2022-delarsrapport.yaml").replacen(
        "  dagverksamhet: 5.6  #",
        "  dagverksamhet: ~  #",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("socialnamnden-2022.yaml"), &plan).unwrap();
    let path = dir.path().join("rapport.yaml");
    std::fs::write(&path, &report).unwrap();
    let plan_pdf = dir.path().join("plan.pdf");
    build(&dir.path().join("socialnamnden-2022.yaml"), &plan_pdf, &[]);
    let plan_layout = pdf_text(&plan_pdf, true);
    row(&plan_layout, "Summa äldreomsorg", "445,5 458,5 461,0 477,9 486,8 +2,5 +0,5");
    let pdf = dir.path().join("rapport.pdf");
    build(&path, &pdf, &[]);
    let layout = pdf_text(&pdf, true);
    // The group's budget is the plan's 461,0, and its outcome the sum of the
    // outcomes given (98,4 + 206,5), not "–".
    row(&layout, "Summa äldreomsorg", "461,0 312,8 305,3 304,9 463,5 −2,5 −0,5");
    row(&layout, "Resultat", "8,1 −0,2 3,2 5,8 0,9 −7,2 −88,9");
}
