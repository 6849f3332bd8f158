//! Numbers as printed: separators, full-width digits, units, blank marks, glued runs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::numbers;

fuzz_target!(|data: &[u8]| {
    let _ = numbers::well_formed_in_run(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = numbers::classify(text);
        let _ = numbers::parse_number(text);
        let (number, _unit) = numbers::strip_unit(text);
        let _ = numbers::parse_number(number);
    }
});
