// MicroPython prints through mp_print_t, never stdio; some files include this anyway.
#ifndef UPY_STDIO_H
#define UPY_STDIO_H
#include <stddef.h>
#include <stdarg.h>
#endif
