//! Compiles the theme's snippet partials (see `markdown::snippets`): each is rendered
//! once per build for each of its variants (a heading's level, a task's tick) with
//! markers in place of its values, and kept as a pattern. Rendering a template for every
//! heading of a 10,000-page guide would cost a tenth of the build.

use tera::Context;

use super::Renderer;
use crate::error::{Error, Result, SourceLoc};
use crate::markdown::snippets::{Halves, Pattern, Snippets, marker};

/// The partials, and the values each is given (`content` is HTML, the rest text).
pub(crate) const PARTIALS: &[(&str, &[&str])] = &[
    (HEADING, &["level", "id", "classes", "content"]),
    (CODE, &["language", "tab_size", "code"]),
    (TASK, &["checked", "task", "content"]),
    (MARK, &["kind", "content"]),
    (CONCEPT, &["href", "text", "name"]),
];
const HEADING: &str = "partials/heading.html";
const CODE: &str = "partials/code.html";
const TASK: &str = "partials/task-item.html";
const MARK: &str = "partials/mark-item.html";
const CONCEPT: &str = "partials/concept-link.html";

/// Compiles the theme's snippet partials.
pub(super) fn compile(renderer: &Renderer) -> Result<Snippets> {
    use Setting::{Absent, Bool, Level, Marker, Word};
    let compiler = Compiler { renderer };
    let some = |set: bool| if set { Marker } else { Absent };
    let headings = (1..=6)
        .map(|level| {
            let heading = |classes| [Level(level), Marker, some(classes), Marker];
            Ok([
                compiler.halves(HEADING, &heading(false), 3)?,
                compiler.halves(HEADING, &heading(true), 3)?,
            ])
        })
        .collect::<Result<_>>()?;
    let code = |lang, tab| compiler.pattern(CODE, &[some(lang), some(tab), Marker]);
    Ok(Snippets {
        headings,
        code: [
            [code(false, false)?, code(false, true)?],
            [code(true, false)?, code(true, true)?],
        ],
        tasks: [
            compiler.halves(TASK, &[Bool(false), Marker, Marker], 2)?,
            compiler.halves(TASK, &[Bool(true), Marker, Marker], 2)?,
        ],
        marks: [
            compiler.halves(MARK, &[Word("do"), Marker], 1)?,
            compiler.halves(MARK, &[Word("dont"), Marker], 1)?,
        ],
        concept: compiler.pattern(CONCEPT, &[Marker, Marker, Marker])?,
    })
}

/// Renders partials with markers for their values.
struct Compiler<'a> {
    renderer: &'a Renderer,
}

/// What a partial is given for one of its values when it is compiled.
#[derive(Debug, Clone, Copy)]
enum Setting {
    /// A marker, where uses put their value.
    Marker,
    /// Not set (a heading without classes): a variant of its own.
    Absent,
    Bool(bool),
    Level(u8),
    Word(&'static str),
}

impl Compiler<'_> {
    /// `name` rendered with a marker for each value set as [`Setting::Marker`].
    fn pattern(&self, name: &str, settings: &[Setting]) -> Result<Pattern> {
        let values = PARTIALS
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(&[][..], |(_, v)| *v);
        let mut context = Context::new();
        for (i, (value, setting)) in values.iter().zip(settings).enumerate() {
            match *setting {
                Setting::Marker => context.insert(*value, &marker(i)),
                Setting::Absent => context.insert(*value, &None::<String>),
                Setting::Bool(b) => context.insert(*value, &b),
                Setting::Level(n) => context.insert(*value, &n),
                Setting::Word(w) => context.insert(*value, w),
            }
        }
        let file = self.renderer.file_of(name);
        let rendered = (self.renderer.tera.render(name, &context))
            .map_err(|e| self.renderer.failed(e, name, "could not render"))?;
        // Whether its file ends with a line break or not, a partial is what it shows.
        let rendered = rendered.strip_suffix('\n').unwrap_or(&rendered);
        Pattern::parse(rendered).ok_or_else(|| {
            Error::template(
                SourceLoc::file(file),
                format!(
                    "it changes one of its values ({}) with a filter: this partial is \
                     written once and filled in for every use, so show each value as it is",
                    values.join(", ")
                ),
            )
        })
    }

    /// [`Compiler::pattern`] in halves around its content, the value at `content`.
    fn halves(&self, name: &str, settings: &[Setting], content: usize) -> Result<Halves> {
        let file = self.renderer.file_of(name);
        self.pattern(name, settings)?.split(content).ok_or_else(|| {
            Error::template(
                SourceLoc::file(file),
                "it must show {{ content | safe }} once, outside any {% if %} or {% for %}",
            )
        })
    }
}
