//! A backtracking regular-expression engine with CPython's `re` semantics, free of any
//! MicroPython dependency (so it can be tested natively).
//!
//! - [`syntax`]: parses a pattern (CPython's syntax and error messages) and compiles it to a
//!   program: a `Vec<u32>` of instructions with a header, which the caller stores as bytes.
//! - [`vm`]: runs a program over a subject (`str` as UTF-8 or `bytes`) with an explicit
//!   backtracking stack on the heap, so deep backtracking never recurses natively.
//! - [`unicode`], [`tables`]: `\w`, `\d`, `\s` and case equivalence as CPython defines them.

pub mod syntax;
mod tables;
pub mod unicode;
pub mod vm;

/// Flags, with CPython's values.
pub const IGNORECASE: u32 = 2;
pub const LOCALE: u32 = 4;
pub const MULTILINE: u32 = 8;
pub const DOTALL: u32 = 16;
pub const UNICODE: u32 = 32;
pub const VERBOSE: u32 = 64;
pub const ASCII: u32 = 256;

/// "No limit" for a repeat count (CPython's MAXREPEAT); also an unset register.
pub const INF: u32 = u32::MAX;

/// Program header words.
const MAGIC: u32 = 0x3152_4575; // "uER1"
const H_MAGIC: usize = 0;
const H_FLAGS: usize = 1;
const H_GROUPS: usize = 2;
const H_NREGS: usize = 3;
const H_INFO: usize = 4;
const H_FIRST: usize = 5; // 8 words: the bytes a match can start with (INFO_FIRST)
const HEADER: usize = 13;

const INFO_UTF8: u32 = 1; // a str pattern: subjects are UTF-8, positions in bytes
const INFO_ANCHORED: u32 = 2; // can only match at the start of the subject
const INFO_FIRST: u32 = 4; // the first-byte set is valid

/// Opcodes: the low 8 bits of an instruction word; the high 24 bits hold its argument.
mod op {
    pub const MATCH: u32 = 0;
    pub const STR: u32 = 1; // arg: byte count; then the bytes, 4 per word
    pub const CHAR: u32 = 2; // arg: the character
    pub const FOLD: u32 = 3; // arg: n; then n characters, any of which matches
    pub const ANY: u32 = 4; // any character but \n
    pub const ANYALL: u32 = 5;
    pub const SET: u32 = 6; // arg: words in the instruction; see syntax::emit_set
    pub const SPLIT: u32 = 7; // arg: target; try the next instruction first, then target
    pub const SPLITL: u32 = 8; // arg: target; try target first, then the next instruction
    pub const JMP: u32 = 9;
    pub const SAVE: u32 = 10; // arg: register
    pub const AT: u32 = 11; // arg: an AT_* kind
    pub const REF: u32 = 12; // arg: group << 2 | fold
    pub const LOOK: u32 = 13; // arg: LOOK_* bits; then width (chars), continuation
    pub const LOOKEND: u32 = 14;
    pub const COND: u32 = 15; // arg: group; then the target when the group did not match
    pub const RINIT: u32 = 16; // arg: loop number
    pub const RCHECK: u32 = 17; // arg: loop << 1 | lazy; then min, max, exit
    pub const STAR: u32 = 18; // arg: STAR_*; then min, max, continuation; then one item
}

const LOOK_BEHIND: u32 = 1;
const LOOK_NEG: u32 = 2;
const LOOK_ATOMIC: u32 = 4;

const STAR_GREEDY: u32 = 0;
const STAR_LAZY: u32 = 1;
const STAR_POSSESSIVE: u32 = 2;

const AT_BOL: u32 = 0;
const AT_MBOL: u32 = 1;
const AT_EOL: u32 = 2;
const AT_MEOL: u32 = 3;
const AT_BEGIN: u32 = 4;
const AT_END: u32 = 5;
const AT_BOUND: u32 = 6;
const AT_NBOUND: u32 = 7;
const AT_UNICODE: u32 = 8; // with AT_BOUND / AT_NBOUND: Unicode \w

/// SET flags word.
const SET_NEG: u32 = 1;
const SET_FOLD_SHIFT: u32 = 1; // 2 bits: unicode::FOLD_*
const SET_UNICODE: u32 = 8; // categories are Unicode
const CAT_WORD: u32 = 1 << 4;
const CAT_NWORD: u32 = 1 << 5;
const CAT_DIGIT: u32 = 1 << 6;
const CAT_NDIGIT: u32 = 1 << 7;
const CAT_SPACE: u32 = 1 << 8;
const CAT_NSPACE: u32 = 1 << 9;
/// SET layout: [op | len << 8, flags, 4 words ASCII bitmap (the full answer), nranges, ranges]
const SET_RANGES: usize = 6;

/// A compiled program's header, read back.
pub struct Info {
    pub flags: u32,
    pub groups: u32,
}

/// Checks that `code` looks like a program and reads its header.
pub fn info(code: &[u32]) -> Option<Info> {
    if code.len() <= HEADER || code[H_MAGIC] != MAGIC {
        return None;
    }
    Some(Info {
        flags: code[H_FLAGS],
        groups: code[H_GROUPS],
    })
}
