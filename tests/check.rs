//! The consistency review (`nianbao check`): every rule broken once by editing a real
//! seed's numbers gives exactly one finding with the right id, cells and numbers (the
//! generator's option to break a rule is checked the same way in `tests/synth.rs`); the
//! seeds as published give none; a two-year pair for the cross-year rules, checked from
//! files and from the store; exit statuses; the check-summary saved query.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use nianbao::vocab::{self, Template};
use nianbao_synth::{Layout, Options, generate};

// ------------------------------------------------------------ generated reports

#[test]
fn a_broken_generated_report_in_full() {
    let opts = Options {
        layout: Some(Layout::Pipe),
        template: Some(Template::Y2021),
        break_rules: vec!["t2.balance"],
        ..Options::default()
    };
    let s = generate(3, &opts);
    let findings = common::check_truth(&s);
    let shown: Vec<(String, &str, Vec<String>)> = findings
        .iter()
        .map(|f| {
            let cells = f
                .cells
                .iter()
                .map(|c| format!("{} {:?} @{}", c.label, c.value, c.line))
                .collect();
            (f.detail.clone(), f.severity.key(), cells)
        })
        .collect();
    // The pipe table of seed 3 prints 一 79 … 82, 二 0 … 1, （七）79 … 82, 四 2 … 3 on lines
    // 37, 38, 67, 68.
    let cells = [
        "一 自然人 Some(79.0) @37",
        "二 自然人 Some(0.0) @38",
        "三（七）自然人 Some(79.0) @67",
        "四 自然人 Some(2.0) @68",
        "一 总计 Some(82.0) @37",
        "二 总计 Some(1.0) @38",
        "三（七）总计 Some(82.0) @67",
        "四 总计 Some(3.0) @68",
    ];
    assert_eq!(
        shown,
        [(
            "自然人: 一 79 + 二 0 = 79 ≠ 三（七）79 + 四 2 = 81; \
             总计: 一 82 + 二 1 = 83 ≠ 三（七）82 + 四 3 = 85"
                .to_string(),
            "error",
            cells.map(String::from).to_vec()
        )]
    );
    let lines: Vec<&str> = s.text.lines().collect();
    assert!(lines[36].starts_with("| 一、本年新收政府信息公开申请数量 |  |  | 79 |"));
    assert!(lines[67].ends_with("| 3 |"));
}

// ------------------------------------------------------------ real seeds, edited

const SEED_003: &str = "tests/fixtures/seeds/003_4482178871b8c0ba.txt";
const SEED_004: &str = "tests/fixtures/seeds/004_8b957fd57b8434a8.txt";
const SEEDS: &str = "tests/fixtures/seeds";

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// `text` with line `no` (1-based) replaced by what `f` makes of it.
fn edit_line(text: &str, no: usize, f: impl Fn(&str) -> String) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    assert!(no >= 1 && no <= lines.len(), "no line {no}");
    lines[no - 1] = f(&lines[no - 1]);
    lines.join("\n")
}

/// A tab-separated row with its `k`-th number replaced, for each (k, number).
fn set_numbers(line: &str, numbers: &[(usize, &str)]) -> String {
    let mut k = 0;
    let cells: Vec<String> = line
        .split('\t')
        .map(|cell| {
            if cell.trim().parse::<f64>().is_err() {
                return cell.to_string();
            }
            let replaced = numbers.iter().find(|(i, _)| *i == k).map(|(_, n)| *n);
            k += 1;
            replaced.unwrap_or(cell).to_string()
        })
        .collect();
    assert!(
        numbers.iter().all(|(i, _)| *i < k),
        "{line:?} has {k} numbers"
    );
    cells.join("\t")
}

/// Seed 004 made into the same agency's report of the year before, published in time.
fn seed_004_a_year_earlier() -> String {
    read(SEED_004)
        .replace("2023", "2022")
        .replace("2024年1月11日", "2023年1月11日")
}

