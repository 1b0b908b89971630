# README row: HTTP response headers
# tested-by: tests/http.rs get_post_and_status_codes
# (lower-case names: the server sends X-Reply, the plug-in reads x-reply; a host is needed)
