//! The text being rendered, with the number of the line being written.

use std::fmt::Write as _;

pub(crate) struct Out {
    pub s: String,
    /// 1-based number of the line the next character goes on.
    pub line: usize,
}

impl Out {
    pub fn with_capacity(n: usize) -> Out {
        Out {
            s: String::with_capacity(n),
            line: 1,
        }
    }

    /// Text without line breaks.
    pub fn push(&mut self, t: &str) {
        debug_assert!(!t.contains('\n'), "{t:?}");
        self.s.push_str(t);
    }

    pub fn ch(&mut self, c: char) {
        debug_assert!(c != '\n');
        self.s.push(c);
    }

    pub fn nl(&mut self) {
        self.s.push('\n');
        self.line += 1;
    }

    pub fn line(&mut self, t: &str) {
        self.push(t);
        self.nl();
    }

    pub fn int(&mut self, v: i64) {
        let _ = write!(self.s, "{v}");
    }

    pub fn spaces(&mut self, n: usize) {
        for _ in 0..n {
            self.s.push(' ');
        }
    }

    /// Take back the last line break, to continue the previous line.
    pub fn unnl(&mut self) {
        if self.s.ends_with('\n') {
            self.s.pop();
            self.line -= 1;
        }
    }
}

/// Display width as `pdftotext -layout` aligns it: ASCII 1, every other character 2.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}
