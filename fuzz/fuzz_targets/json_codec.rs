//! json.loads and dumps over arbitrary bytes, in the core built natively
//! (extism_upy_fuzz::check_json_codec says what is checked).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| extism_upy_fuzz::check_json_codec(data));
