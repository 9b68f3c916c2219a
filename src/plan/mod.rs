//! The plan model, reading plan files, and the JSON Schema of the format.

pub mod annex;
pub mod canonical;
pub mod fsio;
pub mod index;
pub mod load;
pub mod model;
pub mod recovery;
pub mod save;
pub mod schema;
#[doc(hidden)]
pub mod synth;

pub use index::PlanIndex;
pub use load::{Limits, LoadError, Loaded, ParseError, SourceMap, load_file, parse};
pub use model::*;
