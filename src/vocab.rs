//! The warehouse's fixed vocabulary, as `FORMAT.md` defines it: section keys, the rows and
//! columns of the three statistical tables, and the consistency rule ids.
//!
//! Keys are a contract with queries, tests and users: never rename one. Labels are the
//! template's own wording; `aliases` are variants seen in real reports (typos, older
//! wording). The parser matches against both; the generator prints both.

/// Which national template a report follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Template {
    /// 国办公开办函〔2019〕60号, report years 2019–2020.
    Y2019,
    /// 国办公开办函〔2021〕30号, report year 2021 onward.
    Y2021,
}

impl Template {
    pub fn key(self) -> &'static str {
        match self {
            Template::Y2019 => "2019",
            Template::Y2021 => "2021",
        }
    }

    pub fn from_key(key: &str) -> Option<Template> {
        match key {
            "2019" => Some(Template::Y2019),
            "2021" => Some(Template::Y2021),
            _ => None,
        }
    }

    /// The template document number as reports cite it.
    pub fn document_number(self) -> &'static str {
        match self {
            Template::Y2019 => "国办公开办函〔2019〕60号",
            Template::Y2021 => "国办公开办函〔2021〕30号",
        }
    }

    /// The template a report year falls under when the report does not say.
    pub fn for_year(year: i32) -> Template {
        if year <= 2020 {
            Template::Y2019
        } else {
            Template::Y2021
        }
    }
}

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

/// A column of a statistical table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub aliases: &'static [&'static str],
}

/// A row of a statistical table. `group` is the printed label of the row group the row
/// sits under (（三）不予公开 …), needed to tell apart rows whose own label is generic
/// (3.其他).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub aliases: &'static [&'static str],
    pub group: Option<&'static str>,
    pub cols: &'static [ColSpec],
}

/// One of the three statistical tables, in one template's version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableSpec {
    pub no: u8,
    pub section: &'static str,
    pub title: &'static str,
    pub rows: &'static [RowSpec],
}

impl TableSpec {
    pub fn row(&self, key: &str) -> Option<&'static RowSpec> {
        self.rows.iter().find(|r| r.key == key)
    }

    pub fn cell_count(&self) -> usize {
        self.rows.iter().map(|r| r.cols.len()).sum()
    }
}

const fn col(key: &'static str, label: &'static str) -> ColSpec {
    ColSpec {
        key,
        label,
        aliases: &[],
    }
}

// ---------------------------------------------------------------- table 1, 2021

const T1_DOCS_2021: &[ColSpec] = &[
    col("issued", "本年制发件数"),
    ColSpec {
        key: "repealed",
        label: "本年废止件数",
        aliases: &["本年度止件数"],
    },
    col("in_force", "现行有效件数"),
];
const T1_DECISIONS_2021: &[ColSpec] = &[col("decisions", "本年处理决定数量")];
const T1_FEES_2021: &[ColSpec] = &[col("amount_wan_yuan", "本年收费金额（单位：万元）")];

pub const TABLE1_2021: TableSpec = TableSpec {
    no: 1,
    section: "proactive",
    title: "主动公开政府信息情况",
    rows: &[
        RowSpec {
            key: "regulations",
            label: "规章",
            aliases: &[],
            group: Some("第二十条第（一）项"),
            cols: T1_DOCS_2021,
        },
        RowSpec {
            key: "normative_documents",
            label: "行政规范性文件",
            aliases: &["规范性文件"],
            group: Some("第二十条第（一）项"),
            cols: T1_DOCS_2021,
        },
        RowSpec {
            key: "licensing",
            label: "行政许可",
            aliases: &[],
            group: Some("第二十条第（五）项"),
            cols: T1_DECISIONS_2021,
        },
        RowSpec {
            key: "punishment",
            label: "行政处罚",
            aliases: &[],
            group: Some("第二十条第（六）项"),
            cols: T1_DECISIONS_2021,
        },
        RowSpec {
            key: "coercion",
            label: "行政强制",
            aliases: &[],
            group: Some("第二十条第（六）项"),
            cols: T1_DECISIONS_2021,
        },
        RowSpec {
            key: "admin_fees",
            label: "行政事业性收费",
            aliases: &[],
            group: Some("第二十条第（八）项"),
            cols: T1_FEES_2021,
        },
    ],
};

// ---------------------------------------------------------------- table 1, 2019

