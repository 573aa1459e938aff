-- wrk script: posts OTLP/protobuf export bodies made by OtlpBodies.java (BODY_DIR/body-1.pb .. body-BODIES.pb) in
-- turn, as an SDK's exporter posts them. Environment: TOKEN, BODY_DIR, BODIES, and for the benchmark RUN and POINTS:
-- with RUN=n every point's time (a fixed64, OtlpBodies' era in its 3 high bytes and zeros in the 5 low ones) gets the
-- request's number, the thread and the run in its low bytes, so that every point sent is a new one, at the cost of a
-- table fill and a concatenation (common.template); POINTS, the points per body, checks that every time was found.
package.path = "scripts/load/?.lua;" .. package.path
local common = require("common")
local token = os.getenv("TOKEN")
local dir = os.getenv("BODY_DIR")
local count = tonumber(os.getenv("BODIES") or "1")
local run = tonumber(os.getenv("RUN") or "")
local points = tonumber(os.getenv("POINTS") or "0")
local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/x-protobuf" }
local bodies, n = {}, 0
local era_bytes
setup = common.setup

local function bytes(value, length)
  local out = {}
  for i = 1, length do
    out[i] = string.char(value % 256)
    value = math.floor(value / 256)
  end
  return table.concat(out)
end

function init(args)
  local era
  if run then
    local f = assert(io.open(dir .. "/era", "r"))
    era = tonumber(f:read("*l"))
    f:close()
    assert(run < 256 and tid < 256, "the run and the thread have a byte each in the points' times")
    era_bytes = bytes(era, 3)
  end
  for i = 1, count do
    local f = assert(io.open(dir .. "/body-" .. i .. ".pb", "rb"))
    local body = f:read("*a")
    f:close()
    if run then
      -- the time_unix_nano field (3, fixed64: tag 0x19) of every point
      local template, found = common.template(body, "\25" .. string.rep("\0", 5) .. era_bytes)
      assert(points == 0 or found == points, found .. " point times in a body of " .. dir .. ", not POINTS")
      bodies[i] = template
    else
      bodies[i] = body
    end
  end
end

function request()
  n = n + 1
  local body = bodies[n % count + 1]
  if run then
    -- nanoseconds: the request's number (24 bits), the thread, the run: unique within the benchmark
    body = body("\25" .. bytes(n, 3) .. string.char(tid, run) .. era_bytes)
  end
  return wrk.format("POST", "/v1/metrics", headers, body)
end
