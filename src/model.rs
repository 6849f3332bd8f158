//! The recognized report: what the parser makes of one document, before checks and storage.
//! Everything here is plain data; the recognizer fills it, `check` reads it (and finds
//! [`Finding`]s), `store` saves both.

use crate::vocab::{Severity, TableSpec, Template};

/// A calendar date, as printed in a report's signature (2024年1月22日).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// A date only if it exists in the calendar.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// ISO 8601, as stored.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// How a table reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableStatus {
    /// Every cell of the template was placed.
    Data,
    /// Some cells were placed; the report's warnings name the lines that could not be.
    Partial,
    /// The table is a picture: nothing to read.
    Image,
    /// Neither data nor picture where the table belongs.
    Missing,
}

impl TableStatus {
    pub fn key(self) -> &'static str {
        match self {
            TableStatus::Data => "data",
            TableStatus::Partial => "partial",
            TableStatus::Image => "image",
            TableStatus::Missing => "missing",
        }
    }
}

/// One placed cell of a statistical table.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub row_key: &'static str,
    pub col_key: &'static str,
    /// The number printed; `None` for a blank, `/`, `—`, `无` cell.
    pub value: Option<f64>,
    /// The cell's text exactly as printed (trimmed).
    pub raw: String,
    /// 1-based line of the source the value came from.
    pub line: usize,
}

/// A recognized statistical table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub no: u8,
    pub status: TableStatus,
    /// The version of the table it was read as (the template's, or a variant agencies
    /// print); `None` when nothing was read (a picture, absent) or it is not known.
    pub variant: Option<&'static TableSpec>,
    /// Picture references (`[image: 1]`) where the table was printed as an image.
    pub images: Vec<String>,
    pub cells: Vec<Cell>,
}

impl Table {
    pub fn empty(no: u8, status: TableStatus) -> Table {
        Table {
            no,
            status,
            variant: None,
            images: Vec::new(),
            cells: Vec::new(),
        }
    }

    pub fn cell(&self, row_key: &str, col_key: &str) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|c| c.row_key == row_key && c.col_key == col_key)
    }

    /// The number in a cell; `None` when the cell is blank or was not placed.
    pub fn value(&self, row_key: &str, col_key: &str) -> Option<f64> {
        self.cell(row_key, col_key).and_then(|c| c.value)
    }
}

/// A section of the report's text. The text before the first heading is stored under the
/// key `preamble`, the closing lines under `signature`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub key: &'static str,
    pub ordinal: usize,
    /// The heading line as written (empty for `preamble`).
    pub heading: String,
    pub body: String,
    /// 1-based line of the heading (or of the first body line).
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IssueKind {
    Problem,
    Improvement,
}

impl IssueKind {
    pub fn key(self) -> &'static str {
        match self {
            IssueKind::Problem => "problem",
            IssueKind::Improvement => "improvement",
        }
    }
}

/// One problem or improvement listed in section five.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedIssue {
    pub kind: IssueKind,
    /// 1-based position within its kind.
    pub ordinal: usize,
    pub text: String,
}

/// Contact details from the preamble, where given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
}

/// A figure the narrative states, under a key of `vocab::FACTS`.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// The section the sentence is in (`preamble`, a section key).
    pub section: &'static str,
    pub key: &'static str,
    pub value: f64,
    /// As printed after the number (件, 条, 篇, %, 元 …), else the key's own unit.
    pub unit: &'static str,
    /// The sentence as printed, lines joined.
    pub sentence: String,
    /// 1-based source line the sentence starts on.
    pub line: usize,
}

/// Something the parser saw but could not place: stored with the report, never dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// 1-based source line, 0 when the warning is about the whole report.
    pub line: usize,
    pub message: String,
}

