-- The load generator's requests for `python -m bench.http` (wrk 4, one thread):
--   wrk -t1 -c16 -d20s --latency -s bench/wrk.lua URL -- MODE DATAFILE PATH NONCE [PACE_MS]
-- MODE status: GET PATH?partner_interview_id=<id>, rotating over DATAFILE's (Authorization, id) lines;
-- MODE list:   GET PATH, rotating over the organizations' keys;
-- MODE send:   POST PATH, a send_test body with a callback url unique to this run (NONCE) and request.
-- PACE_MS: each connection waits that long (on average) before its next request: a fixed rate
-- below saturation (wrk2 is not packaged by Debian). The latency clock starts when a request is
-- written, so the wait is not counted.
-- done() prints one line, BENCH_JSON {...}, that bench/http.py reads.

local items, count, sent = {}, 0, 0
local mode, path, nonce

function init(args)
  mode, path, nonce = args[1], args[3], args[4]
  for line in io.lines(args[2]) do
    local header, value = line:match("^([^\t]+)\t([^\t]+)$")
    count = count + 1
    items[count] = { header, value }
  end
  local pace = tonumber(args[5] or "")
  if pace and pace > 0 then
    local whole = math.floor(pace)
    local fraction = pace - whole
    -- wrk asks for a delay only if this function exists, so it is defined only when pacing.
    function delay()
      if math.random() < fraction then
        return whole + 1
      end
      return whole
    end
  end
end

function request()
  sent = sent + 1
  local item = items[(sent - 1) % count + 1]
  if mode == "status" then
    return wrk.format("GET", path .. "?partner_interview_id=" .. item[2], { Authorization = item[1] })
  elseif mode == "list" then
    return wrk.format("GET", path, { Authorization = item[1] })
  end
  -- The callback host is an IP literal: the address check accepts it without DNS (none here),
  -- and no request is ever sent to it (the worker only emails the invitation).
  local body = string.format(
    '{"partner_test_id": "%s", "candidate": {"email": "candidate%d@example.com", "first_name": "Alex", '
      .. '"last_name": "Kim", "greenhouse_profile_url": "https://app.greenhouse.io/people/%d"}, '
      .. '"url": "https://93.184.215.14/hook-%s-%d", "sent_by": "recruiter@example.com"}',
    item[2], sent, sent, nonce, sent
  )
  return wrk.format("POST", path, { Authorization = item[1], ["Content-Type"] = "application/json" }, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "errors": {"connect": %d, "read": %d, "write": %d, '
      .. '"status": %d, "timeout": %d}, "latency_us": {"mean": %.1f, "p50": %d, "p90": %d, "p99": %d, '
      .. '"p999": %d, "max": %d}}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max
  ))
end
