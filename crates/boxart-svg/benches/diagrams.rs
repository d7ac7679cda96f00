//! Benchmark: each diagram of guidebook's shipped guide (`guide/` at the repository's
//! root), read and drawn as SVG, must take well under a millisecond. `cargo bench -p
//! boxart-svg --bench diagrams` prints the median and the 10th percentile per diagram,
//! and fails if any diagram's 10th percentile is 1 ms or more: on a shared machine the
//! median carries the neighbours' load, the fast runs carry the code's own cost.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use boxart_svg::Options;

const RUNS: usize = 400;
const LIMIT: Duration = Duration::from_millis(1);

fn main() {
    let guide = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../guide");
    let mut diagrams = Vec::new();
    collect(&guide, &guide, &mut diagrams);
    diagrams.sort();
    let mut slowest = Duration::ZERO;
    println!(
        "{:<44} {:>5} {:>12} {:>12}",
        "diagram", "rows", "median", "p10"
    );
    for (name, source) in &diagrams {
        let mut times: Vec<Duration> = (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                if let Ok(drawing) = boxart_svg::render(black_box(source), &Options::default()) {
                    black_box((
                        drawing.svg("d", &|_| None),
                        drawing.notes(),
                        drawing.labels(),
                    ));
                }
                start.elapsed()
            })
            .collect();
        times.sort();
        let (median, p10) = (times[RUNS / 2], times[RUNS / 10]);
        slowest = slowest.max(p10);
        println!(
            "{name:<44} {:>5} {:>9.1} µs {:>9.1} µs",
            source.lines().count(),
            median.as_secs_f64() * 1e6,
            p10.as_secs_f64() * 1e6
        );
    }
    assert!(
        !diagrams.is_empty(),
        "no diagrams found in {}",
        guide.display()
    );
    if slowest >= LIMIT {
        eprintln!("a diagram took {slowest:?}, over the {LIMIT:?} budget");
        std::process::exit(1);
    }
}

/// `diagram` fences and untagged box-drawing art in every markdown file under `dir`.
fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("the guide folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a readable page");
        let mut lines = text.lines();
        let mut n = 0;
        while let Some(line) = lines.next() {
            let Some(info) = line.strip_prefix("```") else {
                continue;
            };
            let body = lines
                .by_ref()
                .take_while(|l| !l.starts_with("```"))
                .collect::<Vec<_>>()
                .join("\n");
            if info == "diagram" || (info.is_empty() && boxart_svg::is_box_art(&body)) {
                n += 1;
                let rel = path.strip_prefix(root).unwrap_or(&path).display();
                out.push((format!("{rel} #{n}"), body));
            }
        }
    }
}
