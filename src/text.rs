//! Report text stored compressed: a zstd frame, compressed with a dictionary of report text.
//!
//! The sections' text is most of a report (some 6 KB of its 8) and would be most of the
//! database. Compressed alone it halves; with a dictionary of the phrases every report
//! shares (the template's table labels, its headings, the usual sentences), a report's text
//! stores in about a fifth. The dictionary is `data/text-dictionary.txt`: the last 32 KB of
//! the five seed reports, real reports of five agencies. Stored text can only be read with
//! the same dictionary: changing it needs a new schema version.
//!
//! Why zstd and not deflate (schema version 3 used deflate with the same dictionary): zstd
//! digests the dictionary once per process, where deflate had to be primed with it for
//! every report, hashing its 32 KB for some 6 KB of text. On generated reports zstd takes
//! a quarter of deflate's time (17 against 64 µs a report; deflate was a tenth of a
//! report's parsing) for 15% more bytes (1,136 against 983 a report), and reads back
//! faster.

use std::cell::RefCell;
use std::sync::LazyLock;

use zstd::bulk::{Compressor, Decompressor};
use zstd::dict::{DecoderDictionary, EncoderDictionary};

/// The dictionary; never change it without a new schema version (see above).
const DICTIONARY: &[u8] = include_bytes!("../data/text-dictionary.txt");

/// zstd's level 3 (its default): on generated reports both faster and smaller than level
/// 1 with this dictionary, and twice as fast as level 5 for 6% more bytes.
const LEVEL: i32 = 3;

/// The largest text [`decompress`] reads into a buffer of the size its frame states; a
/// larger one (no report's text is near it) is read as it comes, so a damaged size cannot
/// make it allocate more than the text holds.
const SIZED_READ_MAX: u64 = 64 << 20;

static ENCODER_DICTIONARY: LazyLock<EncoderDictionary<'static>> =
    LazyLock::new(|| EncoderDictionary::copy(DICTIONARY, LEVEL));

static DECODER_DICTIONARY: LazyLock<DecoderDictionary<'static>> =
    LazyLock::new(|| DecoderDictionary::copy(DICTIONARY));

thread_local! {
    /// One compression context a thread, reused: a new one allocates its tables.
    static COMPRESSOR: RefCell<Compressor<'static>> = RefCell::new(
        Compressor::with_prepared_dictionary(&ENCODER_DICTIONARY)
            .expect("zstd allocates a compression context"),
    );
    static DECOMPRESSOR: RefCell<Decompressor<'static>> = RefCell::new(
        Decompressor::with_prepared_dictionary(&DECODER_DICTIONARY)
            .expect("zstd allocates a decompression context"),
    );
}

/// `text` compressed with the dictionary.
pub fn compress(text: &str) -> Vec<u8> {
    COMPRESSOR.with_borrow_mut(|compressor| {
        let mut out = compressor
            .compress(text.as_bytes())
            .expect("compressing into a buffer of zstd's bound does not fail");
        // zstd's bound is about the text's size; the frame is a fifth of it, and waits in
        // the writer's queue.
        out.shrink_to_fit();
        out
    })
}

/// The text of [`compress`]'s output, or why it cannot be read.
pub fn decompress(bytes: &[u8]) -> Result<String, String> {
    read(bytes, SIZED_READ_MAX)
}

/// [`decompress`], into a buffer of the frame's stated size up to `sized_read_max`.
fn read(bytes: &[u8], sized_read_max: u64) -> Result<String, String> {
    let damaged = |e: std::io::Error| format!("stored text is damaged: {e}");
    let out = match zstd::zstd_safe::get_frame_content_size(bytes) {
        Ok(Some(size)) if size <= sized_read_max => {
            let mut out = Vec::with_capacity(size as usize);
            DECOMPRESSOR
                .with_borrow_mut(|d| d.decompress_to_buffer(bytes, &mut out))
                .map_err(damaged)?;
            out
        }
        Ok(_) => {
            use std::io::Read as _;
            let mut out = Vec::new();
            zstd::stream::read::Decoder::with_prepared_dictionary(bytes, &DECODER_DICTIONARY)
                .map_err(damaged)?
                .single_frame()
                .read_to_end(&mut out)
                .map_err(damaged)?;
            out
        }
        Err(_) => return Err("stored text is damaged or not compressed text".into()),
    };
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
        assert!(decompress(b"not compressed at all").is_err());
        assert!(decompress(b"").is_err());
    }

    #[test]
    fn a_text_larger_than_a_sized_read_is_read_as_it_comes() {
        let text = "全年共收到政府信息公开申请588件。".repeat(10);
        let stored = compress(&text);
        assert_eq!(read(&stored, 0).unwrap(), text);
        assert!(read(&stored[..stored.len() - 3], 0).is_err());
        assert_eq!(read(&stored, 1 << 20).unwrap(), text);
    }

    #[test]
    fn the_dictionary_does_the_work() {
        // A sentence of the template, in the dictionary: stored in a few bytes more than
        // zstd's frame header, where without the dictionary it would be its own length.
        let sentence = "本年度报告中所列数据的统计期限自2023年1月1日始，至2023年12月31日止。";
        let plain = zstd::bulk::compress(sentence.as_bytes(), LEVEL).unwrap();
        let stored = compress(sentence);
        assert!(
            stored.len() * 2 < plain.len(),
            "{} with the dictionary, {} without",
            stored.len(),
            plain.len()
        );
    }
}
