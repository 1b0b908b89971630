//! The pattern compiler: a tree of [`Node`]s to the matcher's code (vm.rs).

use super::*;

fn utf8(c: u32, out: &mut Vec<u8>) {
    // By hand rather than char::encode_utf8: lone surrogates are valid code points here.
    match c {
        0..=0x7f => out.push(c as u8),
        0x80..=0x7ff => out.extend([0xc0 | (c >> 6) as u8, 0x80 | (c & 0x3f) as u8]),
        0x800..=0xffff => out.extend([
            0xe0 | (c >> 12) as u8,
            0x80 | (c >> 6 & 0x3f) as u8,
            0x80 | (c & 0x3f) as u8,
        ]),
        _ => out.extend([
            0xf0 | (c >> 18) as u8,
            0x80 | (c >> 12 & 0x3f) as u8,
            0x80 | (c >> 6 & 0x3f) as u8,
            0x80 | (c & 0x3f) as u8,
        ]),
    }
}

pub(super) struct Gen<'a> {
    pub(super) code: Vec<u32>,
    pub(super) is_str: bool,
    pub(super) loops: u32,
    pub(super) parser: &'a Parser<'a>,
}

/// A literal compares exactly when it has no other case.
fn exact(c: u32, fold: u32) -> bool {
    fold == FOLD_NONE || !for_others(c, fold, |_| true)
}

impl Gen<'_> {
    fn here(&self) -> u32 {
        self.code.len() as u32
    }
    fn put(&mut self, op: u32, arg: u32) -> usize {
        self.code.push(op | arg << 8);
        self.code.len() - 1
    }
    fn patch(&mut self, at: usize) {
        let target = self.here();
        self.code[at] = (self.code[at] & 0xff) | target << 8;
    }

    fn emit_str(&mut self, bytes: &[u8]) {
        self.put(op::STR, bytes.len() as u32);
        for chunk in bytes.chunks(4) {
            let mut w = [0u8; 4];
            w[..chunk.len()].copy_from_slice(chunk);
            self.code.push(u32::from_le_bytes(w));
        }
    }

    /// A node that matches exactly one character, as one instruction; false if it is not one.
    fn emit_single(&mut self, node: &Node) -> bool {
        match node {
            Node::Lit(c, fold) => {
                if exact(*c, *fold) {
                    self.put(op::CHAR, *c);
                } else {
                    let at = self.put(op::FOLD, 1);
                    self.code.push(*c);
                    for_others(*c, *fold, |d| {
                        self.code.push(d);
                        false
                    });
                    self.code[at] = op::FOLD | ((self.code.len() - at - 1) as u32) << 8;
                }
            }
            Node::Any(all) => {
                self.put(if *all { op::ANYALL } else { op::ANY }, 0);
            }
            Node::Set(set) => self.emit_set(set),
            Node::Group(0, inner) => return self.emit_single(inner),
            _ => return false,
        }
        true
    }

    fn emit_set(&mut self, set: &SetDef) {
        let at = self.put(op::SET, 0);
        self.code.push(set.flags);
        self.code.extend([0; 4]);
        self.code.push(set.ranges.len() as u32);
        for &(lo, hi) in &set.ranges {
            self.code.extend([lo, hi]);
        }
        let len = (self.code.len() - at) as u32;
        self.code[at] |= len << 8;
        for c in 0..128 {
            if vm::set_slow(&self.code[at..], c) {
                self.code[at + 2 + (c / 32) as usize] |= 1 << (c % 32);
            }
        }
    }

    pub(super) fn emit(&mut self, node: &Node) -> Res<()> {
        match node {
            Node::Empty => {}
            Node::Lit(..) => self.emit_cat(core::slice::from_ref(node))?,
            Node::Any(_) | Node::Set(_) => {
                self.emit_single(node);
            }
            Node::Cat(items) => self.emit_cat(items)?,
            Node::Alt(branches) => {
                let mut jumps = Vec::new();
                for (i, b) in branches.iter().enumerate() {
                    if i + 1 < branches.len() {
                        let split = self.put(op::SPLIT, 0);
                        self.emit(b)?;
                        jumps.push(self.put(op::JMP, 0));
                        self.patch(split);
                    } else {
                        self.emit(b)?;
                    }
                }
                for j in jumps {
                    self.patch(j);
                }
            }
            Node::Group(0, inner) => self.emit(inner)?,
            Node::Group(g, inner) => {
                self.put(op::SAVE, 2 * g);
                self.emit(inner)?;
                self.put(op::SAVE, 2 * g + 1);
            }
            Node::Repeat(inner, min, max, kind) => self.emit_repeat(inner, *min, *max, *kind)?,
            Node::At(kind) => {
                self.put(op::AT, *kind);
            }
            Node::Ref(g, fold) => {
                self.put(op::REF, g << 2 | fold);
            }
            Node::Look(kind, inner) => {
                let mut width = 0;
                if kind & LOOK_BEHIND != 0 {
                    let (lo, hi) = self.parser.width(inner);
                    if lo != hi {
                        return Err(Error {
                            kind: ErrorKind::Syntax,
                            msg: "look-behind requires fixed-width pattern".into(),
                            pos: None,
                        });
                    }
                    width = lo;
                }
                let at = self.put(op::LOOK, *kind);
                self.code.extend([width, 0]);
                self.emit(inner)?;
                self.put(op::LOOKEND, 0);
                self.code[at + 2] = self.here();
            }
            Node::Cond(g, yes, no) => {
                let at = self.put(op::COND, *g);
                self.code.push(0);
                self.emit(yes)?;
                let jump = self.put(op::JMP, 0);
                self.code[at + 1] = self.here();
                self.emit(no)?;
                self.patch(jump);
            }
        }
        Ok(())
    }

    /// A sequence, with runs of exact literals as one STR.
    fn emit_cat(&mut self, items: &[Node]) -> Res<()> {
        let mut run = Vec::new();
        for item in items {
            match item {
                Node::Lit(c, fold) if exact(*c, *fold) => {
                    if self.is_str {
                        utf8(*c, &mut run);
                    } else {
                        run.push(*c as u8);
                    }
                    continue;
                }
                _ => {}
            }
            if !run.is_empty() {
                self.emit_str(&run);
                run.clear();
            }
            if let Node::Lit(..) = item {
                self.emit_single(item);
            } else {
                self.emit(item)?;
            }
        }
        if !run.is_empty() {
            self.emit_str(&run);
        }
        Ok(())
    }

    fn emit_repeat(&mut self, inner: &Node, min: u32, max: u32, kind: u32) -> Res<()> {
        if max == 0 {
            return Ok(());
        }
        // One character at a time: a tight loop, one backtrack entry for the whole run.
        let at = self.code.len();
        self.code.extend([op::STAR | kind << 8, min, max, 0]);
        if self.emit_single(inner) {
            self.code[at + 3] = self.here();
            return Ok(());
        }
        self.code.truncate(at);
        if kind == STAR_POSSESSIVE {
            let at = self.put(op::LOOK, LOOK_ATOMIC);
            self.code.extend([0, 0]);
            self.emit_repeat(inner, min, max, STAR_GREEDY)?;
            self.put(op::LOOKEND, 0);
            self.code[at + 2] = self.here();
            return Ok(());
        }
        if min == 1 && max == 1 {
            return self.emit(inner);
        }
        if min == 0 && max == 1 {
            let split = self.put(
                if kind == STAR_LAZY {
                    op::SPLITL
                } else {
                    op::SPLIT
                },
                0,
            );
            self.emit(inner)?;
            self.patch(split);
            return Ok(());
        }
        let k = self.loops;
        self.loops += 1;
        self.put(op::RINIT, k);
        let check = self.code.len();
        self.put(op::RCHECK, k << 1 | (kind == STAR_LAZY) as u32);
        self.code.extend([min, max, 0]);
        self.emit(inner)?;
        self.put(op::JMP, check as u32);
        self.code[check + 3] = self.here();
        Ok(())
    }
}

