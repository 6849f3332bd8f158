//! Recognizing a report in a document: agency and year from the title, the six sections,
//! the three tables by key, the problems and improvements of section five, the figures the
//! narrative states, contact details and the publication date.

pub mod facts;
pub mod listed;
pub mod meta;
pub mod sections;
pub mod tables;
pub mod title;

use std::fmt;

use crate::document::Document;
use crate::model::{Report, Section, Table, TableStatus, Warning};
use crate::vocab::{self, Template};

/// Why a document is not a report we can store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecognizeError {
    /// No line of the opening reads like `<agency><year>年…政府信息公开工作年度报告`.
    NoTitle,
}

impl fmt::Display for RecognizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecognizeError::NoTitle => write!(
                f,
                "no report title found: expected a line like \
                 \"<agency> 2023年政府信息公开工作年度报告\" near the top; is this an annual report?"
            ),
        }
    }
}

impl std::error::Error for RecognizeError {}

pub fn recognize(doc: &Document) -> Result<Report, RecognizeError> {
    let title = title::find_title(doc).ok_or(RecognizeError::NoTitle)?;
    let spans = sections::split_sections(doc, title.next_block);
    let template = detect_template(doc, title.year);

    let mut report = Report {
        agency: title.agency,
        year: title.year,
        title: title.text,
        template,
        published_on: meta::publication_date(doc, &spans).or_else(|| {
            doc.properties
                .date
                .as_deref()
                .and_then(crate::chinese::date_in)
        }),
        contact: Default::default(),
        sections: Vec::new(),
        tables: Vec::new(),
        issues_listed: Vec::new(),
        facts: facts::facts(doc, &spans, title.year),
        warnings: Vec::new(),
    };

    for (ordinal, span) in spans.iter().enumerate() {
        let body = sections::body_text(doc, span);
        if span.key == "preamble" {
            report.contact = meta::contact(&body);
        }
        if span.key == "problems" {
            report.issues_listed = listed::listed_issues(&body);
        }
        report.sections.push(Section {
            key: span.key,
            ordinal,
            heading: span.heading.clone(),
            body,
            line: span.line,
        });
    }

    for no in 1..=3u8 {
        let section_key = vocab::table(no, template).section;
        let table = match spans.iter().find(|s| s.key == section_key) {
            Some(span) => {
                let (table, warnings) =
                    tables::recognize_table(no, template, &doc.blocks[span.blocks.clone()]);
                report.warnings.extend(warnings);
                table
            }
            None => Table::empty(no, TableStatus::Missing),
        };
        report.tables.push(table);
    }
    // A table left partial in the last section found: the text stops inside it.
    if let Some(last) = spans.last()
        && let Some(cut) = report.tables.iter().find(|t| {
            t.status == TableStatus::Partial && vocab::table(t.no, template).section == last.key
        })
    {
        report.warnings.push(Warning {
            line: 0,
            message: format!(
                "the text ends inside table {}: the file looks cut short; get it again from its source",
                cut.no
            ),
        });
    }
    Ok(report)
}

/// The template a report follows: the one it cites, else the one its table 1 header
/// shows, else the one its year falls under.
fn detect_template(doc: &Document, year: i32) -> Template {
    let mut by_header = None;
    for block in &doc.blocks {
        let text: String = block
            .text()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if text.contains("〔2021〕30号") || text.contains("[2021]30号") {
            return Template::Y2021;
        }
        if text.contains("〔2019〕60号") || text.contains("[2019]60号") {
            return Template::Y2019;
        }
        by_header = by_header.or_else(|| vocab::table1_version(&text));
    }
    by_header.unwrap_or_else(|| Template::for_year(year))
}
