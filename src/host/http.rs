//! HTTP through the host, and the allowed-hosts policy a plug-in can check before asking.
//! (`unsafe` here: the kernel's functions, as in `host/mod.rs`.)

use super::{config_text, offset_of, Block};
use crate::ffi::kernel;

/// What the host answered: the status, and the body and headers (JSON) as blocks the caller
/// frees.
pub struct Response {
    pub status: i32,
    pub body: Option<Block>,
    pub headers: Option<Block>,
}

/// Sends a request: `request` is the JSON description Extism expects (url, method, headers).
pub fn request(request: &[u8], body: Option<&[u8]>) -> Response {
    let request = Block::new(request);
    let body = body.and_then(Block::new);
    let response = unsafe { kernel::extism::http_request(offset_of(request), offset_of(body)) };
    request.into_iter().chain(body).for_each(Block::free);
    Response {
        status: unsafe { kernel::extism::http_status_code() },
        body: Block::at(response),
        headers: Block::at(unsafe { kernel::extism::http_headers() }),
    }
}

/// The config entry through which a host repeats its manifest's `allowed_hosts` (comma
/// separated), so that a refused request is an OSError Python can catch: Extism itself
/// refuses it with a trap, which stops the call.
const ALLOWED_HOSTS_KEY: &str = "upy.allowed_hosts";

/// `Err(message)` if the host listed its allowed hosts and `url`'s host is not among them
/// (matched as Extism matches them: glob patterns, `*` for any run of characters).
pub fn check_allowed_host(url: &[u8]) -> Result<(), String> {
    let Some(allowed) = config_text(ALLOWED_HOSTS_KEY) else {
        return Ok(());
    };
    let host = url_host(url);
    let mut allowed_hosts = allowed.split(',').map(str::trim).filter(|p| !p.is_empty());
    if allowed_hosts.any(|pattern| glob_match(pattern.as_bytes(), host.as_bytes())) {
        return Ok(());
    }
    Err(format!(
        "HTTP request to {} is not allowed: '{host}' is not in allowed_hosts",
        String::from_utf8_lossy(url)
    ))
}

/// The host of `scheme://[user@]host[:port]/...`, lowercased (IPv6 keeps its brackets).
fn url_host(url: &[u8]) -> String {
    let url = String::from_utf8_lossy(url);
    let rest = url.split_once("://").map_or(&*url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        host_port.split_inclusive(']').next().unwrap_or(host_port)
    } else {
        host_port.split(':').next().unwrap_or(host_port)
    };
    host.to_ascii_lowercase()
}

/// Glob matching with `*` (any run) and `?` (one character).
fn glob_match(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|skip| glob_match(rest, &text[skip..])),
        Some((&p, rest)) => text.split_first().is_some_and(|(&t, tail)| {
            (p == b'?' || p.eq_ignore_ascii_case(&t)) && glob_match(rest, tail)
        }),
    }
}
