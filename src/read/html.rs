//! HTML pages → [`Document`]: the report out of the site around it.
//!
//! Government sites print a report inside a content block surrounded by chrome: navigation,
//! a metadata box (索引号/发布机构/发文日期), share and print buttons, a footer. The page is
//! parsed as a browser would (html5ever), chrome elements are dropped by tag and by their
//! class and id words, and the content block is the deepest element holding most of the
//! page's Chinese text. A heading printed just above that block (the page's `<h1>`) is kept
//! as the report's first line. The metadata box, wherever it is, gives the document's
//! [`Properties`], which recognition uses where the report's own text is silent.
//!
//! Paragraphs become lines; a table with no table inside it becomes a [`Grid`] with
//! rowspan and colspan expanded (the covered cells empty), a table of pictures only becomes
//! `[image: NAME]` lines, and a table holding tables is layout: its cells are read as
//! paragraphs. Line numbers are the source lines of the elements.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::LazyLock;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use encoding_rs::Encoding;
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use regex::Regex;
use scraper::{Html, HtmlTreeSink, Node};

use super::{Format, ReadError, join_wrapped, text};
use crate::document::{Block, Document, GridRow, Line, Properties, SpanBudget, table_blocks};

/// Whether the bytes are an HTML page: markup at the start, or a page's tags near it.
pub fn is_html(bytes: &[u8]) -> bool {
    // The first character tells most files apart (every text report is read through
    // here) without folding their head.
    let first = head_bytes(bytes, 4096).find(|b| !(b.is_ascii_whitespace() || *b == 0x0B));
    if first != Some(b'<') {
        return false;
    }
    let head = ascii_head(bytes, 4096);
    const TAGS: [&str; 9] = [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<div",
        "<table",
        "<p>",
        "<p ",
    ];
    TAGS.iter().any(|t| head.contains(t))
}

/// The first `n` bytes as lower-case ASCII, other bytes as `?` (UTF-16 folded to its low
/// bytes, a byte-order mark dropped): enough to find tags and a charset declaration.
fn ascii_head(bytes: &[u8], n: usize) -> String {
    head_bytes(bytes, n)
        .map(|b| {
            if b.is_ascii() {
                b.to_ascii_lowercase() as char
            } else {
                '?'
            }
        })
        .collect()
}

/// The first `n` bytes without a byte-order mark (and UTF-16's zero bytes).
fn head_bytes(bytes: &[u8], n: usize) -> impl Iterator<Item = u8> + '_ {
    let head = &bytes[..bytes.len().min(n)];
    let (head, utf16) = match head {
        [0xFF, 0xFE, rest @ ..] | [0xFE, 0xFF, rest @ ..] => (rest, true),
        [0xEF, 0xBB, 0xBF, rest @ ..] => (rest, false),
        _ => (head, false),
    };
    head.iter().copied().filter(move |b| !(utf16 && *b == 0))
}

/// The encoding a page declares (`<meta charset="gb2312">`, `content="…; charset=GBK"`).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    static CHARSET: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"<meta[^>]*charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)"#).expect("charset regex")
    });
    let head = ascii_head(bytes, 4096);
    let label = CHARSET.captures(&head)?.get(1)?.as_str().to_string();
    Encoding::for_label(label.as_bytes())
}

/// Read a page's bytes: decode (BOM, then valid UTF-8, then the declared charset, then
/// detection) and extract the report.
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    let text = text::decode(bytes, declared_charset(bytes))?;
    let document = document(&text)?;
    if document.blocks.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(document)
}

/// The report in a page's markup; an error for a page nested deeper than [`MAX_DEPTH`]
/// and for a web server's error page.
pub fn document(markup: &str) -> Result<Document, ReadError> {
    let page = Page::parse(markup)?;
    if page.is_error_page() {
        return Err(ReadError::Unsupported {
            what: "a web server's error page (404 and the like), saved instead of the report",
            todo: "the download failed: download the report again from its page",
        });
    }
    let properties = page.properties();
    let (content, path) = page.content_block();
    let mut blocks = Blocks::default();
    if let Some(heading) = page.heading_before(&path) {
        blocks.push_line(heading.1, heading.0);
    }
    let heading_lines = blocks.out.len();
    blocks.walk(&page, content);
    blocks.flush();
    if blocks.too_much_text {
        return Err(ReadError::Damaged {
            format: Format::Html,
            detail: super::docx::too_much_text(),
        });
    }
    // The heading again as the block's first line: keep one.
    if heading_lines == 1 {
        let key = |b: &Block| squeeze(&b.text());
        if blocks.out[1..]
            .iter()
            .take(3)
            .any(|b| key(b) == key(&blocks.out[0]))
        {
            blocks.out.remove(0);
        }
    }
    Ok(Document {
        blocks: blocks.out,
        properties,
    })
}

