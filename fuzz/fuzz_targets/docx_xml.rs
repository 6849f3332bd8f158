//! word/document.xml itself (a random zip rarely holds one): paragraphs, tables,
//! gridSpan and vMerge, pictures.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::read::docx;

fuzz_target!(|data: &[u8]| {
    if let Ok(xml) = std::str::from_utf8(data)
        && let Ok(doc) = docx::parse(xml)
    {
        nianbao_fuzz::recognize_and_check(&doc);
    }
});
