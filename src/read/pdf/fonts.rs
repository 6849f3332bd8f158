//! A PDF font as the text reader needs it: how a string's bytes split into character
//! codes, each code's Unicode text and its advance width.
//!
//! Unicode comes, in order, from the font's ToUnicode map; for composite (CID) fonts
//! without one, from the code itself where the encoding is a predefined Chinese CMap that
//! is an encoding (GB-EUC, GBK-EUC, GBK2K: GB18030 bytes; UniGB-UCS2/UTF16: UTF-16), else
//! from the CID through the character collection's CID→Unicode map (Adobe-GB1-UCS2 and
//! its siblings, shipped with the `hayro-cmap` crate); for simple fonts from the encoding
//! (WinAnsi, Standard, MacRoman with `Differences` glyph names). A code none of these
//! name has no text: the caller counts those, and a page of them is refused rather than
//! read as gibberish.

use hayro_cmap::{BfString, CMap, CMapName, CidFamily, load_embedded};
use lopdf::{Dictionary, Document, Object};

/// One character code of a shown string.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// The text the code stands for, `None` when no map names it.
    pub text: Option<String>,
    /// Advance width in text space units (glyph space / 1000 already applied).
    pub width: f64,
    /// A single-byte code 32: word spacing (`Tw`) applies to it.
    pub is_space: bool,
}

/// How a composite font's codes become text when it has no ToUnicode map.
enum CidText {
    /// The code is GB18030 (GB-EUC, GBK-EUC, GBK2K) bytes.
    Gb18030,
    /// The code is UTF-16 (UniGB-UCS2, UniGB-UTF16 and the other Uni* CMaps).
    Utf16,
    /// Through the CID and the collection's CID→Unicode map.
    Collection(Box<CMap>),
    None,
}

enum Kind {
    Simple {
        /// Text of each byte code by the font's encoding.
        encoding: Box<[Option<char>; 256]>,
        first_char: u32,
        widths: Vec<f64>,
        missing_width: f64,
    },
    Composite {
        /// Code → CID (Identity-H when absent).
        cmap: Option<Box<CMap>>,
        /// Byte lengths a code may have, from the CMap's code space.
        code_lengths: CodeLengths,
        default_width: f64,
        /// (first CID, last CID, width).
        widths: Vec<(u32, u32, f64)>,
        fallback: CidText,
    },
}

/// How to split bytes into codes: by the code space ranges of the CMap.
#[derive(Debug, Clone, Default)]
struct CodeLengths {
    /// (byte length, low, high) of each range; empty means two bytes a code.
    ranges: Vec<(usize, Vec<u8>, Vec<u8>)>,
}

impl CodeLengths {
    fn next_len(&self, bytes: &[u8]) -> usize {
        if self.ranges.is_empty() {
            return 2.min(bytes.len()).max(1);
        }
        for n in 1..=4 {
            if n > bytes.len() {
                break;
            }
            let fits = self.ranges.iter().any(|(len, lo, hi)| {
                *len == n && (0..n).all(|i| bytes[i] >= lo[i] && bytes[i] <= hi[i])
            });
            if fits {
                return n;
            }
        }
        // Not in any range: the shortest length any range has.
        let shortest = self.ranges.iter().map(|r| r.0).min().unwrap_or(1);
        shortest.min(bytes.len()).max(1)
    }

    /// The code space of a CMap's source: `begincodespacerange <lo> <hi> ... endcodespacerange`.
    fn parse(cmap: &[u8]) -> CodeLengths {
        let mut ranges = Vec::new();
        let text = String::from_utf8_lossy(cmap);
        for block in text.split("begincodespacerange").skip(1) {
            let block = block.split("endcodespacerange").next().unwrap_or("");
            let hex: Vec<Vec<u8>> = block
                .split('<')
                .skip(1)
                .filter_map(|h| h.split('>').next())
                .map(|h| {
                    let digits: Vec<u8> = h.bytes().filter(u8::is_ascii_hexdigit).collect();
                    digits
                        .chunks(2)
                        .map(|p| {
                            let s = std::str::from_utf8(p).unwrap_or("0");
                            u8::from_str_radix(s, 16).unwrap_or(0)
                        })
                        .collect()
                })
                .collect();
            for pair in hex.chunks(2) {
                if let [lo, hi] = pair
                    && lo.len() == hi.len()
                    && (1..=4).contains(&lo.len())
                {
                    ranges.push((lo.len(), lo.clone(), hi.clone()));
                }
            }
        }
        CodeLengths { ranges }
    }

