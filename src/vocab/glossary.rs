//! What each key of the vocabulary means, in English, for people who read the database
//! without reading Chinese: every row and column of every version of the three tables
//! (with the unit a column counts in), every section and every fact's Chinese name. The
//! database's `vocabulary` table, `docs/vocabulary.md` and Datasette's descriptions are
//! written from here and from the templates' data; a test holds the lists to the data, so
//! a row added to a table without its description fails it.

/// A section of the text by key: the heading as the template prints it (the preamble and
/// the signature have none: a name), and what it holds.
pub const SECTIONS: &[(&str, &str, &str)] = &[
    (
        "preamble",
        "前言",
        "the text before the first section: the title, the legal basis, the statistics period",
    ),
    (
        "overview",
        "一、总体情况",
        "overview of the year's disclosure work",
    ),
    (
        "proactive",
        "二、主动公开政府信息情况",
        "information published proactively; holds table 1",
    ),
    (
        "applications",
        "三、收到和处理政府信息公开申请情况",
        "applications for disclosure received and handled; holds table 2",
    ),
    (
        "review_litigation",
        "四、政府信息公开行政复议、行政诉讼情况",
        "administrative reviews and lawsuits over disclosure; holds table 3",
    ),
    (
        "problems",
        "五、存在的主要问题及改进情况",
        "the main problems and the improvements made or planned (listed in issues_listed)",
    ),
    (
        "other",
        "六、其他需要报告的事项",
        "other matters to report (fees collected, suggestions and proposals handled …)",
    ),
    (
        "signature",
        "落款",
        "the signature: the agency's name and the publication date",
    ),
];

/// A row of a table by table number and key: what it counts.
pub const ROWS: &[(u8, &str, &str)] = &[
    (1, "regulations", "government rules (规章), article 20(1)"),
    (
        1,
        "normative_documents",
        "administrative normative documents (行政规范性文件), article 20(1)",
    ),
    (
        1,
        "licensing",
        "administrative licensing (行政许可), article 20(5)",
    ),
    (
        1,
        "other_services",
        "other administrative services to the public, article 20(5) (2019 template)",
    ),
    (
        1,
        "punishment",
        "administrative penalties (行政处罚), article 20(6)",
    ),
    (
        1,
        "coercion",
        "administrative coercion (行政强制), article 20(6)",
    ),
    (
        1,
        "admin_fees",
        "administrative fees (行政事业性收费), article 20(8)",
    ),
    (
        1,
        "procurement",
        "centralized government procurement, article 20(9) (2019 template)",
    ),
    (2, "new", "一 applications received this year"),
    (
        2,
        "carried_over",
        "二 applications carried over from last year",
    ),
    (2, "granted", "三（一） disclosed in full"),
    (
        2,
        "partial",
        "三（二） disclosed in part (counted here only, not under other outcomes)",
    ),
    (
        2,
        "denied.state_secret",
        "三（三）1 withheld: a state secret",
    ),
    (
        2,
        "denied.law_forbidden",
        "三（三）2 withheld: other laws and regulations forbid disclosure",
    ),
    (
        2,
        "denied.three_safety",
        "三（三）3 withheld: would endanger national, public or economic security or social stability (三安全一稳定)",
    ),
    (
        2,
        "denied.third_party",
        "三（三）4 withheld: protects a third party's lawful rights",
    ),
    (
        2,
        "denied.internal_affairs",
        "三（三）5 withheld: internal affairs (three kinds)",
    ),
    (
        2,
        "denied.process_info",
        "三（三）6 withheld: process information (four kinds)",
    ),
    (
        2,
        "denied.enforcement_file",
        "三（三）7 withheld: an administrative enforcement file",
    ),
    (
        2,
        "denied.query_matter",
        "三（三）8 withheld: an administrative query matter",
    ),
    (
        2,
        "unable.not_held",
        "三（四）1 cannot provide: the agency does not hold the information",
    ),
    (
        2,
        "unable.needs_creation",
        "三（四）2 cannot provide: no such information exists, it would have to be made",
    ),
    (
        2,
        "unable.unclear",
        "三（四）3 cannot provide: the request is still unclear after correction",
    ),
    (
        2,
        "not_processed.petition",
        "三（五）1 not processed: a petition, report or complaint",
    ),
    (
        2,
        "not_processed.repeated",
        "三（五）2 not processed: a repeated request",
    ),
    (
        2,
        "not_processed.publication",
        "三（五）3 not processed: asks for a public publication",
    ),
    (
        2,
        "not_processed.mass_repeated",
        "三（五）4 not processed: many repeated requests without good reason",
    ),
    (
        2,
        "not_processed.confirm_info",
        "三（五）5 not processed: asks the agency to confirm or reissue information already obtained",
    ),
    (
        2,
        "other.no_correction",
        "三（六）1 otherwise handled: the applicant did not correct the request in time",
    ),
    (
        2,
        "other.no_fee",
        "三（六）2 otherwise handled: the applicant did not pay the fee in time",
    ),
    (2, "other.other", "三（六）3 otherwise handled: other"),
    (
        2,
        "other",
        "三（六） otherwise handled, one row (2019 template and a 2021 variant)",
    ),
    (2, "total_processed", "三（七） total handled"),
    (2, "carried_forward", "四 carried into next year"),
    (3, "review", "administrative reviews (行政复议)"),
    (
        3,
        "litigation_direct",
        "lawsuits filed without review first",
    ),
    (
        3,
        "litigation_after_review",
        "lawsuits filed after a review",
    ),
];

