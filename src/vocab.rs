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

// ---------------------------------------------------------------- rules

/// A consistency rule (勾稽关系) of `FORMAT.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleSpec {
    pub id: &'static str,
    pub summary: &'static str,
}

pub const RULES: &[RuleSpec] = &[
    RuleSpec {
        id: "t2.balance",
        summary: "table 2, each column: 一 new + 二 carried over = 三（七）total processed + 四 carried forward",
    },
    RuleSpec {
        id: "t2.outcomes_sum",
        summary: "table 2, each column: 三（七）total processed = sum of the outcome rows 三（一）…（六）",
    },
    RuleSpec {
        id: "t2.row_total",
        summary: "table 2, each row: 总计 = sum of the six applicant columns",
    },
    RuleSpec {
        id: "t3.row_total",
        summary: "table 3, each row: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
    },
    RuleSpec {
        id: "x.carry_chain",
        summary: "same agency: 二 carried over (year N) = 四 carried forward (year N-1)",
    },
    RuleSpec {
        id: "x.in_force_chain",
        summary: "same agency: 现行有效件数 (N) = 现行有效件数 (N-1) + 本年制发 (N) - 本年废止 (N)",
    },
    RuleSpec {
        id: "n.matches_table",
        summary: "a figure the narrative states equals the table's",
    },
    RuleSpec {
        id: "s.stale_year",
        summary: "the text speaks of the previous year as its own: last year's report copied",
    },
    RuleSpec {
        id: "s.sections",
        summary: "all six sections are present",
    },
    RuleSpec {
        id: "s.tables",
        summary: "the three tables are present as data (not only as images, not absent)",
    },
    RuleSpec {
        id: "s.published_on_time",
        summary: "the publication date is on or before 31 January of the next year",
    },
];

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
}
