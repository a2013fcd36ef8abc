-- POST with a 64 KiB body (Content-Length, not chunked) to the run's path.
wrk.method = "POST"
wrk.body = string.rep("0123456789abcdef", 4096)
wrk.headers["Content-Type"] = "application/octet-stream"
