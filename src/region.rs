//! Where an agency sits: its name split into province, city, county, township and body
//! (the 机关 itself: 人民政府, 教育局, 办事处), with a gazetteer of the province-, city- and
//! county-level divisions and their codes placing the levels a name leaves out —
//! 沂源县张家坡镇人民政府 names only its county, which the gazetteer puts in 淄博市, 山东省.
//!
//! The gazetteer is `data/regions.csv` (code, name, level, parent_code; `data/README.md` says
//! where it comes from), compiled into the binary. A name is read from its start: each
//! division printed must lie inside the one before it, so 威海市文登区 resolves to the 文登区
//! of 威海市. A division name shared by several places (朝阳区, 鼓楼区) with nothing in the
//! name to choose between them is settled by a hint (the report's contact address) or left
//! unresolved, its printed name kept. A division the gazetteer does not know is read by its
//! ending (市, 县, 区 …) when it sits below the levels already placed. Townships are below
//! the gazetteer: a township is the text up to 镇, 乡, 街道 or 苏木 right before 人民政府,
//! 政府 or 办事处.

use std::collections::HashMap;
use std::sync::LazyLock;

/// The gazetteer as shipped: `code,name,level,parent_code`, a header line first.
pub const REGIONS_CSV: &str = include_str!("../data/regions.csv");

/// The level of a division in the gazetteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Province,
    City,
    County,
}

impl Level {
    pub fn key(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
        }
    }

    fn from_key(key: &str) -> Option<Level> {
        match key {
            "province" => Some(Level::Province),
            "city" => Some(Level::City),
            "county" => Some(Level::County),
            _ => None,
        }
    }
}

/// A division of the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// Six digits (370323).
    pub code: &'static str,
    pub name: &'static str,
    pub level: Level,
    /// Empty for a province.
    pub parent_code: &'static str,
    /// Index of the parent in [`Gazetteer::regions`].
    parent: Option<usize>,
}

pub struct Gazetteer {
    regions: Vec<Region>,
    by_name: HashMap<&'static str, Vec<usize>>,
    /// Characters in the longest name.
    longest: usize,
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    Gazetteer::parse(REGIONS_CSV).unwrap_or_else(|e| panic!("data/regions.csv: {e}"))
});

