-- wrk script: POST ROWS rows of the service's table format to ClickHouse (JSONEachRow) per request: the same rows the
-- service would insert for a request of that many events. Environment: ROWS (default 500), BODIES (make that many
-- bodies once and send them in turn, as ingest.lua does), BODY_FILE (a fixed body to send instead, for bulk inserts).
package.path = "scripts/load/?.lua;" .. package.path
local common = require("common")
local rows = tonumber(os.getenv("ROWS") or "500")
local body_file = os.getenv("BODY_FILE")
local bodies = tonumber(os.getenv("BODIES") or "0")
local made = {}
local n = 0

local function body()
  local now = os.time() * 1000
  local lines = {}
  for i = 1, rows do
    lines[i] = string.format('{"event_id":"%s","user_id":"raw","metric_name":"raw","value":%d,"unit":"ms",'
      .. '"event_time_ms":%d,"tag_keys":[],"tag_values":[],"received_at_ms":%d}', common.uuid(), i, now, now)
  end
  return table.concat(lines, "\n")
end

function init(args)
  if body_file then
    local f = io.open(body_file, "r")
    wrk.body = f:read("*a")
    f:close()
  end
  for i = 1, bodies do
    made[i] = body()
  end
end

function request()
  if body_file then
    return wrk.format("POST")
  end
  n = n + 1
  return wrk.format("POST", nil, nil, bodies > 0 and made[n % bodies + 1] or body())
end
