//! The warehouse's fixed vocabulary of the national template: section keys, the
//! templates and their three statistical tables ([`template`], with their data in
//! [`tables`]), the consistency rule ids and the narrative's fact keys.
//!
//! Keys are a contract with queries, tests and users: never rename one. Labels are the
//! template's own wording; `aliases` are variants seen in real reports (typos, older
//! wording). The parser matches against both; the generator prints both.

pub mod glossary;
pub mod tables;
pub mod template;

pub use tables::{T2_COLS, T3_COLS, TABLE1_2019, TABLE1_2021, TABLE2_2019, TABLE2_2021, TABLE3};
pub use template::{
    ColSpec, GroupSpec, RowSpec, Sum, TableSpec, Template, TemplateSpec, Told, Variant, Versions,
    candidates, choose, col_key, header_template, printed, printings, row_key, table,
    table1_version, versions,
};

/// One of the six sections of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectionSpec {
    pub key: &'static str,
    /// The heading as the template words it, without its number.
    pub heading: &'static str,
    /// Phrases that identify the heading whatever its numbering and extra words; any one
    /// is enough.
    pub markers: &'static [&'static str],
}

pub const SECTIONS: [SectionSpec; 6] = [
    SectionSpec {
        key: "overview",
        heading: "总体情况",
        markers: &["总体情况", "总体概述", "概述"],
    },
    SectionSpec {
        key: "proactive",
        heading: "主动公开政府信息情况",
        markers: &["主动公开政府信息情况", "主动公开政府信息", "主动公开情况"],
    },
    SectionSpec {
        key: "applications",
        heading: "收到和处理政府信息公开申请情况",
        markers: &[
            "收到和处理政府信息公开申请",
            "政府信息公开申请情况",
            "依申请公开情况",
            "依申请公开办理",
        ],
    },
    SectionSpec {
        key: "review_litigation",
        heading: "政府信息公开行政复议、行政诉讼情况",
        markers: &["行政复议", "行政诉讼", "行政法复议"],
    },
    SectionSpec {
        key: "problems",
        heading: "存在的主要问题及改进情况",
        markers: &[
            "存在的主要问题",
            "主要问题及改进",
            "存在问题及改进",
            "问题及改进",
        ],
    },
    SectionSpec {
        key: "other",
        heading: "其他需要报告的事项",
        markers: &["其他需要报告的事项", "其他需要报告事项", "其他事项"],
    },
];

pub fn section(key: &str) -> Option<&'static SectionSpec> {
    SECTIONS.iter().find(|s| s.key == key)
}

// ---------------------------------------------------------------- rules

/// How bad a failed rule is: an error is a mistake to fix before publication; a warning
/// is something to look at; a reading notice is no fault of the report: the reader could
/// not read part of it, so the rules that needed that part did not run there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Reading,
    Warning,
    Error,
}

impl Severity {
    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Reading => "reading",
        }
    }

    pub fn from_key(key: &str) -> Option<Severity> {
        match key {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "reading" => Some(Severity::Reading),
            _ => None,
        }
    }
}

/// A consistency rule (勾稽关系): those the template states, and those it implies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleSpec {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

const fn rule(id: &'static str, severity: Severity, summary: &'static str) -> RuleSpec {
    RuleSpec {
        id,
        severity,
        summary,
    }
}

