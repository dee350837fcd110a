-- wrk script: cycles through the request paths in the file named by $BENCH_PATHS (one per
-- line) and prints "rps p50 p95 p99 max non2xx" (milliseconds) when done.
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
done = function(summary, latency, requests)
  local ms = function(us) return string.format("%.2fms", us / 1000) end
  local non2xx = summary.errors.status or 0
  io.write(string.format("RESULT %.1f %s %s %s %s %d\n",
    summary.requests / (summary.duration / 1e6),
    ms(latency:percentile(50)), ms(latency:percentile(95)), ms(latency:percentile(99)),
    ms(latency.max), non2xx))
end
