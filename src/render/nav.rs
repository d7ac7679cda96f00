//! The sidebar: the guide's parts, and the pages around the one being read. Its size is
//! bounded whatever the shape of the guide: many parts are listed once, in a shared
//! script; a long list of pages shows the stretch around the reader's page and links the
//! rest through its part's page, which lists them all (and works without JavaScript).

use std::ops::Range;

use super::views::{Chrome, LinkView, Linker};
use crate::model::{Page, PageId, Site};
use crate::paths::UrlPath;
use crate::report::count;

/// Up to this many parts, every page lists them all in its sidebar.
const INLINE_PARTS: usize = 24;

/// A list of pages up to this long is shown whole in the sidebar; a longer one shows
/// this many, centred on the reader's page.
const NAV_LIST: usize = 31;

/// The part (a section at the top of the guide) that page `id` is in, or is.
pub(crate) fn part_of(site: &Site, id: PageId) -> Option<PageId> {
    let mut id = id;
    loop {
        match site.page(id).parent {
            None => return None,
            Some(PageId(0)) => return Some(id),
            Some(parent) => id = parent,
        }
    }
}

/// For a page without pages of its own, what its sidebar depends on: the part open, and
/// the folder above the page. Its siblings have the same sidebar, built once, unless a
/// list on its way is long enough to be cut around each page.
pub(crate) fn shared_nav_key(site: &Site, page: &Page) -> Option<(PageId, UrlPath)> {
    if page.id == PageId(0) || !page.children.is_empty() {
        return None;
    }
    let part = part_of(site, page.id)?;
    let long = site
        .ancestors(page.id)
        .iter()
        .skip(1)
        .any(|a| a.children.len() > NAV_LIST);
    (!long).then(|| (part, page.url.parent_folder()))
}

/// Whether the list of parts is too long to repeat on every page.
pub(crate) fn nav_is_shared(site: &Site) -> bool {
    site.home().children.len() > INLINE_PARTS
}

/// The shared list of parts, as a script: `[title, path from the root]` per part.
pub(crate) fn parts_script(site: &Site) -> String {
    let parts: Vec<String> = site
        .home()
        .children
        .iter()
        .map(|&id| {
            let page = site.page(id);
            format!(
                "[{},{}]",
                js_string(&page.title),
                js_string(page.url.as_str())
            )
        })
        .collect();
    format!("window.guidebookParts = [\n{}\n];\n", parts.join(",\n"))
}

/// `text` as a JavaScript string literal that is also safe inside HTML.
pub fn js_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_js_string(&mut out, text);
    out
}

/// Appends `text` to `out` as [`js_string`] writes it.
pub(crate) fn push_js_string(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    out.push('"');
    let (mut done, mut at) = (0, 0);
    // Bytes, not chars, found with a table: long texts (the search index's) are mostly
    // plain ASCII.
    while let Some(found) = bytes[at..].iter().position(|&b| MAY_ESCAPE[usize::from(b)]) {
        at += found;
        let c = text[at..].chars().next().unwrap_or('\0');
        if c.is_ascii() || c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
            out.push_str(&text[done..at]);
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                _ => {
                    let code = c as u32;
                    out.push_str("\\u");
                    for shift in [12, 8, 4, 0] {
                        out.push(char::from(HEX[((code >> shift) & 15) as usize]));
                    }
                }
            }
            done = at + c.len_utf8();
        }
        at += c.len_utf8();
    }
    out.push_str(&text[done..]);
    out.push('"');
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Bytes that start a character a JavaScript string in HTML must escape: quotes, `\`,
/// `<`, `>`, `&`, controls (U+0080 to U+009F start with 0xC2) and U+2028/U+2029 (0xE2).
const MAY_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'&' as usize] = true;
    table[0x7f] = true;
    table[0xc2] = true;
    table[0xe2] = true;
    table
};

/// Which of `len` pages a sidebar list shows: all of a short list; of a long one, a
/// stretch of [`NAV_LIST`] around `at` (the page on the reader's way), else its start.
fn window(len: usize, at: Option<usize>) -> Range<usize> {
    if len <= NAV_LIST {
        return 0..len;
    }
    let start = at
        .unwrap_or(0)
        .saturating_sub(NAV_LIST / 2)
        .min(len - NAV_LIST);
    start..start + NAV_LIST
}

impl<'a> Chrome<'a> {
    /// The sidebar of `current` (none: a generated page). With a few parts: every part,
    /// and the pages of the part being read. With many, only that part: the rest come
    /// from one shared file (or, without JavaScript, the home page's map).
    pub(crate) fn nav(&self, current: Option<PageId>, linker: Linker) -> Vec<LinkView<'a>> {
        let site = self.site;
        let all = !self.nav_is_shared();
        let mut path: Vec<PageId> = current.map_or_else(Vec::new, |id| {
            site.ancestors(id).iter().map(|p| p.id).collect()
        });
        path.extend(current);
        let open = current.and_then(|id| part_of(site, id));
        site.home()
            .children
            .iter()
            .filter(|&&id| all || Some(id) == open)
            .map(|&id| {
                let depth = if Some(id) == open { 2 } else { 0 };
                self.nav_item(site.page(id), linker, depth, &path)
            })
            .collect()
    }

    pub(crate) fn nav_is_shared(&self) -> bool {
        nav_is_shared(self.site)
    }

    /// `page` and its children down to `depth` levels, each list cut to a window around
    /// the page on `path` (the reader's page and its ancestors). A long list off that
    /// path stays closed: its page lists it.
    fn nav_item(
        &self,
        page: &'a Page,
        linker: Linker,
        depth: usize,
        path: &[PageId],
    ) -> LinkView<'a> {
        let mut item = self.link(page, linker);
        let on_path = path.contains(&page.id);
        if depth == 0 || (!on_path && page.children.len() > NAV_LIST) {
            return item;
        }
        let children = &page.children;
        let at = children.iter().position(|c| path.contains(c));
        let shown = window(children.len(), at);
        let left_out = |n: usize, noun: &str| (n > 0).then(|| count(n, noun));
        item.more_before = left_out(shown.start, "earlier page");
        item.more_after = left_out(children.len() - shown.end, "more page");
        item.children = children[shown]
            .iter()
            .map(|&c| self.nav_item(self.site.page(c), linker, depth - 1, path))
            .collect();
        item
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn js_strings_escape_what_ends_a_string_or_a_script() {
        assert_eq!(
            super::js_string("a\"b\\c</script>&\u{0}\u{7f}\u{85}\u{2028}\u{2029}é😀\n"),
            "\"a\\\"b\\\\c\\u003c/script\\u003e\\u0026\\u0000\\u007f\\u0085\\u2028\\u2029é😀\\u000a\""
        );
        assert_eq!(super::js_string(""), "\"\"");
    }

    use super::*;

    #[test]
    fn long_lists_show_a_window_around_the_reader() {
        assert_eq!(window(10, Some(9)), 0..10);
        assert_eq!(window(NAV_LIST, None), 0..NAV_LIST);
        assert_eq!(window(1000, None), 0..NAV_LIST);
        assert_eq!(window(1000, Some(3)), 0..NAV_LIST);
        assert_eq!(window(1000, Some(500)), 485..485 + NAV_LIST);
        assert_eq!(window(1000, Some(999)), 1000 - NAV_LIST..1000);
    }
}
