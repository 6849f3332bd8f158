//! PDF files: the parser, the content walk within its bounds, the page layout.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::read::pdf;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = pdf::read(data) {
        nianbao_fuzz::recognize_and_check(&doc);
    }
});
