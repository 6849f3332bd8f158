//! Prints the document a file reads as: each block with its line number, a grid's cells
//! between `|`. For looking at what a reader makes of a file.
//!
//! Usage: cargo run --example document_blocks -- FILE...

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        match nianbao::read::read(&bytes) {
            Err(e) => println!("{path}: {e}"),
            Ok(input) => {
                println!("{path}: {}", input.format);
                println!("     properties: {:?}", input.document.properties);
                for block in &input.document.blocks {
                    match block {
                        nianbao::document::Block::Line(l) => println!("{:4} {}", l.no, l.text),
                        nianbao::document::Block::Grid(g) => {
                            for r in &g.rows {
                                println!("{:4} |{}|", r.line, r.cells.join("|").replace('\n', "⏎"));
                            }
                        }
                    }
                }
            }
        }
    }
}
