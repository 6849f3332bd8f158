//! Word 97–2003 .doc → text, through `antiword`: it reads the text layer of the binary
//! format (Chinese included, as UTF-8) and prints tables as `|cell|cell|` rows, which the
//! pipe-table reader takes. Without antiword the file is refused with what to install or
//! how to save it instead.

use super::{Format, ReadError, Tool, run_tool};

pub const ANTIWORD: Tool = Tool {
    name: "antiword",
    install: "install antiword (Debian/Ubuntu: apt-get install antiword), or open the file in Word or LibreOffice and save it as .docx",
};

/// What an OLE2 compound file is, by the streams it names: a Word .doc, or an old Office
/// format we say what to do with.
pub fn sniff_ole(bytes: &[u8]) -> Result<Format, ReadError> {
    let names = |name: &str| {
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes.windows(utf16.len()).any(|w| w == utf16.as_slice())
    };
    if names("WordDocument") {
        return Ok(Format::Doc);
    }
    let (what, todo) = if names("Workbook") || names("Book") {
        (
            "an Excel 97-2003 workbook (.xls)",
            "nianbao reads reports, not spreadsheets: ingest the report the tables belong to (HTML, Word, PDF or text)",
        )
    } else if names("PowerPoint Document") {
        (
            "a PowerPoint 97-2003 presentation (.ppt)",
            "save the report as .docx, PDF or text and ingest that",
        )
    } else {
        (
            "an old Office file (OLE2) that is not a Word document",
            "open it in the program that made it and save the report as .docx, PDF or text",
        )
    };
    Err(ReadError::Unsupported { what, todo })
}

/// The text of a .doc file.
pub fn text(bytes: &[u8]) -> Result<String, ReadError> {
    let text = run_tool(
        &ANTIWORD,
        Format::Doc,
        &["-m", "UTF-8.txt", "-w", "0"],
        bytes,
        Some("doc"),
    )?;
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(text)
}
