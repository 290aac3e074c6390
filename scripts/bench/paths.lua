-- wrk script for scripts/bench-api: cycles through the request paths of one file (one per line), each
-- wrk thread starting at a different offset, and prints one machine-readable RESULT line at the end.
local paths = {}
local next_index = 1

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  next_index = (thread_id or 0) * 37 % #paths + 1
end

function setup(thread)
  thread_count = (thread_count or 0) + 1
  thread:set("thread_id", thread_count - 1)
end

function request()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout
  -- latency in microseconds; duration in microseconds
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d errors=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
      latency:percentile(99), latency.max, errors))
end
