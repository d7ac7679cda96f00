//! Any page text: splitting and typing its front matter never panics.
#![no_main]

use guidebook::internals::{SourcePath, parse_page};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = parse_page(
        SourcePath::new("part/page.md"),
        "guide/part/page.md".into(),
        text.to_string(),
    );
});
