//! The report page (`nianbao report`): one self-contained HTML file about the reports a
//! [`Selection`] chooses, to read on a phone, print, or pass round a meeting.
//!
//! The page holds everything it shows: its style is inline, its charts are inline SVG, it
//! has no script and loads nothing (no font, image or link to fetch). Every chart has its
//! numbers in a table beside it; each bar carries its number (`data-value`) and its label
//! (`data-label`), and a missing figure (no report of the selection states it) has no bar
//! and shows `—`, never 0.
//!
//! Sections: the reports at a glance (how many, published late, with errors, with tables as
//! images, with reading notices); new applications year over year; applicants by kind; the
//! outcome mix; administrative review and litigation with correction rates (as
//! docs/measures.md defines them); the agencies
//! with the most findings; the problems most often listed; and, when the selection is one
//! agency, its years side by side, its findings and the problems it listed.
//!
//! The sums add the reports as each agency states its own figures: a government's report
//! may already count its departments', so a sum over a region's governments and
//! departments together counts those twice (the page says so under its charts).

use std::fmt::Write as _;

use rusqlite::{Connection, params};

use crate::labels;
use crate::queries::Selection;

/// What went wrong building the page.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("reading the database: {0}")]
    Sql(#[from] rusqlite::Error),
}

/// A built page: its HTML and how many reports it covers.
#[derive(Debug, Clone)]
pub struct Page {
    pub html: String,
    pub reports: u64,
}

/// A bar of a chart: its label and number (None: no report states it).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
}

/// A chart: its id (the `id` of its figure), title, what its numbers count, and its bars.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub id: &'static str,
    pub title: String,
    /// The header of the numbers' column in the table beside the chart.
    pub unit: String,
    pub bars: Vec<Bar>,
    /// The scale's top: the largest bar when None.
    pub max: Option<f64>,
    /// Vertical bars (years along the bottom) rather than horizontal ones.
    pub vertical: bool,
    /// A sentence under the chart: which reports it sums.
    pub note: String,
}

/// The report page of the reports `selection` chooses.
pub fn render(conn: &Connection, selection: &Selection) -> Result<Page, PageError> {
    let glance = glance(conn, selection)?;
    let mut html = String::with_capacity(64 * 1024);
    let title = format!("政府信息公开工作年度报告 · {}", selection.describe());
    head(&mut html, &title);
    let _ = write!(
        html,
        "<header><h1>{}</h1><p class=\"sub\">{} 份报告 · {} 个机关{}</p></header>\n<main>\n",
        esc(&title),
        glance.reports,
        glance.agencies,
        glance
            .years
            .as_ref()
            .map(|(a, b)| if a == b {
                format!(" · {a}年")
            } else {
                format!(" · {a}–{b}年")
            })
            .unwrap_or_default()
    );
    glance_section(&mut html, &glance);
    if glance.reports > 0 {
        html.push_str("<section id=\"figures\"><h2>申请与办理</h2>\n<div class=\"charts\">\n");
        for chart in [
            yoy_chart(conn, selection)?,
            applicants_chart(conn, selection)?,
            outcomes_chart(conn, selection)?,
        ] {
            chart_html(&mut html, &chart);
        }
        html.push_str("</div></section>\n");
        review_section(&mut html, conn, selection)?;
        html.push_str("<section id=\"findings\"><h2>检查与问题</h2>\n<div class=\"charts\">\n");
        chart_html(&mut html, &findings_chart(conn, selection)?);
        chart_html(&mut html, &problems_chart(conn, selection)?);
        html.push_str("</div></section>\n");
        image_tables(&mut html, conn, selection)?;
        if let [(agency_id, name)] = glance.agency_list.as_slice() {
            agency_section(&mut html, conn, selection, *agency_id, name)?;
        }
    }
    html.push_str(NOTES);
    html.push_str("</main>\n</body>\n</html>\n");
    Ok(Page {
        html,
        reports: glance.reports,
    })
}

