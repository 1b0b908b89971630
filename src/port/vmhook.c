// State shared by the VM hooks in mpconfigport.h and the GC policy in heap.rs. Kept in C so
// the checks inline into the VM loop: one load and compare per backward jump.
#include "py/mpconfig.h"
#include "py/cstack.h"

// A collection was asked for (gc_collect, or the allocator found the heap full).
volatile char upy_gc_pending;
// The next VM frame to start is the outermost one of this call; heap.rs arms it.
volatile char upy_vm_armed;
// The outermost VM frame's marker address: only there is collecting safe.
void *volatile upy_vm_base;

// UPY_RECURSION_GUARD (mpconfigport.h): `frame` is the caller's stack charge; passing it out
// of the translation unit keeps the compiler from shrinking it.
void upy_recursion_check(char *frame) {
    (void)frame;
    mp_cstack_check();
}
