//! `json`: `dumps` and `loads` with CPython's output and error messages, written directly
//! against MicroPython objects (no intermediate tree).
//!
//! Both run their work under [`protect`] with their buffers owned outside it, so that a
//! raise from inside (MemoryError, TypeError, a decode error) frees them before it goes on.
//!
//! `unsafe` here: each builtin is called by MicroPython with live objects, as many as its
//! function object declares, and works on them through MicroPython's C API, which is C
//! and so `unsafe` to call; data borrowed from an object is used before anything that
//! could collect it.

use crate::ffi::nlr::{protect, raise, raise_msg};
use crate::ffi::{self, mp_obj_t, NONE};
use crate::objects::{bytes_of, py_fn, py_fn_kw, py_module};

py_module!(upy_module_json, MP_QSTR_json, [
    MP_QSTR_dumps => &DUMPS_OBJ,
    MP_QSTR_loads => &LOADS_OBJ,
]);

/// Nesting deeper than this in `dumps` raises RuntimeError, as CPython's recursion limit does.
const MAX_DUMP_DEPTH: usize = 1000;

/// `dumps(obj, *, indent=None, separators=None, sort_keys=False, ensure_ascii=True,
/// default=None) -> str`
unsafe extern "C" fn dumps(
    n_args: usize,
    args: *const mp_obj_t,
    kw: *mut ffi::mp_map_t,
) -> mp_obj_t {
    if n_args != 1 {
        raise_msg(
            &ffi::mp_type_TypeError,
            "dumps() takes 1 positional argument",
        );
    }
    let kwarg = |q: u32| -> mp_obj_t {
        let e = ffi::mp_map_lookup(kw, ffi::qstr_obj(q), ffi::MP_MAP_LOOKUP);
        if e.is_null() {
            NONE
        } else {
            (*e).value
        }
    };
    let known = [
        ffi::MP_QSTR_indent,
        ffi::MP_QSTR_separators,
        ffi::MP_QSTR_sort_keys,
        ffi::MP_QSTR_ensure_ascii,
        ffi::MP_QSTR_default,
    ];
    if (*kw).used() > known.iter().filter(|&&q| has_key(kw, q)).count() {
        raise_msg(
            &ffi::mp_type_TypeError,
            "dumps() got an unexpected keyword argument (supported: indent, separators, \
             sort_keys, ensure_ascii, default)",
        );
    }
    let indent = kwarg(ffi::MP_QSTR_indent);
    let separators = kwarg(ffi::MP_QSTR_separators);
    let sort_keys = kwarg(ffi::MP_QSTR_sort_keys);
    let ensure_ascii = kwarg(ffi::MP_QSTR_ensure_ascii);
    let default = kwarg(ffi::MP_QSTR_default);

    let mut enc = Encoder::new();
    let result = protect(|| {
        if indent != NONE {
            enc.indent = Some(
                if ffi::is_small_int(indent) || ffi::is_type(indent, &ffi::mp_type_int) {
                    vec![b' '; ffi::mp_obj_get_int(indent).max(0) as usize]
                } else {
                    bytes_of(indent).to_vec()
                },
            );
            enc.item_sep = b",".to_vec();
        }
        if separators != NONE {
            let mut items: *mut mp_obj_t = core::ptr::null_mut();
            ffi::mp_obj_get_array_fixed_n(separators, 2, &mut items);
            enc.item_sep = bytes_of(*items).to_vec();
            enc.key_sep = bytes_of(*items.add(1)).to_vec();
        }
        enc.sort_keys = sort_keys != NONE && ffi::mp_obj_is_true(sort_keys);
        enc.ensure_ascii =
            !has_key(kw, ffi::MP_QSTR_ensure_ascii) || ffi::mp_obj_is_true(ensure_ascii);
        enc.default = default;
        enc.encode(*args, 0);
        ffi::mp_obj_new_str_copy(&ffi::mp_type_str, enc.out.as_ptr(), enc.out.len())
    });
    drop(enc);
    result.unwrap_or_else(|e| raise(e.0))
}
py_fn_kw!(DUMPS_OBJ, 1, dumps);

unsafe fn has_key(map: *mut ffi::mp_map_t, q: u32) -> bool {
    !ffi::mp_map_lookup(map, ffi::qstr_obj(q), ffi::MP_MAP_LOOKUP).is_null()
}

/// `json.dumps(obj)` with default settings, for other native code.
pub fn dumps_to_str(obj: mp_obj_t) -> mp_obj_t {
    let mut enc = Encoder::new();
    let result = protect(|| unsafe {
        enc.encode(obj, 0);
        ffi::mp_obj_new_str_copy(&ffi::mp_type_str, enc.out.as_ptr(), enc.out.len())
    });
    drop(enc);
    result.unwrap_or_else(|e| raise(e.0))
}