/// Where a report's agency or year was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Source {
    /// The report's title in its text (`<agency><year>年…政府信息公开工作年度报告`).
    #[default]
    Title,
    /// What the file says of itself outside the report's text: a page's 发布机构 or title
    /// (`<title>`, `og:title`, `ArticleTitle`), a crawler's header, a PDF's document title.
    Metadata,
    /// The agency signing the report at its end.
    Signature,
    /// The agency the contact sentence names (请与XX办公室联系: XX).
    Contact,
    /// The statistics period (统计期限自2023年1月1日起至2023年12月31日止).
    Period,
    /// A title in the file's own name.
    FileName,
}

impl Source {
    pub const ALL: [Source; 6] = [
        Source::Title,
        Source::Metadata,
        Source::Signature,
        Source::Contact,
        Source::Period,
        Source::FileName,
    ];

    /// The stable name stored with a report.
    pub fn key(self) -> &'static str {
        match self {
            Source::Title => "title",
            Source::Metadata => "metadata",
            Source::Signature => "signature",
            Source::Contact => "contact",
            Source::Period => "period",
            Source::FileName => "file_name",
        }
    }
}

/// Where a report's agency and year were read, for a user to audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct IdentifiedBy {
    pub agency: Source,
    pub year: Source,
}

impl IdentifiedBy {
    /// As stored: the one source both came from (`title`), else the agency's and the
    /// year's joined by `+` (`signature+period`).
    pub fn key(&self) -> String {
        if self.agency == self.year {
            self.agency.key().to_string()
        } else {
            format!("{}+{}", self.agency.key(), self.year.key())
        }
    }

    /// The inverse of [`IdentifiedBy::key`].
    pub fn from_key(key: &str) -> Option<IdentifiedBy> {
        let source = |k: &str| Source::ALL.into_iter().find(|s| s.key() == k);
        match key.split_once('+') {
            None => source(key).map(|s| IdentifiedBy { agency: s, year: s }),
            Some((agency, year)) => Some(IdentifiedBy {
                agency: source(agency)?,
                year: source(year)?,
            }),
        }
    }
}

/// The recognized report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The agency's name as printed where it was found (see `identified_by`).
    pub agency: String,
    pub year: i32,
    /// Where the agency and the year were read.
    pub identified_by: IdentifiedBy,
    /// The title as printed, joined into one line; a title the file gives outside the text
    /// when the text has none; empty when nothing printed one.
    pub title: String,
    pub template: Template,
    pub published_on: Option<Date>,
    pub contact: Contact,
    pub sections: Vec<Section>,
    /// Tables 1, 2, 3 in that order.
    pub tables: Vec<Table>,
    pub issues_listed: Vec<ListedIssue>,
    /// Figures the narrative states, in the order of the text.
    pub facts: Vec<Fact>,
    pub warnings: Vec<Warning>,
}

impl Report {
    pub fn table(&self, no: u8) -> Option<&Table> {
        self.tables.iter().find(|t| t.no == no)
    }

    pub fn section(&self, key: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.key == key)
    }

    /// The first stated value of a fact key.
    pub fn fact(&self, key: &str) -> Option<f64> {
        self.facts.iter().find(|f| f.key == key).map(|f| f.value)
    }
}

/// A table cell a finding involves.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingCell {
    /// The report year the cell is from: the `x.*` rules involve two years.
    pub year: i32,
    pub table_no: u8,
    pub row_key: &'static str,
    pub col_key: &'static str,
    /// The row's number (or label) and the column's label as printed: `一 自然人`,
    /// `三（七）总计`, `三（三）1 总计`, `行政复议 结果维持`, `规章 现行有效件数`.
    pub label: String,
    /// The number printed; `None` when the cell is blank or was not placed.
    pub value: Option<f64>,
    /// 1-based source line of the cell; 0 when it was not placed.
    pub line: usize,
}

/// A rule a report fails: where, with which numbers, and the arithmetic that does not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// An id of [`crate::vocab::RULES`].
    pub rule: &'static str,
    pub severity: Severity,
    /// The arithmetic that failed, with the printed labels; one part per column, row or
    /// sentence that fails, joined by `; `.
    pub detail: String,
    /// The cells involved, each once, in the order the detail names them.
    pub cells: Vec<FindingCell>,
}
