//! Plausible agency names and contact details, built from small syllable lists.

use std::fmt::Write as _;

use super::rng::Rng;
use nianbao::model::Contact;

/// The level of an agency: it sets the size of its numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    Township,
    CountyDept,
    County,
    CityDept,
    City,
    ProvinceDept,
    Province,
}

pub(crate) struct Agency {
    /// The name as printed in the title.
    pub name: String,
    /// How the narrative names it (张家坡镇, 沂源县教育局).
    pub short: String,
    pub level: Level,
    /// Place prefix for street addresses.
    pub place: String,
    /// ASCII abbreviation for web and mail addresses.
    pub site: String,
}

const PROVINCES: &[&str] = &[
    "山东省",
    "河北省",
    "河南省",
    "山西省",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "湖北省",
    "湖南省",
    "广东省",
    "四川省",
    "贵州省",
    "云南省",
    "陕西省",
    "甘肃省",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "海南省",
    "青海省",
];

const FIRST: &[&str] = &[
    "东", "西", "南", "北", "临", "沂", "莱", "威", "青", "济", "泰", "德", "聊", "滨", "菏", "枣",
    "潍", "烟", "淄", "安", "平", "阳", "华", "长", "兴", "新", "永", "清", "宁", "丰", "昌", "乐",
    "武", "寿", "高", "文", "金", "龙", "石", "白", "黄", "凤", "马", "柳", "桃", "松", "柏", "云",
    "海", "嘉", "福", "庆", "广", "开", "定", "柞", "米", "沙", "梁", "汶",
];

const SECOND: &[&str] = &[
    "城", "阳", "山", "水", "河", "州", "安", "平", "宁", "丰", "昌", "乐", "源", "泉", "台", "口",
    "庄", "集", "店", "坡", "岭", "沟", "湾", "桥", "园", "林", "川", "原", "亭", "峰", "溪", "坊",
    "陵", "泽", "都", "江", "门", "登", "村", "营",
];

const SURNAMES: &[&str] = &[
    "张", "王", "李", "刘", "陈", "杨", "赵", "周", "吴", "徐", "孙", "朱", "胡", "郭", "何", "高",
    "林", "罗", "郑", "梁",
];

const VILLAGE_ENDS: &[&str] = &["庄", "坡", "集", "店", "洼", "营", "寨", "屯", "楼", "湾"];

const DEPTS: &[&str] = &[
    "教育局",
    "财政局",
    "公安局",
    "民政局",
    "司法局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康委员会",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "行政审批服务局",
    "人民政府办公室",
    "发展和改革委员会",
    "工业和信息化局",
    "退役军人事务局",
    "城市管理局",
    "科学技术局",
    "体育局",
];

const PROVINCE_DEPTS: &[&str] = &[
    "教育厅",
    "财政厅",
    "公安厅",
    "民政厅",
    "司法厅",
    "人力资源和社会保障厅",
    "自然资源厅",
    "生态环境厅",
    "住房和城乡建设厅",
    "交通运输厅",
    "水利厅",
    "农业农村厅",
    "商务厅",
    "文化和旅游厅",
    "卫生健康委员会",
    "应急管理厅",
    "审计厅",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
];

const PINYIN: &[&str] = &[
    "an", "bai", "bei", "cheng", "dong", "feng", "gao", "he", "hua", "jin", "kai", "lai", "lin",
    "long", "ma", "nan", "ping", "qing", "shan", "tai", "wen", "xi", "xin", "yang", "yi", "yong",
    "yuan", "ze", "zhang", "zhou", "mi", "deng", "zuo", "liu",
];

fn place2(rng: &mut Rng, out: &mut String) {
    out.push_str(rng.pick(FIRST));
    out.push_str(rng.pick(SECOND));
}

