//! The theme: the default templates and static files embedded in the binary, overridden
//! file by file by `templates/` and `static/` folders beside the guide.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::contained::Root;
use crate::error::{Diagnostics, Error, Result};
use crate::theme::{Template, Theme};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));
}

/// The embedded theme with the overrides found in `project_dir`.
pub fn load_theme(project_dir: &Path) -> Result<Theme> {
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
    for (name, file) in files_under(project_dir, "templates")? {
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
    for (name, file) in files_under(project_dir, "static")? {
        let bytes = fs::read(&file).map_err(|e| Error::io("read", &file, e))?;
        statics.insert(name, bytes);
    }
    Ok(Theme {
        templates: templates.into_values().collect(),
        statics,
    })
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
        let theme = load_theme(Path::new("/nonexistent")).unwrap();
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
        let theme = load_theme(dir.path()).unwrap();
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
        let theme = load_theme(dir.path()).unwrap();
        let embedded = load_theme(Path::new("/nonexistent")).unwrap();
        assert_eq!(theme.templates.len(), embedded.templates.len());
        let added: Vec<&String> = theme
            .statics
            .keys()
            .filter(|k| !embedded.statics.contains_key(*k))
            .collect();
        assert_eq!(added, ["extra.css"]);
    }
}
