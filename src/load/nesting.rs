//! A guard in front of the YAML parser: a document nested deeper than any setting needs
//! is refused at once, at the line where it goes too deep. The parser's time grows with
//! the square of the depth (100,000 `[` took most of a minute), and a guide is untrusted.
//!
//! This is a scan, not a parser: it counts the `[` and `{` left open (outside quoted
//! scalars and comments) and the block collections above each line (by indentation and
//! `- ` on one line), skipping the text of `|` and `>` block scalars. It may miscount
//! YAML the parser would refuse anyway; it never refuses a document of a few levels.

/// Deeper than this, a document is refused.
pub(super) const MAX_DEPTH: usize = 64;

/// Where `yaml` first nests deeper than [`MAX_DEPTH`]: its line (0-based) and column
/// (1-based, in characters).
pub(super) fn too_deep(yaml: &str) -> Option<(usize, usize)> {
    let mut scan = Scan::default();
    for (i, line) in yaml.lines().enumerate() {
        if let Some(byte) = scan.line(line) {
            return Some((i, line[..byte].chars().count() + 1));
        }
    }
    None
}

#[derive(Default)]
struct Scan {
    /// The columns of the block nodes open above the current line, outermost first.
    block: Vec<usize>,
    /// How many `[` and `{` are open.
    flow: usize,
    /// The quote of the quoted scalar the scan is in.
    quote: Option<char>,
    /// In a block scalar: lines indented more than this (and blank lines) are its text.
    text_above: Option<usize>,
}

impl Scan {
    /// Scans one line; the byte where it goes too deep, if it does.
    fn line(&mut self, line: &str) -> Option<usize> {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = self.text_above {
            if line.trim().is_empty() || indent > parent {
                return None;
            }
            self.text_above = None;
        }
        let mut start = indent;
        let mut parent = indent;
        if self.flow == 0 && self.quote.is_none() {
            let rest = &line[indent..];
            if rest.is_empty() || rest.starts_with('#') {
                return None;
            }
            self.block.retain(|&col| col < indent);
            self.block.push(indent);
            // `- - a` and `? key` open a node per indicator, on one line.
            while let Some(after) = indicator(&line[start..]) {
                parent = start;
                start += after;
                self.block.push(start);
                if self.block.len() > MAX_DEPTH {
                    return Some(start);
                }
            }
            if self.block.len() > MAX_DEPTH {
                return Some(indent);
            }
        }
        let (deep, end, key) = self.inline(line, start);
        if deep.is_some() {
            return deep;
        }
        if self.flow == 0 && self.quote.is_none() && opens_block_scalar(&line[start..end]) {
            self.text_above = Some(if key { start } else { parent });
        }
        None
    }

    /// Scans a line's text from `start`: where it goes too deep, where its comment
    /// starts (or its end), and whether it holds a `key: ` outside brackets.
    fn inline(&mut self, line: &str, start: usize) -> (Option<usize>, usize, bool) {
        let mut chars = line[start..].char_indices().peekable();
        let mut prev: Option<char> = None;
        let mut escaped = false;
        let mut key = false;
        // In a plain scalar (block context), `[`, `{` and quotes are its text.
        let mut plain = false;
        while let Some((at, c)) = chars.next() {
            let at = start + at;
            match self.quote {
                Some('"') if escaped => escaped = false,
                Some('"') if c == '\\' => escaped = true,
                Some('\'') if c == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') => {
                    chars.next();
                }
                Some(q) if c == q => self.quote = None,
                Some(_) => {}
                None => {
                    let token_start = if self.flow > 0 {
                        prev.is_none_or(|p| p.is_whitespace() || "[{,:".contains(p))
                    } else {
                        prev.is_none_or(char::is_whitespace) && !plain
                    };
                    match c {
                        '#' if prev.is_none_or(char::is_whitespace) => return (None, at, key),
                        '\'' | '"' if token_start => self.quote = Some(c),
                        '[' | '{' if token_start || self.flow > 0 => {
                            self.flow += 1;
                            if self.block.len() + self.flow > MAX_DEPTH {
                                return (Some(at), at, key);
                            }
                        }
                        ']' | '}' if self.flow > 0 => self.flow -= 1,
                        ':' if self.flow == 0
                            && chars.peek().is_none_or(|&(_, n)| n.is_whitespace()) =>
                        {
                            key = true;
                            plain = false;
                        }
                        '&' | '!' | '*' => {}
                        _ if token_start && self.flow == 0 && !c.is_whitespace() => plain = true,
                        _ => {}
                    }
                }
            }
            prev = Some(c);
        }
        (None, line.len(), key)
    }
}