// ---------------------------------------------------------------------------- parsing

/// A parsed page with the source line of every element.
struct Page {
    html: Html,
    lines: HashMap<NodeId, usize>,
    /// Chinese characters under each element, chrome left out.
    han: HashMap<NodeId, usize>,
    /// Elements that are chrome by their text: metadata boxes, info and share bars.
    chrome_text: HashSet<NodeId>,
}

/// How deeply a page's elements may nest. Government pages, layout tables and all, nest a
/// few dozen levels; the tree is walked recursively, and html5ever's work per tag grows
/// with the depth, so a page nested deeper (a fuzzer's or an attacker's) is refused.
pub const MAX_DEPTH: usize = 256;

/// How much markup the parser takes between two looks at the depth it reached.
const PARSE_CHUNK: usize = 4096;

fn too_deep() -> ReadError {
    ReadError::Damaged {
        format: Format::Html,
        detail: format!(
            "its elements nest more than {MAX_DEPTH} levels deep, far beyond any web page; it is not read"
        ),
    }
}

impl Page {
    fn parse(markup: &str) -> Result<Page, ReadError> {
        let deepest = Rc::new(std::cell::Cell::new(0));
        let sink = LineSink {
            inner: HtmlTreeSink::new(Html::new_document()),
            line: std::cell::Cell::new(1),
            lines: RefCell::new(HashMap::new()),
            depths: RefCell::new(HashMap::new()),
            deepest: Rc::clone(&deepest),
        };
        // Fed a chunk at a time, to stop as soon as the page nests too deep.
        let mut parser = html5ever::parse_document(sink, Default::default());
        let mut rest = markup;
        while !rest.is_empty() {
            let mut end = rest.len().min(PARSE_CHUNK);
            while !rest.is_char_boundary(end) {
                end += 1;
            }
            parser.process(StrTendril::from_slice(&rest[..end]));
            rest = &rest[end..];
            if deepest.get() > MAX_DEPTH {
                return Err(too_deep());
            }
        }
        let (html, lines) = parser.finish();
        // The sink's depths do not follow the nodes the parser moves; the tree's do.
        // Nodes below the document, the document itself not counted.
        let mut depth = 0usize;
        for edge in html.tree.root().traverse() {
            match edge {
                Edge::Open(_) => depth += 1,
                Edge::Close(_) => depth -= 1,
            }
            if depth > MAX_DEPTH + 1 {
                return Err(too_deep());
            }
        }
        let mut page = Page {
            html,
            lines,
            han: HashMap::new(),
            chrome_text: HashSet::new(),
        };
        let root = page.html.tree.root();
        let mut chrome_text = HashSet::new();
        let page_han = root
            .descendants()
            .filter_map(|n| n.value().as_text())
            .map(|t| t.chars().filter(|c| is_han(*c)).count())
            .sum();
        mark_chrome_text(root, page_han, &mut chrome_text);
        page.chrome_text = chrome_text;
        let root = root.id();
        page.count_han(root);
        Ok(page)
    }

