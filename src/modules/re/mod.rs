//! `_re`: the native half of `re` (modules/re.py is the other). No native types: a compiled
//! pattern is a `bytes` object holding the program (so the GC owns it), and matches come
//! back as tuples of positions.
//!
//! Subjects: `str` (matched as UTF-8; positions given and returned in code points, as in
//! CPython) or any object with the buffer protocol (positions in bytes). Every function that
//! returns matches converts byte offsets to code points incrementally, so a scan over a large
//! non-ASCII string stays linear.
//!
//! A match tuple is `(lastindex, start0, end0, start1, end1, ...)` (-1 where a group did not
//! match, lastindex -1 for None), followed for `str` subjects by the same spans in bytes, which
//! `slice` takes to cut substrings without walking the string. `scan` returns the items of all
//! its matches in one flat list.
//!
//! `unsafe` here: each builtin is called by MicroPython with live objects, as many as its
//! function object declares, and works on them through MicroPython's C API, which is C
//! and so `unsafe` to call; data borrowed from an object is used before anything that
//! could collect it.

mod engine;

use crate::ffi::nlr::{protect, raise, raise_msg};
use crate::ffi::{self, mp_obj_t, NONE};
use crate::objects::{bytes_of, py_fn, py_module};
use core::cell::Cell;
use engine::syntax::{self, ErrorKind};
use engine::vm::{Matcher, Mode};

py_module!(upy_module__re, MP_QSTR__re, [
    MP_QSTR_compile => &COMPILE_OBJ,
    MP_QSTR_exec => &EXEC_OBJ,
    MP_QSTR_scan => &SCAN_OBJ,
    MP_QSTR_findall => &FINDALL_OBJ,
    MP_QSTR_split => &SPLIT_OBJ,
    MP_QSTR_subn => &SUBN_OBJ,
    MP_QSTR_slice => &SLICE_OBJ,
]);

/// A builtin function object taking exactly `$n` positional arguments (any number).
macro_rules! py_fn_n {
    ($name:ident, $n:expr, $f:path) => {
        static $name: $crate::objects::Rom<ffi::mp_obj_fun_builtin_var_t> =
            $crate::objects::Rom(ffi::mp_obj_fun_builtin_var_t {
                base: ffi::mp_obj_base_t {
                    type_: &raw const ffi::mp_type_fun_builtin_var,
                },
                sig: ffi::fun_sig($n, $n, false),
                fun: ffi::_mp_obj_fun_builtin_var_t__bindgen_ty_1 { var: Some($f) },
            });
    };
}

fn is_str(o: mp_obj_t) -> bool {
    ffi::is_qstr(o) || ffi::is_type(o, unsafe { &ffi::mp_type_str })
}

fn int(i: isize) -> mp_obj_t {
    unsafe { ffi::mp_obj_new_int(i) }
}

/// `compile(pattern: str | bytes, flags: int) -> (program: bytes, flags, groups, groupindex)`.
/// Bad patterns raise ValueError(msg, pos) (re.py makes it re.error), OverflowError or
/// ValueError(msg) as CPython does.
unsafe extern "C" fn compile(pattern: mp_obj_t, flags: mp_obj_t) -> mp_obj_t {
    let text = is_str(pattern);
    let data = bytes_of(pattern);
    let flags = ffi::mp_obj_get_int(flags) as u32;
    let compiled = syntax::compile(data, text, flags);
    let result = protect(|| match &compiled {
        Ok(c) => {
            let names = ffi::mp_obj_new_dict(c.names.len());
            for (name, group) in &c.names {
                let key = ffi::mp_obj_new_str(name.as_ptr() as *const _, name.len());
                ffi::mp_obj_dict_store(names, key, int(*group as isize));
            }
            let prog = ffi::mp_obj_new_bytes(c.code.as_ptr() as *const u8, c.code.len() * 4);
            let info = engine::info(&c.code).unwrap();
            let items = [
                prog,
                int(info.flags as isize),
                int(info.groups as isize),
                names,
            ];
            (ffi::mp_obj_new_tuple(4, items.as_ptr()), false)
        }
        Err(e) => {
            let msg = ffi::mp_obj_new_str(e.msg.as_ptr() as *const _, e.msg.len());
            let pos = e.pos.map_or(NONE, |p| int(p as isize));
            let (ty, n) = match e.kind {
                ErrorKind::Syntax => (&ffi::mp_type_ValueError, 2),
                ErrorKind::Overflow => (&ffi::mp_type_OverflowError, 1),
                ErrorKind::Value => (&ffi::mp_type_ValueError, 1),
            };
            (
                ffi::mp_obj_new_exception_args(ty, n, [msg, pos].as_ptr()),
                true,
            )
        }
    });
    drop(compiled);
    match result {
        Ok((obj, false)) => obj,
        Ok((exc, true)) => raise(exc),
        Err(e) => raise(e.0),
    }
}
py_fn!(COMPILE_OBJ, 2, compile);

