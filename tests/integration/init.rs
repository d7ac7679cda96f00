//! `guidebook init`: a new guide that builds cleanly at once and shows the features an
//! author copies; never written over anything.

use std::fs;

use crate::support::{build, one, run, select};

#[test]
fn a_new_guide_builds_without_a_warning_and_shows_each_feature() {
    let tmp = tempfile::tempdir().unwrap();
    let said = run(tmp.path(), &["init", "my-guide"], 0);
    assert!(said.contains("guidebook serve --guide my-guide"), "{said}");
    let guide = tmp.path().join("my-guide");
    let checked = run(tmp.path(), &["check", "--guide", "my-guide", "--strict"], 0);
    assert!(!checked.contains("warning"), "{checked}");

    let site = build(&guide, None);
    assert!(
        !site.out.join("readme").exists() && !site.out.join("README").exists(),
        "the README is not a page"
    );
    let question = site.page("questions/design-a-clickstream-pipeline/index.html");
    one(&question, "figure.diagram svg");
    assert_eq!(select(&question, ".star-card .star-panel").len(), 4);
    let related: Vec<_> = select(&question, "a[href='../tell-me-about-a-failure/']");
    assert!(!related.is_empty(), "the related question is linked");
    let concepts: Vec<_> = select(&question, "a[href*='concepts/kafka/']");
    assert!(!concepts.is_empty(), "naming a concept links it");
    let yaml = fs::read_to_string(guide.join("guide.yaml")).unwrap();
    assert!(
        yaml.lines().filter(|l| l.starts_with('#')).count() >= 5,
        "commented"
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_leaves_it_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("notes");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("index.md"), "mine").unwrap();
    let said = run(tmp.path(), &["init", "notes"], 2);
    assert!(said.contains("notes is not empty"), "{said}");
    assert_eq!(fs::read_to_string(dir.join("index.md")).unwrap(), "mine");
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
}

#[test]
fn init_makes_the_folder_and_defaults_to_guide() {
    let tmp = tempfile::tempdir().unwrap();
    run(tmp.path(), &["init"], 0);
    assert!(tmp.path().join("guide/guide.yaml").is_file());
    run(tmp.path(), &["init", "a/b/c"], 0);
    assert!(tmp.path().join("a/b/c/questions/index.md").is_file());
    run(tmp.path(), &["build"], 0);
}