/// Every rule `check` applies, in the order findings are reported. `nianbao check --rules`
/// prints this list.
pub const RULES: &[RuleSpec] = &[
    rule(
        "t1.running_total",
        Severity::Error,
        "table 1, 规章 and 规范性文件: 现行有效件数 ≥ 本年制发件数 - 本年废止件数 (2021); 对外公开总数量 ≥ 本年新公开数量 (2019)",
    ),
    rule(
        "t1.whole_numbers",
        Severity::Error,
        "table 1: every count is a whole number, not negative (本年增/减 and amounts excepted)",
    ),
    rule(
        "t2.balance",
        Severity::Error,
        "table 2, each column: 一 new + 二 carried over = 三（七）total processed + 四 carried forward",
    ),
    rule(
        "t2.outcomes_sum",
        Severity::Error,
        "table 2, each column: 三（七）total processed = sum of the outcome rows 三（一）…（六）",
    ),
    rule(
        "t2.row_total",
        Severity::Error,
        "table 2, each row: 总计 = sum of the six applicant columns",
    ),
    rule(
        "t2.whole_numbers",
        Severity::Error,
        "table 2: every cell is a whole number of applications, not negative",
    ),
    rule(
        "t3.row_total",
        Severity::Error,
        "table 3, each row: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
    ),
    rule(
        "t3.whole_numbers",
        Severity::Error,
        "table 3: every cell is a whole number of cases, not negative",
    ),
    rule(
        "x.carry_chain",
        Severity::Error,
        "same agency, each column: 二 carried over (year N) = 四 carried forward (year N-1)",
    ),
    rule(
        "x.in_force_chain",
        Severity::Warning,
        "same agency, 规章 and 行政规范性文件: 现行有效件数 (N) = 现行有效件数 (N-1) + 本年制发件数 (N) - 本年废止件数 (N) (documents that expire unrepealed break it)",
    ),
    rule(
        "n.matches_table",
        Severity::Error,
        "a figure the text states (共收到政府信息公开申请N件; 未收到… is 0) equals the table's",
    ),
    rule(
        "s.stale_year",
        Severity::Warning,
        "the text speaks of the previous year as its own (统计期限, 2022年，… in a 2023 report): last year's text copied",
    ),
    rule(
        "s.copied_text",
        Severity::Warning,
        "a section (一, 五 or 六) is not the same as another agency's of the same year, nor section 五 as the agency's previous year (`nianbao copies`: 5-character shingles, Jaccard ≥ 0.7 by default)",
    ),
    rule(
        "s.sections",
        Severity::Error,
        "all six sections are present (a line that reads as a section's heading the reader did not recognize is a reading notice)",
    ),
    rule(
        "s.tables",
        Severity::Error,
        "the three tables are present as data (not only as images, not absent; a table read only in part, or not found where its labels are printed, is a reading notice)",
    ),
    rule(
        "s.publication_date",
        Severity::Warning,
        "the signature gives the publication date",
    ),
    rule(
        "s.published_after_year",
        Severity::Error,
        "the publication date falls after the year reported on (a date inside it is mistyped or copied)",
    ),
    rule(
        "s.published_on_time",
        Severity::Error,
        "the publication date is on or before 31 January of the next year",
    ),
    rule(
        READING,
        Severity::Reading,
        "not the report's fault: cells, sections or tables the reader could not read, so the rules that need them did not run there; look at the file by eye",
    ),
];

/// The rule id of a report's one reading notice.
pub const READING: &str = "reading";

/// The rule with this id.
pub fn rule_spec(id: &str) -> Option<&'static RuleSpec> {
    RULES.iter().find(|r| r.id == id)
}

// ---------------------------------------------------------------- narrative facts

/// A figure the narrative states (`recognize::facts` finds them sentence by sentence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactSpec {
    pub key: &'static str,
    /// The unit stored when the sentence prints none (a figure stated in words, such as
    /// 未收到政府信息公开申请 for 0).
    pub unit: &'static str,
    pub summary: &'static str,
    /// The table cell stating the same figure (2021 template), for comparing the two: the
    /// `n.matches_table` rule and queries that fall back to the narrative.
    pub cell: Option<TableCell>,
}

impl FactSpec {
    /// The cell stating the same figure in a report on `template`: table 1 of the 2019
    /// template counts documents made and published, not issued, repealed and in force,
    /// so it has none.
    pub fn cell_in(&self, template: Template) -> Option<TableCell> {
        self.cell.filter(|c| {
            table(c.table, template)
                .row(c.row)
                .is_some_and(|r| r.cols.iter().any(|col| col.key == c.col))
        })
    }
}

/// A cell of a statistical table by its keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableCell {
    pub table: u8,
    pub row: &'static str,
    pub col: &'static str,
}

const fn fact(key: &'static str, unit: &'static str, summary: &'static str) -> FactSpec {
    FactSpec {
        key,
        unit,
        summary,
        cell: None,
    }
}

const fn fact_cell(
    key: &'static str,
    unit: &'static str,
    summary: &'static str,
    (table, row, col): (u8, &'static str, &'static str),
) -> FactSpec {
    FactSpec {
        key,
        unit,
        summary,
        cell: Some(TableCell { table, row, col }),
    }
}

