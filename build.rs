//! Embeds the default theme (`templates/`, `static/`) in the binary, so an installed
//! `guidebook` builds a guide anywhere. Generates `theme_files.rs` in OUT_DIR: every file,
//! sorted, so adding a template never needs a Rust change.

use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let root =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut out = String::new();
    for (dir, konst, macro_name, ty) in [
        ("templates", "TEMPLATES", "include_str", "str"),
        ("static", "STATIC", "include_bytes", "[u8]"),
    ] {
        let base = root.join(dir);
        println!("cargo:rerun-if-changed={}", base.display());
        let mut files = Vec::new();
        collect(&base, &mut files);
        files.sort();
        out.push_str(&format!(
            "pub(crate) const {konst}: &[(&str, &{ty})] = &[\n"
        ));
        for file in files {
            println!("cargo:rerun-if-changed={}", file.display());
            let rel = file.strip_prefix(&base).expect("collected under base");
            let name = rel.to_string_lossy().replace('\\', "/");
            let path = file.display().to_string();
            out.push_str(&format!("    ({name:?}, {macro_name}!({path:?})),\n"));
        }
        out.push_str("];\n");
    }
    let dest =
        PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("theme_files.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if !entry.file_name().to_string_lossy().starts_with('.') {
            files.push(path);
        }
    }
}