/// A column of a table by table number and key: what it counts, and the unit (None where
/// the template prints none and reports differ).
pub const COLUMNS: &[(u8, &str, &str, Option<&str>)] = &[
    (1, "issued", "issued this year", Some("件")),
    (1, "repealed", "repealed this year", Some("件")),
    (1, "in_force", "in force at the end of the year", Some("件")),
    (1, "decisions", "decisions made this year", Some("件")),
    (
        1,
        "amount_wan_yuan",
        "fees collected this year, in 10,000 yuan",
        Some("万元"),
    ),
    (
        1,
        "made",
        "newly made this year (2019 template)",
        Some("件"),
    ),
    (
        1,
        "published",
        "newly published this year (2019 template)",
        Some("件"),
    ),
    (
        1,
        "total_public",
        "published in all, at the end of the year (2019 template)",
        Some("件"),
    ),
    (
        1,
        "prev_items",
        "items the year before (2019 template)",
        Some("项"),
    ),
    (
        1,
        "change",
        "change in items this year, signed (2019 template)",
        Some("项"),
    ),
    (1, "items", "procurement items (2019 template)", Some("项")),
    (
        1,
        "amount",
        "procurement amount, in the unit the report prints (元 or 万元; 2019 template)",
        None,
    ),
    (
        2,
        "natural_person",
        "applicants: natural persons",
        Some("件"),
    ),
    (2, "commercial", "applicants: businesses", Some("件")),
    (
        2,
        "research",
        "applicants: research institutions",
        Some("件"),
    ),
    (
        2,
        "public_interest",
        "applicants: public-interest organizations",
        Some("件"),
    ),
    (
        2,
        "legal_services",
        "applicants: legal service providers",
        Some("件"),
    ),
    (
        2,
        "other_org",
        "applicants: other organizations",
        Some("件"),
    ),
    (2, "total", "all applicants", Some("件")),
    (3, "upheld", "decided: the agency's act upheld", Some("件")),
    (
        3,
        "corrected",
        "decided: the agency's act corrected",
        Some("件"),
    ),
    (3, "other", "decided: another outcome", Some("件")),
    (3, "pending", "not yet decided", Some("件")),
    (3, "total", "all cases", Some("件")),
];

