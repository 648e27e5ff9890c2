-- wrk script: agency registrations (POST /api/v1/dossiers), in-person channel, each with its own summary.
-- TOKEN comes from the environment (an agency-h22 bearer token).
local token = os.getenv("TOKEN")
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token

request = function()
  counter = counter + 1
  local body = string.format('{"procedureCode":"1.001612","agencyCode":"000.00.01.H22","channel":"IN_PERSON",'
    .. '"returnMethod":"IN_PERSON","summary":"Đăng ký khai sinh %d","applicant":{"type":"CITIZEN",'
    .. '"name":"Nguyễn Văn An","idNumber":"001203004567","phone":"0912345789"}}', counter)
  return wrk.format(nil, "/api/v1/dossiers", nil, body)
end

local non201 = 0
response = function(status, headers, body)
  if status ~= 201 then non201 = non201 + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("registrations: %d in %.1f s = %.0f/s; p50 %.1f ms, p99 %.1f ms, max %.1f ms; errors %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.timeout))
end