struct Encoder {
    out: Vec<u8>,
    indent: Option<Vec<u8>>,
    item_sep: Vec<u8>,
    key_sep: Vec<u8>,
    sort_keys: bool,
    ensure_ascii: bool,
    default: mp_obj_t,
}

/// `repr(o)` appended to `out` (ints and floats print as JSON wants them).
unsafe fn append_repr(out: &mut Vec<u8>, o: mp_obj_t) {
    let print = ffi::vec_printer(out);
    ffi::mp_obj_print_helper(&print, o, ffi::PRINT_REPR);
}

impl Encoder {
    fn new() -> Self {
        Encoder {
            out: Vec::new(),
            indent: None,
            item_sep: b", ".to_vec(),
            key_sep: b": ".to_vec(),
            sort_keys: false,
            ensure_ascii: true,
            default: NONE,
        }
    }

    fn newline(&mut self, depth: usize) {
        if let Some(indent) = &self.indent {
            self.out.push(b'\n');
            for _ in 0..depth {
                self.out.extend_from_slice(indent);
            }
        }
    }

    unsafe fn encode(&mut self, o: mp_obj_t, depth: usize) {
        if depth > MAX_DUMP_DEPTH {
            raise_msg(
                &ffi::mp_type_RuntimeError,
                "maximum recursion depth exceeded",
            );
        }
        if o == NONE {
            self.out.extend_from_slice(b"null");
        } else if o == ffi::TRUE {
            self.out.extend_from_slice(b"true");
        } else if o == ffi::FALSE {
            self.out.extend_from_slice(b"false");
        } else if ffi::is_small_int(o) || ffi::is_type(o, &ffi::mp_type_int) {
            append_repr(&mut self.out, o);
        } else if ffi::is_type(o, &ffi::mp_type_float) {
            self.float(o);
        } else if ffi::is_qstr(o) || ffi::is_type(o, &ffi::mp_type_str) {
            self.string(bytes_of(o));
        } else if ffi::is_type(o, &ffi::mp_type_list) || ffi::is_type(o, &ffi::mp_type_tuple) {
            let mut len = 0;
            let mut items: *mut mp_obj_t = core::ptr::null_mut();
            ffi::mp_obj_get_array(o, &mut len, &mut items);
            if len == 0 {
                self.out.extend_from_slice(b"[]");
                return;
            }
            self.out.push(b'[');
            for i in 0..len {
                if i > 0 {
                    self.out.extend_from_slice(&self.item_sep);
                }
                self.newline(depth + 1);
                self.encode(*items.add(i), depth + 1);
            }
            self.newline(depth);
            self.out.push(b']');
        } else if ffi::mp_obj_is_dict_or_ordereddict(o) {
            self.dict(o, depth);
        } else if let Some(base) = native_base(o) {
            // A subclass of a JSON type (IntEnum, Counter, ...) encodes as its base, as in
            // CPython.
            self.encode(base, depth);
        } else if self.default != NONE {
            let replacement = ffi::mp_call_function_1(self.default, o);
            self.encode(replacement, depth + 1);
        } else {
            let type_name = core::ffi::CStr::from_ptr(ffi::mp_obj_get_type_str(o));
            raise_msg(
                &ffi::mp_type_TypeError,
                format!(
                    "Object of type {} is not JSON serializable",
                    type_name.to_string_lossy()
                ),
            );
        }
    }

    unsafe fn float(&mut self, o: mp_obj_t) {
        let v = ffi::mp_obj_get_float(o);
        if v.is_nan() {
            self.out.extend_from_slice(b"NaN");
        } else if v.is_infinite() {
            self.out
                .extend_from_slice(if v > 0.0 { b"Infinity" } else { b"-Infinity" });
        } else {
            append_repr(&mut self.out, o);
        }
    }

    unsafe fn dict(&mut self, o: mp_obj_t, depth: usize) {
        let map = &(*(o as *mut ffi::mp_obj_dict_t)).map;
        let mut items: Vec<(Vec<u8>, mp_obj_t, mp_obj_t)> = Vec::with_capacity(map.used());
        for i in 0..map.alloc {
            let e = &*map.table.add(i);
            if e.key.is_null() || e.key == ffi::SENTINEL {
                continue; // empty or deleted slot
            }
            items.push((self.key(e.key), e.key, e.value));
        }
        if self.sort_keys {
            sort_by_key(&mut items);
        }
        if items.is_empty() {
            self.out.extend_from_slice(b"{}");
            return;
        }
        self.out.push(b'{');
        for (i, (key, _, value)) in items.iter().enumerate() {
            if i > 0 {
                self.out.extend_from_slice(&self.item_sep);
            }
            self.newline(depth + 1);
            self.out.extend_from_slice(key);
            self.out.extend_from_slice(&self.key_sep);
            self.encode(*value, depth + 1);
        }
        self.newline(depth);
        self.out.push(b'}');
    }

