//! The JSON Schema: generated from the types, committed for editors, and
//! accepting every example.

use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn yaml_as_json(path: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap();
    serde_saphyr::from_str(&text).expect("the example is YAML")
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let committed = std::fs::read_to_string(Path::new(ROOT).join("vplan.schema.json")).unwrap();
    assert!(
        committed == vplan::model::json_schema(),
        "vplan.schema.json is stale: run `cargo run -- schema > vplan.schema.json`"
    );
}

#[test]
fn the_examples_and_the_starter_plan_validate_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(&vplan::model::json_schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    for path in ["examples/kungsbacka-2021.yaml", "examples/lokal-namnd-2020.yaml", "templates/ny-plan.yaml"]
    {
        let instance = yaml_as_json(path);
        let errors: Vec<String> =
            validator.iter_errors(&instance).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{path}:\n{}", errors.join("\n"));
    }
}

#[test]
fn the_schema_rejects_unknown_keys_and_wrong_types() {
    let schema: serde_json::Value = serde_json::from_str(&vplan::model::json_schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut plan = yaml_as_json("examples/kungsbacka-2021.yaml");
    plan["dokument"]["färg"] = "blå".into();
    assert!(!validator.is_valid(&plan));
    let mut plan = yaml_as_json("examples/kungsbacka-2021.yaml");
    plan["dokument"]["år"] = "tjugotjugoett".into();
    assert!(!validator.is_valid(&plan));
}
