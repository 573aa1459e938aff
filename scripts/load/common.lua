-- Shared by the wrk scripts (loaded with require from the repository's root, where the scripts run).
local common = {}

function common.uuid()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

-- each thread counts from its own offset, so that no two requests of any thread ask the same question
function common.setup(thread)
  thread:set("offset", math.random(1, 1000) * 1000)
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

return common
