-- Shared by the wrk scripts (loaded with require from the repository's root, where the scripts run).
local common = {}

function common.uuid()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

-- each thread counts from its own offset (its number, in steps of 20,000), so that no two requests of any thread ask
-- the same question, as long as no thread sends more than 20,000 of them in one run; wrk does not seed math.random,
-- so a random offset would be the same in every run. The caller makes runs differ by their FROM.
local threads = 0
function common.setup(thread)
  threads = threads + 1
  thread:set("offset", threads * 20000)
  thread:set("tid", threads)
end

local n = 0

-- FROM, plus this thread's offset, plus a counter: a "from" no other request uses
function common.next_from(from)
  n = n + 1
  return string.format("%d", from + (offset or 0) + n)
end

-- COUNT bodies made once by MAKE and handed out in turn, so that measuring the service does not measure this
-- script; with COUNT 0, a new body every time
function common.rotation(count, make)
  local made, n = {}, 0
  for i = 1, count do
    made[i] = make()
  end
  return function()
    n = n + 1
    return count > 0 and made[n % count + 1] or make()
  end
end

-- Realistic events, the same whether sent to the service or inserted straight into ClickHouse: event I of a body
-- has one of 5 metrics, a value with two decimals, unit ms, a time within the last hour and 3 to 5 tags (endpoint,
-- host, region, and for two in three a status, for one in three a version).
local metrics = { "http.server.duration", "db.query.duration", "cache.get.duration", "queue.wait.duration", "render.duration" }
local regions = { "eu-west-1", "us-east-1", "ap-south-1" }
local statuses = { "200", "201", "204", "404", "500" }
function common.event(i, now)
  local tags = { { "endpoint", "/api/" .. (i % 20) }, { "host", "host-" .. (i % 50) }, { "region", regions[i % 3 + 1] } }
  if i % 3 >= 1 then tags[4] = { "status", statuses[i % 5 + 1] } end
  if i % 3 == 2 then tags[5] = { "version", "1." .. (i % 7) } end
  return { metric = metrics[i % 5 + 1], value = string.format("%.2f", (i * 7919 % 100000) / 100),
           time = now - (i * 997 % 3600) * 1000 - i % 1000, tags = tags }
end

-- The id of event I, with "@" where each request puts its thread and its number (common.unique_bodies): RUN (a
-- number bench.sh gives every wrk run) and I make it unique among the run's requests. The other bits are random, as
-- a client's UUIDs would be.
function common.event_id(run, i)
  assert(i < 65536 and run < 65536, "the id has 16 bits for the position and 16 for the run")
  return string.format("@-%04x-4%03x-%x%03x-%08x%04x", run, math.random(0, 4095), math.random(8, 11),
    math.random(0, 4095), math.random(0, 2147483647), i)
end

-- A body template with MARKER where each request puts its own bytes, split once into its pieces; the returned
-- function takes those bytes and gives the body: a table fill and one concatenation per request, no formatting and
-- no pattern matching, so that the load generator stays cheap next to what it measures. Also returns how many
-- times MARKER was found.
function common.template(body, marker)
  local parts, at = {}, 1
  while true do
    local s, e = string.find(body, marker, at, true)
    if not s then break end
    parts[#parts + 1] = string.sub(body, at, s - 1)
    parts[#parts + 1] = ""
    at = e + 1
  end
  parts[#parts + 1] = string.sub(body, at)
  return function(bytes)
    for k = 2, #parts - 1, 2 do
      parts[k] = bytes
    end
    return table.concat(parts)
  end, (#parts - 1) / 2
end

-- The body of COUNT unique events, written by RENDER(event, id) and joined by OPEN, SEP and CLOSE, as a template
-- for common.unique_bodies. Made once per wrk run, in setup (common.setup_template): made in each thread's init, the
-- first thread would load the target alone while the next one is still made.
function common.unique_events(count, run, render, open, sep, close)
  math.randomseed(run)
  local now = os.time() * 1000
  local events = {}
  for i = 1, count do
    events[i] = render(common.event(i, now), common.event_id(run, i))
  end
  return open .. table.concat(events, sep) .. close
end

-- setup for the scripts that send unique events: common.setup's, and the template, made by MAKE for the first
-- thread, handed to every thread as the global "template"
local made
function common.setup_template(make)
  return function(thread)
    common.setup(thread)
    made = made or make()
    thread:set("template", made)
  end
end

-- each call gives the next request's body from TEMPLATE: the thread TID and the request's number in the first 8 hex
-- digits of every id, so that no other request of this run has them
function common.unique_bodies(template, tid)
  assert(tid < 256, "the id has 8 bits for the thread")
  local fill, n = common.template(template, "@"), 0
  return function()
    n = n + 1
    return fill(string.format("%02x%06x", tid, n))
  end
end

return common