const T1_DOCS_2019: &[ColSpec] = &[
    col("made", "本年新制作数量"),
    col("published", "本年新公开数量"),
    col("total_public", "对外公开总数量"),
];
const T1_ITEMS_2019: &[ColSpec] = &[
    col("prev_items", "上一年项目数量"),
    col("change", "本年增/减"),
    col("decisions", "处理决定数量"),
];
const T1_FEES_2019: &[ColSpec] = &[
    col("prev_items", "上一年项目数量"),
    col("change", "本年增/减"),
];
const T1_PROCUREMENT_2019: &[ColSpec] =
    &[col("items", "采购项目数量"), col("amount", "采购总金额")];

pub const TABLE1_2019: TableSpec = TableSpec {
    no: 1,
    section: "proactive",
    title: "主动公开政府信息情况",
    rows: &[
        RowSpec {
            key: "regulations",
            label: "规章",
            aliases: &[],
            group: Some("第二十条第（一）项"),
            cols: T1_DOCS_2019,
        },
        RowSpec {
            key: "normative_documents",
            label: "规范性文件",
            aliases: &["行政规范性文件"],
            group: Some("第二十条第（一）项"),
            cols: T1_DOCS_2019,
        },
        RowSpec {
            key: "licensing",
            label: "行政许可",
            aliases: &[],
            group: Some("第二十条第（五）项"),
            cols: T1_ITEMS_2019,
        },
        RowSpec {
            key: "other_services",
            label: "其他对外管理服务事项",
            aliases: &[],
            group: Some("第二十条第（五）项"),
            cols: T1_ITEMS_2019,
        },
        RowSpec {
            key: "punishment",
            label: "行政处罚",
            aliases: &[],
            group: Some("第二十条第（六）项"),
            cols: T1_ITEMS_2019,
        },
        RowSpec {
            key: "coercion",
            label: "行政强制",
            aliases: &[],
            group: Some("第二十条第（六）项"),
            cols: T1_ITEMS_2019,
        },
        RowSpec {
            key: "admin_fees",
            label: "行政事业性收费",
            aliases: &[],
            group: Some("第二十条第（八）项"),
            cols: T1_FEES_2019,
        },
        RowSpec {
            key: "procurement",
            label: "政府集中采购",
            aliases: &[],
            group: Some("第二十条第（九）项"),
            cols: T1_PROCUREMENT_2019,
        },
    ],
};

/// Whether a column of any table holds a count (a whole number, not negative): all but
/// table 1's 本年增/减 (signed) and its money amounts.
pub fn is_count_col(col_key: &str) -> bool {
    !matches!(col_key, "change" | "amount_wan_yuan" | "amount")
}

// ---------------------------------------------------------------- table 2

pub const T2_COLS: &[ColSpec] = &[
    col("natural_person", "自然人"),
    col("commercial", "商业企业"),
    col("research", "科研机构"),
    col("public_interest", "社会公益组织"),
    col("legal_services", "法律服务机构"),
    col("other_org", "其他"),
    col("total", "总计"),
];

/// The header that sits over 商业企业 … 其他.
pub const T2_ORG_GROUP: &str = "法人或其他组织";

pub const T2_GROUP_OUTCOMES: &str = "三、本年度办理结果";
pub const T2_GROUP_DENIED: &str = "（三）不予公开";
pub const T2_GROUP_UNABLE: &str = "（四）无法提供";
pub const T2_GROUP_NOT_PROCESSED: &str = "（五）不予处理";
pub const T2_GROUP_OTHER: &str = "（六）其他处理";

const fn t2(
    key: &'static str,
    label: &'static str,
    aliases: &'static [&'static str],
    group: Option<&'static str>,
) -> RowSpec {
    RowSpec {
        key,
        label,
        aliases,
        group,
        cols: T2_COLS,
    }
}

