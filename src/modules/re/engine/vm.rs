//! The matcher: a backtracking VM over a compiled program, with its backtrack stack on the
//! heap (a `Vec<u32>`): deep backtracking costs memory, never native stack.
//!
//! Registers: 2 per group (start, end; INF when unset), then `lastindex`, then 2 per counted
//! loop (iterations done, where the last optional iteration started). Every change to a
//! register while a choice is pending pushes its old value, so backtracking restores them.
//!
//! Stack entries (the word on top holds the tag in its low 3 bits):
//! - BRANCH [pos, pc]: resume there;
//! - RESTORE [old, reg]: put a register back;
//! - BARRIER [pos, previous barrier, pc of LOOK]: a lookaround or atomic group in progress;
//! - STARG [min pos, pos, pc of STAR]: a greedy single-character loop can give back more;
//! - STARL [count left, pos, pc of STAR]: a lazy single-character loop can take more;
//! - LAZY [pos, pc of RCHECK]: a lazy counted loop can iterate once more.

use super::unicode::{is_digit, is_space, is_word, lower, FOLD_NONE};
use super::*;

const T_BRANCH: u32 = 0;
const T_RESTORE: u32 = 1;
const T_BARRIER: u32 = 2;
const T_STARG: u32 = 3;
const T_STARL: u32 = 4;
const T_LAZY: u32 = 5;

fn entry_len(tag: u32) -> usize {
    match tag {
        T_BARRIER | T_STARG | T_STARL => 3,
        _ => 2,
    }
}

/// The memory for the backtrack stack could not be allocated.
pub struct OutOfMemory;

#[derive(Clone, Copy, PartialEq)]
pub enum Mode {
    Search,
    Match,
    Full,
}

/// The character at `i` (< s.len()) and its length in bytes. Lenient on invalid UTF-8.
#[inline]
fn decode(s: &[u8], i: usize, utf8: bool) -> (u32, usize) {
    let b = s[i] as u32;
    if b < 0x80 || !utf8 {
        return (b, 1);
    }
    let n = if b >= 0xf0 {
        4
    } else if b >= 0xe0 {
        3
    } else {
        2
    };
    let mut c = b & (0x7f >> n);
    let mut k = 1;
    while k < n && i + k < s.len() && s[i + k] & 0xc0 == 0x80 {
        c = c << 6 | (s[i + k] & 0x3f) as u32;
        k += 1;
    }
    (c, k)
}

/// The start of the character before `i` (> 0).
#[inline]
fn back1(s: &[u8], mut i: usize, utf8: bool) -> usize {
    i -= 1;
    if utf8 {
        while i > 0 && s[i] & 0xc0 == 0x80 {
            i -= 1;
        }
    }
    i
}

/// The character before `i`, if any.
fn before(s: &[u8], i: usize, utf8: bool) -> Option<u32> {
    (i > 0).then(|| decode(s, back1(s, i, utf8), utf8).0)
}

/// Membership in a SET, without its ASCII bitmap (`set`: the instruction's words).
pub fn set_slow(set: &[u32], c: u32) -> bool {
    let flags = set[1];
    let unicode = flags & SET_UNICODE != 0;
    let fold = flags >> SET_FOLD_SHIFT & 3;
    let raw = |c: u32| {
        let n = set[SET_RANGES] as usize;
        set[SET_RANGES + 1..SET_RANGES + 1 + 2 * n]
            .chunks_exact(2)
            .any(|r| r[0] <= c && c <= r[1])
            || flags & CAT_WORD != 0 && is_word(c, unicode)
            || flags & CAT_NWORD != 0 && !is_word(c, unicode)
            || flags & CAT_DIGIT != 0 && is_digit(c, unicode)
            || flags & CAT_NDIGIT != 0 && !is_digit(c, unicode)
            || flags & CAT_SPACE != 0 && is_space(c, unicode)
            || flags & CAT_NSPACE != 0 && !is_space(c, unicode)
    };
    let hit = raw(c) || fold != FOLD_NONE && unicode::for_others(c, fold, raw);
    hit != (flags & SET_NEG != 0)
}

/// Words in the single-character instruction at `pc`.
pub fn item_len(code: &[u32], pc: usize) -> usize {
    match code[pc] & 0xff {
        op::FOLD | op::SET => (code[pc] >> 8) as usize + (code[pc] & 0xff == op::FOLD) as usize,
        _ => 1,
    }
}

