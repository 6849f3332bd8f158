//! Splitting a glued run of numbers (`21710000218`) back into its cells.
//!
//! Some sites' text exports print a table row with nothing between the cells. The split is
//! recoverable only when it is unique: every cell is a well-formed number (no leading
//! zeros, see [`nianbao::numbers::well_formed_in_run`], which the parser uses too) and, where
//! the template says so, the last cell of each group is the sum of the others (table 2: 6
//! applicant columns + 总计; table 3: 4 results + 总计, three times). The generator draws
//! glued rows so that this function, and so the parser, recovers them exactly.

use nianbao::numbers::well_formed_in_run;

/// The unique split of `text` into `parts` numbers, as printed tokens.
///
/// `text` is the run of digits (with `.` and `-` where the numbers have them) and an
/// optional unit suffix `元` or `万元`, which stays on the last token. With `group` > 0
/// (it must divide `parts`), each consecutive `group` of parts must end with the sum of the
/// others in it; when no split satisfies that, the unique split without the sums is
/// returned (a row whose 总计 is wrong is still read when its digits allow only one reading).
/// `None` when there is no split or more than one.
pub fn glued_split(text: &str, parts: usize, group: usize) -> Option<Vec<String>> {
    if parts == 0 || (group > 0 && !parts.is_multiple_of(group)) {
        return None;
    }
    let (body, unit) = if let Some(b) = text.strip_suffix("万元") {
        (b, "万元")
    } else if let Some(b) = text.strip_suffix('元') {
        (b, "元")
    } else {
        (text, "")
    };
    let bytes = body.as_bytes();
    if bytes.len() < parts
        || !bytes
            .iter()
            .all(|b| b.is_ascii_digit() || *b == b'.' || *b == b'-')
    {
        return None;
    }
    let mut cuts = None;
    if group > 0 {
        let mut search = Search::new(bytes, parts, group);
        search.go(0, 0, 0);
        match search.found {
            1 => cuts = search.first,
            0 => {}
            _ => return None,
        }
    }
    if cuts.is_none() {
        let mut search = Search::new(bytes, parts, 0);
        search.go(0, 0, 0);
        if search.found != 1 {
            return None;
        }
        cuts = search.first;
    }
    let cuts = cuts?;
    let mut tokens = Vec::with_capacity(parts);
    let mut start = 0;
    for (i, &end) in cuts.iter().enumerate() {
        let mut token = body[start..end].to_string();
        if i + 1 == parts {
            token.push_str(unit);
        }
        tokens.push(token);
        start = end;
    }
    Some(tokens)
}

/// Whether [`glued_split`] finds exactly one reading of `text`.
pub fn glued_split_is_unique(text: &str, parts: usize, group: usize) -> bool {
    glued_split(text, parts, group).is_some()
}

/// The value of an integer token (no sign, no fraction, at most 18 digits).
fn int_value(token: &[u8]) -> Option<i64> {
    if token.len() > 18 || !token.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        token
            .iter()
            .fold(0i64, |acc, b| acc * 10 + i64::from(b - b'0')),
    )
}

fn digits(mut v: i64) -> usize {
    let mut n = 1;
    while v >= 10 {
        v /= 10;
        n += 1;
    }
    n
}

struct Search<'a> {
    s: &'a [u8],
    parts: usize,
    group: usize,
    found: usize,
    cuts: Vec<usize>,
    first: Option<Vec<usize>>,
}

