//! The numbers of the three tables, drawn to be plausible for the agency's level and to
//! satisfy every consistency rule, then broken on purpose where asked.

use std::fmt::Write as _;

use super::Breaks;
use super::names::Level;
use super::rng::Rng;
use nianbao::vocab::{RowSpec, TableSpec, Template};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Plain,
    Yuan,
    WanYuan,
}

impl Unit {
    pub fn suffix(self) -> &'static str {
        match self {
            Unit::Plain => "",
            Unit::Yuan => "元",
            Unit::WanYuan => "万元",
        }
    }
}

/// A number as the report holds it: `mant / 10^scale`, with the unit it is printed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Num {
    pub mant: i64,
    pub scale: u8,
    pub unit: Unit,
}

impl Num {
    pub const ZERO: Num = Num {
        mant: 0,
        scale: 0,
        unit: Unit::Plain,
    };

    pub fn int(v: i64) -> Num {
        Num {
            mant: v,
            scale: 0,
            unit: Unit::Plain,
        }
    }

    /// A decimal, trailing zeros of the fraction dropped.
    pub fn dec(mut mant: i64, mut scale: u8) -> Num {
        while scale > 0 && mant % 10 == 0 {
            mant /= 10;
            scale -= 1;
        }
        Num {
            mant,
            scale,
            unit: Unit::Plain,
        }
    }

    pub fn with_unit(self, unit: Unit) -> Num {
        Num { unit, ..self }
    }

    pub fn is_zero(self) -> bool {
        self.mant == 0
    }

    /// ASCII digits, no grouping, no unit.
    pub fn write_plain(self, s: &mut String) {
        if self.scale == 0 {
            let _ = write!(s, "{}", self.mant);
        } else {
            let p = 10i64.pow(u32::from(self.scale));
            let a = self.mant.abs();
            if self.mant < 0 {
                s.push('-');
            }
            let _ = write!(s, "{}.{:0w$}", a / p, a % p, w = usize::from(self.scale));
        }
    }

    /// As a glued row prints it: plain digits and the unit.
    pub fn write_token(self, s: &mut String) {
        self.write_plain(s);
        s.push_str(self.unit.suffix());
    }
}

/// The numbers of one table in template order (rows × their columns), and the cells a
/// broken rule needs printed as numbers (a blank would hide the break).
pub(crate) struct Vals {
    pub spec: &'static TableSpec,
    pub rows: &'static [RowSpec],
    pub start: Vec<usize>,
    pub v: Vec<Num>,
    pub force: Vec<bool>,
}

impl Vals {
    pub fn zeros(spec: &'static TableSpec) -> Vals {
        let rows = spec.rows;
        let mut start = Vec::with_capacity(rows.len());
        let mut n = 0;
        for r in rows {
            start.push(n);
            n += r.cols.len();
        }
        Vals {
            spec,
            rows,
            start,
            v: vec![Num::ZERO; n],
            force: vec![false; n],
        }
    }

    /// The indices of the rows that add up to a subtotal (table 2's outcomes).
    pub fn subtotal_rows(&self) -> Vec<usize> {
        let parts = self.spec.subtotal().map_or(&[][..], |(parts, _)| parts);
        (0..self.rows.len())
            .filter(|&i| parts.iter().any(|p| p.key == self.rows[i].key))
            .collect()
    }

    pub fn row(&self, key: &str) -> usize {
        self.rows
            .iter()
            .position(|r| r.key == key)
            .unwrap_or_else(|| panic!("no row {key}"))
    }

    pub fn at(&self, row: usize, col: usize) -> usize {
        self.start[row] + col
    }

    pub fn get(&self, row: usize, col: usize) -> i64 {
        self.v[self.at(row, col)].mant
    }

    pub fn set(&mut self, row: usize, col: usize, x: i64) {
        let i = self.at(row, col);
        self.v[i] = Num::int(x);
    }

    pub fn add(&mut self, row: usize, col: usize, d: i64) {
        let i = self.at(row, col);
        self.v[i].mant += d;
    }

    pub fn force(&mut self, row: usize, col: usize) {
        let i = self.at(row, col);
        self.force[i] = true;
    }

    pub fn row_nums(&self, row: usize) -> &[Num] {
        let s = self.start[row];
        &self.v[s..s + self.rows[row].cols.len()]
    }
}

