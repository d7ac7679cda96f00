//! Any title and base URL: every output context they reach (HTML, a CSS string, a
//! JavaScript string, the sitemap's XML, the lines of robots.txt) holds them inert, with no raw control
//! character and no way out of the string or element.
#![no_main]

use guidebook::BaseUrl;
use guidebook::internals::{css_string, escape_html, js_string};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &str)| {
    let (title, base) = input;
    let inert = |c: char| !c.is_control() || matches!(c, '\t' | '\n' | '\r');
    let mut html = Vec::new();
    escape_html(title, &mut html).expect("writing to memory");
    let html = String::from_utf8(html).expect("UTF-8 in, UTF-8 out");
    assert!(html.chars().all(inert));
    assert!(!html.contains(['<', '>', '"', '\'']));
    assert!(closed_string(&css_string(title), false));
    assert!(!css_string(title).contains(['<', '>']));
    assert!(closed_string(&js_string(title), true));
    assert!(!js_string(title).contains(['<', '>', '&']));
    if let Ok(url) = BaseUrl::parse(base) {
        let url = url.as_str();
        assert!(!url.contains(|c: char| c.is_control() || c.is_whitespace()));
        assert!(!url.contains(['"', '\'', '<', '>', '\\', '`']));
        // The sitemap and robots.txt show it as the templates escape it, on one line.
        let mut escaped = Vec::new();
        escape_html(url, &mut escaped).expect("writing to memory");
        assert_eq!(String::from_utf8(escaped).unwrap(), url.replace('&', "&amp;"));
    }
});

/// A quoted string with no raw control character, closed only by its last quote; in
/// JavaScript a backslash escapes the next character, in CSS (`css`: false) escapes are
/// hex digits.
fn closed_string(literal: &str, js: bool) -> bool {
    let Some(inner) = literal.strip_prefix('"').and_then(|l| l.strip_suffix('"')) else {
        return false;
    };
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => return false,
            '\\' if js => {
                chars.next();
            }
            '\\' => {
                if !chars.peek().is_some_and(char::is_ascii_hexdigit) {
                    return false;
                }
            }
            c if c.is_control() => return false,
            _ => {}
        }
    }
    true
}