impl<'a> Search<'a> {
    fn new(s: &'a [u8], parts: usize, group: usize) -> Search<'a> {
        Search {
            s,
            parts,
            group,
            found: 0,
            cuts: Vec::with_capacity(parts),
            first: None,
        }
    }

    /// Part `k` starts at `pos`; `acc` is the sum of the current group so far.
    fn go(&mut self, pos: usize, k: usize, acc: i64) {
        if self.found >= 2 {
            return;
        }
        let n = self.s.len();
        let left = self.parts - k;
        if left == 0 {
            if pos == n {
                self.found += 1;
                if self.first.is_none() {
                    self.first = Some(self.cuts.clone());
                }
            }
            return;
        }
        if n - pos < left {
            return;
        }
        let closes_group = self.group > 0 && k % self.group == self.group - 1;
        if closes_group {
            // The closing part must print `acc`: its length is known.
            let end = pos + digits(acc);
            if end > n || (left == 1 && end != n) || (left > 1 && n - end < left - 1) {
                return;
            }
            if int_value(&self.s[pos..end]) == Some(acc) {
                self.cuts.push(end);
                self.go(end, k + 1, 0);
                self.cuts.pop();
            }
            return;
        }
        let (lo, hi) = if left == 1 {
            (n, n)
        } else {
            (pos + 1, n - (left - 1))
        };
        for end in lo..=hi {
            let token = &self.s[pos..end];
            if !well_formed_in_run(token) {
                // A leading zero followed by a digit never becomes valid by growing.
                if token.len() >= 2 && token[0] == b'0' && token[1].is_ascii_digit() {
                    break;
                }
                continue;
            }
            let next = if self.group > 0 {
                match int_value(token) {
                    Some(v) => acc + v,
                    None => continue,
                }
            } else {
                0
            };
            self.cuts.push(end);
            self.go(end, k + 1, next);
            self.cuts.pop();
            if self.found >= 2 {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str, parts: usize, group: usize) -> Option<Vec<String>> {
        glued_split(text, parts, group)
    }

    fn v(items: &[&str]) -> Option<Vec<String>> {
        Some(items.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn table2_rows_with_their_total() {
        assert_eq!(
            split("21710000218", 7, 7),
            v(&["217", "1", "0", "0", "0", "0", "218"])
        );
        assert_eq!(split("0000000", 7, 7), v(&["0"; 7]));
        assert_eq!(
            split("898989", 3, 0),
            None,
            "no sums: 8|98|989, 89|89|89 … all read"
        );
        // 10,1,0,0,0,0 = 11 reads also as 1,0,10,0,0,0 = 11.
        assert_eq!(split("101000011", 7, 7), None);
        assert!(!glued_split_is_unique("101000011", 7, 7));
        assert!(glued_split_is_unique("21710000218", 7, 7));
    }

    #[test]
    fn a_wrong_total_is_read_when_the_digits_allow_one_reading() {
        // 2,0,0,0,0,0 with 总计 1: no split sums, but 7 digits make 7 single cells.
        assert_eq!(
            split("2000001", 7, 7),
            v(&["2", "0", "0", "0", "0", "0", "1"])
        );
    }

    #[test]
    fn table3_in_three_groups() {
        assert_eq!(split(&"0".repeat(15), 15, 5), v(&["0"; 15]));
        assert_eq!(
            split("101020000000000", 15, 5),
            v(&[
                "1", "0", "1", "0", "2", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"
            ])
        );
    }

    #[test]
    fn tokens_and_units() {
        assert!(well_formed_in_run(b"0"));
        assert!(well_formed_in_run(b"0.012345"));
        assert!(well_formed_in_run(b"-3"));
        assert!(!well_formed_in_run(b"05"));
        assert!(!well_formed_in_run(b"-0"));
        assert!(!well_formed_in_run(b"1.50"));
        assert!(!well_formed_in_run(b"1."));
        assert!(!well_formed_in_run(b"-"));
        assert_eq!(split("0251000元", 2, 0), v(&["0", "251000元"]));
        assert_eq!(split("30.5万元", 2, 0), v(&["3", "0.5万元"]));
        assert_eq!(split("5-32", 3, 0), v(&["5", "-3", "2"]));
        assert_eq!(split("3251000元", 2, 0), None);
        assert_eq!(split("12.5", 1, 0), v(&["12.5"]));
        assert_eq!(split("abc", 1, 0), None);
        assert_eq!(split("00", 3, 0), None);
    }
}
