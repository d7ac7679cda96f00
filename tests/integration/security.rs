//! A guide is untrusted: links out of it, files that would replace generated output and
//! text that would escape its context are refused or escaped, through the real CLI.

use std::fs;
use std::path::Path;

use crate::support::{file_contents, guidebook, run, write_guide};

const SECRET: &str = "s3cr3t-9f1c2b";

/// Every output file under `dir`, none holding `secret`.
fn assert_absent(dir: &Path, secret: &str) {
    if !dir.exists() {
        return;
    }
    for (file, bytes) in file_contents(dir) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(secret), "{file} holds the secret");
    }
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_guide_are_refused_and_nothing_is_published() {
    use std::os::unix::fs::symlink;
    let (tmp, _guide) = write_guide(&[("index.md", "# Home\n"), ("part/page.md", "# Page\n")]);
    let root = tmp.path();
    fs::write(root.join("secret.txt"), SECRET).unwrap();
    fs::write(root.join("outside.md"), format!("# Outside\n\n{SECRET}\n")).unwrap();
    fs::create_dir(root.join("outside")).unwrap();
    fs::write(root.join("outside/x.md"), SECRET).unwrap();
    let links = [
        ("../secret.txt", "guide/passwd.txt"),
        ("/proc/self/environ", "guide/environ.txt"),
        ("../outside.md", "guide/outside.md"),
        ("../outside", "guide/folder"),
        ("../secret.txt", "guide/concepts.yaml"),
        ("../public", "guide/site"),
        // Inside the guide: followed.
        ("part/page.md", "guide/alias.md"),
    ];
    for (target, link) in links {
        symlink(target, root.join(link)).unwrap();
    }
    fs::create_dir(root.join("public")).unwrap();
    let output = guidebook()
        .current_dir(root)
        .env("GUIDEBOOK_TEST_SECRET", SECRET)
        .args(["build"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for (target, link) in &links[..links.len() - 1] {
        let wanted = format!("{link}: this symbolic link leads out of the guide folder");
        assert!(stderr.contains(&wanted), "{wanted:?} missing:\n{stderr}");
        let name = Path::new(target).file_name().unwrap().to_string_lossy();
        assert!(
            stderr.contains(&*name),
            "the target {target} is named:\n{stderr}"
        );
    }
    assert!(!stderr.contains("guide/alias.md"), "{stderr}");
    assert!(!stderr.contains(SECRET), "{stderr}");
    assert_absent(&root.join("public"), SECRET);
    assert_eq!(fs::read_dir(root.join("public")).unwrap().count(), 0);
}

/// The theme beside the guide is read the same way: links stay inside its folders, and
/// the folders themselves inside the project.
#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_theme_are_refused() {
    use std::os::unix::fs::symlink;
    let (tmp, _guide) = write_guide(&[("index.md", "# Home\n")]);
    let root = tmp.path();
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(elsewhere.path().join("secret.css"), SECRET).unwrap();
    fs::create_dir_all(root.join("templates")).unwrap();
    symlink(
        elsewhere.path().join("secret.css"),
        root.join("templates/page.html"),
    )
    .unwrap();
    symlink(elsewhere.path(), root.join("static")).unwrap();
    for wanted in [
        "templates/page.html: this symbolic link leads out of the templates folder",
        "static: this symbolic link leads out of the project folder",
    ] {
        let stderr = run(root, &["build"], 1);
        assert!(stderr.contains(wanted), "{wanted:?} missing:\n{stderr}");
        assert!(!stderr.contains(SECRET), "{stderr}");
        assert!(!root.join("public").exists());
        fs::remove_file(root.join(wanted.split(':').next().unwrap())).unwrap();
    }
    run(root, &["build"], 0);
}

/// A link that stays inside the guide is an ordinary file: a page and an asset.
#[cfg(unix)]
#[test]
fn symbolic_links_inside_the_guide_are_followed() {
    use std::os::unix::fs::symlink;
    let (tmp, guide) = write_guide(&[
        (
            "index.md",
            "# Home\n\n[alias](alias.md) ![logo](img/logo.txt)\n",
        ),
        ("part/page.md", "# Page\n"),
        ("media/logo.txt", "logo"),
    ]);
    symlink("part/page.md", guide.join("alias.md")).unwrap();
    symlink("media", guide.join("img")).unwrap();
    run(tmp.path(), &["build"], 0);
    let out = tmp.path().join("public");
    assert!(out.join("alias/index.html").is_file());
    assert_eq!(
        fs::read_to_string(out.join("img/logo.txt")).unwrap(),
        "logo"
    );
}
