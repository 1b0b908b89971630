// <stdlib.h> for a freestanding wasm32 build: only declarations the core may name.
#ifndef UPY_STDLIB_H
#define UPY_STDLIB_H
#include <stddef.h>
void *malloc(size_t n);
void free(void *p);
void *realloc(void *p, size_t n);
_Noreturn void abort(void);
#endif
