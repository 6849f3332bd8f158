//! The data of the national templates: every version of the three statistical tables, and
//! which versions reports on each template print. Keys are the vocabulary's and never change;
//! labels are the template's wording, `aliases` what real reports print instead.
//!
//! A variant an agency prints is one more [`TableSpec`] here and one line in its template's
//! [`Versions`]: `docs/adding-a-template-variant.md`.

use super::template::{
    ColSpec, GroupSpec, RowSpec, Sum, TableSpec, Template, TemplateSpec, Told, Variant, Versions,
};

const fn col(key: &'static str, label: &'static str) -> ColSpec {
    ColSpec {
        key,
        label,
        aliases: &[],
        count: true,
        group: None,
    }
}

/// A column of signed numbers or money: not a count.
const fn amount(key: &'static str, label: &'static str) -> ColSpec {
    ColSpec {
        count: false,
        ..col(key, label)
    }
}

const fn row(
    key: &'static str,
    label: &'static str,
    group: Option<&'static GroupSpec>,
    cols: &'static [ColSpec],
) -> RowSpec {
    RowSpec {
        key,
        label,
        aliases: &[],
        group,
        cols,
        told: Told::ByLabel,
    }
}

const fn aliased(row: RowSpec, aliases: &'static [&'static str]) -> RowSpec {
    RowSpec { aliases, ..row }
}

const fn group(label: &'static str) -> GroupSpec {
    GroupSpec {
        label,
        parent: None,
    }
}

const fn subgroup(label: &'static str, parent: &'static GroupSpec) -> GroupSpec {
    GroupSpec {
        label,
        parent: Some(parent),
    }
}

// ---------------------------------------------------------------- table 1

const ARTICLE_20_1: GroupSpec = group("第二十条第（一）项");
const ARTICLE_20_5: GroupSpec = group("第二十条第（五）项");
const ARTICLE_20_6: GroupSpec = group("第二十条第（六）项");
const ARTICLE_20_8: GroupSpec = group("第二十条第（八）项");
const ARTICLE_20_9: GroupSpec = group("第二十条第（九）项");

const T1_DOCS_2021: &[ColSpec] = &[
    col("issued", "本年制发件数"),
    ColSpec {
        aliases: &["本年度止件数"],
        ..col("repealed", "本年废止件数")
    },
    col("in_force", "现行有效件数"),
];
const T1_DECISIONS_2021: &[ColSpec] = &[col("decisions", "本年处理决定数量")];
const T1_FEES_2021: &[ColSpec] = &[amount("amount_wan_yuan", "本年收费金额（单位：万元）")];

const T1_ROWS_2021: &[RowSpec] = &[
    row("regulations", "规章", Some(&ARTICLE_20_1), T1_DOCS_2021),
    aliased(
        row(
            "normative_documents",
            "行政规范性文件",
            Some(&ARTICLE_20_1),
            T1_DOCS_2021,
        ),
        &["规范性文件"],
    ),
    row(
        "licensing",
        "行政许可",
        Some(&ARTICLE_20_5),
        T1_DECISIONS_2021,
    ),
    row(
        "punishment",
        "行政处罚",
        Some(&ARTICLE_20_6),
        T1_DECISIONS_2021,
    ),
    row(
        "coercion",
        "行政强制",
        Some(&ARTICLE_20_6),
        T1_DECISIONS_2021,
    ),
    row(
        "admin_fees",
        "行政事业性收费",
        Some(&ARTICLE_20_8),
        T1_FEES_2021,
    ),
];

const T1_SUMS_2021: &[Sum] = &[Sum::RunningTotal {
    rule: "t1.running_total",
    rows: &["regulations", "normative_documents"],
    total: "in_force",
    added: "issued",
    removed: Some("repealed"),
}];

pub static TABLE1_2021: TableSpec = TableSpec {
    no: 1,
    name: "2021",
    section: "proactive",
    title: "主动公开政府信息情况",
    label_header: "信息内容",
    note: "",
    rows: T1_ROWS_2021,
    sums: T1_SUMS_2021,
    whole_numbers_rule: "t1.whole_numbers",
    wide: false,
    header_words: &["本年制发件数", "现行有效件数", "本年处理决定数量"],
};

/// The 2021 table 1 as some agencies print it: no 规章 row at all (they issue no 规章).
pub static TABLE1_2021_NO_REGULATIONS: TableSpec = TableSpec {
    name: "2021-no-regulations",
    rows: match T1_ROWS_2021.split_first() {
        Some((_regulations, rest)) => rest,
        None => &[],
    },
    sums: &[Sum::RunningTotal {
        rule: "t1.running_total",
        rows: &["normative_documents"],
        total: "in_force",
        added: "issued",
        removed: Some("repealed"),
    }],
    ..TABLE1_2021
};

const T1_DOCS_2019: &[ColSpec] = &[
    col("made", "本年新制作数量"),
    col("published", "本年新公开数量"),
    col("total_public", "对外公开总数量"),
];
const T1_ITEMS_2019: &[ColSpec] = &[
    col("prev_items", "上一年项目数量"),
    amount("change", "本年增/减"),
    col("decisions", "处理决定数量"),
];
const T1_FEES_2019: &[ColSpec] = &[
    col("prev_items", "上一年项目数量"),
    amount("change", "本年增/减"),
];
const T1_PROCUREMENT_2019: &[ColSpec] =
    &[col("items", "采购项目数量"), amount("amount", "采购总金额")];

