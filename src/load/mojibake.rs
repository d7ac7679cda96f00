//! Mojibake: UTF-8 text that was once decoded as Windows-1252 (or Latin-1) and saved
//! again, so `’` reads `â€™`, `─` reads `â”€`, `é` reads `Ã©`. Such runs are found by
//! turning the characters back into the bytes they were misread from and checking that
//! the bytes are UTF-8: ordinary accented text (`café`, `château`) never is.

use std::path::Path;

use crate::error::{Diagnostic, SourceLoc};
use crate::text::LineIndex;

/// Windows-1252's characters for bytes 0x80 to 0x9F (`None`: unassigned).
const CP1252: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// The byte `c` is the Windows-1252 (or Latin-1) reading of, if any.
fn byte_of(c: char) -> Option<u8> {
    let code = c as u32;
    if (0x80..=0xFF).contains(&code) {
        return Some(code as u8);
    }
    CP1252
        .iter()
        .position(|m| *m == Some(c))
        .map(|i| 0x80 + i as u8)
}

/// One misread character at `chars[at..]`: how many characters it took, and what it was.
fn misread(chars: &[char], at: usize) -> Option<(usize, char)> {
    let lead = byte_of(chars[at])?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = vec![lead];
    for c in chars.get(at + 1..at + len)? {
        let b = byte_of(*c).filter(|b| (0x80..=0xBF).contains(b))?;
        bytes.push(b);
    }
    let decoded = std::str::from_utf8(&bytes).ok()?;
    Some((len, decoded.chars().next()?))
}

/// A warning for each run of mojibake in `text`, naming what it probably said.
pub(super) fn check(text: &str, file: &Path) -> Vec<Diagnostic> {
    // A misread lead byte (0xC2 to 0xF4) reads as `Â` to `ô`, all encoded starting with
    // 0xC3: text without that byte (most text, emoji and box drawing included) is clean.
    if memchr::memchr(0xC3, text.as_bytes()).is_none() {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut offsets = Vec::with_capacity(chars.len() + 1);
    let mut byte = 0;
    for c in &chars {
        offsets.push(byte);
        byte += c.len_utf8();
    }
    offsets.push(byte);
    let index = LineIndex::new(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let mut end = i;
        let mut meant = String::new();
        while end < chars.len() && chars[end] != '\n' {
            match misread(&chars, end) {
                Some((len, c)) => {
                    meant.push(c);
                    end += len;
                }
                None => break,
            }
        }
        if end == i {
            i += 1;
            continue;
        }
        let seen: String = chars[i..end].iter().collect();
        let (line, col) = index.line_col(text, offsets[i]);
        found.push(
            Diagnostic::new(
                SourceLoc::new(file, line, col),
                format!("mis-encoded text \"{seen}\" probably says \"{meant}\""),
            )
            .with_help(format!(
                "the text went through the wrong encoding once; replace it with \"{meant}\""
            ))
            .with_len(end - i),
        );
        i = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meant(text: &str) -> Vec<(usize, String)> {
        check(text, Path::new("f.md"))
            .into_iter()
            .map(|d| (d.loc.col(), d.message))
            .collect()
    }

    #[test]
    fn finds_mojibake_and_says_what_it_meant() {
        assert_eq!(
            meant("It’s fine. Itâ€™s not: â”€â”€â”€ and cafÃ© and ðŸŽ¯."),
            [
                (
                    14,
                    "mis-encoded text \"â€™\" probably says \"’\"".to_string()
                ),
                (
                    24,
                    "mis-encoded text \"â”€â”€â”€\" probably says \"───\"".to_string()
                ),
                (
                    41,
                    "mis-encoded text \"Ã©\" probably says \"é\"".to_string()
                ),
                (
                    48,
                    "mis-encoded text \"ðŸŽ¯\" probably says \"🎯\"".to_string()
                ),
            ]
        );
    }

    #[test]
    fn ordinary_accents_and_symbols_are_left_alone() {
        assert!(meant("café, château, naïve, Ångström, 50€, “quotes” — ─┐ ✅ 数据").is_empty());
    }
}
