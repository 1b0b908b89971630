// The one place Rust enters code that may raise: setjmp cannot be called from Rust, so
// this runs a Rust callback under nlr_push and hands back the exception, if any.
#include "py/nlr.h"
#include "py/obj.h"
#include "upy.h"

// Returns NULL on success, else the raised exception object.
void *upy_protect(void (*fn)(void *), void *ctx) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        fn(ctx);
        nlr_pop();
        return NULL;
    }
    return nlr.ret_val;
}
