//! Chinese labels for what the reading commands show: column headers (`--headers zh`), the
//! cells of the template's tables in the template's order (the workbook), rule names,
//! severities, kinds and table statuses.
//!
//! The template's own wording comes from the vocabulary, read in one function
//! ([`read_vocabulary`]) into [`TemplateLabels`]; the warehouse's own columns (agency, year,
//! counts and rates the queries compute) have their labels here. A column with no label
//! keeps its key.

use std::collections::HashMap;
use std::sync::LazyLock;

/// A cell of a template table with its label as the template prints it
/// (`三（三）1.属于国家秘密｜自然人`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellLabel {
    pub row_key: &'static str,
    pub col_key: &'static str,
    pub label: String,
}

/// A template table: its number, title and every cell of every version, in the template's
/// order (the current version's cells, then those only an older version prints).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableLabels {
    pub no: u8,
    pub title: &'static str,
    pub cells: Vec<CellLabel>,
}

/// What this module takes from the template's vocabulary.
#[derive(Debug)]
pub struct TemplateLabels {
    /// Column keys of the three tables (自然人, 结果维持, 本年制发件数 …).
    columns: HashMap<&'static str, &'static str>,
    /// Row keys, as printed with their number (（一）予以公开, 四、结转下年度继续办理 …).
    rows: HashMap<&'static str, String>,
    /// The groups of dotted row keys (denied → （三）不予公开).
    groups: HashMap<&'static str, String>,
    pub tables: Vec<TableLabels>,
    /// Every rule id, in the order findings are reported.
    pub rule_ids: Vec<&'static str>,
    /// Every fact key the narrative can state.
    pub fact_keys: Vec<&'static str>,
}

/// The template's labels, read from the vocabulary once.
pub fn template() -> &'static TemplateLabels {
    static LABELS: LazyLock<TemplateLabels> = LazyLock::new(read_vocabulary);
    &LABELS
}

/// The one place the reading commands read the vocabulary: every version of each table,
/// their rows, columns and groups, the rule ids and the fact keys.
fn read_vocabulary() -> TemplateLabels {
    use crate::vocab;
    let mut labels = TemplateLabels {
        columns: HashMap::new(),
        rows: HashMap::new(),
        groups: HashMap::new(),
        tables: Vec::new(),
        rule_ids: vocab::RULES.iter().map(|r| r.id).collect(),
        fact_keys: vocab::FACTS.iter().map(|f| f.key).collect(),
    };
    for no in 1..=3u8 {
        let versions = vocab::versions(no);
        let mut table = TableLabels {
            no,
            title: versions[0].title,
            cells: Vec::new(),
        };
        for spec in versions {
            for row in spec.rows {
                let number = spec.row_number(row.key);
                // 一、本年新收… prints its number; 予以公开 and 1.属于国家秘密 are numbered
                // by their group (三（一）, 三（三）1).
                let printed = if number == row.label {
                    // Tables 1 and 3 number no rows: the row under its group, when the
                    // group is a heading of the table (行政诉讼), not a clause (第二十条…).
                    match row.group.filter(|g| !g.label.starts_with('第')) {
                        Some(group) => format!("{} {}", group.label, row.label),
                        None => row.label.to_string(),
                    }
                } else if row.label.starts_with(number.as_str()) {
                    row.label.to_string()
                } else if row.label.starts_with('（') {
                    let words = row
                        .label
                        .find('）')
                        .map_or(row.label, |end| &row.label[end + '）'.len_utf8()..]);
                    format!("{number}{words}")
                } else {
                    spec.row_title(row.key)
                };
                labels
                    .rows
                    .entry(row.key)
                    .or_insert_with(|| row.label.to_string());
                if let (Some((family, _)), Some(group)) = (row.key.split_once('.'), row.group) {
                    labels
                        .groups
                        .entry(family)
                        .or_insert_with(|| group.label.to_string());
                }
                for col in row.cols {
                    labels.columns.entry(col.key).or_insert(col.label);
                    if !table
                        .cells
                        .iter()
                        .any(|c| c.row_key == row.key && c.col_key == col.key)
                    {
                        table.cells.push(CellLabel {
                            row_key: row.key,
                            col_key: col.key,
                            label: format!("{printed}｜{}", col.label),
                        });
                    }
                }
            }
        }
        labels.tables.push(table);
    }
    labels
}

