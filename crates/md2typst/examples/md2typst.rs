//! Convert Markdown on standard input to Typst on standard output (for manual checks).
//! Every image source is used as its own path. With `--map`, each line is prefixed
//! with the Markdown line it came from.

use std::io::Read;

fn main() {
    let mut md = String::new();
    std::io::stdin()
        .read_to_string(&mut md)
        .expect("read standard input");
    let resolve = |src: &str| Some(src.to_string());
    let opts = showcase_md2typst::Options {
        heading_offset: 0,
        resolve_image: &resolve,
    };
    let out = match showcase_md2typst::convert(&md, &opts) {
        Ok(out) => out,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    if std::env::args().any(|a| a == "--map") {
        for (line, src) in out.typst.lines().zip(&out.line_map) {
            println!("{src:>4} | {line}");
        }
    } else {
        print!("{}", out.typst);
    }
}
