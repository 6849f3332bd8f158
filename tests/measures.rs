//! The transparency measures (docs/measures.md) on generated reports whose tables are known:
//! the view `report_measures` compared bit for bit with each definition computed from the
//! generator's truth, and the saved queries that show them (disclosure-rates,
//! denial-reasons, correction-rates, rankings, region-measures, yoy-applications) compared
//! line for line. Some reports are changed so that every way a rate is left blank happens:
//! table 2 a picture, nothing decided (a zero denominator), a blank part, table 3 partial.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use nianbao::model::{Fact, Report, Table, TableStatus};
use nianbao::store::{SaveOutcome, Source, Store};
use nianbao_synth::{Options, generate};

use common::{connect, nianbao, ok};

/// An agency, where it sits (province, city, county) and whether it is a government of a
/// county or above.
struct Sited {
    name: &'static str,
    city: &'static str,
    county: Option<&'static str>,
    government: bool,
}

const AGENCIES: &[Sited] = &[
    sited("沂源县人民政府", "淄博市", Some("沂源县"), true),
    sited("沂源县教育局", "淄博市", Some("沂源县"), false),
    sited("沂源县张家坡镇人民政府", "淄博市", Some("沂源县"), false),
    sited("沂源县南鲁山镇人民政府", "淄博市", Some("沂源县"), false),
    sited("淄博市沂源县公安局", "淄博市", Some("沂源县"), false),
    sited("淄博市张店区教育局", "淄博市", Some("张店区"), false),
    sited("淄博市张店区财政局", "淄博市", Some("张店区"), false),
    sited("山东省淄博市人民政府", "淄博市", None, true),
];

const fn sited(
    name: &'static str,
    city: &'static str,
    county: Option<&'static str>,
    government: bool,
) -> Sited {
    Sited {
        name,
        city,
        county,
        government,
    }
}

const YEARS: [i32; 2] = [2020, 2021];

/// The sum of column 总计 over the rows `row` accepts; None when none has a value.
fn total(table: &Table, row: impl Fn(&str) -> bool) -> Option<f64> {
    table
        .cells
        .iter()
        .filter(|c| c.col_key == "total" && row(c.row_key))
        .filter_map(|c| c.value)
        .reduce(|a, b| a + b)
}

fn set(table: &mut Table, row: &str, col: &str, value: Option<f64>) {
    let cell = table
        .cells
        .iter_mut()
        .find(|c| c.row_key == row && c.col_key == col)
        .unwrap_or_else(|| panic!("no cell {row} {col}"));
    cell.value = value;
}

/// A report's measures as docs/measures.md defines them, from its tables.
#[derive(Debug, Clone, Copy, Default)]
struct Measures {
    decided: Option<f64>,
    granted: f64,
    partial: f64,
    denied: f64,
    unable: f64,
    /// (decided, corrected) of 行政复议, 未经复议直接起诉, 复议后起诉.
    t3: [(Option<f64>, f64); 3],
    new: Option<f64>,
}

fn measures(report: &Report) -> Measures {
    let t2 = &report.tables[1];
    let t3 = &report.tables[2];
    let data2 = t2.status == TableStatus::Data;
    let data3 = t3.status == TableStatus::Data;
    let other = total(t2, |r| r == "other" || r.starts_with("other.")).unwrap_or(0.0);
    let row3 = |row: &str| {
        let decided = if data3 {
            t3.value(row, "total")
                .map(|t| t - t3.value(row, "pending").unwrap_or(0.0))
        } else {
            None
        };
        (decided, t3.value(row, "corrected").unwrap_or(0.0))
    };
    Measures {
        decided: if data2 {
            total(t2, |r| r == "total_processed").map(|t| t - other)
        } else {
            None
        },
        granted: total(t2, |r| r == "granted").unwrap_or(0.0),
        partial: total(t2, |r| r == "partial").unwrap_or(0.0),
        denied: total(t2, |r| r.starts_with("denied.")).unwrap_or(0.0),
        unable: total(t2, |r| r.starts_with("unable.")).unwrap_or(0.0),
        t3: [
            row3("review"),
            row3("litigation_direct"),
            row3("litigation_after_review"),
        ],
        new: total(t2, |r| r == "new").or(report.fact("applications.new")),
    }
}