const STYLE: &str = r#"
:root { --ink: #1d2733; --muted: #5b6878; --line: #d6dde6; --bar: #2f6db5; --bar2: #c0504d; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: #fff; }
header { padding: 16px 18px 8px; border-bottom: 3px solid var(--bar); }
h1 { font-size: 1.35em; margin: 0 0 4px; }
h2 { font-size: 1.15em; margin: 24px 0 8px; border-left: 4px solid var(--bar); padding-left: 8px; }
h3 { font-size: 1em; margin: 14px 0 6px; }
.sub, .note { color: var(--muted); font-size: .88em; }
main { padding: 0 18px 24px; max-width: 1100px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 10px; }
.card { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.card b { display: block; font-size: 1.6em; line-height: 1.2; }
.card span { color: var(--muted); font-size: .85em; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 540px), 1fr)); gap: 16px; }
figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: 6px; }
.chart-body { display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-start; }
.chart-body svg { flex: 1 1 300px; width: 100%; max-width: 480px; height: auto; }
.chart-body table { flex: 0 1 auto; }
table { border-collapse: collapse; font-size: .88em; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.wide { overflow-x: auto; }
svg text { font-size: 12px; fill: var(--ink); }
svg .v { fill: var(--muted); }
rect.bar { fill: var(--bar); }
.empty { color: var(--muted); font-style: italic; }
@media print {
  body { font-size: 10.5pt; }
  header { border-bottom-width: 2px; }
  main { max-width: none; }
  h2 { break-after: avoid; }
  figure.chart, .card, table { break-inside: avoid; }
}
"#;

const NOTES: &str = "<section id=\"notes\"><h2>说明</h2><ul class=\"note\">\
<li>数字取自各机关报告的统计表（表二、表三），表格为图片或缺失时，新收申请数取自报告正文；空白的格子是“未填写”，不按 0 计，合计中不计入。</li>\
<li>合计把所选的每份报告按其自身填报的数字相加：县（区）政府的报告可能已包含其部门和乡镇的数字，同时选中两者时会重复计算。</li>\
<li>检查发现是报告本身的问题（勾稽关系、缺少的部分、逾期发布等）；“读取提示”是程序未能读出的内容，请对照原文件核实，不是报告的错误。</li>\
</ul></section>\n";

fn head(html: &mut String, title: &str) {
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(title)
    );
}

/// Text for HTML: `&`, `<`, `>` and quotes escaped.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A number as the page prints it: whole numbers without decimals, others to one decimal;
/// `—` when missing.
pub fn num(value: Option<f64>) -> String {
    match value {
        None => "—".to_string(),
        Some(v) if v.fract() == 0.0 && v.abs() < 9e15 => {
            let digits = (v.abs() as i64).to_string();
            let mut grouped = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            if v < 0.0 {
                format!("-{grouped}")
            } else {
                grouped
            }
        }
        Some(v) => format!("{v:.1}"),
    }
}

/// The selection's statement with `:year`, `:agency`, `:region` bound.
fn prepared<'c>(
    conn: &'c Connection,
    sql: &str,
    selection: &Selection,
) -> rusqlite::Result<rusqlite::Statement<'c>> {
    let mut stmt = conn.prepare(sql)?;
    selection.bind(&mut stmt)?;
    Ok(stmt)
}

fn chosen() -> String {
    format!("SELECT id FROM ({})", Selection::REPORT_IDS)
}

/// The counts at the top of the page.
struct Glance {
    reports: u64,
    agencies: u64,
    years: Option<(i64, i64)>,
    late: u64,
    with_errors: u64,
    with_images: u64,
    with_notices: u64,
    /// The agencies chosen, when there are few.
    agency_list: Vec<(i64, String)>,
}

fn glance(conn: &Connection, selection: &Selection) -> rusqlite::Result<Glance> {
    let chosen = chosen();
    let mut stmt = prepared(
        conn,
        &format!(
            "WITH sel AS ({chosen}) SELECT \
               (SELECT count(*) FROM sel), \
               (SELECT count(DISTINCT agency_id) FROM reports WHERE id IN sel), \
               (SELECT min(year) FROM reports WHERE id IN sel), \
               (SELECT max(year) FROM reports WHERE id IN sel), \
               (SELECT count(DISTINCT report_id) FROM check_findings \
                 WHERE report_id IN sel AND rule = 's.published_on_time'), \
               (SELECT count(DISTINCT report_id) FROM check_findings \
                 WHERE report_id IN sel AND severity = 'error'), \
               (SELECT count(*) FROM reports WHERE id IN sel \
                 AND 'image' IN (table1_status, table2_status, table3_status)), \
               (SELECT count(DISTINCT report_id) FROM warnings WHERE report_id IN sel)"
        ),
        selection,
    )?;
    let mut g = stmt
        .raw_query()
        .next()?
        .map(|r| -> rusqlite::Result<Glance> {
            let min: Option<i64> = r.get(2)?;
            let max: Option<i64> = r.get(3)?;
            Ok(Glance {
                reports: r.get(0)?,
                agencies: r.get(1)?,
                years: min.zip(max),
                late: r.get(4)?,
                with_errors: r.get(5)?,
                with_images: r.get(6)?,
                with_notices: r.get(7)?,
                agency_list: Vec::new(),
            })
        });
    let mut glance = g.take().transpose()?.expect("one row of counts");
    if glance.agencies <= 1 {
        let mut stmt = prepared(
            conn,
            &format!(
                "SELECT DISTINCT a.id, a.name FROM reports r JOIN agencies a ON a.id = r.agency_id \
                 WHERE r.id IN ({chosen}) ORDER BY a.name"
            ),
            selection,
        )?;
        let mut rows = stmt.raw_query();
        while let Some(r) = rows.next()? {
            glance.agency_list.push((r.get(0)?, r.get(1)?));
        }
    }
    Ok(glance)
}