/// Adds to `set` the bytes a match from `pc` can start with; false if it may be empty or the
/// start cannot be told.
pub(super) fn first_bytes(
    code: &[u32],
    pc: usize,
    is_str: bool,
    set: &mut [u32; 8],
    seen: &mut Vec<bool>,
) -> bool {
    let add = |set: &mut [u32; 8], b: u32| set[(b / 32) as usize] |= 1 << (b % 32);
    let mut pc = pc;
    loop {
        if seen[pc] {
            // Back at a loop's check without consuming: its body can be empty, so whatever
            // follows the loop can come first too.
            if code[pc] & 0xff == op::RCHECK && !seen[code[pc + 3] as usize] {
                pc = code[pc + 3] as usize;
                continue;
            }
            return true;
        }
        seen[pc] = true;
        let w = code[pc];
        let arg = w >> 8;
        match w & 0xff {
            op::STR => {
                add(set, code[pc + 1] & 0xff);
                return true;
            }
            op::CHAR | op::FOLD | op::ANY | op::ANYALL | op::SET => {
                let len = vm::item_len(code, pc);
                for b in 0..256u32 {
                    let lead = if is_str && b >= 0x80 {
                        // Any character from this lead byte's range could match: test its first.
                        match b {
                            0xc2..=0xdf => Some((b & 0x1f) << 6),
                            0xe0..=0xef => Some(((b & 0xf) << 12).max(0x800)),
                            0xf0..=0xf4 => Some(((b & 7) << 18).max(0x10000)),
                            _ => None,
                        }
                    } else {
                        Some(b)
                    };
                    let Some(c) = lead else { continue };
                    let maybe = if is_str && b >= 0x80 {
                        // Non-ASCII: exact for literals, conservative for the rest.
                        match w & 0xff {
                            op::CHAR => utf8_lead(arg) == b,
                            op::FOLD => code[pc + 1..pc + len].iter().any(|&d| utf8_lead(d) == b),
                            _ => true,
                        }
                    } else {
                        vm::item_matches(code, pc, c)
                    };
                    if maybe {
                        add(set, b);
                    }
                }
                return true;
            }
            op::SPLIT | op::SPLITL => {
                if !first_bytes(code, arg as usize, is_str, set, seen) {
                    return false;
                }
                pc += 1;
            }
            op::JMP => pc = arg as usize,
            op::SAVE | op::AT | op::RINIT => pc += 1,
            op::LOOK if arg & LOOK_ATOMIC == 0 => pc = code[pc + 2] as usize,
            op::RCHECK => {
                if code[pc + 1] == 0 && !first_bytes(code, code[pc + 3] as usize, is_str, set, seen)
                {
                    return false;
                }
                pc += 4;
            }
            op::STAR => {
                if !first_bytes(code, pc + 4, is_str, set, seen) {
                    return false;
                }
                if code[pc + 1] > 0 {
                    return true;
                }
                pc = code[pc + 3] as usize;
            }
            _ => return false,
        }
    }
}

fn utf8_lead(c: u32) -> u32 {
    let mut b = Vec::new();
    utf8(c, &mut b);
    b[0] as u32
}