/// How big the numbers of a table may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scale {
    /// As the agency's level suggests.
    Normal,
    /// Every row total a single digit (a glued row then reads uniquely).
    Small,
    /// Zeros.
    Zero,
}

/// Spread `total` over `out` by `weights`: unit by unit when small, proportionally with
/// jitter when large.
fn split(rng: &mut Rng, total: i64, weights: &[u32], out: &mut [i64]) {
    out.fill(0);
    if total <= 0 || weights.iter().all(|&w| w == 0) {
        if total > 0 {
            out[0] = total;
        }
        return;
    }
    if total <= 24 {
        for _ in 0..total {
            out[rng.weighted(weights)] += 1;
        }
        return;
    }
    let mut rem = total;
    let mut wrem: u64 = weights.iter().map(|&w| u64::from(w)).sum();
    for (i, &w) in weights.iter().enumerate() {
        if w == 0 {
            continue;
        }
        if wrem == u64::from(w) {
            out[i] = rem;
            return;
        }
        let jitter = 70 + rng.below(61);
        let share = (i128::from(rem) * i128::from(w) * i128::from(jitter)
            / (i128::from(wrem) * 100)) as i64;
        let share = share.min(rem);
        out[i] = share;
        rem -= share;
        wrem -= u64::from(w);
    }
}

// ------------------------------------------------------------------------ table 2

fn outcome_weight(key: &str) -> u32 {
    match key {
        "granted" => 300,
        "partial" => 60,
        "denied.state_secret" => 3,
        "denied.law_forbidden" => 5,
        "denied.three_safety" => 3,
        "denied.third_party" => 10,
        "denied.internal_affairs" => 8,
        "denied.process_info" => 10,
        "denied.enforcement_file" => 3,
        "denied.query_matter" => 8,
        "unable.not_held" => 200,
        "unable.needs_creation" => 15,
        "unable.unclear" => 15,
        "not_processed.petition" => 25,
        "not_processed.repeated" => 25,
        "not_processed.publication" => 3,
        "not_processed.mass_repeated" => 3,
        "not_processed.confirm_info" => 5,
        "other.no_correction" => 15,
        "other.no_fee" => 2,
        "other.other" => 30,
        "other" => 45,
        _ => 1,
    }
}

fn new_applications(rng: &mut Rng, level: Level) -> i64 {
    match level {
        Level::Township => {
            if rng.pct(70) {
                0
            } else {
                rng.range(1, 5)
            }
        }
        Level::CountyDept => {
            if rng.pct(45) {
                0
            } else {
                1 + rng.skew(30)
            }
        }
        Level::County => rng.skew(150),
        Level::CityDept => {
            if rng.pct(25) {
                0
            } else {
                1 + rng.skew(120)
            }
        }
        Level::City => 20 + rng.skew(1500),
        Level::ProvinceDept => rng.skew(600),
        Level::Province => 100 + rng.skew(5000),
    }
}

