//! The national template as data: what a template, a table, a row, a column, a group and a
//! sum are, and the questions everyone asks of them (which version of a table a report
//! printed, a row's printed number). The data itself, every version of every table, is in
//! [`super::tables`]; the reader, the checks, `show`, the generator and the store read it
//! through these types, and none of them names a row of its own.
//!
//! A table has versions: the one each template prints, and variants some agencies print
//! (a 2021 table 2 with the single （六）其他处理 row of 2019; a table 1 without 规章). Each
//! is one [`TableSpec`]; a [`TemplateSpec`] lists, for each table, the template's own
//! version and the variants printed under it. `docs/adding-a-template-variant.md` shows how
//! to add one.

use std::fmt;

use super::tables;

/// Which national template a report follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Template {
    /// 国办公开办函〔2019〕60号, report years 2019–2020.
    Y2019,
    /// 国办公开办函〔2021〕30号, report year 2021 onward.
    Y2021,
}

impl Template {
    /// Every template, oldest first.
    pub const ALL: [Template; 2] = [Template::Y2019, Template::Y2021];

    pub fn key(self) -> &'static str {
        match self {
            Template::Y2019 => "2019",
            Template::Y2021 => "2021",
        }
    }

    pub fn from_key(key: &str) -> Option<Template> {
        Template::ALL.into_iter().find(|t| t.key() == key)
    }

    /// What the template prints.
    pub fn spec(self) -> &'static TemplateSpec {
        match self {
            Template::Y2019 => &tables::TEMPLATE_2019,
            Template::Y2021 => &tables::TEMPLATE_2021,
        }
    }

    /// The template document number as reports cite it.
    pub fn document_number(self) -> &'static str {
        self.spec().document_number
    }

    /// The template a report year falls under when the report does not say: the latest
    /// in force that year (the oldest for years before any).
    pub fn for_year(year: i32) -> Template {
        Template::ALL
            .into_iter()
            .rev()
            .find(|t| t.spec().first_year <= year)
            .unwrap_or(Template::ALL[0])
    }
}

/// A national template: its document and its three tables as reports on it print them.
#[derive(Debug)]
pub struct TemplateSpec {
    pub template: Template,
    /// As reports cite it: 国办公开办函〔2021〕30号.
    pub document_number: &'static str,
    /// The first report year it applies to.
    pub first_year: i32,
    /// Tables 1, 2 and 3.
    pub tables: [Versions; 3],
}

/// A table as reports on one template print it.
#[derive(Debug)]
pub struct Versions {
    /// The template's own version.
    pub own: &'static TableSpec,
    /// Other versions some agencies print under this template.
    pub variants: &'static [Variant],
}

/// A version of a table that some reports print instead of their template's own.
#[derive(Debug)]
pub struct Variant {
    pub spec: &'static TableSpec,
    /// About how many reports in a hundred print it: the generator prints it as often.
    pub share_pct: u32,
}

/// One version of one of the three statistical tables.
pub struct TableSpec {
    pub no: u8,
    /// Which version this is, unique among table `no`'s: the template's key for a template's
    /// own version (`2021`), a name for a variant (`2021-no-regulations`).
    pub name: &'static str,
    /// The section that holds the table.
    pub section: &'static str,
    pub title: &'static str,
    /// The header over the row labels, printed atop each run of rows with the same columns
    /// (table 1's 信息内容); empty when there is none.
    pub label_header: &'static str,
    /// A note the template prints in that place instead (table 2's 勾稽 note); empty when
    /// there is none.
    pub note: &'static str,
    /// In the order printed.
    pub rows: &'static [RowSpec],
    /// The arithmetic the table's cells obey.
    pub sums: &'static [Sum],
    /// The rule that every count of the table is a whole number, not negative.
    pub whole_numbers_rule: &'static str,
    /// Printed as one row of all its cells under a header of two levels (table 3: 15
    /// numbers): the rows' labels are then column headers.
    pub wide: bool,
    /// Words only this version's header prints (written without spaces), which tell it from
    /// the other templates' versions before its rows are read (table 1's columns differ by
    /// template). Empty when the versions share their columns and their rows tell them apart.
    pub header_words: &'static [&'static str],
}

