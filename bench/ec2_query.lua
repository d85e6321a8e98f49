-- wrk script: POSTs one EC2 Query request, signed (header only; not verified) as a student
-- account in ap-northeast-2. The form body is the first script argument:
--   wrk -s bench/ec2_query.lua URL -- "Action=DescribeAvailabilityZones&Version=2016-11-15" [ACCOUNT]
function init(args)
  wrk.method = "POST"
  wrk.body = args[1]
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
  wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=" .. (args[2] or "123456789012") .. "/20260101/ap-northeast-2/ec2/aws4_request, " ..
                                 "SignedHeaders=content-type;host;x-amz-date, Signature=0"
end

function done(summary, latency, requests)
  io.write(string.format("RESULT rps=%.0f p50_ms=%.3f p99_ms=%.3f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