/// A program: the bytes object's own words when aligned (always, for GC-allocated bytes),
/// else a copy.
enum Program<'a> {
    Borrowed(&'a [u32]),
    Owned(Vec<u32>),
}

impl Program<'_> {
    fn code(&self) -> &[u32] {
        match self {
            Program::Borrowed(c) => c,
            Program::Owned(c) => c,
        }
    }
}

/// The program in `prog` (raises TypeError if it is not one). Call before owning anything.
unsafe fn program<'a>(prog: mp_obj_t) -> Program<'a> {
    let data = if ffi::is_type(prog, &ffi::mp_type_bytes) {
        bytes_of(prog)
    } else {
        &[]
    };
    let words = data.len() / 4;
    let p = if (data.as_ptr() as usize).is_multiple_of(4) {
        Program::Borrowed(core::slice::from_raw_parts(
            data.as_ptr() as *const u32,
            words,
        ))
    } else {
        Program::Owned(
            data.chunks_exact(4)
                .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
                .collect(),
        )
    };
    if !data.len().is_multiple_of(4) || engine::info(p.code()).is_none() {
        drop(p);
        raise_msg(&ffi::mp_type_TypeError, "not a compiled pattern");
    }
    p
}

/// Characters (code points) in UTF-8 `s`.
fn count_chars(s: &[u8]) -> usize {
    s.iter().filter(|&&b| b & 0xc0 != 0x80).count()
}

/// The last str subject `exec` saw (kept alive by a root pointer, so the address names the
/// same immutable string) and a position in it: byte offset and code points. A tokenizer's
/// `match(s, pos)` calls then convert `pos` from there, not from the start of `s`.
struct Last {
    byte: Cell<usize>,
    chars: Cell<usize>,
}
// SAFETY: wasm32-unknown-unknown is single-threaded.
unsafe impl Sync for Last {}
static LAST: Last = Last {
    byte: Cell::new(0),
    chars: Cell::new(0),
};

unsafe fn remember(obj: mp_obj_t, byte: usize, chars: usize) {
    ffi::mp_state_ctx.vm.upy_re_subject = obj;
    LAST.byte.set(byte);
    LAST.chars.set(chars);
}

/// A known (byte, code point) position in str `obj` at or before code point `pos`.
unsafe fn anchor(obj: mp_obj_t, s: &[u8], pos: usize) -> (usize, usize) {
    if ffi::mp_state_ctx.vm.upy_re_subject != obj {
        return (0, 0);
    }
    let (mut b, c) = (LAST.byte.get().min(s.len()), LAST.chars.get());
    if c <= pos {
        return (b, c);
    }
    if c - pos >= pos {
        return (0, 0);
    }
    for _ in pos..c {
        b -= 1;
        while b > 0 && s[b] & 0xc0 == 0x80 {
            b -= 1;
        }
    }
    (b, pos)
}

/// A subject: its bytes, whether positions are code points (str), and a known
/// (byte, char) position pair to convert from.
struct Subject<'a> {
    s: &'a [u8],
    utf8: bool,
    at_byte: usize,
    at_char: usize,
}

