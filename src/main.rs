//! The `guidebook` binary: parse the command line, run the library, report.
//! Exit codes: 0 success, 1 problems in the guide, 2 usage or environment.

use std::process::ExitCode;

mod cli;

use clap::Parser;
use cli::{Cli, Command};
use guidebook::report::{self, Severity};
use guidebook::{Diagnostic, Error};

// Building a large guide makes millions of small, short-lived strings on every core;
// mimalloc's thread-local heaps take a quarter off the time of the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let writes = matches!(cli.command, Command::Build(_) | Command::Pdf(_));
    let result = match cli.command {
        Command::Build(args) => {
            let timings = args.timings;
            args.into_config()
                .and_then(|c| guidebook::build(&c))
                .map(|summary| print_summary(&summary, timings))
        }
        Command::Pdf(args) => {
            let (chromium, options) = (args.chromium.clone(), args.options());
            let timings = args.build.timings;
            args.build
                .into_config()
                .and_then(|c| guidebook::pdf(&c, chromium.as_deref(), options))
                .map(|summary| print_summary(&summary, timings))
        }
        Command::Serve(args) => guidebook::serve(&args.into_config()),
        Command::Init(args) => guidebook::init(&args.dir).map(|files| {
            let dir = args.dir.display();
            println!("guidebook: wrote a new guide of {files} files into {dir}");
            println!("serve it with `guidebook serve --guide {dir}`, then edit its pages");
        }),
        Command::Theme(args) => guidebook::export_theme(&args.dir).map(|files| {
            let dir = args.dir.display();
            println!(
                "guidebook: wrote the theme's {files} files into {dir}/templates and {dir}/static"
            );
            println!(
                "they override the built-in theme: edit them, or delete those you keep as they are"
            );
        }),
        Command::Check(args) => {
            let (config, strict) = args.into_config();
            guidebook::check(&config, strict).map(|report| {
                print_warnings(&report.warnings, "errors under --strict");
                let pages = report::count(report.pages, "page");
                println!("guidebook: checked {pages}: no errors");
            })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            report(&err, writes);
            ExitCode::from(err.exit_code() as u8)
        }
    }
}

fn print_summary(summary: &guidebook::BuildSummary, timings: bool) {
    print_warnings(&summary.warnings, "errors under `guidebook check --strict`");
    if timings {
        eprint!("{}", summary.timings);
    }
    println!("guidebook: {summary}");
}

fn print_warnings(warnings: &[Diagnostic], note: &str) {
    if !warnings.is_empty() {
        eprint!("{}", report::render(warnings, Severity::Warning));
        let warnings = report::count(warnings.len(), "warning");
        eprintln!("{warnings} ({note})");
    }
}

/// The error in full; `writes` says whether the command would have written the site.
fn report(err: &Error, writes: bool) {
    eprint!("{}", report::error(err));
    if writes && err.exit_code() == 1 {
        eprintln!("nothing was written; the previous site is as it was");
    }
}
