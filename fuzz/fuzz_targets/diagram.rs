//! Any text as a diagram: drawing it never panics, and whatever is read rebuilds the text
//! exactly (no character lost).
#![no_main]

use guidebook::markdown::diagram;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = diagram::draw(text, "d", &|_| None, true);
    if let Ok(reading) = diagram::read(text) {
        assert_eq!(diagram::rebuild(&reading.layout).as_deref(), Ok(text));
    }
});
