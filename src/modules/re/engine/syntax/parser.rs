//! The pattern parser: pattern text to a tree of [`Node`]s, with CPython's errors.

use super::*;

pub(super) struct Parser<'a> {
    pub(super) p: &'a [u32],
    pub(super) i: usize,
    pub(super) is_str: bool,
    /// Flags in effect here (scoped flags included).
    pub(super) flags: u32,
    /// The pattern's flags: those given and the global inline ones.
    pub(super) global: u32,
    pub(super) groups: u32,
    pub(super) open: Vec<u32>,
    pub(super) names: Vec<(Vec<u32>, u32)>,
    /// Width of each closed group (index: group number), for look-behind widths.
    pub(super) widths: Vec<(u32, u32)>,
    /// Inside a look-behind: the number of groups before it.
    pub(super) lookbehind: Option<u32>,
    /// Groups named by conditionals, which may be defined later: (group, position).
    pub(super) condrefs: Vec<(u32, usize)>,
    pub(super) depth: u32,
}

fn is_digit(c: u32) -> bool {
    (0x30..=0x39).contains(&c)
}
fn is_octal(c: u32) -> bool {
    (0x30..=0x37).contains(&c)
}
fn is_alpha(c: u32) -> bool {
    unicode::is_word(c, true) && !unicode::is_digit(c, true) && c != '_' as u32
}
pub(super) fn is_identifier(name: &[u32]) -> bool {
    !name.is_empty()
        && (is_alpha(name[0]) || name[0] == '_' as u32)
        && name.iter().all(|&c| unicode::is_word(c, true))
}
fn flag_of(c: u32) -> u32 {
    match char::from_u32(c) {
        Some('i') => IGNORECASE,
        Some('L') => LOCALE,
        Some('m') => MULTILINE,
        Some('s') => DOTALL,
        Some('x') => VERBOSE,
        Some('a') => ASCII,
        Some('u') => UNICODE,
        _ => 0,
    }
}
pub(super) fn text(chars: &[u32]) -> String {
    chars
        .iter()
        .map(|&c| char::from_u32(c).unwrap_or('\u{fffd}'))
        .collect()
}
/// A decimal number; `None` past u32 (CPython raises OverflowError from MAXREPEAT on).
fn number(digits: &[u32]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, &d| {
        n.checked_mul(10)?
            .checked_add(d.checked_sub('0' as u32).filter(|&d| d < 10)?)
    })
}

