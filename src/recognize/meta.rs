//! Contact details from the preamble, and the publication date from the signature.

use crate::document::Document;
use crate::model::{Contact, Date};

use super::sections::SectionSpan;

pub fn contact(preamble: &str) -> Contact {
    todo!("{preamble}")
}

pub fn publication_date(doc: &Document, spans: &[SectionSpan]) -> Option<Date> {
    todo!("{doc:?} {spans:?}")
}
