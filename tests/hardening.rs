//! Hostile input: text that looks like code, YAML that tries to exhaust
//! memory, templates that try to read files. vplan prints text literally or
//! refuses it with a clear message, and never crashes, hangs or reads
//! outside the plan's folder.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;

/// Strings from Word, mail and the web, and some made to break things.
const HOSTILE: &[&str] = &[
    // Typst markup and code.
    "#set text(red)",
    "#panic(\"x\")",
    "#{ 1 + 1 }",
    "#let x = 1",
    "$x^2$",
    "$",
    "*fet*",
    "_kursiv_",
    "`rå`",
    "```kod```",
    "@ref",
    "<etikett>",
    "[hakparentes]",
    "]",
    "[",
    "\\",
    "\\\\n",
    "\"",
    "\"\"\"",
    "// kommentar",
    "/* block",
    "*/",
    "= Rubrik",
    "== Två",
    "- punkt",
    "+ numrerad",
    "1. lista",
    "/ term: beskrivning",
    "~",
    "---",
    "...",
    "'enkel'",
    "#\"sträng\";",
    "\";#panic(\"y\")",
    // Jinja and YAML-looking text.
    "{{ doc.meta }}",
    "{% if x %}",
    "{# kommentar #}",
    "{{",
    "}}",
    "{x: y}",
    "&ankare",
    "*alias",
    "!!str",
    // Whitespace and invisible characters.
    "rad1\r\nrad2",
    "rad1\rrad2",
    "rad1\nrad2",
    "tab\there",
    "form\u{c}feed",
    "linje\u{2028}separator",
    "stycke\u{2029}separator",
    "noll\u{200b}bredd",
    "ord\u{2060}förenare",
    "nul\u{0}tecken",
    "esc\u{1b}[31m",
    "bom\u{feff}",
    "\u{85}nästa rad",
    // Symbols, accents, emoji and long words.
    "😀 glad",
    "✓ klart",
    "★ stjärna",
    "→ pil",
    "Ω omega",
    "Å Ä Ö å ä ö",
    "“citat” «guillemets» ‘enkla’",
    "1 000 000 − 5 %",
    "§ 45",
    "€ 100",
    "naïve café résumé",
    "Donaudampfschifffahrtsgesellschaftskapitän",
    "Verksamhetsplaneringsuppföljningsprocessdokumentationssammanställningsarbetsgruppsmöte",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
];

/// A string as it should be printed: control characters dropped, line and
/// paragraph separators and tabs as spaces (the documented rule).
fn printed(s: &str) -> String {
    s.chars()
        .map(|c| if matches!(c, '\r' | '\n' | '\t' | '\u{2028}') { ' ' } else { c })
        .filter(|c| !c.is_control() && *c != '\u{2029}' && *c != '\u{feff}')
        .collect()
}

/// A YAML double-quoted scalar: JSON's escapes are YAML's.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// A plan with every string in every kind of text field.
fn hostile_plan(strings: &[String]) -> String {
    let q = |s: &String| quoted(s);
    let mut yaml = String::from(
        "dokument:\n  organisation: Region Halland\n  nämnd: Lokal nämnd Test\n  titel: Verksamhetsplan med budget\n  år: 2021\n  datum: 2020-12-09\n",
    );
    yaml += "fotnoter:\n";
    for (i, s) in strings.iter().enumerate() {
        yaml += &format!("  n{i}: {}\n", q(s));
    }
    yaml += "fokusområden:\n  - titel: Egna\n    uppdrag:\n";
    for s in strings {
        yaml += &format!("      - titel: {}\n        beskrivning: [{}]\n", q(s), q(s));
    }
    yaml += "budget:\n  kontoklasser:\n";
    for s in strings {
        yaml += &format!("    - namn: {}\n      belopp: 1\n", q(s));
    }
    yaml += "kapitel:\n";
    for (i, s) in strings.iter().enumerate() {
        yaml += &format!("  - titel: {}\n    innehåll:\n", q(s));
        yaml += &format!("      - stycke: {}\n", quoted(&format!("Stycke {s} slut{{fotnot:n{i}}}")));
        yaml += &format!("      - mellanrubrik: {}\n", q(s));
        yaml += &format!("      - lista: [{}]\n", q(s));
        yaml += &format!("      - ledord: {{ord: Lead, text: {}}}\n", quoted(&format!("Lead {s}")));
        yaml += &format!("      - avsnitt: {{titel: {}, innehåll: []}}\n", q(s));
    }
    yaml += "  - titel: Mål\n    innehåll:\n      - målöversikt: {}\n      - målavsnitt: {}\n";
    yaml += "  - titel: Budget\n    innehåll:\n      - budgettabell: {}\n";
    yaml
}

