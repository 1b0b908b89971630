// setjmp/longjmp for MicroPython's nlr: clang lowers them (-mllvm -wasm-enable-sjlj) to
// calls of __wasm_setjmp & co. (src/port/sjlj.c) and a wasm exception, so no bodies exist.
#ifndef UPY_SETJMP_H
#define UPY_SETJMP_H
typedef unsigned long jmp_buf[8];
int setjmp(jmp_buf env) __attribute__((returns_twice));
_Noreturn void longjmp(jmp_buf env, int val);
#endif
