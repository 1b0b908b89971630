//! The Extism kernel's functions (`extism:host/env`). In wasm they are extism-pdk's imports,
//! re-exported unchanged. In the native
//! build (the fuzz targets, see README.md, "Fuzzing") the same functions go by `upy_host_*`
//! names that the fuzz crate implements: natively, extism-pdk's plain `free`, `alloc` and
//! `length` would bind to libc's.

#[cfg(target_arch = "wasm32")]
pub use extism_pdk::{extism, Memory};

#[cfg(not(target_arch = "wasm32"))]
pub use native::{extism, Memory};

#[cfg(not(target_arch = "wasm32"))]
mod native {
    pub mod extism {
        macro_rules! kernel {
            ($($name:ident = $link:literal ($($arg:ident: $ty:ty),*) $(-> $ret:ty)?;)*) => {
                extern "C" {
                    $(
                        #[link_name = $link]
                        pub fn $name($($arg: $ty),*) $(-> $ret)?;
                    )*
                }
            };
        }
        kernel! {
            input_length = "upy_host_input_length"() -> u64;
            input_load_u8 = "upy_host_input_load_u8"(offs: u64) -> u8;
            input_load_u64 = "upy_host_input_load_u64"(offs: u64) -> u64;
            length = "upy_host_length"(offs: u64) -> u64;
            alloc = "upy_host_alloc"(length: u64) -> u64;
            free = "upy_host_free"(offs: u64);
            output_set = "upy_host_output_set"(offs: u64, length: u64);
            error_set = "upy_host_error_set"(offs: u64);
            store_u8 = "upy_host_store_u8"(offs: u64, data: u8);
            load_u8 = "upy_host_load_u8"(offs: u64) -> u8;
            config_get = "upy_host_config_get"(offs: u64) -> u64;
            var_get = "upy_host_var_get"(offs: u64) -> u64;
            var_set = "upy_host_var_set"(offs: u64, value: u64);
            http_request = "upy_host_http_request"(req: u64, body: u64) -> u64;
            http_status_code = "upy_host_http_status_code"() -> i32;
            http_headers = "upy_host_http_headers"() -> u64;
            log_info = "upy_host_log_info"(offs: u64);
            log_debug = "upy_host_log_debug"(offs: u64);
            log_warn = "upy_host_log_warn"(offs: u64);
            log_error = "upy_host_log_error"(offs: u64);
            log_trace = "upy_host_log_trace"(offs: u64);
        }

        /// Copies a block of Extism memory into `data`.
        pub unsafe fn load(offs: u64, data: &mut [u8]) {
            for (i, b) in data.iter_mut().enumerate() {
                *b = load_u8(offs + i as u64);
            }
        }
    }

    /// The slice of extism-pdk's `Memory` the core uses.
    pub struct Memory(u64);

    impl Memory {
        pub fn from_bytes(data: impl AsRef<[u8]>) -> Result<Self, ()> {
            let data = data.as_ref();
            let offset = unsafe { extism::alloc(data.len() as u64) };
            if offset == 0 {
                return Err(());
            }
            for (i, &b) in data.iter().enumerate() {
                unsafe { extism::store_u8(offset + i as u64, b) };
            }
            Ok(Memory(offset))
        }

        pub fn offset(&self) -> u64 {
            self.0
        }
    }
}

/// WASI's clock and entropy (`wasi_snapshot_preview1`): Extism's own host API has neither.
/// Only the `_clock` and `_entropy` modules call these, so a plug-in whose files use neither
/// does not import them (cli/src/trim.rs leaves the modules out, the rewrite drops the
/// imports). Natively (the fuzz targets) there is no WASI: both fail with ENOSYS.
pub mod wasi {
    /// WASI's errno for "function not supported".
    pub const ENOSYS: u16 = 52;

    #[cfg(target_arch = "wasm32")]
    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    extern "C" {
        fn clock_time_get(id: u32, precision: u64, time: *mut u64) -> u16;
        fn random_get(buf: *mut u8, len: usize) -> u16;
    }

    /// The time of clock `id` (0 realtime, 1 monotonic, 2 process CPU, 3 thread CPU) in
    /// nanoseconds, or WASI's errno.
    pub fn clock(id: u32) -> Result<u64, u16> {
        #[cfg(target_arch = "wasm32")]
        {
            let mut time = 0u64;
            match unsafe { clock_time_get(id, 1, &mut time) } {
                0 => Ok(time),
                errno => Err(errno),
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = id;
            Err(ENOSYS)
        }
    }

    /// Fills `buf` with random bytes, or gives WASI's errno.
    pub fn random(buf: &mut [u8]) -> Result<(), u16> {
        #[cfg(target_arch = "wasm32")]
        {
            match unsafe { random_get(buf.as_mut_ptr(), buf.len()) } {
                0 => Ok(()),
                errno => Err(errno),
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = buf;
            Err(ENOSYS)
        }
    }
}