fn glance_section(html: &mut String, g: &Glance) {
    html.push_str("<section id=\"glance\"><h2>报告概况</h2>\n<div class=\"cards\">\n");
    for (id, value, label) in [
        ("reports", g.reports, "份报告"),
        ("late", g.late, "份逾期发布"),
        ("with-errors", g.with_errors, "份有错误"),
        ("with-images", g.with_images, "份统计表为图片"),
        ("with-notices", g.with_notices, "份有读取提示"),
    ] {
        let _ = writeln!(
            html,
            "<div class=\"card\" id=\"glance-{id}\" data-value=\"{value}\"><b>{}</b><span>{label}</span></div>",
            num(Some(value as f64))
        );
    }
    html.push_str("</div>\n");
    if g.reports == 0 {
        html.push_str("<p class=\"empty\">没有符合条件的报告。</p>\n");
    }
    html.push_str("</section>\n");
}

/// The sum over the chosen reports, as the page's charts take it: NULL when no report
/// states the figure.
const NOTE_SUMS: &str = "按所选报告填报的数字相加；未填写的不计入（不按 0 计）。";

fn yoy_chart(conn: &Connection, selection: &Selection) -> rusqlite::Result<Chart> {
    // Every year of the agencies chosen, up to the year asked for.
    let every_year = Selection {
        year: None,
        ..selection.clone()
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT r.year, sum(coalesce(f.new_total, f.stated_new)), \
                count(coalesce(f.new_total, f.stated_new)), count(*) \
         FROM reports r JOIN report_figures f ON f.report_id = r.id \
         WHERE r.id IN ({}) AND (?1 IS NULL OR r.year <= ?1) \
         GROUP BY r.year ORDER BY r.year",
        chosen()
    ))?;
    every_year.bind(&mut stmt)?;
    stmt.raw_bind_parameter(1, selection.year)?;
    let mut bars = Vec::new();
    let mut stating = Vec::new();
    let mut rows = stmt.raw_query();
    while let Some(r) = rows.next()? {
        let year: i64 = r.get(0)?;
        bars.push(Bar {
            label: format!("{year}"),
            value: r.get(1)?,
        });
        stating.push(format!(
            "{year}年 {}/{} 份",
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?
        ));
    }
    Ok(Chart {
        id: "chart-yoy",
        title: "本年新收政府信息公开申请（逐年）".to_string(),
        unit: "件".to_string(),
        bars,
        max: None,
        vertical: true,
        note: format!(
            "{NOTE_SUMS}表格为图片或缺失时取正文所述数字。报告数（有此数字/全部）：{}。",
            stating.join("，")
        ),
    })
}

fn sums_chart(
    conn: &Connection,
    selection: &Selection,
    columns: &[(&str, String)],
) -> rusqlite::Result<(Vec<Bar>, i64)> {
    let sums: Vec<String> = columns.iter().map(|(c, _)| format!("sum(f.{c})")).collect();
    let mut stmt = prepared(
        conn,
        &format!(
            "SELECT {}, count(f.{}) FROM report_figures f WHERE f.report_id IN ({})",
            sums.join(", "),
            columns[0].0,
            chosen()
        ),
        selection,
    )?;
    let mut rows = stmt.raw_query();
    let r = rows.next()?.expect("an aggregate has a row");
    let bars = columns
        .iter()
        .enumerate()
        .map(|(i, (_, label))| {
            Ok(Bar {
                label: label.clone(),
                value: r.get(i)?,
            })
        })
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((bars, r.get(columns.len())?))
}

fn label(key: &str) -> String {
    labels::column(key).unwrap_or_else(|| key.to_string())
}

fn applicants_chart(conn: &Connection, selection: &Selection) -> rusqlite::Result<Chart> {
    let columns: Vec<(&str, String)> = [
        ("new_natural_person", "natural_person"),
        ("new_commercial", "commercial"),
        ("new_research", "research"),
        ("new_public_interest", "public_interest"),
        ("new_legal_services", "legal_services"),
        ("new_other_org", "other_org"),
    ]
    .into_iter()
    .map(|(c, key)| (c, label(key)))
    .map(|(c, l)| {
        (
            c,
            if l == "其他" {
                "其他组织".to_string()
            } else {
                l
            },
        )
    })
    .collect();
    let (bars, stating) = sums_chart(conn, selection, &columns)?;
    Ok(Chart {
        id: "chart-applicants",
        title: "本年新收申请：申请人".to_string(),
        unit: "件".to_string(),
        bars,
        max: None,
        vertical: false,
        note: format!("{NOTE_SUMS}{stating} 份报告填报了自然人一栏。"),
    })
}

