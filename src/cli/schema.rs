use super::{emit, exit};

pub fn run() -> anyhow::Result<u8> {
    let schema = crate::plan::schema::schema();
    emit(&format!("{}\n", serde_json::to_string_pretty(&schema)?))?;
    Ok(exit::OK)
}
