//! Report text stored compressed: raw deflate with a preset dictionary of report text.
//!
//! The sections' text is most of a report (some 6 KB of its 8) and would be most of the
//! database. Deflate alone halves it; primed with a dictionary of the phrases every report
//! shares (the template's table labels, its headings, the usual sentences), a report's text
//! stores in about a sixth. The dictionary is `data/text-dictionary.txt`: the last 32 KB (the
//! deflate window) of the five seed reports, real reports of five agencies. Stored text can
//! only be read with the same dictionary: changing it needs a new schema version.

use std::cell::RefCell;

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};

/// The preset dictionary; never change it without a new schema version (see above).
const DICTIONARY: &[u8] = include_bytes!("../data/text-dictionary.txt");

thread_local! {
    /// One compressor a thread, reset for each text: a new one allocates and zeroes some
    /// 300 KB of window and hash tables, which cost more than compressing a report.
    /// Level 4, not the default 6: a fifth less time for 1% more bytes on generated reports.
    static DEFLATE: RefCell<Compress> = RefCell::new(Compress::new(Compression::new(4), false));
}

/// `text` deflated with the dictionary.
pub fn compress(text: &str) -> Vec<u8> {
    DEFLATE.with_borrow_mut(|deflate| {
        deflate.reset();
        deflate
            .set_dictionary(DICTIONARY)
            .expect("a raw deflate stream takes a dictionary before any input");
        let mut out = Vec::with_capacity(text.len() / 3 + 64);
        loop {
            let consumed = deflate.total_in() as usize;
            let status = deflate
                .compress_vec(
                    &text.as_bytes()[consumed..],
                    &mut out,
                    FlushCompress::Finish,
                )
                .expect("deflating into a growing buffer does not fail");
            if status == Status::StreamEnd {
                return out;
            }
            out.reserve(out.capacity().max(256));
        }
    })
}

/// The text of [`compress`]'s output, or why it cannot be read.
pub fn decompress(bytes: &[u8]) -> Result<String, String> {
    let mut inflate = Decompress::new(false);
    inflate
        .set_dictionary(DICTIONARY)
        .map_err(|e| format!("cannot set the text dictionary: {e}"))?;
    let mut out = Vec::with_capacity(bytes.len() * 6 + 64);
    loop {
        let consumed = inflate.total_in() as usize;
        let status = inflate
            .decompress_vec(&bytes[consumed..], &mut out, FlushDecompress::Finish)
            .map_err(|e| format!("stored text is damaged: {e}"))?;
        match status {
            Status::StreamEnd => break,
            _ if inflate.total_in() as usize == bytes.len() && out.len() < out.capacity() => {
                return Err("stored text is cut short".to_string());
            }
            _ => out.reserve(out.capacity().max(256)),
        }
    }
    String::from_utf8(out).map_err(|_| "stored text is not UTF-8".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_comes_back_as_it_went_in_and_smaller() {
        let text =
            "二、收到和处理政府信息公开申请情况\n全年共收到政府信息公开申请588件。\n".repeat(20);
        let stored = compress(&text);
        assert!(
            stored.len() * 10 < text.len(),
            "{} of {}",
            stored.len(),
            text.len()
        );
        assert_eq!(decompress(&stored).unwrap(), text);
        assert_eq!(decompress(&compress("")).unwrap(), "");
        assert!(decompress(&stored[..stored.len() / 2]).is_err());
        assert!(decompress(b"not deflate at all").is_err());
    }
}
