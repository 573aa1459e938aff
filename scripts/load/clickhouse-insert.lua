-- wrk script: POST ROWS rows of the service's table format to ClickHouse (JSONEachRow) per request: the same rows the
-- service would insert for a request of that many events. Environment: ROWS (default 500), BODIES (make that many
-- bodies once and send them in turn, as ingest.lua does), BODY_FILE (a fixed body to send instead, for bulk inserts).
package.path = "scripts/load/?.lua;" .. package.path
local common = require("common")
local rows = tonumber(os.getenv("ROWS") or "500")
local body_file = os.getenv("BODY_FILE")
local bodies = tonumber(os.getenv("BODIES") or "0")

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
  next_body = common.rotation(bodies, body)
end

function request()
  if body_file then
    return wrk.format("POST")
  end
  return wrk.format("POST", nil, nil, next_body())
end
