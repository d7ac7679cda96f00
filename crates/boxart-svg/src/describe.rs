//! What a diagram says, in words: each frame's label and short name, what frames hold,
//! and the flows as chains ("Sources → Kafka → Flink/Spark Streaming → OLAP, Alerts,
//! Data Lake; OLAP → Dashboard"), for screen readers, search and concept mentions.

use std::collections::{BTreeMap, BTreeSet};

use super::layout::{Layout, Node};

/// The words of a diagram. Frames and text runs are named by their index in
/// [`Layout::frames`](crate::Layout) and [`Layout::texts`](crate::Layout).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    /// Per frame: its own text (not its inner frames'), row by row.
    pub labels: Vec<String>,
    /// Per frame: the label's first lines, up to a detail line ("(Buffer)", "- item").
    pub names: Vec<String>,
    /// Text runs outside every frame, in reading order.
    pub free: Vec<usize>,
    /// A short title: the outermost frame's name, or a count of what is drawn.
    pub title: String,
    /// The diagram in words: what flows where, or what it holds.
    pub description: String,
}

pub(crate) fn describe(layout: &Layout) -> Words {
    let lines = frame_lines(layout);
    let labels: Vec<String> = lines.iter().map(|l| l.join(" ")).collect();
    // A title set into a frame's top names it; else its first lines do.
    let names: Vec<String> = (lines.iter().enumerate())
        .map(|(f, l)| match layout.frames[f].title {
            Some(_) => l.first().cloned().unwrap_or_default(),
            None => name(l),
        })
        .collect();
    let free: Vec<usize> = (0..layout.texts.len())
        .filter(|&t| layout.text_owner[t].is_none() && says(&layout.texts[t].text))
        .collect();
    let node_name = |node: &Node| match node {
        Node::Frame(f) if !names[*f].is_empty() => names[*f].clone(),
        Node::Frame(f) => labels[*f].clone(),
        // A run of a frame shown as text may be all border: it is named for what it is.
        Node::Text(t) => Some(said(&layout.texts[*t].text))
            .filter(|words| !words.is_empty())
            .unwrap_or_else(|| "a part shown as text".to_string()),
    };
    let mut sentences = containment(layout, &names);
    let flows = flows(layout, &node_name);
    if !flows.is_empty() {
        sentences.push(flows);
    }
    if sentences.is_empty() {
        let words: Vec<String> = free.iter().map(|&t| said(&layout.texts[t].text)).collect();
        sentences.push(words.join("; "));
    }
    Words {
        title: title(layout, &names, &free),
        description: sentences.join(". "),
        labels,
        names,
        free,
    }
}

/// Whether a run says anything: a frame shown as text leaves runs of its border alone.
fn says(text: &str) -> bool {
    text.chars()
        .any(|c| !crate::is_drawing(c) && !c.is_whitespace())
}

/// A run's words, without the border characters a frame shown as text leaves in it.
fn said(text: &str) -> String {
    if text.chars().any(crate::is_drawing) {
        crate::words(text).join(" ")
    } else {
        text.to_string()
    }
}

/// Each frame's own text runs grouped by row.
fn frame_lines(layout: &Layout) -> Vec<Vec<String>> {
    let mut lines: Vec<BTreeMap<usize, Vec<String>>> = vec![BTreeMap::new(); layout.frames.len()];
    for (t, run) in layout.texts.iter().enumerate() {
        if let Some(f) = layout.text_owner[t].filter(|_| says(&run.text)) {
            lines[f].entry(run.row).or_default().push(said(&run.text));
        }
    }
    lines
        .into_iter()
        .map(|rows| rows.into_values().map(|runs| runs.join(" ")).collect())
        .collect()
}

/// The lines that name a frame: up to the first detail line, at most three, joined
/// where a line breaks a word ("Flink/" "Spark" gives "Flink/Spark").
fn name(lines: &[String]) -> String {
    let mut name = String::new();
    for line in lines.iter().take(3) {
        let detail = line.starts_with(['(', '[', '-', '•', '*'])
            || line
                .split_once(". ")
                .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()));
        if detail && !name.is_empty() {
            break;
        }
        if !name.is_empty() && !name.ends_with('/') {
            name.push(' ');
        }
        name.push_str(line);
    }
    name
}

fn containment(layout: &Layout, names: &[String]) -> Vec<String> {
    let mut sentences = Vec::new();
    for (f, name) in names.iter().enumerate() {
        let children: Vec<&str> = (0..layout.frames.len())
            .filter(|&c| layout.frame_parent[c] == Some(f) && !names[c].is_empty())
            .map(|c| names[c].as_str())
            .collect();
        if !children.is_empty() && !name.is_empty() {
            sentences.push(format!("{name} holds {}", children.join(", ")));
        }
    }
    sentences
}

