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

/// The stylesheet in `static/` beside the guide that every page loads after the theme's
/// (and after `extra_css`), when it exists: one line of it changes one colour.
pub(crate) const CUSTOM_CSS: &str = "custom.css";

#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: Vec<Template>,
    /// Static files by name (`style.css`), copied to `static/` with a fingerprint.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Project files that override nothing, most likely misspelt.
    pub warnings: Vec<crate::error::Diagnostic>,
}