/// After a block indicator (`- `, `? `, `: `) at the start of `text`, how far its node's
/// text starts.
fn indicator(text: &str) -> Option<usize> {
    let rest = text.strip_prefix(['-', '?', ':'])?;
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    (spaces < rest.len()).then_some(1 + spaces)
}

/// Whether a line (without its comment) ends by opening a block scalar: `key: |`,
/// `- >-`, `text: !tag |2`.
fn opens_block_scalar(line: &str) -> bool {
    let Some(last) = line.split_whitespace().last() else {
        return false;
    };
    last.starts_with(['|', '>'])
        && last[1..]
            .chars()
            .all(|c| matches!(c, '+' | '-' | '1'..='9'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(open: &str, depth: usize) -> String {
        open.repeat(depth)
    }

    #[test]
    fn ordinary_documents_pass() {
        for yaml in [
            "title: A\nrelated: [a.md, b.md]\ntimer:\n  - { step: x, minutes: 5 }\n",
            "- id: kafka\n  name: Kafka\n  aliases: [a, b]\n  description: |\n    text\n",
            "",
            "# only a comment\n",
        ] {
            assert_eq!(too_deep(yaml), None, "{yaml}");
        }
        let at_the_limit = format!("title: {}{}\n", nested("[", 63), nested("]", 63));
        assert_eq!(too_deep(&at_the_limit), None);
    }

    #[test]
    fn flow_nesting_is_refused_where_it_goes_too_deep() {
        let yaml = format!("title: A\nrelated: {}\n", nested("[", 100_000));
        assert_eq!(too_deep(&yaml), Some((1, 10 + 63)));
        let yaml = format!("a:\n  b: {}\n", nested("{x: ", 70));
        assert_eq!(too_deep(&yaml).map(|(line, _)| line), Some(1));
    }

    #[test]
    fn block_nesting_is_refused_too() {
        let dashes = format!("{}a\n", nested("- ", 100));
        assert_eq!(too_deep(&dashes), Some((0, 2 * 64 + 1)));
        let stairs: String = (0..100).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        assert_eq!(too_deep(&stairs), Some((64, 65)));
        let mixed = format!("{}{}\n", nested("- ", 40), nested("[", 40));
        assert!(too_deep(&mixed).is_some());
    }

    #[test]
    fn brackets_in_quotes_comments_and_block_text_do_not_count() {
        let many = nested("[", 100);
        for yaml in [
            format!("title: \"{many}\"\n"),
            format!("title: '{many} it''s {many}'\n"),
            format!("title: \"a \\\" {many}\"\n"),
            format!("title: A # {many}\n"),
            format!("# {many}\ntitle: A\n"),
            format!("summary: |\n  {many}\n\n  {many}\ntitle: A\n"),
            format!("- key: >-\n    {many}\n"),
            format!("title: it's {many}\n"),
            format!("title: \"two\n  lines {many}\"\n"),
        ] {
            assert_eq!(too_deep(&yaml), None, "{yaml}");
        }
        let after_quote = format!("title: 'x'\nrelated: {many}\n");
        assert_eq!(too_deep(&after_quote).map(|(line, _)| line), Some(1));
        let after_text = format!("summary: |\n  text\nrelated: {many}\n");
        assert_eq!(too_deep(&after_text).map(|(line, _)| line), Some(2));
    }
}