    /// A web server's error page: an error status or message in its title or first
    /// heading, and little text besides (a report has thousands of characters).
    fn is_error_page(&self) -> bool {
        static ERROR: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(
                r"(?i)\b(40[034]|50[0234])\b|not found|forbidden|bad gateway|service unavailable|internal server error|页面不存在|页面未找到|找不到(该|此|您)?页面|无法(找到|访问)|已被删除|访问出错|出错了|错误页面|禁止访问",
            )
            .expect("error page regex")
        });
        let root = self.html.tree.root();
        // The count of Chinese characters is known already; the heading is searched for only
        // on a page too short to be a report.
        if self.han(root.id()) >= 200 {
            return false;
        }
        let heading = root.descendants().find(|n| {
            n.value()
                .as_element()
                .is_some_and(|e| matches!(e.name(), "title" | "h1"))
        });
        heading.is_some_and(|h| {
            let text: String = h
                .descendants()
                .filter_map(|n| n.value().as_text())
                .map(|t| &**t)
                .collect();
            ERROR.is_match(&text)
        })
    }

    /// Whether an element is site chrome: by tag, class/id words or style, or by its text.
    fn is_chrome(&self, node: NodeRef<'_, Node>) -> bool {
        is_chrome_element(node) || self.chrome_text.contains(&node.id())
    }

    fn node(&self, id: NodeId) -> NodeRef<'_, Node> {
        self.html.tree.get(id).expect("a node of this tree")
    }

    fn line(&self, id: NodeId) -> usize {
        self.lines.get(&id).copied().unwrap_or(1)
    }

    fn count_han(&mut self, id: NodeId) -> usize {
        let (children, own): (Vec<NodeId>, usize) = {
            let node = self.node(id);
            match node.value() {
                Node::Text(t) => return t.chars().filter(|c| is_han(*c)).count(),
                Node::Element(_) if self.is_chrome(node) => return 0,
                _ => (node.children().map(|c| c.id()).collect(), 0),
            }
        };
        let total = own
            + children
                .into_iter()
                .map(|c| self.count_han(c))
                .sum::<usize>();
        self.han.insert(id, total);
        total
    }

    fn han(&self, id: NodeId) -> usize {
        self.han.get(&id).copied().unwrap_or(0)
    }

    /// The deepest element holding most of the page's Chinese text, and the elements
    /// passed on the way down to it.
    fn content_block(&self) -> (NodeId, Vec<NodeId>) {
        let mut node = self.html.tree.root().id();
        let mut path = vec![node];
        loop {
            let total = self.han(node);
            let best = self
                .node(node)
                .children()
                .filter(|c| c.value().is_element())
                .max_by_key(|c| self.han(c.id()));
            match best {
                Some(child)
                    if total > 0
                        && self.han(child.id()) * 10 >= total * 8
                        && !is_data_table(child) =>
                {
                    node = child.id();
                    path.push(node);
                }
                _ => return (node, path),
            }
        }
    }

    /// The last heading (h1–h3, or an element whose class or id says title) printed
    /// before the content block, outside it: the page's title of the report.
    fn heading_before(&self, path: &[NodeId]) -> Option<(String, usize)> {
        let mut found = None;
        for pair in path.windows(2) {
            for sibling in self.node(pair[1]).prev_siblings() {
                if let Some(h) = self.last_heading(sibling) {
                    found = Some(h);
                    break;
                }
            }
        }
        found
    }

    fn last_heading(&self, node: NodeRef<'_, Node>) -> Option<(String, usize)> {
        let element = node.value().as_element()?;
        if self.is_chrome(node) {
            return None;
        }
        for child in node.children().rev() {
            if let Some(h) = self.last_heading(child) {
                return Some(h);
            }
        }
        let named_title = words(element).any(|w| w == "title");
        if matches!(element.name(), "h1" | "h2" | "h3") || named_title {
            let text = inline_text(node);
            if !text.is_empty() && text.chars().count() <= 100 && !is_metadata(&text) {
                return Some((text, self.line(node.id())));
            }
        }
        None
    }

    /// The metadata box's publisher and date, wherever on the page they are.
    fn properties(&self) -> Properties {
        let mut texts: Vec<String> = Vec::new();
        collect_texts(self.html.tree.root(), &mut texts);
        let joined = texts.join("\u{1}");
        let field = |labels: &[&str]| {
            labels.iter().find_map(|label| {
                let at = joined.find(label)? + label.len();
                let rest = joined[at..].trim_start_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '：' | ':' | '\u{1}' | '\u{3000}')
                });
                let value: String = rest
                    .chars()
                    .take_while(|c| !c.is_whitespace() && !matches!(c, '\u{1}' | '\u{3000}'))
                    .collect();
                (!value.is_empty() && !is_metadata(&value)).then_some(value)
            })
        };
        Properties {
            publisher: field(&["发布机构", "发文机关", "发布机关", "发文单位", "发布单位"]),
            date: field(&["成文日期", "发文日期", "发布日期", "公开日期", "发布时间"]),
            title: self.stated_title(),
            file_name: None,
        }
    }

    /// The title the page states of itself: its `ArticleTitle` meta, else its `og:title`,
    /// else its `<title>`.
    fn stated_title(&self) -> Option<String> {
        let mut found: [Option<String>; 3] = Default::default();
        for node in self.html.tree.root().descendants() {
            let Some(e) = node.value().as_element() else {
                continue;
            };
            let text = match e.name() {
                "meta" => e.attr("content").map(collapse),
                "title" => Some(collapse(
                    &node
                        .children()
                        .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                        .collect::<String>(),
                )),
                _ => continue,
            };
            let rank = match (e.name(), e.attr("name").or(e.attr("property"))) {
                ("meta", Some(n)) if n.eq_ignore_ascii_case("ArticleTitle") => 0,
                ("meta", Some(n)) if n.eq_ignore_ascii_case("og:title") => 1,
                ("title", _) => 2,
                _ => continue,
            };
            if let Some(text) = text.filter(|t| !t.is_empty()) {
                found[rank].get_or_insert(text);
            }
        }
        found.into_iter().flatten().next()
    }
}