impl<'a> Subject<'a> {
    /// The subject with `pos` and `endpos` (None: the end) resolved to bytes, clamped as
    /// CPython does, and the start in bytes; `None` if the start is past the end.
    unsafe fn new(obj: mp_obj_t, pos: mp_obj_t, endpos: mp_obj_t) -> Option<(Self, usize)> {
        let utf8 = is_str(obj);
        let s = bytes_of(obj);
        let pos = ffi::mp_obj_get_int(pos).max(0) as usize;
        let endpos = if endpos == NONE {
            usize::MAX
        } else {
            ffi::mp_obj_get_int(endpos).max(0) as usize
        };
        // `chars` code points on from byte `b` (stopping at the end): (byte, count).
        let walk = |mut b: usize, chars: usize| -> (usize, usize) {
            if !utf8 {
                let b2 = (b + chars).min(s.len());
                return (b2, b2 - b);
            }
            let mut n = 0;
            while b < s.len() && n < chars {
                b += 1;
                while b < s.len() && s[b] & 0xc0 == 0x80 {
                    b += 1;
                }
                n += 1;
            }
            (b, n)
        };
        let (from_b, from_c) = if utf8 { anchor(obj, s, pos) } else { (0, 0) };
        let (bpos, walked) = walk(from_b, pos - from_c);
        let cpos = from_c + walked;
        // A count of code points at or past the length in bytes is past the end.
        let bend = if endpos >= s.len() {
            s.len()
        } else if endpos >= pos {
            walk(bpos, endpos - pos).0
        } else {
            walk(0, endpos).0
        };
        if bpos > bend {
            return None;
        }
        let subject = Subject {
            s: &s[..bend],
            utf8,
            at_byte: bpos,
            at_char: cpos,
        };
        Some((subject, bpos))
    }

    /// The code-point position of byte offset `b` (INF: -1).
    fn char_pos(&self, b: u32) -> isize {
        if b == engine::INF {
            return -1;
        }
        let b = b as usize;
        if !self.utf8 {
            b as isize
        } else if b >= self.at_byte {
            (self.at_char + count_chars(&self.s[self.at_byte..b])) as isize
        } else {
            (self.at_char - count_chars(&self.s[b..self.at_byte])) as isize
        }
    }

    /// Moves the known position to byte offset `b`, so that later conversions start there.
    fn advance(&mut self, b: u32) {
        if b != engine::INF && b as usize >= self.at_byte {
            self.at_char = self.char_pos(b) as usize;
            self.at_byte = b as usize;
        }
    }

    /// The subject's text from byte `a` to byte `b`: a str, or bytes (for any buffer, as
    /// CPython).
    unsafe fn part(&self, a: u32, b: u32) -> mp_obj_t {
        text(self.utf8, &self.s[a as usize..b as usize])
    }

    /// Group `g`'s text, or `default` if it did not match.
    unsafe fn group(&self, m: &Matcher, g: usize, default: mp_obj_t) -> mp_obj_t {
        let (a, b) = (m.regs[2 * g], m.regs[2 * g + 1]);
        if a == engine::INF || b == engine::INF {
            default
        } else {
            self.part(a, b)
        }
    }

    /// Appends the match's items to `buf` (see the module's doc).
    unsafe fn spans(&mut self, m: &Matcher, code: &[u32], buf: &mut Vec<mp_obj_t>) {
        let n = 2 * (code[2] as usize + 1);
        buf.push(int(m.lastindex(code).map_or(-1, |g| g as isize)));
        self.advance(m.regs[0]);
        for &r in &m.regs[..n] {
            buf.push(int(self.char_pos(r)));
        }
        if self.utf8 {
            for &r in &m.regs[..n] {
                buf.push(int(if r == engine::INF { -1 } else { r as isize }));
            }
        }
    }
}

fn oom() -> ! {
    raise_msg(
        unsafe { &ffi::mp_type_MemoryError },
        "out of memory in the regular expression matcher",
    )
}

/// Buffers for building results: objects (tuple items) and bytes (a result string).
#[derive(Default)]
struct Scratch {
    objs: Vec<mp_obj_t>,
    bytes: Vec<u8>,
}

