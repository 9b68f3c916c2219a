//! JSON Schema of the plan file format, generated from the model types.

use super::model::Plan;

/// The schema as a JSON value, for `workplan schema` and editors' YAML language servers.
pub fn schema() -> serde_json::Value {
    let schema = schemars::schema_for!(Plan);
    serde_json::to_value(schema).unwrap_or_default()
}
