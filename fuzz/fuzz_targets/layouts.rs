//! The text-layout table readers (tab cells and rows, cell lines, space-aligned PDF text,
//! pipe and OCR markdown, glued rows) on any text, as a text file or pdftotext gives it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::document::Document;
use nianbao::read::pdf;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    if let Ok(text) = pdf::from_pdftotext(text) {
        nianbao_fuzz::recognize_and_check(&Document::from_text(&text));
    }
});
