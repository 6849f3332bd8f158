//! Which agency and year a report is of, and where that was read.
//!
//! A report names itself in its title. Where its text has none (a page's article body saved
//! alone, a body pasted into a file) or the title names no agency, the agency is read from,
//! in this order: the file's metadata (a page's or a PDF's own title, the 发布机构 of a page
//! or of a crawler's header), a title in the file's name, the signature at the end, the
//! contact sentence (请与XX办公室联系: XX). The year is read from the metadata's title, the
//! statistics period (统计期限自2023年1月1日起至2023年12月31日止), the file name's title.
//! Where a source the agency or year was not read from names another one (the contact
//! sentence and the statistics period aside: an office of another agency may answer
//! questions, and a stale period is the checks' finding), the one read is kept and a
//! warning names the other.
//!
//! A document without a title in its text is a report only if at least
//! [`MIN_HEADINGS_WITHOUT_TITLE`] of the six section headings are found in it.

use std::sync::LazyLock;

use regex::Regex;

use super::RecognizeError;
use super::agency;
use super::sections::SectionSpan;
use super::title::{self, Boundary, Title};
use crate::chinese::{self, trim};
use crate::document::{Document, Properties};
use crate::model::{IdentifiedBy, Source, Warning};

/// Section headings a document without a title needs to be taken for a report.
pub const MIN_HEADINGS_WITHOUT_TITLE: usize = 3;

/// Shortest name a contact sentence may give, in characters (本局 is not a name).
const MIN_CONTACT_NAME_CHARS: usize = 3;

/// `请与XX办公室联系`, `直接与XX联系`, `请联系XX办公室，`.
static CONTACT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:请|可|直接)\s*(?:与|同|向)\s*(?P<a>[^\s，。；：:、（）()“”《》]{2,40}?)\s*联系|请\s*联系\s*(?P<b>[^\s，。；：:、（）()“”《》]{2,40}?)\s*(?:[，。；：:、（）()]|联系电话|咨询电话|电话|$)",
    )
    .expect("contact regex")
});

/// What one source says.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Clue<T> {
    source: Source,
    value: T,
    /// The source line it was read at, 0 outside the text.
    line: usize,
}

/// What the sources found so far say of the agency and the year.
#[derive(Debug, Clone, Default)]
pub struct Clues {
    agencies: Vec<Clue<String>>,
    years: Vec<Clue<i32>>,
    /// The title as printed: the text's, else the metadata's or the file name's.
    title: Option<String>,
    titled: bool,
}

/// The agency and year of a report, where they were read and what disagreed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub agency: String,
    pub year: i32,
    pub identified_by: IdentifiedBy,
    /// The title as printed, empty when none was.
    pub title: String,
    pub warnings: Vec<Warning>,
}

/// The clues of every source but the signature (which needs the sections): the title,
/// the metadata, the file name, and where these leave the agency or the year unknown, the
/// contact sentence and the statistics period.
pub fn clues(doc: &Document, properties: &Properties, title: Option<&Title>) -> Clues {
    let mut clues = Clues::default();
    if let Some(t) = title {
        let line = doc.blocks.get(t.block).map_or(0, |b| b.line_no());
        if !t.agency.is_empty() {
            clues.agency(Source::Title, t.agency.clone(), line);
        }
        clues.years.push(Clue {
            source: Source::Title,
            value: t.year,
            line,
        });
        clues.title = Some(t.text.clone());
        clues.titled = true;
    }
    if let Some(stated) = properties.title.as_deref()
        && let Some(found) = title::title_in(stated, Boundary::Any)
    {
        clues.named_by_title(Source::Metadata, found, stated);
    }
    if let Some(publisher) = properties.publisher.as_deref() {
        let name = chinese::squeeze(publisher);
        if agency::plausible(&name)
            && (agency::looks_like_agency(&name) || agency::looks_like_region(&name))
        {
            clues.agency(Source::Metadata, name, 0);
        }
    }
    if let Some(name) = properties.file_name.as_deref()
        && let Some(found) = title::title_in(name, Boundary::Any)
    {
        clues.named_by_title(Source::FileName, found, name);
    }
    if !clues.agencies.iter().any(|c| c.source == Source::Title)
        && let Some((name, line)) = contact_agency(doc)
    {
        clues.agency(Source::Contact, name, line);
    }
    if !clues.titled
        && let Some((year, line)) = doc
            .lines()
            .find_map(|l| chinese::year_period(&l.text).map(|y| (y, l.no)))
    {
        clues.years.push(Clue {
            source: Source::Period,
            value: year,
            line,
        });
    }
    clues
}

