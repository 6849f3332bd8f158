//! The rules on a report's text: figures it states against its tables (`n.matches_table`),
//! and signs of last year's text copied (`s.stale_year`).
//!
//! `n.matches_table` compares the figures the narrative states (the report's facts, see
//! `recognize::facts`: 共收到政府信息公开申请N件; 未收到政府信息公开申请 states 0) with the
//! table cells that state the same figure (`vocab::FactSpec::cell_in`).

use std::sync::LazyLock;

use regex::Regex;

use super::{Failure, Finding, Unread, View, differ, finding, fmt_num};
use crate::document::Document;
use crate::model::{Fact, Report, TableStatus};
use crate::vocab::{self, TableCell};

/// A figure the report's text states.
#[derive(Debug, Clone, PartialEq)]
pub struct StatedFigure {
    /// A key of `vocab::FACTS`.
    pub fact: &'static str,
    pub value: f64,
    /// The sentence that states it, as printed.
    pub sentence: String,
    /// 1-based source line where the statement starts.
    pub line: usize,
}

impl From<&Fact> for StatedFigure {
    fn from(f: &Fact) -> StatedFigure {
        StatedFigure {
            fact: f.key,
            value: f.value,
            sentence: f.sentence.clone(),
            line: f.line,
        }
    }
}

/// `n.matches_table`: every stated figure equals its table cell. A 总计 left blank where
/// the row's other cells are filled (总计 printed only where needed) is their sum; a row
/// printed all blank holds 0, as blank cells print zeros. A figure whose cell was not
/// placed (or whose row's cells were not all placed, when the row's sum stands for it)
/// is not compared: the cells go to `unread`; one whose table is a picture or absent is
/// not compared either: `s.tables` says so.
fn check_stated(report: &Report, stated: &[StatedFigure], unread: &mut Unread) -> Option<Finding> {
    let mut failures = Vec::new();
    for s in stated {
        let Some(TableCell {
            table: table_no,
            row,
            col,
        }) = vocab::fact_spec(s.fact).and_then(|f| f.cell_in(report.template))
        else {
            continue;
        };
        let Some(table) = report
            .table(table_no)
            .filter(|t| matches!(t.status, TableStatus::Data | TableStatus::Partial))
        else {
            continue;
        };
        let view = View::new(report.year, report.template, table);
        if !view.all_placed([(row, col)], unread) {
            continue;
        }
        let (figure, how, cells) = match view.value(row, col) {
            Some(v) => (v, String::new(), vec![view.cell(row, col)]),
            None => {
                let Some(spec_row) = view.spec.row(row) else {
                    continue;
                };
                // Only a 总计 column is the sum of the row's others (现行有效件数 is not
                // 本年制发件数 + 本年废止件数).
                let (last, others) = match spec_row.cols.split_last() {
                    Some((last, others)) if last.key == col && col == "total" => (last, others),
                    _ => continue,
                };
                if !view.all_placed(others.iter().map(|c| (row, c.key)), unread) {
                    continue;
                }
                let filled: Vec<_> = others
                    .iter()
                    .filter(|c| view.value(row, c.key).is_some())
                    .collect();
                if filled.is_empty() {
                    match view.value_or_zero(row, col) {
                        Some(zero) => (zero, " (blank)".to_string(), vec![view.cell(row, col)]),
                        None => continue,
                    }
                } else {
                    let sum = filled.iter().filter_map(|c| view.value(row, c.key)).sum();
                    let how = format!(" ({} blank: the sum of the row)", last.label);
                    (
                        sum,
                        how,
                        filled.iter().map(|c| view.cell(row, c.key)).collect(),
                    )
                }
            }
        };
        if !differ(figure, s.value) {
            continue;
        }
        failures.push(Failure {
            detail: format!(
                "{} {} {}{how} ≠ {} stated at line {}: {}",
                view.row_number(row),
                view.col_label(col),
                fmt_num(figure),
                fmt_num(s.value),
                s.line,
                s.sentence
            ),
            cells,
        });
    }
    finding("n.matches_table", failures)
}

/// The document's lines joined without separators, so that a sentence wrapped across
/// lines reads whole, with the line each part starts at and where paragraphs start.
struct Prose {
    text: String,
    /// (byte offset in `text`, 1-based source line), ascending.
    starts: Vec<(usize, usize)>,
    /// Offsets where a paragraph starts: after a blank line, a line ending a sentence or a
    /// colon, or a numbered heading (（二）依申请公开方面, 三、收到和处理…); other line ends
    /// are taken for wrapping.
    paragraphs: Vec<usize>,
}