/// Table 2 as `spec` prints it (the 2021 rows or the single （六）其他处理 row), balanced: for every
/// column 一 + 二 = 三（七）+ 四, 三（七）= the sum of the outcomes, every 总计 the sum of the
/// six applicant columns. `need_nonzero` asks for at least two applications handled.
pub(crate) fn table2(
    rng: &mut Rng,
    spec: &'static TableSpec,
    level: Level,
    scale: Scale,
    need_nonzero: bool,
) -> Vals {
    let mut t = Vals::zeros(spec);
    let rows = spec.rows;
    let r_new = t.row("new");
    let r_co = t.row("carried_over");
    let r_tp = t.row("total_processed");
    let r_cf = t.row("carried_forward");
    let outcome_rows = t.subtotal_rows();

    let mut new = [0i64; 6];
    let mut co = [0i64; 6];
    let mut cf = [0i64; 6];
    let tiny = scale == Scale::Zero && need_nonzero;
    if tiny {
        new[0] = 2;
    } else {
        let mut n = match scale {
            Scale::Zero => 0,
            Scale::Small => rng.range(0, 6),
            Scale::Normal => new_applications(rng, level),
        };
        if need_nonzero {
            n = n.max(2);
        }
        let mut w: [u32; 6] = [850, 100, 5, 8, 20, 17];
        w[1] = rng.range(20, 200) as u32;
        if rng.pct(40) {
            w[2..].fill(0);
        }
        split(rng, n, &w, &mut new);
        for c in 0..6 {
            if scale == Scale::Small {
                co[c] = i64::from(c == 0 && n > 0 && rng.pct(20));
                cf[c] = i64::from(new[c] + co[c] > 0 && rng.pct(20));
            } else {
                if new[c] > 0 && rng.pct(30) {
                    co[c] = (new[c] * rng.range(1, 20) / 100).max(rng.range(0, 1));
                }
                let avail = new[c] + co[c];
                if avail > 0 && rng.pct(35) {
                    cf[c] = (avail * rng.range(1, 15) / 100).clamp(1, avail);
                }
            }
        }
        if need_nonzero && (0..6).all(|c| new[c] + co[c] - cf[c] == 0) {
            cf = [0; 6];
        }
    }

    // Which outcomes this agency uses at all.
    let mut weights: Vec<u32> = outcome_rows
        .iter()
        .map(|&r| {
            let key = rows[r].key;
            let on = match key {
                "granted" => true,
                "unable.not_held" => rng.pct(85),
                "partial" => rng.pct(60),
                _ => rng.pct(30),
            };
            if on { outcome_weight(key) } else { 0 }
        })
        .collect();
    if weights.iter().all(|&w| w == 0) {
        weights[0] = 1;
    }
    let mut parts = vec![0i64; outcome_rows.len()];
    for c in 0..6 {
        let processed = new[c] + co[c] - cf[c];
        t.set(r_new, c, new[c]);
        t.set(r_co, c, co[c]);
        t.set(r_cf, c, cf[c]);
        t.set(r_tp, c, processed);
        if tiny {
            parts.fill(0);
            if c == 0 {
                parts[0] = 1;
                let not_held = outcome_rows
                    .iter()
                    .position(|&r| rows[r].key == "unable.not_held")
                    .unwrap_or(1);
                parts[not_held] += 1;
            }
        } else {
            split(rng, processed, &weights, &mut parts);
        }
        for (k, &r) in outcome_rows.iter().enumerate() {
            t.set(r, c, parts[k]);
        }
    }
    for r in 0..rows.len() {
        let sum: i64 = (0..6).map(|c| t.get(r, c)).sum();
        t.set(r, 6, sum);
    }
    t
}

/// Break the table-2 rules asked for, each by a change that leaves the other rules whole.
pub(crate) fn break_table2(rng: &mut Rng, t: &mut Vals, brk: &Breaks) {
    let r_new = t.row("new");
    let r_tp = t.row("total_processed");
    let r_cf = t.row("carried_forward");
    let outcome_rows = t.subtotal_rows();
    let pick_col = |rng: &mut Rng| if rng.pct(70) { 0 } else { rng.index(6) };
    if brk.balance {
        // More carried forward than the column holds: 一 + 二 ≠ 三（七）+ 四.
        let c = pick_col(rng);
        let d = rng.range(1, 3);
        t.add(r_cf, c, d);
        t.add(r_cf, 6, d);
        t.force(r_new, c);
        t.force(r_tp, c);
        t.force(r_cf, c);
    }
    if brk.outcomes {
        // One outcome more than 三（七）counts.
        let c = pick_col(rng);
        let r = outcome_rows[rng.index(outcome_rows.len())];
        let d = rng.range(1, 3);
        t.add(r, c, d);
        t.add(r, 6, d);
        t.force(r_tp, c);
        t.force(r, c);
    }
    if brk.t2_row {
        // One application moved between two outcome rows in one column: the column sums
        // stay, both rows' 总计 go wrong.
        let start = rng.index(6);
        let mut done = false;
        'cols: for k in 0..6 {
            let c = (start + k) % 6;
            let off = rng.index(outcome_rows.len());
            for j in 0..outcome_rows.len() {
                let r2 = outcome_rows[(off + j) % outcome_rows.len()];
                if t.get(r2, c) >= 1 {
                    let mut r1 = outcome_rows[rng.index(outcome_rows.len())];
                    if r1 == r2 {
                        r1 =
                            outcome_rows[(outcome_rows.iter().position(|&x| x == r2).unwrap_or(0)
                                + 1)
                                % outcome_rows.len()];
                    }
                    t.add(r1, c, 1);
                    t.add(r2, c, -1);
                    t.force(r1, 6);
                    t.force(r2, 6);
                    t.force(r1, c);
                    done = true;
                    break 'cols;
                }
            }
        }
        debug_assert!(done, "t2.row_total needs a handled application");
    }
}

