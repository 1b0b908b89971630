//! Python objects from Rust: the helpers native modules are written with (static module and
//! function objects, the bytes of a str, new objects), and the Rust halves of our edits to
//! MicroPython's object types (patches/), where CPython's behaviour needed more than C.
//!
//! `unsafe` here: each builtin is called by MicroPython with live objects, as many as its
//! function object declares, and works on them through MicroPython's C API, which is C
//! and so `unsafe` to call; data borrowed from an object is used before anything that
//! could collect it.

mod annotations;
mod floatfmt;
mod sort;
mod strings;

use crate::ffi::{self, mp_obj_t};

/// A static MicroPython object: raw pointers are not `Sync`, but these are immutable and the
/// target is single-threaded.
#[repr(transparent)]
pub struct Rom<T>(pub T);
unsafe impl<T> Sync for Rom<T> {}

/// A ROM map entry `name => object`.
pub const fn entry(key: u32, value: *const core::ffi::c_void) -> ffi::mp_rom_map_elem_t {
    ffi::mp_rom_map_elem_t {
        key: ffi::qstr_obj(key) as _,
        value,
    }
}

/// The `mp_map_t` header of a fixed, ordered map whose keys are all qstrs.
pub const fn rom_map(table: &'static [ffi::mp_rom_map_elem_t]) -> ffi::mp_map_t {
    let bits = (table.len() << 3) | 0b111; // all_keys_are_qstrs, is_fixed, is_ordered, used
    ffi::mp_map_t {
        _bitfield_align_1: [],
        _bitfield_1: ffi::__BindgenBitfieldUnit::new(bits.to_le_bytes()),
        alloc: table.len(),
        table: table.as_ptr() as *mut ffi::mp_map_elem_t,
    }
}

/// Defines a module object `$sym` (exported to C) from a list of `name => object` entries.
macro_rules! py_module {
    ($sym:ident, $name:ident, [$($key:ident => $value:expr),* $(,)?]) => {
        static TABLE: $crate::objects::Rom<&[$crate::ffi::mp_rom_map_elem_t]> = $crate::objects::Rom(&[
            $crate::objects::entry($crate::ffi::MP_QSTR___name__, $crate::ffi::qstr_obj($crate::ffi::$name) as _),
            $($crate::objects::entry($crate::ffi::$key, $value as *const _ as *const core::ffi::c_void)),*
        ]);
        static GLOBALS: $crate::objects::Rom<$crate::ffi::mp_obj_dict_t> =
            $crate::objects::Rom($crate::ffi::mp_obj_dict_t {
                base: $crate::ffi::mp_obj_base_t { type_: &raw const $crate::ffi::mp_type_dict },
                map: $crate::objects::rom_map(TABLE.0),
            });
        #[no_mangle]
        pub static $sym: $crate::objects::Rom<$crate::ffi::mp_obj_module_t> =
            $crate::objects::Rom($crate::ffi::mp_obj_module_t {
                base: $crate::ffi::mp_obj_base_t { type_: &raw const $crate::ffi::mp_type_module },
                globals: &GLOBALS as *const _ as *mut $crate::ffi::mp_obj_dict_t,
            });
    };
}
pub(crate) use py_module;

/// A builtin function object taking `$n` (0..=3) positional arguments.
macro_rules! py_fn {
    ($name:ident, 0, $f:path) => { $crate::objects::py_fn!(@ $name, mp_type_fun_builtin_0, _0, $f); };
    ($name:ident, 1, $f:path) => { $crate::objects::py_fn!(@ $name, mp_type_fun_builtin_1, _1, $f); };
    ($name:ident, 2, $f:path) => { $crate::objects::py_fn!(@ $name, mp_type_fun_builtin_2, _2, $f); };
    ($name:ident, 3, $f:path) => { $crate::objects::py_fn!(@ $name, mp_type_fun_builtin_3, _3, $f); };
    (@ $name:ident, $ty:ident, $field:ident, $f:path) => {
        static $name: $crate::objects::Rom<$crate::ffi::mp_obj_fun_builtin_fixed_t> =
            $crate::objects::Rom($crate::ffi::mp_obj_fun_builtin_fixed_t {
                base: $crate::ffi::mp_obj_base_t { type_: &raw const $crate::ffi::$ty },
                fun: $crate::ffi::_mp_obj_fun_builtin_fixed_t__bindgen_ty_1 { $field: Some($f) },
            });
    };
}
pub(crate) use py_fn;

