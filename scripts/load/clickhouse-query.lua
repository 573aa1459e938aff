-- wrk script: POST the SQL in SQL (with {FROM} standing for a number that differs for every request) to ClickHouse's
-- HTTP interface, as the service would send it. Environment: SQL, FROM.
package.path = "scripts/load/?.lua;" .. package.path
local common = require("common")
local sql = os.getenv("SQL")
local from = tonumber(os.getenv("FROM"))
setup = common.setup

function request()
  local body = string.gsub(sql, "{FROM}", common.next_from(from))
  return wrk.format("POST", nil, nil, body)
end
