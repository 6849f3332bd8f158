//! A page's content stream walked for what a table reader needs: each glyph with its box
//! and text, and each straight horizontal or vertical line the page draws (stroked lines,
//! the edges of stroked rectangles, and rectangles filled thin enough to be rules).
//!
//! The walk follows the graphics state (`q`/`Q`, `cm`), the text state (`Tf`, `Tc`, `Tw`,
//! `Tz`, `TL`, `Ts`, `Td`, `TD`, `Tm`, `T*`) and form XObjects (to a fixed depth); images
//! are passed over (a page of them and no text is a scan). Coordinates come out
//! with y growing down the page from its top edge, in points.
//!
//! Work is bounded: every operator costs one from the file's [`Budget`], glyphs are
//! capped, and the clock is checked as operators are read, so a damaged or hostile file
//! stops with a reason instead of running on.

use std::collections::HashMap;
use std::time::Instant;

use lopdf::{Dictionary, Document, Object, content::Content};

use super::fonts::{Code, Font, resolve, stream_bytes};

/// A glyph on the page: its text and box (points, y down from the page's top).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
    pub top: f64,
    pub bottom: f64,
    /// The font size on the page (points).
    pub size: f64,
}

impl Glyph {
    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
    pub fn cy(&self) -> f64 {
        (self.top + self.bottom) / 2.0
    }
}

/// A horizontal or vertical rule: at `at` (y of a horizontal one, x of a vertical one),
/// from `from` to `to` along it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub horizontal: bool,
    pub at: f64,
    pub from: f64,
    pub to: f64,
}

#[derive(Debug, Default)]
pub struct Page {
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    /// Codes no map gave text for.
    pub unmapped: usize,
}

/// Why a walk stopped early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// Past the file's operator, glyph or time budget.
    TooHeavy(&'static str),
}

/// What one file may cost.
pub struct Budget {
    pub operators: usize,
    pub glyphs: usize,
    pub deadline: Instant,
    /// Bytes a page's content streams may unpack to.
    pub content_bytes: usize,
}

impl Budget {
    fn spend(&mut self) -> Result<(), Stop> {
        if self.operators == 0 {
            return Err(Stop::TooHeavy("drawing operators"));
        }
        self.operators -= 1;
        if self.operators.is_multiple_of(4096) && Instant::now() > self.deadline {
            return Err(Stop::TooHeavy("time"));
        }
        Ok(())
    }
}

