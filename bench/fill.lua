-- Writes keys 0 .. BENCH_KEYS-1 in order (run with one thread), so every GET finds its key.
local keys = tonumber(os.getenv("BENCH_KEYS") or "10000")
local size = tonumber(os.getenv("BENCH_VALUE_SIZE") or "100")
local body = string.rep("v", size)
local counter = 0

function request()
  local key = counter % keys
  counter = counter + 1
  return wrk.format("PUT", "/keys/bench/" .. key, { ["Content-Type"] = "application/octet-stream" }, body)
end