/// A metadata label rather than a value or a title.
fn is_metadata(text: &str) -> bool {
    METADATA_LABELS.iter().any(|l| text.contains(l))
}

/// Every text of the page in order, chrome and scripts left out, trimmed.
fn collect_texts(node: NodeRef<'_, Node>, out: &mut Vec<String>) {
    match node.value() {
        Node::Text(t) => {
            let t = collapse(t);
            if !t.is_empty() {
                out.push(t);
            }
        }
        Node::Element(e) if SKIP.contains(&e.name()) => {}
        _ => node.children().for_each(|c| collect_texts(c, out)),
    }
}

/// Elements never read: scripts, styles, form controls, embedded things.
const SKIP: [&str; 17] = [
    "script", "style", "noscript", "template", "head", "title", "select", "option", "button",
    "input", "textarea", "iframe", "object", "embed", "svg", "canvas", "map",
];

/// Class and id words that mark site chrome.
const CHROME_WORDS: [&str; 20] = [
    "nav",
    "navbar",
    "menu",
    "footer",
    "foot",
    "share",
    "bdshare",
    "jiathis",
    "print",
    "breadcrumb",
    "crumb",
    "crumbs",
    "location",
    "position",
    "sidebar",
    "toolbar",
    "copyright",
    "fontsize",
    "search",
    "login",
];

/// Words of a page's info and share bars.
const BAR_WORDS: [&str; 15] = [
    "浏览次数",
    "访问次数",
    "点击数",
    "【字体",
    "字体：",
    "字号：",
    "分享到",
    "打印本页",
    "关闭窗口",
    "【打印",
    "【关闭",
    "扫一扫",
    "上一篇",
    "下一篇",
    "当前位置",
];

/// Labels of a page's metadata box.
const METADATA_LABELS: [&str; 10] = [
    "索引号",
    "发布机构",
    "发文机关",
    "发文日期",
    "成文日期",
    "发布日期",
    "主题分类",
    "文号",
    "生效日期",
    "有效性",
];

/// The longest text a bar or metadata box has; longer is content.
const MAX_CHROME_CHARS: usize = 300;

/// Mark the elements whose short text is a metadata box or an info or share bar, and that
/// hold less than half of the page's Chinese text; returns the element's text, cut past
/// [`MAX_CHROME_CHARS`].
fn mark_chrome_text(
    node: NodeRef<'_, Node>,
    page_han: usize,
    marked: &mut HashSet<NodeId>,
) -> String {
    let mut text = String::new();
    match node.value() {
        Node::Text(t) => text.push_str(t),
        Node::Element(e) if SKIP.contains(&e.name()) => {}
        _ => {
            for child in node.children() {
                let part = mark_chrome_text(child, page_han, marked);
                if text.chars().count() <= MAX_CHROME_CHARS {
                    text.push_str(&part);
                }
            }
        }
    }
    if node.value().is_element()
        && text.chars().count() <= MAX_CHROME_CHARS
        && text.chars().filter(|c| is_han(*c)).count() * 2 < page_han
    {
        let labels = METADATA_LABELS.iter().filter(|l| text.contains(*l)).count();
        if labels >= 2 || BAR_WORDS.iter().any(|w| text.contains(w)) {
            marked.insert(node.id());
        }
    }
    text
}

/// An element that is site chrome, not report, by its markup: tag, class/id words, hidden.
fn is_chrome_element(node: NodeRef<'_, Node>) -> bool {
    let Some(e) = node.value().as_element() else {
        return false;
    };
    if SKIP.contains(&e.name()) || matches!(e.name(), "nav" | "aside" | "footer") {
        return true;
    }
    if e.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        s.to_ascii_lowercase().contains("display:none")
    }) {
        return true;
    }
    words(e).any(|w| CHROME_WORDS.contains(&w.as_str()))
}

/// The words of an element's class and id: `news-share bar` → news, share, bar.
fn words(e: &scraper::node::Element) -> impl Iterator<Item = String> + '_ {
    e.attr("class")
        .into_iter()
        .chain(e.attr("id"))
        .flat_map(|v| v.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
}

