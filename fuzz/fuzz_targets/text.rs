//! Text in any encoding: detection and strict decoding, then the text-layout readers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::document::Document;
use nianbao::read::text;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = text::decode(data, None) {
        nianbao_fuzz::recognize_and_check(&Document::from_text(&text));
    }
});
