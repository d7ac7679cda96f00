//! What a build needs to know: the folders and base URL from the command line
//! ([`BuildConfig`]) and the guide's own settings from `guide.yaml` ([`GuideConfig`]).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// `guide.yaml`. Unknown keys are errors, so a typo never silently does nothing.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct GuideConfig {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub repository: Option<String>,
}

impl GuideConfig {
    pub const KEYS: &'static [&'static str] =
        &["title", "description", "base_url", "language", "repository"];
}

/// A validated build request: every path and URL already checked.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    pub guide_dir: PathBuf,
    pub out_dir: PathBuf,
    /// From `--base-url`; wins over `guide.yaml`.
    pub base_url: Option<BaseUrl>,
}

impl BuildConfig {
    /// Theme overrides live beside the guide: `templates/` and `static/` in its parent.
    pub fn project_dir(&self) -> PathBuf {
        let parent = self.guide_dir.parent().unwrap_or(Path::new(""));
        if parent.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            parent.to_path_buf()
        }
    }
}

/// An absolute `http(s)` URL ending with `/`, the root of the deployed site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    pub fn parse(raw: &str) -> Result<Self> {
        let raw = raw.trim();
        let rest = raw
            .strip_prefix("https://")
            .or_else(|| raw.strip_prefix("http://"))
            .ok_or_else(|| {
                Error::Usage(format!(
                    "base URL \"{raw}\" must start with https:// or http://, e.g. https://user.github.io/repo/"
                ))
            })?;
        if rest.is_empty() || rest.starts_with('/') || rest.contains(['?', '#', ' ']) {
            return Err(Error::Usage(format!(
                "base URL \"{raw}\" is not a site address; expected e.g. https://user.github.io/repo/"
            )));
        }
        let mut url = raw.to_string();
        if !url.ends_with('/') {
            url.push('/');
        }
        Ok(BaseUrl(url))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_gain_a_trailing_slash() {
        assert_eq!(
            BaseUrl::parse("https://example.github.io/guidebook")
                .unwrap()
                .as_str(),
            "https://example.github.io/guidebook/"
        );
        assert!(BaseUrl::parse("example.github.io").is_err());
        assert!(BaseUrl::parse("https:///x").is_err());
    }
}
