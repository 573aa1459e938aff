-- wrk script: posts OTLP/protobuf export bodies made by OtlpBodies.java (BODY_DIR/body-1.pb .. body-BODIES.pb) in
-- turn, as an SDK's exporter posts them. Environment: TOKEN, BODY_DIR, BODIES.
local token = os.getenv("TOKEN")
local dir = os.getenv("BODY_DIR")
local count = tonumber(os.getenv("BODIES") or "1")
local bodies, n = {}, 0

function init(args)
  for i = 1, count do
    local f = assert(io.open(dir .. "/body-" .. i .. ".pb", "rb"))
    bodies[i] = f:read("*a")
    f:close()
  end
end

function request()
  n = n + 1
  return wrk.format("POST", "/v1/metrics",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/x-protobuf" }, bodies[n % count + 1])
end
