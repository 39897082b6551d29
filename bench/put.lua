-- PUT of 100-byte values (BENCH_VALUE_SIZE) under random keys among BENCH_KEYS keys.
local keys = tonumber(os.getenv("BENCH_KEYS") or "10000")
local size = tonumber(os.getenv("BENCH_VALUE_SIZE") or "100")
local body = string.rep("v", size)

function request()
  return wrk.format("PUT", "/keys/bench/" .. math.random(0, keys - 1), { ["Content-Type"] = "application/octet-stream" }, body)
end

dofile(os.getenv("BENCH_DIR") .. "/report.lua")