/// A row of a statistical table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowSpec {
    pub key: &'static str,
    /// As the template prints it, with its number (三、本年度办理结果 rows: （一）予以公开).
    pub label: &'static str,
    /// Wordings real reports print instead (typos, older wording).
    pub aliases: &'static [&'static str],
    /// The group the row sits under (（三）不予公开 for 1.属于国家秘密).
    pub group: Option<&'static GroupSpec>,
    pub cols: &'static [ColSpec],
    pub told: Told,
}

/// How a reader tells a row from others whose labels print the same words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Told {
    /// Its label is its own.
    ByLabel,
    /// Its label is generic (3.其他): it names the row only under the row's own group.
    ByGroup,
    /// Its label is also a column header (（七）总计 and the column 总计): it names the row
    /// only once a row printed above it has been read.
    BelowRows,
}

/// A group of rows, as its label is printed in a cell beside or above them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupSpec {
    /// 三、本年度办理结果, （三）不予公开, 第二十条第（一）项, 行政诉讼.
    pub label: &'static str,
    /// The group this one is part of (（三）不予公开 of 三、本年度办理结果).
    pub parent: Option<&'static GroupSpec>,
}

/// A column of a statistical table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub aliases: &'static [&'static str],
    /// It holds a count: a whole number, not negative (本年增/减 and money amounts do not).
    pub count: bool,
    /// The header printed over this column and its neighbours (法人或其他组织).
    pub group: Option<&'static str>,
}

/// Arithmetic a table's cells obey (勾稽关系), with the id of the rule that checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sum {
    /// In each row, the last column is the total of the others (总计).
    RowTotal { rule: &'static str },
    /// In each column, the rows `left` add up to the rows `right` (一 + 二 = 三（七）+ 四).
    Balance {
        rule: &'static str,
        left: &'static [&'static str],
        right: &'static [&'static str],
    },
    /// In each column, row `total` is the sum of the rows printed from `first` to just
    /// above it (三（七）= 三（一）…（六）).
    Subtotal {
        rule: &'static str,
        first: &'static str,
        total: &'static str,
    },
    /// In each of `rows`, a count kept over the years covers this year's additions:
    /// `total` ≥ `added` − `removed`.
    RunningTotal {
        rule: &'static str,
        rows: &'static [&'static str],
        total: &'static str,
        added: &'static str,
        removed: Option<&'static str>,
    },
}

impl Sum {
    pub fn rule(&self) -> &'static str {
        match *self {
            Sum::RowTotal { rule }
            | Sum::Balance { rule, .. }
            | Sum::Subtotal { rule, .. }
            | Sum::RunningTotal { rule, .. } => rule,
        }
    }
}

// A version is known by its table and name (the data is checked to keep them unique), so
// comparing and printing one need not walk its rows.
impl PartialEq for TableSpec {
    fn eq(&self, other: &TableSpec) -> bool {
        (self.no, self.name) == (other.no, other.name)
    }
}

impl Eq for TableSpec {}

impl fmt::Debug for TableSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TableSpec(table {} {})", self.no, self.name)
    }
}