impl Gazetteer {
    /// The gazetteer compiled into the binary.
    pub fn get() -> &'static Gazetteer {
        &GAZETTEER
    }

    /// Reads `code,name,level,parent_code` lines after a header; a parent must come
    /// before its children.
    pub fn parse(csv: &'static str) -> Result<Gazetteer, String> {
        let mut regions: Vec<Region> = Vec::new();
        let mut by_code: HashMap<&'static str, usize> = HashMap::new();
        for (i, line) in csv.lines().enumerate().skip(1) {
            let fields: Vec<&'static str> = line.split(',').collect();
            let [code, name, level, parent_code] = fields[..] else {
                return Err(format!("line {}: expected 4 fields: {line}", i + 1));
            };
            let level = Level::from_key(level)
                .ok_or_else(|| format!("line {}: unknown level {level}", i + 1))?;
            let parent = match parent_code {
                "" => None,
                p => Some(*by_code.get(p).ok_or_else(|| {
                    format!("line {}: parent {p} not listed before {code}", i + 1)
                })?),
            };
            by_code.insert(code, regions.len());
            regions.push(Region {
                code,
                name,
                level,
                parent_code,
                parent,
            });
        }
        let mut by_name: HashMap<&'static str, Vec<usize>> = HashMap::new();
        for (i, r) in regions.iter().enumerate() {
            by_name.entry(r.name).or_default().push(i);
        }
        let longest = regions.iter().map(|r| r.name.chars().count()).max();
        Ok(Gazetteer {
            regions,
            by_name,
            longest: longest.unwrap_or(0),
        })
    }

    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// The region with this code.
    pub fn by_code(&self, code: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.code == code)
    }

    /// `i` and its ancestors, nearest first.
    fn chain(&self, i: usize) -> impl Iterator<Item = &Region> {
        std::iter::successors(Some(i), |&j| self.regions[j].parent).map(|j| &self.regions[j])
    }

    fn is_ancestor(&self, ancestor: usize, i: usize) -> bool {
        std::iter::successors(self.regions[i].parent, |&j| self.regions[j].parent)
            .any(|j| j == ancestor)
    }

    /// Splits an agency name; `hint` (a contact address) chooses between places that
    /// share a name.
    pub fn place(&self, name: &str, hint: Option<&str>) -> Place {
        let name = name.trim();
        let offsets: Vec<usize> = name
            .char_indices()
            .map(|(i, _)| i)
            .chain([name.len()])
            .collect();
        let chars = offsets.len() - 1;

        // Candidates for the deepest division read so far, and what was printed.
        let mut current: Vec<usize> = Vec::new();
        let mut printed: Vec<(&str, Option<Level>)> = Vec::new();
        let mut at = 0;
        'read: while at < chars {
            for len in (2..=self.longest.min(chars - at)).rev() {
                let text = &name[offsets[at]..offsets[at + len]];
                let Some(found) = self.by_name.get(text) else {
                    continue;
                };
                let inside: Vec<usize> = found
                    .iter()
                    .copied()
                    .filter(|&c| {
                        current.is_empty() || current.iter().any(|&d| self.is_ancestor(d, c))
                    })
                    .collect();
                if inside.is_empty() {
                    continue;
                }
                let level = self.regions[inside[0]].level;
                let same_level = inside.iter().all(|&c| self.regions[c].level == level);
                printed.push((text, same_level.then_some(level)));
                current = inside;
                at += len;
                continue 'read;
            }
            break;
        }

        if current.len() > 1
            && let Some(hint) = hint
        {
            let hinted: Vec<usize> = current
                .iter()
                .copied()
                .filter(|&c| self.chain(c).skip(1).any(|a| hint.contains(a.name)))
                .collect();
            if hinted.len() == 1 {
                current = hinted;
            }
        }

        let mut place = Place::default();
        if let [resolved] = current[..] {
            place.region_code = Some(self.regions[resolved].code);
            for r in self.chain(resolved) {
                place.set(r.level, r.name);
            }
        } else {
            for (text, level) in &printed {
                if let Some(level) = level {
                    place.set(*level, text);
                }
            }
        }
        // Divisions the gazetteer does not know (renamed, new, made up), read by their
        // endings, each below the levels already placed.
        let mut rest = &name[offsets[at]..];
        while let Some((division, level)) = unknown_division(rest, place.deepest()) {
            place.set(level, division);
            rest = &rest[division.len()..];
        }
        let (township, body) = township_and_body(rest);
        place.township = township.map(str::to_string);
        place.body = body.to_string();
        place
    }
}

/// An agency's name split by level. Levels are names (from the gazetteer where it
/// resolved them, else as printed); `None` where neither says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    pub province: Option<String>,
    pub city: Option<String>,
    pub county: Option<String>,
    pub township: Option<String>,
    /// The agency itself, after its divisions (人民政府, 教育局, 办事处); the whole name
    /// when it names no division.
    pub body: String,
    /// The code of the deepest division the gazetteer resolved.
    pub region_code: Option<&'static str>,
}

impl Place {
    /// The deepest level named.
    fn deepest(&self) -> Option<Level> {
        [
            (Level::County, &self.county),
            (Level::City, &self.city),
            (Level::Province, &self.province),
        ]
        .into_iter()
        .find(|(_, name)| name.is_some())
        .map(|(level, _)| level)
    }

    fn set(&mut self, level: Level, name: &str) {
        let slot = match level {
            Level::Province => &mut self.province,
            Level::City => &mut self.city,
            Level::County => &mut self.county,
        };
        *slot = Some(name.to_string());
    }
}

/// Endings of divisions above townships, longest first where one ends another; `None`
/// for 市, which is a city or, below a city, a county-level city.
const DIVISION_ENDS: &[(&str, Option<Level>)] = &[
    ("自治区", Some(Level::Province)),
    ("省", Some(Level::Province)),
    ("自治州", Some(Level::City)),
    ("地区", Some(Level::City)),
    ("州", Some(Level::City)),
    ("盟", Some(Level::City)),
    ("市", None),
    ("自治县", Some(Level::County)),
    ("县", Some(Level::County)),
    ("旗", Some(Level::County)),
    ("区", Some(Level::County)),
];
/// Characters no division's name has and bodies' names do (局, 委员会, 办公室 …).
const BODY_CHARS: &[char] = &[
    '局', '委', '办', '厅', '府', '部', '院', '所', '会', '处', '站', '队', '党', '司',
];
/// Characters an unknown division's name has, its ending included.
const UNKNOWN_DIVISION_CHARS: std::ops::RangeInclusive<usize> = 3..=8;

