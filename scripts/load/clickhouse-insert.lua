-- wrk script: POST ROWS rows of the service's table (the columns MetricEvent.toRow writes) straight to ClickHouse as
-- JSONEachRow, one insert per request: the rows the service would insert for ROWS events sent with ingest.lua's RUN
-- mode (the same events, common.event; ids unique the same way). Environment: ROWS (default 500, at most 65,535),
-- RUN (a number no other run of the benchmark has), USER_ID (their user_id).
package.path = "scripts/load/?.lua;" .. package.path
local common = require("common")
local rows = tonumber(os.getenv("ROWS") or "500")
local run = tonumber(os.getenv("RUN") or "0")
local user = os.getenv("USER_ID") or "raw"

local function quoted(tags, field)
  local values = {}
  for k, tag in ipairs(tags) do
    values[k] = '"' .. tag[field] .. '"'
  end
  return "[" .. table.concat(values, ",") .. "]"
end

setup = common.setup_template(function()
  local received = os.time() * 1000
  return common.unique_events(rows, run, function(e, id)
    return '{"event_id":"' .. id .. '","user_id":"' .. user .. '","metric_name":"' .. e.metric .. '","value":' .. e.value
      .. ',"unit":"ms","event_time_ms":' .. string.format("%d", e.time) .. ',"tag_keys":' .. quoted(e.tags, 1)
      .. ',"tag_values":' .. quoted(e.tags, 2) .. ',"received_at_ms":' .. string.format("%d", received) .. '}'
  end, "", "\n", "\n")
end)

function init(args)
  next_body = common.unique_bodies(template, tid)
end

function request()
  return wrk.format("POST", nil, nil, next_body())
end