fn is_data_table(node: NodeRef<'_, Node>) -> bool {
    node.value()
        .as_element()
        .is_some_and(|e| e.name() == "table")
        && !node
            .descendants()
            .skip(1)
            .any(|d| d.value().as_element().is_some_and(|e| e.name() == "table"))
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Whitespace as a browser shows it: runs of spaces, tabs, newlines and no-break spaces
/// are one space; ends trimmed.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_ascii_whitespace() || c == '\u{a0}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

/// The text of an element as one line.
fn inline_text(node: NodeRef<'_, Node>) -> String {
    let mut texts = Vec::new();
    collect_texts(node, &mut texts);
    join_wrapped(texts.iter().map(String::as_str))
}

/// Elements that start a line of their own.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "caption"
            | "section"
            | "article"
            | "main"
            | "header"
            | "center"
            | "blockquote"
            | "pre"
            | "hr"
            | "form"
            | "body"
            | "address"
    )
}

/// A picture's reference: its file name, else its alt text.
fn image_name(e: &scraper::node::Element) -> String {
    let src = e.attr("src").unwrap_or("");
    let file = src
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .rsplit('/')
        .next()
        .unwrap_or("");
    if file.is_empty() {
        e.attr("alt").unwrap_or("").trim().to_string()
    } else {
        file.to_string()
    }
}

// ---------------------------------------------------------------------------- walking

/// The blocks being built, with the line being gathered.
#[derive(Default)]
struct Blocks {
    out: Vec<Block>,
    text: String,
    line: usize,
    /// Images met inside the element being read as a cell.
    images: Vec<String>,
    /// The page's spans, grids and text so far.
    budget: SpanBudget,
    /// The page's text ran past the budget: the rest is not read.
    too_much_text: bool,
}

impl Blocks {
    fn push_line(&mut self, no: usize, text: String) {
        self.flush();
        self.out.push(Block::Line(Line { no, text }));
    }

    fn flush(&mut self) {
        let text = collapse(&self.text);
        self.text.clear();
        if !text.is_empty() {
            self.out.push(Block::Line(Line {
                no: self.line,
                text,
            }));
        }
    }

    fn append(&mut self, text: &str, line: usize) {
        if !self.budget.text(text.len()) {
            self.too_much_text = true;
            return;
        }
        if text
            .chars()
            .all(|c| c.is_ascii_whitespace() || c == '\u{a0}')
        {
            if !self.text.is_empty() {
                self.text.push(' ');
            }
            return;
        }
        if self.text.trim().is_empty() {
            self.line = line;
        }
        self.text.push_str(text);
    }

    fn walk(&mut self, page: &Page, id: NodeId) {
        let node = page.node(id);
        match node.value() {
            Node::Text(t) => {
                let line = node.parent().map_or(1, |p| page.line(p.id()));
                self.append(t, line);
            }
            Node::Element(e) => {
                if page.is_chrome(node) {
                    return;
                }
                match e.name() {
                    "br" => self.flush(),
                    "img" => {
                        let name = image_name(e);
                        self.flush();
                        self.images.push(name.clone());
                        self.push_line(page.line(id), format!("[image: {name}]"));
                    }
                    "table" if is_data_table(node) => {
                        self.flush();
                        self.table(page, node);
                    }
                    name => {
                        // A superscript or subscript (a footnote's mark) is no digit of
                        // the number beside it: a piece of its own.
                        let block = is_block(name) || matches!(name, "sup" | "sub");
                        if block {
                            self.flush();
                        }
                        for child in node.children() {
                            self.walk(page, child.id());
                        }
                        if block {
                            self.flush();
                        }
                    }
                }
            }
            _ => {
                for child in node.children() {
                    self.walk(page, child.id());
                }
            }
        }
    }

    /// A table with spans expanded; a table of pictures only as picture lines.
    fn table(&mut self, page: &Page, table: NodeRef<'_, Node>) {
        let mut grid = SpanGrid::default();
        let mut images = Vec::new();
        for tr in rows_of(table) {
            grid.start_row(page.line(tr.id()));
            for cell in tr.children() {
                let Some(e) = cell.value().as_element() else {
                    continue;
                };
                if !matches!(e.name(), "td" | "th") || page.is_chrome(cell) {
                    continue;
                }
                let (text, cell_images) = cell_text(page, cell, &mut self.budget);
                // A cell's text counts against the page's (taking nothing more).
                self.too_much_text |= !self.budget.text(0);
                images.extend(cell_images);
                let (colspan, rowspan) = self
                    .budget
                    .take(span(e.attr("colspan")), span(e.attr("rowspan")));
                grid.place(text, colspan, rowspan);
            }
        }
        let (rows, width) = grid.finish();
        let has_text = rows.iter().any(|r| r.cells.iter().any(|c| !c.is_empty()));
        if !has_text {
            let line = page.line(table.id());
            for name in images {
                self.push_line(line, format!("[image: {name}]"));
            }
        } else {
            self.out.extend(table_blocks(rows, width, &mut self.budget));
        }
    }
}

