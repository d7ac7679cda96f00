//! Step 5: HTML through the theme's Tera templates, compiled once per build. Pages,
//! sections and the home page each have a template and a view struct (`views`); blocks
//! of markdown render through the theme's partials (tables, STAR cards, diagrams).

pub(crate) mod concept_views;
pub(crate) mod nav;
mod practice_views;
pub(crate) mod snippets;
mod split;
pub(crate) mod views;

use std::collections::HashSet;

use serde::Serialize;
use tera::{Context, ErrorKind, Tera};

pub(crate) use tera::Value;

use crate::error::{Error, Result, SourceLoc};
use crate::markdown::snippets::Snippets;
use crate::markdown::{Components, Diagram, StarCard, Table};
use crate::theme::Theme;

/// The compiled theme. Cheap to share between threads: rendering only reads it.
pub struct Renderer {
    tera: Tera,
    /// Where overridden templates came from, for error messages.
    origins: Vec<(String, String)>,
    /// Every `id="…"` the templates write as it stands, which headings must not take.
    reserved_ids: HashSet<String>,
    /// The partials the markdown passes fill in many times a page.
    snippets: Snippets,
}

impl Renderer {
    /// Compiles the theme's templates.
    pub fn new(theme: &Theme) -> Result<Self> {
        let templates = theme
            .templates
            .iter()
            .map(|t| (t.name.clone(), t.source.clone()));
        let origins: Vec<(String, String)> = theme
            .templates
            .iter()
            .filter_map(|t| Some((t.name.clone(), t.origin.as_ref()?.display().to_string())))
            .collect();
        let reserved_ids = theme
            .templates
            .iter()
            .flat_map(|t| literal_ids(&t.source))
            .collect();
        let renderer = |tera| Renderer {
            tera,
            origins,
            reserved_ids,
            snippets: Snippets::default(),
        };
        let mut renderer = renderer(Tera::new());
        renderer.tera.set_escape_fn(escape_html);
        if let Err(e) = renderer.tera.add_raw_templates(templates) {
            return Err(renderer.failed(e, "templates/", "does not compile"));
        }
        for &(template, value) in split::SPLIT {
            renderer.compile_halves(theme, template, value)?;
        }
        renderer.snippets = snippets::compile(&renderer)?;
        Ok(renderer)
    }

    /// Compiles `template` as two halves, around where it shows `value` (see `split`).
    fn compile_halves(&mut self, theme: &Theme, template: &str, value: &str) -> Result<()> {
        let Some(source) = theme.templates.iter().rev().find(|t| t.name == template) else {
            return Ok(());
        };
        let file = self.file_of(template).to_string();
        let (head_name, tail_name) = split::halves(template);
        for name in [&head_name, &tail_name] {
            self.origins.push((name.clone(), file.clone()));
        }
        let placement = || {
            Error::template(
                SourceLoc::file(&file),
                format!(
                    "it must show {{{{ {value} | safe }}}} once, outside any {{% if %}}, \
                     {{% for %}} or {{% block %}}: it is written a part at a time there"
                ),
            )
        };
        let (head, tail) = split::split(&source.source, value).ok_or_else(placement)?;
        self.tera
            .add_raw_templates([(head_name, head), (tail_name, tail)])
            .map_err(|_| placement())
    }

    /// `template` rendered with `view` in two halves, around where the template shows
    /// the value that is written in parts (see `split::SPLIT`).
    pub fn render_halves<V: Serialize>(
        &self,
        template: &str,
        view: &V,
    ) -> Result<(String, String)> {
        let (head, tail) = split::halves(template);
        let failed = |e| self.failed(e, template, "could not render");
        let context = Context::from_serialize(view).map_err(failed)?;
        let head = self.tera.render(&head, &context).map_err(failed)?;
        let tail = self.tera.render(&tail, &context).map_err(failed)?;
        Ok((head, tail))
    }

    /// The file a template came from, or its name when it is the embedded theme's.
    fn file_of<'n>(&'n self, name: &'n str) -> &'n str {
        self.origins
            .iter()
            .find(|(theirs, _)| theirs == name)
            .map_or(name, |(_, file)| file.as_str())
    }

    /// The ids the theme gives its own elements: a heading that took one would break
    /// the page's links to it.
    pub fn reserved_ids(&self) -> &HashSet<String> {
        &self.reserved_ids
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
    ) -> Result<String> {
        let failed = |e| self.failed(e, template, "could not render");
        let mut context = Context::from_serialize(view).map_err(failed)?;
        for (name, value) in ready {
            context.insert_value(*name, (*value).clone());
        }
        self.tera.render(template, &context).map_err(failed)
    }

    /// `err` as guidebook's error, at the template and line Tera points at (`template`
    /// when it points nowhere), keeping Tera's error as the cause.
    fn failed(&self, err: tera::Error, template: &str, problem: &str) -> Error {
        let (name, line, col) = match err.kind() {
            ErrorKind::SyntaxError(at) | ErrorKind::RenderingError(at) => {
                let span = at.span();
                (at.filename(), span.start_line, span.start_col + 1)
            }
            ErrorKind::MissingParent { current: name, .. }
            | ErrorKind::CircularExtend { tpl: name, .. }
            | ErrorKind::CircularInclude { tpl: name, .. } => (name.as_str(), 0, 0),
            _ => (template, 0, 0),
        };
        let name = if name.is_empty() { template } else { name };
        let file = self.file_of(name);
        let loc = match line {
            0 => SourceLoc::file(file),
            line => SourceLoc::new(file, line, col),
        };
        Error::Template {
            loc,
            problem: problem.to_string(),
            source: Some(Box::new(err)),
        }
    }
}

