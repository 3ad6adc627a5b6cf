-- The load benchmark's client in wrk (tests/bench/load.py writes the plan and reads
-- the answers). Each wrk thread keeps one connection and sends its share of the plan,
-- every request at its due time (start + index / rate), or at once when it is late;
-- each answer is written with its status, when it was sent and when it ended, so that
-- latency is counted from when the request was due.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_usec; } phoihop_timeval;
int gettimeofday(phoihop_timeval *tv, void *tz);
]]
local clock = ffi.new("phoihop_timeval")

local function now()
  ffi.C.gettimeofday(clock, nil)
  return tonumber(clock.tv_sec) + tonumber(clock.tv_usec) / 1e6
end

local threads = 0
function setup(thread)
  thread:set("number", threads)
  threads = threads + 1
end

local queue, position, start, rate, log = {}, 1, 0, 1, nil
local current, sent_at = nil, 0
-- wrk calls request() once before its threads start, to check that it makes a valid
-- request (script_verify_request), and that request is never sent. Every request wrk
-- sends is asked for after delay(), so only a request asked for after delay() takes
-- the plan's next entry; before, the check took (and lost) thread 0's first.
local armed = false
-- Asked only if wrk reconnects after the plan has run out: never counted.
local idle = "HEAD /static/phoihop/phoihop.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

function init(args)
  local folder = args[1]
  start, rate = tonumber(args[2]), tonumber(args[3])
  for line in io.lines(folder .. "/plan-" .. number .. ".txt") do
    local tab = line:find("\t", 1, true)
    local raw = line:sub(tab + 1):gsub("\1", "\r\n")
    queue[#queue + 1] = { tonumber(line:sub(1, tab - 1)), raw }
  end
  log = io.open(folder .. "/done-" .. number .. ".txt", "w")
  log:setvbuf("line")
end

function delay()
  armed = true
  local next = queue[position]
  if next == nil then
    return 3600000 -- the plan has run out: wait for wrk's end
  end
  local wait = (start + next[1] / rate - now()) * 1000
  if wait < 0 then
    return 0
  end
  return wait
end

function request()
  local next = queue[position]
  if not armed or next == nil then
    current = nil
    return idle
  end
  armed = false
  position = position + 1
  current, sent_at = next[1], now()
  return next[2]
end

function response(status, headers, body)
  if current ~= nil then
    log:write(string.format("%d %d %.6f %.6f\n", current, status, sent_at, now()))
    current = nil
  end
end