/// Each fact key's name in Chinese (`vocab::FACTS` describes it in English).
pub const FACT_LABELS: &[(&str, &str)] = &[
    ("applications.new", "本年新收政府信息公开申请"),
    ("applications.prev_year_new", "上年新收政府信息公开申请"),
    ("applications.change", "新收申请较上年增减"),
    ("applications.growth_pct", "新收申请同比增长率"),
    ("applications.natural_person", "自然人申请"),
    ("applications.carried_over", "上年结转申请"),
    ("applications.processed", "办结申请"),
    ("applications.carried_forward", "结转下年度继续办理"),
    ("published.total", "主动公开政府信息"),
    ("published.website", "政务网站发布信息"),
    ("published.new_media", "政务新媒体发布信息"),
    ("published.gazette", "政府公报期数"),
    ("policy_interpretations", "政策解读"),
    ("regulations.issued", "本年制发规章"),
    ("regulations.repealed", "本年废止规章"),
    ("regulations.in_force", "现行有效规章"),
    ("normative_documents.issued", "本年制发行政规范性文件"),
    ("normative_documents.repealed", "本年废止行政规范性文件"),
    ("normative_documents.in_force", "现行有效行政规范性文件"),
    ("normative_documents.reviewed", "清理行政规范性文件"),
    ("npc_suggestions", "办理人大代表建议"),
    ("cppcc_proposals", "办理政协委员提案"),
    ("suggestions_and_proposals", "办理建议提案"),
    ("suggestions_completion_pct", "建议提案办复率"),
    ("fees_collected", "收取信息处理费"),
    ("trainings", "培训次数"),
    ("review.total", "政府信息公开行政复议"),
    ("litigation.total", "政府信息公开行政诉讼"),
];

/// Each table's number and what it counts.
pub const TABLES: &[(u8, &str)] = &[
    (
        1,
        "table 1: information published proactively (documents issued, decisions made, fees)",
    ),
    (
        2,
        "table 2: applications for disclosure received and handled, by applicant and outcome",
    ),
    (
        3,
        "table 3: administrative reviews and lawsuits over disclosure, by outcome",
    ),
];

/// What table `no` counts (empty for a number no table has).
pub fn table_description(no: u8) -> &'static str {
    TABLES.iter().find(|(n, _)| *n == no).map_or("", |(_, d)| d)
}

/// What row `key` of table `no` counts (empty for a row the list lacks; a test holds the
/// list to the tables).
pub fn row_description(no: u8, key: &str) -> &'static str {
    ROWS.iter()
        .find(|(n, k, _)| *n == no && *k == key)
        .map_or("", |(_, _, d)| d)
}

/// What column `key` of table `no` counts, and its unit.
pub fn column(no: u8, key: &str) -> (&'static str, Option<&'static str>) {
    COLUMNS
        .iter()
        .find(|(n, k, _, _)| *n == no && *k == key)
        .map_or(("", None), |(_, _, d, u)| (*d, *u))
}

/// The Chinese name of fact `key` (empty for a key the list lacks).
pub fn fact_label(key: &str) -> &'static str {
    FACT_LABELS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{FACTS, versions};

    #[test]
    fn every_row_column_and_fact_is_described_once() {
        let mut rows = Vec::new();
        let mut cols = Vec::new();
        for no in 1..=3u8 {
            for spec in versions(no) {
                for row in spec.rows {
                    if !rows.contains(&(no, row.key)) {
                        rows.push((no, row.key));
                    }
                    for col in row.cols {
                        if !cols.contains(&(no, col.key)) {
                            cols.push((no, col.key));
                        }
                    }
                }
            }
        }
        let mut described: Vec<(u8, &str)> = ROWS.iter().map(|(n, k, _)| (*n, *k)).collect();
        rows.sort_unstable();
        described.sort_unstable();
        assert_eq!(described, rows);
        let mut described: Vec<(u8, &str)> = COLUMNS.iter().map(|(n, k, _, _)| (*n, *k)).collect();
        cols.sort_unstable();
        described.sort_unstable();
        assert_eq!(described, cols);
        let mut facts: Vec<&str> = FACTS.iter().map(|f| f.key).collect();
        let mut labelled: Vec<&str> = FACT_LABELS.iter().map(|(k, _)| *k).collect();
        facts.sort_unstable();
        labelled.sort_unstable();
        assert_eq!(labelled, facts);
        for (_, _, d) in ROWS {
            assert!(!d.is_empty());
        }
        assert!(TABLES.iter().map(|(n, _)| *n).eq(1..=3));
    }

    #[test]
    fn sections_are_the_templates_six_with_preamble_and_signature() {
        let keys: Vec<&str> = SECTIONS.iter().map(|(k, _, _)| *k).collect();
        let mut want = vec!["preamble"];
        want.extend(crate::vocab::SECTIONS.iter().map(|s| s.key));
        want.push("signature");
        assert_eq!(keys, want);
        for ((_, label, _), spec) in SECTIONS[1..7].iter().zip(crate::vocab::SECTIONS) {
            assert!(label.ends_with(spec.heading), "{label}");
        }
    }
}
