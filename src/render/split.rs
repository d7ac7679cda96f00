//! Templates written in pieces: `handout.html` holds every page of a part, or of the
//! whole guide, and is written a section at a time around `{{ sections | safe }}`; a
//! page's section (`partials/handout-section.html`) is framed once for all the handouts
//! that hold it. Each template is split there when the theme is compiled, into a head
//! and a tail rendered like any template, so nothing has to be found again in its output.

/// The templates written in pieces, and the value written between the two. A page's
/// section goes into several handouts, each with its own links: its frame is rendered
/// once and the page's content set in it for each.
pub(super) const SPLIT: &[(&str, &str)] = &[
    ("handout.html", "sections"),
    ("partials/handout-section.html", "section.content"),
];

/// The names the two halves of `template` are compiled under. They end as it does, so
/// Tera escapes them as it escapes it.
pub(super) fn halves(template: &str) -> (String, String) {
    let ext = template.rsplit_once('.').map_or("", |(_, ext)| ext);
    (
        format!("{template}#head.{ext}"),
        format!("{template}#tail.{ext}"),
    )
}

/// `source` cut where it shows `{{ value | safe }}` (once), into what comes before and
/// after. Whitespace control (`{{-`, `-}}`) trims the half it points at. The tail keeps
/// its line numbers for error messages: the lines before it become a Tera comment.
pub(super) fn split(source: &str, value: &str) -> Option<(String, String)> {
    let wanted = format!("{value}|safe");
    let mut found = None;
    let mut from = 0;
    while let Some(open) = source[from..].find("{{").map(|at| from + at) {
        let close = open + source[open..].find("}}")? + 2;
        let inner = &source[open + 2..close - 2];
        let bare: String = inner
            .trim_matches('-')
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if bare == wanted {
            if found.is_some() {
                return None;
            }
            found = Some((open, close, inner.starts_with('-'), inner.ends_with('-')));
        }
        from = close;
    }
    let (open, close, trim_head, trim_tail) = found?;
    let head = &source[..open];
    let head = if trim_head { head.trim_end() } else { head };
    let tail = &source[close..];
    let tail = if trim_tail { tail.trim_start() } else { tail };
    let lines = source[..close].matches('\n').count();
    let padding = if lines == 0 {
        String::new()
    } else {
        format!("{{#{}#}}", "\n".repeat(lines))
    };
    Some((head.to_string(), padding + tail))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_splits_where_its_sections_go() {
        let source = "<main>\n  {{ title }}\n{{  sections |safe }}\n</main>{{ x }}\n";
        let (head, tail) = split(source, "sections").unwrap();
        assert_eq!(head, "<main>\n  {{ title }}\n");
        assert_eq!(tail, "{#\n\n#}\n</main>{{ x }}\n");
    }

    #[test]
    fn whitespace_control_trims_the_half_it_points_at() {
        let (head, tail) = split("<a>  \n{{- sections | safe -}}\n  </a>", "sections").unwrap();
        assert_eq!((head.as_str(), tail.as_str()), ("<a>", "{#\n#}</a>"));
    }

    #[test]
    fn sections_shown_twice_or_never_cannot_be_split() {
        assert_eq!(
            split("{{ sections | safe }}{{ sections|safe }}", "sections"),
            None
        );
        assert_eq!(split("{{ sections }}", "sections"), None);
        assert_eq!(split("{{ sections | safe ", "sections"), None);
    }
}
