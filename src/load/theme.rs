//! The theme: the default templates and static files embedded in the binary, overridden
//! file by file by `templates/` and `static/` folders beside the guide.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::contained::Root;
use crate::error::{Diagnostic, Diagnostics, Error, Result, SourceLoc, closest};
use crate::theme::{CUSTOM_CSS, Template, Theme};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));
}

/// The built-in theme's files as they are laid out beside a guide that overrides them:
/// `templates/page.html`, `static/style.css`.
pub(crate) fn embedded_theme() -> impl Iterator<Item = (String, &'static [u8])> {
    let templates = embedded::TEMPLATES
        .iter()
        .map(|(name, source)| (format!("templates/{name}"), source.as_bytes()));
    let statics = embedded::STATIC
        .iter()
        .map(|(name, bytes)| (format!("static/{name}"), *bytes));
    templates.chain(statics)
}

/// The embedded theme with the overrides found in `project_dir`. `extra_css` names the
/// project's own stylesheets (from `guide.yaml`), which are no misspelt overrides.
pub fn load_theme(project_dir: &Path, extra_css: &[String]) -> Result<Theme> {
    let mut templates: BTreeMap<String, Template> = embedded::TEMPLATES
        .iter()
        .map(|(name, source)| {
            let template = Template {
                name: name.to_string(),
                source: source.to_string(),
                origin: None,
            };
            (name.to_string(), template)
        })
        .collect();
    let mut statics: BTreeMap<String, Vec<u8>> = embedded::STATIC
        .iter()
        .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
        .collect();
    let project_templates = files_under(project_dir, "templates")?;
    let project_statics = files_under(project_dir, "static")?;
    let mut warnings = Vec::new();
    for (name, file) in &project_templates {
        if !embedded::TEMPLATES.iter().any(|(n, _)| n == name) {
            warnings.extend(stray_template(name, file, &project_templates));
        }
    }
    for (name, file) in &project_statics {
        let own = extra_css.contains(name) || name == CUSTOM_CSS;
        if !own && !embedded::STATIC.iter().any(|(n, _)| n == name) {
            warnings.extend(misspelt_static(name, file));
        }
    }
    for (name, file) in project_templates {
        let source = fs::read_to_string(&file).map_err(|e| Error::io("read template", &file, e))?;
        let origin = Some(file);
        templates.insert(
            name.clone(),
            Template {
                name,
                source,
                origin,
            },
        );
    }
    for (name, file) in project_statics {
        let bytes = fs::read(&file).map_err(|e| Error::io("read", &file, e))?;
        statics.insert(name, bytes);
    }
    Ok(Theme {
        templates: templates.into_values().collect(),
        statics,
        warnings,
    })
}

/// A project template that overrides no theme template is used only where another
/// template includes it; one that nothing names is most likely a misspelt override.
fn stray_template(name: &str, file: &Path, project: &[(String, PathBuf)]) -> Option<Diagnostic> {
    let quoted = [format!("\"{name}\""), format!("'{name}'")];
    let named = project.iter().any(|(_, other)| {
        fs::read_to_string(other).is_ok_and(|s| quoted.iter().any(|q| s.contains(q.as_str())))
    });
    if named {
        return None;
    }
    let known = embedded::TEMPLATES.iter().map(|(n, _)| *n);
    let message = match closest(name, known) {
        Some(near) => {
            format!("this file overrides no theme template: did you mean templates/{near}?")
        }
        None => "this file overrides no theme template, and no template includes it".into(),
    };
    let help = "name it as the theme template it replaces, as `guidebook theme` writes \
                them out, or include it from another template";
    Some(Diagnostic::new(SourceLoc::file(file), message).with_help(help))
}

/// A project static file named almost as a theme file: it is published as it is, but
/// most likely was meant to replace that file.
fn misspelt_static(name: &str, file: &Path) -> Option<Diagnostic> {
    let known = embedded::STATIC.iter().map(|(n, _)| *n).chain([CUSTOM_CSS]);
    let near = closest(name, known)?;
    let message = format!("this file matches no theme file: did you mean static/{near}?");
    let help = format!(
        "static/{CUSTOM_CSS} is loaded after the theme's stylesheet; a file named as a \
         theme file replaces it; any other file is published as it is"
    );
    Some(Diagnostic::new(SourceLoc::file(file), message).with_help(help))
}

