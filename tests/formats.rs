//! Reports as sites publish them: generated reports rendered as HTML pages inside site
//! chrome, as Word .docx files, as PDFs, and as text in GBK, GB18030 and UTF-16, each read
//! back through the real reader and compared with the generator's truth cell by cell,
//! section by section, issue by issue; and one hand-made page shaped like a real site's.

use std::process::Command;

mod common;

use nianbao::ingest::{FileError, parse_input};
use nianbao::model::{Report, TableStatus};
use nianbao::read::Format;
use nianbao::read::ReadError;
use nianbao_synth::{Layout, Options, Synth, formats, generate};

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
/// spaces one, blank lines gone; and page numbers gone, which the PDF reader drops where
/// they are printed, at a page's head or foot.
fn squeeze_bodies(r: &Report) -> Report {
    let mut r = r.clone();
    for s in &mut r.sections {
        s.body = s
            .body
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty() && !nianbao::recognize::tables::is_page_number(l))
            .collect::<Vec<_>>()
            .join("\n");
    }
    r
}

#[test]
fn pdfs_with_a_text_layer() {
    let mut nonzero = 0;
    for seed in 0..60 {
        let s = generate(
            seed,
            &Options {
                layout: Some(Layout::Pipe),
                ..Options::default()
            },
        );
        let pdf = nianbao_synth::pdf::text_pdf(&s.text);
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
    let e = parse_input(&nianbao_synth::pdf::scanned_pdf()).unwrap_err();
    // Told apart by its kind, not its words: a scan is the reader's refusal, not "no title".
    assert!(matches!(e, FileError::Read(ReadError::NeedsOcr)), "{e:?}");
    assert_eq!(
        e.to_string(),
        "this PDF has no text layer (a scan): needs OCR; run an OCR tool on it and ingest the text it makes"
    );
}

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/formats");

type Cells = Vec<(u8, String, String, Option<f64>, String)>;

fn cells_of(r: &Report) -> Cells {
    r.tables
        .iter()
        .flat_map(|t| {
            t.cells.iter().map(move |c| {
                (
                    t.no,
                    c.row_key.to_string(),
                    c.col_key.to_string(),
                    c.value,
                    c.raw.clone(),
                )
            })
        })
        .collect()
}

#[test]
fn a_government_site_page_cell_by_cell() {
    let bytes = std::fs::read(format!("{FIXTURES}/gov_site_page.html")).unwrap();
    let parsed = parse_input(&bytes).unwrap();
    assert_eq!(parsed.format, Format::Html);
    let r = &parsed.report;
    // The report's own text names neither agency nor date: the metadata box does.
    assert_eq!(r.agency, "枣庄市市中区民政局");
    assert_eq!(r.year, 2022);
    assert_eq!(r.title, "2022年政府信息公开工作年度报告");
    assert_eq!(
        r.published_on.map(|d| d.iso()).as_deref(),
        Some("2023-01-18")
    );
    assert_eq!(r.contact.phone.as_deref(), Some("0632-3312345"));
    assert_eq!(r.warnings, vec![]);
    assert_eq!(
        r.tables.iter().map(|t| t.status).collect::<Vec<_>>(),
        vec![TableStatus::Data; 3]
    );
    let mut want: Cells = Vec::new();
    let mut put = |no: u8, row: &str, col: &str, v: f64, raw: &str| {
        let value = (!raw.is_empty()).then_some(v);
        want.push((no, row.into(), col.into(), value, raw.into()));
    };
    for (row, cols) in common::TABLE1 {
        for (col, v) in *cols {
            put(1, row, col, *v, &v.to_string());
        }
    }
    // This site leaves table 2's zeros blank.
    for (row, values) in common::TABLE2 {
        for (col, v) in common::T2_COLS.iter().zip(values) {
            let raw = if *v == 0 {
                String::new()
            } else {
                v.to_string()
            };
            put(2, row, col, f64::from(*v), &raw);
        }
    }
    let t3_rows = ["review", "litigation_direct", "litigation_after_review"];
    let t3_cols = ["upheld", "corrected", "other", "pending", "total"];
    for (i, v) in common::TABLE3.iter().enumerate() {
        put(
            3,
            t3_rows[i / 5],
            t3_cols[i % 5],
            f64::from(*v),
            &v.to_string(),
        );
    }
    assert_eq!(cells_of(r), want);
    let sections: Vec<(&str, &str)> = r
        .sections
        .iter()
        .map(|s| (s.key, s.heading.as_str()))
        .collect();
    assert_eq!(
        sections,
        vec![
            ("preamble", ""),
            ("overview", "一、总体情况"),
            ("proactive", "二、主动公开政府信息情况"),
            ("applications", "三、收到和处理政府信息公开申请情况"),
            (
                "review_litigation",
                "四、政府信息公开行政复议、行政诉讼情况"
            ),
            ("problems", "五、存在的主要问题及改进情况"),
            ("other", "六、其他需要报告的事项"),
        ]
    );
    assert_eq!(r.section("other").unwrap().body, "本年度未收取信息处理费。");
    // No chrome anywhere in the text.
    for s in &r.sections {
        for chrome in [
            "索引号",
            "浏览次数",
            "分享到",
            "打印本页",
            "网站标识码",
            "当前位置",
            "相关链接",
        ] {
            assert!(!s.body.contains(chrome), "{} holds {chrome}", s.key);
        }
    }
    let issues: Vec<(&str, usize, &str)> = r
        .issues_listed
        .iter()
        .map(|i| (i.kind.key(), i.ordinal, i.text.as_str()))
        .collect();
    assert_eq!(
        issues,
        vec![
            (
                "problem",
                1,
                "政策解读形式较为单一，图解、视频等解读方式运用不多"
            ),
            ("problem", 2, "部分栏目信息更新不够及时"),
            ("improvement", 1, "丰富政策解读形式，提高图解、视频解读比例"),
            ("improvement", 2, "建立栏目更新台账，定期检查更新情况"),
        ]
    );
}

/// The cells of a fixture's truth file (`office_seedN.cells.csv`, written with the
/// fixture by `scripts/office-fixtures.sh`).
fn truth_cells(name: &str) -> Cells {
    let text = std::fs::read_to_string(format!("{FIXTURES}/{name}.cells.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.splitn(5, ',').collect();
            let value = (!f[3].is_empty()).then(|| f[3].parse::<f64>().unwrap());
            (
                f[0].parse().unwrap(),
                f[1].to_string(),
                f[2].to_string(),
                value,
                f[4].to_string(),
            )
        })
        .collect()
}

/// Generated reports as agencies make their files: written as .docx with ruled tables,
/// printed to PDF and saved as Word 97 .doc by LibreOffice (with a real embedded Chinese
/// font; `scripts/office-fixtures.sh`). Tables come from the PDF's ruling lines and the
/// .doc's cell marks as grids: every cell exact, wrapped labels whole, table 2 joined over
/// its page break, nothing partial, nothing warned.
#[test]
fn office_suite_pdf_and_doc_cell_by_cell() {
    for (seed, agency, year) in [
        (4, "江苏省人民政府", 2025),
        (7, "青海省人民政府", 2020),
        (21, "西登市永村县科学技术局", 2024),
    ] {
        let want = truth_cells(&format!("office_seed{seed}"));
        assert!(want.len() > 190, "{}", want.len());
        for (ext, format) in [("pdf", Format::Pdf), ("doc", Format::Doc)] {
            let file = format!("office_seed{seed}.{ext}");
            let bytes = std::fs::read(format!("{FIXTURES}/{file}")).unwrap();
            let parsed = parse_input(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(parsed.format, format, "{file}");
            let r = &parsed.report;
            assert_eq!((r.agency.as_str(), r.year), (agency, year), "{file}");
            assert_eq!(
                r.tables.iter().map(|t| t.status).collect::<Vec<_>>(),
                vec![TableStatus::Data; 3],
                "{file}"
            );
            assert_eq!(r.warnings, vec![], "{file}");
            assert_eq!(cells_of(r), want, "{file}");
        }
    }
}

/// The same report printed with no table rules at all: its PDF is read as lines of text
/// laid out in their columns, for the aligned-text table reader. Narrow cells wrap labels
/// over lines, so not every row of table 2 is placed, but every cell that is placed is
/// right and nothing is guessed.
#[test]
fn an_unruled_pdf_is_read_as_aligned_lines() {
    let want = truth_cells("office_seed4");
    let bytes = std::fs::read(format!("{FIXTURES}/office_seed4_plain.pdf")).unwrap();
    let parsed = parse_input(&bytes).unwrap();
    let r = &parsed.report;
    assert_eq!((r.agency.as_str(), r.year), ("江苏省人民政府", 2025));
    let got = cells_of(r);
    for cell in &got {
        assert!(want.contains(cell), "{cell:?} is not in the truth");
    }
    let counts: Vec<usize> = r.tables.iter().map(|t| t.cells.len()).collect();
    assert_eq!(counts, [10, 28, 15]);
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write as _;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn files_of_other_kinds_get_one_line_saying_what_they_are_and_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let s = report(1);
    // Named by what they pretend to be; read by what they are.
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("scan.pdf", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
        ("table.docx", zip_of(&[("xl/workbook.xml", b"<workbook/>")])),
        ("bundle.docx", zip_of(&[("a.txt", b"x")])),
        ("scanned.pdf", nianbao_synth::pdf::scanned_pdf()),
        ("page.txt", formats::html_page(&s, 1)),
    ];
    for (name, bytes) in &files {
        std::fs::write(input.join(name), bytes).unwrap();
    }
    // Not a report extension: not picked up from a folder.
    std::fs::write(input.join("photo.png"), b"\x89PNG\r\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("ingest")
        .arg(&input)
        .arg("--db")
        .arg(dir.path().join("w.db"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut lines: Vec<&str> = stderr.lines().collect();
    lines.sort();
    let d = input.display();
    assert_eq!(
        lines,
        vec![
            format!(
                "{d}/bundle.docx: error: this is a zip archive; unpack it and ingest the folder"
            ),
            format!(
                "{d}/scan.pdf: error: this is a PNG image; it needs OCR: run an OCR tool on it and ingest the text it makes"
            ),
            format!(
                "{d}/scanned.pdf: error: this PDF has no text layer (a scan): needs OCR; run an OCR tool on it and ingest the text it makes"
            ),
            format!(
                "{d}/table.docx: error: this is an Excel workbook (.xlsx); nianbao reads reports, not spreadsheets: ingest the report the tables belong to (HTML, Word, PDF or text)"
            ),
        ]
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("files: 5 seen, 1 ingested, 0 unchanged, 4 failed"),
        "{stdout}"
    );
}

fn ingest(db: &std::path::Path, path: &std::path::Path) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("ingest")
        .arg(path)
        .arg("--db")
        .arg(db)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn stored(db: &std::path::Path) -> Vec<(String, String, Option<String>, i64)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT r.source_path, coalesce(r.source_format, ''), \
             (SELECT group_concat(format || ' ' || reason, '; ') FROM duplicate_sources d WHERE d.report_id = r.id), \
             (SELECT count(*) FROM table_cells c WHERE c.report_id = r.id) FROM reports r",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn the_same_report_in_two_formats_is_one_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let name = |n: &str| dir.path().join(n);

    // A PDF without table rules whose narrow cells hide rows, then the Word file it was
    // printed from.
    let pdf = name("seed4.pdf");
    std::fs::copy(format!("{FIXTURES}/office_seed4_plain.pdf"), &pdf).unwrap();
    let (stdout, _) = ingest(&db, &pdf);
    assert!(stdout.starts_with("files: 1 seen, 1 ingested"), "{stdout}");
    let docx = name("seed4.docx");
    std::fs::write(&docx, formats::docx(&generate(4, &Options::default()), 4)).unwrap();
    let (stdout, stderr) = ingest(&db, &docx);
    assert!(stdout.starts_with("files: 1 seen, 1 ingested"), "{stdout}");
    let why = format!(
        "{} (docx) places 130 numbers, {} (pdf) 51: the one placing more is kept",
        docx.display(),
        pdf.display()
    );
    assert_eq!(
        stderr.trim(),
        format!(
            "{}: same report as {}; this file is kept: {why}",
            docx.display(),
            pdf.display()
        )
    );
    assert_eq!(
        stored(&db),
        vec![(
            docx.display().to_string(),
            "docx".to_string(),
            Some(format!("pdf {why}")),
            200
        )]
    );
    // The PDF again: known as the kept report's duplicate, nothing to do.
    let (stdout, stderr) = ingest(&db, &pdf);
    assert!(
        stdout.starts_with("files: 1 seen, 0 ingested, 1 unchanged"),
        "{stdout}"
    );
    assert_eq!(stderr, "");

    // A page and its PDF attachment placing the same cells: the page is kept, whichever
    // comes first.
    let s = generate(
        11,
        &Options {
            layout: Some(Layout::Pipe),
            ..Options::default()
        },
    );
    let both = name("both");
    std::fs::create_dir(&both).unwrap();
    std::fs::write(both.join("a.pdf"), nianbao_synth::pdf::text_pdf(&s.text)).unwrap();
    std::fs::write(both.join("b.html"), formats::html_page(&s, 11)).unwrap();
    let db2 = name("w2.db");
    let (stdout, stderr) = ingest(&db2, &both);
    assert!(stdout.starts_with("files: 2 seen, "), "{stdout}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("a tie goes to the richer format (html)"),
        "{stderr}"
    );
    let rows = stored(&db2);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0, both.join("b.html").display().to_string());
    assert_eq!(rows[0].1, "html");
    assert!(
        rows[0].2.as_deref().unwrap().starts_with("pdf "),
        "{rows:?}"
    );
}

/// LibreOffice's protected PDFs: a password to open is one line saying what to do; a
/// file protected only against changes opens with the empty password and is read.
#[test]
fn protected_pdfs() {
    let locked = std::fs::read(format!("{FIXTURES}/password_to_open.pdf")).unwrap();
    assert_eq!(
        parse_input(&locked).unwrap_err().to_string(),
        "cannot read this pdf file: it is protected by a password; open it with the password \
         and print it to a new PDF, or get an unprotected copy"
    );
    let restricted = std::fs::read(format!("{FIXTURES}/permissions_only.pdf")).unwrap();
    let input = nianbao::read::read(&restricted).unwrap();
    let lines: Vec<String> = input
        .document
        .lines()
        .map(|l| l.text.trim().to_string())
        .collect();
    assert_eq!(lines, vec!["某某县人民政府2024年政府信息公开工作年度报告"]);
}

/// A cell whose parts are separate numbers is no one number: `1520` with a footnote's
/// superscript `1`, `1520<br>1` and two paragraphs `1520` and `1` are not 15201 (table 1's
/// cells have no sums to catch it). The cell is not stored, with a warning naming its
/// row; every other cell is.
#[test]
fn numbers_apart_in_one_cell_are_not_run_together() {
    let page = std::fs::read_to_string(format!("{FIXTURES}/gov_site_page.html")).unwrap();
    let cell = r#"<span style="font-family:宋体;font-size:14px">1520</span></p>"#;
    assert_eq!(page.matches(cell).count(), 1);
    for (what, apart) in [
        ("superscript", "1520<sup>1</sup></span></p>"),
        ("line break", "1520<br>1</span></p>"),
        ("paragraphs", "1520</span></p><p><span>1</span></p>"),
    ] {
        let edited = page.replace(cell, &cell.replace("1520</span></p>", apart));
        let parsed = parse_input(edited.as_bytes()).unwrap();
        let r = &parsed.report;
        let t1: Vec<(&str, Option<f64>)> = r.tables[0]
            .cells
            .iter()
            .map(|c| (c.row_key, c.value))
            .collect();
        assert!(t1.iter().all(|c| c.0 != "licensing"), "{what}: {t1:?}");
        let want: usize = common::TABLE1.iter().map(|(_, cols)| cols.len()).sum();
        assert_eq!(t1.len(), want - 1, "{what}");
        assert!(
            r.warnings.iter().any(|w| w.message.contains("行政许可")),
            "{what}: {:?}",
            r.warnings
        );
    }
}

/// PDF and .doc files are read by nianbao alone: with nothing on PATH (no pdftotext, no
/// antiword, no shell) they are ingested whole.
#[test]
fn pdf_and_doc_need_no_other_program() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for file in ["office_seed4.pdf", "office_seed7.doc"] {
        std::fs::copy(format!("{FIXTURES}/{file}"), input.join(file)).unwrap();
    }
    let empty = dir.path().join("bin");
    std::fs::create_dir(&empty).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("ingest")
        .arg(&input)
        .arg("--db")
        .arg(dir.path().join("w.db"))
        .env("PATH", &empty)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert!(
        stdout.starts_with("files: 2 seen, 2 ingested, 0 unchanged, 0 failed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("2 reports, 2 agencies, 398 cells"),
        "{stdout}"
    );
}