    /// A dict key, encoded: CPython accepts str, int, float, bool and None keys.
    unsafe fn key(&mut self, k: mp_obj_t) -> Vec<u8> {
        let saved = core::mem::take(&mut self.out);
        if ffi::is_qstr(k) || ffi::is_type(k, &ffi::mp_type_str) {
            self.string(bytes_of(k));
        } else if k == NONE || k == ffi::TRUE || k == ffi::FALSE {
            self.out.push(b'"');
            self.encode(k, 0);
            self.out.push(b'"');
        } else if ffi::is_small_int(k) || ffi::is_type(k, &ffi::mp_type_int) {
            self.out.push(b'"');
            append_repr(&mut self.out, k);
            self.out.push(b'"');
        } else if ffi::is_type(k, &ffi::mp_type_float) {
            self.out.push(b'"');
            self.float(k);
            self.out.push(b'"');
        } else {
            self.out = saved;
            let type_name = core::ffi::CStr::from_ptr(ffi::mp_obj_get_type_str(k));
            raise_msg(
                &ffi::mp_type_TypeError,
                format!(
                    "keys must be str, int, float, bool or None, not {}",
                    type_name.to_string_lossy()
                ),
            );
        }
        core::mem::replace(&mut self.out, saved)
    }

    fn string(&mut self, s: &[u8]) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let out = &mut self.out;
        out.push(b'"');
        let text = core::str::from_utf8(s).unwrap_or("");
        for c in text.chars() {
            match c {
                '"' => out.extend_from_slice(b"\\\""),
                '\\' => out.extend_from_slice(b"\\\\"),
                '\n' => out.extend_from_slice(b"\\n"),
                '\r' => out.extend_from_slice(b"\\r"),
                '\t' => out.extend_from_slice(b"\\t"),
                '\u{8}' => out.extend_from_slice(b"\\b"),
                '\u{c}' => out.extend_from_slice(b"\\f"),
                ' '..='~' => out.push(c as u8),
                c if (c as u32) < 0x20 || (self.ensure_ascii && c as u32 >= 0x7f) => {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        out.extend_from_slice(b"\\u");
                        for shift in [12, 8, 4, 0] {
                            out.push(HEX[(*unit as usize >> shift) & 0xf]);
                        }
                    }
                }
                c => {
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
            }
        }
        out.push(b'"');
    }
}

/// `loads(s: str | bytes) -> object`
unsafe extern "C" fn loads(s: mp_obj_t) -> mp_obj_t {
    loads_obj(s)
}
py_fn!(LOADS_OBJ, 1, loads);

/// `json.loads(s)` for other native code.
pub fn loads_obj(s: mp_obj_t) -> mp_obj_t {
    let src = unsafe { bytes_of(s) };
    // bytes are decoded first, as CPython does: the parser copies string contents as they are,
    // and a str holding invalid UTF-8 breaks every str operation after (found by fuzzing).
    if !ffi::is_qstr(s) && !ffi::is_type(s, unsafe { &ffi::mp_type_str }) {
        if let Err(e) = core::str::from_utf8(src) {
            let msg = crate::objects::utf8_error_message(src, e);
            raise_msg(unsafe { &ffi::mp_type_UnicodeError }, msg);
        }
    }
    let mut parser = Parser {
        src,
        pos: 0,
        stack: Vec::new(),
        scratch: Vec::new(),
    };
    let result = protect(|| unsafe { parser.parse() });
    drop(parser);
    result.unwrap_or_else(|e| raise(e.0))
}

/// An open container while parsing: JSON is parsed without recursion, so nesting depth is
/// bounded by memory, not by the wasm stack.
enum Open {
    List(mp_obj_t),
    Dict(mp_obj_t, mp_obj_t),
}

struct Parser<'a> {
    src: &'a [u8],
    pos: usize,
    stack: Vec<Open>,
    scratch: Vec<u8>,
}

