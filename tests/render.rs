//! Snapshots of the render stage: YAML fixture → Typst source.
//!
//! A change to a template or to the resolve stage shows up here as a diff of
//! the generated markup, to be read and accepted with `cargo insta review`.

use vplan::build::prepare;
use vplan::load::DataSource;
use vplan::render::{Templates, render};

#[test]
fn render_fixtures() {
    insta::glob!("fixtures/render/*.yaml", |path| {
        let (_, document) = prepare(path, &DataSource::Embedded, false).expect("fixture is valid");
        let rendered = render(&document, &Templates::default()).expect("fixture renders");
        insta::assert_snapshot!(rendered.main);
    });
}
