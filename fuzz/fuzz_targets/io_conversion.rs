//! The input and output conversions of both plug-in APIs over arbitrary input, in the core
//! built natively (extism_upy_fuzz::check_io_conversion says what is checked).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| extism_upy_fuzz::check_io_conversion(data));
