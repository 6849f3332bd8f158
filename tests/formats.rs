//! Reports as sites publish them: generated reports rendered as HTML pages inside site
//! chrome, as Word .docx files, as PDFs, and as text in GBK, GB18030 and UTF-16, each read
//! back through the real reader and compared with the generator's truth cell by cell,
//! section by section, issue by issue; and one hand-made page shaped like a real site's.

use nianbao::ingest::parse_input;
use nianbao::model::{Report, TableStatus};
use nianbao::read::Format;
use nianbao::synth::{Layout, Options, Synth, formats, generate};

/// Every field a reader of this format must recover, with lines left out.
fn assert_report(got: &Report, want: &Report, what: &str) {
    assert_eq!(got.agency, want.agency, "{what}: agency");
    assert_eq!(got.year, want.year, "{what}: year");
    assert_eq!(got.title, want.title, "{what}: title");
    assert_eq!(got.template, want.template, "{what}: template");
    assert_eq!(got.published_on, want.published_on, "{what}: published_on");
    assert_eq!(got.contact, want.contact, "{what}: contact");
    assert_eq!(got.tables.len(), 3, "{what}");
    for (g, w) in got.tables.iter().zip(&want.tables) {
        assert_eq!(g.status, w.status, "{what}: table {} status", w.no);
        assert_eq!(g.images, w.images, "{what}: table {} images", w.no);
        let cells = |t: &nianbao::model::Table| {
            t.cells
                .iter()
                .map(|c| (c.row_key, c.col_key, c.value, c.raw.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(cells(g), cells(w), "{what}: table {} cells", w.no);
    }
    let sections = |r: &Report| {
        r.sections
            .iter()
            .map(|s| (s.key, s.heading.clone(), s.body.clone()))
            .collect::<Vec<_>>()
    };
    let (g, w) = (sections(got), sections(want));
    assert_eq!(g.len(), w.len(), "{what}: sections {g:#?}");
    for (g, w) in g.iter().zip(&w) {
        assert_eq!(g, w, "{what}: section");
    }
    assert_eq!(got.issues_listed, want.issues_listed, "{what}: issues");
    assert_eq!(got.warnings, vec![], "{what}: warnings");
}

/// Reports of every kind: some with a table printed as a picture or left out.
fn report(seed: u64) -> Synth {
    let break_rules = if seed % 7 == 3 {
        vec!["s.tables"]
    } else {
        vec![]
    };
    generate(
        seed,
        &Options {
            break_rules,
            ..Options::default()
        },
    )
}

fn has_nonzero_numbers(r: &Report) -> bool {
    r.tables
        .iter()
        .flat_map(|t| &t.cells)
        .filter(|c| c.value.is_some_and(|v| v > 0.0))
        .count()
        > 10
}

#[test]
fn html_pages_inside_site_chrome() {
    let (mut pictures, mut nonzero) = (0, 0);
    for seed in 0..200 {
        let s = report(seed);
        let page = formats::html_page(&s, seed);
        let parsed = parse_input(&page).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(parsed.format, Format::Html);
        let want = formats::grid_truth(&s);
        nonzero += usize::from(has_nonzero_numbers(&want));
        pictures += want
            .tables
            .iter()
            .filter(|t| t.status == TableStatus::Image)
            .count();
        assert_report(&parsed.report, &want, &format!("seed {seed} html"));
    }
    assert!(pictures > 5, "{pictures}");
    assert!(nonzero > 120, "{nonzero}");
}

#[test]
fn word_docx_files() {
    for seed in 0..200 {
        let s = report(seed);
        let docx = formats::docx(&s, seed);
        let parsed = parse_input(&docx).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(parsed.format, Format::Docx);
        assert_report(
            &parsed.report,
            &formats::grid_truth(&s),
            &format!("seed {seed} docx"),
        );
    }
}

#[test]
fn text_in_gbk_gb18030_and_utf16_reads_as_its_utf8() {
    let encodings = [
        encoding_rs::GBK,
        encoding_rs::GB18030,
        encoding_rs::UTF_16LE,
        encoding_rs::UTF_16BE,
    ];
    for seed in 0..200 {
        // Pipe tables: the text layout whose reading is exact for every seed, so the truth
        // applies whole; the decoded text is compared whole for any layout.
        let layout = (seed % 2 == 0).then_some(Layout::Pipe);
        let s = generate(
            seed,
            &Options {
                layout,
                ..Options::default()
            },
        );
        let encoding = encodings[(seed / 2) as usize % encodings.len()];
        let bytes = formats::encoded_text(&s, encoding);
        assert!(std::str::from_utf8(&bytes).is_err(), "seed {seed}");
        let input = nianbao::read::read(&bytes).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(input.format, Format::Text);
        assert_eq!(
            input.document,
            nianbao::document::Document::from_text(&s.text),
            "seed {seed} {}",
            encoding.name()
        );
        let parsed = parse_input(&bytes).unwrap();
        assert_eq!(
            parsed.report,
            parse_input(s.text.as_bytes()).unwrap().report,
            "seed {seed}"
        );
        if layout.is_none() {
            continue;
        }
        // Text keeps a line's leading spaces; the generator's section bodies are trimmed.
        assert_report(
            &trim_bodies(&parsed.report),
            &trim_bodies(&s.report),
            &format!("seed {seed} {}", encoding.name()),
        );
    }
}

fn trim_bodies(r: &Report) -> Report {
    let mut r = r.clone();
    for s in &mut r.sections {
        s.body = s.body.lines().map(str::trim).collect::<Vec<_>>().join("\n");
    }
    r
}

/// Whitespace as a layout-keeping extractor may change it: each line trimmed, runs of
/// spaces one, blank lines gone.
fn squeeze_bodies(r: &Report) -> Report {
    let mut r = r.clone();
    for s in &mut r.sections {
        s.body = s
            .body
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
    }
    r
}

fn pdftotext_installed() -> bool {
    let installed = nianbao::read::pdf::PDFTOTEXT.is_installed();
    assert!(
        installed,
        "these tests read PDFs through pdftotext: {}",
        nianbao::read::pdf::PDFTOTEXT.install
    );
    installed
}

#[test]
fn pdfs_with_a_text_layer() {
    assert!(pdftotext_installed());
    let mut nonzero = 0;
    for seed in 0..60 {
        let s = generate(
            seed,
            &Options {
                layout: Some(Layout::Pipe),
                ..Options::default()
            },
        );
        let pdf = nianbao::synth::pdf::text_pdf(&s.text);
        let parsed = parse_input(&pdf).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(parsed.format, Format::Pdf);
        nonzero += usize::from(has_nonzero_numbers(&s.report));
        assert_report(
            &squeeze_bodies(&parsed.report),
            &squeeze_bodies(&s.report),
            &format!("seed {seed} pdf"),
        );
    }
    assert!(nonzero > 30, "{nonzero}");
}

#[test]
fn a_scanned_pdf_needs_ocr() {
    assert!(pdftotext_installed());
    let e = parse_input(&nianbao::synth::pdf::scanned_pdf()).unwrap_err();
    assert_eq!(
        e,
        "this PDF has no text layer (a scan): needs OCR; run an OCR tool on it and ingest the text it makes"
    );
}
