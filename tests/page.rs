//! The report page in a real browser: headless Chromium renders it (with a CJK font), a
//! script added to a copy of the page measures what the browser drew, and the numbers are
//! compared with the saved queries' own; a screenshot is saved; and the page, opened
//! behind a proxy that records every request, makes none.
//!
//! Needs `chromium` (or the browser named by NIANBAO_CHROMIUM) and a CJK font: `.ci/run`
//! installs Debian's `chromium` and `fonts-noto-cjk`.

mod warehouse;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value as Json;
use warehouse::{nianbao, ok};

/// The browser: NIANBAO_CHROMIUM, else the first of chromium, chromium-browser,
/// google-chrome on PATH.
fn browser() -> PathBuf {
    if let Some(path) = std::env::var_os("NIANBAO_CHROMIUM") {
        return PathBuf::from(path);
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "these tests need Chromium and a CJK font: apt-get install chromium fonts-noto-cjk (bash .ci/run installs them), or set NIANBAO_CHROMIUM"
    );
}

/// Headless Chromium with nothing of its own going to the network, `extra` flags added.
fn chromium(profile: &Path, extra: &[String]) -> Command {
    let mut cmd = Command::new(browser());
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-sync",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--no-pings",
        "--metrics-recording-only",
        "--run-all-compositor-stages-before-draw",
        "--virtual-time-budget=5000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(extra)
    .env_remove("http_proxy")
    .env_remove("https_proxy")
    .env_remove("HTTP_PROXY")
    .env_remove("HTTPS_PROXY");
    cmd
}

/// Measures, in the browser, each chart's bars and the table beside it, and the cards.
const MEASURE: &str = r#"<script>
(() => {
  const box = e => e.getBoundingClientRect();
  const charts = [...document.querySelectorAll('figure.chart')].map(f => {
    const svg = f.querySelector('svg');
    return {
      id: f.id,
      vertical: !!svg && svg.querySelector('line') !== null,
      bars: svg ? [...svg.querySelectorAll('[data-label]')].map(e => ({
        label: e.dataset.label, value: e.dataset.value, tag: e.tagName,
        width: box(e).width, height: box(e).height })) : [],
      rows: [...f.querySelectorAll('table.numbers tbody tr')].map(tr => ({
        label: tr.cells[0].textContent, value: tr.cells[1].dataset.value,
        text: tr.cells[1].textContent })),
    };
  });
  const cards = Object.fromEntries([...document.querySelectorAll('.card')]
    .map(c => [c.id, Number(c.dataset.value)]));
  const years = [...document.querySelectorAll('#agency-years tr')]
    .map(tr => [...tr.cells].map(c => c.textContent));
  const measured = { charts, cards, years,
    scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth };
  const pre = document.createElement('pre');
  pre.id = 'measured';
  pre.textContent = JSON.stringify(measured);
  document.body.appendChild(pre);
})();
</script>"#;

/// The page at `page` as the browser drew it at a phone's width.
fn measure(page: &Path) -> Json {
    let dir = page.parent().unwrap();
    let copy = dir.join("measured.html");
    let html = std::fs::read_to_string(page).unwrap();
    std::fs::write(&copy, html.replace("</body>", &format!("{MEASURE}</body>"))).unwrap();
    let out = chromium(
        &dir.join("profile-measure"),
        &[
            "--window-size=390,844".to_string(),
            "--dump-dom".to_string(),
        ],
    )
    .arg(format!("file://{}", copy.display()))
    .output()
    .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"measured\">").unwrap_or_else(|| {
        panic!(
            "the browser ran no script: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    }) + "<pre id=\"measured\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let text = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    serde_json::from_str(&text).unwrap()
}

/// (label, value) of a chart's bars, each checked against the table beside it and its drawn
/// length against its number.
fn chart_bars(measured: &Json, id: &str) -> Vec<(String, Option<f64>)> {
    let chart = measured["charts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no chart {id}"));
    let number = |v: &Json| {
        v.as_str()
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<f64>().unwrap())
    };
    let bars: Vec<(String, Option<f64>, f64)> = chart["bars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let length = if chart["vertical"] == true {
                &b["height"]
            } else {
                &b["width"]
            };
            (
                b["label"].as_str().unwrap().to_string(),
                number(&b["value"]),
                length.as_f64().unwrap(),
            )
        })
        .collect();
    let rows: Vec<(String, Option<f64>)> = chart["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["label"].as_str().unwrap().to_string(),
                number(&r["value"]),
            )
        })
        .collect();
    let drawn: Vec<(String, Option<f64>)> = bars.iter().map(|(l, v, _)| (l.clone(), *v)).collect();
    assert_eq!(drawn, rows, "{id}: the bars and the table beside them");
    // Drawn lengths are proportional to the numbers: one scale for all bars.
    let scales: Vec<f64> = bars
        .iter()
        .filter(|(_, v, _)| v.is_some_and(|v| v > 0.0))
        .map(|(_, v, len)| len / v.unwrap())
        .collect();
    if let Some(first) = scales.first() {
        assert!(*first > 0.0, "{id}: bars drawn with no length");
        let top = bars.iter().filter_map(|(_, v, _)| *v).fold(0.0, f64::max);
        for (label, value, length) in &bars {
            if let Some(v) = value.filter(|v| *v > 0.0) {
                // Within a pixel (and a bar is at least a unit long).
                assert!(
                    (length - v * first).abs() <= 1.5 + 1.5 * (top / v).min(1.0),
                    "{id} {label}: drawn {length}, {v} × {first}"
                );
            }
        }
    }
    for (label, value, length) in &bars {
        if value.is_none() || *value == Some(0.0) {
            assert_eq!(
                *length,
                if value.is_none() { *length } else { 0.0 },
                "{id} {label}"
            );
        }
    }
    drawn
}

