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
    // YAML 1.2 quoting, as the loader reads it: dates stay `2025-05-06` as people write
    // them, not `"2025-05-06"` (a YAML 1.1 timestamp guard), so a save does not put
    // quoted dates into a hand-written file. No `%YAML` directive: plan files have none.
    options.yaml_12 = true;
    options.no_lang_directive = true;
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
            include_str!("../../plans/scenarios/all-scenarios.yaml"),
        ] {
            let plan = parse(text).unwrap().plan;
            let yaml = to_yaml(&plan).unwrap();
            assert_eq!(parse(&yaml).unwrap().plan, plan, "{yaml}");
        }
    }

    #[test]
    fn dates_are_plain_and_look_alike_strings_keep_their_type() {
        let base = parse(include_str!("../../plans/example.yaml"))
            .unwrap()
            .plan;
        let yaml = to_yaml(&base).unwrap();
        let dated = base
            .meetings
            .iter()
            .find_map(|m| m.start)
            .expect("a dated meeting");
        assert!(yaml.contains(&format!("start: {dated}\n")), "{yaml}");
        // Strings a YAML reader could take for another type must come back as strings.
        for text in [
            "yes",
            "no",
            "null",
            "~",
            "true",
            "1",
            "0x1F",
            "1e3",
            "2025-05-06",
            "12:30",
            "-",
            "",
            " padded ",
            "a: b",
            "#x",
            "[1]",
        ] {
            let mut plan = base.clone();
            plan.title = text.to_string();
            plan.meetings[0].venue = Some(text.to_string());
            plan.flexible_topics[0].title = text.to_string();
            let yaml = to_yaml(&plan).unwrap();
            assert_eq!(parse(&yaml).unwrap().plan, plan, "{text:?}:\n{yaml}");
        }
    }
}
