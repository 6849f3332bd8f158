//! Writes the Word sources of the office-suite fixtures: for each seed named, the generated
//! report as `office_seedN.docx`, its tables ruled as agencies print them (or, for a seed
//! marked `:plain`, as `office_seedN_plain.docx` with no rules at all), and its truth as
//! `office_seedN.cells.csv` (table, row key, column key, value, printed text): the cells a
//! reader of real tables recovers.
//! `scripts/office-fixtures.sh` runs it, then has an office suite print each .docx to
//! PDF and save it as Word 97 .doc.
//!
//! Usage: cargo run --example office_sources -- OUT_DIR SEED[:plain]...

use std::fmt::Write as _;
use std::io::{Read, Write};

use nianbao_synth::{Options, formats, generate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().ok_or("usage: OUT_DIR SEED[:plain]...")?);
    std::fs::create_dir_all(&out)?;
    for arg in args {
        let (seed, ruled) = match arg.strip_suffix(":plain") {
            Some(seed) => (seed.parse::<u64>()?, false),
            None => (arg.parse::<u64>()?, true),
        };
        let s = generate(seed, &Options::default());
        let mut docx = formats::docx(&s, seed);
        if ruled {
            docx = with_ruled_tables(&docx)?;
        }
        let name = if ruled {
            format!("office_seed{seed}")
        } else {
            format!("office_seed{seed}_plain")
        };
        std::fs::write(out.join(format!("{name}.docx")), docx)?;
        let truth = formats::grid_truth(&s);
        let mut csv = String::from("table_no,row_key,col_key,value,raw\n");
        for t in &truth.tables {
            for c in &t.cells {
                let value = c.value.map(|v| v.to_string()).unwrap_or_default();
                let _ = writeln!(
                    csv,
                    "{},{},{},{value},{}",
                    t.no, c.row_key, c.col_key, c.raw
                );
            }
        }
        std::fs::write(out.join(format!("office_seed{seed}.cells.csv")), csv)?;
        println!(
            "seed {seed}: {} {}, {} tables",
            truth.agency,
            truth.year,
            truth.tables.len()
        );
    }
    Ok(())
}

/// The .docx with every table given single-line borders inside and out.
fn with_ruled_tables(docx: &[u8]) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    const BORDERS: &str = r#"<w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders>"#;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx))?;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.to_string();
        let mut data = String::new();
        entry.read_to_string(&mut data)?;
        if name == "word/document.xml" {
            data = data.replace("</w:tblPr>", &format!("{BORDERS}</w:tblPr>"));
            data = data.replace(
                "<w:tbl><w:tr>",
                &format!("<w:tbl><w:tblPr>{BORDERS}</w:tblPr><w:tr>"),
            );
        }
        writer.start_file(name, zip::write::SimpleFileOptions::default())?;
        writer.write_all(data.as_bytes())?;
    }
    Ok(writer.finish()?.into_inner())
}
