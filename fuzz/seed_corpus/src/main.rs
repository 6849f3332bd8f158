//! Seed inputs for the fuzz targets in `fuzz/`: generated reports in every table layout,
//! as HTML pages, Word files and legacy encodings, the real seed reports and fixtures, and
//! the cells' printed numbers. A fuzzer starting from reports reaches the table readers in
//! seconds; from nothing it rarely finds a title.
//!
//!     cargo run --manifest-path fuzz/seed_corpus/Cargo.toml -- fuzz/corpus

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use nianbao_synth::{self as synth, Layout, Options, formats};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");

fn main() -> std::io::Result<()> {
    let Some(out) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: seed_corpus DIR");
        std::process::exit(2);
    };
    let target = |name: &str| -> std::io::Result<PathBuf> {
        let dir = out.join(name);
        fs::create_dir_all(&dir)?;
        Ok(dir)
    };
    let put = |dir: &Path, name: String, bytes: &[u8]| fs::write(dir.join(name), bytes);
    let (read, text, html, docx, docx_xml, layouts, numbers) = (
        target("read")?,
        target("text")?,
        target("html")?,
        target("docx")?,
        target("docx_xml")?,
        target("layouts")?,
        target("numbers")?,
    );
    let (pdf, doc) = (target("pdf")?, target("doc")?);

    let mut raws = std::collections::BTreeSet::new();
    for (i, layout) in Layout::ALL.into_iter().enumerate() {
        for k in 0..3u64 {
            let seed = i as u64 * 3 + k;
            let s = synth::generate(
                seed,
                &Options {
                    layout: Some(layout),
                    ..Options::default()
                },
            );
            let name = format!("{seed:03}_{layout}.txt");
            for dir in [&read, &text, &layouts] {
                put(dir, name.clone(), s.text.as_bytes())?;
            }
            raws.extend(
                s.report
                    .tables
                    .iter()
                    .flat_map(|t| t.cells.iter().map(|c| c.raw.clone())),
            );
            if k == 0 {
                let page = formats::html_page(&s, seed);
                put(&html, format!("{seed:03}.html"), &page)?;
                put(&read, format!("{seed:03}.html"), &page)?;
                let word = formats::docx(&s, seed);
                put(&docx, format!("{seed:03}.docx"), &word)?;
                put(&read, format!("{seed:03}.docx"), &word)?;
                let mut xml = Vec::new();
                zip::ZipArchive::new(std::io::Cursor::new(&word))
                    .and_then(|mut z| {
                        z.by_name("word/document.xml")?.read_to_end(&mut xml)?;
                        Ok(())
                    })
                    .map_err(std::io::Error::other)?;
                put(&docx_xml, format!("{seed:03}.xml"), &xml)?;
                put(&pdf, format!("{seed:03}.pdf"), &synth::pdf::text_pdf(&s.text))?;
            }
            if k == 1 {
                for encoding in [encoding_rs::GBK, encoding_rs::UTF_16LE, encoding_rs::BIG5] {
                    let bytes = formats::encoded_text(&s, encoding);
                    put(&text, format!("{seed:03}_{}.txt", encoding.name()), &bytes)?;
                }
            }
        }
    }
    for (i, raw) in raws.iter().enumerate() {
        put(&numbers, format!("{i:04}"), raw.as_bytes())?;
    }
    for sub in ["seeds", "layouts", "formats"] {
        for entry in fs::read_dir(Path::new(FIXTURES).join(sub))? {
            let path = entry?.path();
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let bytes = fs::read(&path)?;
            put(&read, format!("fixture_{name}"), &bytes)?;
            match path.extension().and_then(|e| e.to_str()) {
                Some("txt") => {
                    put(&text, format!("fixture_{name}"), &bytes)?;
                    put(&layouts, format!("fixture_{name}"), &bytes)?;
                }
                Some("html") => put(&html, format!("fixture_{name}"), &bytes)?,
                Some("pdf") => put(&pdf, format!("fixture_{name}"), &bytes)?,
                Some("doc") => put(&doc, format!("fixture_{name}"), &bytes)?,
                _ => {}
            }
        }
    }
    println!("seed corpus written to {}", out.display());
    Ok(())
}
