-- wrk script: a mix of what users do: a cached summary, a summary nobody asked before, and an ingest of 50 events,
-- in turn. Environment: TOKEN, CACHED (a path), MISS (a path to which &from= is appended), FROM.
package.path = "scripts/load/?.lua;" .. package.path
local common = require("common")
local token = os.getenv("TOKEN")
local cached = os.getenv("CACHED")
local miss = os.getenv("MISS")
local from = tonumber(os.getenv("FROM"))
local n = 0
setup = common.setup

function request()
  n = n + 1
  local auth = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  if n % 3 == 0 then
    return wrk.format("GET", cached, auth)
  elseif n % 3 == 1 then
    return wrk.format("GET", miss .. "&from=" .. common.next_from(from), auth)
  end
  local events = {}
  for i = 1, 50 do
    events[i] = string.format('{"metric":"mixed","value":%d}', i)
  end
  return wrk.format("POST", "/api/v1/metrics", auth, "[" .. table.concat(events, ",") .. "]")
end