/// Rows of a saved query as JSON objects.
fn query(db: &Path, args: &[&str]) -> Vec<serde_json::Map<String, Json>> {
    let text = ok(nianbao(
        &[&["query"], args, &["--format", "json"]].concat(),
        db,
    ));
    serde_json::from_str::<Vec<Json>>(&text)
        .unwrap()
        .into_iter()
        .map(|v| v.as_object().unwrap().clone())
        .collect()
}

/// The sum of a column over rows, None when every row is blank.
fn sum(rows: &[serde_json::Map<String, Json>], column: &str) -> Option<f64> {
    rows.iter()
        .filter_map(|r| r[column].as_f64())
        .reduce(|a, b| a + b)
}

fn labelled(pairs: &[(&str, Option<f64>)]) -> Vec<(String, Option<f64>)> {
    pairs.iter().map(|(l, v)| (l.to_string(), *v)).collect()
}

#[test]
fn the_page_in_a_browser_draws_the_saved_queries_numbers() {
    let w = warehouse::build();
    let page = w.dir.path().join("weihai.html");
    let o = nianbao(
        &[
            "report",
            "--region",
            "威海市",
            "--output",
            page.to_str().unwrap(),
        ],
        &w.db,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let measured = measure(&page);

    // At a glance: 6 reports of 威海市; 1 published late; 3 with errors (文登 2022 and
    // 2023, 威海 2023); 1 with a table as an image; 2 with reading notices.
    let cards: BTreeMap<String, f64> = serde_json::from_value(measured["cards"].clone()).unwrap();
    assert_eq!(
        cards,
        BTreeMap::from([
            ("glance-reports".to_string(), 6.0),
            ("glance-late".to_string(), 1.0),
            ("glance-with-errors".to_string(), 3.0),
            ("glance-with-images".to_string(), 1.0),
            ("glance-with-notices".to_string(), 2.0),
        ])
    );

    // New applications per year: regional-rollup's, for 威海市.
    let rollup = query(
        &w.db,
        &["regional-rollup", "-p", "level=city", "-p", "region=威海市"],
    );
    let yoy: Vec<(String, Option<f64>)> = rollup
        .iter()
        .map(|r| (r["year"].to_string(), r["new_applications"].as_f64()))
        .collect();
    assert_eq!(
        yoy,
        labelled(&[
            ("2021", Some(13.0)),
            ("2022", Some(25.0)),
            ("2023", Some(178.0))
        ])
    );
    assert_eq!(chart_bars(&measured, "chart-yoy"), yoy);

    // Applicants and outcomes: the sums of applications-by-applicant and outcomes over the
    // region's agencies (all named 威海市…).
    let applicants = query(&w.db, &["applications-by-applicant", "-p", "agency=威海市"]);
    let want: Vec<(String, Option<f64>)> = [
        ("自然人", "natural_person"),
        ("商业企业", "commercial"),
        ("科研机构", "research"),
        ("社会公益组织", "public_interest"),
        ("法律服务机构", "legal_services"),
        ("其他组织", "other_org"),
    ]
    .iter()
    .map(|(l, c)| (l.to_string(), sum(&applicants, c)))
    .collect();
    assert_eq!(want[0], ("自然人".to_string(), Some(156.0)));
    assert_eq!(
        want[2],
        ("科研机构".to_string(), Some(3.0)),
        "a blank is not 0"
    );
    assert_eq!(chart_bars(&measured, "chart-applicants"), want);

    let outcomes = query(&w.db, &["outcomes", "-p", "agency=威海市"]);
    let want: Vec<(String, Option<f64>)> = [
        ("（一）予以公开", "granted"),
        ("（二）部分公开", "partial"),
        ("（三）不予公开", "denied"),
        ("（四）无法提供", "unable"),
        ("（五）不予处理", "not_processed"),
        ("（六）其他处理", "other_handling"),
    ]
    .iter()
    .map(|(l, c)| (l.to_string(), sum(&outcomes, c)))
    .collect();
    assert_eq!(want[0].1, Some(83.0));
    assert_eq!(chart_bars(&measured, "chart-outcomes"), want);

    // Correction rates: correction-rates' corrected ÷ decided, each summed.
    let rates = query(&w.db, &["correction-rates", "-p", "agency=威海市"]);
    let rate = |row: &str| {
        let decided = sum(&rates, &format!("{row}_decided")).filter(|t| *t > 0.0)?;
        let corrected = sum(&rates, &format!("{row}_corrected")).unwrap_or(0.0);
        Some((1000.0 * corrected / decided).round() / 10.0)
    };
    let want = vec![
        ("行政复议".to_string(), rate("review")),
        (
            "行政诉讼：未经复议直接起诉".to_string(),
            rate("litigation_direct"),
        ),
        (
            "行政诉讼：复议后起诉".to_string(),
            rate("litigation_after_review"),
        ),
    ];
    assert_eq!(want[0].1, Some(28.6)); // 4 of 16 − 2 pending
    assert_eq!(want[2].1, Some(0.0));
    assert_eq!(chart_bars(&measured, "chart-correction"), want);

    // The agencies with the most errors: check-summary's.
    let mut summary = query(&w.db, &["check-summary", "-p", "agency=威海市"]);
    summary.retain(|r| r["errors"].as_f64().unwrap() + r["warnings"].as_f64().unwrap() > 0.0);
    let mut per_agency: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for r in &summary {
        let e = per_agency
            .entry(r["agency"].as_str().unwrap().to_string())
            .or_default();
        e.0 += r["errors"].as_f64().unwrap();
        e.1 += r["warnings"].as_f64().unwrap();
    }
    let mut want: Vec<(String, f64, f64)> = per_agency
        .into_iter()
        .map(|(a, (e, w))| (a, e, w))
        .collect();
    want.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then(b.2.total_cmp(&a.2))
            .then(a.0.cmp(&b.0))
    });
    let want: Vec<(String, Option<f64>)> = want
        .into_iter()
        .map(|(a, e, w)| {
            (
                if w > 0.0 {
                    format!("{a}（警告 {w}）")
                } else {
                    a
                },
                Some(e),
            )
        })
        .collect();
    assert_eq!(want[0], (warehouse::WENDENG.to_string(), Some(3.0)));
    assert_eq!(chart_bars(&measured, "chart-findings"), want);

    // The problems most often listed: problems' rows counted by text.
    let problems = query(
        &w.db,
        &["problems", "-p", "agency=威海市", "-p", "kind=problem"],
    );
    let mut counts: BTreeMap<String, f64> = BTreeMap::new();
    for r in &problems {
        let text = r["text"].as_str().unwrap().trim_end_matches('。');
        *counts.entry(text.to_string()).or_default() += 1.0;
    }
    let mut want: Vec<(String, Option<f64>)> =
        counts.into_iter().map(|(t, n)| (t, Some(n))).collect();
    want.sort_by(|a, b| b.1.unwrap().total_cmp(&a.1.unwrap()).then(a.0.cmp(&b.0)));
    assert_eq!(want[0], ("政务公开专栏更新不及时".to_string(), Some(5.0)));
    assert_eq!(chart_bars(&measured, "chart-problems"), want);

    // Readable on a phone: nothing wider than the screen.
    assert!(
        measured["scrollWidth"].as_f64() <= measured["innerWidth"].as_f64(),
        "{} wide on a {} screen",
        measured["scrollWidth"],
        measured["innerWidth"]
    );

    // A screenshot, for a person to look at.
    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-page.png");
    let _ = std::fs::remove_file(&shot);
    let o = chromium(
        &w.dir.path().join("profile-shot"),
        &[
            "--window-size=390,2400".to_string(),
            format!("--screenshot={}", shot.display()),
        ],
    )
    .arg(format!("file://{}", page.display()))
    .output()
    .unwrap();
    let png = std::fs::read(&shot)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 20_000,
        "{} bytes",
        png.len()
    );
}

