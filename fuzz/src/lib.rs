//! What every fuzz target does with a document once a reader has made one: the rest of
//! the pipeline, so that a reader's odd output is also fuzz input for recognition and
//! the checks.

use nianbao::document::Document;
use nianbao::recognize::{self, tables};
use nianbao::vocab::Template;

/// Recognize a report in `doc` and check it. A document without a title goes to every
/// table reader whole, so that inputs without one reach them too.
pub fn recognize_and_check(doc: &Document) {
    match recognize::recognize(doc) {
        Ok(report) => {
            let _ = nianbao::check::check_document(doc, &report);
        }
        Err(_) => {
            for no in 1..=3u8 {
                for template in [Template::Y2019, Template::Y2021] {
                    let _ = tables::recognize_table(no, template, &doc.blocks);
                }
            }
        }
    }
}
