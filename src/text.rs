//! Text as every stage reads it: the markdown dialect ([`options`]), a title line as
//! plain text ([`title_text`]), task list items ([`task_count`], [`task_key`]) and byte
//! offsets to `file:line:col` ([`LineIndex`]). Shared by load, model and markdown, so
//! none of them reaches into another for it.

use pulldown_cmark::{Event, Options, Parser};

use crate::paths::slugify;

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

/// How many task list items (`- [ ]`, `- [x]`) a page's markdown has: its checklists'
/// size, which the sidebar and the home page show before the page is read.
pub(crate) fn task_count(markdown: &str) -> u32 {
    // Most pages have none: a page without a box is not parsed.
    if !["[ ]", "[x]", "[X]"].iter().any(|b| markdown.contains(b)) {
        return 0;
    }
    let tasks = Parser::new_ext(markdown, options())
        .filter(|e| matches!(e, Event::TaskListMarker(_)))
        .count();
    u32::try_from(tasks).unwrap_or(u32::MAX)
}

/// The longest a task's key grows: enough to tell a checklist's items apart.
const TASK_KEY_LEN: usize = 60;

/// The key a task item's tick is kept under in the reader's browser, from the item's
/// markdown (its first line, marker and box aside): the same text keeps its tick when the
/// items are reordered or others are added. Text without a letter or digit is keyed by
/// its characters' codes.
pub(crate) fn task_key(item: &str) -> String {
    let line = item.lines().next().unwrap_or("").trim_start();
    let line = line.trim_start_matches(|c: char| c.is_ascii_digit());
    let line = line
        .trim_start_matches(['-', '*', '+', '.', ')'])
        .trim_start();
    let text = ["[ ]", "[x]", "[X]"]
        .iter()
        .find_map(|b| line.strip_prefix(b))
        .unwrap_or(line)
        .trim();
    let slug = slugify(text);
    if slug.is_empty() {
        let codes: Vec<String> = text.chars().map(|c| format!("{:x}", c as u32)).collect();
        return codes.join("-").chars().take(TASK_KEY_LEN).collect();
    }
    let mut key: String = slug.chars().take(TASK_KEY_LEN).collect();
    if slug.chars().count() > TASK_KEY_LEN {
        // Cut at a word, so a longer text that starts the same shows where it differs.
        if let Some(word) = key.rfind('-') {
            key.truncate(word);
        }
    }
    key
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

    #[test]
    fn task_items_are_counted_outside_code_only() {
        let text = "- [ ] a\n- [x] b\n* [X] c\n1. [ ] d\n\n```\n- [ ] code\n```\n- plain [ ]\n";
        assert_eq!(task_count(text), 4);
        assert_eq!(task_count("No boxes here.\n"), 0);
    }

    #[test]
    fn a_task_is_keyed_by_its_text_whatever_its_marker_and_tick() {
        let key = task_key("- [ ] Review SQL *window* functions\n  more lines\n");
        assert_eq!(key, "review-sql-window-functions");
        for written in [
            "* [x] Review SQL *window* functions",
            "12) [X] Review SQL *window* functions",
            "+ [ ]   Review SQL *window* functions  ",
        ] {
            assert_eq!(task_key(written), key, "{written}");
        }
        assert_eq!(task_key("- [ ] Käse prüfen"), "käse-prüfen");
        assert_eq!(task_key("- [ ] 数据仓库"), "数据仓库");
        assert_eq!(task_key("- [ ] ✅ 🚀"), "2705-20-1f680");
        let long = task_key(&format!("- [ ] {}", "word ".repeat(30)));
        assert!(
            long.len() <= TASK_KEY_LEN && long.ends_with("word"),
            "{long}"
        );
    }
}
