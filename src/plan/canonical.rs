//! The canonical form of a plan file: what `export --format yaml` prints and what a new
//! file (or one the lossless editor cannot handle) is saved as.

use super::model::Plan;

/// Error from the YAML serializer; only possible for a plan that cannot be represented.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the plan as YAML: {0}")]
pub struct CanonicalError(String);

/// Serializes `plan` in canonical form: keys in format order, defaults left out, a blank
/// line between top-level sections. `load(to_yaml(p)) == p` for every plan.
pub fn to_yaml(plan: &Plan) -> Result<String, CanonicalError> {
    let mut options = serde_saphyr::SerializerOptions::default();
    options.indent_step = 2;
    options.prefer_block_scalars = false;
    let body = serde_saphyr::to_string_with_options(plan, options)
        .map_err(|e| CanonicalError(e.to_string()))?;
    let mut out = String::with_capacity(body.len() + 64);
    for line in body.lines() {
        // Top-level collections (clusters:, meetings: ...) start a new section.
        if !out.is_empty() && !line.starts_with([' ', '-', '#']) && line.ends_with(':') {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::parse;

    #[test]
    fn shipped_plans_round_trip() {
        for text in [
            include_str!("../../plans/firearms.yaml"),
            include_str!("../../plans/firearms-2022-proposal.yaml"),
            include_str!("../../plans/example.yaml"),
        ] {
            let plan = parse(text).unwrap().plan;
            let yaml = to_yaml(&plan).unwrap();
            assert_eq!(parse(&yaml).unwrap().plan, plan, "{yaml}");
        }
    }
}
