//! The OpenAPI document the server serves, as a validator of its answers.

use serde_json::{Value, json};

/// The document's schemas made strict: an object schema that names its properties allows no
/// others, so a field the server sends but the document does not describe is caught.
pub fn strict(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            for v in map.values_mut() {
                strict(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strict),
        _ => {}
    }
}

/// Validates `instance` against `schema`, whose `#/components/schemas/…` references resolve in
/// the document's components, formats included (`date`, `date-time`: RFC 3339, so a timestamp
/// without its offset is a violation); the errors, in words.
pub fn violations(components: &Value, schema: &Value, instance: &Value) -> Vec<String> {
    let root = json!({"components": components, "allOf": [schema]});
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&root)
        .expect("the document's schemas compile");
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}