/// Runs `f` with the program, the subject and a matcher, all released before any raise.
unsafe fn with_match(
    args: &[mp_obj_t],
    on_empty: impl FnOnce() -> mp_obj_t,
    f: impl FnOnce(&[u32], &mut Subject, usize, &mut Matcher, &mut Scratch) -> mp_obj_t,
) -> mp_obj_t {
    // Both may raise: the subject first, as it owns nothing.
    let Some((mut subject, pos)) = Subject::new(args[1], args[2], args[3]) else {
        return on_empty();
    };
    let prog = program(args[0]);
    let mut matcher = Matcher::new();
    let mut scratch = Scratch::default();
    let result = protect(|| f(prog.code(), &mut subject, pos, &mut matcher, &mut scratch));
    drop((matcher, scratch, prog));
    result.unwrap_or_else(|e| raise(e.0))
}

/// `exec(prog, string, pos, endpos, mode) -> match tuple | None`; mode 0 search, 1 match,
/// 2 fullmatch.
unsafe extern "C" fn exec(_n: usize, args: *const mp_obj_t) -> mp_obj_t {
    let args = core::slice::from_raw_parts(args, 5);
    let mode = match ffi::mp_obj_get_int(args[4]) {
        0 => Mode::Search,
        1 => Mode::Match,
        _ => Mode::Full,
    };
    with_match(
        args,
        || NONE,
        |code, subject, pos, m, buf| {
            let found = match m.exec(code, subject.s, pos, mode, false) {
                Ok(found) => found,
                Err(_) => oom(),
            };
            let mut result = NONE;
            if found {
                subject.spans(m, code, &mut buf.objs);
                result = ffi::mp_obj_new_tuple(buf.objs.len(), buf.objs.as_ptr());
                subject.advance(m.regs[1]);
            }
            if subject.utf8 {
                remember(args[1], subject.at_byte, subject.at_char);
            }
            result
        },
    )
}
py_fn_n!(EXEC_OBJ, 5, exec);

/// `scan(prog, string, pos, endpos, limit) -> list`: the non-overlapping matches (at most
/// `limit`; 0: all), as finditer and a callable sub see them, their match tuples' items one
/// after the other in one flat list (one allocation, however many matches).
unsafe extern "C" fn scan(_n: usize, args: *const mp_obj_t) -> mp_obj_t {
    let args = core::slice::from_raw_parts(args, 5);
    let limit = ffi::mp_obj_get_int(args[4]).max(0) as usize;
    let empty = || ffi::mp_obj_new_list(0, core::ptr::null_mut());
    with_match(args, empty, |code, subject, pos, m, buf| {
        let items = &mut buf.objs;
        let r = m.scan(code, subject.s, pos, limit, |m| {
            // Small ints only: nothing the GC needs to see.
            if items.try_reserve(4 * (code[2] as usize + 1) + 1).is_err() {
                oom();
            }
            subject.spans(m, code, items);
            true
        });
        if r.is_err() {
            oom();
        }
        ffi::mp_obj_new_list(items.len(), items.as_mut_ptr())
    })
}
py_fn_n!(SCAN_OBJ, 5, scan);

/// `findall(prog, string, pos, endpos) -> list`, as CPython's: whole matches when there are
/// no groups, the group when there is one, tuples of groups otherwise ('' when unmatched).
unsafe extern "C" fn findall(_n: usize, args: *const mp_obj_t) -> mp_obj_t {
    let args = core::slice::from_raw_parts(args, 4);
    let empty = || ffi::mp_obj_new_list(0, core::ptr::null_mut());
    with_match(args, empty, |code, subject, pos, m, buf| {
        let list = empty();
        let groups = code[2] as usize;
        let blank = subject.part(0, 0);
        let r = m.scan(code, subject.s, pos, 0, |m| {
            let item = match groups {
                0 => subject.group(m, 0, blank),
                1 => subject.group(m, 1, blank),
                _ => {
                    buf.objs.clear();
                    for g in 1..=groups {
                        buf.objs.push(subject.group(m, g, blank));
                    }
                    ffi::mp_obj_new_tuple(groups, buf.objs.as_ptr())
                }
            };
            ffi::mp_obj_list_append(list, item);
            true
        });
        if r.is_err() {
            oom();
        }
        list
    })
}
py_fn_n!(FINDALL_OBJ, 4, findall);