    /// The code space of a predefined CMap, by its name.
    fn predefined(name: &[u8]) -> CodeLengths {
        let range = |n: usize, lo: &[u8], hi: &[u8]| (n, lo.to_vec(), hi.to_vec());
        let ranges = if name.starts_with(b"GB") {
            // One-byte ASCII, two-byte GB codes (GBK2K's four-byte codes are rare in
            // reports and read as two two-byte codes).
            vec![
                range(1, &[0x00], &[0x80]),
                range(2, &[0x81, 0x40], &[0xFE, 0xFE]),
            ]
        } else {
            Vec::new()
        };
        CodeLengths { ranges }
    }
}

pub struct Font {
    kind: Kind,
    to_unicode: Option<CMap>,
    /// Glyph space → text space (1/1000 for all but Type 3 fonts).
    scale: f64,
}

fn number(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

/// An object with references followed.
pub fn resolve<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map_or(o, |(_, o)| o)
}

fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.get(key).ok().map(|o| resolve(doc, o))
}

/// A stream's decoded bytes, within `limit`.
pub fn stream_bytes(o: &Object, limit: usize) -> Option<Vec<u8>> {
    let s = o.as_stream().ok()?;
    match s.decompressed_content_with_limit(limit) {
        Ok(d) => Some(d),
        Err(_) if s.dict.get(b"Filter").is_err() => Some(s.content.clone()),
        Err(_) => None,
    }
}

/// The most a font's maps may unpack to.
const MAX_CMAP_BYTES: usize = 8 << 20;

impl Font {
    pub fn load(doc: &Document, dict: &Dictionary) -> Font {
        let to_unicode = get(doc, dict, b"ToUnicode")
            .and_then(|o| stream_bytes(o, MAX_CMAP_BYTES))
            .and_then(|bytes| CMap::parse(&bytes, load_embedded));
        let subtype = get(doc, dict, b"Subtype").and_then(|o| o.as_name().ok());
        if subtype == Some(b"Type0") {
            return Font {
                kind: composite(doc, dict),
                to_unicode,
                scale: 0.001,
            };
        }
        let scale = if subtype == Some(b"Type3") {
            get(doc, dict, b"FontMatrix")
                .and_then(|m| m.as_array().ok())
                .and_then(|m| m.first().and_then(number))
                .unwrap_or(0.001)
        } else {
            0.001
        };
        let first_char = get(doc, dict, b"FirstChar")
            .and_then(number)
            .unwrap_or(0.0)
            .max(0.0) as u32;
        let widths = get(doc, dict, b"Widths")
            .and_then(|o| o.as_array().ok())
            .map(|a| {
                a.iter()
                    .take(256)
                    .map(|w| number(resolve(doc, w)).unwrap_or(0.0))
                    .collect()
            })
            .unwrap_or_default();
        let missing_width = get(doc, dict, b"FontDescriptor")
            .and_then(|d| d.as_dict().ok())
            .and_then(|d| get(doc, d, b"MissingWidth"))
            .and_then(number)
            .unwrap_or(if scale == 0.001 { 500.0 } else { 0.0 });
        Font {
            kind: Kind::Simple {
                encoding: simple_encoding(doc, dict),
                first_char,
                widths,
                missing_width,
            },
            to_unicode,
            scale,
        }
    }

    /// The codes of a shown string.
    pub fn decode(&self, bytes: &[u8], out: &mut Vec<Code>) {
        match &self.kind {
            Kind::Simple {
                encoding,
                first_char,
                widths,
                missing_width,
            } => {
                for &b in bytes {
                    let code = u32::from(b);
                    let text = self
                        .mapped(code)
                        .or_else(|| encoding[b as usize].map(String::from));
                    let width = code
                        .checked_sub(*first_char)
                        .and_then(|i| widths.get(i as usize))
                        .copied()
                        .unwrap_or(*missing_width);
                    out.push(Code {
                        text,
                        width: width * self.scale,
                        is_space: b == b' ',
                    });
                }
            }
            Kind::Composite {
                cmap,
                code_lengths,
                default_width,
                widths,
                fallback,
            } => {
                let mut at = 0;
                while at < bytes.len() {
                    let n = code_lengths.next_len(&bytes[at..]);
                    let raw = &bytes[at..at + n];
                    at += n;
                    let code = raw.iter().fold(0u32, |c, &b| (c << 8) | u32::from(b));
                    let cid = match cmap {
                        Some(m) => m.lookup_cid_code(code, n as u8).unwrap_or(0),
                        None => code,
                    };
                    let text = self.mapped(code).or_else(|| match fallback {
                        CidText::Gb18030 => {
                            let (s, _, bad) = encoding_rs::GB18030.decode(raw);
                            (!bad).then(|| s.into_owned())
                        }
                        CidText::Utf16 => {
                            let units: Vec<u16> = raw
                                .chunks(2)
                                .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)]))
                                .collect();
                            String::from_utf16(&units).ok()
                        }
                        CidText::Collection(ucs2) => ucs2.lookup_bf_string(cid).map(bf_text),
                        CidText::None => None,
                    });
                    let width = widths
                        .iter()
                        .find(|(lo, hi, _)| (*lo..=*hi).contains(&cid))
                        .map_or(*default_width, |w| w.2);
                    out.push(Code {
                        text,
                        width: width * self.scale,
                        is_space: n == 1 && code == 32,
                    });
                }
            }
        }
    }

    /// The ToUnicode map's text for a code, unless it maps to nothing usable.
    fn mapped(&self, code: u32) -> Option<String> {
        let text = bf_text(self.to_unicode.as_ref()?.lookup_bf_string(code)?);
        (!text.is_empty() && !text.contains(['\u{fffd}', '\0'])).then_some(text)
    }
}

