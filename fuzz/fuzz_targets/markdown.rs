//! Any page: loading it into a guide and running every markdown pass (analysis and
//! rendering through the embedded theme) never panics.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use guidebook::internals::{
    GuideSource, PageInput, Renderer, SourcePath, analyze, build_model, load_theme, parse_page,
    render,
};
use libfuzzer_sys::fuzz_target;

static RENDERER: OnceLock<Renderer> = OnceLock::new();

fuzz_target!(|text: &str| {
    let renderer = RENDERER.get_or_init(|| {
        let theme = load_theme(Path::new("/nonexistent")).expect("the embedded theme");
        Renderer::new(&theme).expect("the embedded theme compiles")
    });
    // A page with problems in its front matter is still checked, as a build checks it.
    let (page, problems) = parse_page(
        SourcePath::new("index.md"),
        "guide/index.md".into(),
        text.to_string(),
    );
    let source = GuideSource {
        config: Default::default(),
        concepts: Default::default(),
        pages: vec![page],
        assets: Vec::new(),
        warnings: Vec::new(),
        problems,
    };
    let Ok(site) = build_model(source, Path::new("guide")) else {
        return;
    };
    let page = site.home();
    let input = PageInput {
        source: &page.source,
        url: &page.url,
        file: &page.file,
        text: &page.text,
        body_start: page.body.start,
        print: None,
        diagrams: &Default::default(),
    };
    let _ = analyze(&input, &site);
    let _ = render(&input, &site, renderer);
});
