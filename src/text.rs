//! Text as every stage reads it: the markdown dialect ([`options`]), a title line as
//! plain text ([`title_text`]), and byte offsets to `file:line:col` ([`LineIndex`]). Shared
//! by load, model and markdown, so none of them reaches into another for it.

use pulldown_cmark::{Event, Options, Parser};

/// The markdown dialect: CommonMark with GitHub's tables, task lists and strikethrough,
/// footnotes, and `{#id}` heading attributes. This is the only place it is set.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// What a reader sees of a page's `# title` line, as plain text: no markup, no link
/// targets or `{#id}`, entities decoded. Inline HTML stays as it was written, since a
/// title is shown as text everywhere (navigation, `<title>`, handouts).
pub(crate) fn title_text(line: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(line, options()) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::InlineHtml(t) => {
                text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// The start of every line of a text, for binary searching offsets: byte offsets to
/// 1-based line and column, so every message can say `file:line:col`.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and column (in characters) of the byte `offset` in `text`.
    pub(crate) fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let col = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_to_lines_and_columns() {
        let text = "ab\ncé d\n\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        assert_eq!(index.line_col(text, 2), (1, 3));
        assert_eq!(index.line_col(text, 3), (2, 1));
        assert_eq!(index.line_col(text, text.find('d').unwrap()), (2, 4));
        assert_eq!(index.line_col(text, text.len()), (4, 2));
    }
}
