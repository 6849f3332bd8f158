//! Word .docx files: the zip archive within its bounds, then word/document.xml.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::read::docx;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = docx::read(data) {
        nianbao_fuzz::recognize_and_check(&doc);
    }
});