/// 100 × n / d, None unless d > 0 (as the view computes it).
fn rate(n: f64, d: Option<f64>) -> Option<f64> {
    d.filter(|d| *d > 0.0).map(|d| 100.0 * n / d)
}

impl Measures {
    fn litigation(&self) -> (Option<f64>, f64) {
        let [_, (d1, c1), (d2, c2)] = self.t3;
        (d1.zip(d2).map(|(a, b)| a + b), c1 + c2)
    }

    /// The view's rates in its column order.
    fn rates(&self) -> [Option<f64>; 9] {
        let (ld, lc) = self.litigation();
        [
            rate(self.granted, self.decided),
            rate(self.partial, self.decided),
            rate(self.granted + self.partial, self.decided),
            rate(self.denied, self.decided),
            rate(self.unable, self.decided),
            rate(self.t3[0].1, self.t3[0].0),
            rate(self.t3[1].1, self.t3[1].0),
            rate(self.t3[2].1, self.t3[2].0),
            rate(lc, ld),
        ]
    }
}

/// A number as the text formats print it: whole numbers without a point.
fn num(v: Option<f64>) -> String {
    match v {
        Some(v) if v.fract() == 0.0 => format!("{}", v as i64),
        Some(v) => v.to_string(),
        None => String::new(),
    }
}

/// A rate rounded to one decimal, as the saved queries print it.
fn pct(v: Option<f64>) -> String {
    num(v.map(|v| (v * 10.0).round() / 10.0))
}

/// The generated reports, changed so that every blank case occurs, stored in `db`.
fn stored(db: &Path) -> Vec<(usize, Report)> {
    let mut store = Store::open(db).unwrap();
    let mut reports = Vec::new();
    for (i, agency) in AGENCIES.iter().enumerate() {
        for (y, year) in YEARS.into_iter().enumerate() {
            let seed = 7000 + 10 * i as u64 + y as u64;
            let opts = Options {
                year: Some(year),
                ..Options::default()
            };
            let mut report = generate(seed, &opts).report;
            report.agency = agency.name.to_string();
            report.contact.address = None;
            match (2 * i + y) % 6 {
                1 => {
                    // Tables as pictures: the narrative's figure for new applications.
                    report.tables[1] = Table::empty(2, TableStatus::Image);
                    report.tables[2] = Table::empty(3, TableStatus::Missing);
                    report.facts = vec![Fact {
                        section: "overview",
                        key: "applications.new",
                        value: 11.0 * (i as f64 + 1.0),
                        unit: "件",
                        sentence: "共收到政府信息公开申请若干件。".to_string(),
                        line: 9,
                    }];
                }
                2 => {
                    // Nothing decided: every application handled otherwise, every review
                    // pending.
                    let other = total(&report.tables[1], |r| {
                        r == "other" || r.starts_with("other.")
                    });
                    set(
                        &mut report.tables[1],
                        "total_processed",
                        "total",
                        other.or(Some(0.0)),
                    );
                    let total_reviews = report.tables[2].value("review", "total");
                    set(&mut report.tables[2], "review", "pending", total_reviews);
                }
                3 => {
                    // Blank parts count as none.
                    set(&mut report.tables[1], "granted", "total", None);
                    set(&mut report.tables[2], "review", "corrected", None);
                }
                4 => report.tables[2].status = TableStatus::Partial,
                _ => {}
            }
            let path = format!("{}-{year}.txt", agency.name);
            let sha = format!("sha-{seed}");
            let source = Source {
                path: &path,
                sha256: &sha,
            };
            assert_eq!(
                store.save(&source, &report, &[]).unwrap(),
                SaveOutcome::Inserted
            );
            reports.push((i, report));
        }
    }
    reports
}

