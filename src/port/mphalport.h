// HAL for a plug-in: no pins, no clock, no interrupts. Stdout (mp_hal_stdout_tx_strn) is
// implemented in Rust (src/port/hal.rs).
#define mp_hal_pin_obj_t int
#define mp_hal_set_interrupt_char(c) ((void)(c))
#define mp_hal_ticks_ms() ((mp_uint_t)0)
#define mp_hal_ticks_us() ((mp_uint_t)0)
#define mp_hal_ticks_cpu() ((mp_uint_t)0)
#define mp_hal_delay_ms(ms) ((void)(ms))
#define mp_hal_delay_us(us) ((void)(us))
#define mp_hal_stdout_tx_strn_cooked(s, n) ((void)mp_hal_stdout_tx_strn((s), (n)))
