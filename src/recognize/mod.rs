//! Recognizing a report in a document: the document as logical lines (crawler headers and
//! page chrome out, flattened text cut at its headings), agency and year from the title or
//! wherever else the report names itself, the six sections, the three tables by key, the
//! problems and improvements of section five, the figures the narrative states, contact
//! details and the publication date.

pub mod agency;
pub mod facts;
pub mod identify;
pub mod listed;
pub mod meta;
pub mod reflow;
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
    /// No title, and too few section headings for an annual report.
    NotAReport,
    /// A report, but nothing names its agency (the year, where something names it).
    NoAgency { year: Option<i32> },
    /// A report of `agency`, but nothing names its year.
    NoYear { agency: String },
}

impl fmt::Display for RecognizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecognizeError::NotAReport => write!(
                f,
                "no report title found: expected a line like \
                 \"<agency> 2023年政府信息公开工作年度报告\" near the top; is this an annual report?"
            ),
            RecognizeError::NoAgency { year } => {
                let year = year.map_or("2023".to_string(), |y| y.to_string());
                write!(
                    f,
                    "no agency found: looked for it in the title, the page's or the document's \
                     own title and 发布机构, the file name, the signature at the end and the contact \
                     sentence (请与…联系); add the title line \"<agency> {year}年政府信息公开工作年度报告\" \
                     at the top and ingest the file again"
                )
            }
            RecognizeError::NoYear { agency } => write!(
                f,
                "no year found for the report of {agency}: looked for it in the title, the page's \
                 or the document's own title, the statistics period (统计期限自2023年1月1日起至\
                 2023年12月31日止) and the file name; add the title line \"{agency}2023年政府信息\
                 公开工作年度报告\" with its year at the top and ingest the file again"
            ),
        }
    }
}

impl std::error::Error for RecognizeError {}

pub fn recognize(doc: &Document) -> Result<Report, RecognizeError> {
    let reflow::Reflowed {
        doc: mut page,
        properties,
    } = reflow::reflow(doc);
    let title = title::find_title(&page);
    if let Some(t) = &title
        && let Some(at) = t.ends_at
    {
        reflow::split_line(&mut page, t.block, at);
    }
    let mut clues = identify::clues(&page, &properties, title.as_ref());
    reflow::split_signature(&mut page, clues.agency_hint());
    let doc: &Document = &page;
    let spans = sections::split_sections(doc, title.as_ref().map_or(0, |t| t.next_block));
    clues.signature(doc, &spans);
    let headings = spans
        .iter()
        .filter(|s| vocab::section(s.key).is_some())
        .count();
    let identity = clues.decide(headings)?;
    let template = detect_template(doc, identity.year);

    let mut report = Report {
        agency: identity.agency,
        year: identity.year,
        identified_by: identity.identified_by,
        title: identity.title,
        template,
        published_on: meta::publication_date(doc, &spans)
            .or_else(|| properties.date.as_deref().and_then(crate::chinese::date_in)),
        contact: Default::default(),
        sections: Vec::new(),
        tables: Vec::new(),
        issues_listed: Vec::new(),
        facts: facts::facts(doc, &spans, identity.year),
        warnings: identity.warnings,
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

/// How the tables of a document are read, step by step (`nianbao explain`): the tokens of
/// each table's text, the row each run of values was read as, and how its values were placed
/// or why not; `only` keeps one table.
pub fn explain(doc: &Document, only: Option<u8>) -> Result<String, RecognizeError> {
    let (report, steps) = tables::traced(|| recognize(doc));
    let report = report?;
    let mut out = format!(
        "{} {} (template {})\n",
        report.agency,
        report.year,
        report.template.document_number()
    );
    let mut last = None;
    for (no, step) in steps.iter().filter(|(no, _)| only.is_none_or(|o| o == *no)) {
        if last != Some(*no) {
            let spec = vocab::table(*no, report.template);
            out.push_str(&format!("\ntable {no} {}\n", spec.title));
            last = Some(*no);
        }
        out.push_str(step);
        out.push('\n');
    }
    for no in (1..=3).filter(|no| only.is_none_or(|o| o == *no)) {
        if !steps.iter().any(|(n, _)| *n == no) {
            out.push_str(&format!("\ntable {no}: its section was not found\n"));
        }
    }
    Ok(out)
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