macro_rules! table2_rows {
    ($($other_rows:expr),* $(,)?) => {
        &[
            t2("new", "一、本年新收政府信息公开申请数量", &[], None),
            t2("carried_over", "二、上年结转政府信息公开申请数量", &[], None),
            t2("granted", "（一）予以公开", &[], Some(T2_GROUP_OUTCOMES)),
            t2(
                "partial",
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                &["（二）部分公开（区分处理的，只记这一情形，不计其他情形）"],
                Some(T2_GROUP_OUTCOMES),
            ),
            t2("denied.state_secret", "1.属于国家秘密", &["1.属于国家机密"], Some(T2_GROUP_DENIED)),
            t2("denied.law_forbidden", "2.其他法律行政法规禁止公开", &[], Some(T2_GROUP_DENIED)),
            t2("denied.three_safety", "3.危及“三安全一稳定”", &[], Some(T2_GROUP_DENIED)),
            t2("denied.third_party", "4.保护第三方合法权益", &[], Some(T2_GROUP_DENIED)),
            t2("denied.internal_affairs", "5.属于三类内部事务信息", &[], Some(T2_GROUP_DENIED)),
            t2("denied.process_info", "6.属于四类过程性信息", &[], Some(T2_GROUP_DENIED)),
            t2("denied.enforcement_file", "7.属于行政执法案卷", &[], Some(T2_GROUP_DENIED)),
            t2("denied.query_matter", "8.属于行政查询事项", &[], Some(T2_GROUP_DENIED)),
            t2("unable.not_held", "1.本机关不掌握相关政府信息", &[], Some(T2_GROUP_UNABLE)),
            t2("unable.needs_creation", "2.没有现成信息需要另行制作", &[], Some(T2_GROUP_UNABLE)),
            t2("unable.unclear", "3.补正后申请内容仍不明确", &[], Some(T2_GROUP_UNABLE)),
            t2("not_processed.petition", "1.信访举报投诉类申请", &[], Some(T2_GROUP_NOT_PROCESSED)),
            t2("not_processed.repeated", "2.重复申请", &[], Some(T2_GROUP_NOT_PROCESSED)),
            t2("not_processed.publication", "3.要求提供公开出版物", &[], Some(T2_GROUP_NOT_PROCESSED)),
            t2("not_processed.mass_repeated", "4.无正当理由大量反复申请", &[], Some(T2_GROUP_NOT_PROCESSED)),
            t2(
                "not_processed.confirm_info",
                "5.要求行政机关确认或重新出具已获取信息",
                &[],
                Some(T2_GROUP_NOT_PROCESSED),
            ),
            $($other_rows,)*
            t2("total_processed", "（七）总计", &[], Some(T2_GROUP_OUTCOMES)),
            t2("carried_forward", "四、结转下年度继续办理", &[], None),
        ]
    };
}

pub const TABLE2_2021: TableSpec = TableSpec {
    no: 2,
    section: "applications",
    title: "收到和处理政府信息公开申请情况",
    rows: table2_rows!(
        t2(
            "other.no_correction",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            &[],
            Some(T2_GROUP_OTHER)
        ),
        t2(
            "other.no_fee",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            &["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其他政府公开申请"],
            Some(T2_GROUP_OTHER)
        ),
        t2("other.other", "3.其他", &[], Some(T2_GROUP_OTHER)),
    ),
};

/// The 2019 template: a single （六）其他处理 row. Some reports dated 2021 and later still
/// print it, so the parser accepts it under either template.
pub const TABLE2_2019: TableSpec = TableSpec {
    no: 2,
    section: "applications",
    title: "收到和处理政府信息公开申请情况",
    rows: table2_rows!(t2("other", "（六）其他处理", &[], Some(T2_GROUP_OUTCOMES))),
};

/// Rows of table 2 that are outcomes (三（一）…三（六）): they sum to `total_processed`.
pub fn is_outcome_row(key: &str) -> bool {
    matches!(key, "granted" | "partial" | "other")
        || key.starts_with("denied.")
        || key.starts_with("unable.")
        || key.starts_with("not_processed.")
        || key.starts_with("other.")
}

// ---------------------------------------------------------------- table 3

pub const T3_COLS: &[ColSpec] = &[
    col("upheld", "结果维持"),
    col("corrected", "结果纠正"),
    col("other", "其他结果"),
    col("pending", "尚未审结"),
    col("total", "总计"),
];

pub const T3_LITIGATION_GROUP: &str = "行政诉讼";

pub const TABLE3: TableSpec = TableSpec {
    no: 3,
    section: "review_litigation",
    title: "政府信息公开行政复议、行政诉讼情况",
    rows: &[
        RowSpec {
            key: "review",
            label: "行政复议",
            aliases: &["行政法复议"],
            group: None,
            cols: T3_COLS,
        },
        RowSpec {
            key: "litigation_direct",
            label: "未经复议直接起诉",
            aliases: &[],
            group: Some(T3_LITIGATION_GROUP),
            cols: T3_COLS,
        },
        RowSpec {
            key: "litigation_after_review",
            label: "复议后起诉",
            aliases: &[],
            group: Some(T3_LITIGATION_GROUP),
            cols: T3_COLS,
        },
    ],
};

