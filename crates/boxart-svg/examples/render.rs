//! Reads a diagram from standard input, writes its SVG to standard output and what was
//! repaired to standard error: `cargo run --example render < diagram.txt > out.svg`.
//! Lines before a `---` line are skipped, so a test fixture with a header renders as is.

use std::io::Read;

fn main() {
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("cannot read standard input: {e}");
        std::process::exit(2);
    }
    let art = text.split_once("\n---\n").map_or(&text[..], |(_, art)| art);
    match boxart_svg::render(art.trim_end_matches('\n'), &Default::default()) {
        Ok(drawing) => {
            for note in drawing.notes() {
                let place = |row: usize, column: usize| (row + 1, column + 1);
                eprintln!(
                    "{}:{}: {}",
                    note.row + 1,
                    note.column + 1,
                    note.message(&place)
                );
            }
            println!("{}", drawing.svg("diagram", &|_| None));
        }
        Err(e) => {
            eprintln!("shown as text: {e}");
            std::process::exit(1);
        }
    }
}