/// Every fact key, in the order the README documents them. A sentence that states none of
/// these stores nothing.
pub const FACTS: &[FactSpec] = &[
    fact_cell(
        "applications.new",
        "件",
        "applications received this year (收到政府信息公开申请100件; 未收到…申请 is 0)",
        (2, "new", "total"),
    ),
    fact(
        "applications.prev_year_new",
        "件",
        "applications received the year before: stated (上年为74件), or this year's less the stated change (较去年增加26件), or this year's when 与上年相比无变化",
    ),
    fact(
        "applications.change",
        "件",
        "change from the year before (较去年增加26件 is 26, 减少 negative, 无变化 0)",
    ),
    fact(
        "applications.growth_pct",
        "%",
        "growth from the year before in percent (同比增长35.1%; 下降 negative)",
    ),
    fact_cell(
        "applications.natural_person",
        "件",
        "applications by natural persons (其中自然人申请12件)",
        (2, "new", "natural_person"),
    ),
    fact_cell(
        "applications.carried_over",
        "件",
        "applications carried over from the year before (上年结转3件)",
        (2, "carried_over", "total"),
    ),
    fact_cell(
        "applications.processed",
        "件",
        "applications handled (办结98件)",
        (2, "total_processed", "total"),
    ),
    fact_cell(
        "applications.carried_forward",
        "件",
        "applications carried into next year (结转下年度继续办理5件)",
        (2, "carried_forward", "total"),
    ),
    fact(
        "published.total",
        "条",
        "government information published proactively, all channels (主动公开政府信息450条)",
    ),
    fact(
        "published.website",
        "条",
        "information published on a government website (通过政务网站发布政务信息91条)",
    ),
    fact(
        "published.new_media",
        "条",
        "information published on WeChat and other new media (通过微信公众号发布消息383条)",
    ),
    fact(
        "published.gazette",
        "期",
        "issues of the government gazette (政府公报4期)",
    ),
    fact(
        "policy_interpretations",
        "条",
        "policy interpretations published (政策解读材料67条)",
    ),
    fact_cell(
        "regulations.issued",
        "件",
        "规章 issued this year",
        (1, "regulations", "issued"),
    ),
    fact_cell(
        "regulations.repealed",
        "件",
        "规章 repealed this year",
        (1, "regulations", "repealed"),
    ),
    fact_cell(
        "regulations.in_force",
        "件",
        "规章 in force",
        (1, "regulations", "in_force"),
    ),
    fact_cell(
        "normative_documents.issued",
        "件",
        "行政规范性文件 issued this year (制发行政规范性文件5件)",
        (1, "normative_documents", "issued"),
    ),
    fact_cell(
        "normative_documents.repealed",
        "件",
        "行政规范性文件 repealed or declared void (标注废止或失效行政规范性文件27件)",
        (1, "normative_documents", "repealed"),
    ),
    fact_cell(
        "normative_documents.in_force",
        "件",
        "行政规范性文件 in force (现行有效的规范性文件0件)",
        (1, "normative_documents", "in_force"),
    ),
    fact(
        "normative_documents.reviewed",
        "件",
        "行政规范性文件 reviewed in a clean-up (清理规范性文件数0件)",
    ),
    fact(
        "npc_suggestions",
        "件",
        "people's congress deputies' suggestions handled (人大代表建议66件)",
    ),
    fact(
        "cppcc_proposals",
        "件",
        "CPPCC members' proposals handled (政协委员提案98件)",
    ),
    fact(
        "suggestions_and_proposals",
        "件",
        "suggestions and proposals handled, counted together (建议提案共15件)",
    ),
    fact(
        "suggestions_completion_pct",
        "%",
        "share of suggestions and proposals answered (办复率100%)",
    ),
    fact(
        "fees_collected",
        "元",
        "information-processing fees collected (未收取信息处理费 is 0)",
    ),
    fact("trainings", "次", "trainings held (专题培训4次)"),
    fact_cell(
        "review.total",
        "件",
        "administrative reviews over disclosure (被申请行政复议2件)",
        (3, "review", "total"),
    ),
    fact(
        "litigation.total",
        "件",
        "lawsuits over disclosure, direct and after review together (被提起行政诉讼1件)",
    ),
];

/// The fact key equal to `key`, as a `'static` spec.
pub fn fact_spec(key: &str) -> Option<&'static FactSpec> {
    FACTS.iter().find(|f| f.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fact_cells_are_cells_of_the_template() {
        // Every cell a fact names is a cell of the 2021 template.
        for fact in FACTS {
            assert_eq!(fact.cell_in(Template::Y2021), fact.cell, "{}", fact.key);
        }
        let keys: Vec<&str> = FACTS.iter().map(|f| f.key).collect();
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), keys.len());
        assert_eq!(
            fact_spec("normative_documents.issued").and_then(|f| f.cell_in(Template::Y2019)),
            None
        );
        assert_eq!(
            fact_spec("applications.new").and_then(|f| f.cell_in(Template::Y2019)),
            Some(TableCell {
                table: 2,
                row: "new",
                col: "total"
            })
        );
    }

    #[test]
    fn rule_ids_are_unique_and_cover_the_format() {
        for (i, r) in RULES.iter().enumerate() {
            assert!(RULES[..i].iter().all(|x| x.id != r.id), "{}", r.id);
            assert!(!r.summary.is_empty());
        }
        for id in [
            "t2.balance",
            "t2.outcomes_sum",
            "t2.row_total",
            "t3.row_total",
            "x.carry_chain",
            "x.in_force_chain",
            "n.matches_table",
            "s.stale_year",
            "s.sections",
            "s.tables",
            "s.published_on_time",
        ] {
            assert!(rule_spec(id).is_some(), "{id}");
        }
    }
}