/// Header words only one version of table 1 prints (the 2019 ones are not inside any 2021
/// label, nor the reverse), written without spaces.
const TABLE1_HEADER_WORDS: [(Template, &[&str]); 2] = [
    (
        Template::Y2019,
        &[
            "本年新制作数量",
            "对外公开总数量",
            "上一年项目数量",
            "采购项目数量",
        ],
    ),
    (
        Template::Y2021,
        &["本年制发件数", "现行有效件数", "本年处理决定数量"],
    ),
];

/// The version of table 1 whose header words `text` (with spaces removed) prints, if any.
pub fn table1_version(text: &str) -> Option<Template> {
    TABLE1_HEADER_WORDS
        .iter()
        .find(|(_, words)| words.iter().any(|w| text.contains(w)))
        .map(|(template, _)| *template)
}

/// Table 2 as printed: the 2019 single （六）其他处理 row, or the 2021 three. Reports of
/// either year print either, so the rows decide, not the template.
pub fn table2(single_other_row: bool) -> &'static TableSpec {
    if single_other_row {
        &TABLE2_2019
    } else {
        &TABLE2_2021
    }
}

/// The version of table `no` under `template`. Table 2's （六） rows are told apart by the
/// parser from what is printed, so this gives the template's own.
pub fn table(no: u8, template: Template) -> &'static TableSpec {
    match (no, template) {
        (1, Template::Y2019) => &TABLE1_2019,
        (1, _) => &TABLE1_2021,
        (2, Template::Y2019) => &TABLE2_2019,
        (2, _) => &TABLE2_2021,
        _ => &TABLE3,
    }
}

/// Every version of table `no`.
fn versions(no: u8) -> &'static [TableSpec] {
    const T1: &[TableSpec] = &[TABLE1_2021, TABLE1_2019];
    const T2: &[TableSpec] = &[TABLE2_2021, TABLE2_2019];
    const T3: &[TableSpec] = &[TABLE3];
    match no {
        1 => T1,
        2 => T2,
        3 => T3,
        _ => &[],
    }
}

/// The vocabulary's own row key equal to `key`, in any version of table `no` (for keys
/// read back from the store).
pub fn row_key(no: u8, key: &str) -> Option<&'static str> {
    versions(no)
        .iter()
        .flat_map(|spec| spec.rows.iter())
        .find(|r| r.key == key)
        .map(|r| r.key)
}

/// The vocabulary's own column key equal to `key`, in any version of table `no`.
pub fn col_key(no: u8, key: &str) -> Option<&'static str> {
    versions(no)
        .iter()
        .flat_map(|spec| spec.rows.iter())
        .flat_map(|r| r.cols.iter())
        .find(|c| c.key == key)
        .map(|c| c.key)
}

// ---------------------------------------------------------------- row numbers

/// The number the template prints before a row, as people cite it: 一, 二, 三（一）,
/// 三（三）1, 三（七）, 四 for table 2; tables 1 and 3 number no rows, so their label.
pub fn row_number(spec: &TableSpec, key: &str) -> String {
    let Some(row) = spec.row(key) else {
        return key.to_string();
    };
    let label = row.label;
    if let Some(number) = chinese_number(label) {
        return number.to_string();
    }
    let group_number = |group: &str| -> String {
        match chinese_number(group) {
            Some(number) => number.to_string(),
            // （三）不予公开 … （六）其他处理 sit under 三、本年度办理结果.
            None => format!("{}{}", outcomes_number(), parenthesized(group)),
        }
    };
    match row.group {
        Some(group) if label.starts_with('（') => {
            format!("{}{}", group_number(group), parenthesized(label))
        }
        Some(group) if label.starts_with(|c: char| c.is_ascii_digit()) => {
            let item: String = label.chars().take_while(char::is_ascii_digit).collect();
            format!("{}{item}", group_number(group))
        }
        _ => label.to_string(),
    }
}

/// The row's number and words, for a row whose number alone says little (三（三）1.属于国家秘密).
pub fn row_title(spec: &TableSpec, key: &str) -> String {
    let number = row_number(spec, key);
    match spec.row(key) {
        Some(row) if row.label.starts_with(|c: char| c.is_ascii_digit()) => {
            let words = row.label.trim_start_matches(|c: char| c.is_ascii_digit());
            format!("{number}{words}")
        }
        _ => number,
    }
}