// ------------------------------------------------------------------------ table 3

/// Table 3: three rows of 维持, 纠正, 其他, 尚未审结, 总计 = the sum of the four.
pub(crate) fn table3(rng: &mut Rng, spec: &'static TableSpec, level: Level, scale: Scale) -> Vals {
    let mut t = Vals::zeros(spec);
    let mut parts = [0i64; 4];
    for r in 0..3 {
        let mut total = match level {
            Level::Township => i64::from(rng.pct(4)),
            Level::CountyDept => {
                if rng.pct(80) {
                    0
                } else {
                    rng.range(1, 3)
                }
            }
            Level::County | Level::CityDept => {
                if rng.pct(60) {
                    0
                } else {
                    rng.range(1, 6)
                }
            }
            Level::City | Level::ProvinceDept => rng.skew(20),
            Level::Province => rng.skew(60),
        };
        if r > 0 {
            total = total * rng.range(0, 2) / 2;
        }
        match scale {
            Scale::Normal => {}
            Scale::Small => total = total.min(4),
            Scale::Zero => total = 0,
        }
        split(rng, total, &[60, 10, 15, 15], &mut parts);
        for (c, &p) in parts.iter().enumerate() {
            t.set(r, c, p);
        }
        t.set(r, 4, total);
    }
    t
}

pub(crate) fn break_table3(rng: &mut Rng, t: &mut Vals) {
    let r = rng.index(3);
    t.add(r, 4, rng.range(1, 3));
    t.force(r, 4);
}

// ------------------------------------------------------------------------ table 1

/// Table 1 as `spec` prints it, in a report on `template`.
pub(crate) fn table1(
    rng: &mut Rng,
    spec: &'static TableSpec,
    template: Template,
    level: Level,
    scale: Scale,
) -> Vals {
    let mut t = Vals::zeros(spec);
    for r in 0..spec.rows.len() {
        table1_row(rng, &mut t, r, template, level, scale);
    }
    t
}