/// Whether the single-character instruction at `pc` matches `c`.
#[inline]
pub fn item_matches(code: &[u32], pc: usize, c: u32) -> bool {
    let w = code[pc];
    match w & 0xff {
        op::CHAR => c == w >> 8,
        op::FOLD => code[pc + 1..pc + 1 + (w >> 8) as usize].contains(&c),
        op::ANY => c != '\n' as u32,
        op::ANYALL => true,
        _ => {
            if c < 128 {
                code[pc + 2 + (c / 32) as usize] & 1 << (c % 32) != 0
            } else {
                set_slow(&code[pc..], c)
            }
        }
    }
}

pub struct Matcher {
    /// After a successful [`Matcher::exec`]: the registers (group spans first).
    pub regs: Vec<u32>,
    stack: Vec<u32>,
    tmp: Vec<u32>,
    barrier: usize,
}

impl Default for Matcher {
    fn default() -> Self {
        Self::new()
    }
}

impl Matcher {
    pub fn new() -> Self {
        Matcher {
            regs: Vec::new(),
            stack: Vec::new(),
            tmp: Vec::new(),
            barrier: 0,
        }
    }

    /// The last group closed in the match, as CPython's `lastindex`.
    pub fn lastindex(&self, code: &[u32]) -> Option<u32> {
        let v = self.regs[2 * (code[H_GROUPS] as usize + 1)];
        (v != INF).then_some(v)
    }

    /// Matches `code` against `s` (the subject up to endpos) from `pos`; the spans are in
    /// `regs`. `must_advance`: an empty match at `pos` does not count (CPython's rule for
    /// the match after an empty one in findall, sub, split).
    pub fn exec(
        &mut self,
        code: &[u32],
        s: &[u8],
        pos: usize,
        mode: Mode,
        must_advance: bool,
    ) -> Result<bool, OutOfMemory> {
        let nregs = code[H_NREGS] as usize;
        self.regs.clear();
        self.regs.try_reserve(nregs).map_err(|_| OutOfMemory)?;
        self.regs.resize(nregs, INF);
        let info = code[H_INFO];
        let utf8 = info & INFO_UTF8 != 0;
        let first = &code[H_FIRST..H_FIRST + 8];
        let mut start = pos;
        loop {
            if mode == Mode::Search && info & INFO_FIRST != 0 {
                while start < s.len() && first[(s[start] >> 5) as usize] & 1 << (s[start] & 31) == 0
                {
                    start += 1;
                }
                if start >= s.len() {
                    return Ok(false);
                }
            }
            self.regs[0] = start as u32;
            let forbid = must_advance && start == pos;
            if self.run(code, s, utf8, start, mode == Mode::Full, forbid)? {
                return Ok(true);
            }
            if mode != Mode::Search || info & INFO_ANCHORED != 0 || start >= s.len() {
                return Ok(false);
            }
            start += decode(s, start, utf8).1;
        }
    }

    /// Calls `f` after each non-overlapping match from `pos` (as findall, finditer, sub and
    /// split see them: an empty match right after a match is allowed, one right after an
    /// empty match is not), until `f` returns false or `limit` matches (0: no limit).
    pub fn scan(
        &mut self,
        code: &[u32],
        s: &[u8],
        pos: usize,
        limit: usize,
        mut f: impl FnMut(&Self) -> bool,
    ) -> Result<(), OutOfMemory> {
        let (mut p, mut must_advance, mut n) = (pos, false, 0);
        while p <= s.len() && self.exec(code, s, p, Mode::Search, must_advance)? {
            n += 1;
            if !f(self) || n == limit {
                break;
            }
            must_advance = self.regs[0] == self.regs[1];
            p = self.regs[1] as usize;
        }
        Ok(())
    }

    #[inline]
    fn reserve(&mut self) -> Result<(), OutOfMemory> {
        if self.stack.capacity() - self.stack.len() < 8 {
            self.stack
                .try_reserve(self.stack.len().max(64))
                .map_err(|_| OutOfMemory)?;
        }
        Ok(())
    }

    #[inline]
    fn set(&mut self, reg: usize, v: u32) {
        let old = self.regs[reg];
        if old != v {
            self.stack
                .extend_from_slice(&[old, (reg as u32) << 3 | T_RESTORE]);
            self.regs[reg] = v;
        }
    }

    /// One character of the single-character instruction at `item`, from `p`: the position
    /// after it.
    #[inline]
    fn step(code: &[u32], item: usize, s: &[u8], p: usize, utf8: bool) -> Option<usize> {
        if p >= s.len() {
            return None;
        }
        let (c, n) = decode(s, p, utf8);
        item_matches(code, item, c).then_some(p + n)
    }