fn nianbao(args: &[&str], paths: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .args(paths)
        .env_remove("NIANBAO_DB")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Writes files into a fresh folder.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

const CSV_HEADER: &str = "path,agency,year,rule,severity,detail,cells\n";

/// `check --format csv` on `paths`: exit status, stdout, stderr.
fn check_csv(extra: &[&str], paths: &[&Path]) -> (i32, String, String) {
    let mut args = vec!["check", "--format", "csv"];
    args.extend(extra);
    let o = nianbao(&args, paths);
    (o.status.code().unwrap(), stdout(&o), stderr(&o))
}

/// One edited seed, one finding: (what, seed, edit, exit status, the finding's CSV row
/// after the path).
type Case = (
    &'static str,
    &'static str,
    fn(String) -> String,
    i32,
    &'static str,
);

const CASES: &[Case] = &[
    (
        "四 carried forward 1 more in 自然人 (and 总计)",
        SEED_004,
        |t| edit_line(&t, 74, |l| set_numbers(l, &[(0, "1"), (6, "1")])),
        1,
        "莱州市柞村镇人民政府,2023,t2.balance,error,\
         自然人: 一 0 + 二 0 = 0 ≠ 三（七）0 + 四 1 = 1; 总计: 一 0 + 二 0 = 0 ≠ 三（七）0 + 四 1 = 1,\
         表2 一 自然人 0 (line 49); 表2 二 自然人 0 (line 50); 表2 三（七）自然人 0 (line 73); \
         表2 四 自然人 1 (line 74); 表2 一 总计 0 (line 49); 表2 二 总计 0 (line 50); \
         表2 三（七）总计 0 (line 73); 表2 四 总计 1 (line 74)",
    ),
    (
        "三（一） granted 1 in 自然人 (and 总计), not in 三（七）",
        SEED_004,
        |t| edit_line(&t, 51, |l| set_numbers(l, &[(0, "1"), (6, "1")])),
        1,
        "莱州市柞村镇人民政府,2023,t2.outcomes_sum,error,\
         自然人: 三（一）1 = 1 ≠ 三（七）0; 总计: 三（一）1 = 1 ≠ 三（七）0,\
         表2 三（七）自然人 0 (line 73); 表2 三（一）自然人 1 (line 51); \
         表2 三（七）总计 0 (line 73); 表2 三（一）总计 1 (line 51)",
    ),
    (
        "一, 三（一）, 三（七） 1 in 自然人, 总计 left 0",
        SEED_004,
        |t| {
            let t = edit_line(&t, 49, |l| set_numbers(l, &[(0, "1")]));
            let t = edit_line(&t, 51, |l| set_numbers(l, &[(0, "1")]));
            edit_line(&t, 73, |l| set_numbers(l, &[(0, "1")]))
        },
        1,
        "莱州市柞村镇人民政府,2023,t2.row_total,error,\
         一: 自然人 1 + 商业企业 0 + 科研机构 0 + 社会公益组织 0 + 法律服务机构 0 + 其他 0 = 1 ≠ 总计 0; \
         三（一）: 自然人 1 + 商业企业 0 + 科研机构 0 + 社会公益组织 0 + 法律服务机构 0 + 其他 0 = 1 ≠ 总计 0; \
         三（七）: 自然人 1 + 商业企业 0 + 科研机构 0 + 社会公益组织 0 + 法律服务机构 0 + 其他 0 = 1 ≠ 总计 0,\
         表2 一 自然人 1 (line 49); 表2 一 商业企业 0 (line 49); 表2 一 科研机构 0 (line 49); \
         表2 一 社会公益组织 0 (line 49); 表2 一 法律服务机构 0 (line 49); 表2 一 其他 0 (line 49); \
         表2 一 总计 0 (line 49); 表2 三（一）自然人 1 (line 51); 表2 三（一）商业企业 0 (line 51); \
         表2 三（一）科研机构 0 (line 51); 表2 三（一）社会公益组织 0 (line 51); \
         表2 三（一）法律服务机构 0 (line 51); 表2 三（一）其他 0 (line 51); 表2 三（一）总计 0 (line 51); \
         表2 三（七）自然人 1 (line 73); 表2 三（七）商业企业 0 (line 73); 表2 三（七）科研机构 0 (line 73); \
         表2 三（七）社会公益组织 0 (line 73); 表2 三（七）法律服务机构 0 (line 73); \
         表2 三（七）其他 0 (line 73); 表2 三（七）总计 0 (line 73)",
    ),
    (
        "行政复议 总计 1 over four zeros",
        SEED_003,
        |t| edit_line(&t, 383, |l| set_numbers(l, &[(0, "1")])),
        1,
        "沂源县张家坡镇人民政府,2023,t3.row_total,error,\
         行政复议: 结果维持 0 + 结果纠正 0 + 其他结果 0 + 尚未审结 0 = 0 ≠ 总计 1,\
         表3 行政复议 结果维持 0 (line 379); 表3 行政复议 结果纠正 0 (line 380); \
         表3 行政复议 其他结果 0 (line 381); 表3 行政复议 尚未审结 0 (line 382); \
         表3 行政复议 总计 1 (line 383)",
    ),
    (
        "a case and a half",
        SEED_004,
        |t| edit_line(&t, 83, |l| set_numbers(l, &[(0, "2.5"), (4, "2.5")])),
        1,
        "莱州市柞村镇人民政府,2023,t3.whole_numbers,error,\
         未经复议直接起诉 结果维持 is 2.5; 未经复议直接起诉 总计 is 2.5,\
         表3 未经复议直接起诉 结果维持 2.5 (line 83); 表3 未经复议直接起诉 总计 2.5 (line 83)",
    ),
    (
        "three normative documents issued, none in force",
        SEED_004,
        |t| edit_line(&t, 30, |l| set_numbers(l, &[(0, "3")])),
        1,
        "莱州市柞村镇人民政府,2023,t1.running_total,error,\
         行政规范性文件: 现行有效件数 0 < 本年制发件数 3 - 本年废止件数 0 = 3,\
         表1 行政规范性文件 现行有效件数 0 (line 30); 表1 行政规范性文件 本年制发件数 3 (line 30); \
         表1 行政规范性文件 本年废止件数 0 (line 30)",
    ),
    (
        "the text says three applications came, the table none",
        SEED_003,
        |t| {
            t.replace(
                "我镇未收到政府信息公开申请",
                "我镇共收到政府信息公开申请3件",
            )
        },
        1,
        "沂源县张家坡镇人民政府,2023,n.matches_table,error,\
         一 总计 0 ≠ 3 stated at line 66: 自2023年1月1日起至2023年12月31日止，我镇共收到政府信息公开申请3件。,\
         表2 一 总计 0 (line 91)",
    ),
    (
        "last year's statistics period left in",
        SEED_003,
        |t| {
            edit_line(&t, 4, |l| {
                l.replace(
                    "自2023年1月1日始，至2023年12月31日止",
                    "自2022年1月1日始，至2022年12月31日止",
                )
            })
        },
        0,
        "沂源县张家坡镇人民政府,2023,s.stale_year,warning,\
         line 4: the period 2022年1月1日始，至2022年12月31日 is not 2023,",
    ),
    (
        "section 六 without its heading",
        SEED_003,
        |t| edit_line(&t, 402, |_| String::new()),
        1,
        "沂源县张家坡镇人民政府,2023,s.sections,error,missing section(s): other 其他需要报告的事项,",
    ),
    (
        "published in February",
        SEED_004,
        |t| t.replace("2024年1月11日", "2024年2月5日"),
        1,
        "莱州市柞村镇人民政府,2023,s.published_on_time,error,published 2024-02-05 after the deadline 2024-01-31,",
    ),
    (
        "last year's signature date",
        SEED_004,
        |t| t.replace("2024年1月11日", "2023年1月11日"),
        1,
        "莱州市柞村镇人民政府,2023,s.published_after_year,error,\
         \"published 2023-01-11, before the year 2023 it reports on had ended\",",
    ),
];

#[test]
fn the_real_seeds_with_tables_are_consistent() {
    let o = nianbao(&["check"], &[Path::new(SEED_003), Path::new(SEED_004)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "2 reports checked, 0 with findings: 0 errors, 0 warnings\n"
    );
}

#[test]
fn one_number_edited_in_a_real_seed_one_finding() {
    for (what, seed, edit, status, row) in CASES {
        let dir = folder(&[("report.txt", &edit(read(seed)))]);
        let path = dir.path().join("report.txt");
        let (code, out, err) = check_csv(&[], &[&path]);
        assert_eq!(
            out,
            format!("{CSV_HEADER}{},{row}\n", path.display()),
            "{what}\n{err}"
        );
        assert_eq!(code, *status, "{what}");
        let severity = if *status == 1 {
            "1 error, 0 warnings"
        } else {
            "0 errors, 1 warning"
        };
        assert_eq!(
            err,
            format!("1 report checked, 1 with findings: {severity}\n"),
            "{what}"
        );
    }
}

// ------------------------------------------------------------ two years

/// The 2022 report carries 2 applications over (二 and 四 of 自然人 and 总计); the 2023
/// seed carries none over from it.
fn pair_with_carry_over() -> tempfile::TempDir {
    let earlier = seed_004_a_year_earlier();
    let earlier = edit_line(&earlier, 50, |l| set_numbers(l, &[(0, "2"), (6, "2")]));
    let earlier = edit_line(&earlier, 74, |l| set_numbers(l, &[(0, "2"), (6, "2")]));
    folder(&[("2022.txt", &earlier), ("2023.txt", &read(SEED_004))])
}

const CARRY_ROW: &str = "莱州市柞村镇人民政府,2023,x.carry_chain,error,\
     自然人: 2023 二 0 ≠ 2022 四 2; 总计: 2023 二 0 ≠ 2022 四 2,\
     表2 二 自然人 0 (line 50); 2022 表2 四 自然人 2 (line 74); \
     表2 二 总计 0 (line 50); 2022 表2 四 总计 2 (line 74)";

#[test]
fn a_carry_over_that_last_years_report_does_not_match() {
    let dir = pair_with_carry_over();
    let (y2022, y2023) = (dir.path().join("2022.txt"), dir.path().join("2023.txt"));
    // Alone, each report is consistent.
    for path in [&y2022, &y2023] {
        let (code, out, _) = check_csv(&[], &[path]);
        assert_eq!((code, out.as_str()), (0, CSV_HEADER));
    }
    // Together, the finding belongs to the later year.
    let (code, out, err) = check_csv(&[], &[dir.path()]);
    assert_eq!(
        out,
        format!("{CSV_HEADER}{},{CARRY_ROW}\n", y2023.display())
    );
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "2 reports checked, 1 with findings: 1 error, 0 warnings\n"
    );

    // The 2023 file against the stored 2022 report.
    let db = dir.path().join("w.db");
    let o = nianbao(&["ingest", "--db", db.to_str().unwrap()], &[&y2022]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (code, out, _) = check_csv(&["--db", db.to_str().unwrap()], &[&y2023]);
    assert_eq!(
        out,
        format!("{CSV_HEADER}{},{CARRY_ROW}\n", y2023.display())
    );
    assert_eq!(code, 1);
}

#[test]
fn ingest_records_the_pair_whichever_year_comes_first() {
    let dir = pair_with_carry_over();
    let (y2022, y2023) = (dir.path().join("2022.txt"), dir.path().join("2023.txt"));
    let db = dir.path().join("w.db");
    let db_arg = db.to_str().unwrap();
    // 2023 first: nothing to compare with yet.
    assert!(
        nianbao(&["ingest", "--db", db_arg], &[&y2023])
            .status
            .success()
    );
    let (code, out, _) = check_csv(&["--db", db_arg], &[]);
    assert_eq!((code, out.as_str()), (0, CSV_HEADER));
    // 2022 arrives: the finding goes to 2023.
    assert!(
        nianbao(&["ingest", "--db", db_arg], &[&y2022])
            .status
            .success()
    );
    let (code, out, _) = check_csv(&["--db", db_arg], &[]);
    assert_eq!(
        out,
        format!("{CSV_HEADER}{},{CARRY_ROW}\n", y2023.display())
    );
    assert_eq!(code, 1);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let cells: Vec<String> = conn
        .prepare(
            "SELECT c.year || ' ' || c.row_key || '/' || c.col_key || ' ' || c.label || ' = '
                    || c.value || ' @' || c.line
             FROM finding_cells c JOIN check_findings f ON f.id = c.finding_id
             WHERE f.rule = 'x.carry_chain' ORDER BY c.ordinal",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        cells,
        [
            "2023 carried_over/natural_person 二 自然人 = 0.0 @50",
            "2022 carried_forward/natural_person 四 自然人 = 2.0 @74",
            "2023 carried_over/total 二 总计 = 0.0 @50",
            "2022 carried_forward/total 四 总计 = 2.0 @74",
        ]
    );
    drop(conn);
    // 2022 corrected in place: the finding goes.
    std::fs::write(&y2022, seed_004_a_year_earlier()).unwrap();
    assert!(
        nianbao(&["ingest", "--db", db_arg], &[&y2022])
            .status
            .success()
    );
    let (code, out, _) = check_csv(&["--db", db_arg], &[]);
    assert_eq!((code, out.as_str()), (0, CSV_HEADER));
}

#[test]
fn documents_in_force_that_do_not_chain() {
    let earlier = edit_line(&seed_004_a_year_earlier(), 29, |l| {
        set_numbers(l, &[(2, "3")])
    });
    let dir = folder(&[("2022.txt", &earlier), ("2023.txt", &read(SEED_004))]);
    let (code, out, _) = check_csv(&[], &[dir.path()]);
    assert_eq!(
        out,
        format!(
            "{CSV_HEADER}{},莱州市柞村镇人民政府,2023,x.in_force_chain,warning,\
             规章: 2022 现行有效件数 3 + 2023 本年制发件数 0 - 本年废止件数 0 = 3 ≠ 2023 现行有效件数 0,\
             2022 表1 规章 现行有效件数 3 (line 29); 表1 规章 本年制发件数 0 (line 29); \
             表1 规章 本年废止件数 0 (line 29); 表1 规章 现行有效件数 0 (line 29)\n",
            dir.path().join("2023.txt").display()
        )
    );
    assert_eq!(code, 0);
}

// ------------------------------------------------------------ files and the store agree

/// The five seeds and the 2022 report with a carry-over, in one folder.
fn seeds_and_pair() -> tempfile::TempDir {
    let dir = pair_with_carry_over();
    std::fs::remove_file(dir.path().join("2023.txt")).unwrap();
    for entry in std::fs::read_dir(SEEDS).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    dir
}

fn expected_seeds_and_pair(dir: &Path) -> String {
    let p = |name: &str| dir.join(name).display().to_string();
    let pictures = "\"table 1 主动公开政府信息情况 is printed as a picture, not data; \
                    table 2 收到和处理政府信息公开申请情况 is printed as a picture, not data; \
                    table 3 政府信息公开行政复议、行政诉讼情况 is printed as a picture, not data\"";
    format!(
        "{CSV_HEADER}\
         {one},威海市文登区人民政府,2023,s.tables,error,{pictures},\n\
         {one},威海市文登区人民政府,2023,s.publication_date,warning,no publication date in the signature,\n\
         {zero},威海市文登区张家产镇人民政府,2023,s.tables,error,{pictures},\n\
         {two},威海市文登区米山镇人民政府,2023,s.tables,error,\
         table 1 主动公开政府信息情况 is absent; table 2 收到和处理政府信息公开申请情况 is absent; \
         table 3 政府信息公开行政复议、行政诉讼情况 is absent,\n\
         {two},威海市文登区米山镇人民政府,2023,s.publication_date,warning,no publication date in the signature,\n\
         {four},{CARRY_ROW}\n",
        zero = p("000_05f557363e30d87d.txt"),
        one = p("001_ddfd5a8e4f4d70cc.txt"),
        two = p("002_8baa805cf46ade2e.txt"),
        four = p("004_8b957fd57b8434a8.txt"),
    )
}

#[test]
fn checking_files_finds_what_ingest_records() {
    let dir = seeds_and_pair();
    let expected = expected_seeds_and_pair(dir.path());
    let (code, from_files, err) = check_csv(&[], &[dir.path()]);
    assert_eq!(from_files, expected);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "6 reports checked, 4 with findings: 4 errors, 2 warnings\n"
    );

    let db = tempfile::tempdir().unwrap();
    let db = db.path().join("w.db");
    let o = nianbao(&["ingest", "--db", db.to_str().unwrap()], &[dir.path()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (code, from_store, err) = check_csv(&["--db", db.to_str().unwrap()], &[]);
    assert_eq!(from_store, expected);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "6 reports checked, 4 with findings: 4 errors, 2 warnings\n"
    );

    // check-summary: per agency and year, by rule.
    let summary = |params: &[&str]| {
        let mut args = vec!["query", "check-summary", "--format", "csv", "--db"];
        args.push(db.to_str().unwrap());
        for p in params {
            args.extend(["-p", p]);
        }
        stdout(&nianbao(&args, &[]))
    };
    assert_eq!(
        summary(&[]),
        "agency,year,errors,warnings,error_rules,warning_rules\n\
         威海市文登区人民政府,2023,1,1,s.tables,s.publication_date\n\
         威海市文登区张家产镇人民政府,2023,1,0,s.tables,\n\
         威海市文登区米山镇人民政府,2023,1,1,s.tables,s.publication_date\n\
         沂源县张家坡镇人民政府,2023,0,0,,\n\
         莱州市柞村镇人民政府,2022,0,0,,\n\
         莱州市柞村镇人民政府,2023,1,0,x.carry_chain,\n"
    );
    assert_eq!(
        summary(&["rule=s", "agency=文登区"]),
        "agency,year,errors,warnings,error_rules,warning_rules\n\
         威海市文登区人民政府,2023,1,1,s.tables,s.publication_date\n\
         威海市文登区张家产镇人民政府,2023,1,0,s.tables,\n\
         威海市文登区米山镇人民政府,2023,1,1,s.tables,s.publication_date\n"
    );
}

#[test]
fn findings_filtered_by_rule_severity_agency_and_year() {
    let dir = seeds_and_pair();
    let all = expected_seeds_and_pair(dir.path());
    let rows = |keep: &dyn Fn(&str) -> bool| -> String {
        let mut lines = all.lines();
        let mut out = format!("{}\n", lines.next().unwrap());
        for l in lines.filter(|l| keep(l)) {
            out.push_str(l);
            out.push('\n');
        }
        out
    };
    // (arguments, which rows of the full output they keep, exit status)
    type FilterCase<'a> = (&'a [&'a str], &'a dyn Fn(&str) -> bool, i32);
    let cases: [FilterCase; 5] = [
        (&["--rule", "x"], &|l| l.contains(",x.carry_chain,"), 1),
        (
            &["--rule", "s.tables", "--rule", "x.carry_chain"],
            &|l| !l.contains("s.publication_date"),
            1,
        ),
        (&["--severity", "warning"], &|l| l.contains(",warning,"), 0),
        (&["--agency", "柞村", "--year", "2022"], &|_| false, 0),
        (&["--agency", "米山"], &|l| l.contains("米山"), 1),
    ];
    for (args, keep, status) in cases {
        let (code, out, _) = check_csv(args, &[dir.path()]);
        assert_eq!(out, rows(keep), "{args:?}");
        assert_eq!(code, status, "{args:?}");
    }
}

// ------------------------------------------------------------ formats, rules, failures

#[test]
fn table_grouped_by_report_and_json_with_the_cells() {
    let dir = pair_with_carry_over();
    let o = nianbao(&["check"], &[dir.path()]);
    let text = stdout(&o);
    let y2023 = dir.path().join("2023.txt");
    assert!(
        text.starts_with(&format!("{}: 莱州市柞村镇人民政府 2023\n", y2023.display())),
        "{text}"
    );
    assert!(
        text.contains("│ x.carry_chain ┆ error    ┆ 自然人: 2023 二 0 ≠ 2022 四 2"),
        "{text}"
    );
    assert!(text.contains("┆ 2022 表2 四 自然人 2 (line 74)"), "{text}");
    assert!(
        text.ends_with("\n2 reports checked, 1 with findings: 1 error, 0 warnings\n"),
        "{text}"
    );

    let o = nianbao(&["check", "--format", "json"], &[dir.path()]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{
            "path": y2023.display().to_string(),
            "agency": "莱州市柞村镇人民政府",
            "year": 2023,
            "rule": "x.carry_chain",
            "severity": "error",
            "detail": "自然人: 2023 二 0 ≠ 2022 四 2; 总计: 2023 二 0 ≠ 2022 四 2",
            "cells": [
                {"year": 2023, "table": 2, "row_key": "carried_over", "col_key": "natural_person",
                 "label": "二 自然人", "value": 0, "line": 50},
                {"year": 2022, "table": 2, "row_key": "carried_forward", "col_key": "natural_person",
                 "label": "四 自然人", "value": 2, "line": 74},
                {"year": 2023, "table": 2, "row_key": "carried_over", "col_key": "total",
                 "label": "二 总计", "value": 0, "line": 50},
                {"year": 2022, "table": 2, "row_key": "carried_forward", "col_key": "total",
                 "label": "四 总计", "value": 2, "line": 74},
            ],
        }])
    );
}