fn outcomes_chart(conn: &Connection, selection: &Selection) -> rusqlite::Result<Chart> {
    let columns: Vec<(&str, String)> = [
        "granted",
        "partial",
        "denied",
        "unable",
        "not_processed",
        "other_handling",
    ]
    .into_iter()
    .map(|c| {
        let full = label(c);
        // （二）部分公开（区分处理的…）: the words before the template's remark.
        let short = match full.match_indices('（').nth(1) {
            Some((at, _)) => full[..at].to_string(),
            None => full,
        };
        (c, short)
    })
    .collect();
    let (bars, stating) = sums_chart(conn, selection, &columns)?;
    Ok(Chart {
        id: "chart-outcomes",
        title: "办理结果".to_string(),
        unit: "件".to_string(),
        bars,
        max: None,
        vertical: false,
        note: format!("{NOTE_SUMS}（三）至（六）为各项之和。{stating} 份报告填报了予以公开一栏。"),
    })
}

fn review_section(
    html: &mut String,
    conn: &Connection,
    selection: &Selection,
) -> rusqlite::Result<()> {
    const COLS: [&str; 5] = ["upheld", "corrected", "other", "pending", "total"];
    let rows: [(&str, &str); 3] = [
        ("review", "行政复议"),
        ("litigation_direct", "行政诉讼：未经复议直接起诉"),
        ("litigation_after_review", "行政诉讼：复议后起诉"),
    ];
    let mut sums: Vec<String> = rows
        .iter()
        .flat_map(|(row, _)| COLS.iter().map(move |c| format!("sum(f.{row}_{c})")))
        .collect();
    // The rates as docs/measures.md defines them, over the reports whose table 3 is read
    // whole: 结果纠正 summed ÷ (总计 − 尚未审结) summed.
    sums.extend(rows.iter().flat_map(|(row, _)| {
        [
            format!("sum(m.{row}_corrected)"),
            format!("sum(m.{row}_decided)"),
        ]
    }));
    let mut stmt = prepared(
        conn,
        &format!(
            "SELECT {} FROM report_figures f JOIN report_measures m ON m.report_id = f.report_id \
             WHERE f.report_id IN ({})",
            sums.join(", "),
            chosen()
        ),
        selection,
    )?;
    let mut result = stmt.raw_query();
    let r = result.next()?.expect("an aggregate has a row");
    let mut table: Vec<(String, Vec<Option<f64>>, Option<f64>)> = Vec::new();
    for (i, (_, name)) in rows.iter().enumerate() {
        let values: Vec<Option<f64>> = (0..5)
            .map(|j| r.get(i * 5 + j))
            .collect::<rusqlite::Result<_>>()?;
        let corrected: Option<f64> = r.get(15 + 2 * i)?;
        let decided: Option<f64> = r.get(16 + 2 * i)?;
        let rate = match (corrected, decided) {
            (corrected, Some(decided)) if decided > 0.0 => {
                Some(100.0 * corrected.unwrap_or(0.0) / decided)
            }
            _ => None,
        };
        table.push((name.to_string(), values, rate));
    }
    drop(result);
    let chart = Chart {
        id: "chart-correction",
        title: "纠错率（结果纠正 ÷（总计 − 尚未审结））".to_string(),
        unit: "%".to_string(),
        bars: table
            .iter()
            .map(|(name, _, rate)| Bar {
                label: name.clone(),
                value: rate.map(|r| (r * 10.0).round() / 10.0),
            })
            .collect(),
        max: Some(100.0),
        vertical: false,
        note: "只计表三完整读出的报告；已审结（总计 − 尚未审结）为 0 时没有纠错率。".to_string(),
    };
    html.push_str("<section id=\"review\"><h2>行政复议和行政诉讼</h2>\n<div class=\"charts\">\n");
    chart_html(html, &chart);
    html.push_str("<figure class=\"chart\" id=\"review-table\"><figcaption>案件数</figcaption><div class=\"wide\"><table><thead><tr><th></th>");
    for c in COLS {
        let _ = write!(html, "<th class=\"n\">{}</th>", esc(&label(c)));
    }
    html.push_str("<th class=\"n\">纠错率</th></tr></thead><tbody>\n");
    for (name, values, rate) in &table {
        let _ = write!(html, "<tr><th>{}</th>", esc(name));
        for v in values {
            let _ = write!(html, "<td class=\"n\">{}</td>", num(*v));
        }
        let _ = writeln!(
            html,
            "<td class=\"n\">{}</td></tr>",
            rate.map_or("—".to_string(), |r| format!("{r:.1}%"))
        );
    }
    html.push_str("</tbody></table></div></figure>\n</div></section>\n");
    Ok(())
}