impl TableSpec {
    pub fn row(&self, key: &str) -> Option<&'static RowSpec> {
        self.rows.iter().find(|r| r.key == key)
    }

    pub fn cell_count(&self) -> usize {
        self.rows.iter().map(|r| r.cols.len()).sum()
    }

    /// The column `key` (of the first row that has it).
    pub fn col(&self, key: &str) -> Option<&'static ColSpec> {
        self.rows
            .iter()
            .flat_map(|r| r.cols.iter())
            .find(|c| c.key == key)
    }

    /// The printed label of a column; empty when the table has no such column.
    pub fn col_label(&self, key: &str) -> &'static str {
        self.col(key).map_or("", |c| c.label)
    }

    /// Whether column `key` holds counts (whole numbers, not negative).
    pub fn is_count(&self, key: &str) -> bool {
        self.col(key).is_some_and(|c| c.count)
    }

    /// Whether each row's last column is the total of the others.
    pub fn has_row_totals(&self) -> bool {
        self.sums.iter().any(|s| matches!(s, Sum::RowTotal { .. }))
    }

    /// The rows printed from `first` to just above `end`: the parts of a [`Sum::Subtotal`].
    pub fn rows_between(&self, first: &str, end: &str) -> &'static [RowSpec] {
        let position = |key| self.rows.iter().position(|r| r.key == key);
        match (position(first), position(end)) {
            (Some(a), Some(b)) if a <= b => &self.rows[a..b],
            _ => &[],
        }
    }

    /// The parts of the table's [`Sum::Subtotal`] and the key of their total row (三（一）…
    /// （六） and 三（七）), if it has one.
    pub fn subtotal(&self) -> Option<(&'static [RowSpec], &'static str)> {
        self.sums.iter().find_map(|s| match *s {
            Sum::Subtotal { first, total, .. } => Some((self.rows_between(first, total), total)),
            _ => None,
        })
    }

    /// The groups rows sit under, each once, in the order printed.
    pub fn groups(&self) -> Vec<&'static GroupSpec> {
        let mut groups: Vec<&'static GroupSpec> = Vec::new();
        for group in self.rows.iter().filter_map(|r| r.group) {
            if !groups.contains(&group) {
                groups.push(group);
            }
        }
        groups
    }

    /// The cells of a [`wide`](Self::wide) table's one printed row, in print order: each
    /// row's columns in turn.
    pub fn wide_cells(&self) -> Vec<(&'static str, &'static str)> {
        self.rows
            .iter()
            .flat_map(|r| r.cols.iter().map(move |c| (r.key, c.key)))
            .collect()
    }

    /// What a wide row is called in messages: the top headers over its cells (行政复议/行政诉讼).
    pub fn wide_label(&self) -> String {
        let mut tops: Vec<&str> = Vec::new();
        for row in self.rows {
            let top = row.group.map_or(row.label, |g| g.label);
            if !tops.contains(&top) {
                tops.push(top);
            }
        }
        tops.join("/")
    }

    /// The number the template prints before a row, as people cite it: 一, 二, 三（一）,
    /// 三（三）1, 三（七）, 四 for table 2; tables 1 and 3 number no rows, so their label.
    pub fn row_number(&self, key: &str) -> String {
        let Some(row) = self.row(key) else {
            return key.to_string();
        };
        let label = row.label;
        if let Some(number) = chinese_number(label) {
            return number.to_string();
        }
        match row.group {
            Some(group) if label.starts_with('（') => {
                format!("{}{}", group_number(group), parenthesized(label))
            }
            Some(group) if label.starts_with(|c: char| c.is_ascii_digit()) => {
                let item: String = label.chars().take_while(char::is_ascii_digit).collect();
                format!("{}{item}", group_number(group))
            }
            _ => label.to_string(),
        }
    }

    /// The row's number and words, for a row whose number alone says little
    /// (三（三）1.属于国家秘密).
    pub fn row_title(&self, key: &str) -> String {
        let number = self.row_number(key);
        match self.row(key) {
            Some(row) if row.label.starts_with(|c: char| c.is_ascii_digit()) => {
                let words = row.label.trim_start_matches(|c: char| c.is_ascii_digit());
                format!("{number}{words}")
            }
            _ => number,
        }
    }

    /// The bracketed number of a row's own part of the table: （六） for 3.其他 under
    /// （六）其他处理, and for （六）其他处理 itself.
    pub fn part_number(&self, key: &str) -> &'static str {
        match self.row(key) {
            Some(row) if row.label.starts_with('（') => parenthesized(row.label),
            Some(RowSpec {
                group: Some(group), ..
            }) => parenthesized(group.label),
            _ => "",
        }
    }
}

/// The number of a group as row numbers cite it: 三 of 三、本年度办理结果, 三（三） of
/// （三）不予公开 (under 三、…).
fn group_number(group: &GroupSpec) -> String {
    match chinese_number(group.label) {
        Some(number) => number.to_string(),
        None => {
            let parent = group.parent.map(group_number).unwrap_or_default();
            format!("{parent}{}", parenthesized(group.label))
        }
    }
}

/// 一 of 一、本年新收…: a label's leading Chinese number, if it has one.
fn chinese_number(label: &str) -> Option<&str> {
    let (number, _) = label.split_once('、')?;
    (!number.is_empty() && number.chars().all(crate::chinese::is_enumerator_numeral))
        .then_some(number)
}

/// （三） of （三）不予公开.
fn parenthesized(label: &str) -> &str {
    label
        .find('）')
        .map_or(label, |end| &label[..end + '）'.len_utf8()])
}

