//! Fuzz target: arbitrary bytes as a plan, through load → check → render →
//! compile and the web page, compared with the example plan (`--compare-to`), and rolled on a
//! year (`new-year`) and given a starter report (`follow-up`). Bytes that
//! name `plan: forra.yaml` are a follow-up report of the example plan. Any input must end in a PDF or an error, never a panic
//! or hang.
//! Run by hand: `cargo fuzz run plan fuzz/corpus/plan` (see the README).

#![no_main]

use libfuzzer_sys::fuzz_target;
use vplan::build::{BuildConfig, build};
use vplan::load::DataSource;
use vplan::templates::Templates;
use vplan::world::VplanWorld;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let plan = dir.path().join("plan.yaml");
    if std::fs::write(&plan, data).is_err() {
        return;
    }
    let earlier = dir.path().join("forra.yaml");
    if std::fs::write(&earlier, include_str!("../../examples/kungsbacka-2021.yaml")).is_err() {
        return;
    }
    let config = BuildConfig {
        input: plan.clone(),
        pdf: true,
        html: Some(dir.path().join("plan.html")),
        xlsx: None,
        // The site's pages and CSV files come from the same document.
        site: Some(dir.path().join("webbplats")),
        output: dir.path().join("plan.pdf"),
        templates: Templates::default(),
        data: DataSource::Embedded,
        standards: Vec::new(),
        source_date_epoch: None,
        draft: false,
        compare_to: Some(earlier),
        emit_typst: None,
        svg: false,
    };
    // Errors are expected; only a panic is a finding.
    let _ = build(&config, &mut VplanWorld::new());
    if let Ok(loaded) = vplan::load::load(&plan, &DataSource::Embedded) {
        let _ = vplan::new_year::write(&loaded, &dir.path().join("next.yaml"), true);
        let _ = vplan::follow_up::write(
            &plan,
            &dir.path().join("rapport.yaml"),
            &vplan::load::DataSource::Embedded,
            None,
            true,
        );
    }
    // Inputs share nothing: drop Typst's memoised results between them.
    vplan::build::forget_caches();
});