fn findings_chart(conn: &Connection, selection: &Selection) -> rusqlite::Result<Chart> {
    let mut stmt = prepared(
        conn,
        &format!(
            "SELECT a.name, count(*) FILTER (WHERE f.severity = 'error') AS errors, \
                    count(*) FILTER (WHERE f.severity = 'warning') AS warnings \
             FROM check_findings f JOIN reports r ON r.id = f.report_id \
             JOIN agencies a ON a.id = r.agency_id \
             WHERE f.report_id IN ({}) GROUP BY r.agency_id \
             ORDER BY errors DESC, warnings DESC, a.name LIMIT 10",
            chosen()
        ),
        selection,
    )?;
    let mut bars = Vec::new();
    let mut rows = stmt.raw_query();
    while let Some(r) = rows.next()? {
        let errors: i64 = r.get(1)?;
        let warnings: i64 = r.get(2)?;
        bars.push(Bar {
            label: if warnings > 0 {
                format!("{}（警告 {warnings}）", r.get::<_, String>(0)?)
            } else {
                r.get(0)?
            },
            value: Some(errors as f64),
        });
    }
    Ok(Chart {
        id: "chart-findings",
        title: "错误最多的机关（前 10）".to_string(),
        unit: "错误".to_string(),
        bars,
        max: None,
        vertical: false,
        note: "每份报告的每条规则最多计一次；括号内为警告数（有警告时）。".to_string(),
    })
}

fn problems_chart(conn: &Connection, selection: &Selection) -> rusqlite::Result<Chart> {
    let mut stmt = prepared(
        conn,
        &format!(
            "SELECT rtrim(text, '。；;，,. ') AS problem, count(*) AS n \
             FROM issues_listed WHERE kind = 'problem' AND report_id IN ({}) \
             GROUP BY problem ORDER BY n DESC, problem LIMIT 10",
            chosen()
        ),
        selection,
    )?;
    let mut bars = Vec::new();
    let mut rows = stmt.raw_query();
    while let Some(r) = rows.next()? {
        bars.push(Bar {
            label: r.get(0)?,
            value: Some(r.get::<_, i64>(1)? as f64),
        });
    }
    Ok(Chart {
        id: "chart-problems",
        title: "最常列出的问题（前 10）".to_string(),
        unit: "份报告".to_string(),
        bars,
        max: None,
        vertical: false,
        note: "“存在的主要问题及改进情况”中列出的问题，文字相同的合并计数。".to_string(),
    })
}

/// Reports whose tables are images: the office has to read them by eye.
fn image_tables(
    html: &mut String,
    conn: &Connection,
    selection: &Selection,
) -> rusqlite::Result<()> {
    const SHOWN: usize = 50;
    let mut stmt = prepared(
        conn,
        &format!(
            "SELECT a.name, r.year, r.table1_status, r.table2_status, r.table3_status \
             FROM reports r JOIN agencies a ON a.id = r.agency_id \
             WHERE r.id IN ({}) AND 'image' IN (r.table1_status, r.table2_status, r.table3_status) \
             ORDER BY a.name, r.year",
            chosen()
        ),
        selection,
    )?;
    let mut rows = stmt.raw_query();
    let mut listed = String::new();
    let mut count = 0usize;
    while let Some(r) = rows.next()? {
        count += 1;
        if count > SHOWN {
            continue;
        }
        let tables: Vec<&str> = (2..5)
            .filter(|&i| r.get_ref(i).ok().and_then(|v| v.as_str().ok()) == Some("image"))
            .map(|i| ["表一", "表二", "表三"][i - 2])
            .collect();
        let _ = writeln!(
            listed,
            "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&r.get::<_, String>(0)?),
            r.get::<_, i64>(1)?,
            tables.join("、")
        );
    }
    if count == 0 {
        return Ok(());
    }
    let _ = write!(
        html,
        "<section id=\"images\"><h2>统计表为图片的报告</h2>\n<p class=\"note\">这些表格无法读出数字，请对照原文件。</p>\n\
         <div class=\"wide\"><table><thead><tr><th>机关</th><th class=\"n\">年度</th><th>为图片的表</th></tr></thead><tbody>\n{listed}</tbody></table></div>\n"
    );
    if count > SHOWN {
        let _ = writeln!(
            html,
            "<p class=\"note\">另有 {} 份未列出。</p>",
            count - SHOWN
        );
    }
    html.push_str("</section>\n");
    Ok(())
}