impl Clues {
    fn agency(&mut self, source: Source, value: String, line: usize) {
        self.agencies.push(Clue {
            source,
            value,
            line,
        });
    }

    fn named_by_title(&mut self, source: Source, found: title::TitleIn, text: &str) {
        if !found.agency.is_empty() {
            self.agency(source, found.agency, 0);
        }
        self.years.push(Clue {
            source,
            value: found.year,
            line: 0,
        });
        self.title
            .get_or_insert_with(|| trim(&text[found.range]).to_string());
    }

    /// The agency as the sources best read so far name it: where a signature that runs into
    /// the text before it may be cut.
    pub fn agency_hint(&self) -> Option<&str> {
        self.best_agency().map(|c| c.value.as_str())
    }

    fn best_agency(&self) -> Option<&Clue<String>> {
        self.agencies.iter().min_by_key(|c| agency_rank(c.source))
    }

    /// Adds the agency signing the report: the last name line above the signature's date.
    pub fn signature(&mut self, doc: &Document, spans: &[SectionSpan]) {
        let Some(signature) = spans.iter().find(|s| s.key == "signature") else {
            return;
        };
        let name = doc.blocks[signature.blocks.clone()]
            .iter()
            .filter_map(|b| b.as_line())
            .rfind(|l| !trim(&l.text).is_empty() && chinese::date_line(&l.text).is_none());
        if let Some(line) = name {
            self.agency(Source::Signature, chinese::squeeze(&line.text), line.no);
        }
    }

    /// The identity the clues give a document in which `headings` section headings were
    /// found, or why there is none.
    pub fn decide(self, headings: usize) -> Result<Identity, RecognizeError> {
        if !self.titled && headings < MIN_HEADINGS_WITHOUT_TITLE {
            return Err(RecognizeError::NotAReport);
        }
        let agency = self.best_agency().cloned();
        let year = self
            .years
            .iter()
            .min_by_key(|c| year_rank(c.source))
            .cloned();
        let (agency, year) = match (agency, year) {
            (Some(a), Some(y)) => (a, y),
            (None, year) => {
                return Err(RecognizeError::NoAgency {
                    year: year.map(|y| y.value),
                });
            }
            (Some(a), None) => return Err(RecognizeError::NoYear { agency: a.value }),
        };
        let mut warnings = Vec::new();
        // Two sources naming the same other agency or year warn once.
        let mut warned: Vec<String> = Vec::new();
        for other in &self.agencies {
            if other.source != agency.source
                && other.source != Source::Contact
                && !agency::agrees(&other.value, &agency.value)
                && !warned.contains(&other.value)
            {
                warned.push(other.value.clone());
                warnings.push(Warning {
                    line: other.line,
                    message: format!(
                        "the {} names the agency {}, the {} {}: {} is stored; check which \
                         agency this report is of",
                        what(other.source),
                        other.value,
                        what(agency.source),
                        agency.value,
                        agency.value
                    ),
                });
            }
        }
        for other in &self.years {
            if other.value != year.value
                && other.source != Source::Period
                && !warned.contains(&other.value.to_string())
            {
                warned.push(other.value.to_string());
                warnings.push(Warning {
                    line: other.line,
                    message: format!(
                        "the {} names the year {}, the {} {}: {} is stored; check which \
                         year this report is of",
                        what(other.source),
                        other.value,
                        what(year.source),
                        year.value,
                        year.value
                    ),
                });
            }
        }
        Ok(Identity {
            agency: agency.value,
            year: year.value,
            identified_by: IdentifiedBy {
                agency: agency.source,
                year: year.source,
            },
            title: self.title.unwrap_or_default(),
            warnings,
        })
    }
}

