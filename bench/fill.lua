-- Writes keys 0 .. BENCH_KEYS-1 once each, in order, spread over the connections.
local keys = tonumber(os.getenv("BENCH_KEYS") or "10000")
local size = tonumber(os.getenv("BENCH_VALUE_SIZE") or "100")
local body = string.rep("v", size)
local counter = 0
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  counter = id
end

function request()
  local key = counter % keys
  counter = counter + 2
  return wrk.format("PUT", "/keys/bench/" .. key, { ["Content-Type"] = "application/octet-stream" }, body)
end