/// One agency: its years side by side, its findings, the problems it listed.
fn agency_section(
    html: &mut String,
    conn: &Connection,
    selection: &Selection,
    agency_id: i64,
    name: &str,
) -> rusqlite::Result<()> {
    const FIGURES: [&str; 12] = [
        "new_total",
        "carried_over",
        "granted",
        "partial",
        "denied",
        "unable",
        "not_processed",
        "other_handling",
        "total_processed",
        "carried_forward",
        "review_total",
        "litigation_direct_total",
    ];
    let up_to = selection.year;
    let mut stmt = conn.prepare(&format!(
        "SELECT r.id, r.year, {}, f.litigation_after_review_total, \
                (SELECT count(*) FROM check_findings c WHERE c.report_id = r.id AND c.severity = 'error'), \
                (SELECT count(*) FROM check_findings c WHERE c.report_id = r.id AND c.severity = 'warning'), \
                r.table1_status, r.table2_status, r.table3_status, r.published_on \
         FROM reports r JOIN report_figures f ON f.report_id = r.id \
         WHERE r.agency_id = ?1 AND (?2 IS NULL OR r.year <= ?2) ORDER BY r.year",
        FIGURES.map(|c| format!("f.{c}")).join(", ")
    ))?;
    struct Year {
        year: i64,
        figures: Vec<Option<f64>>,
        errors: i64,
        warnings: i64,
        statuses: Vec<String>,
        published: Option<String>,
    }
    let mut years: Vec<Year> = Vec::new();
    let mut rows = stmt.query(params![agency_id, up_to])?;
    while let Some(r) = rows.next()? {
        let mut figures: Vec<Option<f64>> = (0..FIGURES.len())
            .map(|i| r.get(2 + i))
            .collect::<rusqlite::Result<_>>()?;
        // Lawsuits: direct and after review together.
        let after: Option<f64> = r.get(2 + FIGURES.len())?;
        let last = figures.len() - 1;
        figures[last] = match (figures[last], after) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0.0) + b.unwrap_or(0.0)),
        };
        let k = 3 + FIGURES.len();
        years.push(Year {
            year: r.get(1)?,
            figures,
            errors: r.get(k)?,
            warnings: r.get(k + 1)?,
            statuses: vec![r.get(k + 2)?, r.get(k + 3)?, r.get(k + 4)?],
            published: r.get(k + 5)?,
        });
    }
    drop(rows);
    let _ = write!(
        html,
        "<section id=\"agency\"><h2>{}</h2>\n<h3>历年数字</h3>\n<div class=\"wide\"><table id=\"agency-years\"><thead><tr><th></th>",
        esc(name)
    );
    for y in &years {
        let _ = write!(html, "<th class=\"n\">{}年</th>", y.year);
    }
    html.push_str("</tr></thead><tbody>\n");
    let row_labels: Vec<String> = FIGURES
        .iter()
        .map(|c| match *c {
            "new_total" => label("new_applications"),
            "review_total" => "行政复议".to_string(),
            "litigation_direct_total" => "行政诉讼".to_string(),
            c => label(c),
        })
        .collect();
    for (i, row_label) in row_labels.iter().enumerate() {
        let _ = write!(html, "<tr><th>{}</th>", esc(row_label));
        for y in &years {
            let _ = write!(html, "<td class=\"n\">{}</td>", num(y.figures[i]));
        }
        html.push_str("</tr>\n");
    }
    let mut line = |title: &str, cell: &dyn Fn(&Year) -> String| {
        let _ = write!(html, "<tr><th>{}</th>", esc(title));
        for y in &years {
            let _ = write!(html, "<td class=\"n\">{}</td>", esc(&cell(y)));
        }
        html.push_str("</tr>\n");
    };
    line("错误 / 警告", &|y| {
        format!("{} / {}", y.errors, y.warnings)
    });
    line("表一、二、三", &|y| {
        y.statuses
            .iter()
            .map(|s| labels::status(s))
            .collect::<Vec<_>>()
            .join("、")
    });
    line("发布日期", &|y| {
        y.published.clone().unwrap_or_else(|| "—".into())
    });
    html.push_str("</tbody></table></div>\n");

    let mut stmt = conn.prepare(
        "SELECT r.year, f.rule, f.severity, f.detail FROM check_findings f \
         JOIN reports r ON r.id = f.report_id \
         WHERE r.agency_id = ?1 AND (?2 IS NULL OR r.year <= ?2) ORDER BY r.year, f.id",
    )?;
    let mut rows = stmt.query(params![agency_id, up_to])?;
    let mut findings = String::new();
    while let Some(r) = rows.next()? {
        let rule: String = r.get(1)?;
        let _ = writeln!(
            findings,
            "<tr><td class=\"n\">{}</td><td>{}<br><span class=\"note\">{} · {}</span></td><td>{}</td></tr>",
            r.get::<_, i64>(0)?,
            esc(&labels::rule(&rule)),
            esc(&rule),
            labels::severity(&r.get::<_, String>(2)?),
            esc(&r.get::<_, String>(3)?).replace("; ", "<br>")
        );
    }
    drop(rows);
    html.push_str("<h3>检查发现</h3>\n");
    if findings.is_empty() {
        html.push_str("<p class=\"empty\">没有检查发现。</p>\n");
    } else {
        let _ = write!(
            html,
            "<div class=\"wide\"><table id=\"agency-findings\"><thead><tr><th class=\"n\">年度</th><th>规则</th><th>问题及修改</th></tr></thead><tbody>\n{findings}</tbody></table></div>\n"
        );
    }

    let mut stmt = conn.prepare(
        "SELECT r.year, i.ordinal, i.text FROM issues_listed i JOIN reports r ON r.id = i.report_id \
         WHERE r.agency_id = ?1 AND (?2 IS NULL OR r.year <= ?2) AND i.kind = 'problem' \
         ORDER BY r.year, i.ordinal",
    )?;
    let mut rows = stmt.query(params![agency_id, up_to])?;
    let mut problems = String::new();
    while let Some(r) = rows.next()? {
        let _ = writeln!(
            problems,
            "<tr><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            esc(&r.get::<_, String>(2)?)
        );
    }
    html.push_str("<h3>列出的问题</h3>\n");
    if problems.is_empty() {
        html.push_str("<p class=\"empty\">报告没有列出问题。</p>\n");
    } else {
        let _ = write!(
            html,
            "<div class=\"wide\"><table id=\"agency-problems\"><thead><tr><th class=\"n\">年度</th><th class=\"n\">序号</th><th>问题</th></tr></thead><tbody>\n{problems}</tbody></table></div>\n"
        );
    }
    html.push_str("</section>\n");
    Ok(())
}

