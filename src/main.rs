//! The `guidebook` binary: parse the command line, run the library, report.
//! Exit codes: 0 success, 1 problems in the guide, 2 usage or environment.

use std::process::ExitCode;

use clap::Parser;
use guidebook::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => args.into_config().and_then(|c| guidebook::build(&c)),
    };
    match result {
        Ok(summary) => {
            println!("guidebook: {summary}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            let mut cause = std::error::Error::source(&err);
            while let Some(c) = cause {
                eprintln!("  caused by: {c}");
                cause = c.source();
            }
            if err.exit_code() == 1 {
                eprintln!("error: the build failed; the previous site, if any, was left as it was");
            }
            ExitCode::from(err.exit_code() as u8)
        }
    }
}