type Matrix = [f64; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a` then `b`.
fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<usize>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
    rise: f64,
}

impl Default for State {
    fn default() -> Self {
        State {
            ctm: IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

/// The fonts met so far, by their dictionary's object (or name and page).
#[derive(Default)]
pub struct Fonts {
    loaded: Vec<Font>,
    by_id: HashMap<lopdf::ObjectId, usize>,
}

struct Walker<'a> {
    doc: &'a Document,
    fonts: &'a mut Fonts,
    budget: &'a mut Budget,
    page: Page,
    /// Page space → y-down points.
    base: Matrix,
    codes: Vec<Code>,
    depth: usize,
}

/// How deep form XObjects may nest.
const MAX_FORM_DEPTH: usize = 12;

/// Walk page `page_id`.
pub fn walk(
    doc: &Document,
    page_id: lopdf::ObjectId,
    fonts: &mut Fonts,
    budget: &mut Budget,
) -> Result<Page, Stop> {
    let page_dict = doc.get_dictionary(page_id).ok();
    let bbox = page_dict
        .and_then(|d| inherited(doc, d, b"CropBox").or_else(|| inherited(doc, d, b"MediaBox")))
        .and_then(|o| {
            let a = o.as_array().ok()?;
            let n: Vec<f64> = a.iter().filter_map(|v| num(resolve(doc, v))).collect();
            (n.len() == 4).then(|| {
                [
                    n[0].min(n[2]),
                    n[1].min(n[3]),
                    n[0].max(n[2]),
                    n[1].max(n[3]),
                ]
            })
        })
        .unwrap_or([0.0, 0.0, 595.0, 842.0]);
    let content = doc
        .get_page_content_with_limit(page_id, budget.content_bytes)
        .map_err(|_| Stop::TooHeavy("page content"))?;
    let resources = page_resources(doc, page_id);
    // The page as shown: turned by its /Rotate (clockwise, in quarter turns), y down.
    let [x0, y0, x1, y1] = bbox;
    let rotate = page_dict
        .and_then(|d| inherited(doc, d, b"Rotate"))
        .and_then(num)
        .map_or(0, |r| (r as i64).rem_euclid(360));
    let (base, width, height) = match rotate {
        90 => ([0.0, 1.0, 1.0, 0.0, -y0, -x0], y1 - y0, x1 - x0),
        180 => ([-1.0, 0.0, 0.0, 1.0, x1, -y0], x1 - x0, y1 - y0),
        270 => ([0.0, -1.0, -1.0, 0.0, y1, x1], y1 - y0, x1 - x0),
        _ => ([1.0, 0.0, 0.0, -1.0, -x0, y1], x1 - x0, y1 - y0),
    };
    let mut w = Walker {
        doc,
        fonts,
        budget,
        page: Page {
            width,
            height,
            ..Page::default()
        },
        base,
        codes: Vec::new(),
        depth: 0,
    };
    let mut state = State {
        ctm: w.base,
        ..State::default()
    };
    w.run(&content, resources.as_ref(), &mut state)?;
    Ok(w.page)
}

/// A page attribute, from the page or the page tree above it.
fn inherited<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut d = dict;
    for _ in 0..32 {
        if let Ok(o) = d.get(key) {
            return Some(resolve(doc, o));
        }
        d = d
            .get(b"Parent")
            .ok()
            .and_then(|p| resolve(doc, p).as_dict().ok())?;
    }
    None
}

/// The page's resources, merged from the dictionaries the page tree gives it.
fn page_resources(doc: &Document, page_id: lopdf::ObjectId) -> Option<Dictionary> {
    let (direct, ids) = doc.get_page_resources(page_id).ok()?;
    if let Some(d) = direct {
        return Some(d.clone());
    }
    ids.first()
        .and_then(|id| doc.get_dictionary(*id).ok())
        .cloned()
}

fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

impl Walker<'_> {
    fn run(
        &mut self,
        content: &[u8],
        resources: Option<&Dictionary>,
        state: &mut State,
    ) -> Result<(), Stop> {
        let mut stack: Vec<State> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        // The path being built: its straight segments (in page space) and its rectangles.
        let mut path: Vec<((f64, f64), (f64, f64))> = Vec::new();
        let mut rects: Vec<[(f64, f64); 4]> = Vec::new();
        let mut current = (0.0, 0.0);
        let mut start = (0.0, 0.0);
        // Operators one at a time, up to the first the parser cannot read: a damaged
        // stream keeps what comes before the damage.
        for op in Content::decode_iter(content) {
            let Ok(op) = op else { break };
            self.budget.spend()?;
            let n: Vec<f64> = op.operands.iter().filter_map(num).collect();
            let at = |i: usize| n.get(i).copied().unwrap_or(0.0);
            match op.operator.as_str() {
                "q" if stack.len() < 256 => stack.push(state.clone()),
                "Q" => {
                    if let Some(s) = stack.pop() {
                        *state = s;
                    }
                }
                "cm" if n.len() == 6 => {
                    state.ctm = mul(&[at(0), at(1), at(2), at(3), at(4), at(5)], &state.ctm);
                }
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                "Tf" => {
                    state.size = at(0);
                    state.font = op
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .and_then(|name| self.font(resources, name));
                }
                "Tc" => state.char_spacing = at(0),
                "Tw" => state.word_spacing = at(0),
                "Tz" => state.scale = at(0) / 100.0,
                "TL" => state.leading = at(0),
                "Ts" => state.rise = at(0),
                "Td" | "TD" => {
                    if op.operator == "TD" {
                        state.leading = -at(1);
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, at(0), at(1)], &tlm);
                    tm = tlm;
                }
                "Tm" if n.len() == 6 => {
                    tlm = [at(0), at(1), at(2), at(3), at(4), at(5)];
                    tm = tlm;
                }
                "T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], &tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" => {
                    if op.operator != "Tj" {
                        if op.operator == "\"" {
                            state.word_spacing = at(0);
                            state.char_spacing = at(1);
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], &tlm);
                        tm = tlm;
                    }
                    if let Some(Ok(s)) = op.operands.last().map(Object::as_str) {
                        self.show(s, state, &mut tm)?;
                    }
                }
                "TJ" => {
                    if let Some(Ok(items)) = op.operands.first().map(Object::as_array) {
                        for item in items {
                            match item {
                                Object::String(s, _) => self.show(s, state, &mut tm)?,
                                other => {
                                    if let Some(adjust) = num(other) {
                                        let tx = -adjust / 1000.0 * state.size * state.scale;
                                        tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                                    }
                                }
                            }
                        }
                    }
                }
                "m" => {
                    current = apply(&state.ctm, at(0), at(1));
                    start = current;
                }
                "l" => {
                    let p = apply(&state.ctm, at(0), at(1));
                    if path.len() < 100_000 {
                        path.push((current, p));
                    }
                    current = p;
                }
                "c" => current = apply(&state.ctm, at(4), at(5)),
                "v" | "y" => current = apply(&state.ctm, at(2), at(3)),
                "h" => {
                    if current != start && path.len() < 100_000 {
                        path.push((current, start));
                    }
                    current = start;
                }
                "re" => {
                    let (x, y, w, h) = (at(0), at(1), at(2), at(3));
                    let corners = [
                        apply(&state.ctm, x, y),
                        apply(&state.ctm, x + w, y),
                        apply(&state.ctm, x + w, y + h),
                        apply(&state.ctm, x, y + h),
                    ];
                    if rects.len() < 100_000 {
                        rects.push(corners);
                    }
                    current = corners[0];
                    start = current;
                }
                "S" | "s" | "B" | "B*" | "b" | "b*" => {
                    if op.operator == "s" || op.operator == "b" || op.operator == "b*" {
                        path.push((current, start));
                    }
                    for (a, b) in path.drain(..) {
                        self.rule(a, b);
                    }
                    for r in rects.drain(..) {
                        for i in 0..4 {
                            self.rule(r[i], r[(i + 1) % 4]);
                        }
                    }
                }
                "f" | "F" | "f*" => {
                    // A filled shape thin in one direction is a rule along the other.
                    for r in rects.drain(..) {
                        self.filled(&r);
                    }
                    if path.len() >= 3 {
                        let pts: Vec<(f64, f64)> = path.iter().map(|s| s.0).collect();
                        let (x0, x1) = min_max(pts.iter().map(|p| p.0));
                        let (y0, y1) = min_max(pts.iter().map(|p| p.1));
                        self.filled(&[(x0, y0), (x1, y0), (x1, y1), (x0, y1)]);
                    }
                    path.clear();
                }
                "n" => {
                    path.clear();
                    rects.clear();
                }
                "Do" => {
                    if let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) {
                        self.x_object(resources, name, state)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn filled(&mut self, r: &[(f64, f64); 4]) {
        let (x0, x1) = min_max(r.iter().map(|p| p.0));
        let (y0, y1) = min_max(r.iter().map(|p| p.1));
        const THIN: f64 = 2.5;
        if y1 - y0 <= THIN && x1 - x0 > THIN {
            self.push_rule(Rule {
                horizontal: true,
                at: (y0 + y1) / 2.0,
                from: x0,
                to: x1,
            });
        } else if x1 - x0 <= THIN && y1 - y0 > THIN {
            self.push_rule(Rule {
                horizontal: false,
                at: (x0 + x1) / 2.0,
                from: y0,
                to: y1,
            });
        }
    }

    /// A stroked straight segment, kept when it is horizontal or vertical.
    fn rule(&mut self, a: (f64, f64), b: (f64, f64)) {
        let (dx, dy) = ((a.0 - b.0).abs(), (a.1 - b.1).abs());
        if dy < 1.0 && dx > 1.0 {
            self.push_rule(Rule {
                horizontal: true,
                at: (a.1 + b.1) / 2.0,
                from: a.0.min(b.0),
                to: a.0.max(b.0),
            });
        } else if dx < 1.0 && dy > 1.0 {
            self.push_rule(Rule {
                horizontal: false,
                at: (a.0 + b.0) / 2.0,
                from: a.1.min(b.1),
                to: a.1.max(b.1),
            });
        }
    }

    fn push_rule(&mut self, rule: Rule) {
        if self.page.rules.len() < 200_000 {
            self.page.rules.push(rule);
        }
    }

    /// Load (once) the font a resource name stands for.
    fn font(&mut self, resources: Option<&Dictionary>, name: &[u8]) -> Option<usize> {
        let fonts = resources?.get(b"Font").ok().map(|o| resolve(self.doc, o))?;
        let entry = fonts.as_dict().ok()?.get(name).ok()?;
        let id = entry.as_reference().ok();
        if let Some(i) = id.and_then(|id| self.fonts.by_id.get(&id)) {
            return Some(*i);
        }
        let dict = resolve(self.doc, entry).as_dict().ok()?;
        self.fonts.loaded.push(Font::load(self.doc, dict));
        let i = self.fonts.loaded.len() - 1;
        if let Some(id) = id {
            self.fonts.by_id.insert(id, i);
        }
        Some(i)
    }

    /// Show a string: a glyph for each code, advancing the text matrix.
    fn show(&mut self, bytes: &[u8], state: &State, tm: &mut Matrix) -> Result<(), Stop> {
        let Some(font) = state.font.and_then(|i| self.fonts.loaded.get(i)) else {
            return Ok(());
        };
        self.codes.clear();
        font.decode(bytes, &mut self.codes);
        let size = state.size;
        for code in &self.codes {
            let trm = mul(
                &[size * state.scale, 0.0, 0.0, size, 0.0, state.rise],
                &mul(tm, &state.ctm),
            );
            let advance = (code.width * size
                + state.char_spacing
                + if code.is_space {
                    state.word_spacing
                } else {
                    0.0
                })
                * state.scale;
            let glyph_width = code.width;
            match &code.text {
                Some(text) if !text.trim().is_empty() => {
                    if self.budget.glyphs == 0 {
                        return Err(Stop::TooHeavy("glyphs"));
                    }
                    self.budget.glyphs -= 1;
                    let (ax, ay) = apply(&trm, 0.0, -0.2);
                    let (bx, by) = apply(&trm, glyph_width.max(0.1), 0.8);
                    let page_size = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
                    self.page.glyphs.push(Glyph {
                        text: text.clone(),
                        x0: ax.min(bx),
                        x1: ax.max(bx),
                        top: ay.min(by),
                        bottom: ay.max(by),
                        size: page_size,
                    });
                }
                Some(_) => {}
                None => self.page.unmapped += 1,
            }
            *tm = mul(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], tm);
        }
        Ok(())
    }

    fn x_object(
        &mut self,
        resources: Option<&Dictionary>,
        name: &[u8],
        state: &State,
    ) -> Result<(), Stop> {
        let Some(xobjects) = resources
            .and_then(|r| r.get(b"XObject").ok())
            .map(|o| resolve(self.doc, o))
            .and_then(|o| o.as_dict().ok())
        else {
            return Ok(());
        };
        let Some(stream) = xobjects
            .get(name)
            .ok()
            .map(|o| resolve(self.doc, o))
            .filter(|o| o.as_stream().is_ok())
        else {
            return Ok(());
        };
        let dict = &stream
            .as_stream()
            .map_err(|_| Stop::TooHeavy("xobject"))?
            .dict;
        let subtype = dict.get(b"Subtype").ok().and_then(|o| o.as_name().ok());
        match subtype {
            Some(b"Form") if self.depth < MAX_FORM_DEPTH => {
                let Some(content) = stream_bytes(stream, self.budget.content_bytes) else {
                    return Ok(());
                };
                let matrix = dict
                    .get(b"Matrix")
                    .ok()
                    .and_then(|m| m.as_array().ok())
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| num(resolve(self.doc, v)))
                            .collect::<Vec<_>>()
                    })
                    .filter(|m| m.len() == 6)
                    .map_or(IDENTITY, |m| [m[0], m[1], m[2], m[3], m[4], m[5]]);
                let own = dict
                    .get(b"Resources")
                    .ok()
                    .map(|o| resolve(self.doc, o))
                    .and_then(|o| o.as_dict().ok())
                    .cloned();
                let mut inner = state.clone();
                inner.ctm = mul(&matrix, &state.ctm);
                self.depth += 1;
                let result = self.run(&content, own.as_ref().or(resources), &mut inner);
                self.depth -= 1;
                result?;
            }
            _ => {}
        }
        Ok(())
    }
}

fn min_max(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}