pub static TABLE1_2019: TableSpec = TableSpec {
    no: 1,
    name: "2019",
    rows: &[
        row("regulations", "规章", Some(&ARTICLE_20_1), T1_DOCS_2019),
        aliased(
            row(
                "normative_documents",
                "规范性文件",
                Some(&ARTICLE_20_1),
                T1_DOCS_2019,
            ),
            &["行政规范性文件"],
        ),
        row("licensing", "行政许可", Some(&ARTICLE_20_5), T1_ITEMS_2019),
        row(
            "other_services",
            "其他对外管理服务事项",
            Some(&ARTICLE_20_5),
            T1_ITEMS_2019,
        ),
        row("punishment", "行政处罚", Some(&ARTICLE_20_6), T1_ITEMS_2019),
        row("coercion", "行政强制", Some(&ARTICLE_20_6), T1_ITEMS_2019),
        row(
            "admin_fees",
            "行政事业性收费",
            Some(&ARTICLE_20_8),
            T1_FEES_2019,
        ),
        row(
            "procurement",
            "政府集中采购",
            Some(&ARTICLE_20_9),
            T1_PROCUREMENT_2019,
        ),
    ],
    sums: &[Sum::RunningTotal {
        rule: "t1.running_total",
        rows: &["regulations", "normative_documents"],
        total: "total_public",
        added: "published",
        removed: None,
    }],
    header_words: &[
        "本年新制作数量",
        "对外公开总数量",
        "上一年项目数量",
        "采购项目数量",
    ],
    ..TABLE1_2021
};

// ---------------------------------------------------------------- table 2

const ORGANIZATIONS: Option<&str> = Some("法人或其他组织");

pub const T2_COLS: &[ColSpec] = &[
    col("natural_person", "自然人"),
    ColSpec {
        group: ORGANIZATIONS,
        ..col("commercial", "商业企业")
    },
    ColSpec {
        group: ORGANIZATIONS,
        ..col("research", "科研机构")
    },
    ColSpec {
        group: ORGANIZATIONS,
        ..col("public_interest", "社会公益组织")
    },
    ColSpec {
        group: ORGANIZATIONS,
        ..col("legal_services", "法律服务机构")
    },
    ColSpec {
        group: ORGANIZATIONS,
        ..col("other_org", "其他")
    },
    col("total", "总计"),
];

const OUTCOMES: GroupSpec = group("三、本年度办理结果");
const DENIED: GroupSpec = subgroup("（三）不予公开", &OUTCOMES);
const UNABLE: GroupSpec = subgroup("（四）无法提供", &OUTCOMES);
const NOT_PROCESSED: GroupSpec = subgroup("（五）不予处理", &OUTCOMES);
const OTHER_OUTCOMES: GroupSpec = subgroup("（六）其他处理", &OUTCOMES);

const fn t2(key: &'static str, label: &'static str, group: Option<&'static GroupSpec>) -> RowSpec {
    row(key, label, group, T2_COLS)
}

/// Table 2's rows, with `$other` the rows of （六）其他处理.
macro_rules! table2_rows {
    ($($other:expr),* $(,)?) => {
        &[
            t2("new", "一、本年新收政府信息公开申请数量", None),
            t2("carried_over", "二、上年结转政府信息公开申请数量", None),
            t2("granted", "（一）予以公开", Some(&OUTCOMES)),
            aliased(
                t2("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", Some(&OUTCOMES)),
                &["（二）部分公开（区分处理的，只记这一情形，不计其他情形）"],
            ),
            aliased(t2("denied.state_secret", "1.属于国家秘密", Some(&DENIED)), &["1.属于国家机密"]),
            aliased(
                t2("denied.law_forbidden", "2.其他法律行政法规禁止公开", Some(&DENIED)),
                &["2.其他法律和行政法规禁止公开", "2.其他法律行政止公开"],
            ),
            t2("denied.three_safety", "3.危及“三安全一稳定”", Some(&DENIED)),
            t2("denied.third_party", "4.保护第三方合法权益", Some(&DENIED)),
            t2("denied.internal_affairs", "5.属于三类内部事务信息", Some(&DENIED)),
            t2("denied.process_info", "6.属于四类过程性信息", Some(&DENIED)),
            t2("denied.enforcement_file", "7.属于行政执法案卷", Some(&DENIED)),
            t2("denied.query_matter", "8.属于行政查询事项", Some(&DENIED)),
            t2("unable.not_held", "1.本机关不掌握相关政府信息", Some(&UNABLE)),
            t2("unable.needs_creation", "2.没有现成信息需要另行制作", Some(&UNABLE)),
            t2("unable.unclear", "3.补正后申请内容仍不明确", Some(&UNABLE)),
            t2("not_processed.petition", "1.信访举报投诉类申请", Some(&NOT_PROCESSED)),
            t2("not_processed.repeated", "2.重复申请", Some(&NOT_PROCESSED)),
            t2("not_processed.publication", "3.要求提供公开出版物", Some(&NOT_PROCESSED)),
            t2("not_processed.mass_repeated", "4.无正当理由大量反复申请", Some(&NOT_PROCESSED)),
            t2(
                "not_processed.confirm_info",
                "5.要求行政机关确认或重新出具已获取信息",
                Some(&NOT_PROCESSED),
            ),
            $($other,)*
            RowSpec {
                told: Told::BelowRows,
                ..t2("total_processed", "（七）总计", Some(&OUTCOMES))
            },
            t2("carried_forward", "四、结转下年度继续办理", None),
        ]
    };
}