/// A builtin function object taking `$min..=$max` positional arguments (`$max` may be
/// `u16::MAX as u32`: any number).
macro_rules! py_fn_var {
    ($name:ident, $min:expr, $max:expr, $f:path) => {
        static $name: $crate::objects::Rom<$crate::ffi::mp_obj_fun_builtin_var_t> =
            $crate::objects::Rom($crate::ffi::mp_obj_fun_builtin_var_t {
                base: $crate::ffi::mp_obj_base_t {
                    type_: &raw const $crate::ffi::mp_type_fun_builtin_var,
                },
                sig: $crate::ffi::fun_sig($min, $max, false),
                fun: $crate::ffi::_mp_obj_fun_builtin_var_t__bindgen_ty_1 { var: Some($f) },
            });
    };
}
pub(crate) use py_fn_var;

/// A builtin function object taking positional and keyword arguments.
macro_rules! py_fn_kw {
    ($name:ident, $min:expr, $f:path) => {
        static $name: $crate::objects::Rom<$crate::ffi::mp_obj_fun_builtin_var_t> =
            $crate::objects::Rom($crate::ffi::mp_obj_fun_builtin_var_t {
                base: $crate::ffi::mp_obj_base_t {
                    type_: &raw const $crate::ffi::mp_type_fun_builtin_var,
                },
                sig: $crate::ffi::fun_sig($min, u16::MAX as u32, true),
                fun: $crate::ffi::_mp_obj_fun_builtin_var_t__bindgen_ty_1 { kw: Some($f) },
            });
    };
}
pub(crate) use py_fn_kw;

/// The bytes of a `str` or `bytes` object (raises TypeError for anything else).
///
/// # Safety
/// The slice borrows the object's data: use it before the object can be collected.
pub unsafe fn bytes_of<'a>(o: mp_obj_t) -> &'a [u8] {
    let mut info = ffi::mp_buffer_info_t {
        buf: core::ptr::null_mut(),
        len: 0,
        typecode: 0,
    };
    if ffi::is_type(o, &ffi::mp_type_str) || ffi::is_qstr(o) {
        let mut len = 0;
        let p = ffi::mp_obj_str_get_data(o, &mut len);
        return core::slice::from_raw_parts(p as *const u8, len);
    }
    if !ffi::mp_get_buffer(o, &mut info, ffi::MP_BUFFER_READ as _) {
        crate::ffi::nlr::raise_msg(&ffi::mp_type_TypeError, "expected str or bytes");
    }
    core::slice::from_raw_parts(info.buf as *const u8, info.len)
}

/// A new `str` (raises UnicodeError if `data` is not UTF-8).
pub fn new_str(data: &[u8]) -> mp_obj_t {
    unsafe { ffi::mp_obj_new_str(data.as_ptr() as *const _, data.len()) }
}

pub fn new_bytes(data: &[u8]) -> mp_obj_t {
    unsafe { ffi::mp_obj_new_bytes(data.as_ptr(), data.len()) }
}

/// CPython's wording for a UTF-8 decoding error.
pub fn utf8_error_message(data: &[u8], e: core::str::Utf8Error) -> String {
    let at = e.valid_up_to();
    let reason = match (e.error_len(), data[at]) {
        (None, _) => "unexpected end of data",
        (Some(_), 0xc2..=0xf4) => "invalid continuation byte",
        (Some(_), _) => "invalid start byte",
    };
    format!(
        "'utf-8' codec can't decode byte 0x{:02x} in position {at}: {reason}",
        data[at]
    )
}