impl Parser<'_> {
    /// The number of the group named `name`.
    fn named(&self, name: &[u32], pos: usize) -> Res<u32> {
        match self.names.iter().find(|(n, _)| n == name) {
            Some(&(_, g)) => Ok(g),
            None => fail(&["unknown group name '", &text(name), "'"], pos),
        }
    }

    fn peek(&self) -> Option<u32> {
        self.p.get(self.i).copied()
    }
    fn get(&mut self) -> Option<u32> {
        let c = self.peek();
        if c.is_some() {
            self.i += 1;
        }
        c
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c as u32) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn fold(&self) -> u32 {
        if self.flags & IGNORECASE == 0 {
            FOLD_NONE
        } else if self.unicode() {
            FOLD_UNICODE
        } else {
            FOLD_ASCII
        }
    }
    fn unicode(&self) -> bool {
        self.is_str && self.flags & ASCII == 0
    }
    fn take_while(&mut self, max: usize, pred: fn(u32) -> bool) -> &[u32] {
        let start = self.i;
        while self.i - start < max && self.peek().is_some_and(pred) {
            self.i += 1;
        }
        &self.p[start..self.i]
    }

    pub(super) fn parse_alt(&mut self) -> Res<Node> {
        let mut branches = Vec::new();
        loop {
            let first = self.depth == 0 && branches.is_empty();
            branches.push(self.parse_seq(first)?);
            if !self.eat('|') {
                break;
            }
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap()
        } else {
            Node::Alt(branches)
        })
    }

    fn parse_seq(&mut self, first: bool) -> Res<Node> {
        let mut items: Vec<Node> = Vec::new();
        loop {
            if self.flags & VERBOSE != 0 {
                while let Some(c) = self.peek() {
                    if matches!(c, 0x20 | 0x09..=0x0d) {
                        self.i += 1;
                    } else if c == '#' as u32 {
                        while self.get().is_some_and(|c| c != '\n' as u32) {}
                    } else {
                        break;
                    }
                }
            }
            let here = self.i;
            let c = match self.peek() {
                None => break,
                Some(c) if c == '|' as u32 || c == ')' as u32 => break,
                Some(c) => c,
            };
            self.i += 1;
            let node = match char::from_u32(c).unwrap_or('\0') {
                '[' => self.parse_set(here)?,
                '.' => Node::Any(self.flags & DOTALL != 0),
                '^' => Node::At(if self.flags & MULTILINE != 0 {
                    AT_MBOL
                } else {
                    AT_BOL
                }),
                '$' => Node::At(if self.flags & MULTILINE != 0 {
                    AT_MEOL
                } else {
                    AT_EOL
                }),
                '\\' => self.parse_escape(here)?,
                '(' => match self.parse_group(here, first && items.is_empty())? {
                    Some(node) => node,
                    None => continue,
                },
                q @ ('*' | '+' | '?' | '{') => {
                    let (min, max) = match q {
                        '?' => (0, 1),
                        '*' => (0, INF),
                        '+' => (1, INF),
                        _ => {
                            if self.peek() == Some('}' as u32) {
                                items.push(Node::Lit(c, self.fold()));
                                continue;
                            }
                            let after = self.i;
                            let lo = self.take_while(usize::MAX, is_digit).to_vec();
                            let hi = if self.eat(',') {
                                self.take_while(usize::MAX, is_digit).to_vec()
                            } else {
                                lo.clone()
                            };
                            if !self.eat('}') {
                                self.i = after;
                                items.push(Node::Lit(c, self.fold()));
                                continue;
                            }
                            let count = |d: &[u32], default| match d {
                                [] => Ok(default),
                                _ => match number(d) {
                                    Some(n) if n < INF => Ok(n),
                                    _ => Err(Error {
                                        kind: ErrorKind::Overflow,
                                        msg: "the repetition number is too large".into(),
                                        pos: None,
                                    }),
                                },
                            };
                            let (min, max) = (count(&lo, 0)?, count(&hi, INF)?);
                            if max < min {
                                return syntax("min repeat greater than max repeat", after);
                            }
                            (min, max)
                        }
                    };
                    match items.last() {
                        None | Some(Node::At(_)) => return syntax("nothing to repeat", here),
                        Some(Node::Repeat(..)) => return syntax("multiple repeat", here),
                        _ => {}
                    }
                    let item = match items.pop().unwrap() {
                        Node::Group(0, inner) => *inner,
                        item => item,
                    };
                    let kind = if self.eat('?') {
                        STAR_LAZY
                    } else if self.eat('+') {
                        STAR_POSSESSIVE
                    } else {
                        STAR_GREEDY
                    };
                    Node::Repeat(Box::new(item), min, max, kind)
                }
                _ => Node::Lit(c, self.fold()),
            };
            items.push(node);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap(),
            _ => Node::Cat(items),
        })
    }

    /// The body of a group up to its `)`.
    fn body(&mut self, start: usize) -> Res<Node> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return syntax("too many nested groups", start);
        }
        let node = self.parse_alt()?;
        self.depth -= 1;
        if !self.eat(')') {
            return syntax("missing ), unterminated subpattern", start);
        }
        Ok(node)
    }

    /// A name up to `end` (CPython's wording for what is missing).
    fn name(&mut self, end: &str, what: &str) -> Res<Vec<u32>> {
        let start = self.i;
        loop {
            match self.get() {
                None if self.i == start => return fail(&["missing ", what], self.i),
                None => return fail(&["missing ", end, ", unterminated name"], start),
                Some(c) if c == end.as_bytes()[0] as u32 => {
                    if self.i - 1 == start {
                        return fail(&["missing ", what], start);
                    }
                    return Ok(self.p[start..self.i - 1].to_vec());
                }
                Some(_) => {}
            }
        }
    }

    fn check_ref(&self, group: u32, pos: usize, after: usize) -> Res<()> {
        if self.open.contains(&group) {
            return syntax("cannot refer to an open group", pos);
        }
        if let Some(before) = self.lookbehind {
            if group > before {
                return syntax(
                    "cannot refer to group defined in the same lookbehind subpattern",
                    after,
                );
            }
        }
        Ok(())
    }

    fn capture(&mut self, start: usize, name: Option<(Vec<u32>, usize)>) -> Res<Node> {
        let group = self.groups + 1;
        if let Some((name, pos)) = name {
            if let Some(&(_, was)) = self.names.iter().find(|(n, _)| *n == name) {
                let (new, was, name) = (decimal(group), decimal(was), text(&name));
                let msg = [
                    "redefinition of group name '",
                    &name,
                    "' as group ",
                    &new,
                    "; was group ",
                    &was,
                ];
                return fail(&msg, pos);
            }
            self.names.push((name, group));
        }
        self.groups = group;
        self.open.push(group);
        let node = self.body(start)?;
        self.open.pop();
        let w = self.width(&node);
        self.widths.resize(group as usize + 1, (0, 0));
        self.widths[group as usize] = w;
        Ok(Node::Group(group, Box::new(node)))
    }

    /// After `(`; `None` for comments and global flags.
    fn parse_group(&mut self, start: usize, first: bool) -> Res<Option<Node>> {
        if !self.eat('?') {
            return self.capture(start, None).map(Some);
        }
        let c = match self.get() {
            None => return syntax("unexpected end of pattern", self.i),
            Some(c) => c,
        };
        let unknown = |c: &[u32]| fail(&["unknown extension ?", &text(c)], start + 1);
        let node = match char::from_u32(c).unwrap_or('\0') {
            'P' => {
                if self.eat('<') {
                    let pos = self.i;
                    let name = self.name(">", "group name")?;
                    check_name(&name, pos)?;
                    return self.capture(start, Some((name, pos))).map(Some);
                } else if self.eat('=') {
                    let pos = self.i;
                    let name = self.name(")", "group name")?;
                    check_name(&name, pos)?;
                    let group = self.named(&name, pos)?;
                    self.check_ref(group, pos, self.i)?;
                    return Ok(Some(Node::Ref(group, self.fold())));
                } else {
                    match self.get() {
                        None => return syntax("unexpected end of pattern", self.i),
                        Some(d) => return unknown(&[c, d]),
                    }
                }
            }
            ':' => {
                let node = self.body(start)?;
                Node::Group(0, Box::new(node))
            }
            '#' => loop {
                match self.get() {
                    None => return syntax("missing ), unterminated comment", start),
                    Some(c) if c == ')' as u32 => return Ok(None),
                    Some(_) => {}
                }
            },
            '=' | '!' => {
                let kind = if c == '!' as u32 { LOOK_NEG } else { 0 };
                let node = self.body(start)?;
                Node::Look(kind, Box::new(node))
            }
            '<' => {
                let d = match self.get() {
                    None => return syntax("unexpected end of pattern", self.i),
                    Some(d) => d,
                };
                if d != '=' as u32 && d != '!' as u32 {
                    return unknown(&[c, d]);
                }
                let kind = LOOK_BEHIND | if d == '!' as u32 { LOOK_NEG } else { 0 };
                let outer = self.lookbehind.is_none();
                if outer {
                    self.lookbehind = Some(self.groups);
                }
                let node = self.body(start)?;
                if outer {
                    self.lookbehind = None;
                }
                Node::Look(kind, Box::new(node))
            }
            '>' => {
                let node = self.body(start)?;
                Node::Look(LOOK_ATOMIC, Box::new(node))
            }
            '(' => {
                let pos = self.i;
                let name = self.name(")", "group name")?;
                let group = if is_identifier(&name) {
                    self.named(&name, pos)?
                } else {
                    let Some(group) = number(&name) else {
                        return bad_name(&name, pos);
                    };
                    if group == 0 {
                        return syntax("bad group number", pos);
                    }
                    if group >= 1 << 22 {
                        return fail(&["invalid group reference ", &decimal(group)], pos);
                    }
                    if !self.condrefs.iter().any(|&(g, _)| g == group) {
                        self.condrefs.push((group, pos));
                    }
                    group
                };
                if self.lookbehind.is_some() {
                    if group > self.groups {
                        return syntax("cannot refer to an open group", self.i);
                    }
                    self.check_ref(group, self.i, self.i)?;
                }
                self.depth += 1;
                let yes = self.parse_seq(false)?;
                let no = if self.eat('|') {
                    let no = self.parse_seq(false)?;
                    if self.peek() == Some('|' as u32) {
                        return syntax("conditional backref with more than two branches", self.i);
                    }
                    no
                } else {
                    Node::Empty
                };
                self.depth -= 1;
                if !self.eat(')') {
                    return syntax("missing ), unterminated subpattern", start);
                }
                Node::Cond(group, Box::new(yes), Box::new(no))
            }
            _ if flag_of(c) != 0 || c == '-' as u32 => match self.parse_flags(c)? {
                None => {
                    if !first {
                        return syntax("global flags not at the start of the expression", start);
                    }
                    return Ok(None);
                }
                Some((add, del)) => {
                    let saved = self.flags;
                    if add & TYPE_FLAGS != 0 {
                        self.flags &= !TYPE_FLAGS;
                    }
                    self.flags = (self.flags & !del) | add;
                    let node = self.body(start)?;
                    self.flags = saved;
                    Node::Group(0, Box::new(node))
                }
            },
            _ => return unknown(&[c]),
        };
        Ok(Some(node))
    }

    /// Inline flags after `(?`, from `c`: `None` for global flags `(?aiLmsux)` (applied here),
    /// else the flags a scoped group `(?flags-flags:...)` adds and removes.
    fn parse_flags(&mut self, mut c: u32) -> Res<Option<(u32, u32)>> {
        let (mut add, mut del) = (0, 0);
        let (dash, colon, close) = ('-' as u32, ':' as u32, ')' as u32);
        if c != dash {
            loop {
                let flag = flag_of(c);
                if self.is_str && flag == LOCALE {
                    return syntax(
                        "bad inline flags: cannot use 'L' flag with a str pattern",
                        self.i,
                    );
                }
                if !self.is_str && flag == UNICODE {
                    return syntax(
                        "bad inline flags: cannot use 'u' flag with a bytes pattern",
                        self.i,
                    );
                }
                add |= flag;
                if flag & TYPE_FLAGS != 0 && add & TYPE_FLAGS != flag {
                    return syntax(
                        "bad inline flags: flags 'a', 'u' and 'L' are incompatible",
                        self.i,
                    );
                }
                c = match self.get() {
                    None => return syntax("missing -, : or )", self.i),
                    Some(c) => c,
                };
                if c == close || c == dash || c == colon {
                    break;
                }
                if flag_of(c) == 0 {
                    let msg = if is_alpha(c) {
                        "unknown flag"
                    } else {
                        "missing -, : or )"
                    };
                    return syntax(msg, self.i - 1);
                }
            }
        }
        if c == close {
            self.global |= add;
            if add & TYPE_FLAGS != 0 {
                self.flags &= !TYPE_FLAGS;
            }
            self.flags |= add;
            return Ok(None);
        }
        if c == dash {
            c = match self.get() {
                None => return syntax("missing flag", self.i),
                Some(c) => c,
            };
            if flag_of(c) == 0 {
                let msg = if is_alpha(c) {
                    "unknown flag"
                } else {
                    "missing flag"
                };
                return syntax(msg, self.i - 1);
            }
            loop {
                let flag = flag_of(c);
                if flag & TYPE_FLAGS != 0 {
                    return syntax(
                        "bad inline flags: cannot turn off flags 'a', 'u' and 'L'",
                        self.i,
                    );
                }
                del |= flag;
                c = match self.get() {
                    None => return syntax("missing :", self.i),
                    Some(c) => c,
                };
                if c == colon {
                    break;
                }
                if flag_of(c) == 0 {
                    let msg = if is_alpha(c) {
                        "unknown flag"
                    } else {
                        "missing :"
                    };
                    return syntax(msg, self.i - 1);
                }
            }
        }
        if add & del != 0 {
            return syntax("bad inline flags: flag turned on and off", self.i - 1);
        }
        Ok(Some((add, del)))
    }

    /// `\x..`, `\u....`, `\U........`, `\N`: shared by both escape kinds (`here`: the `\`).
    fn hex_escape(&mut self, c: char, here: usize) -> Res<Option<u32>> {
        let n = match c {
            'x' => 2,
            'u' if self.is_str => 4,
            'U' if self.is_str => 8,
            'N' if self.is_str => {
                if !self.eat('{') {
                    return syntax("missing {", self.i);
                }
                return syntax("named Unicode escapes (\\N{...}) are not supported", here);
            }
            _ => return Ok(None),
        };
        let mut v = 0u32;
        let mut k = 0;
        while k < n {
            match self
                .peek()
                .and_then(char::from_u32)
                .and_then(|d| d.to_digit(16))
            {
                Some(d) => v = v << 4 | d,
                None => break,
            }
            self.i += 1;
            k += 1;
        }
        // The escape as written: from the backslash to here.
        let esc = text(&self.p[here..self.i]);
        if k != n {
            return fail(&["incomplete escape ", &esc], here);
        }
        if v > 0x10_ffff {
            return fail(&["bad escape ", &esc], here);
        }
        Ok(Some(v))
    }

    fn simple_escape(c: char) -> Option<u32> {
        Some(match c {
            'a' => 7,
            'f' => 12,
            'n' => 10,
            'r' => 13,
            't' => 9,
            'v' => 11,
            '\\' => '\\' as u32,
            _ => return None,
        })
    }

    fn category(c: char) -> Option<u32> {
        Some(match c {
            'd' => CAT_DIGIT,
            'D' => CAT_NDIGIT,
            's' => CAT_SPACE,
            'S' => CAT_NSPACE,
            'w' => CAT_WORD,
            'W' => CAT_NWORD,
            _ => return None,
        })
    }

    /// After `\` outside a set (`here`: the `\`).
    fn parse_escape(&mut self, here: usize) -> Res<Node> {
        let c = match self.get() {
            None => return syntax("bad escape (end of pattern)", here),
            Some(c) => c,
        };
        let ch = char::from_u32(c).unwrap_or('\0');
        let at = |kind| Ok(Node::At(kind));
        let bound = if self.unicode() { AT_UNICODE } else { 0 };
        match ch {
            'A' => return at(AT_BEGIN),
            'Z' => return at(AT_END),
            'b' => return at(AT_BOUND | bound),
            'B' => return at(AT_NBOUND | bound),
            _ => {}
        }
        if let Some(cat) = Self::category(ch) {
            return Ok(self.set(vec![], cat, false));
        }
        let fold = self.fold();
        let lit = |c| Ok(Node::Lit(c, fold));
        if let Some(v) = Self::simple_escape(ch) {
            return lit(v);
        }
        if let Some(v) = self.hex_escape(ch, here)? {
            return lit(v);
        }
        if ch == '0' {
            let digits = self.take_while(2, is_octal);
            let v = digits.iter().fold(0, |v, &d| v * 8 + d - '0' as u32);
            return lit(v);
        }
        if ch.is_ascii_digit() {
            let mut digits = vec![c];
            if self.peek().is_some_and(is_digit) {
                digits.push(self.get().unwrap());
                if is_octal(digits[0]) && is_octal(digits[1]) && self.peek().is_some_and(is_octal) {
                    digits.push(self.get().unwrap());
                    let v = digits.iter().fold(0, |v, &d| v * 8 + d - '0' as u32);
                    if v > 0o377 {
                        return octal_error(&digits, here);
                    }
                    return lit(v);
                }
            }
            let group = number(&digits).unwrap();
            if group <= self.groups {
                if self.open.contains(&group) {
                    return syntax("cannot refer to an open group", here);
                }
                self.check_ref(group, here, self.i)?;
                return Ok(Node::Ref(group, self.fold()));
            }
            return fail(&["invalid group reference ", &decimal(group)], here + 1);
        }
        if ch.is_ascii_alphabetic() {
            return fail(&["bad escape \\", ch.encode_utf8(&mut [0; 4])], here);
        }
        lit(c)
    }

    /// After `\` inside a set.
    fn set_escape(&mut self, here: usize) -> Res<Item> {
        let c = match self.get() {
            None => return syntax("bad escape (end of pattern)", here),
            Some(c) => c,
        };
        let ch = char::from_u32(c).unwrap_or('\0');
        if ch == 'b' {
            return Ok(Item::Char(8));
        }
        if let Some(v) = Self::simple_escape(ch) {
            return Ok(Item::Char(v));
        }
        if let Some(cat) = Self::category(ch) {
            return Ok(Item::Cat(cat));
        }
        if let Some(v) = self.hex_escape(ch, here)? {
            return Ok(Item::Char(v));
        }
        if is_octal(c) {
            self.i -= 1;
            let digits = self.take_while(3, is_octal).to_vec();
            let v = digits.iter().fold(0, |v, &d| v * 8 + d - '0' as u32);
            if v > 0o377 {
                return octal_error(&digits, here);
            }
            return Ok(Item::Char(v));
        }
        if ch.is_ascii_alphanumeric() {
            return fail(&["bad escape \\", ch.encode_utf8(&mut [0; 4])], here);
        }
        Ok(Item::Char(c))
    }

    fn set(&self, ranges: Vec<(u32, u32)>, cats: u32, neg: bool) -> Node {
        let mut flags = cats | self.fold() << SET_FOLD_SHIFT;
        if neg {
            flags |= SET_NEG;
        }
        if self.unicode() {
            flags |= SET_UNICODE;
        }
        Node::Set(Box::new(SetDef { flags, ranges }))
    }

    /// After `[` (at `here`).
    fn parse_set(&mut self, here: usize) -> Res<Node> {
        let neg = self.eat('^');
        let (mut ranges, mut cats, mut empty) = (Vec::new(), 0, true);
        // A token as CPython's tokenizer sees it: a character, or `\` and the next one.
        let token = |p: &Self, at: usize| {
            let len = if p.p[at] == '\\' as u32 { 2 } else { 1 };
            &p.p[at..(at + len).min(p.p.len())]
        };
        loop {
            let start = self.i;
            let c = match self.get() {
                None => return syntax("unterminated character set", here),
                Some(c) => c,
            };
            if c == ']' as u32 && !empty {
                break;
            }
            empty = false;
            let first = if c == '\\' as u32 {
                self.set_escape(start)?
            } else {
                Item::Char(c)
            };
            if self.eat('-') {
                let start2 = self.i;
                let d = match self.get() {
                    None => return syntax("unterminated character set", here),
                    Some(d) => d,
                };
                if d == ']' as u32 {
                    match first {
                        Item::Char(c) => ranges.push((c, c)),
                        Item::Cat(cat) => cats |= cat,
                    }
                    ranges.push(('-' as u32, '-' as u32));
                    break;
                }
                let second = if d == '\\' as u32 {
                    self.set_escape(start2)?
                } else {
                    Item::Char(d)
                };
                let (t1, t2) = (token(self, start), token(self, start2));
                let pos = self.i - (t1.len() + 1 + t2.len());
                match (first, second) {
                    (Item::Char(lo), Item::Char(hi)) if lo <= hi => ranges.push((lo, hi)),
                    _ => {
                        let (t1, t2) = (text(t1), text(t2));
                        return fail(&["bad character range ", &t1, "-", &t2], pos);
                    }
                }
            } else {
                match first {
                    Item::Char(c) => ranges.push((c, c)),
                    Item::Cat(cat) => cats |= cat,
                }
            }
        }
        Ok(self.set(ranges, cats, neg))
    }

    /// (min, max) characters `node` matches (max INF: unbounded).
    pub(super) fn width(&self, node: &Node) -> (u32, u32) {
        match node {
            Node::Empty | Node::At(_) => (0, 0),
            Node::Look(kind, inner) => {
                if kind & LOOK_ATOMIC != 0 {
                    self.width(inner)
                } else {
                    (0, 0)
                }
            }
            Node::Lit(..) | Node::Any(_) | Node::Set(_) => (1, 1),
            Node::Cat(items) => items.iter().fold((0, 0), |(lo, hi), n| {
                let (l, h) = self.width(n);
                (lo.saturating_add(l), hi.saturating_add(h))
            }),
            Node::Alt(items) => items.iter().fold((INF, 0), |(lo, hi), n| {
                let (l, h) = self.width(n);
                (lo.min(l), hi.max(h))
            }),
            Node::Group(_, inner) => self.width(inner),
            Node::Repeat(inner, min, max, _) => {
                let (l, h) = self.width(inner);
                let mul = |a: u32, b: u32| {
                    if a == 0 || b == 0 {
                        0
                    } else {
                        a.saturating_mul(b)
                    }
                };
                (mul(l, *min).min(INF - 1), mul(h, *max))
            }
            Node::Ref(g, _) => self.widths.get(*g as usize).copied().unwrap_or((0, INF)),
            Node::Cond(_, yes, no) => {
                let (l1, h1) = self.width(yes);
                let (l2, h2) = self.width(no);
                (l1.min(l2), h1.max(h2))
            }
        }
    }
}