const T2_SUMS: &[Sum] = &[
    Sum::Balance {
        rule: "t2.balance",
        left: &["new", "carried_over"],
        right: &["total_processed", "carried_forward"],
    },
    Sum::Subtotal {
        rule: "t2.outcomes_sum",
        first: "granted",
        total: "total_processed",
    },
    Sum::RowTotal {
        rule: "t2.row_total",
    },
];

/// The 勾稽 note that heads table 2's label column.
const T2_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

pub static TABLE2_2021: TableSpec = TableSpec {
    no: 2,
    name: "2021",
    section: "applications",
    title: "收到和处理政府信息公开申请情况",
    label_header: "",
    note: T2_NOTE,
    rows: table2_rows!(
        aliased(
            t2(
                "other.no_correction",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                Some(&OTHER_OUTCOMES)
            ),
            &["1.申请人无正当理由逾期不补正、行政机关不再受理其政府信息公开申请"]
        ),
        aliased(
            t2(
                "other.no_fee",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                Some(&OTHER_OUTCOMES)
            ),
            &[
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其他政府公开申请",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再受理其政府信息公开申请",
            ]
        ),
        RowSpec {
            told: Told::ByGroup,
            ..t2("other.other", "3.其他", Some(&OTHER_OUTCOMES))
        },
    ),
    sums: T2_SUMS,
    whole_numbers_rule: "t2.whole_numbers",
    wide: false,
    header_words: &[],
};

/// The rows of the 2019 table 2: a single （六）其他处理 row.
const T2_ROWS_2019: &[RowSpec] = table2_rows!(t2("other", "（六）其他处理", Some(&OUTCOMES)));

pub static TABLE2_2019: TableSpec = TableSpec {
    name: "2019",
    rows: T2_ROWS_2019,
    ..TABLE2_2021
};

/// The 2021 table 2 as some agencies print it: 2019's single （六）其他处理 row, no 1./2./3.
/// under it (23 rows).
pub static TABLE2_2021_SINGLE_OTHER: TableSpec = TableSpec {
    name: "2021-single-other",
    rows: T2_ROWS_2019,
    ..TABLE2_2021
};

// ---------------------------------------------------------------- table 3

pub const T3_COLS: &[ColSpec] = &[
    col("upheld", "结果维持"),
    col("corrected", "结果纠正"),
    col("other", "其他结果"),
    col("pending", "尚未审结"),
    col("total", "总计"),
];

const LITIGATION: GroupSpec = group("行政诉讼");

pub static TABLE3: TableSpec = TableSpec {
    no: 3,
    name: "2019",
    section: "review_litigation",
    title: "政府信息公开行政复议、行政诉讼情况",
    label_header: "",
    note: "",
    rows: &[
        aliased(row("review", "行政复议", None, T3_COLS), &["行政法复议"]),
        row(
            "litigation_direct",
            "未经复议直接起诉",
            Some(&LITIGATION),
            T3_COLS,
        ),
        row(
            "litigation_after_review",
            "复议后起诉",
            Some(&LITIGATION),
            T3_COLS,
        ),
    ],
    sums: &[Sum::RowTotal {
        rule: "t3.row_total",
    }],
    whole_numbers_rule: "t3.whole_numbers",
    wide: true,
    header_words: &[],
};

// ---------------------------------------------------------------- templates

pub static TEMPLATE_2019: TemplateSpec = TemplateSpec {
    template: Template::Y2019,
    document_number: "国办公开办函〔2019〕60号",
    first_year: 2019,
    tables: [
        Versions {
            own: &TABLE1_2019,
            variants: &[],
        },
        Versions {
            own: &TABLE2_2019,
            variants: &[],
        },
        Versions {
            own: &TABLE3,
            variants: &[],
        },
    ],
};

pub static TEMPLATE_2021: TemplateSpec = TemplateSpec {
    template: Template::Y2021,
    document_number: "国办公开办函〔2021〕30号",
    first_year: 2021,
    tables: [
        Versions {
            own: &TABLE1_2021,
            variants: &[Variant {
                spec: &TABLE1_2021_NO_REGULATIONS,
                share_pct: 3,
            }],
        },
        Versions {
            own: &TABLE2_2021,
            variants: &[Variant {
                spec: &TABLE2_2021_SINGLE_OTHER,
                share_pct: 5,
            }],
        },
        Versions {
            own: &TABLE3,
            variants: &[],
        },
    ],
};
