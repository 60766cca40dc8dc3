-- wrk script for bench/load_wrk.sh. With RENOFEE_OFFER set (a file) it POSTs that offer to the path given on
-- the wrk command line with the Bearer key in RENOFEE_KEY; without it, wrk's plain GET. At the end it prints
-- one machine-readable line:
--   RESULT requests=N seconds=S rps=R p50_us=A p90_us=B p99_us=C max_us=D non2xx=E connect=F read=G write=H timeout=I
-- (latency percentiles from wrk's HdrHistogram, in microseconds; non2xx is wrk's count of answers with a
-- status of 400 or more: the API sends no 1xx or 3xx). No response() hook: it would make wrk parse every
-- answer in lua and slow the client down.
local offer = os.getenv("RENOFEE_OFFER")
if offer then
  local file = assert(io.open(offer, "rb"))
  wrk.method = "POST"
  wrk.body = file:read("*a")
  file:close()
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("RENOFEE_KEY"))
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.status, e.connect, e.read, e.write, e.timeout))
end