/// The rows of a table, through its row groups, not those of tables inside it.
fn rows_of<'a>(table: NodeRef<'a, Node>) -> impl Iterator<Item = NodeRef<'a, Node>> {
    table
        .children()
        .flat_map(|c| match c.value().as_element().map(|e| e.name()) {
            Some("tbody" | "thead" | "tfoot") => c.children().collect::<Vec<_>>(),
            _ => vec![c],
        })
        .filter(|c| c.value().as_element().is_some_and(|e| e.name() == "tr"))
}

/// A cell's text, its wrapped lines joined, and the pictures in it.
fn cell_text(
    page: &Page,
    cell: NodeRef<'_, Node>,
    budget: &mut SpanBudget,
) -> (String, Vec<String>) {
    let mut inner = Blocks {
        budget: std::mem::take(budget),
        ..Blocks::default()
    };
    for child in cell.children() {
        inner.walk(page, child.id());
    }
    inner.flush();
    *budget = std::mem::take(&mut inner.budget);
    let texts: Vec<String> = inner
        .out
        .iter()
        .filter_map(Block::as_line)
        .filter(|l| !l.text.starts_with("[image:"))
        .map(|l| l.text.clone())
        .collect();
    (join_wrapped(texts.iter().map(String::as_str)), inner.images)
}

/// A span attribute: 1 when absent or nonsense, at most a sane bound.
fn span(value: Option<&str>) -> usize {
    const MAX_SPAN: usize = 1000;
    value
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n >= 1)
        .map_or(1, |n| n.min(MAX_SPAN))
}

/// Cells placed on a grid the way a browser lays out a table: each cell at the first free
/// column of its row, covering its rowspan × colspan slots (the covered ones empty).
#[derive(Default)]
struct SpanGrid {
    rows: Vec<GridRow>,
    /// Slots taken by rowspans from rows above, per row: (row index, column).
    taken: std::collections::HashSet<(usize, usize)>,
    col: usize,
}

impl SpanGrid {
    fn start_row(&mut self, line: usize) {
        self.rows.push(GridRow {
            line,
            cells: Vec::new(),
        });
        self.col = 0;
    }

    fn place(&mut self, text: String, colspan: usize, rowspan: usize) {
        let r = self.rows.len() - 1;
        while self.taken.contains(&(r, self.col)) {
            self.col += 1;
        }
        let start = self.col;
        for c in start..start + colspan {
            for dr in 1..rowspan {
                self.taken.insert((r + dr, c));
            }
        }
        let cells = &mut self.rows[r].cells;
        if cells.len() < start + colspan {
            cells.resize(start + colspan, String::new());
        }
        cells[start] = text;
        self.col = start + colspan;
    }

    /// The rows with text, and the grid's width.
    fn finish(self) -> (Vec<GridRow>, usize) {
        let width = self
            .rows
            .iter()
            .map(|r| r.cells.len())
            .chain(self.taken.iter().map(|(_, c)| c + 1))
            .max()
            .unwrap_or(0);
        let rows = self
            .rows
            .into_iter()
            .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
            .collect();
        (rows, width)
    }
}

// ---------------------------------------------------------------------------- the sink

/// scraper's tree sink, noting the source line of every element it creates.
struct LineSink {
    inner: HtmlTreeSink,
    line: std::cell::Cell<u64>,
    lines: RefCell<HashMap<NodeId, usize>>,
    /// How deep each node was placed, and the deepest so far, as the parser goes.
    depths: RefCell<HashMap<NodeId, usize>>,
    deepest: Rc<std::cell::Cell<usize>>,
}

impl LineSink {
    fn note_depth(&self, parent: &NodeId, child: &NodeOrText<NodeId>) {
        if let NodeOrText::AppendNode(id) = child {
            let mut depths = self.depths.borrow_mut();
            let depth = depths.get(parent).copied().unwrap_or(0) + 1;
            depths.insert(*id, depth);
            self.deepest.set(self.deepest.get().max(depth));
        }
    }
}

impl TreeSink for LineSink {
    type Output = (Html, HashMap<NodeId, usize>);
    type Handle = NodeId;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Self::Output {
        (self.inner.finish(), self.lines.into_inner())
    }

