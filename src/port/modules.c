// Registers the native modules written in Rust (src/modules/), and the port's root pointer.
// MicroPython finds MP_REGISTER_MODULE / MP_REGISTER_ROOT_POINTER by scanning C sources
// (see build.rs), so these lines must be C; the module objects themselves are Rust statics.
#include "py/obj.h"

extern const mp_obj_module_t upy_module_extism_pdk;
MP_REGISTER_MODULE(MP_QSTR__extism_pdk, upy_module_extism_pdk);

extern const mp_obj_module_t upy_module_json;
MP_REGISTER_MODULE(MP_QSTR_json, upy_module_json);

extern const mp_obj_module_t upy_module__re;
MP_REGISTER_MODULE(MP_QSTR__re, upy_module__re);
// The last str subject re matched, kept alive while its positions are cached (src/modules/re).
MP_REGISTER_ROOT_POINTER(mp_obj_t upy_re_subject);

// The plug-in's exported functions, in export-index order (a list), kept alive for the GC.
MP_REGISTER_ROOT_POINTER(mp_obj_t upy_exports);

extern const mp_obj_module_t upy_module_upy;
MP_REGISTER_MODULE(MP_QSTR__upy, upy_module_upy);