/// Flows as chains: from each node nothing flows into, along single successors, fanning
/// out at the end; nodes with the same successors are listed together.
fn flows(layout: &Layout, name: &dyn Fn(&Node) -> String) -> String {
    let mut succ: BTreeMap<Node, Vec<(Node, Option<usize>)>> = BTreeMap::new();
    let mut order: Vec<Node> = Vec::new();
    let mut has_in: BTreeSet<Node> = BTreeSet::new();
    for e in &layout.edges {
        let list = succ.entry(e.from).or_default();
        if !list.iter().any(|(n, _)| *n == e.to) {
            list.push((e.to, e.caption));
        }
        has_in.insert(e.to);
        for n in [e.from, e.to] {
            if !order.contains(&n) {
                order.push(n);
            }
        }
    }
    let target_names = |targets: &[(Node, Option<usize>)]| {
        targets
            .iter()
            .map(|(n, caption)| match caption {
                Some(c) => {
                    let text = &layout.texts[*c].text;
                    if text.starts_with('(') {
                        format!("{} {text}", name(n))
                    } else {
                        format!("{} ({text})", name(n))
                    }
                }
                None => name(n),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut expanded: BTreeSet<Node> = BTreeSet::new();
    let mut clauses = Vec::new();
    let starts: Vec<Node> = order
        .iter()
        .filter(|n| succ.contains_key(n) && !has_in.contains(n))
        .copied()
        .collect();
    let rest: Vec<Node> = order
        .iter()
        .filter(|n| succ.contains_key(n))
        .copied()
        .collect();
    for start in starts.iter().chain(&rest) {
        if expanded.contains(start) {
            continue;
        }
        let group: Vec<Node> = if has_in.contains(start) {
            vec![*start]
        } else {
            starts
                .iter()
                .filter(|s| !expanded.contains(s) && succ[s] == succ[start])
                .copied()
                .collect()
        };
        let mut clause = group.iter().map(name).collect::<Vec<_>>().join(", ");
        expanded.extend(group.iter().copied());
        let mut targets = succ[start].clone();
        loop {
            clause.push_str(" → ");
            clause.push_str(&target_names(&targets));
            match targets.as_slice() {
                [(next, _)] if succ.contains_key(next) && !expanded.contains(next) => {
                    expanded.insert(*next);
                    targets = succ[next].clone();
                }
                _ => break,
            }
        }
        clauses.push(clause);
    }
    clauses.join("; ")
}

fn title(layout: &Layout, names: &[String], free: &[usize]) -> String {
    let top: Vec<&str> = (0..layout.frames.len())
        .filter(|&f| layout.frame_parent[f].is_none() && !names[f].is_empty())
        .map(|f| names[f].as_str())
        .collect();
    if !top.is_empty() {
        return format!("Diagram: {}", top.join(", "));
    }
    match free.first() {
        Some(&t) => format!("Diagram: {}", layout.texts[t].text),
        None => "Diagram".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::{Grid, TAB_WIDTH};
    use crate::layout::build;

    fn words(art: &str) -> Words {
        describe(&build(&Grid::parse(art, TAB_WIDTH).unwrap()).unwrap())
    }

    #[test]
    fn names_stop_at_details_and_join_broken_words() {
        assert_eq!(name(&["Sources".into(), "(Apps,IoT)".into()]), "Sources");
        assert_eq!(
            name(&["Flink/".into(), "Spark".into(), "Streaming".into()]),
            "Flink/Spark Streaming"
        );
        assert_eq!(
            name(&[
                "OFFLINE STORE".into(),
                "(Delta Lake)".into(),
                "- Historical".into()
            ]),
            "OFFLINE STORE"
        );
        assert_eq!(name(&["(only detail)".into()]), "(only detail)");
    }

    #[test]
    fn chains_fan_out_and_group() {
        let art = "┌───┐ ┌───┐\n\
                   │ A │ │ B │\n\
                   └─┬─┘ └─┬─┘\n\
                   \x20 ▼     ▼\n\
                   ┌───────────┐\n\
                   │     C     │──▶ Out\n\
                   └───────────┘";
        let w = words(art);
        assert_eq!(w.description, "A, B → C → Out");
        assert_eq!(w.title, "Diagram: A, B, C");
    }

    #[test]
    fn containment_is_described() {
        let w = words(
            "┌──────────┐\n│ OUTER    │\n│ ┌──────┐ │\n│ │inner │ │\n│ └──────┘ │\n└──────────┘",
        );
        assert_eq!(w.description, "OUTER holds inner");
        assert_eq!(w.labels, ["OUTER", "inner"]);
    }
}
