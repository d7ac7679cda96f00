//! Any page: loading it into a guide and running every markdown pass (analysis, and
//! rendering through the embedded theme for the site and for two handouts) never panics.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use guidebook::internals::{
    GuideSource, PageHref, PageInput, Print, Renderer, Settle, SourcePath, analyze, build_model,
    load_theme, parse, parse_page, render,
};
use libfuzzer_sys::fuzz_target;

static RENDERER: OnceLock<Renderer> = OnceLock::new();

fuzz_target!(|text: &str| {
    let renderer = RENDERER.get_or_init(|| {
        let theme = load_theme(Path::new("/nonexistent"), &[]).expect("the embedded theme");
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
        reserved_ids: renderer.reserved_ids(),
        search: true,
    };
    let _ = analyze(&input, &site);
    let parsed = parse(&input);
    let _ = render(&input, Some(&parsed), &site, renderer);
    let held = |_: usize, fragment: Option<&str>| PageHref {
        href: format!("#home--{}", fragment.unwrap_or("")),
        title: None,
    };
    let online = |_: usize, _: Option<&str>| PageHref {
        href: "../../".to_string(),
        title: Some("https://example.com/".to_string()),
    };
    let handouts: [&Settle; 2] = [&held, &online];
    let print = Print {
        section: "home",
        url: &page.url,
        base_url: Some("https://example.com/"),
        demote: true,
        handouts: &handouts,
    };
    let input = PageInput {
        print: Some(&print),
        ..input
    };
    let _ = render(&input, Some(&parsed), &site, renderer);
});
