# Fetches a URL given as input and reports its status, size and content type.
#   extism-upy call http_fetch.wasm fetch --input https://example.com --allow-host example.com
import extism


@extism.plugin_fn
def fetch():
    url = extism.input_str()
    response = extism.Http.request(url, headers={"Accept": "*/*"})
    body = response.data_bytes()
    extism.output_json(
        {
            "status": response.status_code,
            "bytes": len(body),
            "content_type": response.headers().get("content-type"),
        }
    )