/// Draw (or redraw) one row of table 1.
pub(crate) fn table1_row(
    rng: &mut Rng,
    t: &mut Vals,
    r: usize,
    template: Template,
    level: Level,
    scale: Scale,
) {
    let key = t.rows[r].key;
    let n = t.rows[r].cols.len();
    let big = matches!(level, Level::City | Level::Province);
    let (docs, counts) = match level {
        Level::Township => (if rng.pct(80) { 0 } else { 3 }, 60),
        Level::CountyDept | Level::CityDept | Level::ProvinceDept => (15, 3000),
        Level::County => (15, 5000),
        Level::City => (40, 20_000),
        Level::Province => (60, 50_000),
    };
    let cap = |x: i64| match scale {
        Scale::Normal => x,
        Scale::Small => x.clamp(-9, 9),
        Scale::Zero => 0,
    };
    let mut vals = [Num::ZERO; 3];
    match (template, key) {
        (Template::Y2021, "regulations") if big => {
            let issued = rng.skew(8);
            vals[0] = Num::int(cap(issued));
            vals[1] = Num::int(cap(rng.skew(4)));
            vals[2] = Num::int(cap(issued + 10 + rng.skew(150)));
        }
        (Template::Y2021, "regulations") => {}
        (Template::Y2021, "normative_documents") => {
            let issued = rng.skew(docs);
            vals[0] = Num::int(cap(issued));
            vals[1] = Num::int(cap(rng.skew(issued + 3) / 2));
            vals[2] = Num::int(cap(issued + rng.skew(docs * 4)));
        }
        (Template::Y2021, "licensing" | "punishment") => {
            let v = if level == Level::Township && rng.pct(70) {
                0
            } else {
                rng.skew(counts)
            };
            vals[0] = Num::int(cap(v));
        }
        (Template::Y2021, "coercion") => {
            vals[0] = Num::int(cap(rng.skew(counts / 20)));
        }
        (Template::Y2021, "admin_fees") => {
            let charged = !rng.pct(60) && scale != Scale::Zero;
            if charged {
                vals[0] = match rng.index(3) {
                    0 => Num::dec(rng.range(1, 999_999), 2),
                    1 => Num::dec(rng.range(1, 99_999), 4),
                    _ => Num::dec(rng.range(1, 99_999), 6),
                };
            }
        }
        (_, "regulations" | "normative_documents") => {
            let issues = key == "normative_documents" || big;
            if issues {
                let made = rng.skew(docs);
                let published = if rng.pct(80) {
                    made
                } else {
                    rng.range(0, made)
                };
                vals[0] = Num::int(cap(made));
                vals[1] = Num::int(cap(published));
                vals[2] = Num::int(cap(published + rng.skew(docs * 4)));
            }
        }
        (_, "licensing" | "other_services" | "punishment" | "coercion") => {
            let items = if level == Level::Township && rng.pct(60) {
                0
            } else {
                rng.skew(300)
            };
            let change = if rng.pct(50) { 0 } else { rng.range(-5, 5) };
            vals[0] = Num::int(cap(items));
            vals[1] = Num::int(cap(change));
            vals[2] = Num::int(cap(rng.skew(counts / 5)));
        }
        (_, "admin_fees") => {
            vals[0] = Num::int(cap(rng.skew(20)));
            vals[1] = Num::int(cap(if rng.pct(60) { 0 } else { rng.range(-2, 2) }));
        }
        (_, "procurement") => {
            let items = rng.skew(50);
            vals[0] = Num::int(cap(items));
            if items > 0 && scale != Scale::Zero {
                vals[1] = match (scale, rng.index(3)) {
                    (Scale::Small, _) => Num::int(rng.range(1, 9)).with_unit(Unit::Yuan),
                    (_, 0) => Num::int(rng.range(1, 9000) * 1000).with_unit(Unit::Yuan),
                    (_, 1) => Num::dec(rng.range(1, 99_999), 2).with_unit(Unit::WanYuan),
                    _ => Num::dec(rng.range(1, 99_999), 1),
                };
            }
        }
        _ => {}
    }
    let s = t.start[r];
    t.v[s..s + n].copy_from_slice(&vals[..n]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_plainly() {
        let p = |n: Num| {
            let mut s = String::new();
            n.write_token(&mut s);
            s
        };
        assert_eq!(p(Num::int(217)), "217");
        assert_eq!(p(Num::dec(12_345, 6)), "0.012345");
        assert_eq!(p(Num::dec(1_250, 2)), "12.5");
        assert_eq!(p(Num::dec(-35, 1)), "-3.5");
        assert_eq!(p(Num::int(251_000).with_unit(Unit::Yuan)), "251000元");
    }

    #[test]
    fn split_keeps_the_total() {
        let mut rng = Rng::new(3);
        let mut out = [0i64; 4];
        for total in [0, 1, 7, 24, 25, 1000, 123_456] {
            split(&mut rng, total, &[60, 10, 0, 15], &mut out);
            assert_eq!(out.iter().sum::<i64>(), total);
            assert_eq!(out[2], 0);
        }
    }

    #[test]
    fn table2_balances_at_every_scale() {
        let mut rng = Rng::new(11);
        for (i, scale) in [Scale::Normal, Scale::Small, Scale::Zero]
            .iter()
            .enumerate()
        {
            for level in [Level::Township, Level::City, Level::Province] {
                let t = table2(
                    &mut rng,
                    &nianbao::vocab::TABLE2_2021,
                    level,
                    *scale,
                    i == 2,
                );
                let (n, co, tp, cf) = (
                    t.row("new"),
                    t.row("carried_over"),
                    t.row("total_processed"),
                    t.row("carried_forward"),
                );
                for c in 0..7 {
                    assert_eq!(t.get(n, c) + t.get(co, c), t.get(tp, c) + t.get(cf, c));
                    let outs: i64 = t.subtotal_rows().iter().map(|&r| t.get(r, c)).sum();
                    assert_eq!(outs, t.get(tp, c));
                }
                for r in 0..t.rows.len() {
                    assert_eq!((0..6).map(|c| t.get(r, c)).sum::<i64>(), t.get(r, 6));
                    assert!((0..7).all(|c| t.get(r, c) >= 0));
                }
            }
        }
    }
}
