//! Where agencies sit: the five seed agencies and hand-made names split into province,
//! city, county, township and body, levels left out filled in by the gazetteer; and the
//! regional rollup over generated reports whose sums are known.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use nianbao::model::{Fact, Table, TableStatus};
use nianbao::region::{Place, place};
use nianbao::store::{SaveOutcome, Source, Store};
use nianbao_synth::{Options, generate};
use rusqlite::Connection;

use common::{nianbao, ok};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds");

/// `agency_regions` as lines `agency|province|city|county|township|body|codes…`, NULL as
/// an empty field.
fn agency_regions(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT agency, province, city, county, township, body, province_code, city_code, \
             county_code FROM agency_regions ORDER BY agency",
        )
        .unwrap();
    stmt.query_map([], |r| {
        let fields: Vec<String> = (0..9)
            .map(|i| r.get::<_, Option<String>>(i).map(Option::unwrap_or_default))
            .collect::<rusqlite::Result<_>>()?;
        Ok(fields.join("|"))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn the_five_seed_agencies_split_with_their_province() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeds.db");
    ok(nianbao(&["ingest", SEEDS], &db));
    assert_eq!(
        agency_regions(&db),
        vec![
            "威海市文登区人民政府|山东省|威海市|文登区||人民政府|370000|371000|371003",
            "威海市文登区张家产镇人民政府|山东省|威海市|文登区|张家产镇|人民政府|370000|371000|371003",
            "威海市文登区米山镇人民政府|山东省|威海市|文登区|米山镇|人民政府|370000|371000|371003",
            // The name prints only the county; the gazetteer puts it in 淄博市, 山东省.
            "沂源县张家坡镇人民政府|山东省|淄博市|沂源县|张家坡镇|人民政府|370000|370300|370323",
            // 莱州市 is a county-level city of 烟台市.
            "莱州市柞村镇人民政府|山东省|烟台市|莱州市|柞村镇|人民政府|370000|370600|370683",
        ]
    );
    // The townships of 文登区, summed through the codes.
    let conn = Connection::open(&db).unwrap();
    let townships: i64 = conn
        .query_row(
            "SELECT count(*) FROM agency_regions WHERE county_code = '371003' \
             AND township IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(townships, 2);
    let regions: i64 = conn
        .query_row("SELECT count(*) FROM regions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(regions, 31 + 333 + 2974);
}

fn split(
    province: Option<&str>,
    city: Option<&str>,
    county: Option<&str>,
    township: Option<&str>,
    body: &str,
    region_code: Option<&'static str>,
) -> Place {
    let own = |s: Option<&str>| s.map(str::to_string);
    Place {
        province: own(province),
        city: own(city),
        county: own(county),
        township: own(township),
        body: body.to_string(),
        region_code,
    }
}

#[test]
fn names_that_leave_levels_out() {
    let cases = [
        (
            "山东省人民政府办公厅",
            split(
                Some("山东省"),
                None,
                None,
                None,
                "人民政府办公厅",
                Some("370000"),
            ),
        ),
        (
            "沂源县教育局",
            split(
                Some("山东省"),
                Some("淄博市"),
                Some("沂源县"),
                None,
                "教育局",
                Some("370323"),
            ),
        ),
        (
            "文登区米山镇人民政府",
            split(
                Some("山东省"),
                Some("威海市"),
                Some("文登区"),
                Some("米山镇"),
                "人民政府",
                Some("371003"),
            ),
        ),
        // 城乡 in a department's name is no township.
        (
            "威海市住房和城乡建设局",
            split(
                Some("山东省"),
                Some("威海市"),
                None,
                None,
                "住房和城乡建设局",
                Some("371000"),
            ),
        ),
        // A district of a municipality has no city above it.
        (
            "北京市东城区人民政府",
            split(
                Some("北京市"),
                None,
                Some("东城区"),
                None,
                "人民政府",
                Some("110101"),
            ),
        ),
        // So has a county-level city directly under its province.
        (
            "仙桃市人民政府",
            split(
                Some("湖北省"),
                None,
                Some("仙桃市"),
                None,
                "人民政府",
                Some("429004"),
            ),
        ),
        // 鼓楼区 is in four cities; the city printed chooses.
        (
            "南京市鼓楼区财政局",
            split(
                Some("江苏省"),
                Some("南京市"),
                Some("鼓楼区"),
                None,
                "财政局",
                Some("320106"),
            ),
        ),
        (
            "吉林省吉林市人民政府",
            split(
                Some("吉林省"),
                Some("吉林市"),
                None,
                None,
                "人民政府",
                Some("220200"),
            ),
        ),
        (
            "济南高新技术产业开发区管理委员会",
            split(
                Some("山东省"),
                Some("济南市"),
                Some("济南高新技术产业开发区"),
                None,
                "管理委员会",
                Some("370176"),
            ),
        ),
        // No division at all.
        (
            "龙山街道办事处",
            split(None, None, None, Some("龙山街道"), "办事处", None),
        ),
        (
            "国家税务总局",
            split(None, None, None, None, "国家税务总局", None),
        ),
    ];
    for (name, expected) in cases {
        assert_eq!(place(name, None), expected, "{name}");
    }

    // Alone, 鼓楼区 stays the county printed, unplaced; an address places it.
    assert_eq!(
        place("鼓楼区教育局", None),
        split(None, None, Some("鼓楼区"), None, "教育局", None)
    );
    assert_eq!(
        place("鼓楼区教育局", Some("福建省福州市鼓楼区八一七北路1号")),
        split(
            Some("福建省"),
            Some("福州市"),
            Some("鼓楼区"),
            None,
            "教育局",
            Some("350102"),
        )
    );
}

/// An agency of the rollup and where it sits.
struct Sited {
    name: &'static str,
    province: Option<&'static str>,
    city: Option<&'static str>,
    county: Option<&'static str>,
}

const fn sited(
    name: &'static str,
    province: Option<&'static str>,
    city: Option<&'static str>,
    county: Option<&'static str>,
) -> Sited {
    Sited {
        name,
        province,
        city,
        county,
    }
}

const AGENCIES: &[Sited] = &[
    sited(
        "沂源县张家坡镇人民政府",
        Some("山东省"),
        Some("淄博市"),
        Some("沂源县"),
    ),
    sited(
        "沂源县南鲁山镇人民政府",
        Some("山东省"),
        Some("淄博市"),
        Some("沂源县"),
    ),
    sited(
        "淄博市沂源县教育局",
        Some("山东省"),
        Some("淄博市"),
        Some("沂源县"),
    ),
    sited(
        "淄博市张店区人民政府",
        Some("山东省"),
        Some("淄博市"),
        Some("张店区"),
    ),
    sited("山东省淄博市人民政府", Some("山东省"), Some("淄博市"), None),
    sited(
        "威海市文登区张家产镇人民政府",
        Some("山东省"),
        Some("威海市"),
        Some("文登区"),
    ),
    sited(
        "文登区米山镇人民政府",
        Some("山东省"),
        Some("威海市"),
        Some("文登区"),
    ),
    sited(
        "莱州市柞村镇人民政府",
        Some("山东省"),
        Some("烟台市"),
        Some("莱州市"),
    ),
    sited(
        "江苏省南京市鼓楼区财政局",
        Some("江苏省"),
        Some("南京市"),
        Some("鼓楼区"),
    ),
    sited("鼓楼区教育局", None, None, Some("鼓楼区")),
    sited("北京市东城区人民政府", Some("北京市"), None, Some("东城区")),
];

/// The sum of a table's 总计 cells in the rows `row` accepts; `None` when none has a value
/// (SQL's sum of nothing).
fn total(table: &Table, row: impl Fn(&str) -> bool) -> Option<f64> {
    table
        .cells
        .iter()
        .filter(|c| c.col_key == "total" && row(c.row_key))
        .filter_map(|c| c.value)
        .reduce(|a, b| a + b)
}

fn add(acc: &mut Option<f64>, v: Option<f64>) {
    if let Some(v) = v {
        *acc = Some(acc.unwrap_or(0.0) + v);
    }
}

fn cell(v: Option<f64>) -> String {
    v.map_or(String::new(), |v| format!("{}", v as i64))
}

type Key = (Option<String>, Option<String>, Option<String>, i32);

/// A row of the rollup: reports, those with table 2, those whose new applications came
/// from the narrative, and the twelve sums in column order.
#[derive(Default)]
struct Group {
    reports: i64,
    with_table2: i64,
    from_narrative: i64,
    sums: [Option<f64>; 12],
}

/// What regional-rollup should print, from the generator's tables.
fn expected_rollup(
    reports: &[(usize, nianbao::model::Report)],
    level: &str,
    year: Option<i32>,
) -> String {
    let mut groups: BTreeMap<Key, Group> = BTreeMap::new();
    for (agency, report) in reports {
        if year.is_some_and(|y| y != report.year) {
            continue;
        }
        let at = &AGENCIES[*agency];
        let own = |s: Option<&str>| s.map(str::to_string);
        let key = (
            own(at.province),
            own(at.city).filter(|_| level != "province"),
            own(at.county).filter(|_| level == "county"),
            report.year,
        );
        let t2 = &report.tables[1];
        let t3 = &report.tables[2];
        let table_new = total(t2, |r| r == "new");
        let stated_new = report.fact("applications.new");
        let figures = [
            table_new.or(stated_new),
            total(t2, |r| r == "carried_over"),
            total(t2, |r| r == "granted"),
            total(t2, |r| r == "partial"),
            total(t2, |r| r.starts_with("denied.")),
            total(t2, |r| r.starts_with("unable.")),
            total(t2, |r| r.starts_with("not_processed.")),
            total(t2, |r| r == "other" || r.starts_with("other.")),
            total(t2, |r| r == "total_processed"),
            total(t2, |r| r == "carried_forward"),
            total(t3, |r| r == "review"),
            total(t3, |r| r.starts_with("litigation_")),
        ];
        let group = groups.entry(key).or_default();
        group.reports += 1;
        group.with_table2 += i64::from(matches!(
            t2.status,
            TableStatus::Data | TableStatus::Partial
        ));
        group.from_narrative += i64::from(table_new.is_none() && stated_new.is_some());
        for (acc, v) in group.sums.iter_mut().zip(figures) {
            add(acc, v);
        }
    }
    let mut out = String::from(
        "province,city,county,year,reports,reports_with_table2,new_applications,\
         new_from_narrative,carried_over,granted,partial,denied,unable,not_processed,\
         other_handling,total_processed,carried_forward,reviews,lawsuits\n",
    );
    for ((province, city, county, year), g) in groups {
        let mut fields = vec![
            province.unwrap_or_default(),
            city.unwrap_or_default(),
            county.unwrap_or_default(),
            year.to_string(),
            g.reports.to_string(),
            g.with_table2.to_string(),
            cell(g.sums[0]),
            g.from_narrative.to_string(),
        ];
        fields.extend(g.sums[1..].iter().map(|v| cell(*v)));
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

#[test]
fn regional_rollup_sums_generated_reports_by_where_agencies_sit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rollup.db");
    let mut store = Store::open(&db).unwrap();
    let mut reports = Vec::new();
    for (i, Sited { name, .. }) in AGENCIES.iter().enumerate() {
        for year in [2022, 2023] {
            let seed = 1000 * (year as u64 - 2021) + i as u64;
            let opts = Options {
                year: Some(year),
                ..Options::default()
            };
            let mut report = generate(seed, &opts).report;
            report.agency = name.to_string();
            if (i + year as usize).is_multiple_of(3) {
                // Table 2 a picture, table 3 absent, the narrative stating the figure.
                report.tables[1] = Table::empty(2, TableStatus::Image);
                report.tables[2] = Table::empty(3, TableStatus::Missing);
                report.facts = vec![Fact {
                    section: "overview",
                    key: "applications.new",
                    value: 7.0 * (i as f64 + 1.0),
                    unit: "件",
                    sentence: "共收到政府信息公开申请若干件。".to_string(),
                    line: 9,
                }];
            }
            // A generated address names made-up places: the name alone must place it.
            report.contact.address = None;
            let path = format!("{name}-{year}.txt");
            let sha = format!("sha-{seed}");
            let outcome = store
                .save(
                    &Source {
                        path: &path,
                        sha256: &sha,
                    },
                    &report,
                    &[],
                )
                .unwrap();
            assert_eq!(outcome, SaveOutcome::Inserted);
            reports.push((i, report));
        }
    }
    drop(store);

    let query = |args: &[&str]| {
        let mut all = vec!["query", "regional-rollup", "-f", "csv"];
        all.extend_from_slice(args);
        ok(nianbao(&all, &db))
    };
    assert_eq!(
        query(&["-p", "year=2023"]),
        expected_rollup(&reports, "city", Some(2023))
    );
    assert_eq!(
        query(&["-p", "level=county"]),
        expected_rollup(&reports, "county", None)
    );
    assert_eq!(
        query(&["-p", "level=province", "-p", "year=2022"]),
        expected_rollup(&reports, "province", Some(2022))
    );
    // One city, by part of its name.
    let zibo: String = expected_rollup(&reports, "county", Some(2023))
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || l.contains(",淄博市,"))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    assert_eq!(
        query(&["-p", "level=county", "-p", "year=2023", "-p", "region=淄博"]),
        zibo
    );
    assert_eq!(zibo.lines().count(), 1 + 3);
}