/// The template's own version of table `no` (3 for any number past it).
pub fn table(no: u8, template: Template) -> &'static TableSpec {
    template.spec().tables[usize::from(no.clamp(1, 3)) - 1].own
}

/// The versions of table `no` reports on `template` print: the template's own first, then
/// its variants.
pub fn printings(no: u8, template: Template) -> impl Iterator<Item = &'static TableSpec> {
    let versions = &template.spec().tables[usize::from(no.clamp(1, 3)) - 1];
    std::iter::once(versions.own).chain(versions.variants.iter().map(|v| v.spec))
}

/// Every version of table `no`, under any template, each once: the newest template's
/// first.
pub fn versions(no: u8) -> Vec<&'static TableSpec> {
    let mut all: Vec<&'static TableSpec> = Vec::new();
    for template in Template::ALL.into_iter().rev() {
        for spec in printings(no, template) {
            if !all.contains(&spec) {
                all.push(spec);
            }
        }
    }
    all
}

/// The template whose version of table `no` prints header words that `text` (written
/// without spaces) holds, if any: the oldest such.
pub fn header_template(no: u8, text: &str) -> Option<Template> {
    Template::ALL.into_iter().find(|&template| {
        printings(no, template).any(|spec| spec.header_words.iter().any(|w| text.contains(w)))
    })
}

/// The template version of table 1 whose header words `text` (with spaces removed) prints,
/// if any.
pub fn table1_version(text: &str) -> Option<Template> {
    header_template(1, text)
}

/// The versions of table `no` a report on `template` may have printed, before its rows are
/// read. Versions told apart by their header words (table 1's columns differ by template):
/// those of the template whose words `header_text()` holds, else the report's template's.
/// Versions that share their columns: every one, under any template (reports of either
/// year print either table 2); the rows read decide between them ([`choose`]).
pub fn candidates(
    no: u8,
    template: Template,
    header_text: impl FnOnce() -> String,
) -> Vec<&'static TableSpec> {
    let all = versions(no);
    if all.iter().all(|spec| spec.header_words.is_empty()) {
        return all;
    }
    let printed = header_template(no, &header_text()).unwrap_or(template);
    let mut specs: Vec<&'static TableSpec> = Vec::new();
    for spec in printings(no, printed) {
        if !specs.contains(&spec) {
            specs.push(spec);
        }
    }
    specs
}

/// Which of `candidates` a table of a report on `template` was printed as, from the rows
/// whose labels were read (`rows`) and, where known, the columns its cells are in (`cols`):
/// the version with most of those columns, then with most of those rows, then one whose
/// rows were all read (a variant lacking a row is told by the row's absence), then the
/// report's template's own version, then its variants, then the rest in order.
pub fn choose(
    no: u8,
    candidates: &[&'static TableSpec],
    template: Template,
    rows: &[&str],
    cols: &[&str],
) -> &'static TableSpec {
    let preference = |spec: &TableSpec| {
        printings(spec.no, template)
            .position(|p| p == spec)
            .unwrap_or(usize::MAX)
    };
    let score = |(i, spec): (usize, &&'static TableSpec)| {
        let cols_in = cols.iter().filter(|c| spec.col(c).is_some()).count();
        let rows_in = rows.iter().filter(|r| spec.row(r).is_some()).count();
        let all_read = spec.rows.iter().all(|r| rows.contains(&r.key));
        (
            cols_in,
            rows_in,
            all_read,
            std::cmp::Reverse(preference(spec)),
            std::cmp::Reverse(i),
        )
    };
    candidates
        .iter()
        .enumerate()
        .max_by_key(|&c| score(c))
        .map_or_else(|| table(no, template), |(_, spec)| *spec)
}

/// The version of table `no` whose keys `cells` (row, column) are: for a table known only
/// by its cells (read back from the store).
pub fn printed<'a>(
    no: u8,
    template: Template,
    cells: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> &'static TableSpec {
    let mut rows: Vec<&str> = Vec::new();
    let mut cols: Vec<&str> = Vec::new();
    for (row, col) in cells {
        if !rows.contains(&row) {
            rows.push(row);
        }
        if !cols.contains(&col) {
            cols.push(col);
        }
    }
    if rows.is_empty() {
        return table(no, template);
    }
    choose(no, &versions(no), template, &rows, &cols)
}