/// The unknown division `rest` starts with, if its ending places it below `above`:
/// 华都区统计局 → 华都区 (county). The shortest name with a division's ending counts.
fn unknown_division(rest: &str, above: Option<Level>) -> Option<(&str, Level)> {
    for (chars, (i, c)) in rest.char_indices().enumerate() {
        if BODY_CHARS.contains(&c) || chars + 1 > *UNKNOWN_DIVISION_CHARS.end() {
            return None;
        }
        let head = &rest[..i + c.len_utf8()];
        let Some((_, level)) = DIVISION_ENDS.iter().find(|(end, _)| head.ends_with(end)) else {
            continue;
        };
        if chars + 1 < *UNKNOWN_DIVISION_CHARS.start() {
            continue;
        }
        let level = level.unwrap_or(if above < Some(Level::City) {
            Level::City
        } else {
            Level::County
        });
        return (above < Some(level)).then_some((head, level));
    }
    None
}

/// Endings of a township-level division.
const TOWNSHIP_ENDS: &[&str] = &["街道", "镇", "乡", "苏木"];
/// What follows a township's name in the name of its own government.
const TOWNSHIP_BODIES: &[&str] = &["人民政府", "政府", "办事处"];

/// `张家产镇人民政府` → (张家产镇, 人民政府); `教育局` → (none, 教育局).
fn township_and_body(rest: &str) -> (Option<&str>, &str) {
    for (i, _) in rest.char_indices().skip(1) {
        let (head, tail) = rest.split_at(i);
        if TOWNSHIP_ENDS
            .iter()
            .any(|e| head.ends_with(e) && head.len() > e.len())
            && TOWNSHIP_BODIES.iter().any(|b| tail.starts_with(b))
        {
            return (Some(head), tail);
        }
    }
    (None, rest)
}

/// [`Gazetteer::place`] on the gazetteer compiled in.
pub fn place(name: &str, hint: Option<&str>) -> Place {
    Gazetteer::get().place(name, hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_gazetteer_has_every_level() {
        let g = Gazetteer::get();
        let count = |level| g.regions().iter().filter(|r| r.level == level).count();
        assert_eq!(count(Level::Province), 31);
        assert_eq!(count(Level::City), 333);
        assert_eq!(count(Level::County), 2974);
        let yiyuan = g.by_code("370323").unwrap();
        assert_eq!((yiyuan.name, yiyuan.parent_code), ("沂源县", "370300"));
    }

    #[test]
    fn bad_rows_are_named() {
        let err = Gazetteer::parse("code,name,level,parent_code\n110000,北京市,state,\n")
            .err()
            .unwrap();
        assert_eq!(err, "line 2: unknown level state");
        let err = Gazetteer::parse("code,name,level,parent_code\n110101,东城区,county,110000\n")
            .err()
            .unwrap();
        assert_eq!(err, "line 2: parent 110000 not listed before 110101");
    }

    #[test]
    fn divisions_the_gazetteer_does_not_know_are_read_by_their_endings() {
        let g = Gazetteer::get();
        let p = g.place("青山市华都区杨家寨街道办事处", None);
        assert_eq!(
            (
                p.city.as_deref(),
                p.county.as_deref(),
                p.township.as_deref()
            ),
            (Some("青山市"), Some("华都区"), Some("杨家寨街道"))
        );
        assert_eq!((p.body.as_str(), p.region_code), ("办事处", None));
        // Below a known city, 市 is a county-level city.
        let p = g.place("威海市新登市教育局", None);
        assert_eq!(
            (p.city.as_deref(), p.county.as_deref(), p.body.as_str()),
            (Some("威海市"), Some("新登市"), "教育局")
        );
        // Nothing deeper than a county is a division; bodies are not divisions.
        let p = g.place("龙口市云口县公安局", None);
        assert_eq!(
            (p.county.as_deref(), p.body.as_str()),
            (Some("龙口市"), "云口县公安局")
        );
        for body in ["城市管理局", "市场监督管理局", "国家税务总局威海市税务局"]
        {
            assert_eq!(g.place(body, None).body, body);
        }
    }

    #[test]
    fn township_needs_a_government_after_it() {
        assert_eq!(
            township_and_body("新镇镇人民政府"),
            (Some("新镇镇"), "人民政府")
        );
        assert_eq!(
            township_and_body("龙山街道办事处"),
            (Some("龙山街道"), "办事处")
        );
        assert_eq!(
            township_and_body("住房和城乡建设局"),
            (None, "住房和城乡建设局")
        );
        assert_eq!(township_and_body("镇人民政府"), (None, "镇人民政府"));
    }
}