#[test]
fn rules_listed_one_a_line_with_their_severity() {
    let o = nianbao(&["check", "--rules"], &[]);
    assert!(o.status.success());
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), vocab::RULES.len());
    for (line, rule) in lines.iter().zip(vocab::RULES) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[..2], [rule.id, rule.severity.key()], "{line}");
        assert!(line.ends_with(rule.summary), "{line}");
    }
    assert!(text.contains("x.carry_chain"));
    assert!(text.contains("n.matches_table"));
}

#[test]
fn a_file_that_cannot_be_checked_fails_the_command() {
    let dir = folder(&[
        ("report.txt", &read(SEED_004)),
        ("notice.txt", "关于召开会议的通知\n各单位：\n"),
    ]);
    let (code, out, err) = check_csv(&[], &[dir.path()]);
    assert_eq!(code, 2);
    assert_eq!(out, CSV_HEADER);
    assert!(
        err.starts_with(&format!(
            "{}: error: no report title found",
            dir.path().join("notice.txt").display()
        )),
        "{err}"
    );
    assert!(
        err.ends_with(
            "1 report checked, 0 with findings: 0 errors, 0 warnings; 1 file could not be checked\n"
        ),
        "{err}"
    );

    let missing: PathBuf = dir.path().join("none.db");
    let (code, _, err) = check_csv(&["--db", missing.to_str().unwrap()], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("does not exist; run `nianbao ingest"), "{err}");

    let (code, _, err) = check_csv(&["--rule", "t9"], &[dir.path()]);
    assert_eq!(code, 2);
    assert!(err.contains("no rule `t9`"), "{err}");
}
