//! The prose half of recognition on the five real seeds: title, sections, contact details,
//! publication date and the problems and improvements of section five, checked exactly.

use nianbao::document::Document;
use nianbao::model::{Contact, Date, IssueKind};
use nianbao::recognize::sections::SectionSpan;
use nianbao::recognize::{listed, meta, sections, title};

const SEEDS: [&str; 5] = [
    "000_05f557363e30d87d.txt",
    "001_ddfd5a8e4f4d70cc.txt",
    "002_8baa805cf46ade2e.txt",
    "003_4482178871b8c0ba.txt",
    "004_8b957fd57b8434a8.txt",
];

struct Seed {
    doc: Document,
    title: title::Title,
    spans: Vec<SectionSpan>,
}

fn seed(no: usize) -> Seed {
    let path = format!(
        "{}/tests/fixtures/seeds/{}",
        env!("CARGO_MANIFEST_DIR"),
        SEEDS[no]
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc = Document::from_text(&text);
    let title = title::find_title(&doc).unwrap_or_else(|| panic!("{path}: no title"));
    let spans = sections::split_sections(&doc, title.next_block);
    Seed { doc, title, spans }
}

impl Seed {
    fn span(&self, key: &str) -> &SectionSpan {
        self.spans
            .iter()
            .find(|s| s.key == key)
            .unwrap_or_else(|| panic!("no span {key}"))
    }

    fn body(&self, key: &str) -> String {
        sections::body_text(&self.doc, self.span(key))
    }

    fn contact(&self) -> Contact {
        meta::contact(&self.body("preamble"))
    }

    fn issues(&self, kind: IssueKind) -> Vec<String> {
        let all = listed::listed_issues(&self.body("problems"));
        let mine: Vec<_> = all.into_iter().filter(|i| i.kind == kind).collect();
        for (n, issue) in mine.iter().enumerate() {
            assert_eq!(issue.ordinal, n + 1, "{issue:?}");
        }
        mine.into_iter().map(|i| i.text).collect()
    }

    fn published_on(&self) -> Option<Date> {
        meta::publication_date(&self.doc, &self.spans)
    }
}

fn keys_and_lines(s: &Seed) -> Vec<(&'static str, usize)> {
    s.spans.iter().map(|s| (s.key, s.line)).collect()
}

fn owned(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|t| t.to_string()).collect()
}

#[test]
fn titles() {
    let expected = [
        (
            "威海市文登区张家产镇人民政府",
            "威海市文登区张家产镇人民政府2023年政府信息公开工作年度报告",
            3,
        ),
        (
            "威海市文登区人民政府",
            "威海市文登区人民政府2023年政府信息公开工作年度报告",
            3,
        ),
        (
            "威海市文登区米山镇人民政府",
            "威海市文登区米山镇人民政府2023年政府信息公开工作年度报告",
            2,
        ),
        (
            "沂源县张家坡镇人民政府",
            "沂源县张家坡镇人民政府2023年政府信息公开工作年度报告",
            2,
        ),
        (
            "莱州市柞村镇人民政府",
            "莱州市柞村镇人民政府 2023 年政府信息公开工作年度报告",
            5,
        ),
    ];
    for (no, (agency, text, next_block)) in expected.into_iter().enumerate() {
        let t = seed(no).title;
        assert_eq!(t.agency, agency, "seed {no}");
        assert_eq!(t.year, 2023, "seed {no}");
        assert_eq!(t.text, text, "seed {no}");
        assert_eq!(t.next_block, next_block, "seed {no}");
    }
}

#[test]
fn section_keys_and_heading_lines() {
    let expected: [&[(&str, usize)]; 5] = [
        &[
            ("preamble", 5),
            ("overview", 7),
            ("proactive", 14),
            ("applications", 16),
            ("review_litigation", 18),
            ("problems", 20),
            ("other", 23),
            ("signature", 29),
        ],
        &[
            ("preamble", 5),
            ("overview", 7),
            ("proactive", 23),
            ("applications", 31),
            ("review_litigation", 33),
            ("problems", 41),
            ("other", 44),
        ],
        &[
            ("preamble", 4),
            ("overview", 6),
            ("proactive", 14),
            ("applications", 15),
            ("review_litigation", 16),
            ("problems", 17),
            ("other", 20),
        ],
        &[
            ("preamble", 4),
            ("overview", 5),
            ("proactive", 19),
            ("applications", 65),
            ("review_litigation", 351),
            ("problems", 396),
            ("other", 402),
            ("signature", 412),
        ],
        // Nothing is printed between the title and 一、总体情况: no preamble.
        &[
            ("overview", 7),
            ("proactive", 23),
            ("applications", 42),
            ("review_litigation", 76),
            ("problems", 85),
            ("other", 105),
            ("signature", 137),
        ],
    ];
    for (no, expected) in expected.into_iter().enumerate() {
        assert_eq!(keys_and_lines(&seed(no)), expected.to_vec(), "seed {no}");
    }
}

