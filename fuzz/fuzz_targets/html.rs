//! HTML pages: charset, html5ever, chrome removal, content block, grids with spans.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::read::html;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = html::read(data) {
        nianbao_fuzz::recognize_and_check(&doc);
    }
});
