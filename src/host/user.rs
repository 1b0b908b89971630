//! The plug-in's own host functions (`extism.import_fn`), called through one function whose
//! body the build writes.
//!
//! `unsafe` here: one volatile read that keeps the optimizer from seeing through the stub.

/// Host functions the plug-in declared are called through here. The build gives this
/// function a new body that calls import `index` with its first arguments; until then the
/// body only has to be opaque, so that the optimizer keeps the function and every parameter.
#[no_mangle]
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn __upy_host_call(
    index: i32,
    a0: i64,
    a1: i64,
    a2: i64,
    a3: i64,
    a4: i64,
    a5: i64,
    a6: i64,
    a7: i64,
) -> i64 {
    static OPAQUE: i64 = 0;
    let seed = unsafe { core::ptr::read_volatile(&raw const OPAQUE) };
    seed ^ index as i64 ^ a0 ^ a1 ^ a2 ^ a3 ^ a4 ^ a5 ^ a6 ^ a7
}

/// Calls host function `index` (see [`__upy_host_call`]).
pub fn call(index: i32, args: &[i64; 8]) -> i64 {
    let [a0, a1, a2, a3, a4, a5, a6, a7] = *args;
    __upy_host_call(index, a0, a1, a2, a3, a4, a5, a6, a7)
}
