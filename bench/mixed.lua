-- 90% GET, 10% PUT of random keys among BENCH_KEYS keys.
local keys = tonumber(os.getenv("BENCH_KEYS") or "10000")
local size = tonumber(os.getenv("BENCH_VALUE_SIZE") or "100")
local body = string.rep("v", size)

function request()
  local key = "/keys/bench/" .. math.random(0, keys - 1)
  if math.random() < 0.1 then
    return wrk.format("PUT", key, { ["Content-Type"] = "application/octet-stream" }, body)
  end
  return wrk.format("GET", key)
end

dofile(os.getenv("BENCH_DIR") .. "/report.lua")
