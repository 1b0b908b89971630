//! The table the bench prints, and its number formats.

use super::*;

pub(crate) struct Row {
    pub(crate) name: String,
    pub(crate) ours: String,
    pub(crate) base: String,
    pub(crate) ratio: String,
    pub(crate) goal: String,
}

#[derive(Default)]
pub(crate) struct Table {
    pub(crate) rows: Vec<Row>,
}

impl Table {
    /// Times, lower is better: the ratio is ours / baseline, the goal a maximum.
    pub(crate) fn time_row(&mut self, name: &str, ours: f64, base: f64, max: f64) {
        // Judged as shown (two decimals).
        let ratio = (ours / base * 100.0).round() / 100.0;
        self.rows.push(Row {
            name: name.into(),
            ours: fmt_time(ours),
            base: fmt_time(base),
            ratio: format!("{ratio:.2}x time"),
            goal: goal_mark(ratio <= max, &format!("≤ {max}x time")),
        });
    }

    pub(crate) fn failed_row(&mut self, name: &str, e: &anyhow::Error) {
        self.rows.push(Row {
            name: name.into(),
            ours: format!("failed: {}", short(e)),
            base: String::new(),
            ratio: String::new(),
            goal: String::new(),
        });
    }

    pub(crate) fn info_row(&mut self, name: &str, ours: f64, base: f64) {
        self.rows.push(Row {
            name: name.into(),
            ours: fmt_time(ours),
            base: fmt_time(base),
            ratio: format!("{:.2}x time", ours / base),
            goal: String::new(),
        });
    }

    /// Times of the same work, shown as speed: baseline time / our time.
    pub(crate) fn speed_row(&mut self, name: &str, ours: f64, base: f64, min: f64) {
        // Judged as shown (two decimals).
        let speed = (base / ours * 100.0).round() / 100.0;
        self.rows.push(Row {
            name: name.into(),
            ours: fmt_time(ours),
            base: fmt_time(base),
            ratio: format!("{speed:.2}x speed"),
            goal: goal_mark(speed >= min, &format!("≥ {min}x speed")),
        });
    }

    pub(crate) fn size_row(&mut self, name: &str, ours: f64, base: f64) {
        self.rows.push(Row {
            name: name.into(),
            ours: fmt_bytes(ours),
            base: fmt_bytes(base),
            ratio: format!("{:.1}x", ours / base),
            goal: "(info)".into(),
        });
    }

    pub(crate) fn print(&self) {
        let header = ["row", "ours", "baseline", "ratio", "goal"];
        let cells: Vec<[&str; 5]> = self
            .rows
            .iter()
            .map(|r| [&*r.name, &*r.ours, &*r.base, &*r.ratio, &*r.goal])
            .collect();
        let mut widths = header.map(|h| h.chars().count());
        for row in &cells {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(c.chars().count());
            }
        }
        let line = |cells: [&str; 5]| {
            let mut s = String::from("|");
            for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
                let pad = w - c.chars().count();
                if i == 0 || i == 4 {
                    s += &format!(" {c}{} |", " ".repeat(pad));
                } else {
                    s += &format!(" {}{c} |", " ".repeat(pad));
                }
            }
            println!("{s}");
        };
        line(header);
        let rule: Vec<String> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i == 0 || i == 4 {
                    "-".repeat(w + 2)
                } else {
                    format!("{}:", "-".repeat(w + 1))
                }
            })
            .collect();
        println!("|{}|", rule.join("|"));
        for row in cells {
            line(row);
        }
    }
}

pub(crate) fn goal_mark(met: bool, goal: &str) -> String {
    format!("{goal} {}", if met { "✓" } else { "✗" })
}

pub(crate) fn fmt_time(s: f64) -> String {
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else if s >= 1e-6 {
        format!("{:.2} µs", s * 1e6)
    } else {
        format!("{:.0} ns", s * 1e9)
    }
}

pub(crate) fn fmt_bytes(b: f64) -> String {
    let digits = format!("{}", b as u64);
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out + " B"
}

pub(crate) fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}
