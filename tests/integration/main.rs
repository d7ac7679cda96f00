//! guidebook's integration tests, one module per feature. Each builds a guide the way a
//! user would (the library's `build`, or the real binary for the CLI) and checks the site.

// A test that cannot read its own fixture should fail on the spot, loudly.
#![allow(clippy::unwrap_used)]

mod bad_input;
mod cli;
mod connections;
mod diagram_corpus;
mod diagram_tabs;
mod diagram_warnings;
mod diagrams;
mod guide_content;
mod handouts;
mod init;
mod output_manifest;
mod output_repair;
mod pages;
mod pdf_safety;
mod scale;
mod search;
mod security;
mod serve;
mod site;
mod support;
mod theme;