impl Components for Renderer {
    fn table(&self, table: &Table) -> Result<String> {
        self.render_str("partials/table.html", table, &[])
    }

    fn star(&self, card: &StarCard) -> Result<String> {
        self.render_str("partials/star.html", card, &[])
    }

    fn diagram(&self, diagram: &Diagram) -> Result<String> {
        self.render_str("partials/diagram.html", diagram, &[])
    }

    fn snippets(&self) -> &Snippets {
        &self.snippets
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

/// The ids a template writes literally (`id="toc-title"`); ids made of template
/// expressions are the page's own and vary.
fn literal_ids(source: &str) -> impl Iterator<Item = String> + '_ {
    source.match_indices("id=\"").filter_map(|(at, attr)| {
        let named = source[..at].ends_with(char::is_whitespace);
        let rest = &source[at + attr.len()..];
        let id = &rest[..rest.find('"').filter(|_| named)?];
        let literal = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
        literal.then(|| id.to_string())
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::load_theme;
    use crate::theme::Template;

    #[test]
    fn a_broken_override_names_its_file_and_line() {
        let mut theme = load_theme(Path::new("/nonexistent"), &[]).unwrap();
        theme.templates.push(Template {
            name: "partials/star.html".to_string(),
            source: "<div>\n{% for p in panels %}\n{{ p.label }\n</div>".to_string(),
            origin: Some("templates/partials/star.html".into()),
        });
        let err = Renderer::new(&theme).err().unwrap();
        assert_eq!(
            err.to_string(),
            "template templates/partials/star.html:3:12: does not compile"
        );
        let cause = std::error::Error::source(&err).unwrap().to_string();
        assert!(cause.contains("{{ p.label }"), "{cause}");
        assert_eq!(err.exit_code(), 1);
    }

    #[derive(serde::Serialize)]
    struct View {
        t: &'static str,
        sections: &'static str,
        title: &'static str,
        footer: &'static str,
        address: &'static str,
        canonical: Option<&'static str>,
        site: SiteInfo,
    }

    #[derive(serde::Serialize)]
    struct SiteInfo {
        language: &'static str,
        title: &'static str,
        root: &'static str,
        handouts: &'static str,
        assets: std::collections::BTreeMap<&'static str, &'static str>,
        extra_css: Vec<&'static str>,
    }

    /// A handout written in halves around its sections is the handout rendered whole.
    #[test]
    fn halves_around_the_sections_make_the_whole_template() {
        let mut theme = load_theme(Path::new("/nonexistent"), &[]).unwrap();
        let mut halves = Vec::new();
        for source in [
            None,
            Some("<p>{{ t }}</p>\n  {{- sections | safe }}\n{% if t %}<i>{{ t }}</i>{% endif %}"),
        ] {
            if let Some(source) = source {
                theme.templates.push(Template {
                    name: "handout.html".to_string(),
                    source: source.to_string(),
                    origin: Some("templates/handout.html".into()),
                });
            }
            let renderer = Renderer::new(&theme).unwrap();
            let view = |sections: &'static str| View {
                t: "a < b",
                sections,
                title: "T",
                footer: "\"f\"",
                address: "x",
                canonical: None,
                site: SiteInfo {
                    language: "en",
                    title: "S",
                    root: "../../",
                    handouts: "../",
                    assets: ["style.css", "handout.css", "guidebook.js", "favicon.svg"]
                        .into_iter()
                        .map(|a| (a, a))
                        .collect(),
                    extra_css: vec!["custom.css"],
                },
            };
            let whole = renderer
                .render("handout.html", &view("<SECTIONS/>"))
                .unwrap();
            let (head, tail) = renderer.render_halves("handout.html", &view("")).unwrap();
            assert_eq!(format!("{head}<SECTIONS/>{tail}"), whole);
            halves.push(head);
        }
        assert_eq!(halves[1], "<p>a &lt; b</p>");
    }

    #[test]
    fn a_handout_template_that_cannot_be_written_in_parts_is_refused() {
        for source in [
            "<main>{% if x %}{{ sections | safe }}{% endif %}</main>",
            "<main>{{ sections }}</main>",
        ] {
            let mut theme = load_theme(Path::new("/nonexistent"), &[]).unwrap();
            theme.templates.push(Template {
                name: "handout.html".to_string(),
                source: source.to_string(),
                origin: Some("templates/handout.html".into()),
            });
            let err = Renderer::new(&theme).err().unwrap();
            assert_eq!(
                err.to_string(),
                "template templates/handout.html: it must show {{ sections | safe }} once, \
                 outside any {% if %}, {% for %} or {% block %}: it is written a part at a \
                 time there"
            );
        }
    }

    #[test]
    fn a_template_that_fails_to_render_keeps_teras_error_as_its_cause() {
        let mut theme = load_theme(Path::new("/nonexistent"), &[]).unwrap();
        theme.templates.push(Template {
            name: "partials/table.html".to_string(),
            source: "<table>\n{{ nope.x }}\n</table>".to_string(),
            origin: None,
        });
        let renderer = Renderer::new(&theme).unwrap();
        let table = Table {
            aligns: Vec::new(),
            head: Vec::new(),
            rows: Vec::new(),
            caption: String::new(),
        };
        let err = renderer
            .table(&table)
            .unwrap_err()
            .rendering(Path::new("guide/a.md"));
        assert_eq!(
            err.to_string(),
            "template partials/table.html:2:4: could not render guide/a.md"
        );
        let cause = std::error::Error::source(&err).unwrap().to_string();
        assert!(cause.contains("`nope` is not defined"), "{cause}");
    }
}
