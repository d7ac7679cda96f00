//! Any text as a diagram: reading and drawing it never panics, and whatever is read
//! rebuilds the text exactly (no character lost).
#![no_main]

use boxart_svg::Options;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(drawing) = boxart_svg::render(text, &Options::default()) {
        let _ = (drawing.svg("d", &|_| None), drawing.notes(), drawing.labels());
        assert_eq!(drawing.rebuild().as_deref(), Ok(text));
    } else {
        let _ = boxart_svg::words(text);
    }
});
