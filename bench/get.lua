-- GET of random keys among BENCH_KEYS keys, all written beforehand.
local keys = tonumber(os.getenv("BENCH_KEYS") or "10000")

function request()
  return wrk.format("GET", "/keys/bench/" .. math.random(0, keys - 1))
end

dofile(os.getenv("BENCH_DIR") .. "/report.lua")
