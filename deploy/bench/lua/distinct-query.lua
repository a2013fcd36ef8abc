-- Every request a different URL: the run's path plus "&bench=<run>-<n>", so that a gateway cache sees a miss on
-- every request (the query parameter is kept in its cache key and ignored by the upstream). The run id comes
-- from the command line (wrk ... URL -- RUN_ID) so that a measurement never meets the keys of its warm-up.
local run_id = "0"
local counter = 0

init = function(args)
  if args[1] then run_id = args[1] end
end

request = function()
  counter = counter + 1
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "bench=" .. run_id .. "-" .. counter)
end