    fn run(
        &mut self,
        code: &[u32],
        s: &[u8],
        utf8: bool,
        start: usize,
        full: bool,
        forbid_empty: bool,
    ) -> Result<bool, OutOfMemory> {
        self.stack.clear();
        self.barrier = 0;
        let end = s.len();
        let loops = 2 * (code[H_GROUPS] as usize + 1) + 1;
        let lastindex = loops - 1;
        let bytes = unsafe {
            // SAFETY: any u32 slice is a valid byte slice of 4x the length.
            core::slice::from_raw_parts(code.as_ptr() as *const u8, code.len() * 4)
        };
        let mut pc = HEADER;
        let mut pos = start;
        loop {
            self.reserve()?;
            let w = code[pc];
            let arg = w >> 8;
            let ok = match w & 0xff {
                op::MATCH => {
                    if full && pos != end || forbid_empty && pos == start {
                        false
                    } else {
                        self.regs[1] = pos as u32;
                        return Ok(true);
                    }
                }
                op::STR => {
                    let n = arg as usize;
                    let lit = &bytes[(pc + 1) * 4..(pc + 1) * 4 + n];
                    if s.len() - pos >= n && &s[pos..pos + n] == lit {
                        pos += n;
                        pc += 1 + n.div_ceil(4);
                        true
                    } else {
                        false
                    }
                }
                op::CHAR | op::FOLD | op::ANY | op::ANYALL | op::SET => {
                    match Self::step(code, pc, s, pos, utf8) {
                        Some(p) => {
                            pos = p;
                            pc += item_len(code, pc);
                            true
                        }
                        None => false,
                    }
                }
                op::SPLIT => {
                    self.stack
                        .extend_from_slice(&[pos as u32, arg << 3 | T_BRANCH]);
                    pc += 1;
                    true
                }
                op::SPLITL => {
                    self.stack
                        .extend_from_slice(&[pos as u32, (pc as u32 + 1) << 3 | T_BRANCH]);
                    pc = arg as usize;
                    true
                }
                op::JMP => {
                    pc = arg as usize;
                    true
                }
                op::SAVE => {
                    let reg = arg as usize;
                    self.set(reg, pos as u32);
                    if reg & 1 == 1 {
                        self.set(lastindex, arg / 2);
                    }
                    pc += 1;
                    true
                }
                op::AT => {
                    pc += 1;
                    let unicode = arg & AT_UNICODE != 0;
                    match arg & !AT_UNICODE {
                        AT_BOL | AT_BEGIN => pos == 0,
                        AT_MBOL => pos == 0 || s[pos - 1] == b'\n',
                        AT_EOL => pos == end || pos + 1 == end && s[pos] == b'\n',
                        AT_MEOL => pos == end || s[pos] == b'\n',
                        AT_END => pos == end,
                        kind => {
                            if pos == 0 && pos == end {
                                false
                            } else {
                                let word = |c: Option<u32>| c.is_some_and(|c| is_word(c, unicode));
                                let this = word((pos < end).then(|| decode(s, pos, utf8).0));
                                let that = word(before(s, pos, utf8));
                                (this != that) == (kind == AT_BOUND)
                            }
                        }
                    }
                }
                op::REF => {
                    let (g, fold) = ((arg >> 2) as usize, arg & 3);
                    let (a, b) = (self.regs[2 * g], self.regs[2 * g + 1]);
                    if a == INF || b == INF {
                        false
                    } else {
                        let text = &s[a as usize..b as usize];
                        if fold == FOLD_NONE {
                            if s.len() - pos >= text.len() && &s[pos..pos + text.len()] == text {
                                pos += text.len();
                                pc += 1;
                                true
                            } else {
                                false
                            }
                        } else {
                            let (mut i, mut p) = (0, pos);
                            loop {
                                if i == text.len() {
                                    break true;
                                }
                                if p >= end {
                                    break false;
                                }
                                let (c1, n1) = decode(text, i, utf8);
                                let (c2, n2) = decode(s, p, utf8);
                                if lower(c1, fold) != lower(c2, fold) {
                                    break false;
                                }
                                i += n1;
                                p += n2;
                            }
                            .then(|| {
                                pos = p;
                                pc += 1;
                            })
                            .is_some()
                        }
                    }
                }
                op::LOOK => {
                    let mut from = Some(pos);
                    if arg & LOOK_BEHIND != 0 {
                        for _ in 0..code[pc + 1] {
                            from = from.and_then(|p| (p > 0).then(|| back1(s, p, utf8)));
                        }
                    }
                    match from {
                        Some(from) => {
                            let b = self.barrier as u32;
                            self.stack.extend_from_slice(&[
                                pos as u32,
                                b,
                                (pc as u32) << 3 | T_BARRIER,
                            ]);
                            self.barrier = self.stack.len();
                            pos = from;
                            pc += 3;
                            true
                        }
                        None if arg & LOOK_NEG != 0 => {
                            pc = code[pc + 2] as usize;
                            true
                        }
                        None => false,
                    }
                }
                op::LOOKEND => {
                    let b = self.barrier;
                    let look = (self.stack[b - 1] >> 3) as usize;
                    let kind = code[look] >> 8;
                    let saved = self.stack[b - 3] as usize;
                    if kind & LOOK_BEHIND != 0 && pos != saved {
                        false
                    } else if kind & LOOK_NEG != 0 {
                        // The assertion failed: undo what its body did, then backtrack.
                        while self.stack.len() > b {
                            self.pop_undo();
                        }
                        self.barrier = self.stack[b - 2] as usize;
                        self.stack.truncate(b - 3);
                        false
                    } else {
                        self.commit(b)?;
                        if kind & LOOK_ATOMIC == 0 {
                            pos = saved;
                        }
                        pc = code[look + 2] as usize;
                        true
                    }
                }
                op::COND => {
                    let g = arg as usize;
                    let (a, b) = (self.regs[2 * g], self.regs[2 * g + 1]);
                    if a != INF && b != INF && b >= a {
                        pc += 2;
                    } else {
                        pc = code[pc + 1] as usize;
                    }
                    true
                }
                op::RINIT => {
                    let r = loops + 2 * arg as usize;
                    self.set(r, INF);
                    self.set(r + 1, INF);
                    pc += 1;
                    true
                }
                op::RCHECK => {
                    let r = loops + 2 * (arg >> 1) as usize;
                    let (min, max, exit) = (code[pc + 1], code[pc + 2], code[pc + 3] as usize);
                    let n = self.regs[r].wrapping_add(1);
                    if n < min {
                        self.set(r, n);
                        pc += 4;
                    } else if arg & 1 == 1 {
                        self.stack
                            .extend_from_slice(&[pos as u32, (pc as u32) << 3 | T_LAZY]);
                        pc = exit;
                    } else if (max == INF || n < max) && pos as u32 != self.regs[r + 1] {
                        self.stack
                            .extend_from_slice(&[pos as u32, (exit as u32) << 3 | T_BRANCH]);
                        self.set(r, n);
                        self.set(r + 1, pos as u32);
                        pc += 4;
                    } else {
                        pc = exit;
                    }
                    true
                }
                op::STAR => {
                    let (min, max, cont) = (code[pc + 1], code[pc + 2], code[pc + 3] as usize);
                    let item = pc + 4;
                    let mut p = pos;
                    let mut n = 0;
                    let mut ok = true;
                    while n < min {
                        match Self::step(code, item, s, p, utf8) {
                            Some(q) => p = q,
                            None => {
                                ok = false;
                                break;
                            }
                        }
                        n += 1;
                    }
                    if !ok {
                        false
                    } else if arg == STAR_LAZY {
                        if max != min {
                            let left = if max == INF { INF } else { max - min };
                            self.stack.extend_from_slice(&[
                                left,
                                p as u32,
                                (pc as u32) << 3 | T_STARL,
                            ]);
                        }
                        pos = p;
                        pc = cont;
                        true
                    } else {
                        let minpos = p;
                        if code[item] & 0xff == op::ANYALL && max == INF {
                            p = end;
                        } else {
                            while n < max {
                                match Self::step(code, item, s, p, utf8) {
                                    Some(q) => p = q,
                                    None => break,
                                }
                                n = n.wrapping_add(1);
                            }
                        }
                        if arg == STAR_GREEDY && p > minpos {
                            self.stack.extend_from_slice(&[
                                minpos as u32,
                                p as u32,
                                (pc as u32) << 3 | T_STARG,
                            ]);
                        }
                        pos = p;
                        pc = cont;
                        // If what follows starts with a known byte, only stop before one.
                        match next_byte(code, bytes, cont) {
                            Some(b) => pos < end && s[pos] == b,
                            None => true,
                        }
                    }
                }
                _ => unreachable!(),
            };
            if !ok {
                match self.backtrack(code, bytes, s, utf8)? {
                    Some((p, q)) => {
                        pc = p;
                        pos = q;
                    }
                    None => return Ok(false),
                }
            }
        }
    }

