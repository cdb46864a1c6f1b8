//! End-to-end: a region's look from a folder of files — the built-in
//! templates exported, edited and used, or named by the plan itself.

mod common;

use common::*;

fn export(dir: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["templates", "export", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    vplan(&args)
}

#[test]
fn exported_templates_with_another_colour_and_font_restyle_the_plan() {
    let outer = tempfile::tempdir().unwrap();
    let style = outer.path().join("my-style");
    let output = export(&style, &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    for name in [
        "stil.typ",
        "plan.typ.j2",
        "block.typ.j2",
        "plan.html.j2",
        "etiketter.yaml",
        "README.md",
        "data.schema.json",
    ] {
        assert!(style.join(name).is_file(), "{name} was not exported");
    }
    // Exported as they are built in: building with them changes nothing.
    let stil = std::fs::read_to_string(style.join("stil.typ")).unwrap();
    assert_eq!(stil, include_str!("../templates/stil.typ"));

    // Never overwritten without --force, and then nothing is written.
    std::fs::write(style.join("stil.typ"), "mine").unwrap();
    std::fs::remove_file(style.join("README.md")).unwrap();
    let output = export(&style, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(style.join("stil.typ")).unwrap(), "mine");
    assert!(!style.join("README.md").exists(), "something was written after all");
    assert!(export(&style, &["--force"]).status.success());

    // One colour and the typeface changed.
    let edited = stil
        .replace("#let accent = rgb(\"#1f3864\")", "#let accent = rgb(\"#7a1f1f\")")
        .replace("set text(font: (\"Carlito\", \"DejaVu Sans\")", "set text(font: (\"DejaVu Sans\",)");
    assert_ne!(edited, stil, "the style's settings are where the README says");
    std::fs::write(style.join("stil.typ"), edited).unwrap();
    let pdf = outer.path().join("plan.pdf");
    build(&root().join("examples/kungsbacka-2021.yaml"), &pdf, &["--templates", style.to_str().unwrap()]);
    let fonts = Pdf::open(&pdf).fonts().join("\n");
    assert!(fonts.contains("DejaVuSans") && !fonts.contains("Carlito"), "{fonts}");
    assert!(
        unpacked(&pdf).contains("0.47843137 0.12156863 0.12156863 scn"),
        "the headings are not in the new colour"
    );
}

#[test]
fn a_plan_names_its_template_folder() {
    let outer = tempfile::tempdir().unwrap();
    let style = outer.path().join("mallar/region");
    assert!(export(&style, &[]).status.success());
    let labels =
        std::fs::read_to_string(style.join("etiketter.yaml")).unwrap().replace("sida: Sida", "sida: Blad");
    std::fs::write(style.join("etiketter.yaml"), labels).unwrap();
    let plans = outer.path().join("planer");
    std::fs::create_dir(&plans).unwrap();
    let yaml = include_str!("../examples/kungsbacka-2021.yaml").replacen(
        "  datum: 2020-12-09\n",
        "  datum: 2020-12-09\n  mall: ../mallar/region\n",
        1,
    );
    let plan = plans.join("plan.yaml");
    std::fs::write(&plan, &yaml).unwrap();
    let pdf = plans.join("plan.pdf");
    build(&plan, &pdf, &[]);
    assert!(words(&pdf_text(&pdf, false)).contains("Blad 2 av"), "the plan's template folder was not used");

    // A folder that is not there is a located error.
    std::fs::write(&plan, yaml.replace("../mallar/region", "../mallar/saknas")).unwrap();
    let output = vplan(&["build", plan.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.contains("no template folder `../mallar/saknas`") && stderr.contains("plan.yaml:"),
        "{stderr}"
    );
}

#[test]
fn another_regions_folder_brings_its_typeface_images_and_colours() {
    let style = root().join("examples/mall-region-norrkust");
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    build(&root().join("examples/kungsbacka-2021.yaml"), &pdf, &["--templates", style.to_str().unwrap()]);
    let fonts = Pdf::open(&pdf).fonts().join("\n");
    assert!(
        fonts.contains("Lato-Regular") && fonts.contains("Lato-Bold") && !fonts.contains("Carlito"),
        "{fonts}"
    );
    let qdf = unpacked(&pdf);
    // Still PDF/A-2a + PDF/UA-1, the cover image with its alternative text.
    assert!(qdf.contains("<pdfaid:conformance>A</pdfaid:conformance>") && qdf.contains("<pdfuaid:part>1"));
    assert!(qdf.contains("/S /Figure"), "the cover image is not tagged");
    let alts = alt_texts(&pdf);
    assert!(alts.iter().any(|a| a.starts_with("Region Norrkusts omslagsbild")), "{alts:?}");
    // The green of the headings.
    assert!(qdf.contains("0.11764706 0.3372549 0.19215687 scn"), "the headings are not green");
}

#[test]
fn a_template_image_without_alt_text_or_outside_the_folder_is_refused() {
    let outer = tempfile::tempdir().unwrap();
    let style = outer.path().join("stil");
    assert!(export(&style, &[]).status.success());
    std::fs::create_dir(style.join("bilder")).unwrap();
    std::fs::write(
        style.join("bilder/bild.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1 1'/>",
    )
    .unwrap();
    let stil = std::fs::read_to_string(style.join("stil.typ")).unwrap();
    let with_image = stil.replace(
        "  // The cover page.\n",
        "  // The cover page.\n  image(\"/mall/bilder/bild.svg\", width: 2cm)\n",
    );
    assert_ne!(with_image, stil);
    std::fs::write(style.join("stil.typ"), &with_image).unwrap();
    let pdf = outer.path().join("plan.pdf");
    let output = build_example_with_templates(&pdf, &style);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "an image without alt text was accepted");
    let line = with_image.lines().position(|l| l.contains("bild.svg")).unwrap() + 1;
    assert!(
        stderr.contains(&format!("stil.typ:{line}:")),
        "not located at the template line {line}: {stderr}"
    );
    assert!(!pdf.exists());

    // A font that is a symlink out of the folder is refused.
    std::fs::write(style.join("stil.typ"), &stil).unwrap();
    std::fs::create_dir(style.join("fonts")).unwrap();
    std::fs::write(outer.path().join("x.ttf"), b"not a font").unwrap();
    std::os::unix::fs::symlink(outer.path().join("x.ttf"), style.join("fonts/x.ttf")).unwrap();
    let output = build_example_with_templates(&pdf, &style);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("lies outside the template folder"));
}

#[test]
fn the_glyph_check_knows_the_template_folders_fonts() {
    // U+16A0 (runic ᚠ) is in no built-in font; the test font has a glyph for it.
    let outer = tempfile::tempdir().unwrap();
    let plan = outer.path().join("plan.yaml");
    let yaml = include_str!("../examples/kungsbacka-2021.yaml").replacen(
        "  år: 2021\n",
        "  år: 2021\n  planperiod: 2021\u{16a0}2023\n",
        1,
    );
    std::fs::write(&plan, yaml).unwrap();
    let refused = vplan(&["check", plan.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the built-in fonts cannot show `\u{16a0}` (U+16A0)"), "{stderr}");
    assert!(stderr.contains("plan.yaml:10:"), "{stderr}");

    let style = outer.path().join("stil");
    std::fs::create_dir_all(style.join("fonts")).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/fonts/VplanTest-Regular.ttf"),
        style.join("fonts/VplanTest-Regular.ttf"),
    )
    .unwrap();
    let checked = vplan(&["check", plan.to_str().unwrap(), "--templates", style.to_str().unwrap()]);
    assert!(checked.status.success(), "{}", String::from_utf8_lossy(&checked.stderr));
    let pdf = outer.path().join("plan.pdf");
    build(&plan, &pdf, &["--templates", style.to_str().unwrap()]);
    assert!(
        Pdf::open(&pdf).fonts().iter().any(|f| f.contains("VplanTest")),
        "the glyph's font is not embedded"
    );
}

#[test]
fn a_folders_labels_replace_the_printed_words_in_pdf_and_web_page() {
    let outer = tempfile::tempdir().unwrap();
    let style = outer.path().join("stil");
    std::fs::create_dir(&style).unwrap();
    std::fs::write(
        style.join("etiketter.yaml"),
        "summa: Totalt\ninnehall: Innehållsförteckning\nbudget: Ram\n",
    )
    .unwrap();
    let pdf = outer.path().join("plan.pdf");
    let templates = style.to_str().unwrap();
    build(
        &root().join("examples/kungsbacka-2021.yaml"),
        &pdf,
        &["--templates", templates, "--format", "pdf,html"],
    );
    let text = words(&pdf_text(&pdf, false));
    assert!(text.contains("Innehållsförteckning") && !text.contains("Innehåll 1"), "{text}");
    assert!(text.contains("Ram 2021 i tkr"), "the budget column keeps its old label");
    assert!(
        text.contains("Totalt 1 181") && !text.contains("Summa 1 181"),
        "the Summa row keeps its old label"
    );
    let html = std::fs::read_to_string(outer.path().join("plan.html")).unwrap();
    assert!(html.contains(">Innehållsförteckning</h2>") && html.contains(">Totalt</th>"));

    // A key vplan does not know is refused, located in the folder's file.
    std::fs::write(style.join("etiketter.yaml"), "summa: Totalt\ntotal: x\n").unwrap();
    let output = vplan(&[
        "build",
        root().join("examples/kungsbacka-2021.yaml").to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--templates",
        templates,
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("etiketter.yaml:2:1") && stderr.contains("`total` is not a label"), "{stderr}");
}

#[test]
fn figures_and_dates_reach_templates_as_values_to_format_at_will() {
    let outer = tempfile::tempdir().unwrap();
    let style = outer.path().join("stil");
    assert!(export(&style, &[]).status.success());
    let edit = |name: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(style.join(name)).unwrap();
        assert!(text.contains(from), "{name} lacks {from}");
        std::fs::write(style.join(name), text.replace(from, to)).unwrap();
    };
    // The date in ISO form, and the Summa row's figures as plain digits.
    edit(
        "plan.typ.j2",
        "datum: {{ doc.meta.datum_iso | datum | str }}",
        "datum: {{ doc.meta.datum_iso | datum('iso') | str }}",
    );
    edit(
        "block.typ.j2",
        "{{ x | tal }}{% if loop.first and sc %}",
        "{{ x.varde }} kkr{% if loop.first and sc %}",
    );
    let pdf = outer.path().join("plan.pdf");
    build(&root().join("examples/kungsbacka-2021.yaml"), &pdf, &["--templates", style.to_str().unwrap()]);
    let text = words(&pdf_text(&pdf, false));
    assert!(text.contains("Datum 2020-12-09"), "{text}");
    assert!(text.contains("Summa 1181 kkr"), "{text}");
}

#[test]
fn a_template_of_an_earlier_vplan_reading_written_figures_is_told_what_to_write_now() {
    let outer = tempfile::tempdir().unwrap();
    let style = outer.path().join("stil");
    assert!(export(&style, &[]).status.success());
    let block = std::fs::read_to_string(style.join("block.typ.j2")).unwrap();
    let from = "{% for x in r.varden %}[{% if not r.rubrikrad %}{{ x | tal }}{% endif %}], {% endfor %}";
    assert!(block.contains(from));
    // How budget rows were printed before figures became values.
    std::fs::write(
        style.join("block.typ.j2"),
        block.replace(from, "{% for x in r.belopp %}[{{ x }}], {% endfor %}"),
    )
    .unwrap();
    let output = vplan(&[
        "build",
        root().join("examples/kungsbacka-2021.yaml").to_str().unwrap(),
        "-o",
        outer.path().join("plan.pdf").to_str().unwrap(),
        "--templates",
        style.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("block.typ.j2:"), "the template file is named: {stderr}");
    assert!(stderr.contains("r.varden") && stderr.contains("| tal"), "{stderr}");
    assert!(!outer.path().join("plan.pdf").exists(), "no PDF is left behind");
}

#[test]
fn a_template_folder_styles_the_web_page_too() {
    let dir = tempfile::tempdir().unwrap();
    let folder = root().join("examples/mall-region-norrkust");
    let plain = both(dir.path(), &root().join("examples/kungsbacka-2021.yaml"), &[]).1;
    let plain = std::fs::read_to_string(plain).unwrap();
    let sub = dir.path().join("norrkust");
    std::fs::create_dir(&sub).unwrap();
    let styled =
        both(&sub, &root().join("examples/kungsbacka-2021.yaml"), &["--templates", folder.to_str().unwrap()])
            .1;
    let styled = std::fs::read_to_string(styled).unwrap();
    // The region's green, typeface and logo (from its bilder/), after vplan's own look.
    assert!(!plain.contains("#1e5631") && styled.contains("--accent: #1e5631"));
    assert!(styled.contains("font-family: Lato"));
    assert!(styled.contains("url(data:image/svg+xml;base64,"));
    assert!(styled.find("--accent: #1f3864").unwrap() < styled.find("--accent: #1e5631").unwrap());
    // A folder's stil.css naming an image it lacks is an error naming it.
    let broken = dir.path().join("trasig");
    std::fs::create_dir(&broken).unwrap();
    std::fs::write(
        broken.join("egen-stil.css"),
        "header { background: url({{ bild(\"/mall/bilder/saknas.svg\") }}) }\n",
    )
    .unwrap();
    let out = vplan(&[
        "build",
        "examples/kungsbacka-2021.yaml",
        "--format",
        "html",
        "-o",
        dir.path().join("x.html").to_str().unwrap(),
        "--templates",
        broken.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("saknas.svg") && stderr.contains("egen-stil.css"), "{stderr}");
    assert!(!dir.path().join("x.html").exists());
}