#[test]
fn headings_as_printed() {
    let s = seed(0);
    assert_eq!(s.span("problems").heading, "5、 存在的主要问题及改进情况");
    assert_eq!(s.span("preamble").heading, "");
    let s = seed(1);
    assert_eq!(s.span("proactive").heading, "2、 主动公开政府信息情况");
    let s = seed(2);
    assert_eq!(
        s.span("applications").heading,
        "三、收到和处理政府信息公开申请情况"
    );
    let s = seed(4);
    assert_eq!(
        s.span("proactive").heading,
        "二、行政机关主动公开政府信息情况"
    );
    assert_eq!(
        s.span("review_litigation").heading,
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"
    );
    assert_eq!(
        s.span("problems").heading,
        "五、政府信息公开工作存在的主要问题及改进情况"
    );
}

#[test]
fn bodies() {
    // Seed 002 prints the headings of sections 2–4 one after another: empty bodies.
    let s = seed(2);
    for key in ["proactive", "applications", "review_litigation"] {
        assert_eq!(s.body(key), "", "{key}");
    }
    assert!(s.body("overview").starts_with("2023年，米山镇严格贯彻"));
    assert!(s.body("other").ends_with("进一步增强政务公开专区效能。"));

    let s = seed(0);
    assert_eq!(s.body("proactive"), "[image: 1]");
    assert_eq!(
        s.body("signature"),
        "威海市文登区张家产镇人民政府\n 2024年1月22日"
    );
    assert!(
        s.body("other")
            .ends_with("让更多社会公众了解、认同、支持政务服务工作。")
    );

    let s = seed(3);
    assert_eq!(
        s.body("signature"),
        " 沂源县张家坡镇人民政府\n2024年1月22日"
    );
    assert!(
        s.body("other")
            .ends_with("2023年我镇未收到人大代表建议和政协提案")
    );
    assert!(
        s.body("proactive")
            .starts_with("\t第二十条第（一）项\n\n\t信息内容")
    );

    let s = seed(4);
    assert_eq!(s.body("signature"), "柞村镇人民政府\n\n2024年1月11日");
    assert!(s.body("other").ends_with(
        "柞村镇人民政府无其他有关文件专门要求通过政府信息公开工作年度报告予以报告的事项"
    ));
}

#[test]
fn contacts() {
    assert_eq!(
        seed(0).contact(),
        Contact {
            address: Some("威海市文登区张家产镇龙缘路3号".into()),
            phone: Some("0631-8731088".into()),
            email: None,
            website: Some("http://www.wendeng.gov.cn".into()),
        }
    );
    assert_eq!(
        seed(1).contact(),
        Contact {
            address: Some("威海市文登区文山东路86号".into()),
            phone: Some("0631—8988877".into()),
            email: None,
            website: Some("https://www.weihai.gov.cn/".into()),
        }
    );
    assert_eq!(
        seed(3).contact(),
        Contact {
            address: Some("山东省沂源县张家坡镇政通路1号".into()),
            phone: Some("0533-3360039".into()),
            email: Some("zjp3360039@zb.shandong.com".into()),
            website: None,
        }
    );
}

#[test]
fn publication_dates() {
    let dates: Vec<_> = (0..5).map(|no| seed(no).published_on()).collect();
    assert_eq!(
        dates,
        vec![
            Date::new(2024, 1, 22),
            None,
            None,
            Date::new(2024, 1, 22),
            Date::new(2024, 1, 11),
        ]
    );
}

#[test]
fn listed_issues_000() {
    let s = seed(0);
    assert_eq!(
        s.issues(IssueKind::Problem),
        owned(&[
            "公开方式较为单一",
            "公开的政府信息在服务有效性方面与群众的需求还有一定差距",
            "在忙于业务工作时对政府信息公开重要性的认识不足，有些信息未及时公开",
        ])
    );
    assert_eq!(
        s.issues(IssueKind::Improvement),
        owned(&[
            "要拓宽公开渠道，扩大公开范围",
            "要提升部分政务公开的实用性，更好地满足人民群众的需求",
            "要注意部分信息的时效性，做到尽早尽快公开",
        ])
    );
}

