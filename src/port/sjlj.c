// Runtime helpers for clang's wasm setjmp/longjmp lowering (-mllvm -wasm-enable-sjlj).
// MicroPython's nlr (MICROPY_NLR_SETJMP) is setjmp/longjmp; clang turns each setjmp into
// __wasm_setjmp plus a try_table catching the __c_longjmp tag, and each longjmp into
// __wasm_longjmp, which throws. No JS, no Asyncify: a raise costs one wasm exception.
#include <stdint.h>

// clang 22 no longer defines the C longjmp tag itself.
__asm__(".globl __c_longjmp\n.tagtype __c_longjmp i32\n__c_longjmp:\n");

struct jmp_buf_impl {
    void *func_invocation_id; // identifies the activation of the function that called setjmp
    uint32_t label;           // which setjmp in that function
    // What __wasm_longjmp throws: the target env and the value setjmp returns.
    struct {
        void *env;
        int val;
    } arg;
};

void __wasm_setjmp(void *env, uint32_t label, void *func_invocation_id) {
    struct jmp_buf_impl *jb = env;
    jb->func_invocation_id = func_invocation_id;
    jb->label = label;
}

uint32_t __wasm_setjmp_test(void *env, void *func_invocation_id) {
    struct jmp_buf_impl *jb = env;
    return jb->func_invocation_id == func_invocation_id ? jb->label : 0;
}

_Noreturn void __wasm_longjmp(void *env, int val) {
    struct jmp_buf_impl *jb = env;
    jb->arg.env = env;
    jb->arg.val = val == 0 ? 1 : val;
    __builtin_wasm_throw(1, &jb->arg);
}