/// A chart as inline SVG with its numbers in a table beside it.
pub fn chart_html(html: &mut String, chart: &Chart) {
    let _ = write!(
        html,
        "<figure class=\"chart\" id=\"{}\"><figcaption>{}</figcaption>\n<div class=\"chart-body\">\n",
        chart.id,
        esc(&chart.title)
    );
    if chart.bars.is_empty() {
        html.push_str("<p class=\"empty\">没有数字。</p>\n</div></figure>\n");
        return;
    }
    let top = chart
        .max
        .unwrap_or_else(|| {
            chart
                .bars
                .iter()
                .filter_map(|b| b.value)
                .fold(0.0, f64::max)
        })
        .max(f64::MIN_POSITIVE);
    if chart.vertical {
        vertical_svg(html, chart, top);
    } else {
        horizontal_svg(html, chart, top);
    }
    let _ = writeln!(
        html,
        "<table class=\"numbers\"><thead><tr><th></th><th class=\"n\">{}</th></tr></thead><tbody>",
        esc(&chart.unit)
    );
    for bar in &chart.bars {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td class=\"n\" data-value=\"{}\">{}</td></tr>",
            esc(&bar.label),
            bar.value.map(|v| v.to_string()).unwrap_or_default(),
            num(bar.value)
        );
    }
    let _ = write!(
        html,
        "</tbody></table>\n</div>\n<p class=\"note\">{}</p></figure>\n",
        esc(&chart.note)
    );
}

fn bar_attrs(bar: &Bar) -> String {
    format!(
        "data-label=\"{}\" data-value=\"{}\"",
        esc(&bar.label),
        bar.value.map(|v| v.to_string()).unwrap_or_default()
    )
}

/// A bar's length for `value` on a scale whose `top` is `longest` long: at least one unit
/// when the value is above 0, so that a small number still shows.
fn bar_length(value: f64, top: f64, longest: f64) -> f64 {
    let length = longest * value.max(0.0) / top;
    if value > 0.0 { length.max(1.0) } else { length }
}