/// The entries of `extra_css` that name no stylesheet in the project's `static/`
/// folder, each with why.
pub(crate) fn missing_stylesheets(
    project_dir: &Path,
    extra_css: &[String],
) -> Vec<(String, String)> {
    if extra_css.is_empty() {
        return Vec::new();
    }
    let present: Vec<String> = files_under(project_dir, "static")
        .unwrap_or_default()
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    extra_css
        .iter()
        .filter(|name| !present.contains(name))
        .map(|name| {
            let shown = name.escape_debug();
            let why = if name.contains("://") || name.starts_with("//") {
                format!(
                    "extra_css entry \"{shown}\" is an address: a guide's stylesheets are \
                     its own files, never fetched from the web"
                )
            } else {
                match closest(name, present.iter().map(String::as_str)) {
                    Some(near) => format!(
                        "extra_css entry \"{shown}\" is not in static/: did you mean \"{near}\"?"
                    ),
                    None => format!("extra_css entry \"{shown}\" is not in static/"),
                }
            };
            (name.clone(), why)
        })
        .collect()
}

/// The files of a theme folder (`templates`, `static`, beside the guide) by name
/// (`partials/star.html`), walked as the guide is. The folder itself may be a link, as
/// long as it stays inside the project.
fn files_under(project_dir: &Path, folder: &str) -> Result<Vec<(String, PathBuf)>> {
    let dir = project_dir.join(folder);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut problems = Diagnostics::default();
    if let Some(problem) = Root::new(project_dir)?.escape(&dir, "project") {
        problems.push(problem);
        return problems.finish(Vec::new());
    }
    let files = super::walk(&dir, folder, &mut problems)?;
    problems.finish(
        files
            .into_iter()
            .map(|(rel, file)| (rel.as_str().to_string(), file))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_theme_has_the_page_templates() {
        let theme = load_theme(Path::new("/nonexistent"), &[]).unwrap();
        let names: Vec<&str> = theme.templates.iter().map(|t| t.name.as_str()).collect();
        for wanted in [
            "base.html",
            "page.html",
            "partials/star.html",
            "partials/table.html",
        ] {
            assert!(names.contains(&wanted), "{wanted} missing from {names:?}");
        }
        assert!(theme.statics.contains_key("style.css"));
    }

    #[test]
    fn a_project_template_replaces_the_embedded_one() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("templates/partials")).unwrap();
        fs::write(dir.path().join("templates/partials/star.html"), "mine").unwrap();
        let theme = load_theme(dir.path(), &[]).unwrap();
        let star = theme
            .templates
            .iter()
            .find(|t| t.name == "partials/star.html")
            .unwrap();
        assert_eq!(star.source, "mine");
        assert!(star.origin.is_some());
    }

    /// A theme kept in git (or edited with a tool that leaves hidden folders) loads as
    /// its visible files only: `.git/HEAD` is no template.
    #[test]
    fn hidden_files_and_folders_of_a_theme_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("templates/.git")).unwrap();
        fs::create_dir_all(dir.path().join("static/.cache")).unwrap();
        fs::write(dir.path().join("templates/.git/HEAD"), "{{ broken").unwrap();
        fs::write(dir.path().join("templates/.notes.html"), "{{ broken").unwrap();
        fs::write(dir.path().join("static/.cache/x.css"), "x").unwrap();
        fs::write(dir.path().join("static/extra.css"), "y").unwrap();
        let theme = load_theme(dir.path(), &[]).unwrap();
        let embedded = load_theme(Path::new("/nonexistent"), &[]).unwrap();
        assert_eq!(theme.templates.len(), embedded.templates.len());
        let added: Vec<&String> = theme
            .statics
            .keys()
            .filter(|k| !embedded.statics.contains_key(*k))
            .collect();
        assert_eq!(added, ["extra.css"]);
    }
}
