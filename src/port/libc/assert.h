// Assertions are compiled out (NDEBUG semantics); MicroPython checks what matters itself.
#ifndef UPY_ASSERT_H
#define UPY_ASSERT_H
#define assert(e) ((void)0)
#define static_assert _Static_assert
#endif
