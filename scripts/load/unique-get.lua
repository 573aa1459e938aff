-- wrk script: GET PATH with "&from=" FROM + n appended, n different for every request of every thread, so no two
-- requests ask the same question (every answer is a cache miss). Environment: TOKEN, PATH_QUERY, FROM.
package.path = "scripts/load/?.lua;" .. package.path
local common = require("common")
local token = os.getenv("TOKEN")
local path = os.getenv("PATH_QUERY")
local from = tonumber(os.getenv("FROM"))
setup = common.setup

function request()
  return wrk.format("GET", path .. "&from=" .. common.next_from(from), { ["Authorization"] = "Bearer " .. token })
end