/// Bars left to right, a label over each.
fn horizontal_svg(html: &mut String, chart: &Chart, top: f64) {
    const WIDTH: f64 = 340.0;
    const BAR_MAX: f64 = 260.0;
    const ROW: f64 = 38.0;
    let height = ROW * chart.bars.len() as f64 + 4.0;
    let _ = writeln!(
        html,
        "<svg viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(&chart.title)
    );
    for (i, bar) in chart.bars.iter().enumerate() {
        let y = ROW * i as f64;
        let _ = writeln!(
            html,
            "<text x=\"0\" y=\"{:.1}\">{}</text>",
            y + 13.0,
            esc(&bar.label)
        );
        match bar.value {
            Some(v) => {
                let w = bar_length(v, top, BAR_MAX);
                let _ = writeln!(
                    html,
                    "<rect class=\"bar\" {} x=\"0\" y=\"{:.1}\" width=\"{w:.2}\" height=\"16\"/><text class=\"v\" x=\"{:.1}\" y=\"{:.1}\">{}{}</text>",
                    bar_attrs(bar),
                    y + 18.0,
                    w + 4.0,
                    y + 31.0,
                    num(Some(v)),
                    if chart.unit == "%" { "%" } else { "" }
                );
            }
            None => {
                let _ = writeln!(
                    html,
                    "<text class=\"v\" {} x=\"0\" y=\"{:.1}\">—</text>",
                    bar_attrs(bar),
                    y + 31.0
                );
            }
        }
    }
    html.push_str("</svg>\n");
}

/// Bars bottom to top, years along the bottom.
fn vertical_svg(html: &mut String, chart: &Chart, top: f64) {
    const HEIGHT: f64 = 220.0;
    const BAR_MAX: f64 = 170.0;
    const BASE: f64 = 196.0;
    let step = 56.0;
    let width = (step * chart.bars.len() as f64).max(240.0);
    let _ = writeln!(
        html,
        "<svg viewBox=\"0 0 {width} {HEIGHT}\" style=\"max-width: {:.0}px\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        // A few bars stay bar-sized rather than filling the width.
        width * 1.4,
        esc(&chart.title)
    );
    let _ = writeln!(
        html,
        "<line x1=\"0\" y1=\"{BASE}\" x2=\"{width}\" y2=\"{BASE}\" stroke=\"#d6dde6\"/>"
    );
    for (i, bar) in chart.bars.iter().enumerate() {
        let x = step * i as f64 + 8.0;
        let center = x + 20.0;
        let _ = writeln!(
            html,
            "<text x=\"{center:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            BASE + 18.0,
            esc(&bar.label)
        );
        match bar.value {
            Some(v) => {
                let h = bar_length(v, top, BAR_MAX);
                let _ = writeln!(
                    html,
                    "<rect class=\"bar\" {} x=\"{x:.1}\" y=\"{:.2}\" width=\"40\" height=\"{h:.2}\"/><text class=\"v\" x=\"{center:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                    bar_attrs(bar),
                    BASE - h,
                    BASE - h - 4.0,
                    num(Some(v))
                );
            }
            None => {
                let _ = writeln!(
                    html,
                    "<text class=\"v\" {} x=\"{center:.1}\" y=\"{:.1}\" text-anchor=\"middle\">—</text>",
                    bar_attrs(bar),
                    BASE - 4.0
                );
            }
        }
    }
    html.push_str("</svg>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_grouped_and_missing_as_a_dash() {
        assert_eq!(num(Some(1234567.0)), "1,234,567");
        assert_eq!(num(Some(-1200.0)), "-1,200");
        assert_eq!(num(Some(0.0)), "0");
        assert_eq!(num(Some(12.25)), "12.2");
        assert_eq!(num(None), "—");
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn bars_are_as_long_as_their_numbers_and_a_missing_number_has_none() {
        let chart = Chart {
            id: "chart-t",
            title: "t".into(),
            unit: "件".into(),
            bars: vec![
                Bar {
                    label: "甲".into(),
                    value: Some(40.0),
                },
                Bar {
                    label: "乙".into(),
                    value: Some(10.0),
                },
                Bar {
                    label: "丙".into(),
                    value: None,
                },
            ],
            max: None,
            vertical: false,
            note: String::new(),
        };
        let mut html = String::new();
        chart_html(&mut html, &chart);
        assert!(
            html.contains(
                "data-label=\"甲\" data-value=\"40\" x=\"0\" y=\"18.0\" width=\"260.00\""
            ),
            "{html}"
        );
        assert!(
            html.contains("data-label=\"乙\" data-value=\"10\" x=\"0\" y=\"56.0\" width=\"65.00\""),
            "{html}"
        );
        assert!(
            html.contains("<text class=\"v\" data-label=\"丙\" data-value=\"\""),
            "{html}"
        );
        assert_eq!(html.matches("<rect").count(), 2);
        assert!(
            html.contains("<td class=\"n\" data-value=\"\">—</td>"),
            "{html}"
        );
    }
}