/// The order in which sources are trusted for the agency.
fn agency_rank(source: Source) -> usize {
    match source {
        Source::Title => 0,
        Source::Metadata => 1,
        Source::FileName => 2,
        Source::Signature => 3,
        Source::Contact => 4,
        Source::Period => 5,
    }
}

/// The order in which sources are trusted for the year.
fn year_rank(source: Source) -> usize {
    match source {
        Source::Title => 0,
        Source::Metadata => 1,
        Source::Period => 2,
        Source::FileName => 3,
        Source::Signature | Source::Contact => 4,
    }
}

/// A source as a warning names it.
fn what(source: Source) -> &'static str {
    match source {
        Source::Title => "title",
        Source::Metadata => "file's metadata (page or document title, 发布机构)",
        Source::FileName => "file name",
        Source::Signature => "signature",
        Source::Contact => "contact sentence",
        Source::Period => "statistics period",
    }
}

/// The agency the first contact sentence names (the agency of the office it names), with
/// its line.
fn contact_agency(doc: &Document) -> Option<(String, usize)> {
    doc.lines()
        .filter(|l| l.text.contains("联系"))
        .find_map(|l| {
            CONTACT_RE.captures_iter(&l.text).find_map(|caps| {
                let named = caps.name("a").or(caps.name("b"))?.as_str();
                let name = agency::of_office(named);
                // 我局, 本机关, 区政府, 县人民政府: words for an agency, not its name.
                let usable = name.chars().count() >= MIN_CONTACT_NAME_CHARS
                    && !name.starts_with(['我', '本', '该', '省', '市', '区', '县', '镇', '乡'])
                    && agency::plausible(name)
                    && (agency::looks_like_agency(name) || agency::looks_like_region(name));
                usable.then(|| (name.to_string(), l.no))
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identify(
        text: &str,
        properties: Properties,
    ) -> Result<(String, i32, String, String), RecognizeError> {
        let mut doc = Document::from_text(text);
        doc.properties = properties;
        let report = super::super::recognize(&doc)?;
        Ok((
            report.agency,
            report.year,
            report.identified_by.key(),
            report
                .warnings
                .iter()
                .map(|w| w.message.clone())
                .collect::<Vec<_>>()
                .join("\n"),
        ))
    }

    const BODY: &str = "一、总体情况\n正文。\n二、主动公开政府信息情况\n无。\n三、收到和处理政府信息公开申请情况\n无。\n";

    #[test]
    fn a_body_without_title_by_signature_and_period() {
        let text = format!(
            "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。如有疑问，请与某某县自然资源局办公室联系。\n{BODY}某某县自然资源局\n2024年1月5日\n"
        );
        assert_eq!(
            identify(&text, Properties::default()).unwrap(),
            (
                "某某县自然资源局".into(),
                2023,
                "signature+period".into(),
                String::new()
            )
        );
        // Without the signature the contact sentence names it.
        let text = format!(
            "本报告所列数据统计期限为2025年1月1日至12月31日，如对本报告有任何疑问，请与某某县社会事业局联系。\n{BODY}"
        );
        assert_eq!(
            identify(&text, Properties::default()).unwrap(),
            (
                "某某县社会事业局".into(),
                2025,
                "contact+period".into(),
                String::new()
            )
        );
    }

    #[test]
    fn metadata_and_file_names() {
        let props = Properties {
            title: Some("某某市统计局2023年政府信息公开工作年度报告_某某市人民政府".into()),
            ..Properties::default()
        };
        assert_eq!(
            identify(BODY, props).unwrap(),
            (
                "某某市统计局".into(),
                2023,
                "metadata".into(),
                String::new()
            )
        );
        let props = Properties {
            file_name: Some("80597_某某市统计局2022年度政府信息公开工作年度报告.txt".into()),
            ..Properties::default()
        };
        assert_eq!(
            identify(BODY, props).unwrap(),
            (
                "某某市统计局".into(),
                2022,
                "file_name".into(),
                String::new()
            )
        );
        let props = Properties {
            publisher: Some("某某市统计局".into()),
            ..Properties::default()
        };
        let text = format!("统计期限自2023年1月1日至2023年12月31日。\n{BODY}");
        assert_eq!(
            identify(&text, props).unwrap(),
            (
                "某某市统计局".into(),
                2023,
                "metadata+period".into(),
                String::new()
            )
        );
    }

    #[test]
    fn the_title_is_kept_and_others_warned_of() {
        let props = Properties {
            publisher: Some("某某县人民政府".into()),
            file_name: Some("某某镇人民政府2022年政府信息公开工作年度报告.pdf".into()),
            ..Properties::default()
        };
        let (agency, year, by, warnings) = identify(
            "某某县某某镇人民政府2023年政府信息公开工作年度报告\n正文。\n",
            props,
        )
        .unwrap();
        assert_eq!(
            (agency.as_str(), year, by.as_str()),
            ("某某县某某镇人民政府", 2023, "title")
        );
        assert_eq!(
            warnings,
            "the file's metadata (page or document title, 发布机构) names the agency 某某县人民政府, \
             the title 某某县某某镇人民政府: 某某县某某镇人民政府 is stored; check which agency this \
             report is of\n\
             the file name names the year 2022, the title 2023: 2023 is stored; check which year \
             this report is of"
        );
    }

    #[test]
    fn contact_sentences_name_the_agency_of_their_office() {
        let named = |text: &str| contact_agency(&Document::from_text(text)).map(|(a, _)| a);
        for (text, agency) in [
            (
                "对本报告如有疑问，请联系平潭综合实验区市场监督管理局办公室，联系电话：0591-23163598。",
                "平潭综合实验区市场监督管理局",
            ),
            (
                "请与平潭综合实验区君山片区管理局党政办公室联系（地址：国昌路1号）",
                "平潭综合实验区君山片区管理局",
            ),
            (
                "如有意见，可直接与苏平片区管理局办公室联系。",
                "苏平片区管理局",
            ),
            ("如有疑问，请与沂源县政务公开办公室联系。", "沂源县"),
        ] {
            assert_eq!(named(text).as_deref(), Some(agency), "{text}");
        }
        for text in [
            "如有疑问，请与本机关联系。",
            "请与县人民政府办公室联系。",
            "请与党政办联系。",
            "加强与人民群众的联系。",
        ] {
            assert_eq!(named(text), None, "{text}");
        }
    }

    #[test]
    fn errors_say_what_is_missing() {
        assert_eq!(
            identify("会议纪要\n2023年第一次常务会议\n", Properties::default()),
            Err(RecognizeError::NotAReport)
        );
        assert_eq!(
            identify(
                "2023年政府信息公开工作年度报告\n正文。\n",
                Properties::default()
            ),
            Err(RecognizeError::NoAgency { year: Some(2023) })
        );
        assert_eq!(
            identify(
                &format!("{BODY}某某县自然资源局\n2024年1月5日\n"),
                Properties::default()
            ),
            Err(RecognizeError::NoYear {
                agency: "某某县自然资源局".into()
            })
        );
        // A title naming no agency takes the signing one.
        assert_eq!(
            identify(
                "2023年政府信息公开工作年度报告\n正文。\n某某市统计局\n2024年1月20日\n",
                Properties::default()
            )
            .unwrap()
            .2,
            "signature+title"
        );
    }
}
