//! Step 5: HTML through the theme's Tera templates, compiled once per build. Pages,
//! sections and the home page each have a template and a view struct (`views`); blocks
//! of markdown render through the theme's partials (tables, STAR cards, diagrams).

pub mod nav;
pub mod print;
pub mod views;

use serde::Serialize;
use tera::{Context, Tera};

pub use tera::Value;

use crate::error::{Error, Result};
use crate::load::Theme;
use crate::markdown::{Components, Diagram, StarCard, Table};

/// The compiled theme. Cheap to share between threads: rendering only reads it.
pub struct Renderer {
    tera: Tera,
    /// Where overridden templates came from, for error messages.
    origins: Vec<(String, String)>,
}

impl Renderer {
    pub fn new(theme: &Theme) -> Result<Self> {
        let mut tera = Tera::new();
        tera.set_escape_fn(escape_html);
        let templates = theme
            .templates
            .iter()
            .map(|t| (t.name.clone(), t.source.clone()));
        let origins: Vec<(String, String)> = theme
            .templates
            .iter()
            .filter_map(|t| Some((t.name.clone(), t.origin.as_ref()?.display().to_string())))
            .collect();
        tera.add_raw_templates(templates)
            .map_err(|e| Error::Template {
                name: origin_note(&origins, &e),
                message: e.to_string(),
            })?;
        Ok(Renderer { tera, origins })
    }

    /// Renders `template` with `view` as its context.
    pub fn render<V: Serialize>(&self, template: &str, view: &V) -> Result<String> {
        self.render_with(template, view, &[])
    }

    /// Renders `template` with `view` and, beside it, values made ready once for many
    /// pages (see [`Renderer::value`]).
    pub fn render_with<V: Serialize>(
        &self,
        template: &str,
        view: &V,
        ready: &[(&'static str, &Value)],
    ) -> Result<String> {
        self.render_str(template, view, ready)
            .map_err(|message| Error::Template {
                name: template.to_string(),
                message,
            })
    }

    /// Part of a view converted for the templates once, to be shared by many pages:
    /// sharing it costs nothing, converting it for each page costs much.
    pub fn value<V: Serialize>(view: &V) -> Value {
        Value::from_serializable(view)
    }

    fn render_str<V: Serialize>(
        &self,
        template: &str,
        view: &V,
        ready: &[(&'static str, &Value)],
    ) -> Result<String, String> {
        let mut context = Context::from_serialize(view).map_err(|e| e.to_string())?;
        for (name, value) in ready {
            context.insert_value(*name, (*value).clone());
        }
        self.tera.render(template, &context).map_err(|e| {
            let origin = self
                .origins
                .iter()
                .find(|(name, _)| name == template)
                .map(|(_, file)| format!(" (from {file})"))
                .unwrap_or_default();
            format!("{e}{origin}")
        })
    }
}

/// Which template failed, with the override file it came from when there is one.
fn origin_note(origins: &[(String, String)], err: &tera::Error) -> String {
    let text = err.to_string();
    origins
        .iter()
        .find(|(name, _)| text.contains(&format!("--> {name}:")))
        .map_or_else(
            || "theme".to_string(),
            |(name, file)| format!("{name} ({file})"),
        )
}

impl Components for Renderer {
    fn table(&self, table: &Table) -> Result<String, String> {
        self.render_str("partials/table.html", table, &[])
    }

    fn star(&self, card: &StarCard) -> Result<String, String> {
        self.render_str("partials/star.html", card, &[])
    }

    fn diagram(&self, diagram: &Diagram) -> Result<String, String> {
        self.render_str("partials/diagram.html", diagram, &[])
    }
}

/// Tera's HTML escaping, and control characters (a title can carry them from YAML's
/// `"\f"`) become spaces: the HTML parser would report each as an error, and a reader
/// sees a space at most.
pub fn escape_html(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if !text.contains(|c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        return tera::escape_html(text, out);
    }
    let spaced: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    tera::escape_html(&spaced, out)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::{Template, load_theme};

    #[test]
    fn a_broken_override_names_its_file_and_line() {
        let mut theme = load_theme(Path::new("/nonexistent")).unwrap();
        theme.templates.push(Template {
            name: "partials/star.html".to_string(),
            source: "<div>\n{% for p in panels %}\n{{ p.label }\n</div>".to_string(),
            origin: Some("templates/partials/star.html".into()),
        });
        let err = Renderer::new(&theme).err().unwrap();
        let text = err.to_string();
        assert!(text.contains("templates/partials/star.html"), "{text}");
        assert!(text.contains("partials/star.html:3"), "{text}");
        assert_eq!(err.exit_code(), 1);
    }
}
