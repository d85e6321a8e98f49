-- wrk script: one RunInstances (one t2.micro) per request, spread over ACCOUNTS student
-- accounts (12-digit access keys 100000000000, 100000000001, …) as a classroom would.
--   wrk -s bench/run_instances.lua URL -- AMI_ID ACCOUNTS
local counter = 0
local ami, accounts

function init(args)
  ami = args[1]
  accounts = tonumber(args[2] or "100")
end

function request()
  counter = counter + 1
  local account = string.format("%012d", 100000000000 + counter % accounts)
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8",
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=" .. account ..
      "/20260101/ap-northeast-2/ec2/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0",
  }
  local body = "Action=RunInstances&Version=2016-11-15&ImageId=" .. ami ..
               "&InstanceType=t2.micro&MinCount=1&MaxCount=1"
  return wrk.format("POST", "/", headers, body)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT rps=%.0f p50_ms=%.3f p99_ms=%.3f errors=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests))
end