/// A line that starts with an item number: 一、 （二） (3) 4. 5、
static NUMBERED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[（(][一二三四五六七八九十0-9]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|[0-9]{1,2}\s*[、.．])")
        .expect("numbered line regex")
});

impl Prose {
    fn of(doc: &Document) -> Prose {
        let mut prose = Prose {
            text: String::new(),
            starts: Vec::new(),
            paragraphs: vec![0],
        };
        for line in doc.lines() {
            let text = line.text.trim();
            prose.starts.push((prose.text.len(), line.no));
            prose.text.push_str(text);
            let ends_paragraph = text.is_empty()
                || text.ends_with(['。', '；', '！', '？', '：', ':'])
                || (NUMBERED_RE.is_match(text) && !text.contains('。'));
            if ends_paragraph {
                prose.paragraphs.push(prose.text.len());
            }
        }
        prose
    }

    fn line_at(&self, offset: usize) -> usize {
        let i = self.starts.partition_point(|(start, _)| *start <= offset);
        self.starts
            .get(i.saturating_sub(1))
            .map_or(0, |(_, line)| *line)
    }

    /// Where the sentence holding `offset` starts (after 。；！？ or at its paragraph's
    /// start).
    fn start_of(&self, offset: usize) -> usize {
        let paragraph = self.paragraphs[..self.paragraphs.partition_point(|p| *p <= offset)]
            .last()
            .copied()
            .unwrap_or(0);
        self.text[paragraph..offset]
            .char_indices()
            .rev()
            .find(|(_, c)| matches!(c, '。' | '；' | '！' | '？'))
            .map_or(paragraph, |(i, c)| paragraph + i + c.len_utf8())
    }
}

/// The text rules on `doc`, the document `report` was recognized from: `n.matches_table`
/// on the report's facts, and `s.stale_year`.
pub(super) fn check_text(doc: &Document, report: &Report, unread: &mut Unread) -> Vec<Finding> {
    let prose = Prose::of(doc);
    let stated: Vec<StatedFigure> = report.facts.iter().map(StatedFigure::from).collect();
    check_stated(report, &stated, unread)
        .into_iter()
        .chain(check_stale_year(&prose, report))
        .collect()
}

/// 统计期限自2022年1月1日起至2022年12月31日止 (the year may be left out the second time).
static PERIOD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"([0-9]{4})\s*年\s*0?1\s*月\s*0?1\s*日[^。；]{0,8}?(?:至|到|—|－|-|~|～)\s*(?:([0-9]{4})\s*年\s*)?12\s*月\s*31\s*日",
    )
    .expect("period regex")
});

