//! The text-layout table readers (tab cells and rows, cell lines, space-aligned text as
//! an unruled PDF's lines give it, pipe and OCR markdown, glued rows) on any text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::document::Document;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    nianbao_fuzz::recognize_and_check(&Document::from_text(&text));
});