#[test]
fn hostile_strings_in_every_field_are_printed_literally() {
    // Each string alone and inside a sentence: at a line start and within text.
    let mut strings: Vec<String> = HOSTILE.iter().map(|s| s.to_string()).collect();
    strings.extend(HOSTILE.iter().map(|s| format!("Före {s} efter")));
    assert!(strings.len() >= 80);
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, hostile_plan(&strings)).unwrap();
    let pdf = dir.path().join("plan.pdf");
    build(&plan, &pdf, &[]);
    let text = literal(&pdf_text(&pdf, false));
    // The web page of the same plan: every string literal there too, no markup made.
    let html_path = dir.path().join("plan.html");
    let output =
        vplan(&["build", plan.to_str().unwrap(), "--format", "html", "-o", html_path.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(!html.contains("<script") && !html.contains("<img"), "markup was injected");
    let html_text = literal(&html_text(&html));
    for s in &strings {
        let want = literal(&printed(s));
        assert!(
            html_text.matches(want.as_str()).count() >= 8,
            "{s:?} is not printed literally in every field of the page"
        );
    }
    for s in &strings {
        let want = literal(&printed(s));
        assert!(!want.is_empty() || s.trim().is_empty(), "{s:?} compares as nothing");
        // Every string stands in eight kinds of field: heading, paragraph,
        // subheading, list item, lead-word paragraph, section, footnote,
        // goal heading and description, table cells.
        let found = text.matches(want.as_str()).count();
        assert!(found >= 8, "{s:?} is printed {found} times, not in every field");
    }
}

/// Text compared character by character, dashes included: only whitespace,
/// invisible joiners and the hyphens of words broken at a line end go.
fn literal(text: &str) -> String {
    text.replace("-\n", "")
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '\u{ad}' | '\u{2010}' | '\u{2060}' | '\u{200b}' | '\u{feff}')
        })
        .collect()
}

#[test]
fn markup_at_a_line_start_stays_text_in_the_structure_tree() {
    let plan = |paragraphs: &[&str]| {
        let mut yaml = String::from(
            "dokument:\n  organisation: R\n  nämnd: N\n  titel: T\n  år: 2021\n  datum: 2020-12-09\nkapitel:\n  - titel: Ett\n    innehåll:\n",
        );
        for p in paragraphs {
            yaml += &format!("      - stycke: {}\n", quoted(p));
        }
        yaml
    };
    let tags = |yaml: &str| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.yaml");
        std::fs::write(&path, yaml).unwrap();
        let pdf = dir.path().join("plan.pdf");
        build(&path, &pdf, &[]);
        let qdf = unpacked(&pdf);
        let counts: Vec<usize> = ["/S /L\n", "/S /LI", "/S /LBody", "/S /H1", "/S /H2", "/S /Terms", "/S /P"]
            .iter()
            .map(|t| qdf.matches(t).count())
            .collect();
        (counts, literal(&pdf_text(&pdf, false)))
    };
    let markup =
        ["- punkt", "1. lista", "+ numrerad", "= Rubrik", "/ term: beskrivning", "Före\n- punkt\n1. lista"];
    let plain = ["a", "b", "c", "d", "e", "f"];
    let (hostile, text) = tags(&plan(&markup));
    let (baseline, _) = tags(&plan(&plain));
    // The same lists, headings and paragraphs as plain words give: none made.
    assert_eq!(hostile, baseline, "tags L, LI, LBody, H1, H2, Terms, P");
    for s in ["-punkt", "1.lista", "+numrerad", "=Rubrik", "/term:beskrivning"] {
        assert!(text.contains(s), "no `{s}` in {text}");
    }
}

fn refused(yaml: &[u8], expect: &str) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, yaml).unwrap();
    let start = std::time::Instant::now();
    let output = vplan(&["build", plan.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(expect), "no `{expect}` in:\n{stderr}");
    // Not a timed assertion of speed: a guard against a hang.
    assert!(start.elapsed() < Duration::from_secs(60));
    assert!(!dir.path().join("plan.pdf").exists());
}