/// The warehouse's own columns: those of its tables and views and those the saved queries
/// compute. A key of the template's tables that a query shows under another name points to
/// it: `=row:KEY` a row, `=group:KEY` the group of rows `KEY.…`.
const WAREHOUSE_COLUMNS: &[(&str, &str)] = &[
    ("agency", "机关"),
    ("year", "年度"),
    ("region", "地区"),
    ("path", "文件"),
    ("source_path", "文件"),
    ("title", "标题"),
    ("template", "模板"),
    ("published_on", "发布日期"),
    ("table_no", "表"),
    ("row_key", "行"),
    ("col_key", "列"),
    ("value", "数值"),
    ("raw", "原文"),
    ("line", "行号"),
    ("status", "状态"),
    ("images", "图片"),
    ("table1_status", "表一状态"),
    ("table2_status", "表二状态"),
    ("table3_status", "表三状态"),
    ("cells", "单元格"),
    ("issues_listed", "列出的问题和改进"),
    ("findings", "检查发现"),
    ("warnings", "警告"),
    ("kind", "类别"),
    ("ordinal", "序号"),
    ("text", "内容"),
    ("rule", "规则"),
    ("severity", "严重程度"),
    ("detail", "问题及修改"),
    ("finding", "问题及修改"),
    ("message", "说明"),
    ("section", "部分"),
    ("key", "键"),
    ("unit", "单位"),
    ("sentence", "原句"),
    ("province", "省"),
    ("city", "市"),
    ("county", "县"),
    ("township", "乡镇（街道）"),
    ("body", "机关"),
    ("reports", "报告数"),
    ("reports_with_table2", "有表二数据的报告数"),
    ("new_applications", "=row:new"),
    ("prev_year_new_applications", "上年新收申请数量"),
    ("new_source", "来源"),
    ("prev_source", "上年来源"),
    ("new_from_narrative", "取自正文的新收申请数"),
    ("growth_pct", "增长率（%）"),
    ("other_handling", "=group:other"),
    ("reviews", "=row:review"),
    ("lawsuits", "行政诉讼"),
    ("correction_rate_pct", "纠错率（%）"),
    ("errors", "错误"),
    ("error_rules", "错误规则"),
    ("warning_rules", "警告规则"),
    ("website", "政务网站"),
    ("new_media", "政务新媒体"),
    ("gazette_issues", "政府公报（期）"),
    ("policy_interpretations", "政策解读"),
];

/// The Chinese label of a column named `key`, if it has one.
pub fn column(key: &str) -> Option<String> {
    let t = template();
    let of_template = |k: &str| {
        t.columns
            .get(k)
            .map(|l| l.to_string())
            .or_else(|| t.rows.get(k).cloned())
            .or_else(|| t.groups.get(k).cloned())
    };
    match WAREHOUSE_COLUMNS.iter().find(|(k, _)| *k == key) {
        Some((_, label)) => {
            if let Some(row) = label.strip_prefix("=row:") {
                t.rows.get(row).cloned()
            } else if let Some(group) = label.strip_prefix("=group:") {
                t.groups.get(group).cloned()
            } else {
                Some(label.to_string())
            }
        }
        None => of_template(key),
    }
}

/// Headers for `columns` in Chinese: each column's label, or its key when it has none; a
/// label two columns share is followed by the key (`总计 (total)`), so every header differs.
pub fn headers(columns: &[String]) -> Vec<String> {
    let labels: Vec<Option<String>> = columns.iter().map(|c| column(c)).collect();
    labels
        .iter()
        .zip(columns)
        .map(|(label, key)| match label {
            Some(l) if labels.iter().filter(|o| o.as_ref() == Some(l)).count() > 1 => {
                format!("{l} ({key})")
            }
            Some(l) => l.clone(),
            None => key.clone(),
        })
        .collect()
}

/// The rules in Chinese, by id: what each checks, as the office says it.
const RULES: &[(&str, &str)] = &[
    (
        "t1.running_total",
        "表一：现行有效件数与本年制发、废止件数不符",
    ),
    ("t1.whole_numbers", "表一：数量不是非负整数"),
    ("t2.balance", "表二：新收+上年结转≠办理总计+结转下年"),
    ("t2.outcomes_sum", "表二：（七）总计≠各办理结果之和"),
    ("t2.row_total", "表二：总计≠各类申请人之和"),
    ("t2.whole_numbers", "表二：申请数不是非负整数"),
    ("t3.row_total", "表三：总计≠维持+纠正+其他+未审结"),
    ("t3.whole_numbers", "表三：案件数不是非负整数"),
    ("x.carry_chain", "上年结转数≠上年报告的结转下年数"),
    ("x.in_force_chain", "现行有效件数与上年报告不衔接"),
    ("n.matches_table", "正文数字与表格不符"),
    ("s.stale_year", "正文沿用上年内容"),
    ("s.copied_text", "章节与其他报告雷同"),
    ("s.sections", "缺少规定的部分"),
    ("s.tables", "统计表缺失或为图片"),
    ("s.publication_date", "落款未注明发布日期"),
    ("s.published_after_year", "发布日期早于报告年度结束"),
    ("s.published_on_time", "逾期发布（晚于次年1月31日）"),
    ("reading", "未能读取（非报告差错，请人工查看原文）"),
];

