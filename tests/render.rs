//! Snapshots of the render stage: YAML fixture → Typst source.
//!
//! A change to a template or to the resolve stage shows up here as a diff of
//! the generated markup, to be read and accepted with `cargo insta review`.

use vplan::build::prepare;
use vplan::load::DataSource;
use vplan::render::{Input, render};
use vplan::templates::Templates;

#[test]
fn render_fixtures() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render");
    let mut fixtures: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 2, "the fixtures are found");
    for path in fixtures {
        let resolved = prepare(&path, &DataSource::Embedded, false, &Default::default())
            .expect("fixture is valid")
            .resolved;
        let input = Input { document: &resolved.document, changes: None, files: &resolved.files };
        let rendered = render(input, &Templates::default()).expect("fixture renders");
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let input = format!("tests/fixtures/render/{name}");
        // One snapshot per fixture, named as `insta::glob!` names them.
        insta::with_settings!({ snapshot_suffix => name, input_file => input }, {
            insta::assert_snapshot!(rendered.main);
        });
    }
}
