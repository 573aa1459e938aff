-- wrk script: GET PATH with "&from=" FROM + n appended, n different for every request of every thread, so no two
-- requests ask the same question (every answer is a cache miss). Environment: TOKEN, PATH_QUERY, FROM.
local token = os.getenv("TOKEN")
local path = os.getenv("PATH_QUERY")
local from = tonumber(os.getenv("FROM"))
local n = 0

function setup(thread)
  thread:set("offset", math.random(1, 1000) * 1000)
end

function request()
  n = n + 1
  return wrk.format("GET", path .. "&from=" .. string.format("%d", from + (offset or 0) + n), { ["Authorization"] = "Bearer " .. token })
end
