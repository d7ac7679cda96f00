//! The command line: clap's parsing, then "parse, then lift" into validated configs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use guidebook::{BaseUrl, BuildConfig, Paper, PdfOptions, Result, ServeConfig};

#[derive(Debug, Parser)]
#[command(
    name = "guidebook",
    version,
    about = "Builds an interview-preparation guide (markdown) into a static website.",
    long_about = None,
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the guide into a static site (default: guide/ into public/).
    Build(BuildArgs),
    /// Check the guide without writing anything: front matter, links and anchors,
    /// templates; warns about concepts never mentioned and pages nothing links to.
    Check(CheckArgs),
    /// Build the site and print every handout to handouts/<topic>.pdf with Chromium.
    Pdf(PdfArgs),
    /// Serve the site on a local address, rebuilt and reloaded in the browser on every
    /// save; a failed build shows its problems over the page. Nothing is written to disk.
    Serve(ServeArgs),
    /// Write a new guide into DIR (default: guide), to build and serve at once: settings,
    /// a home page, a part with two questions (a diagram, STAR answers, a related link),
    /// two concepts and a README. DIR must be empty or not exist.
    Init(InitArgs),
    /// Write the built-in theme into DIR/templates and DIR/static (default: the current
    /// folder, beside guide/), to edit: files there override the built-in ones, file by
    /// file. Nothing is overwritten; to change a colour, static/custom.css is enough.
    Theme(ThemeArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ThemeArgs {
    /// The folder to write templates/ and static/ into: the one that holds the guide.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The folder to write the new guide into.
    #[arg(value_name = "DIR", default_value = "guide")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The guide folder: markdown pages, guide.yaml, concepts.yaml.
    #[arg(long, value_name = "DIR", default_value = "guide")]
    pub guide: PathBuf,
    /// The address to listen on. Another than 127.0.0.1 shows the site to your network.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// The port to listen on; 0 picks a free one (the address is printed).
    #[arg(long, value_name = "N", default_value_t = 1111)]
    pub port: u16,
    /// Open the site in your browser once it is served.
    #[arg(long)]
    pub open: bool,
}

impl ServeArgs {
    pub(crate) fn into_config(self) -> ServeConfig {
        ServeConfig {
            guide_dir: self.guide,
            bind: self.bind,
            port: self.port,
            open: self.open,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct PdfArgs {
    #[command(flatten)]
    pub build: BuildArgs,
    /// The Chromium (or Chrome) to print with; default: chromium, chromium-browser or
    /// google-chrome on PATH.
    #[arg(long, value_name = "PATH")]
    pub chromium: Option<PathBuf>,
    /// The paper size of the PDFs.
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    pub paper: PaperArg,
    /// How long one handout may take to print, in seconds; past it Chromium is stopped
    /// and nothing is written (a script that never ends would otherwise hang the build).
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    #[arg(value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub timeout: u64,
}

impl PdfArgs {
    /// How to print, from the flags.
    pub(crate) fn options(&self) -> PdfOptions {
        PdfOptions {
            paper: self.paper.into(),
            timeout: std::time::Duration::from_secs(self.timeout),
        }
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum PaperArg {
    A4,
    Letter,
}

impl From<PaperArg> for Paper {
    fn from(paper: PaperArg) -> Self {
        match paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The guide folder: markdown pages, guide.yaml, concepts.yaml.
    #[arg(long, value_name = "DIR", default_value = "guide")]
    pub guide: PathBuf,
    /// Treat warnings as errors (exit 1).
    #[arg(long)]
    pub strict: bool,
}

impl CheckArgs {
    pub(crate) fn into_config(self) -> (BuildConfig, bool) {
        let config = BuildConfig {
            guide_dir: self.guide,
            out_dir: PathBuf::new(),
            base_url: None,
        };
        (config, self.strict)
    }
}

#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// The guide folder: markdown pages, guide.yaml.
    #[arg(long, value_name = "DIR", default_value = "guide")]
    pub guide: PathBuf,
    /// Where to write the site. Replaced on every build; only a folder guidebook made
    /// (or an empty one) is accepted.
    #[arg(long, value_name = "DIR", default_value = "public")]
    pub out: PathBuf,
    /// The address the site is served from, e.g. https://user.github.io/repo/.
    /// Enables sitemap.xml and canonical links; overrides base_url in guide.yaml.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Print how long each step of the build took (to standard error).
    #[arg(long)]
    pub timings: bool,
}

impl BuildArgs {
    pub(crate) fn into_config(self) -> Result<BuildConfig> {
        Ok(BuildConfig {
            guide_dir: self.guide,
            out_dir: self.out,
            base_url: self.base_url.as_deref().map(BaseUrl::parse).transpose()?,
        })
    }
}
