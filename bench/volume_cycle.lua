-- wrk script: CreateVolume -> AttachVolume -> DetachVolume -> DeleteVolume, over and over,
-- one connection per wrk thread (each thread a chain of dependent requests), each thread
-- attaching to its own instance. Start ec2sim with --timing instant.
--   wrk -t2 -c2 -s bench/volume_cycle.lua URL -- ACCOUNT INSTANCE_ID_1 INSTANCE_ID_2 …
local threads = {}
local next_instance = 1

function setup(thread)
  thread:set("index", next_instance)
  next_instance = next_instance + 1
  table.insert(threads, thread)
end

-- Per-thread state lives in globals: done() reads `cycles` with thread:get().
account, instance, step, volume, cycles = nil, nil, 0, nil, 0

function init(args)
  account = args[1]
  instance = args[1 + index]
  step, cycles = 0, 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
  wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=" .. account ..
    "/20260101/ap-northeast-2/ec2/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0"
end

function request()
  local body
  if step == 0 then
    body = "Action=CreateVolume&AvailabilityZone=ap-northeast-2a&Size=1&VolumeType=gp3"
  elseif step == 1 then
    body = "Action=AttachVolume&VolumeId=" .. volume .. "&InstanceId=" .. instance .. "&Device=/dev/sdf"
  elseif step == 2 then
    body = "Action=DetachVolume&VolumeId=" .. volume
  else
    body = "Action=DeleteVolume&VolumeId=" .. volume
  end
  return wrk.format(nil, "/", nil, body .. "&Version=2016-11-15")
end

function response(status, headers, body)
  if status ~= 200 then
    step = 0  -- start a fresh cycle; wrk counts the error
    return
  end
  if step == 0 then volume = string.match(body, "<volumeId>(vol%-[0-9a-f]+)</volumeId>") end
  step = (step + 1) % 4
  if step == 0 then cycles = cycles + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("cycles") end
  io.write(string.format("RESULT cycles_per_s=%.0f requests_per_s=%.0f p50_ms=%.3f p99_ms=%.3f errors=%d\n",
    total / (summary.duration / 1e6), summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status))
end
