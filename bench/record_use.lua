-- POST /api/v1/uses with a fresh client_scan_id each time, cycling over the seeded cards.
local counter = 0
local cards = {}
local key = os.getenv("BENCH_KEY")

init = function(args)
  for line in io.lines(os.getenv("BENCH_CARDS")) do cards[#cards + 1] = line end
end

request = function()
  counter = counter + 1
  local card = cards[(counter % #cards) + 1]
  -- confirm_repeat: once the cards come round again, a same-day repeat is still recorded.
  local body = string.format('{"card":"%s","client_scan_id":"bench-%d-%d-%d","source":"manual","confirm_repeat":true}',
    card, os.time(), math.random(1, 1000000000), counter)
  return wrk.format("POST", "/api/v1/uses",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key}, body)
end