fn query(db: &Path, args: &[&str]) -> String {
    let mut all = vec!["query"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-f", "csv"]);
    ok(nianbao(&all, db))
}

/// Reports in the saved queries' order: agency name, then year.
fn by_agency(reports: &[(usize, Report)]) -> Vec<&(usize, Report)> {
    let mut sorted: Vec<&(usize, Report)> = reports.iter().collect();
    sorted.sort_by(|(a, ra), (b, rb)| {
        (AGENCIES[*a].name, ra.year).cmp(&(AGENCIES[*b].name, rb.year))
    });
    sorted
}

#[test]
fn measures_match_their_definitions_on_generated_reports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("measures.db");
    let reports = stored(&db);

    // The view, bit for bit.
    let conn = connect(&db);
    let mut stmt = conn
        .prepare(
            "SELECT a.name, m.year, m.decided, m.granted_rate, m.partial_rate, \
             m.disclosure_rate, m.denial_rate, m.unable_rate, m.review_correction_rate, \
             m.litigation_direct_loss_rate, m.litigation_after_review_loss_rate, \
             m.litigation_loss_rate, m.new_applications \
             FROM report_measures m JOIN agencies a ON a.id = m.agency_id",
        )
        .unwrap();
    let stored: BTreeMap<(String, i32), Vec<Option<f64>>> = stmt
        .query_map([], |r| {
            let values = (2..13)
                .map(|i| r.get::<_, Option<f64>>(i))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(((r.get(0)?, r.get(1)?), values))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(stored.len(), reports.len());
    // Per rate: how many reports have it and how many do not.
    let mut seen = [(0, 0); 9];
    for (i, report) in &reports {
        let m = measures(report);
        let mut expected = vec![m.decided];
        expected.extend(m.rates());
        expected.push(m.new);
        for (seen, rate) in seen.iter_mut().zip(m.rates()) {
            if rate.is_some() {
                seen.0 += 1;
            } else {
                seen.1 += 1;
            }
        }
        assert_eq!(
            stored[&(AGENCIES[*i].name.to_string(), report.year)],
            expected,
            "{} {}",
            AGENCIES[*i].name,
            report.year
        );
    }
    // Every rate is computed for some reports and blank for others.
    assert!(
        seen.iter().all(|(some, none)| *some > 0 && *none > 0),
        "{seen:?}"
    );

    // disclosure-rates.
    let mut expected = String::from(
        "agency,year,table2_status,decided,granted,partial,other_handling,granted_pct,\
         partial_pct,disclosure_rate_pct\n",
    );
    for (i, report) in by_agency(&reports) {
        let m = measures(report);
        let t2 = &report.tables[1];
        let [granted, partial, disclosure, ..] = m.rates();
        expected.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{}\n",
            AGENCIES[*i].name,
            report.year,
            t2.status.key(),
            num(m.decided),
            num(total(t2, |r| r == "granted")),
            num(total(t2, |r| r == "partial")),
            num(total(t2, |r| r == "other" || r.starts_with("other."))),
            pct(granted),
            pct(partial),
            pct(disclosure),
        ));
    }
    assert_eq!(query(&db, &["disclosure-rates"]), expected);

    // correction-rates.
    let mut expected = String::from(
        "agency,year,table3_status,review_decided,review_corrected,review_correction_rate_pct,\
         litigation_direct_decided,litigation_direct_corrected,litigation_direct_loss_rate_pct,\
         litigation_after_review_decided,litigation_after_review_corrected,\
         litigation_after_review_loss_rate_pct,litigation_decided,litigation_corrected,\
         litigation_loss_rate_pct\n",
    );
    for (i, report) in by_agency(&reports) {
        let m = measures(report);
        let rates = m.rates();
        let mut fields = vec![
            AGENCIES[*i].name.to_string(),
            report.year.to_string(),
            report.tables[2].status.key().to_string(),
        ];
        for (k, (decided, corrected)) in m.t3.iter().enumerate() {
            fields.push(num(*decided));
            fields.push(num(decided.map(|_| *corrected)));
            fields.push(pct(rates[5 + k]));
        }
        let (ld, lc) = m.litigation();
        fields.extend([num(ld), num(ld.map(|_| lc)), pct(rates[8])]);
        expected.push_str(&fields.join(","));
        expected.push('\n');
    }
    assert_eq!(query(&db, &["correction-rates"]), expected);

    // denial-reasons, one year, only the reasons' cells a report placed.
    let mut expected = String::from("agency,year,kind,reason,count,share_pct,rate_pct\n");
    for (i, report) in by_agency(&reports) {
        if report.year != 2021 {
            continue;
        }
        let m = measures(report);
        let [.., denial, unable, _, _, _, _] = m.rates();
        for (kind, of_kind, rate) in [("denied", m.denied, denial), ("unable", m.unable, unable)] {
            let t2 = &report.tables[1];
            for cell in t2
                .cells
                .iter()
                .filter(|c| c.col_key == "total" && c.row_key.starts_with(&format!("{kind}.")))
            {
                let share = (of_kind > 0.0).then(|| 100.0 * cell.value.unwrap_or(0.0) / of_kind);
                expected.push_str(&format!(
                    "{},{},{kind},{},{},{},{}\n",
                    AGENCIES[*i].name,
                    report.year,
                    &cell.row_key[kind.len() + 1..],
                    num(cell.value),
                    pct(share),
                    pct(rate),
                ));
            }
        }
    }
    assert_eq!(query(&db, &["denial-reasons", "-p", "year=2021"]), expected);
}