/// The rule `id` in Chinese, or the id itself for a rule without a label.
pub fn rule(id: &str) -> String {
    RULES
        .iter()
        .find(|(k, _)| *k == id)
        .map_or_else(|| id.to_string(), |(_, l)| l.to_string())
}

/// error → 错误, warning → 警告.
pub fn severity(key: &str) -> &str {
    match key {
        "error" => "错误",
        "warning" => "警告",
        other => other,
    }
}

/// problem → 问题, improvement → 改进.
pub fn kind(key: &str) -> &str {
    match key {
        "problem" => "问题",
        "improvement" => "改进",
        other => other,
    }
}

/// A table's status in Chinese: data → 数据, partial → 部分, image → 图片, missing → 缺失.
pub fn status(key: &str) -> &str {
    match key {
        "data" => "数据",
        "partial" => "部分读出",
        "image" => "图片",
        "missing" => "缺失",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_rule_has_a_chinese_name() {
        for id in &template().rule_ids {
            assert_ne!(rule(id), *id, "{id} has no Chinese name in labels::RULES");
        }
        assert_eq!(RULES.len(), template().rule_ids.len());
    }

    #[test]
    fn columns_take_the_templates_wording() {
        let h = headers(&owned(&[
            "agency",
            "year",
            "natural_person",
            "granted",
            "denied",
            "other_handling",
            "total_processed",
            "carried_forward",
            "new_applications",
            "correction_rate_pct",
            "no_such_column",
        ]));
        assert_eq!(
            h,
            owned(&[
                "机关",
                "年度",
                "自然人",
                "（一）予以公开",
                "（三）不予公开",
                "（六）其他处理",
                "（七）总计",
                "四、结转下年度继续办理",
                "一、本年新收政府信息公开申请数量",
                "纠错率（%）",
                "no_such_column",
            ])
        );
        // Table 3's columns in review-litigation.
        assert_eq!(
            headers(&owned(&[
                "upheld",
                "corrected",
                "other",
                "pending",
                "total"
            ])),
            owned(&["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"])
        );
        // A label two columns share names its key.
        assert_eq!(
            headers(&owned(&["path", "source_path"])),
            owned(&["文件 (path)", "文件 (source_path)"])
        );
    }

    #[test]
    fn cells_in_the_templates_order_with_their_printed_labels() {
        let t = template();
        let t2 = &t.tables[1];
        assert_eq!(t2.title, "收到和处理政府信息公开申请情况");
        let label = |row: &str, col: &str| {
            t2.cells
                .iter()
                .find(|c| c.row_key == row && c.col_key == col)
                .map(|c| c.label.as_str())
        };
        assert_eq!(
            label("new", "natural_person"),
            Some("一、本年新收政府信息公开申请数量｜自然人")
        );
        assert_eq!(label("granted", "total"), Some("三（一）予以公开｜总计"));
        assert_eq!(
            label("denied.state_secret", "commercial"),
            Some("三（三）1.属于国家秘密｜商业企业")
        );
        assert_eq!(label("other", "total"), Some("三（六）其他处理｜总计"));
        assert_eq!(t2.cells[0].row_key, "new");
        assert_eq!(t2.cells.last().map(|c| c.row_key), Some("other"));
        // 2021's rows first, then the 2019 single （六） row: 26 rows of 7, each once.
        assert_eq!(t2.cells.len(), 26 * 7);
        let t3 = &t.tables[2];
        assert_eq!(t3.cells.len(), 15);
        assert_eq!(t3.cells[5].label, "行政诉讼 未经复议直接起诉｜结果维持");
        let t1 = &t.tables[0];
        assert_eq!(t1.cells[0].label, "规章｜本年制发件数");
        assert!(t1.cells.iter().any(|c| c.label == "规章｜本年新制作数量"));
    }
}