/// 一 of 一、本年新收…: a label's leading Chinese number, if it has one.
fn chinese_number(label: &str) -> Option<&str> {
    let (number, _) = label.split_once('、')?;
    (!number.is_empty() && number.chars().all(|c| "一二三四五六七八九十".contains(c)))
        .then_some(number)
}

/// 三, the number of the outcomes group.
fn outcomes_number() -> &'static str {
    chinese_number(T2_GROUP_OUTCOMES).unwrap_or(T2_GROUP_OUTCOMES)
}

/// （三） of （三）不予公开.
fn parenthesized(label: &str) -> &str {
    label
        .find('）')
        .map_or(label, |end| &label[..end + '）'.len_utf8()])
}

/// The printed label of a column of `spec` (the first row that has it).
pub fn col_label(spec: &TableSpec, col_key: &str) -> &'static str {
    spec.rows
        .iter()
        .flat_map(|r| r.cols.iter())
        .find(|c| c.key == col_key)
        .map_or("", |c| c.label)
}

// ---------------------------------------------------------------- rules

/// How bad a failed rule is: an error is a mistake to fix before publication; a warning
/// is something to look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    pub fn from_key(key: &str) -> Option<Severity> {
        match key {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            _ => None,
        }
    }
}

/// A consistency rule (勾稽关系): those of `FORMAT.md`, and those the template implies.
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
        "s.sections",
        Severity::Error,
        "all six sections are present",
    ),
    rule(
        "s.tables",
        Severity::Error,
        "the three tables are present as data (not only as images, not absent, fully readable)",
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
];

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
        self.cell
            .filter(|c| !(c.table == 1 && template == Template::Y2019))
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
        for template in [Template::Y2019, Template::Y2021] {
            for fact in FACTS {
                if let Some(c) = fact.cell_in(template) {
                    let row = table(c.table, template).row(c.row);
                    assert!(
                        row.is_some_and(|r| r.cols.iter().any(|col| col.key == c.col)),
                        "{} → {c:?} in {}",
                        fact.key,
                        template.key()
                    );
                }
            }
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
    fn table_shapes_match_the_format() {
        assert_eq!(TABLE2_2021.rows.len(), 25);
        assert_eq!(TABLE2_2021.cell_count(), 25 * 7);
        assert_eq!(TABLE2_2019.rows.len(), 23);
        assert_eq!(TABLE3.cell_count(), 15);
        assert_eq!(TABLE1_2021.cell_count(), 3 + 3 + 1 + 1 + 1 + 1);
        assert_eq!(TABLE1_2019.cell_count(), 3 + 3 + 3 * 4 + 2 + 2);
        let outcomes: Vec<_> = TABLE2_2021
            .rows
            .iter()
            .filter(|r| is_outcome_row(r.key))
            .map(|r| r.key)
            .collect();
        assert_eq!(outcomes.len(), 21);
        assert_eq!(outcomes.first(), Some(&"granted"));
        assert_eq!(outcomes.last(), Some(&"other.other"));
    }

    #[test]
    fn rows_are_numbered_as_the_template_prints_them() {
        let numbers: Vec<String> = TABLE2_2021
            .rows
            .iter()
            .map(|r| row_number(&TABLE2_2021, r.key))
            .collect();
        let expected = [
            "一",
            "二",
            "三（一）",
            "三（二）",
            "三（三）1",
            "三（三）2",
            "三（三）3",
            "三（三）4",
            "三（三）5",
            "三（三）6",
            "三（三）7",
            "三（三）8",
            "三（四）1",
            "三（四）2",
            "三（四）3",
            "三（五）1",
            "三（五）2",
            "三（五）3",
            "三（五）4",
            "三（五）5",
            "三（六）1",
            "三（六）2",
            "三（六）3",
            "三（七）",
            "四",
        ];
        assert_eq!(numbers, expected);
        assert_eq!(row_number(&TABLE2_2019, "other"), "三（六）");
        assert_eq!(
            row_title(&TABLE2_2021, "denied.state_secret"),
            "三（三）1.属于国家秘密"
        );
        assert_eq!(row_title(&TABLE2_2021, "granted"), "三（一）");
        assert_eq!(row_number(&TABLE3, "litigation_direct"), "未经复议直接起诉");
        assert_eq!(
            row_number(&TABLE1_2021, "normative_documents"),
            "行政规范性文件"
        );
        assert_eq!(col_label(&TABLE1_2019, "total_public"), "对外公开总数量");
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