#[test]
fn an_alias_bomb_is_refused() {
    let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        yaml +=
            &format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n");
    }
    refused(yaml.as_bytes(), "plan.yaml:");
}

#[test]
fn deep_nesting_is_refused() {
    let yaml = format!("dokument: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    refused(yaml.as_bytes(), "plan.yaml:");
}

#[test]
fn a_50_mb_file_is_refused_before_it_is_read() {
    let mut yaml = String::from("# ");
    yaml += &"x".repeat(50 * 1024 * 1024);
    refused(yaml.as_bytes(), "a plan may be at most");
}

#[test]
fn a_plan_with_10000_budget_lines_builds() {
    let mut yaml = String::from(
        "dokument:\n  organisation: R\n  nämnd: N\n  titel: T\n  år: 2021\n  datum: 2020-12-09\nbudget:\n  kontoklasser:\n    - id: alla\n      namn: Alla\n      fördelning:\n",
    );
    for i in 0..10_000 {
        yaml += &format!("        - {{namn: Post {i}, belopp: {i}}}\n");
    }
    yaml += "kapitel:\n  - titel: Budget\n    innehåll:\n      - budgettabell: {}\n      - fördelning: {post: alla}\n";
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, yaml).unwrap();
    let pdf = dir.path().join("plan.pdf");
    build(&plan, &pdf, &["--pdf-standard", "none"]);
    let layout = pdf_text(&pdf, true);
    assert_row(&layout, "Summa", "49 995 000");
}

/// A style file that tries `code`, in a template folder.
fn template_tries(code: &str, expect: &str) {
    let templates = tempfile::tempdir().unwrap();
    let style = format!("{}\n#let _ = {code}\n", include_str!("../templates/stil.typ"));
    std::fs::write(templates.path().join("stil.typ"), style).unwrap();
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("hemlig.txt"), "hemligt").unwrap();
    let dir = outer.path().join("plan");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.path_join_yaml(), include_str!("../examples/kungsbacka-2021.yaml")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outer.path().join("hemlig.txt"), dir.join("lank.txt")).unwrap();
    std::fs::write(dir.join("egen.txt"), "egen").unwrap();
    let output = vplan(&[
        "build",
        dir.path_join_yaml().to_str().unwrap(),
        "--templates",
        templates.path().to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{code} was allowed");
    assert!(stderr.contains(expect), "{code}: no `{expect}` in:\n{stderr}");
    assert!(stderr.contains("stil.typ:"), "{code}: the error does not name the template:\n{stderr}");
}

trait PlanPath {
    fn path_join_yaml(&self) -> std::path::PathBuf;
}

impl PlanPath for Path {
    fn path_join_yaml(&self) -> std::path::PathBuf {
        self.join("plan.yaml")
    }
}

#[test]
fn templates_cannot_read_files_load_packages_or_leave_the_sandbox() {
    let file = "can only read the plan's logo";
    for code in [
        "read(\"/etc/passwd\")",
        "read(\"/proc/self/environ\")",
        "read(\"../hemlig.txt\")",
        "read(\"/lank.txt\")",
        "read(\"/egen.txt\")",
        "image(\"/etc/logo.png\")",
        "json(\"/data.json\")",
        "yaml(\"../../x.yaml\")",
        "csv(\"/x.csv\")",
    ] {
        template_tries(code, if code.contains("..") { "would escape the project root" } else { file });
    }
    template_tries("include \"/annan.typ\"", file);
    template_tries("import \"/annan.typ\": *", file);
    template_tries("import \"@preview/cetz:0.3.0\": *", "cannot load packages");
}

#[test]
fn broken_markup_from_a_user_template_names_the_template_line() {
    let (stderr, expected) = build_with_template_line("#odefinierad-funktion()");
    assert!(stderr.contains(&expected), "no `{expected}` in:\n{stderr}");
    assert!(stderr.contains("unknown variable: odefinierad"), "{stderr}");
}

#[test]
fn characters_the_fonts_cannot_show_are_refused_where_they_stand() {
    let yaml = include_str!("../examples/kungsbacka-2021.yaml").replacen(
        "Bästa livsplatsen.",
        "Bästa livsplatsen 中.",
        1,
    );
    let line = yaml.lines().position(|l| l.contains('中')).unwrap() + 1;
    refused(yaml.as_bytes(), &format!("plan.yaml:{line}:"));
    refused(yaml.as_bytes(), "cannot show `中` (U+4E2D)");
}