pub(crate) fn agency(rng: &mut Rng) -> Agency {
    const LEVELS: [Level; 7] = [
        Level::Township,
        Level::CountyDept,
        Level::County,
        Level::CityDept,
        Level::City,
        Level::ProvinceDept,
        Level::Province,
    ];
    let level = LEVELS[rng.weighted(&[30, 20, 15, 15, 8, 8, 4])];
    let province = rng.pick(PROVINCES);
    let mut city = String::with_capacity(12);
    place2(rng, &mut city);
    city.push('市');
    let mut county = String::with_capacity(12);
    place2(rng, &mut county);
    county.push(rng.pick(&['县', '区', '区', '市']));
    let mut site = String::with_capacity(16);
    site.push_str(rng.pick(PINYIN));
    site.push_str(rng.pick(PINYIN));
    let prefix = rng.weighted(&[50, 35, 15]); // none, city, province + city

    let mut name = String::with_capacity(64);
    let short;
    let place;
    match level {
        Level::Township => {
            let mut town = String::with_capacity(16);
            if rng.pct(30) {
                town.push_str(rng.pick(SURNAMES));
                town.push('家');
                town.push_str(rng.pick(VILLAGE_ENDS));
            } else {
                place2(rng, &mut town);
            }
            let suffix = ["镇", "乡", "街道"][rng.weighted(&[60, 15, 25])];
            town.push_str(suffix);
            let gov = if suffix == "街道" {
                "办事处"
            } else {
                "人民政府"
            };
            if suffix == "街道" && rng.pct(15) {
                name.push_str(&town);
            } else {
                if prefix == 2 {
                    name.push_str(province);
                }
                if prefix >= 1 {
                    name.push_str(&city);
                }
                name.push_str(&county);
                name.push_str(&town);
            }
            name.push_str(gov);
            place = format!("{city}{county}{town}");
            short = town;
        }
        Level::CountyDept => {
            if prefix >= 1 {
                name.push_str(&city);
            }
            name.push_str(&county);
            name.push_str(rng.pick(DEPTS));
            place = format!("{city}{county}");
            short = name
                .strip_prefix(city.as_str())
                .unwrap_or(&name)
                .to_string();
        }
        Level::County => {
            if prefix == 2 {
                name.push_str(province);
            }
            if prefix >= 1 {
                name.push_str(&city);
            }
            name.push_str(&county);
            name.push_str(if rng.pct(20) {
                "人民政府办公室"
            } else {
                "人民政府"
            });
            place = format!("{city}{county}");
            short = county;
        }
        Level::CityDept => {
            name.push_str(&city);
            name.push_str(rng.pick(DEPTS));
            place = city.clone();
            short = name.clone();
        }
        Level::City => {
            if prefix == 2 {
                name.push_str(province);
            }
            name.push_str(&city);
            name.push_str(if rng.pct(20) {
                "人民政府办公室"
            } else {
                "人民政府"
            });
            place = city.clone();
            short = city;
        }
        Level::ProvinceDept => {
            name.push_str(province);
            name.push_str(rng.pick(PROVINCE_DEPTS));
            place = format!("{province}{city}");
            short = name.clone();
        }
        Level::Province => {
            name.push_str(province);
            name.push_str(if rng.pct(30) {
                "人民政府办公厅"
            } else {
                "人民政府"
            });
            place = format!("{province}{city}");
            short = province.to_string();
        }
    }
    Agency {
        name,
        short,
        level,
        place,
        site,
    }
}

/// Contact details, each present or not.
pub(crate) fn contact(rng: &mut Rng, agency: &Agency) -> Contact {
    let address = rng.pct(65).then(|| {
        let mut a = agency.place.clone();
        place2(rng, &mut a);
        a.push_str(rng.pick(&["路", "街", "大道"]));
        let _ = write!(a, "{}号", rng.range(1, 399));
        a
    });
    let phone = rng.pct(65).then(|| {
        let mut p = String::with_capacity(16);
        let _ = write!(p, "0{}-", rng.range(310, 939));
        let len = if rng.pct(70) { 7 } else { 8 };
        p.push(char::from(b'1' + rng.below(9) as u8));
        for _ in 1..len {
            p.push(char::from(b'0' + rng.below(10) as u8));
        }
        p
    });
    let email = rng.pct(40).then(|| {
        let mut e = String::with_capacity(32);
        e.push_str(rng.pick(PINYIN));
        e.push_str(rng.pick(PINYIN));
        if rng.pct(50) {
            let _ = write!(e, "{}", rng.range(100, 99_999_999));
        }
        e.push('@');
        match rng.index(4) {
            0 => e.push_str("163.com"),
            1 => e.push_str("126.com"),
            2 => e.push_str("qq.com"),
            _ => {
                e.push_str(&agency.site);
                e.push_str(".gov.cn");
            }
        }
        e
    });
    let website = rng.pct(45).then(|| {
        let scheme = if rng.pct(60) { "http" } else { "https" };
        format!("{scheme}://www.{}.gov.cn", agency.site)
    });
    Contact {
        address,
        phone,
        email,
        website,
    }
}
