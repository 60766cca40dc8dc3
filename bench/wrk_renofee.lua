-- wrk script for bench/load_wrk.sh. With RENOFEE_OFFERS set (offer files separated by spaces) it POSTs
-- offers to the path given on the wrk command line with the Bearer key in RENOFEE_KEY, rotating over the
-- files request by request, and raises the first measure's cost by 0.00 .. 9.96 EUR (request number mod
-- 997, in cents), so consecutive requests quote different offers with different principals, schedules and
-- APRs. Without it, wrk's plain GET. At the end it prints one machine-readable line:
--   RESULT requests=N seconds=S rps=R p50_us=A p90_us=B p99_us=C max_us=D non2xx=E connect=F read=G write=H timeout=I
-- (latency percentiles from wrk's HdrHistogram, in microseconds; non2xx is wrk's count of answers with a
-- status of 400 or more: the API sends no 1xx or 3xx). No response() hook: it would make wrk parse every
-- answer in lua and slow the client down.
local offers = os.getenv("RENOFEE_OFFERS")
local templates = {}
if offers then
  for path in offers:gmatch("%S+") do
    local file = assert(io.open(path, "rb"))
    local text = file:read("*a")
    file:close()
    -- Split around the first measure's cost: before .. "<euros>.<cents>" .. after.
    local first, last, euros, cents = text:find('"cost": "(%d+)%.(%d%d)"')
    assert(first, path .. ": no measure cost")
    table.insert(templates, {
      before = text:sub(1, first - 1) .. '"cost": "',
      cents = tonumber(euros) * 100 + tonumber(cents),
      after = '"' .. text:sub(last + 1),
    })
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("RENOFEE_KEY"))
  local counter = 0
  function request()
    counter = counter + 1
    local t = templates[counter % #templates + 1]
    local cost = t.cents + counter % 997
    local body = t.before .. string.format("%d.%02d", math.floor(cost / 100), cost % 100) .. t.after
    return wrk.format(nil, nil, nil, body)
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.status, e.connect, e.read, e.write, e.timeout))
end