#[test]
fn one_agency_shows_its_years_side_by_side() {
    let w = warehouse::build();
    let page = w.dir.path().join("wendeng.html");
    ok(nianbao(
        &[
            "report",
            "--agency",
            "文登区财政局",
            "--output",
            page.to_str().unwrap(),
        ],
        &w.db,
    ));
    let measured = measure(&page);
    let years: Vec<Vec<String>> = serde_json::from_value(measured["years"].clone()).unwrap();
    assert_eq!(years[0], ["", "2021年", "2022年", "2023年"]);
    assert_eq!(
        years[1],
        ["一、本年新收政府信息公开申请数量", "13", "20", "—"]
    );
    assert_eq!(years[3], ["（一）予以公开", "6", "9", "—"]);
    let errors = years.iter().find(|r| r[0] == "错误 / 警告").unwrap();
    assert_eq!(errors[1..], ["0 / 0", "2 / 0", "1 / 0"]);
    // The year-over-year chart falls back to the narrative where table 2 is an image.
    assert_eq!(
        chart_bars(&measured, "chart-yoy"),
        labelled(&[
            ("2021", Some(13.0)),
            ("2022", Some(20.0)),
            ("2023", Some(25.0))
        ])
    );
}

/// Whether a request line is the browser's own: its updater, clock and account service, and
/// the search host it probes at start (seen with Chromium 156), which
/// headless Chromium contacts whatever it shows (a font or script host is not one).
fn browsers_own(line: &str) -> bool {
    let target = line.split_whitespace().nth(1).unwrap_or("");
    let host = target
        .trim_start_matches("http://")
        .trim_start_matches("https://")
        .split(['/', ':'])
        .next()
        .unwrap_or("");
    [
        "update.googleapis.com",
        "clients2.google.com",
        "accounts.google.com",
        "www.google.com",
    ]
    .contains(&host)
}

