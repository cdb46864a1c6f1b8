//! The JSON Schema: generated from the types, committed for editors, and
//! accepting every example.

use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn yaml_as_json(path: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap();
    serde_saphyr::from_str(&text).expect("the example is YAML")
}

#[test]
fn the_committed_template_data_schema_is_the_generated_one() {
    let committed = std::fs::read_to_string(Path::new(ROOT).join("vplan.templates.schema.json")).unwrap();
    assert!(
        committed == vplan::document::template_schema(),
        "vplan.templates.schema.json is stale: run `cargo run -- schema --templates > vplan.templates.schema.json`"
    );
    // Every field a template receives is described.
    let schema: serde_json::Value = serde_json::from_str(&committed).unwrap();
    for (name, def) in schema["$defs"].as_object().unwrap() {
        for (field, spec) in def["properties"].as_object().into_iter().flatten() {
            assert!(spec.get("description").is_some(), "{name}.{field} has no description");
        }
    }
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let committed = std::fs::read_to_string(Path::new(ROOT).join("vplan.schema.json")).unwrap();
    assert!(
        committed == vplan::model::json_schema(),
        "vplan.schema.json is stale: run `cargo run -- schema > vplan.schema.json`"
    );
}

/// Validates a JSON instance against the schema with `boon` (Draft
/// 2020-12), an implementation independent of the `schemars` that wrote the
/// schema; returns its complaints. The schema itself is checked against the
/// draft's meta-schema first.
fn validate(instance: &serde_json::Value) -> Vec<String> {
    validate_against(&vplan::model::json_schema(), instance)
}

fn validate_against(schema: &str, instance: &serde_json::Value) -> Vec<String> {
    let schema: serde_json::Value = serde_json::from_str(schema).expect("the schema is JSON");
    let url = "https://vplan.se/schema/vplan.schema.json";
    let mut compiler = boon::Compiler::new();
    compiler.set_default_draft(boon::Draft::V2020_12);
    compiler.add_resource(url, schema).expect("the schema is added");
    let mut schemas = boon::Schemas::new();
    let index =
        compiler.compile(url, &mut schemas).unwrap_or_else(|e| panic!("the schema is not valid: {e:#}"));
    match schemas.validate(instance, index) {
        Ok(()) => Vec::new(),
        Err(error) => format!("{error:#}").lines().map(str::to_string).collect(),
    }
}

#[test]
fn the_examples_and_the_starter_plan_validate_against_the_schema() {
    for path in [
        "examples/kungsbacka-2021.yaml",
        "examples/lokal-namnd-2020.yaml",
        "examples/kultur-och-fritid-2021.yaml",
        "templates/ny-plan.yaml",
    ] {
        let errors = validate(&yaml_as_json(path));
        assert!(errors.is_empty(), "{path}:\n{}", errors.join("\n"));
    }
}

#[test]
fn the_follow_up_schema_is_committed_and_takes_the_example_report() {
    let committed = std::fs::read_to_string(Path::new(ROOT).join("vplan.uppfoljning.schema.json")).unwrap();
    assert!(
        committed == vplan::model::follow_up_schema(),
        "vplan.uppfoljning.schema.json is stale: run `cargo run -- schema --follow-up > vplan.uppfoljning.schema.json`"
    );
    let report = yaml_as_json("examples/kungsbacka-2021-verksamhetsberattelse.yaml");
    let errors = validate_against(&committed, &report);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let mut wrong = report.clone();
    wrong["mål"]["jamlik-halsa-2021"]["status"] = "halvvägs".into();
    assert!(!validate_against(&committed, &wrong).is_empty());
}

#[test]
fn the_mapping_schema_is_committed_and_takes_the_example_rules() {
    let committed = std::fs::read_to_string(Path::new(ROOT).join("vplan.import.schema.json")).unwrap();
    assert!(
        committed == vplan::import::mapping_schema(),
        "vplan.import.schema.json is stale: run `cargo run -- schema --mapping > vplan.import.schema.json`"
    );
    let rules = yaml_as_json("examples/socialnamnden-2022-kontoplan.yaml");
    let errors = validate_against(&committed, &rules);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let mut wrong = rules.clone();
    wrong["regler"][0]["tecken"] = "baklänges".into();
    assert!(!validate_against(&committed, &wrong).is_empty());
}

#[test]
fn the_schema_rejects_unknown_keys_and_wrong_types() {
    let mut plan = yaml_as_json("examples/kungsbacka-2021.yaml");
    plan["dokument"]["färg"] = "blå".into();
    assert!(!validate(&plan).is_empty());
    let mut plan = yaml_as_json("examples/kungsbacka-2021.yaml");
    plan["dokument"]["år"] = "tjugotjugoett".into();
    assert!(!validate(&plan).is_empty());
}