    /// Pops one entry, undoing it if it is a RESTORE.
    fn pop_undo(&mut self) {
        let top = *self.stack.last().unwrap();
        let tag = top & 7;
        if tag == T_RESTORE {
            let n = self.stack.len();
            self.regs[(top >> 3) as usize] = self.stack[n - 2];
        }
        self.stack.truncate(self.stack.len() - entry_len(tag));
    }

    /// A lookaround or atomic group succeeded: drop its pending choices and its barrier, but
    /// keep its register changes undoable.
    fn commit(&mut self, b: usize) -> Result<(), OutOfMemory> {
        self.tmp.clear();
        while self.stack.len() > b {
            let top = *self.stack.last().unwrap();
            let tag = top & 7;
            if tag == T_RESTORE {
                let n = self.stack.len();
                self.tmp.try_reserve(2).map_err(|_| OutOfMemory)?;
                self.tmp.extend_from_slice(&[top, self.stack[n - 2]]);
            }
            self.stack.truncate(self.stack.len() - entry_len(tag));
        }
        self.barrier = self.stack[b - 2] as usize;
        self.stack.truncate(b - 3);
        for pair in self.tmp.chunks_exact(2).rev() {
            self.stack.try_reserve(2).map_err(|_| OutOfMemory)?;
            self.stack.extend_from_slice(&[pair[1], pair[0]]);
        }
        Ok(())
    }

