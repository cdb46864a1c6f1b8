//! `--format site`: a folder of pages built from the same document, every
//! link of every page leading to a file and a place that exist, each table
//! as CSV with the figures of the PDF, the PDF itself, an accessibility
//! statement, and a folder that is replaced whole or not at all.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

/// Every page of a site folder, by file name.
fn pages(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(e.path()).unwrap()))
        .collect()
}

/// The values of every `attribute="…"` in a page.
fn attributes<'p>(page: &'p str, attribute: &str) -> Vec<&'p str> {
    let needle = format!(" {attribute}=\"");
    page.split(&needle).skip(1).map(|rest| &rest[..rest.find('"').unwrap()]).collect()
}

fn build_site(extra: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("webbplats");
    let mut args =
        vec!["build", "examples/kungsbacka-2021.yaml", "--format", "site", "-o", site.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = vplan(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (dir, site)
}

#[test]
fn a_reports_columns_are_headed_alike_on_the_page_in_the_csv_and_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("webbplats");
    let report = "examples/socialnamnden-2022-delarsrapport.yaml";
    let out = vplan(&["build", report, "--format", "site", "-o", site.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let heads = "Budget 2022;Budget jan–aug;Utfall jan–aug 2021;Utfall jan–aug 2022;Prognos 2022;Avvikelse;Avvikelse %";
    // The page: the period's budget is "Budget jan–aug", not the year's twice.
    let page = std::fs::read_to_string(site.join("avsnitt-3.html")).unwrap();
    let th: String = heads.split(';').map(|h| format!("<th scope=\"col\" class=\"tal\">{h}</th>")).collect();
    assert!(page.contains(&th), "no {th} in the page");
    // The CSV: amounts in the unit, the per cent column in per cent.
    let csv = std::fs::read_to_string(site.join("tabeller/avsnitt-3-1.csv")).unwrap();
    let first = csv.lines().next().unwrap();
    assert_eq!(
        first,
        "\u{feff}mnkr;Budget 2022 (mnkr);Budget jan–aug (mnkr);Utfall jan–aug 2021 (mnkr);Utfall jan–aug 2022 (mnkr);Prognos 2022 (mnkr);Avvikelse (mnkr);Avvikelse %"
    );
    // The PDF heads the same columns so.
    let pdf = std::fs::read_dir(&site)
        .unwrap()
        .flatten()
        .find(|e| e.path().extension().is_some_and(|x| x == "pdf"));
    let text = squash(&pdf_text(&pdf.unwrap().path(), false));
    assert!(text.contains("Budgetjan–aug"), "{text}");
}

#[test]
fn a_page_per_chapter_and_every_link_leads_somewhere() {
    let earlier = root().join("examples/lokal-namnd-2020.yaml");
    let (_dir, site) = build_site(&["--compare-to", earlier.to_str().unwrap()]);
    let pages = pages(&site);
    let names: Vec<&str> = pages.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "avsnitt-1.html",
            "avsnitt-2.html",
            "avsnitt-3.html",
            "avsnitt-4.html",
            "avsnitt-5.html",
            "index.html",
            "tillganglighet.html"
        ]
    );
    for (name, page) in &pages {
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"), "{name}");
        // The navigation on every page: start, chapters, statement, PDF.
        for target in ["index.html", "avsnitt-5.html#avsnitt-5", "tillganglighet.html", "kungsbacka-2021.pdf"]
        {
            assert!(page.contains(&format!("href=\"{target}\"")), "{name} has no link to {target}");
        }
        assert_eq!(page.matches("aria-current=\"page\"").count(), 1, "{name} marks one page as current");
        let main_headings = page.matches("<h1").count();
        assert!(
            main_headings == 1 || name == "index.html" && main_headings == 2,
            "{name}: {main_headings} h1"
        );
        for href in attributes(page, "href") {
            let href = &href.replace("&#x2f;", "/");
            if href.starts_with("https://") {
                continue;
            }
            let (file, fragment) = href.split_once('#').unwrap_or((href.as_str(), ""));
            let file = if file.is_empty() { name.as_str() } else { file };
            assert!(site.join(file).is_file(), "{name} links to {href}, which is missing");
            if !fragment.is_empty() {
                let target = &pages[file];
                assert!(target.contains(&format!("id=\"{fragment}\"")), "{name}: {href} has no such place");
            }
        }
    }
    // Each chapter's text is on its page, and only there.
    let chapter = &pages["avsnitt-3.html"];
    assert!(
        chapter.contains("id=\"avsnitt-3-1-1\"") && !pages["avsnitt-4.html"].contains("id=\"avsnitt-3-1\"")
    );
    // with its own sections' contents
    assert!(chapter.contains("<a href=\"avsnitt-3.html#avsnitt-3-1-1\">3.1.1 "));
    // The start page holds the contents and the change list.
    assert!(pages["index.html"].contains("Ändringar sedan föregående version"));
    assert!(pages["tillganglighet.html"].contains("digg.se"));
    let pdf = std::fs::read(site.join("kungsbacka-2021.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn every_table_is_a_csv_file_with_the_figures_of_the_pdf() {
    let (_dir, site) = build_site(&[]);
    let budget = std::fs::read_to_string(site.join("tabeller/avsnitt-5-0.csv")).unwrap();
    assert_eq!(
        budget,
        "\u{feff}Kontoklass;Budget 2021 (tkr)\nIntäkter;0\n\
         Personalkostnader (arvode för nämndens politiker);777\n\
         Övriga driftkostnader (utvecklingsmedel samt medel för nämndens politikers kringkostnader);404\n\
         Summa;1181\n"
    );
    let page = std::fs::read_to_string(site.join("avsnitt-5.html")).unwrap();
    let csvs = attributes(&page, "href").into_iter().filter(|h| h.ends_with(".csv")).count();
    let tables = std::fs::read_dir(site.join("tabeller")).unwrap().count();
    assert!(tables >= 4 && csvs == tables, "{csvs} links, {tables} files");
}

#[test]
fn a_draft_site_is_not_indexed_and_says_so_in_every_title() {
    let (_dir, site) = build_site(&["--draft"]);
    for (name, page) in pages(&site) {
        assert!(page.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"), "{name}");
        assert!(page.contains("<title>Utkast"), "{name}");
    }
}

#[test]
fn a_folder_vplan_did_not_write_is_left_alone_and_its_own_is_replaced_whole() {
    let dir = tempfile::tempdir().unwrap();
    let own = dir.path().join("mina-filer");
    std::fs::create_dir(&own).unwrap();
    std::fs::write(own.join("viktigt.txt"), "keep").unwrap();
    let out =
        vplan(&["build", "examples/kungsbacka-2021.yaml", "--format", "site", "-o", own.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a site vplan wrote"));
    assert_eq!(std::fs::read_to_string(own.join("viktigt.txt")).unwrap(), "keep");

    let (_dir, site) = build_site(&[]);
    // A page vplan wrote before and writes no more, as its marker lists it.
    std::fs::write(site.join("avsnitt-9.html"), "old").unwrap();
    let mark = site.join(".vplan-webbplats");
    let listed = std::fs::read_to_string(&mark).unwrap();
    assert!(listed.contains("\nindex.html\n") && listed.contains("\ntabeller/avsnitt-5-0.csv\n"), "{listed}");
    std::fs::write(&mark, format!("{listed}avsnitt-9.html\n")).unwrap();
    let again =
        vplan(&["build", "examples/kungsbacka-2021.yaml", "--format", "site", "-o", site.to_str().unwrap()]);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert!(!site.join("avsnitt-9.html").exists(), "what vplan no longer writes is removed");
    assert!(site.join("index.html").is_file());
    // Nothing is left beside it.
    let beside: Vec<_> =
        std::fs::read_dir(site.parent().unwrap()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(beside.len(), 1, "{beside:?}");
}

#[test]
fn a_rebuild_keeps_the_boards_own_files_and_names_them() {
    let (_dir, site) = build_site(&[]);
    std::fs::write(site.join("README.md"), "Publiceras av kansliet.").unwrap();
    std::fs::create_dir(site.join("bilder")).unwrap();
    std::fs::write(site.join("bilder/karta.png"), b"\x89PNG").unwrap();
    let again =
        vplan(&["build", "examples/kungsbacka-2021.yaml", "--format", "site", "-o", site.to_str().unwrap()]);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(std::fs::read_to_string(site.join("README.md")).unwrap(), "Publiceras av kansliet.");
    assert_eq!(std::fs::read(site.join("bilder/karta.png")).unwrap(), b"\x89PNG");
    let said =
        format!("{}{}", String::from_utf8_lossy(&again.stdout), String::from_utf8_lossy(&again.stderr));
    assert!(said.contains("not vplan's: README.md, bilder/"), "{said}");
    // The marker lists vplan's files only.
    let listed = std::fs::read_to_string(site.join(".vplan-webbplats")).unwrap();
    assert!(!listed.contains("README") && !listed.contains("bilder"), "{listed}");
}

#[test]
fn a_marker_copied_into_a_foreign_folder_is_refused_and_nothing_is_deleted() {
    let (dir, site) = build_site(&[]);
    let foreign = dir.path().join("annat");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::copy(site.join(".vplan-webbplats"), foreign.join(".vplan-webbplats")).unwrap();
    std::fs::write(foreign.join("index.html"), "the board's own page").unwrap();
    std::fs::write(foreign.join("rapport.docx"), "own").unwrap();
    let out = vplan(&[
        "build",
        "examples/kungsbacka-2021.yaml",
        "--format",
        "site",
        "-o",
        foreign.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("{} holds vplan's marker", foreign.display())), "{stderr}");
    assert!(stderr.contains("but not the files it lists (avsnitt-1.html, "), "{stderr}");
    assert!(stderr.contains("build into another folder with -o"), "{stderr}");
    assert_eq!(std::fs::read_to_string(foreign.join("index.html")).unwrap(), "the board's own page");
    assert_eq!(std::fs::read_to_string(foreign.join("rapport.docx")).unwrap(), "own");
    // The marker of an earlier vplan (empty, no list) over files vplan does not write.
    std::fs::write(foreign.join(".vplan-webbplats"), "").unwrap();
    let out = vplan(&[
        "build",
        "examples/kungsbacka-2021.yaml",
        "--format",
        "site",
        "-o",
        foreign.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the marker of an earlier vplan") && stderr.contains(": rapport.docx;"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(foreign.join("rapport.docx")).unwrap(), "own");
    // Once only vplan's files are left, the old folder is rebuilt.
    std::fs::remove_file(foreign.join("rapport.docx")).unwrap();
    let out = vplan(&[
        "build",
        "examples/kungsbacka-2021.yaml",
        "--format",
        "site",
        "-o",
        foreign.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_site_is_not_written_to_standard_output() {
    let out = vplan(&["build", "examples/kungsbacka-2021.yaml", "--format", "site", "-o", "-"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("a site is a folder of files"));
    assert!(!root().join("-").exists());
}

#[test]
fn the_statement_names_the_boards_contact_and_a_wrong_address_is_refused_where_it_stands() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("webbplats");
    let plan = root().join("examples/socialnamnden-2022.yaml");
    let out = vplan(&["build", plan.to_str().unwrap(), "--format", "site", "-o", site.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let statement = std::fs::read_to_string(site.join("tillganglighet.html")).unwrap();
    assert!(statement.contains("<a href=\"mailto:socialnamnden@strandvik.se\">"), "{statement}");
    assert!(statement.contains("Telefon: 0480-45 00 00"));

    let text = std::fs::read_to_string(&plan).unwrap().replace("socialnamnden@strandvik.se", "socialnämnden");
    let wrong = dir.path().join("socialnamnden-2022.yaml");
    std::fs::write(&wrong, &text).unwrap();
    let out = vplan(&["check", wrong.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = text.lines().position(|l| l.contains("e-post: socialnämnden")).unwrap() + 1;
    assert!(!out.status.success());
    assert!(stderr.contains("`socialnämnden` is not an e-mail address"), "{stderr}");
    assert!(stderr.contains(&format!("socialnamnden-2022.yaml:{line}:")), "{stderr}");
}

#[test]
fn csv_text_a_spreadsheet_would_run_as_a_formula_is_written_as_text_and_figures_stay_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let plan = root().join("examples/kultur-och-fritid-2021.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let hostile = r#"            - ['=HYPERLINK("http://evil.example";"klicka")', -1550, 15]
            - ["+cmd|' /C calc'!A0", 14, 15]
            - ["@SUM(1+1)", 11, 11]
            - ["-2+3", "\tflik", -4]"#;
    let text = text.replacen("            - [Bibliotek, 18, 18]", hostile, 1);
    let copy = dir.path().join("plan.yaml");
    std::fs::write(&copy, text).unwrap();
    let site = dir.path().join("webbplats");
    let out = vplan(&["build", copy.to_str().unwrap(), "--format", "site", "-o", site.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = std::fs::read_dir(site.join("tabeller"))
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .find(|t| t.contains("HYPERLINK"))
        .unwrap();
    // No text field starts a formula: each is quoted as text with `'`.
    for line in csv.lines().skip(1) {
        for field in line.split(';') {
            let field = field.trim_start_matches('"');
            assert!(!field.starts_with(['=', '+', '@', '\t', '\r']), "{field:?} in {line:?}");
        }
    }
    assert!(
        csv.contains("\n\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"klicka\"\")\";-1550;15\n"),
        "{csv}"
    );
    assert!(csv.contains("\n'+cmd|' /C calc'!A0;14;15\n"), "{csv}");
    assert!(csv.contains("\n'@SUM(1+1);11;11\n"), "{csv}");
    // Text beginning with a minus is text; a negative figure stays a number.
    assert!(csv.contains("\n'-2+3;'\tflik;-4\n"), "{csv}");
}
