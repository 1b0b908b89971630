# README row: HTTP response headers
# tested-by: tests/http.rs get_post_and_status_codes
# (lower-case names: the server sends X-Reply, the plug-in reads x-reply; a host is needed)
# tested-by: tests/http.rs response_headers_are_empty_unless_the_host_enables_them
