-- wrk script: each request posts BATCH events for one user. Environment: TOKEN, BATCH (default 50), and one of:
--   RUN=n        (the benchmark) realistic events (common.event: unit, timestamp, 3-5 tags), every id unique within
--                the run and across runs of other numbers (common.unique_events), made once per run as a template
--                that each request fills in, so that the script costs little next to what it measures
--   ACKED_FILE   (the drills) fresh UUIDs in every request, METRIC (default drill) and a value; every event id the
--                service acknowledges (202, from the receipt's eventIds) is appended to ACKED_FILE.<thread>, so a
--                drill can count by id what was stored
--   BODIES=n     n such bodies made once and sent in turn (their ids repeat after the first n requests)
package.path = "scripts/load/?.lua;" .. package.path
local common = require("common")
local token = os.getenv("TOKEN")
local batch = tonumber(os.getenv("BATCH") or "50")
local run = tonumber(os.getenv("RUN") or "")
local acked_file = os.getenv("ACKED_FILE")
local metric = os.getenv("METRIC") or "drill"
local bodies = tonumber(os.getenv("BODIES") or "0")
local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
local out
local counter = 0


local function body()
  local events = {}
  for i = 1, batch do
    events[i] = string.format('{"eventId":"%s","metric":"%s","value":%d}', common.uuid(), metric, (counter + i) % 1000)
  end
  return "[" .. table.concat(events, ",") .. "]"
end

-- an event as the API takes it (docs/api.md)
local function api_event(e, id)
  local tags = {}
  for k, tag in ipairs(e.tags) do
    tags[k] = '"' .. tag[1] .. '":"' .. tag[2] .. '"'
  end
  return '{"eventId":"' .. id .. '","metric":"' .. e.metric .. '","value":' .. e.value .. ',"unit":"ms","timestamp":'
    .. string.format("%d", e.time) .. ',"tags":{' .. table.concat(tags, ",") .. '}}'
end

local setup_template = common.setup_template(function()
  return common.unique_events(batch, run, api_event, "[", ",", "]")
end)
function setup(thread)
  if run then
    setup_template(thread)
  else
    common.setup(thread)
  end
  thread:set("id", tostring(thread))
end

function init(args)
  math.randomseed(os.time() + tonumber(string.match(id or "0", "%d+") or "0", 16) % 100000)
  if run then
    next_body = common.unique_bodies(template, tid)
    return
  end
  if acked_file then
    out = io.open(acked_file .. "." .. (string.match(id or "x", "0x%x+") or "x"), "a")
  end
  next_body = common.rotation(bodies, body)
end

function request()
  counter = counter + 1
  return wrk.format("POST", "/api/v1/metrics", headers, next_body())
end

-- only the drills read the answers: a response function makes wrk hand every answer to Lua
if acked_file then
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
end