/// The vocabulary's own row key equal to `key`, in any version of table `no` (for keys
/// read back from the store).
pub fn row_key(no: u8, key: &str) -> Option<&'static str> {
    versions(no)
        .into_iter()
        .flat_map(|spec| spec.rows.iter())
        .find(|r| r.key == key)
        .map(|r| r.key)
}

/// The vocabulary's own column key equal to `key`, in any version of table `no`.
pub fn col_key(no: u8, key: &str) -> Option<&'static str> {
    versions(no)
        .into_iter()
        .flat_map(|spec| spec.rows.iter())
        .flat_map(|r| r.cols.iter())
        .find(|c| c.key == key)
        .map(|c| c.key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::tables::{TABLE1_2019, TABLE1_2021, TABLE2_2019, TABLE2_2021, TABLE3};

    /// Every version of every table, under any template.
    fn all_versions() -> Vec<&'static TableSpec> {
        (1..=3).flat_map(versions).collect()
    }

    #[test]
    fn table_shapes_match_the_format() {
        assert_eq!(TABLE2_2021.rows.len(), 25);
        assert_eq!(TABLE2_2021.cell_count(), 25 * 7);
        assert_eq!(TABLE2_2019.rows.len(), 23);
        assert_eq!(TABLE3.cell_count(), 15);
        assert_eq!(TABLE1_2021.cell_count(), 3 + 3 + 1 + 1 + 1 + 1);
        assert_eq!(TABLE1_2019.cell_count(), 3 + 3 + 3 * 4 + 2 + 2);
        let outcomes: Vec<&str> = TABLE2_2021
            .rows_between("granted", "total_processed")
            .iter()
            .map(|r| r.key)
            .collect();
        assert_eq!(outcomes.len(), 21);
        assert_eq!(outcomes.first(), Some(&"granted"));
        assert_eq!(outcomes.last(), Some(&"other.other"));
        assert_eq!(TABLE3.wide_cells().len(), 15);
        assert_eq!(TABLE3.wide_label(), "行政复议/行政诉讼");
        assert!(!TABLE1_2019.is_count("change") && TABLE1_2019.is_count("decisions"));
        assert!(!TABLE1_2021.is_count("amount_wan_yuan") && TABLE2_2021.is_count("total"));
    }

    #[test]
    fn every_version_is_consistent() {
        let all = all_versions();
        for (i, spec) in all.iter().enumerate() {
            let what = format!("{spec:?}");
            assert!(
                all[..i]
                    .iter()
                    .all(|s| s.no != spec.no || s.name != spec.name),
                "{what}: its name is another version's"
            );
            for (j, row) in spec.rows.iter().enumerate() {
                assert!(spec.rows[..j].iter().all(|r| r.key != row.key), "{what}");
                assert!(!row.cols.is_empty(), "{what} {}", row.key);
                if row.told == Told::ByGroup {
                    assert!(row.group.is_some(), "{what} {}", row.key);
                }
                if row.told == Told::BelowRows {
                    assert!(j > 0, "{what} {}", row.key);
                }
            }
            // A sum names rows and columns of its table, and a rule of the vocabulary.
            for sum in spec.sums {
                assert!(crate::vocab::rule_spec(sum.rule()).is_some(), "{what}");
                let rows: Vec<&str> = match *sum {
                    Sum::RowTotal { .. } => Vec::new(),
                    Sum::Balance { left, right, .. } => left.iter().chain(right).copied().collect(),
                    Sum::Subtotal { first, total, .. } => {
                        assert!(spec.rows_between(first, total).len() > 1, "{what}");
                        vec![first, total]
                    }
                    Sum::RunningTotal {
                        total,
                        added,
                        removed,
                        ..
                    } => {
                        for col in [Some(total), Some(added), removed].into_iter().flatten() {
                            assert!(spec.col(col).is_some(), "{what} {col}");
                        }
                        Vec::new()
                    }
                };
                for row in rows {
                    assert!(spec.row(row).is_some(), "{what} {row}");
                }
            }
            assert!(crate::vocab::rule_spec(spec.whole_numbers_rule).is_some());
            assert_eq!(table(spec.no, Template::Y2021).section, spec.section);
        }
    }

    #[test]
    fn rows_are_numbered_as_the_template_prints_them() {
        let numbers: Vec<String> = TABLE2_2021
            .rows
            .iter()
            .map(|r| TABLE2_2021.row_number(r.key))
            .collect();
        let expected = [
            "一",
            "二",
            "三（一）",
            "三（二）",
            "三（三）1",
            "三（三）2",
            "三（三）3",
            "三（三）4",
            "三（三）5",
            "三（三）6",
            "三（三）7",
            "三（三）8",
            "三（四）1",
            "三（四）2",
            "三（四）3",
            "三（五）1",
            "三（五）2",
            "三（五）3",
            "三（五）4",
            "三（五）5",
            "三（六）1",
            "三（六）2",
            "三（六）3",
            "三（七）",
            "四",
        ];
        assert_eq!(numbers, expected);
        assert_eq!(TABLE2_2019.row_number("other"), "三（六）");
        assert_eq!(
            TABLE2_2021.row_title("denied.state_secret"),
            "三（三）1.属于国家秘密"
        );
        assert_eq!(TABLE2_2021.row_title("granted"), "三（一）");
        assert_eq!(TABLE2_2021.part_number("other.other"), "（六）");
        assert_eq!(TABLE2_2019.part_number("other"), "（六）");
        assert_eq!(TABLE3.row_number("litigation_direct"), "未经复议直接起诉");
        assert_eq!(
            TABLE1_2021.row_number("normative_documents"),
            "行政规范性文件"
        );
        assert_eq!(TABLE1_2019.col_label("total_public"), "对外公开总数量");
    }

    #[test]
    fn templates_by_year_key_and_header_words() {
        assert_eq!(Template::for_year(2018), Template::Y2019);
        assert_eq!(Template::for_year(2020), Template::Y2019);
        assert_eq!(Template::for_year(2021), Template::Y2021);
        assert_eq!(Template::from_key("2021"), Some(Template::Y2021));
        assert_eq!(Template::from_key("2020"), None);
        assert_eq!(
            table1_version("信息内容本年新制作数量"),
            Some(Template::Y2019)
        );
        assert_eq!(
            table1_version("信息内容本年制发件数"),
            Some(Template::Y2021)
        );
        assert_eq!(table1_version("信息内容"), None);
        // Table 1's versions are told by their header, table 2's by their rows.
        assert_eq!(
            candidates(1, Template::Y2021, || "本年新制作数量".to_string()),
            vec![&TABLE1_2019]
        );
        assert_eq!(
            candidates(1, Template::Y2019, String::new),
            vec![&TABLE1_2019]
        );
        let t2 = candidates(2, Template::Y2019, || {
            unreachable!("table 2 has no header words")
        });
        assert_eq!(t2, versions(2));
        assert!(t2.contains(&&TABLE2_2021) && t2.contains(&&TABLE2_2019));
    }

    #[test]
    fn the_rows_read_choose_the_version() {
        let t2 = [&TABLE2_2021, &TABLE2_2019];
        let keys = |spec: &TableSpec| spec.rows.iter().map(|r| r.key).collect::<Vec<_>>();
        let mut rows_2021 = keys(&TABLE2_2021);
        assert_eq!(
            choose(2, &t2, Template::Y2019, &rows_2021, &[]),
            &TABLE2_2021
        );
        // The 2021 group line （六）其他处理 reads as 2019's row: the three rows under it win.
        rows_2021.push("other");
        assert_eq!(
            choose(2, &t2, Template::Y2019, &rows_2021, &[]),
            &TABLE2_2021
        );
        let rows_2019 = keys(&TABLE2_2019);
        assert_eq!(
            choose(2, &t2, Template::Y2021, &rows_2019, &[]),
            &TABLE2_2019
        );
        // Rows both print: the report's template decides.
        assert_eq!(choose(2, &t2, Template::Y2021, &["new"], &[]), &TABLE2_2021);
        assert_eq!(choose(2, &t2, Template::Y2019, &["new"], &[]), &TABLE2_2019);
        // Cells read back: table 1's columns tell its version.
        assert_eq!(
            printed(1, Template::Y2021, [("regulations", "made")]),
            &TABLE1_2019
        );
        assert_eq!(
            printed(1, Template::Y2019, [("regulations", "in_force")]),
            &TABLE1_2021
        );
        assert_eq!(printed(1, Template::Y2019, []), &TABLE1_2019);
    }
}