fn bf_text(bf: BfString) -> String {
    match bf {
        BfString::Char(c) => c.to_string(),
        BfString::String(s) => s,
    }
}

/// A Type0 font: its CMap, code space, widths and the way to text without a ToUnicode map.
fn composite(doc: &Document, dict: &Dictionary) -> Kind {
    let descendant = get(doc, dict, b"DescendantFonts")
        .and_then(|o| o.as_array().ok())
        .and_then(|a| a.first())
        .and_then(|o| resolve(doc, o).as_dict().ok());
    let family = descendant
        .and_then(|d| get(doc, d, b"CIDSystemInfo"))
        .and_then(|o| o.as_dict().ok())
        .map(|info| {
            let s = |k: &[u8]| {
                get(doc, info, k)
                    .and_then(|o| o.as_str().ok())
                    .unwrap_or_default()
                    .to_vec()
            };
            CidFamily::from_registry_ordering(&s(b"Registry"), &s(b"Ordering"))
        });
    let (cmap, code_lengths, by_name) = match get(doc, dict, b"Encoding") {
        Some(Object::Name(name)) => {
            let predefined = if name.starts_with(b"Identity") {
                None
            } else {
                load_embedded(CMapName::from_bytes(name))
                    .and_then(|b| CMap::parse(b, load_embedded))
            };
            let lengths = if name.starts_with(b"Identity") {
                CodeLengths::default()
            } else {
                CodeLengths::predefined(name)
            };
            (predefined.map(Box::new), lengths, Some(name.clone()))
        }
        Some(o @ Object::Stream(_)) => {
            let bytes = stream_bytes(o, MAX_CMAP_BYTES).unwrap_or_default();
            (
                CMap::parse(&bytes, load_embedded).map(Box::new),
                CodeLengths::parse(&bytes),
                None,
            )
        }
        _ => (None, CodeLengths::default(), None),
    };
    let fallback = match by_name.as_deref() {
        Some(n) if n.starts_with(b"GB") => CidText::Gb18030,
        Some(n) if n.starts_with(b"Uni") && is_utf16_cmap(n) => CidText::Utf16,
        _ => family
            .or_else(|| {
                cmap.as_ref()
                    .and_then(|c| c.metadata().character_collection.clone())
                    .map(|c| c.family)
            })
            .and_then(|f| f.ucs2_cmap())
            .and_then(load_embedded)
            .and_then(|b| CMap::parse(b, load_embedded))
            .map_or(CidText::None, |c| CidText::Collection(Box::new(c))),
    };
    let default_width = descendant
        .and_then(|d| get(doc, d, b"DW"))
        .and_then(number)
        .unwrap_or(1000.0);
    let mut widths = Vec::new();
    if let Some(w) = descendant
        .and_then(|d| get(doc, d, b"W"))
        .and_then(|o| o.as_array().ok())
    {
        let items: Vec<&Object> = w.iter().map(|o| resolve(doc, o)).collect();
        let mut i = 0;
        while i < items.len() && widths.len() < 100_000 {
            let Some(first) = number(items[i]) else {
                i += 1;
                continue;
            };
            let first = first.max(0.0) as u32;
            match items.get(i + 1) {
                Some(Object::Array(list)) => {
                    for (k, w) in list.iter().enumerate() {
                        let w = number(resolve(doc, w)).unwrap_or(default_width);
                        let cid = first.saturating_add(k as u32);
                        widths.push((cid, cid, w));
                    }
                    i += 2;
                }
                Some(last) => {
                    let last = number(last).unwrap_or(0.0).max(0.0) as u32;
                    let w = items
                        .get(i + 2)
                        .and_then(|o| number(o))
                        .unwrap_or(default_width);
                    widths.push((first, last, w));
                    i += 3;
                }
                None => break,
            }
        }
    }
    Kind::Composite {
        cmap,
        code_lengths,
        default_width,
        widths,
        fallback,
    }
}