/// A proxy on the loopback that only records the request lines it is sent.
fn recording_proxy() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
            let mut line = String::new();
            let _ = BufReader::new(&stream).read_line(&mut line);
            log.lock().unwrap().push(line.trim().to_string());
            // No answer: the connection closes.
        }
    });
    (port, seen)
}

#[test]
fn the_page_makes_no_network_request() {
    let w = warehouse::build();
    let page = w.dir.path().join("page.html");
    ok(nianbao(
        &["report", "--output", page.to_str().unwrap()],
        &w.db,
    ));
    let html = std::fs::read_to_string(&page).unwrap();
    for outside in [
        "<script",
        "<link",
        "src=",
        "href=",
        "url(",
        "@import",
        "@font-face",
    ] {
        assert!(!html.contains(outside), "the page has {outside}");
    }

    let (port, seen) = recording_proxy();
    let open = |file: &Path, profile: &str| {
        chromium(
            &w.dir.path().join(profile),
            &[
                format!("--proxy-server=http://127.0.0.1:{port}"),
                "--proxy-bypass-list=<-loopback>".to_string(),
                "--dump-dom".to_string(),
            ],
        )
        .arg(format!("file://{}", file.display()))
        .output()
        .unwrap()
    };
    // The proxy hears a page that loads an image or a web font: the test can fail.
    let loads = w.dir.path().join("loads.html");
    std::fs::write(
        &loads,
        "<!DOCTYPE html><link rel=\"stylesheet\" href=\"https://fonts.googleapis.com/css2?family=Noto+Sans+SC\">\
         <p style=\"font-family: 'Noto Sans SC'\">年报</p><img src=\"http://example.invalid/x.png\">",
    )
    .unwrap();
    open(&loads, "profile-control");
    std::thread::sleep(Duration::from_millis(300));
    for host in ["example.invalid", "fonts.googleapis.com"] {
        assert!(
            seen.lock()
                .unwrap()
                .iter()
                .any(|l| l.contains(host) && !browsers_own(l)),
            "the proxy heard nothing of {host}: {:?}",
            seen.lock().unwrap()
        );
    }
    seen.lock().unwrap().clear();

    let o = open(&page, "profile-page");
    assert!(String::from_utf8_lossy(&o.stdout).contains("报告概况"));
    std::thread::sleep(Duration::from_millis(300));
    let page_requests: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .filter(|l| !browsers_own(l))
        .cloned()
        .collect();
    assert_eq!(page_requests, Vec::<String>::new());
}
