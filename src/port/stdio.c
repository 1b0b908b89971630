// sys.stdin, sys.stdout and sys.stderr, and print() as CPython's.
//
// In a plug-in, sys.stdout writes to the Extism log at info level and sys.stderr at error
// level, a line per message (src/port/hal.rs); while the CLI builds a plug-in or runs a
// script, both are captured. There is no standard input: reading it is an OSError.
//
// print(*objects, sep=' ', end='\n', file=None, flush=False): `file` None is sys.stdout; a
// native stream (sys.stdout, io.StringIO...) is written directly, any other object through its
// `write` method, once per piece as CPython does; `flush` calls the file's `flush` if it has
// one (the log itself receives whole lines, so flushing sys.stdout sends no partial line).
#include "py/runtime.h"
#include "py/mphal.h"
#include "py/objstr.h"
#include "py/objtype.h"
#include "py/stream.h"
#include "py/mperrno.h"
#include "upy.h"

typedef struct _upy_stdio_obj_t {
    mp_obj_base_t base;
    int fd; // 0 stdin, 1 stdout, 2 stderr
} upy_stdio_obj_t;

static const char *const stdio_names[] = {"stdin", "stdout", "stderr"};

static void stdio_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    upy_stdio_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<_io.TextIOWrapper name='<%s>'>", stdio_names[self->fd]);
}

static mp_uint_t stdio_read(mp_obj_t self_in, void *buf, mp_uint_t size, int *errcode) {
    *errcode = MP_EBADF; // a plug-in has no standard input
    return MP_STREAM_ERROR;
}

static mp_uint_t stdio_write(mp_obj_t self_in, const void *buf, mp_uint_t size, int *errcode) {
    upy_stdio_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->fd == 0) {
        *errcode = MP_EBADF;
        return MP_STREAM_ERROR;
    }
    if (self->fd == 2) {
        upy_hal_stderr_tx_strn(buf, size);
    } else {
        mp_hal_stdout_tx_strn(buf, size);
    }
    return size;
}

static mp_uint_t stdio_ioctl(mp_obj_t self_in, mp_uint_t request, uintptr_t arg, int *errcode) {
    if (request == MP_STREAM_FLUSH) {
        return 0;
    }
    *errcode = MP_EINVAL;
    return MP_STREAM_ERROR;
}

static const mp_stream_p_t stdio_stream_p = {
    .read = stdio_read,
    .write = stdio_write,
    .ioctl = stdio_ioctl,
    .is_text = true,
};

static const mp_rom_map_elem_t stdio_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&mp_stream_write_obj) },
    { MP_ROM_QSTR(MP_QSTR_flush), MP_ROM_PTR(&mp_stream_flush_obj) },
    { MP_ROM_QSTR(MP_QSTR_read), MP_ROM_PTR(&mp_stream_read_obj) },
    { MP_ROM_QSTR(MP_QSTR_readline), MP_ROM_PTR(&mp_stream_unbuffered_readline_obj) },
};
static MP_DEFINE_CONST_DICT(stdio_locals_dict, stdio_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(
    upy_type_stdio,
    MP_QSTR_TextIOWrapper,
    MP_TYPE_FLAG_ITER_IS_STREAM,
    print, stdio_print,
    protocol, &stdio_stream_p,
    locals_dict, &stdio_locals_dict
    );

const upy_stdio_obj_t mp_sys_stdin_obj = {{&upy_type_stdio}, 0};
const upy_stdio_obj_t mp_sys_stdout_obj = {{&upy_type_stdio}, 1};
const upy_stdio_obj_t mp_sys_stderr_obj = {{&upy_type_stdio}, 2};

// Writes str(obj) (or obj itself, a str already) to `file`.
static void print_piece(mp_obj_t file, const mp_print_t *stream, mp_obj_t obj) {
    if (stream != NULL) {
        mp_obj_print_helper(stream, obj, PRINT_STR);
    } else {
        mp_obj_t text = mp_obj_is_str(obj) ? obj : mp_obj_str_make_new(&mp_type_str, 1, 0, &obj);
        mp_obj_t dest[3];
        mp_load_method(file, MP_QSTR_write, dest);
        dest[2] = text;
        mp_call_method_n_kw(1, 0, dest);
    }
}

// sep and end: a str, or None for the default.
static mp_obj_t str_or_default(mp_obj_t arg, qstr name, qstr dflt) {
    if (arg == mp_const_none) {
        return MP_OBJ_NEW_QSTR(dflt);
    }
    if (!mp_obj_is_str(arg)) {
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("%q must be None or a string, not %s"),
            name, mp_obj_get_type_str(arg));
    }
    return arg;
}

mp_obj_t upy_builtin_print(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum { ARG_sep, ARG_end, ARG_file, ARG_flush };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_sep, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
        { MP_QSTR_end, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
        { MP_QSTR_file, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
        { MP_QSTR_flush, MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = false} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(0, NULL, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);
    mp_obj_t sep = str_or_default(args[ARG_sep].u_obj, MP_QSTR_sep, MP_QSTR__space_);
    mp_obj_t end = str_or_default(args[ARG_end].u_obj, MP_QSTR_end, MP_QSTR__0x0a_);
    mp_obj_t file = args[ARG_file].u_obj;
    if (file == mp_const_none) {
        file = MP_OBJ_FROM_PTR(&mp_sys_stdout_obj);
    }
    // A native stream takes the text directly; anything else (a Python class, io.IOBase's
    // subclasses included) through its write method, as CPython calls it.
    const mp_obj_type_t *type = mp_obj_get_type(file);
    mp_print_t stream_print = {MP_OBJ_TO_PTR(file), mp_stream_write_adaptor};
    const mp_print_t *stream = NULL;
    if (!mp_obj_is_instance_type(type) && MP_OBJ_TYPE_HAS_SLOT(type, protocol)) {
        mp_get_stream_raise(file, MP_STREAM_OP_WRITE);
        stream = &stream_print;
    }
    for (size_t i = 0; i < n_args; i++) {
        if (i > 0) {
            print_piece(file, stream, sep);
        }
        print_piece(file, stream, pos_args[i]);
    }
    print_piece(file, stream, end);
    if (args[ARG_flush].u_bool) {
        mp_obj_t dest[2];
        mp_load_method_maybe(file, MP_QSTR_flush, dest);
        if (dest[0] != MP_OBJ_NULL) {
            mp_call_method_n_kw(0, 0, dest);
        }
    }
    return mp_const_none;
}
