//! Box-drawing diagrams. For now: the labels a diagram shows, read from the character
//! grid, so concepts can be found in them and readers who cannot see the drawing get its
//! words. A label is the text inside one box, joined across its rows ("Flink/ Spark
//! Streaming"), or a run of free text beside the lines ("Search Indexing").

/// Characters that draw: box drawing (U+2500 to U+257F) and arrowheads.
pub fn is_drawing(c: char) -> bool {
    matches!(
        c,
        '\u{2500}'..='\u{257F}' | '▶' | '►' | '◀' | '◄' | '▲' | '▼'
    )
}

fn is_vertical(c: char) -> bool {
    matches!(
        c,
        '│' | '┃' | '║' | '├' | '┤' | '┼' | '╎' | '┆' | '┊' | '╏' | '┇' | '┋'
    )
}

/// A run of text on one row, between drawing characters.
struct Segment {
    row: usize,
    /// Column of the vertical line on its left, when it sits inside a box.
    left: Option<usize>,
    right: Option<usize>,
    text: String,
}

/// A label being read: the box it is in (its borders' columns) and its last row.
struct Label {
    last_row: usize,
    borders: Option<(usize, usize)>,
    text: String,
}

/// The diagram's labels in reading order: boxes' texts joined across rows, free text as
/// it stands.
pub fn labels(source: &str) -> Vec<String> {
    let mut labels: Vec<Label> = Vec::new();
    for segment in source
        .lines()
        .enumerate()
        .flat_map(|(row, line)| segments(row, line))
    {
        let borders = segment.left.zip(segment.right);
        // A hand-drawn right border may wander by a column from row to row.
        let continues = labels.iter_mut().rev().find(|label| {
            label.last_row + 1 == segment.row
                && matches!((label.borders, borders), (Some((l, r)), Some((l2, r2))) if l == l2 && r.abs_diff(r2) <= 1)
        });
        match continues {
            Some(label) => {
                label.last_row = segment.row;
                label.text.push(' ');
                label.text.push_str(&segment.text);
            }
            None => labels.push(Label {
                last_row: segment.row,
                borders,
                text: segment.text,
            }),
        }
    }
    labels.into_iter().map(|label| label.text).collect()
}

fn segments(row: usize, line: &str) -> Vec<Segment> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut col = 0;
    while col < chars.len() {
        if is_drawing(chars[col]) {
            col += 1;
            continue;
        }
        let start = col;
        while col < chars.len() && !is_drawing(chars[col]) {
            col += 1;
        }
        let text: String = chars[start..col]
            .iter()
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !text.chars().any(char::is_alphanumeric) {
            continue;
        }
        let left = start.checked_sub(1).filter(|&c| is_vertical(chars[c]));
        let right = chars.get(col).filter(|c| is_vertical(**c)).map(|_| col);
        out.push(Segment {
            row,
            left,
            right,
            text,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn box_labels_join_across_rows() {
        let art = "┌─────────────┐    ┌─────────────┐\n\
                   │   Sources   │───▶│   Flink/    │\n\
                   │  (Apps,IoT) │    │   Spark     │\n\
                   └─────────────┘    │  Streaming  │\n\
                   \x20                  └──────┬──────┘\n\
                   \x20                         ├───▶ Search Indexing\n";
        assert_eq!(
            labels(art),
            [
                "Sources (Apps,IoT)",
                "Flink/ Spark Streaming",
                "Search Indexing"
            ]
        );
    }

    #[test]
    fn a_border_one_column_off_still_joins() {
        let art = "│   OLAP   │\n│(ClickHouse│\n│ Druid)   │\n";
        assert_eq!(labels(art), ["OLAP (ClickHouse Druid)"]);
    }

    #[test]
    fn prose_lines_stay_apart() {
        assert_eq!(
            labels("EVENT SOURCING:\n\n1. Events are facts\n"),
            ["EVENT SOURCING:", "1. Events are facts"]
        );
    }
}
