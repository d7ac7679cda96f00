//! STAR answers: a ` ```star ` fence with SITUATION:, TASK:, ACTION: and RESULT:
//! sections (or one-line `S - SITUATION: prompt` forms) becomes four labelled panels.
//! Panel text keeps its paragraphs and `- ` lists.

use serde::Serialize;

#[derive(Debug, Serialize, PartialEq, Eq, Default)]
pub struct StarCard {
    pub panels: Vec<StarPanel>,
}

#[derive(Debug, Serialize, PartialEq, Eq, Default)]
pub struct StarPanel {
    /// `situation`, `task`, `action`, `result`: stable for CSS and anchors.
    pub key: &'static str,
    pub letter: &'static str,
    pub label: &'static str,
    /// The panel's text as HTML: paragraphs and lists, escaped.
    pub html: String,
}

const PARTS: [(&str, &str, &str); 4] = [
    ("situation", "S", "Situation"),
    ("task", "T", "Task"),
    ("action", "A", "Action"),
    ("result", "R", "Result"),
];

/// The four panels in order, or `None` when the text is not a STAR answer (then it is
/// shown as written). `to_html` turns a paragraph's or list item's text into HTML
/// (escaped, concepts linked).
pub(super) fn parse(text: &str, to_html: &mut dyn FnMut(&str) -> String) -> Option<StarCard> {
    let mut sections: Vec<(usize, Vec<&str>)> = Vec::new();
    for line in text.lines() {
        match header(line) {
            Some((part, rest)) => {
                let mut lines = Vec::new();
                if !rest.is_empty() {
                    lines.push(rest);
                }
                sections.push((part, lines));
            }
            None if line.trim().is_empty() && sections.is_empty() => {}
            None => sections.last_mut()?.1.push(line),
        }
    }
    let in_order = sections.iter().map(|(p, _)| *p).eq(0..PARTS.len());
    if !in_order {
        return None;
    }
    let panels = sections
        .into_iter()
        .map(|(part, lines)| {
            let (key, letter, label) = PARTS[part];
            StarPanel {
                key,
                letter,
                label,
                html: blocks_html(&lines, to_html),
            }
        })
        .collect();
    Some(StarCard { panels })
}

/// `SITUATION:` or `S - SITUATION: text`, any case: which part, and the text after it.
fn header(line: &str) -> Option<(usize, &str)> {
    let line = line.trim();
    let (head, rest) = line.split_once(':')?;
    let head = head.trim();
    let name = match head.split_once('-') {
        Some((letter, name)) if letter.trim().len() == 1 => name.trim(),
        _ => head,
    };
    let part = PARTS
        .iter()
        .position(|(key, _, _)| key.eq_ignore_ascii_case(name))?;
    Some((part, rest.trim()))
}

/// Paragraphs (lines joined, as in markdown) and `- ` lists.
fn blocks_html(lines: &[&str], to_html: &mut dyn FnMut(&str) -> String) -> String {
    let mut html = String::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Vec<&str> = Vec::new();
    let mut flush = |html: &mut String, paragraph: &mut Vec<&str>, list: &mut Vec<&str>| {
        if !paragraph.is_empty() {
            html.push_str(&format!("<p>{}</p>", to_html(&paragraph.join(" "))));
            paragraph.clear();
        }
        if !list.is_empty() {
            html.push_str("<ul>");
            for item in list.iter() {
                html.push_str(&format!("<li>{}</li>", to_html(item)));
            }
            html.push_str("</ul>");
            list.clear();
        }
    };
    // At most one of the paragraph and the list is open: starting one flushes the other.
    for line in lines {
        let line = line.trim();
        if let Some(item) = line.strip_prefix("- ") {
            if list.is_empty() {
                flush(&mut html, &mut paragraph, &mut list);
            }
            list.push(item.trim());
        } else if line.is_empty() {
            flush(&mut html, &mut paragraph, &mut list);
        } else {
            if paragraph.is_empty() {
                flush(&mut html, &mut paragraph, &mut list);
            }
            paragraph.push(line);
        }
    }
    flush(&mut html, &mut paragraph, &mut list);
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Option<StarCard> {
        super::parse(text, &mut super::super::escape_text)
    }

    #[test]
    fn four_sections_in_order_make_a_card() {
        let card = parse("SITUATION:\n\"Data in 5 \nsystems.\"\n\nTASK:\nBuild.\nACTION:\nI did:\n- one\n- two\nThen.\n\nRESULT:\nDone.").unwrap();
        let html: Vec<(&str, &str)> = card
            .panels
            .iter()
            .map(|p| (p.key, p.html.as_str()))
            .collect();
        assert_eq!(
            html,
            [
                ("situation", "<p>\"Data in 5 systems.\"</p>"),
                ("task", "<p>Build.</p>"),
                (
                    "action",
                    "<p>I did:</p><ul><li>one</li><li>two</li></ul><p>Then.</p>"
                ),
                ("result", "<p>Done.</p>"),
            ]
        );
    }

    #[test]
    fn one_line_prompts_make_a_card() {
        let card = parse("S - SITUATION: Set the context\nT - TASK: What?\nA - ACTION: Did?\nR - RESULT: Outcome? (Quantify!)\n").unwrap();
        assert_eq!(card.panels[0].html, "<p>Set the context</p>");
        assert_eq!(card.panels[3].html, "<p>Outcome? (Quantify!)</p>");
        assert_eq!(card.panels[3].letter, "R");
    }

    #[test]
    fn anything_else_is_not_a_card() {
        assert_eq!(parse("Hello\nSITUATION: x"), None);
        assert_eq!(parse("TASK: x\nSITUATION: y\nACTION: z\nRESULT: w"), None);
        assert_eq!(parse("SITUATION: x\nTASK: y\nACTION: z"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn panel_text_is_escaped() {
        let card = parse("SITUATION: <script>\nTASK: a & b\nACTION: c\nRESULT: d").unwrap();
        assert_eq!(card.panels[0].html, "<p>&lt;script&gt;</p>");
        assert_eq!(card.panels[1].html, "<p>a &amp; b</p>");
    }
}