#[test]
fn listed_issues_001() {
    let s = seed(1);
    assert_eq!(
        s.issues(IssueKind::Problem),
        owned(&[
            "部分信息公开广度和深度不够，与群众切身利益相关的信息公开不够全面",
            "对政务新媒体的全流程监管和信息发布规范管理有待进一步加强",
        ])
    );
    assert_eq!(
        s.issues(IssueKind::Improvement),
        owned(&[
            "全面提升政务公开意识，将《条例》纳入全区各部门机关日常学习，广泛宣传政务公开工作，让全区广大干部真正了解公开的内容、要求及其重要意义，主动参与、积极支持政务公开工作，推进政务公开工作的全面落实",
            "根据基层政务公开标准目录，重新梳理各领域公开范围、公开内容、质量标准，进一步明确责任，加强对责任部门的统筹协调和指导督办，高质量做好社会保障、就业创业等民生领域政务公开服务",
            "严格按照上级关于政务新媒体建设管理工作的规定，对政务新媒体的开设、变更、关停、注销等进行全流程备案监管，进一步完善内容发布审核制度，同时定期调度关注度、访问量和原创比例，对无力维护的政务新媒体及时关停注销，确保政务新媒体健康有序运营",
        ])
    );
}

#[test]
fn listed_issues_002() {
    let s = seed(2);
    assert_eq!(
        s.issues(IssueKind::Problem),
        owned(&[
            "政务公开主动性待加强，有时按照时间节点更新，自我加压不足",
            "政务公开专职人员业务水平有待进一步提升",
            "政务公开“树典型”意识不足",
        ])
    );
    assert_eq!(
        s.issues(IssueKind::Improvement),
        owned(&[
            "深化主动公开。坚持以上率下，持续提升专职工作人员政治敏锐性，结合政府开放日活动、群众来访及政务热线等群众反馈途径及时捕捉民声民意，坚持群众视角第一时间做好政策理论、党委政府重点工作等群众利益密切相关的信息公开，进一步提高信息公开透明度",
            "强化对接培训。积极对接区级部门针对性拓展镇域工作人员专业素质，定期组织召开政务公开工作专题会，强化部门间业务交流，增进政策理解，全面保障政务公开准确高效",
            "优化总结提升，立足单位工作实际，认真学习借鉴“政务公开看山东”优秀典型，以力争上游的心态持续抓好政务公开工作经验总结提炼",
        ])
    );
}

#[test]
fn listed_issues_003() {
    let s = seed(3);
    assert_eq!(
        s.issues(IssueKind::Problem),
        owned(&[
            "信息创新度不够，缺乏特色信息，发布的个别内容格式存在错误",
            "少数站所对政府信息公开工作的重要意义认识不够，信息公开还不够及时，主动公开意识薄弱",
        ])
    );
    assert_eq!(
        s.issues(IssueKind::Improvement),
        owned(&[
            "拓宽信息来源。进一步深化学习,熟悉文件要求,认真对照基层政务公开标准,确定工作标准,定期开展政务公开自查工作,结合平时督查,对发现的问题及时整改,防止出现死角和漏洞",
            "强化队伍建设。加强业务培训，不断提高业务人员工作和水平。健全工作机制，确保此项工作长期有专人抓",
        ])
    );
}

#[test]
fn listed_issues_004() {
    let s = seed(4);
    assert_eq!(
        s.issues(IssueKind::Problem),
        owned(&[
            "单位政务公开工作人员业务能力存在短板，业务操作不熟练。对政务公开标准把控不到位、不准确",
            "部分科室对政务公开思想上不够重视，在工作部署和人员安排上存在偏差，工作不主动、不积极",
            "部门交流存在短板，多次考核成绩垫底，对上沟通、对下传达不到位",
        ])
    );
    assert_eq!(
        s.issues(IssueKind::Improvement),
        owned(&[
            "进一步加强政务公开业务培训，形成规范化、体制化培训制度，增强政务公开工作人员业务能力，改善工作方法。不断完善政府信息公开工作制度，落实目标责任制，建立健全各项规章制度，切实贯彻落实《中华人民共和国政府信息公开条例》，促进信息公开工作走向制度化、规范化的发展轨道",
            "加强党政主要负责人对政务公开工作的指导，召开政务公开专题党委扩大会议，提升各领导班子、各部门重视程度，加强思想认识。进一步完善政府信息公开内容、政务公开信息目录等，重点做好机构职能、法律法规政策、发展规划、行政执法及动态信息的分类划分，保障信息内容的完整性、准确性",
            // Printed across a page break: `…优化。进` / blank / `一步做好…`.
            "加强各单位之间交流学习，取长补短，吸收其他单位优秀经验，以更优质方法、更快捷效率推进政务公开体制优化。进一步做好政府信息公开网站建设工作，充分发挥其第一平台的重要作用",
        ])
    );
}

#[test]
fn issues_come_problems_first() {
    for no in 0..5 {
        let s = seed(no);
        let kinds: Vec<_> = listed::listed_issues(&s.body("problems"))
            .iter()
            .map(|i| i.kind)
            .collect();
        let split = kinds
            .iter()
            .position(|k| *k == IssueKind::Improvement)
            .unwrap();
        assert!(
            kinds[..split].iter().all(|k| *k == IssueKind::Problem),
            "seed {no}"
        );
        assert!(
            kinds[split..].iter().all(|k| *k == IssueKind::Improvement),
            "seed {no}"
        );
    }
}