/// `s.stale_year`: a statistics period of another year, or a sentence that opens with the
/// previous year as its own time (2022年，… in a 2023 report) — the signs of last year's
/// report copied and not fully updated.
fn check_stale_year(prose: &Prose, report: &Report) -> Option<Finding> {
    let mut failures = Vec::new();
    for caps in PERIOD_RE.captures_iter(&prose.text) {
        let Some(whole) = caps.get(0) else { continue };
        let years = [caps.get(1), caps.get(2)];
        let stale = years
            .iter()
            .flatten()
            .any(|y| y.as_str().parse::<i32>().is_ok_and(|y| y != report.year));
        if stale {
            failures.push(Failure {
                detail: format!(
                    "line {}: the period {} is not {}",
                    prose.line_at(whole.start()),
                    whole.as_str(),
                    report.year
                ),
                cells: Vec::new(),
            });
        }
    }
    let previous = format!("{}年", report.year - 1);
    for (i, _) in prose.text.match_indices(&previous) {
        let opens = prose.start_of(i) == i || prose.starts.iter().any(|(s, _)| *s == i);
        let rest = &prose.text[i + previous.len()..];
        let as_its_own = ["，", ",", "度，", "以来", "全年"]
            .iter()
            .any(|w| rest.starts_with(w));
        if opens && as_its_own {
            let shown: String = prose.text[i..]
                .chars()
                .take_while(|c| !matches!(c, '。' | '；'))
                .take(30)
                .collect();
            failures.push(Failure {
                detail: format!(
                    "line {}: {shown} opens with {previous} in the {} report",
                    prose.line_at(i),
                    report.year
                ),
                cells: Vec::new(),
            });
        }
    }
    finding("s.stale_year", failures)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cell, Table};
    use crate::vocab::Template;

    fn report(year: i32, new_total: Option<f64>, natural: Option<f64>) -> Report {
        let cell = |col_key, value: Option<f64>| Cell {
            row_key: "new",
            col_key,
            value,
            raw: value.map_or(String::new(), fmt_num),
            line: 40,
        };
        Report {
            agency: "某镇人民政府".to_string(),
            year,
            identified_by: Default::default(),
            title: String::new(),
            template: Template::Y2021,
            published_on: None,
            contact: Default::default(),
            sections: vec![],
            tables: vec![Table {
                no: 2,
                status: TableStatus::Data,
                variant: None,
                images: vec![],
                // The row as printed: every applicant column, those not given blank.
                cells: vocab::T2_COLS
                    .iter()
                    .map(|c| match c.key {
                        "natural_person" => cell("natural_person", natural),
                        "total" => cell("total", new_total),
                        key => cell(key, None),
                    })
                    .collect(),
            }],
            issues_listed: vec![],
            facts: vec![],
            warnings: vec![],
        }
    }

    #[test]
    fn only_a_total_column_is_the_sum_of_its_row() {
        let cell = |col_key, value: Option<f64>| Cell {
            row_key: "normative_documents",
            col_key,
            value,
            raw: value.map_or(String::new(), fmt_num),
            line: 20,
        };
        let mut r = report(2023, None, None);
        r.tables = vec![Table {
            no: 1,
            status: TableStatus::Data,
            variant: None,
            images: vec![],
            cells: vec![
                cell("issued", Some(5.0)),
                cell("repealed", Some(2.0)),
                cell("in_force", None),
            ],
        }];
        let stated = StatedFigure {
            fact: "normative_documents.in_force",
            value: 30.0,
            sentence: "现行有效的规范性文件30件。".to_string(),
            line: 9,
        };
        assert_eq!(check_stated(&r, &[stated], &mut Unread::default()), None);
    }

    #[test]
    fn a_stated_figure_against_the_table() {
        let s = |value, line| StatedFigure {
            fact: "applications.new",
            value,
            sentence: "共收到政府信息公开申请15件".to_string(),
            line,
        };
        let r = report(2023, Some(12.0), Some(12.0));
        let f = check_stated(&r, &[s(12.0, 5)], &mut Unread::default());
        assert_eq!(f, None);
        let f = check_stated(&r, &[s(15.0, 5), s(12.0, 9)], &mut Unread::default()).unwrap();
        assert_eq!(
            f.detail,
            "一 总计 12 ≠ 15 stated at line 5: 共收到政府信息公开申请15件"
        );
        assert_eq!(f.cells.len(), 1);
        assert_eq!(
            (f.cells[0].label.as_str(), f.cells[0].value),
            ("一 总计", Some(12.0))
        );
        // 总计 left blank: the row's filled cells add up to the figure.
        let r = report(2023, None, Some(14.0));
        let f = check_stated(&r, &[s(15.0, 5)], &mut Unread::default()).unwrap();
        assert_eq!(
            f.detail,
            "一 总计 14 (总计 blank: the sum of the row) ≠ 15 stated at line 5: 共收到政府信息公开申请15件"
        );
        assert_eq!(f.cells[0].label, "一 自然人");
        // Printed all blank: 0.
        let f = check_stated(
            &report(2023, None, None),
            &[s(15.0, 5)],
            &mut Unread::default(),
        )
        .unwrap();
        assert_eq!(
            f.detail,
            "一 总计 0 (blank) ≠ 15 stated at line 5: 共收到政府信息公开申请15件"
        );
        assert_eq!(
            check_stated(
                &report(2023, None, None),
                &[s(0.0, 5)],
                &mut Unread::default()
            ),
            None
        );
        // Not placed: nothing to compare; the cell goes to the reading notice.
        let mut unplaced = report(2023, None, None);
        unplaced.tables[0].cells.clear();
        let mut unread = Unread::default();
        assert_eq!(check_stated(&unplaced, &[s(15.0, 5)], &mut unread), None);
        let names: Vec<(&str, &str)> = unread
            .cells
            .iter()
            .map(|(row, c)| (row.as_str(), c.label.as_str()))
            .collect();
        assert_eq!(names, [("一", "一 总计")]);
    }

    #[test]
    fn stale_year_from_the_period_and_an_opening_year() {
        let doc = Document::from_text(
            "报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。\n2022年，本机关深入贯彻《条例》。较2022年增加。\n2023年，本机关…",
        );
        let f = check_stale_year(&Prose::of(&doc), &report(2023, None, None)).unwrap();
        assert_eq!(
            f.detail,
            "line 1: the period 2022年1月1日起至2022年12月31日 is not 2023; \
             line 2: 2022年，本机关深入贯彻《条例》 opens with 2022年 in the 2023 report"
        );
        assert_eq!(f.severity, crate::vocab::Severity::Warning);
        assert_eq!(
            check_stale_year(&Prose::of(&doc), &report(2022, None, None)),
            None
        );
    }
}
