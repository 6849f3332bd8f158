//! Word 97-2003 .doc files: the OLE2 container, the piece table, paragraph and table marks.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::read::doc;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = doc::read(data) {
        nianbao_fuzz::recognize_and_check(&doc);
    }
});
