# README row: HTTP to a host not in `allowed_hosts`
# tested-by: tests/http.rs refused_hosts_are_a_python_error_when_the_host_passes_them_in_config
# tested-by: tests/http.rs hosts_outside_allowed_hosts_are_refused_and_the_plugin_survives