    /// Pops entries until one gives a state to resume from: (pc, pos).
    fn backtrack(
        &mut self,
        code: &[u32],
        bytes: &[u8],
        s: &[u8],
        utf8: bool,
    ) -> Result<Option<(usize, usize)>, OutOfMemory> {
        let loops = 2 * (code[H_GROUPS] as usize + 1) + 1;
        loop {
            let Some(&top) = self.stack.last() else {
                return Ok(None);
            };
            let n = self.stack.len();
            let at = (top >> 3) as usize;
            match top & 7 {
                T_BRANCH => {
                    let pos = self.stack[n - 2] as usize;
                    self.stack.truncate(n - 2);
                    return Ok(Some((at, pos)));
                }
                T_RESTORE => {
                    self.regs[at] = self.stack[n - 2];
                    self.stack.truncate(n - 2);
                }
                T_BARRIER => {
                    // The body failed: a negative assertion holds, anything else fails.
                    let saved = self.stack[n - 3] as usize;
                    self.barrier = self.stack[n - 2] as usize;
                    self.stack.truncate(n - 3);
                    if code[at] >> 8 & LOOK_NEG != 0 {
                        return Ok(Some((code[at + 2] as usize, saved)));
                    }
                }
                T_STARG => {
                    let (minpos, mut p) = (self.stack[n - 3] as usize, self.stack[n - 2] as usize);
                    let cont = code[at + 3] as usize;
                    let hint = next_byte(code, bytes, cont);
                    let found = loop {
                        if p <= minpos {
                            break false;
                        }
                        p = back1(s, p, utf8);
                        if hint.is_none_or(|b| p < s.len() && s[p] == b) {
                            break true;
                        }
                    };
                    if !found {
                        self.stack.truncate(n - 3);
                        continue;
                    }
                    if p > minpos {
                        self.stack[n - 2] = p as u32;
                    } else {
                        self.stack.truncate(n - 3);
                    }
                    return Ok(Some((cont, p)));
                }
                T_STARL => {
                    let (left, p) = (self.stack[n - 3], self.stack[n - 2] as usize);
                    match Self::step(code, at + 4, s, p, utf8) {
                        Some(q) if left > 0 => {
                            if left == 1 {
                                self.stack.truncate(n - 3);
                            } else {
                                self.stack[n - 3] = if left == INF { INF } else { left - 1 };
                                self.stack[n - 2] = q as u32;
                            }
                            return Ok(Some((code[at + 3] as usize, q)));
                        }
                        _ => self.stack.truncate(n - 3),
                    }
                }
                _ => {
                    // T_LAZY: one more iteration of a lazy counted loop.
                    let p = self.stack[n - 2];
                    self.stack.truncate(n - 2);
                    let r = loops + 2 * (code[at] >> 9) as usize;
                    let count = self.regs[r].wrapping_add(1);
                    let max = code[at + 2];
                    if (max != INF && count >= max) || p == self.regs[r + 1] {
                        continue;
                    }
                    self.reserve()?;
                    self.set(r, count);
                    self.set(r + 1, p);
                    return Ok(Some((at + 4, p as usize)));
                }
            }
        }
    }
}

/// The byte a match must continue with at `pc`, when that is a literal.
#[inline]
fn next_byte(code: &[u32], bytes: &[u8], pc: usize) -> Option<u8> {
    let w = code[pc];
    match w & 0xff {
        op::STR => Some(bytes[(pc + 1) * 4]),
        op::CHAR if w >> 8 < 0x80 => Some((w >> 8) as u8),
        _ => None,
    }
}