/// `split(prog, string, maxsplit) -> list`, as CPython's (groups included, None when
/// unmatched).
unsafe extern "C" fn split(prog: mp_obj_t, string: mp_obj_t, maxsplit: mp_obj_t) -> mp_obj_t {
    let args = [prog, string, int(0), NONE];
    let limit = ffi::mp_obj_get_int(maxsplit).max(0) as usize;
    with_match(
        &args,
        || NONE,
        |code, subject, pos, m, _| {
            let list = ffi::mp_obj_new_list(0, core::ptr::null_mut());
            let groups = code[2] as usize;
            let mut last = pos as u32;
            let r = m.scan(code, subject.s, pos, limit, |m| {
                ffi::mp_obj_list_append(list, subject.part(last, m.regs[0]));
                for g in 1..=groups {
                    ffi::mp_obj_list_append(list, subject.group(m, g, NONE));
                }
                last = m.regs[1];
                true
            });
            if r.is_err() {
                oom();
            }
            ffi::mp_obj_list_append(list, subject.part(last, subject.s.len() as u32));
            list
        },
    )
}
py_fn!(SPLIT_OBJ, 3, split);

/// `subn(prog, string, count, template) -> (result, n)`: `template` is a list of literal
/// parts (of the subject's type) and group numbers (re.py parses the template).
unsafe extern "C" fn subn(_n: usize, args: *const mp_obj_t) -> mp_obj_t {
    let args = core::slice::from_raw_parts(args, 4);
    let limit = ffi::mp_obj_get_int(args[2]).max(0) as usize;
    let template = args[3];
    let with = [args[0], args[1], int(0), NONE];
    with_match(
        &with,
        || NONE,
        |code, subject, pos, m, buf| {
            let out = &mut buf.bytes;
            let mut parts: *mut mp_obj_t = core::ptr::null_mut();
            let mut nparts = 0;
            ffi::mp_obj_get_array(template, &mut nparts, &mut parts);
            let parts = core::slice::from_raw_parts(parts, nparts);
            let s = subject.s;
            let (mut last, mut n) = (pos, 0);
            let r = m.scan(code, s, pos, limit, |m| {
                out.extend_from_slice(&s[last..m.regs[0] as usize]);
                for &part in parts {
                    if ffi::is_small_int(part) {
                        let g = ffi::small_int_value(part) as usize;
                        let (a, b) = (m.regs[2 * g], m.regs[2 * g + 1]);
                        if a != engine::INF && b != engine::INF {
                            out.extend_from_slice(&s[a as usize..b as usize]);
                        }
                    } else {
                        out.extend_from_slice(bytes_of(part));
                    }
                }
                last = m.regs[1] as usize;
                n += 1;
                true
            });
            if r.is_err() {
                oom();
            }
            out.extend_from_slice(&s[last..]);
            let result = if subject.utf8 {
                ffi::mp_obj_new_str_copy(&ffi::mp_type_str, out.as_ptr(), out.len())
            } else {
                ffi::mp_obj_new_bytes(out.as_ptr(), out.len())
            };
            let items = [result, int(n)];
            ffi::mp_obj_new_tuple(2, items.as_ptr())
        },
    )
}
py_fn_n!(SUBN_OBJ, 4, subn);

/// A new str (from UTF-8) or bytes.
unsafe fn text(utf8: bool, s: &[u8]) -> mp_obj_t {
    if utf8 {
        ffi::mp_obj_new_str_copy(&ffi::mp_type_str, s.as_ptr(), s.len())
    } else {
        ffi::mp_obj_new_bytes(s.as_ptr(), s.len())
    }
}

/// `slice(string, start, end) -> str | bytes`: the text between two byte offsets (clamped)
/// of a str, or bytes of a buffer.
unsafe extern "C" fn slice(_n: usize, args: *const mp_obj_t) -> mp_obj_t {
    let args = core::slice::from_raw_parts(args, 3);
    let s = bytes_of(args[0]);
    let a = ffi::mp_obj_get_int(args[1]).clamp(0, s.len() as isize) as usize;
    let b = ffi::mp_obj_get_int(args[2]).clamp(a as isize, s.len() as isize) as usize;
    text(is_str(args[0]), &s[a..b])
}
py_fn_n!(SLICE_OBJ, 3, slice);