/// The Uni… CMaps whose codes are UTF-16 (UCS2, UTF16), not UTF-8 or UTF-32.
fn is_utf16_cmap(name: &[u8]) -> bool {
    let s = String::from_utf8_lossy(name);
    s.contains("UCS2") || s.contains("UTF16")
}

/// A simple font's byte → text table: its base encoding with `Differences` applied.
fn simple_encoding(doc: &Document, dict: &Dictionary) -> Box<[Option<char>; 256]> {
    let mut table: Box<[Option<char>; 256]> = Box::new([None; 256]);
    let encoding = get(doc, dict, b"Encoding");
    let base = match encoding {
        Some(Object::Name(n)) => n.clone(),
        Some(Object::Dictionary(d)) => get(doc, d, b"BaseEncoding")
            .and_then(|o| o.as_name().ok())
            .map(<[u8]>::to_vec)
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let mac = base == b"MacRomanEncoding";
    for b in 0u8..=255 {
        table[b as usize] = if b < 0x20 {
            None
        } else if b < 0x7F {
            Some(b as char)
        } else if mac {
            let byte = [b];
            let (s, _, bad) = encoding_rs::MACINTOSH.decode(&byte);
            (!bad).then(|| s.chars().next()).flatten()
        } else {
            let byte = [b];
            let (s, _, bad) = encoding_rs::WINDOWS_1252.decode(&byte);
            (!bad).then(|| s.chars().next()).flatten()
        };
    }
    if let Some(Object::Dictionary(d)) = encoding
        && let Some(diffs) = get(doc, d, b"Differences").and_then(|o| o.as_array().ok())
    {
        let mut code = 0usize;
        for item in diffs {
            match resolve(doc, item) {
                Object::Integer(i) => code = (*i).clamp(0, 255) as usize,
                Object::Name(name) => {
                    if code < 256 {
                        table[code] = glyph_name_char(name);
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    table
}

/// A glyph name's character: `uniXXXX`, `uXXXX[XX]`, a single letter, or a common name.
fn glyph_name_char(name: &[u8]) -> Option<char> {
    let name = std::str::from_utf8(name).ok()?;
    let name = name.split('.').next().unwrap_or(name);
    if let Some(hex) = name.strip_prefix("uni").or_else(|| name.strip_prefix('u'))
        && (4..=6).contains(&hex.len())
        && let Ok(v) = u32::from_str_radix(&hex[..4.max(hex.len().min(6))], 16)
    {
        return char::from_u32(v);
    }
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_ascii_alphabetic()
    {
        return Some(c);
    }
    const NAMES: &[(&str, char)] = &[
        ("space", ' '),
        ("zero", '0'),
        ("one", '1'),
        ("two", '2'),
        ("three", '3'),
        ("four", '4'),
        ("five", '5'),
        ("six", '6'),
        ("seven", '7'),
        ("eight", '8'),
        ("nine", '9'),
        ("period", '.'),
        ("comma", ','),
        ("colon", ':'),
        ("semicolon", ';'),
        ("hyphen", '-'),
        ("minus", '-'),
        ("endash", '–'),
        ("emdash", '—'),
        ("parenleft", '('),
        ("parenright", ')'),
        ("slash", '/'),
        ("percent", '%'),
        ("plus", '+'),
        ("equal", '='),
        ("underscore", '_'),
        ("quotesingle", '\''),
        ("quotedbl", '"'),
        ("bracketleft", '['),
        ("bracketright", ']'),
        ("asterisk", '*'),
        ("numbersign", '#'),
        ("ampersand", '&'),
        ("at", '@'),
        ("question", '?'),
        ("exclam", '!'),
        ("bullet", '•'),
    ];
    NAMES.iter().find(|(n, _)| *n == name).map(|&(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spaces_split_mixed_byte_lengths() {
        let lengths = CodeLengths::parse(
            b"1 begincodespacerange\n<00> <80>\n<8140> <FEFE>\nendcodespacerange",
        );
        let bytes = [0x31, 0xB1, 0xED, 0x32];
        let mut at = 0;
        let mut got = Vec::new();
        while at < bytes.len() {
            let n = lengths.next_len(&bytes[at..]);
            got.push(n);
            at += n;
        }
        assert_eq!(got, vec![1, 2, 1]);
    }

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_name_char(b"uni8868"), Some('表'));
        assert_eq!(glyph_name_char(b"three"), Some('3'));
        assert_eq!(glyph_name_char(b"A"), Some('A'));
        assert_eq!(glyph_name_char(b"g123"), None);
    }
}
