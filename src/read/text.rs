//! Bytes → text in whatever encoding they came: UTF-8 with or without a byte-order mark,
//! UTF-16 LE/BE with one, and legacy encodings (GB18030/GBK above all) detected from the
//! bytes by chardetng. A decoding is strict: a byte sequence the encoding cannot decode is
//! an error, never a U+FFFD in the text.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use super::ReadError;

/// How much of a file the detector looks at: enough for a report's opening pages.
const DETECT_BYTES: usize = 256 * 1024;

/// Decode `bytes`. `declared` is the encoding the file names for itself (an HTML page's
/// `<meta charset>`). A byte-order mark overrides it, and so does valid UTF-8: pages that
/// declare gb2312 and are saved as UTF-8 are common, and Chinese UTF-8 often decodes as
/// (wrong) GBK, while GBK text is almost never valid UTF-8.
pub fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> Result<String, ReadError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return strict(encoding, &bytes[bom_len..]).map_err(|e| match e {
            ReadError::Undecodable { encoding, offset } => ReadError::Undecodable {
                encoding,
                offset: offset + bom_len,
            },
            other => other,
        });
    }
    if bytes.contains(&0) {
        return Err(ReadError::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => return strict(UTF_8, bytes),
        // Valid UTF-8 to the last few bytes, which start a character that never ends: the
        // file was cut short (no other encoding makes it whole).
        Err(e) if e.error_len().is_none() => {
            return Err(ReadError::CutShort { encoding: "UTF-8" });
        }
        Err(_) => {}
    }
    if let Some(encoding) = declared.filter(|e| *e != UTF_16LE && *e != UTF_16BE)
        && let Ok(text) = strict(encoding, bytes)
    {
        return Ok(text);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    detector.feed(sample, sample.len() == bytes.len());
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    strict(guess, bytes)
}

/// Decode all of `bytes` as `encoding`, or say where it fails.
fn strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, ReadError> {
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or_else(|| ReadError::Undecodable {
            encoding: encoding.name(),
            offset: first_bad_byte(encoding, bytes),
        })?;
    // A replacement character written into the file itself is mojibake from an earlier
    // conversion: the text it stood for is lost.
    if let Some(at) = text.find('\u{FFFD}') {
        let line = text[..at].matches('\n').count() + 1;
        return Err(ReadError::ReplacementCharacter { line });
    }
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(text.into_owned())
}

/// Offset of the first byte `encoding` cannot decode.
fn first_bad_byte(encoding: &'static Encoding, bytes: &[u8]) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(decoder.max_utf8_buffer_length(bytes.len()).unwrap_or(0));
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, _) => read.saturating_sub(usize::from(bad)),
        _ => read,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_cut_inside_a_character_is_cut_short() {
        let text = "某县人民政府2024年政府信息公开工作年度报告\n一、总体情况";
        let bytes = text.as_bytes();
        for cut in 1..3 {
            let short = &bytes[..bytes.len() - cut];
            assert_eq!(
                decode(short, None),
                Err(ReadError::CutShort { encoding: "UTF-8" })
            );
        }
        assert_eq!(
            ReadError::CutShort { encoding: "UTF-8" }.to_string(),
            "the file ends inside a UTF-8 character: it was cut short (an interrupted download \
             or copy); get it again from its source"
        );
    }

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable);
        bytes.into_owned()
    }

    const REPORT: &str = "某某县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n\
                          本年度共收到政府信息公开申请12件，较上年增加3件。\n";

    #[test]
    fn utf8_with_and_without_bom_and_utf16_with_bom() {
        assert_eq!(decode(REPORT.as_bytes(), None).unwrap(), REPORT);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(REPORT.as_bytes());
        assert_eq!(decode(&bom, None).unwrap(), REPORT);
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(REPORT.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&le, None).unwrap(), REPORT);
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(REPORT.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&be, None).unwrap(), REPORT);
    }

    #[test]
    fn gbk_and_gb18030_are_detected_from_the_bytes() {
        let gbk = encode(encoding_rs::GBK, REPORT);
        assert!(std::str::from_utf8(&gbk).is_err());
        assert_eq!(decode(&gbk, None).unwrap(), REPORT);
        // A character outside GBK needs GB18030's four-byte form.
        let rare = "𠀾 某某县人民政府2023年政府信息公开工作年度报告，共收到申请12件。";
        let gb18030 = encode(encoding_rs::GB18030, rare);
        assert_eq!(decode(&gb18030, None).unwrap(), rare);
    }

    #[test]
    fn a_wrong_declaration_gives_way_to_the_bytes() {
        let gbk = encode(encoding_rs::GBK, REPORT);
        assert_eq!(decode(&gbk, Some(UTF_8)).unwrap(), REPORT);
        // UTF-8 declared as gb2312.
        assert_eq!(
            decode(REPORT.as_bytes(), Some(encoding_rs::GBK)).unwrap(),
            REPORT
        );
    }

    #[test]
    fn errors_instead_of_replacement_characters() {
        assert_eq!(decode(b" \n\t", None), Err(ReadError::Empty));
        assert_eq!(decode(b"ab\0cd", None), Err(ReadError::Binary));
        // A UTF-16 file whose last unit is cut in half.
        assert_eq!(
            decode(b"\xFF\xFE\x74\x5E\x25", None),
            Err(ReadError::Undecodable {
                encoding: "UTF-16LE",
                offset: 4
            })
        );
        assert_eq!(
            decode("一、总体情况\n共12件\u{FFFD}\u{FFFD}".as_bytes(), None),
            Err(ReadError::ReplacementCharacter { line: 2 })
        );
    }
}