#[test]
fn rankings_and_region_totals_count_each_report_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rankings.db");
    let reports = stored(&db);

    // Rankings by 公开率 within each county, the fewest decided applications 40.
    let min = 40.0;
    let mut groups: BTreeMap<(&str, i32), Vec<(&str, Measures)>> = BTreeMap::new();
    for (i, report) in &reports {
        if let Some(county) = AGENCIES[*i].county {
            groups
                .entry((county, report.year))
                .or_default()
                .push((AGENCIES[*i].name, measures(report)));
        }
    }
    let mut expected =
        String::from("province,city,county,year,agency,sample,rate_pct,rank,ranked_of\n");
    let mut too_few = 0;
    for ((county, year), mut members) in groups {
        let disclosure = |m: &Measures| m.rates()[2];
        let ranked = |m: &Measures| disclosure(m).is_some() && m.decided.unwrap() >= min;
        members.sort_by(|(a, ma), (b, mb)| {
            ranked(mb)
                .cmp(&ranked(ma))
                .then(disclosure(mb).partial_cmp(&disclosure(ma)).unwrap())
                .then(a.cmp(b))
        });
        let of = members.iter().filter(|(_, m)| ranked(m)).count();
        for (name, m) in &members {
            let (shown, rank) = if ranked(m) {
                let rank = 1 + members
                    .iter()
                    .filter(|(_, o)| ranked(o) && disclosure(o) > disclosure(m))
                    .count();
                (pct(disclosure(m)), rank.to_string())
            } else if m.decided.is_some_and(|d| d < min) {
                too_few += 1;
                ("too few".to_string(), String::new())
            } else {
                (String::new(), String::new())
            };
            let city = AGENCIES.iter().find(|a| a.name == *name).unwrap().city;
            expected.push_str(&format!(
                "山东省,{city},{county},{year},{name},{},{shown},{rank},{of}\n",
                num(m.decided)
            ));
        }
    }
    assert!(too_few >= 1, "no rate below the sample size:\n{expected}");
    assert_eq!(query(&db, &["rankings", "-p", "min_sample=40"]), expected);

    // Region totals: a county's departments and townships summed, its government apart;
    // the city's government apart at city level, the county governments in neither row.
    for level in ["county", "city"] {
        let mut sums: BTreeMap<(String, i32, &str), Vec<Measures>> = BTreeMap::new();
        for (i, report) in &reports {
            let at = &AGENCIES[*i];
            let region = match level {
                "county" => match at.county {
                    Some(county) => format!("淄博市,{county}"),
                    None => continue,
                },
                _ => "淄博市,".to_string(),
            };
            let scope = if !at.government {
                "departments"
            } else if level == "city" && at.county.is_some() {
                continue;
            } else {
                "government"
            };
            sums.entry((region, report.year, scope))
                .or_default()
                .push(measures(report));
        }
        let mut expected = String::from(
            "province,city,county,year,scope,reports,new_applications,decided,disclosed,\
             disclosure_rate_pct,denial_rate_pct,unable_rate_pct,review_decided,\
             review_correction_rate_pct,litigation_decided,litigation_loss_rate_pct\n",
        );
        let sum = |v: &mut dyn Iterator<Item = Option<f64>>| v.flatten().reduce(|a, b| a + b);
        // Scope in descending order within a region and year: government after departments.
        let mut keys: Vec<_> = sums.keys().cloned().collect();
        keys.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)).then(b.2.cmp(a.2)));
        for key in keys {
            let ms = &sums[&key];
            let decided = sum(&mut ms.iter().map(|m| m.decided));
            let part =
                |f: &dyn Fn(&Measures) -> f64| sum(&mut ms.iter().map(|m| m.decided.map(|_| f(m))));
            let ratio = |n: Option<f64>, d: Option<f64>| rate(n.unwrap_or(0.0), d);
            let disclosed = part(&|m| m.granted + m.partial);
            let review = sum(&mut ms.iter().map(|m| m.t3[0].0));
            let review_corrected = sum(&mut ms.iter().map(|m| m.t3[0].0.map(|_| m.t3[0].1)));
            let lit = sum(&mut ms.iter().map(|m| m.litigation().0));
            let lit_corrected = sum(&mut ms.iter().map(|m| {
                let (d, c) = m.litigation();
                d.map(|_| c)
            }));
            expected.push_str(&format!(
                "山东省,{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                key.0,
                key.1,
                key.2,
                ms.len(),
                num(sum(&mut ms.iter().map(|m| m.new))),
                num(decided),
                num(disclosed),
                pct(ratio(disclosed, decided)),
                pct(ratio(part(&|m| m.denied), decided)),
                pct(ratio(part(&|m| m.unable), decided)),
                num(review),
                pct(ratio(review_corrected, review)),
                num(lit),
                pct(ratio(lit_corrected, lit)),
            ));
        }
        assert_eq!(
            query(&db, &["region-measures", "-p", &format!("level={level}")]),
            expected,
            "level {level}"
        );
    }
}

