//! nianbao (年报): a warehouse for China's government information-disclosure annual reports.
//!
//! The pipeline, one module a stage, each knowing nothing of the stages after it:
//!
//! 1. [`read`] — a file's bytes → text (encodings);
//! 2. [`document`] — text → a document of lines and tables;
//! 3. [`recognize`] — document → [`model::Report`]: agency, year, sections, the three
//!    tables by the keys of [`vocab`], listed problems and improvements;
//! 4. [`check`] — report (with the text it came from, and the same agency's previous year)
//!    → consistency findings (勾稽关系), each naming its cells and arithmetic;
//! 5. [`store`] — report + findings → SQLite, each report whole or not at all (which also
//!    recomputes the cross-year findings of the pairs the report is in).
//!
//! [`chinese`] holds the text helpers the stages share (space, width, numerals,
//! enumerators, dates, sentences).
//!
//! [`region`] places each agency: its name split into province, city, county, township and
//! body, with a gazetteer of divisions filling the levels the name leaves out.
//!
//! [`ingest`] drives 1–5 over files in parallel with one writer; [`copies`] then finds
//! sections copied between stored reports. What people take away
//! reads the store: [`queries`] (saved queries and the read-only guard), [`tabular`] (rows
//! in every output format), [`workbook`] (the office's xlsx), [`page`] (the report page),
//! with [`labels`] giving them the template's Chinese wording. The command-line interface
//! in `src/cli` is a thin layer over all of this.

pub mod check;
pub mod chinese;
pub mod copies;
pub mod document;
pub mod ingest;
pub mod labels;
pub mod model;
pub mod numbers;
pub mod page;
pub mod queries;
pub mod read;
pub mod recognize;
pub mod region;
pub mod store;
pub mod tabular;
pub mod terms;
pub mod vocab;
pub mod workbook;
