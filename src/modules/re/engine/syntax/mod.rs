//! Patterns: CPython's syntax, error messages and error positions. [`compile`] runs the
//! parser (parser.rs: pattern text to a tree of `Node`s) and the compiler (compiler.rs: the
//! tree to the matcher's code, vm.rs).

mod compiler;
mod parser;

use compiler::{first_bytes, Gen};
use parser::{is_identifier, text, Parser};

use super::unicode::{for_others, FOLD_ASCII, FOLD_NONE, FOLD_UNICODE};
use super::*;

pub enum ErrorKind {
    /// `re.error(msg, pattern, pos)`
    Syntax,
    /// OverflowError (a repeat count too large)
    Overflow,
    /// ValueError (incompatible flags)
    Value,
}

pub struct Error {
    pub kind: ErrorKind,
    pub msg: String,
    /// In characters of the pattern.
    pub pos: Option<usize>,
}

pub struct Compiled {
    pub code: Vec<u32>,
    /// Names of groups, in the order they were defined: (UTF-8 name, group number).
    pub names: Vec<(String, u32)>,
}

type Res<T> = Result<T, Error>;

/// A syntax error: its message is the concatenation of `parts` (cheaper than format!).
#[inline(never)]
fn fail<T>(parts: &[&str], pos: usize) -> Res<T> {
    Err(Error {
        kind: ErrorKind::Syntax,
        msg: parts.concat(),
        pos: Some(pos),
    })
}

fn syntax<T>(msg: &str, pos: usize) -> Res<T> {
    fail(&[msg], pos)
}

fn decimal(mut n: u32) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

fn bad_name<T>(name: &[u32], pos: usize) -> Res<T> {
    fail(&["bad character in group name '", &text(name), "'"], pos)
}

fn check_name(name: &[u32], pos: usize) -> Res<()> {
    if is_identifier(name) {
        Ok(())
    } else {
        bad_name(name, pos)
    }
}

fn octal_error<T>(digits: &[u32], pos: usize) -> Res<T> {
    fail(
        &[
            "octal escape value \\",
            &text(digits),
            " outside of range 0-0o377",
        ],
        pos,
    )
}

const TYPE_FLAGS: u32 = ASCII | LOCALE | UNICODE;
/// Nesting of groups deeper than this is an error (the parser and compiler recurse).
const MAX_DEPTH: u32 = 200;

enum Node {
    Empty,
    Lit(u32, u32), // char, fold
    Any(bool),     // DOTALL
    Set(Box<SetDef>),
    Cat(Vec<Node>),
    Alt(Vec<Node>),
    Group(u32, Box<Node>), // 0: not capturing
    Repeat(Box<Node>, u32, u32, u32),
    At(u32),
    Ref(u32, u32), // group, fold
    Look(u32, Box<Node>),
    Cond(u32, Box<Node>, Box<Node>),
}

struct SetDef {
    flags: u32,
    ranges: Vec<(u32, u32)>,
}

enum Item {
    Char(u32),
    Cat(u32),
}

/// Compiles `pattern` (UTF-8 text if `is_str`, else bytes) with `flags`.
pub fn compile(pattern: &[u8], is_str: bool, flags: u32) -> Res<Compiled> {
    let chars: Vec<u32> = if is_str {
        String::from_utf8_lossy(pattern)
            .chars()
            .map(|c| c as u32)
            .collect()
    } else {
        pattern.iter().map(|&b| b as u32).collect()
    };
    let mut p = Parser {
        p: &chars,
        i: 0,
        is_str,
        flags,
        global: flags,
        groups: 0,
        open: Vec::new(),
        names: Vec::new(),
        widths: vec![(0, 0)],
        lookbehind: None,
        condrefs: Vec::new(),
        depth: 0,
    };
    let node = p.parse_alt()?;
    let mut flags = p.global;
    let value = |msg: &str| {
        Err(Error {
            kind: ErrorKind::Value,
            msg: msg.into(),
            pos: None,
        })
    };
    if is_str {
        if flags & LOCALE != 0 {
            return value("cannot use LOCALE flag with a str pattern");
        }
        if flags & ASCII == 0 {
            flags |= UNICODE;
        } else if flags & UNICODE != 0 {
            return value("ASCII and UNICODE flags are incompatible");
        }
    } else {
        if flags & UNICODE != 0 {
            return value("cannot use UNICODE flag with a bytes pattern");
        }
        if flags & LOCALE != 0 && flags & ASCII != 0 {
            return value("ASCII and LOCALE flags are incompatible");
        }
    }
    if p.i < chars.len() {
        return syntax("unbalanced parenthesis", p.i);
    }
    for &(g, pos) in &p.condrefs {
        if g > p.groups {
            return fail(&["invalid group reference ", &decimal(g)], pos);
        }
    }
    let mut gen = Gen {
        code: vec![0; HEADER],
        is_str,
        loops: 0,
        parser: &p,
    };
    gen.emit(&node)?;
    gen.code.push(op::MATCH);
    let mut code = gen.code;
    let loops = gen.loops;
    code[H_MAGIC] = MAGIC;
    code[H_FLAGS] = flags;
    code[H_GROUPS] = p.groups;
    code[H_NREGS] = 2 * (p.groups + 1) + 1 + 2 * loops;
    let mut info = if is_str { INFO_UTF8 } else { 0 };
    if code[HEADER] == op::AT | AT_BEGIN << 8 || code[HEADER] == op::AT | AT_BOL << 8 {
        info |= INFO_ANCHORED;
    }
    let mut first = [0u32; 8];
    if first_bytes(
        &code,
        HEADER,
        is_str,
        &mut first,
        &mut vec![false; code.len()],
    ) {
        info |= INFO_FIRST;
        if is_str {
            first[4] = 0; // never start inside a UTF-8 sequence (0x80..=0xBF)
            first[5] = 0;
        }
        code[H_FIRST..H_FIRST + 8].copy_from_slice(&first);
    }
    code[H_INFO] = info;
    let names = p.names.iter().map(|(n, g)| (text(n), *g)).collect();
    Ok(Compiled { code, names })
}
