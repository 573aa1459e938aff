-- wrk script: each request posts BATCH new events with fresh UUIDs for one user; every event id the service
-- acknowledges (202, from the receipt's eventIds) is appended to ACKED_FILE, so a drill can count by id what was
-- stored. With BODIES=n the bodies are made once, n of them, and sent in turn, so that measuring the service does
-- not measure this script. Environment: TOKEN, BATCH (default 50), ACKED_FILE (default: none), METRIC (default
-- drill), BODIES (default: a new body for every request).
package.path = "scripts/load/?.lua;" .. package.path
local common = require("common")
local token = os.getenv("TOKEN")
local batch = tonumber(os.getenv("BATCH") or "50")
local acked_file = os.getenv("ACKED_FILE")
local metric = os.getenv("METRIC") or "drill"
local bodies = tonumber(os.getenv("BODIES") or "0")
local out
local counter = 0

function setup(thread)
  thread:set("id", tostring(thread))
end

local function body()
  local events = {}
  for i = 1, batch do
    events[i] = string.format('{"eventId":"%s","metric":"%s","value":%d}', common.uuid(), metric, (counter + i) % 1000)
  end
  return "[" .. table.concat(events, ",") .. "]"
end

function init(args)
  math.randomseed(os.time() + tonumber(string.match(id or "0", "%d+") or "0", 16) % 100000)
  if acked_file then
    out = io.open(acked_file .. "." .. (string.match(id or "x", "0x%x+") or "x"), "a")
  end
  next_body = common.rotation(bodies, body)
end

function request()
  counter = counter + 1
  return wrk.format("POST", "/api/v1/metrics",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" },
    next_body())
end

function response(status, headers, body)
  if status == 202 and out then
    local ids = string.match(body, '"eventIds":%[(.-)%]')
    if ids then
      for eventId in string.gmatch(ids, '"([^"]+)"') do
        out:write(eventId, "\n")
      end
      out:flush()
    end
  end
end