impl Parser<'_> {
    /// Raises ValueError with CPython's wording and position.
    fn fail(&self, msg: &str, at: usize) -> ! {
        let before = &self.src[..at.min(self.src.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let chars = |b: &[u8]| b.iter().filter(|&&c| c & 0xc0 != 0x80).count();
        let column = chars(&before[line_start..]) + 1;
        let char_pos = chars(before);
        raise_msg(
            unsafe { &ffi::mp_type_ValueError },
            format!("{msg}: line {line} column {column} (char {char_pos})"),
        )
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.src.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    unsafe fn parse(&mut self) -> mp_obj_t {
        'value: loop {
            self.skip_ws();
            let mut value = match self.peek() {
                Some(b'[') => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        ffi::mp_obj_new_list(0, core::ptr::null_mut())
                    } else {
                        self.stack
                            .push(Open::List(ffi::mp_obj_new_list(0, core::ptr::null_mut())));
                        continue 'value;
                    }
                }
                Some(b'{') => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        ffi::mp_obj_new_dict(0)
                    } else {
                        let key = self.key();
                        self.stack.push(Open::Dict(ffi::mp_obj_new_dict(0), key));
                        continue 'value;
                    }
                }
                _ => self.scalar(),
            };
            // A value is complete: place it in its container, closing containers as they end.
            loop {
                let is_list = match self.stack.last() {
                    None => {
                        self.skip_ws();
                        if self.pos != self.src.len() {
                            self.fail("Extra data", self.pos);
                        }
                        return value;
                    }
                    Some(Open::List(list)) => {
                        ffi::mp_obj_list_append(*list, value);
                        true
                    }
                    Some(Open::Dict(dict, key)) => {
                        ffi::mp_obj_dict_store(*dict, *key, value);
                        false
                    }
                };
                self.skip_ws();
                match (self.peek(), is_list) {
                    (Some(b','), true) => {
                        self.pos += 1;
                        continue 'value;
                    }
                    (Some(b','), false) => {
                        self.pos += 1;
                        self.skip_ws();
                        let key = self.key();
                        if let Some(Open::Dict(_, k)) = self.stack.last_mut() {
                            *k = key;
                        }
                        continue 'value;
                    }
                    (Some(b']'), true) | (Some(b'}'), false) => {
                        self.pos += 1;
                        value = match self.stack.pop() {
                            Some(Open::List(o)) | Some(Open::Dict(o, _)) => o,
                            None => unreachable!(),
                        };
                    }
                    _ => self.fail("Expecting ',' delimiter", self.pos),
                }
            }
        }
    }

    /// A dict key and the ':' after it.
    unsafe fn key(&mut self) -> mp_obj_t {
        if self.peek() != Some(b'"') {
            self.fail(
                "Expecting property name enclosed in double quotes",
                self.pos,
            );
        }
        let key = self.string();
        self.skip_ws();
        if self.peek() != Some(b':') {
            self.fail("Expecting ':' delimiter", self.pos);
        }
        self.pos += 1;
        key
    }

    unsafe fn scalar(&mut self) -> mp_obj_t {
        let rest = &self.src[self.pos..];
        let literal = |word: &[u8]| rest.starts_with(word);
        let (value, len) = match self.peek() {
            Some(b'"') => return self.string(),
            Some(b'-' | b'0'..=b'9') if !literal(b"-Infinity") => return self.number(),
            _ if literal(b"null") => (NONE, 4),
            _ if literal(b"true") => (ffi::TRUE, 4),
            _ if literal(b"false") => (ffi::FALSE, 5),
            _ if literal(b"NaN") => (ffi::mp_obj_new_float(f64::NAN), 3),
            _ if literal(b"Infinity") => (ffi::mp_obj_new_float(f64::INFINITY), 8),
            _ if literal(b"-Infinity") => (ffi::mp_obj_new_float(f64::NEG_INFINITY), 9),
            _ => self.fail("Expecting value", self.pos),
        };
        self.pos += len;
        value
    }

    unsafe fn number(&mut self) -> mp_obj_t {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while let Some(b'0'..=b'9') = p.peek() {
                p.pos += 1;
            }
            p.pos - from
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        if digits(self) == 0 {
            self.fail("Expecting value", start);
        }
        if self.src[int_start] == b'0' && self.pos - int_start > 1 {
            // CPython reads "01" as 0 followed by extra data.
            self.pos = int_start + 1;
        }
        let mut is_float = false;
        if self.peek() == Some(b'.') && self.src.get(self.pos + 1).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
            digits(self);
            is_float = true;
        }
        if let Some(b'e' | b'E') = self.peek() {
            let save = self.pos;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if digits(self) == 0 {
                self.pos = save;
            } else {
                is_float = true;
            }
        }
        let text = &self.src[start..self.pos];
        let ptr = text.as_ptr() as *const core::ffi::c_char;
        if is_float {
            ffi::mp_parse_num_decimal(ptr, text.len(), false, false, core::ptr::null_mut())
        } else {
            ffi::mp_parse_num_integer(ptr, text.len(), 10, core::ptr::null_mut())
        }
    }

    /// A string starting at the opening quote.
    unsafe fn string(&mut self) -> mp_obj_t {
        let start = self.pos;
        self.pos += 1;
        self.scratch.clear();
        loop {
            let Some(b) = self.peek() else {
                self.fail("Unterminated string starting at", start);
            };
            match b {
                b'"' => break,
                b'\\' => self.escape(),
                0..=0x1f => self.fail("Invalid control character at", self.pos),
                _ => {
                    self.scratch.push(b);
                    self.pos += 1;
                }
            }
        }
        self.pos += 1;
        crate::objects::new_str(&self.scratch)
    }

    fn escape(&mut self) {
        let at = self.pos;
        let c = self.src.get(at + 1).copied();
        self.pos += 2;
        let simple = match c {
            Some(b'"') => b'"',
            Some(b'\\') => b'\\',
            Some(b'/') => b'/',
            Some(b'b') => 8,
            Some(b'f') => 12,
            Some(b'n') => b'\n',
            Some(b'r') => b'\r',
            Some(b't') => b'\t',
            Some(b'u') => {
                let mut code = self.hex4(at);
                if (0xd800..0xdc00).contains(&code)
                    && self.src.get(self.pos..self.pos + 2) == Some(b"\\u")
                {
                    let save = self.pos;
                    self.pos += 2;
                    let low = self.hex4(save);
                    if (0xdc00..0xe000).contains(&low) {
                        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
                    } else {
                        self.pos = save;
                    }
                }
                // MicroPython's str is UTF-8 and cannot hold a lone surrogate.
                let ch = char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
                let mut buf = [0u8; 4];
                self.scratch
                    .extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                return;
            }
            _ => self.fail("Invalid \\escape", at),
        };
        self.scratch.push(simple);
    }

    fn hex4(&mut self, escape_at: usize) -> u32 {
        let digits = self.src.get(self.pos..self.pos + 4);
        let code = digits
            .and_then(|d| core::str::from_utf8(d).ok())
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|d| u32::from_str_radix(d, 16).ok());
        match code {
            Some(code) => {
                self.pos += 4;
                code
            }
            // CPython points at the 'u'.
            None => self.fail("Invalid \\uXXXX escape", escape_at + 1),
        }
    }
}

