//! Agency names as reports print them: what looks like one, the words a title or a sentence
//! wraps around one, and when two printed names are the same agency.

use crate::chinese;

/// Longest agency name, in characters (平潭综合实验区自然资源与生态环境局 is 17).
pub const MAX_CHARS: usize = 40;

/// Ends the way Chinese agency names end.
pub fn looks_like_agency(name: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "政府",
        "办公室",
        "办公厅",
        "委员会",
        "局",
        "厅",
        "部",
        "委",
        "办",
        "署",
        "院",
        "中心",
        "处",
        "所",
        "站",
        "队",
        "会",
        "馆",
        "街道",
        "镇",
        "乡",
        "办事处",
        "管委会",
        "集团",
        "公司",
        "学校",
        "大学",
        "医院",
        "检察院",
        "法院",
        "政协",
        "人大常委会",
    ];
    ENDINGS.iter().any(|e| name.ends_with(e))
}

/// A region whose government reports under its own name (济南市, 沂源县, 市中区).
pub fn looks_like_region(name: &str) -> bool {
    name.ends_with(['省', '市', '县', '区', '州', '旗', '盟'])
}

/// Empty (to be found elsewhere) or a name: not too long, no sentence punctuation, no
/// field labels.
pub fn plausible(agency: &str) -> bool {
    agency.chars().count() <= MAX_CHARS
        && !agency.contains(|c| {
            matches!(
                c,
                '：' | ':' | '，' | ',' | '。' | '；' | ';' | '！' | '？' | '/' | '[' | ']'
            )
        })
}

/// The agency part of a title without the words wrapped around it: markdown marks, quotes,
/// book-title marks, `关于` and `关于报送` (a cover letter's `…关于报送2020年度…报告的函`).
pub fn clean(text: &str) -> String {
    let text: String = text.chars().filter(|c| *c != '*').collect();
    let quotes = |c| matches!(c, '《' | '》' | '“' | '”' | '"');
    let mut s = text.trim_start_matches(['#', ' ']).trim_matches(quotes);
    // `X关于报送…报告的函` is X's report; `X办公室关于印发Y…报告的通知` is Y's.
    if let Some(at) = s.find("关于") {
        let after = &s[at + "关于".len()..];
        let after = ["报送", "印发", "公布", "发布", "转发"]
            .iter()
            .find_map(|verb| after.strip_prefix(verb))
            .unwrap_or(after)
            .trim_matches(quotes);
        s = if after.is_empty() {
            s[..at].trim_matches(quotes)
        } else {
            after
        };
    }
    s = s.strip_suffix('的').unwrap_or(s);
    s.to_string()
}

/// The agency an office belongs to, from the office a contact sentence names:
/// `某某局办公室` → `某某局`, `某某管理局党政办公室` → `某某管理局`; empty for an office named
/// alone (`党政办`). Any other name is itself.
pub fn of_office(name: &str) -> &str {
    for office in [
        "党政办公室",
        "综合办公室",
        "行政办公室",
        "政务公开办公室",
        "办公室",
        "党政办",
    ] {
        if let Some(agency) = name.strip_suffix(office) {
            return agency;
        }
    }
    name
}

/// Whether two printed names are one agency: the same, or one holds the other (a signature
/// printing the short name, 柞村镇人民政府 for 莱州市柞村镇人民政府; an office for its agency).
pub fn agrees(a: &str, b: &str) -> bool {
    let (a, b) = (chinese::squeeze(a), chinese::squeeze(b));
    a.contains(&b) || b.contains(&a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_what_wraps_them() {
        assert!(looks_like_agency("平潭综合实验区社会事业局"));
        assert!(!looks_like_agency("人民群众的"));
        assert!(looks_like_region("济南市"));
        assert!(plausible(""));
        assert!(!plausible("索引号：1137"));
        assert_eq!(clean("# 某某县人民政府"), "某某县人民政府");
        assert_eq!(clean("**某某县人民政府"), "某某县人民政府");
        assert_eq!(
            clean("平潭综合实验区苏平片区管理局关于报送"),
            "平潭综合实验区苏平片区管理局"
        );
        assert_eq!(clean("关于《某某镇人民政府"), "某某镇人民政府");
        assert_eq!(clean("某某县人民政府办公室关于印发某某县"), "某某县");
        assert_eq!(
            of_office("平潭综合实验区市场监督管理局办公室"),
            "平潭综合实验区市场监督管理局"
        );
        assert_eq!(
            of_office("平潭综合实验区君山片区管理局党政办公室"),
            "平潭综合实验区君山片区管理局"
        );
        assert_eq!(of_office("党政办"), "");
        assert_eq!(of_office("某某县人民政府办公厅"), "某某县人民政府办公厅");
        assert!(agrees("莱州市柞村镇人民政府", "柞村镇人民政府"));
        assert!(agrees("某某局", "某某局 "));
        assert!(!agrees("某某县人民政府", "某某县某某镇人民政府"));
    }
}
