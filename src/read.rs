//! Reading a file: bytes → text. Knows nothing of reports.

use std::fmt;

/// Why a file's bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Empty,
    Binary,
    NotUtf8 { offset: usize },
    BadUtf16,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Empty => write!(f, "the file is empty or holds only whitespace"),
            ReadError::Binary => write!(
                f,
                "the file is binary (it holds NUL bytes), not a text report; convert it to text first"
            ),
            ReadError::NotUtf8 { offset } => write!(
                f,
                "the file is not valid UTF-8 (bad byte at offset {offset}); re-save it as UTF-8"
            ),
            ReadError::BadUtf16 => write!(
                f,
                "the file has a UTF-16 byte-order mark but is not valid UTF-16"
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// Decode a text file: UTF-8 with or without BOM, or UTF-16 with a BOM.
pub fn decode_text(bytes: &[u8]) -> Result<String, ReadError> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        utf8(rest)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, u16::from_le_bytes)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, u16::from_be_bytes)?
    } else {
        if bytes.contains(&0) {
            return Err(ReadError::Binary);
        }
        utf8(bytes)?
    };
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(text)
}

fn utf8(bytes: &[u8]) -> Result<String, ReadError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(ReadError::NotUtf8 {
            offset: e.valid_up_to(),
        }),
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, ReadError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(ReadError::BadUtf16);
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| ReadError::BadUtf16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_with_and_without_bom_and_utf16() {
        assert_eq!(decode_text("年报".as_bytes()).unwrap(), "年报");
        assert_eq!(decode_text(b"\xEF\xBB\xBFabc").unwrap(), "abc");
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("年报".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_text(&le).unwrap(), "年报");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("年报".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode_text(&be).unwrap(), "年报");
    }

    #[test]
    fn rejects_empty_binary_and_non_utf8() {
        assert_eq!(decode_text(b" \n\t"), Err(ReadError::Empty));
        assert_eq!(decode_text(b"ab\0cd"), Err(ReadError::Binary));
        // 年 in GBK.
        assert_eq!(
            decode_text(b"ok\xC4\xEA"),
            Err(ReadError::NotUtf8 { offset: 2 })
        );
    }
}