    fn set_current_line(&self, line: u64) {
        self.line.set(line);
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let id = self.inner.create_element(name, attrs, flags);
        let line = usize::try_from(self.line.get()).unwrap_or(usize::MAX);
        self.lines.borrow_mut().insert(id, line);
        id
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg)
    }

    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        self.inner.elem_name(target)
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.note_depth(parent, &child);
        self.inner.append(parent, child)
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        self.inner
            .append_based_on_parent_node(element, prev_element, child)
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id)
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode)
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.inner.append_before_sibling(sibling, new_node)
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target)
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(doc: &Document) -> Vec<(usize, String)> {
        doc.blocks
            .iter()
            .map(|b| (b.line_no(), b.text().into_owned()))
            .collect()
    }

    #[test]
    fn the_span_and_text_budgets_are_the_pages_not_each_tables() {
        let table = r#"<table><tr><td colspan="1000">申请</td></tr><tr><td>数量</td></tr></table>"#;
        let page = format!(
            "<html><body><h1>某县人民政府2024年政府信息公开工作年度报告</h1><div>{}</div></body></html>",
            table.repeat(600)
        );
        let doc = document(&page).unwrap();
        let slots = doc.grid_slots();
        assert!(slots <= crate::document::MAX_GRID_SLOTS, "{slots}");
        // Every table read, the late ones as lines or narrow grids.
        let tables = doc
            .blocks
            .iter()
            .filter(|b| b.text().contains("数量"))
            .count();
        assert_eq!(tables, 600);
        let page = format!(
            "<html><body><p>{}</p></body></html>",
            "字".repeat(crate::document::MAX_TEXT_BYTES / 3 + 1)
        );
        assert_eq!(
            document(&page).unwrap_err().to_string(),
            "cannot read this html file: its text runs past 16 MB, far more than a report \
             holds; it is not read: check that this is the report"
        );
    }

    #[test]
    fn spans_expand_with_covered_cells_empty() {
        let page = "<table>\n\
            <tr><td rowspan=2 colspan=2>申请人</td><td colspan=2>法人</td></tr>\n\
            <tr><td>商业<br>企业</td><td><p><span>科研</span></p><p>机构</p></td></tr>\n\
            <tr><td>一、本年新收</td><td>&nbsp;</td><td>12</td><td>3</td></tr>\n\
            <tr><td>&nbsp;</td><td></td><td></td><td></td></tr>\n\
            </table>";
        let doc = document(page).unwrap();
        let Block::Grid(grid) = &doc.blocks[0] else {
            panic!("{:?}", doc.blocks)
        };
        let rows: Vec<(usize, Vec<&str>)> = grid
            .rows
            .iter()
            .map(|r| (r.line, r.cells.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            rows,
            vec![
                (2, vec!["申请人", "", "法人", ""]),
                (3, vec!["", "", "商业企业", "科研机构"]),
                (4, vec!["一、本年新收", "", "12", "3"]),
            ]
        );
    }

    #[test]
    fn picture_tables_layout_tables_and_paragraphs() {
        let page = "<html><body>\n<div><p>一、总体情况</p>\n<p>正文&nbsp;第一段，\n共12件。</p>\
            <table><tr><td><img src=\"/pic/2024/W0201.png\"></td></tr></table>\n\
            <table><tr><td><p>二、主动公开</p><table><tr><td>规章</td><td>1</td></tr></table></td></tr></table>\
            </div></body></html>";
        let doc = document(page).unwrap();
        assert_eq!(
            lines(&doc),
            vec![
                (2, "一、总体情况".to_string()),
                (3, "正文 第一段， 共12件。".to_string()),
                (4, "[image: W0201.png]".to_string()),
                (5, "二、主动公开".to_string()),
                (5, "规章\t1".to_string()),
            ]
        );
    }

    #[test]
    fn chrome_is_dropped_and_the_metadata_box_read() {
        let page = "<html><head><title>站点</title><script>var a='很多很多中文字';</script></head><body>\n\
            <div class=\"top-nav\">首页 政务公开 政府信息公开 新闻中心</div>\n\
            <table class=\"xxgk\"><tr><td>索引号：</td><td>113700/2024-00012</td>\
            <td>发布机构：</td><td>某某市统计局</td></tr>\
            <tr><td>发文日期：</td><td>2024-01-20</td><td>主题分类：</td><td>统计</td></tr></table>\n\
            <h1 class=\"title\">2023年政府信息公开工作年度报告</h1>\n\
            <div class=\"info\">来源：本站 浏览次数：12</div>\n\
            <div id=\"zoom\"><p>一、总体情况</p><p>本年度本机关认真贯彻落实政府信息公开条例，主动公开政府信息一百余条，依申请公开办理及时规范。</p>\
            <p>本年度本机关认真贯彻落实政府信息公开条例，主动公开政府信息一百余条，依申请公开办理及时规范。</p></div>\n\
            <div class=\"share\">分享到：微信 微博</div><div class=\"footer\">主办单位：某某市人民政府办公室</div>\n\
            </body></html>";
        let doc = document(page).unwrap();
        assert_eq!(
            lines(&doc),
            vec![
                (4, "2023年政府信息公开工作年度报告".to_string()),
                (6, "一、总体情况".to_string()),
                (
                    6,
                    "本年度本机关认真贯彻落实政府信息公开条例，主动公开政府信息一百余条，依申请公开办理及时规范。"
                        .to_string()
                ),
                (
                    6,
                    "本年度本机关认真贯彻落实政府信息公开条例，主动公开政府信息一百余条，依申请公开办理及时规范。"
                        .to_string()
                ),
            ]
        );
        assert_eq!(
            doc.properties,
            Properties {
                publisher: Some("某某市统计局".to_string()),
                date: Some("2024-01-20".to_string()),
                title: Some("站点".to_string()),
                file_name: None,
            }
        );
    }

    #[test]
    fn the_page_states_its_own_title() {
        let page = |head: &str| {
            document(&format!(
                "<html><head>{head}</head><body><p>一、总体情况</p></body></html>"
            ))
            .unwrap()
            .properties
            .title
        };
        assert_eq!(
            page(
                "<title>站点 - 首页</title><meta property=\"og:title\" content=\"甲\">\
                 <meta name=\"ArticleTitle\" content=\" 某某局2023年政府信息公开工作年度报告 \">"
            )
            .as_deref(),
            Some("某某局2023年政府信息公开工作年度报告")
        );
        assert_eq!(
            page("<title>站点</title><meta property=\"og:title\" content=\"甲\">").as_deref(),
            Some("甲")
        );
        assert_eq!(page("<title> </title>"), None);
    }

    #[test]
    fn a_page_nested_too_deep_is_refused_quickly() {
        let depth = 100_000;
        let page = format!(
            "<html><body>{}某某县人民政府2023年政府信息公开工作年度报告{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let started = std::time::Instant::now();
        assert_eq!(
            read(page.as_bytes()).unwrap_err().to_string(),
            "cannot read this html file: its elements nest more than 256 levels deep, far \
             beyond any web page; it is not read"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        // As deep as a page may be is read.
        let page = format!(
            "<html><body>{}正文{}</body></html>",
            "<div>".repeat(MAX_DEPTH - 3),
            "</div>".repeat(MAX_DEPTH - 3)
        );
        assert_eq!(
            lines(&document(&page).unwrap()),
            vec![(1, "正文".to_string())]
        );
    }

    #[test]
    fn spans_beyond_the_grid_budget_count_one_and_a_huge_table_is_lines() {
        let page = format!(
            "<table><tr>{}</tr><tr><td rowspan=3>y</td></tr></table>",
            "<td colspan=1000>x</td>".repeat(1050),
        );
        let doc = document(&page).unwrap();
        // 1048 cells span 1000 columns each, within the budget of 2^20 slots; the last two
        // one column. The grid, 2 rows by 1,048,002 columns, is past the budget: lines.
        let lines = lines(&doc);
        assert_eq!(lines.len(), 2);
        let cell = format!("x{}", "\t".repeat(1000));
        assert_eq!(lines[0].1, format!("{}x\tx", cell.repeat(1048)));
        assert_eq!(lines[1].1, "y");
    }

    #[test]
    fn pages_by_markup_and_their_declared_charset() {
        assert!(is_html(b"\xEF\xBB\xBF<!DOCTYPE html>\n<html>"));
        assert!(is_html(b"  <meta charset=gbk><p>x"));
        assert!(!is_html("一、总体情况 <p>".as_bytes()));
        let gbk_page = encoding_rs::GBK
            .encode("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><p>一、总体情况</p></body></html>")
            .0
            .into_owned();
        assert_eq!(declared_charset(&gbk_page), Some(encoding_rs::GBK));
        let doc = read(&gbk_page).unwrap();
        assert_eq!(lines(&doc), vec![(1, "一、总体情况".to_string())]);
    }
}
