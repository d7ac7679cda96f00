//! Byte offsets to 1-based line and column, so every message can say `file:line:col`.

/// The start of every line of a text, for binary searching offsets.
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