/// The built-in JSON type object `o` is an instance of a subclass of, as that built-in.
unsafe fn native_base(o: mp_obj_t) -> Option<mp_obj_t> {
    let types: [&ffi::mp_obj_type_t; 6] = [
        &ffi::mp_type_int,
        &ffi::mp_type_float,
        &ffi::mp_type_str,
        &ffi::mp_type_list,
        &ffi::mp_type_tuple,
        &ffi::mp_type_dict,
    ];
    types.iter().find_map(|&t| {
        let base = ffi::mp_obj_cast_to_native_base(o, t as *const _ as ffi::mp_const_obj_t);
        (!base.is_null() && base != o).then_some(base)
    })
}

/// `sort_keys`: orders dict items by their keys as Python compares them (str by code point,
/// which UTF-8 byte order gives; numbers by value), not by their encodings, where `"` sorts
/// after a space. Keys of both kinds cannot be ordered: TypeError, as in CPython.
unsafe fn sort_by_key(items: &mut Vec<(Vec<u8>, mp_obj_t, mp_obj_t)>) {
    if items.len() < 2 {
        return;
    }
    let is_str = |k: mp_obj_t| ffi::is_qstr(k) || ffi::is_type(k, &ffi::mp_type_str);
    if items.iter().all(|item| is_str(item.1)) {
        items.sort_by(|a, b| bytes_of(a.1).cmp(bytes_of(b.1)));
    } else if items.iter().all(|item| !is_str(item.1) && item.1 != NONE) {
        let less = |a, b| ffi::mp_binary_op(ffi::MP_BINARY_OP_LESS, a, b) == ffi::TRUE;
        items.sort_by(|a, b| {
            if less(a.1, b.1) {
                core::cmp::Ordering::Less
            } else if less(b.1, a.1) {
                core::cmp::Ordering::Greater
            } else {
                core::cmp::Ordering::Equal
            }
        });
    } else {
        core::mem::take(items);
        raise_msg(
            &ffi::mp_type_TypeError,
            "'<' not supported between dict keys of different types",
        );
    }
}
