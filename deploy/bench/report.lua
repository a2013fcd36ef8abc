-- wrk reporter: one machine-readable line per run, read by run.sh.
-- Latencies are in microseconds in wrk; printed here in milliseconds.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout
  io.write(string.format(
      "RESULT requests=%d rps=%.1f p50=%.3f p99=%.3f p999=%.3f max=%.3f errors=%d non2xx=%d\n",
      summary.requests, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
      latency.max / 1000, errors, summary.errors.status))
end
