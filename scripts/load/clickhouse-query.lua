-- wrk script: POST the SQL in SQL (with {FROM} standing for a number that differs for every request) to ClickHouse's
-- HTTP interface, as the service would send it. Environment: SQL, FROM.
local sql = os.getenv("SQL")
local from = tonumber(os.getenv("FROM"))
local n = 0

function setup(thread)
  thread:set("offset", math.random(1, 1000) * 1000)
end

function request()
  n = n + 1
  local body = string.gsub(sql, "{FROM}", string.format("%d", from + (offset or 0) + n))
  return wrk.format("POST", nil, nil, body)
end
