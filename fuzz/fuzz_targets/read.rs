//! Any file: sniffing, every in-process reader, recognition, checks (as `nianbao ingest`
//! reads a file). PDF and .doc go to external tools and are left out.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::read::{self, Format};

fuzz_target!(|data: &[u8]| {
    if matches!(read::sniff(data), Ok(Format::Pdf | Format::Doc)) {
        return;
    }
    if let Ok(input) = read::read(data) {
        nianbao_fuzz::recognize_and_check(&input.document);
    }
});
