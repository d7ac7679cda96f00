//! The theme as data: its templates and static files. `load` builds it (the embedded
//! theme with a project's overrides), `render` compiles it; neither needs the other.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// A template's name (`partials/star.html`), text, and the file it came from when a
/// project overrides it (for error messages).
#[derive(Debug, Clone)]
pub struct Template {
    pub name: String,
    pub source: String,
    pub origin: Option<PathBuf>,
}

#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: Vec<Template>,
    /// Static files by name (`style.css`), copied to `static/` with a fingerprint.
    pub statics: BTreeMap<String, Vec<u8>>,
}