#[test]
fn yoy_applications_growth_from_the_tables_or_the_narrative() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("growth.db");
    let reports = stored(&db);
    let mut expected = String::from(
        "agency,year,new_applications,new_source,prev_year_new_applications,prev_source,\
         growth_pct\n",
    );
    for (i, report) in by_agency(&reports) {
        let source = |r: &Report| {
            if total(&r.tables[1], |k| k == "new").is_some() {
                "table"
            } else if r.fact("applications.new").is_some() {
                "narrative"
            } else {
                ""
            }
        };
        let new = measures(report).new;
        let prev = reports
            .iter()
            .find(|(j, r)| j == i && r.year == report.year - 1)
            .map(|(_, r)| r);
        // Last year's report, else the figure this year's narrative states for last year.
        let stated_prev = report.fact("applications.prev_year_new");
        let prev_new = prev.and_then(|r| measures(r).new).or(stated_prev);
        let growth = match (new, prev_new) {
            (Some(n), Some(p)) if p > 0.0 => Some(100.0 * (n - p) / p),
            _ => None,
        };
        expected.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            AGENCIES[*i].name,
            report.year,
            num(new),
            source(report),
            num(prev_new),
            match prev.and_then(|r| measures(r).new) {
                Some(_) => source(prev.unwrap()),
                None if stated_prev.is_some() => "narrative",
                None => "",
            },
            pct(growth),
        ));
    }
    assert_eq!(query(&db, &["yoy-applications"]), expected);
}

#[test]
fn the_workbook_shows_each_reports_rates() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("workbook.db");
    let reports = stored(&db);
    let file = dir.path().join("office.xlsx");
    ok(nianbao(
        &["export", "--workbook", file.to_str().unwrap()],
        &db,
    ));
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    let sheet = book.worksheet_range("报告").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|row| {
            row.iter()
                .map(|d| match d {
                    Data::Empty => String::new(),
                    Data::Float(f) => num(Some(*f)),
                    Data::String(s) => s.clone(),
                    // The publication date: not compared here.
                    other => format!("{other:?}"),
                })
                .collect()
        })
        .collect();
    assert_eq!(
        rows[0][11..16],
        [
            "公开率%",
            "不予公开率%",
            "无法提供率%",
            "复议纠错率%",
            "诉讼败诉率%"
        ]
    );
    assert_eq!(rows.len(), 1 + reports.len());
    for ((i, report), row) in by_agency(&reports).into_iter().zip(&rows[1..]) {
        let r = measures(report).rates();
        assert_eq!(row[0], AGENCIES[*i].name);
        assert_eq!(
            row[11..16],
            [pct(r[2]), pct(r[3]), pct(r[4]), pct(r[5]), pct(r[8])],
            "{} {}",
            row[0],
            report.year
        );
    }
}
