#include "api/authenticator.hpp"
#include "api/sigv2.hpp"
#include "api/sigv4.hpp"

#include <deque>

#include "test_support.hpp"
#include "sim/time_format.hpp"

using namespace ec2sim;
using namespace ec2sim::api;

namespace {

// Requests botocore 1.29 signed (SigV4Auth / SigV4QueryAuth for ec2 in eu-west-1 at
// 2026-12-01T12:00:00Z) with this key.
constexpr const char* kKey = "AKIAEC2SIMEXAMPLE01";
constexpr const char* kSecret = "s3cr3t/EXAMPLE+key";
constexpr const char* kBody = "Action=DescribeRegions&Version=2016-11-15";
constexpr const char* kHeaderAuth =
    "AWS4-HMAC-SHA256 Credential=AKIAEC2SIMEXAMPLE01/20261201/eu-west-1/ec2/aws4_request, "
    "SignedHeaders=content-type;host;x-amz-date, "
    "Signature=d39e21455ee12cc5ca914d03245f25ca4bb0062cdd6f77665a3d2f9af438b594";
constexpr const char* kPresignedTarget =
    "/?Action=DescribeRegions&Version=2016-11-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEC2SIMEXAMPLE01"
    "%2F20261201%2Feu-west-1%2Fec2%2Faws4_request&X-Amz-Date=20261201T120000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&"
    "X-Amz-Signature=4f4a939ec61c9c97b394b8d1dca16311c4421e1e0d4f5832217968d609b566d7";

std::chrono::system_clock::time_point at(const char* iso) { return *sim::parse_iso8601(iso); }

struct Fixture {
  const catalog::Catalog& catalog = shared_catalog();
  std::chrono::system_clock::time_point now = at("2026-12-01T12:01:00Z");
  Authenticator strict{catalog, *catalog.find_region("ap-northeast-2"), options(AuthMode::strict)};
  Authenticator open{catalog, *catalog.find_region("ap-northeast-2"), options(AuthMode::open)};

  static const catalog::Catalog& shared_catalog() {
    static const catalog::Catalog c = catalog::Catalog::load_builtin();
    return c;
  }
  AuthOptions options(AuthMode mode) {
    AuthOptions o;
    o.mode = mode;
    o.credentials = CredentialFile::parse(
        R"({"credentials": [{"access_key": "AKIAEC2SIMEXAMPLE01", "secret_key": "s3cr3t/EXAMPLE+key",
                             "account_id": "111122223333", "name": "student01"},
                            {"access_key": "ASIATEMPORARY", "secret_key": "x", "account_id": "444455556666",
                             "session_token": "tok"}]})");
    o.now = [this] { return now; };
    return o;
  }

  HttpRequest post(std::string_view body = kBody, std::string_view authorization = kHeaderAuth,
                   std::string_view date = "20261201T120000Z") {
    return {"POST", "/", body,
            {{"Host", "127.0.0.1:4566"},
             {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
             {"X-Amz-Date", date},
             {"Authorization", authorization}}};
  }
  std::string code(const HttpRequest& request, bool sts = false) {
    QueryParams params;
    parse_query_params(request.target.substr(std::min(request.target.size(), request.target.find('?') + 1)), params);
    if (request.method == "POST") parse_query_params(request.body, params);
    return AWS_ERROR_CODE(strict.identify(request, params, sts));
  }
  Caller identify(const HttpRequest& request) {
    QueryParams params;
    parse_query_params(request.body, params);
    return strict.identify(request, params, false);
  }
};

std::string replaced(std::string text, std::string_view what, std::string_view with) {
  auto at = text.find(what);
  REQUIRE(at != std::string::npos);
  return text.replace(at, what.size(), with);
}

}  // namespace

TEST_CASE("AWS's SigV4 test suite: get-vanilla", "[auth]") {
  // The canonical request and signature of AWS's published example (service "service").
  HttpRequest request{"GET", "/", "", {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}}};
  SigV4Signature sig{{"AKIDEXAMPLE", "20150830", "us-east-1", "service"}, {"host", "x-amz-date"}, "", "20150830T123600Z"};
  auto canonical = sigv4_canonical_request(request, sig, sha256_hex(""));
  CHECK(canonical ==
        "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sigv4_sign("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sig, canonical) ==
        "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST_CASE_METHOD(Fixture, "strict mode accepts what botocore signed", "[auth]") {
  auto caller = identify(post());
  CHECK(caller.account == "111122223333");
  CHECK(caller.user_name == "student01");
  CHECK(caller.region->name == "eu-west-1");

  HttpRequest presigned{"GET", kPresignedTarget, "", {{"Host", "127.0.0.1:4566"}}};
  CHECK(code(presigned) == "");
  // A presigned URL signs no body: one sent with it (more parameters) is not accepted,
  // nor are presign fields that come in a body instead of the URL.
  HttpRequest with_body{"POST", kPresignedTarget, "Action=TerminateInstances&InstanceId.1=i-1", {{"Host", "127.0.0.1:4566"}}};
  CHECK(code(with_body) == "SignatureDoesNotMatch");
  std::string target = kPresignedTarget;
  HttpRequest fields_in_body{"POST", "/", std::string_view(target).substr(2), {{"Host", "127.0.0.1:4566"}}};
  CHECK(code(fields_in_body) == "MissingAuthenticationToken");
}

TEST_CASE_METHOD(Fixture, "strict mode refuses, with AWS's codes", "[auth]") {
  // A changed body, header or signature.
  CHECK(code(post("Action=DescribeRegions&Version=2016-11-16")) == "SignatureDoesNotMatch");
  CHECK(code(post(kBody, replaced(kHeaderAuth, "Signature=d39e", "Signature=d39f"))) == "SignatureDoesNotMatch");
  auto other_host = post();
  other_host.headers[0].second = "127.0.0.1:4567";
  CHECK(code(other_host) == "SignatureDoesNotMatch");
  // An unknown key; a key that needs its session token, without it.
  // An unknown key: EC2 says AuthFailure, STS InvalidClientTokenId.
  CHECK(code(post(kBody, replaced(kHeaderAuth, "AKIAEC2SIMEXAMPLE01", "AKIAUNKNOWN"))) == "AuthFailure");
  CHECK(code(post(kBody, replaced(kHeaderAuth, "AKIAEC2SIMEXAMPLE01", "AKIAUNKNOWN")), /*sts=*/true) ==
        "InvalidClientTokenId");
  // Temporary credentials: a good signature still needs the session token, the right one.
  auto temporary = [&](std::string token) {
    static std::deque<std::string> keep;  // the request's views must outlive it (a deque never moves them)
    SigV4Signature sig{{"ASIATEMPORARY", "20261201", "eu-west-1", "ec2"}, {"host", "x-amz-date"}, "", "20261201T120000Z"};
    HttpRequest request{"POST", "/", kBody, {{"Host", "127.0.0.1:4566"}, {"X-Amz-Date", "20261201T120000Z"}}};
    const auto signature = sigv4_sign("x", sig, sigv4_canonical_request(request, sig, sha256_hex(kBody)));
    keep.push_back("AWS4-HMAC-SHA256 Credential=ASIATEMPORARY/20261201/eu-west-1/ec2/aws4_request, "
                   "SignedHeaders=host;x-amz-date, Signature=" + signature);
    request.headers.emplace_back("Authorization", keep.back());
    if (!token.empty()) request.headers.emplace_back("X-Amz-Security-Token", keep.emplace_back(token));
    return code(request);
  };
  CHECK(temporary("tok") == "");
  CHECK(temporary("") == "AuthFailure");
  CHECK(temporary("tok2") == "AuthFailure");
  // Outside the 5-minute window, either way.
  now = at("2026-12-01T12:05:01Z");
  CHECK(code(post()) == "RequestExpired");
  now = at("2026-12-01T11:54:59Z");
  CHECK(code(post()) == "RequestExpired");
  now = at("2026-12-01T12:01:00Z");
  // The presigned URL lives X-Amz-Expires (300) seconds.
  HttpRequest presigned{"GET", kPresignedTarget, "", {{"Host", "127.0.0.1:4566"}}};
  now = at("2026-12-01T12:05:01Z");
  CHECK(code(presigned) == "RequestExpired");
  now = at("2026-12-01T12:01:00Z");
  // Unsigned; parts missing; the scope's service or Region wrong; the date not the scope's.
  CHECK(code({"POST", "/", kBody, {{"Host", "h"}}}) == "MissingAuthenticationToken");
  CHECK(code({"POST", "/", kBody, {{"Host", "h"}}}, /*sts=*/true) == "MissingAuthenticationToken");
  CHECK(code(post(kBody, "AWS4-HMAC-SHA256 Credential=AKIAEC2SIMEXAMPLE01/20261201/eu-west-1/ec2/aws4_request")) ==
        "IncompleteSignature");
  CHECK(code(post(kBody, replaced(kHeaderAuth, "/ec2/", "/s3/"))) == "AuthFailure");
  CHECK(code(post(kBody, replaced(kHeaderAuth, "eu-west-1", "eu-west-9"))) == "AuthFailure");
  CHECK(code(post(kBody, kHeaderAuth, "20261202T120000Z")) == "RequestExpired");
  now = at("2026-12-02T12:01:00Z");
  CHECK(code(post(kBody, kHeaderAuth, "20261202T120000Z")) == "SignatureDoesNotMatch");
  now = at("2026-12-01T12:01:00Z");
  CHECK(code(post(kBody, replaced(kHeaderAuth, "content-type;host;", "content-type;"))) == "IncompleteSignature");
}

TEST_CASE_METHOD(Fixture, "SigV2 signatures are verified too", "[auth]") {
  QueryParams params{{"Action", "DescribeRegions"},          {"Version", "2014-10-01"},
                     {"AWSAccessKeyId", kKey},               {"SignatureVersion", "2"},
                     {"SignatureMethod", "HmacSHA256"},      {"Timestamp", "2026-12-01T12:00:00Z"}};
  HttpRequest request{"POST", "/", "", {{"Host", "127.0.0.1:4566"}}};
  params.emplace_back("Signature", sigv2_sign(kSecret, request, params, "HmacSHA256"));
  CHECK(strict.identify(request, params, false).account == "111122223333");
  params.back().second[0] ^= 1;
  CHECK(AWS_ERROR_CODE(strict.identify(request, params, false)) == "SignatureDoesNotMatch");
  params.pop_back();
  CHECK(AWS_ERROR_CODE(strict.identify(request, params, false)) == "IncompleteSignature");
}

TEST_CASE_METHOD(Fixture, "open mode takes any key but not a Region that does not exist", "[auth]") {
  QueryParams none;
  auto caller = open.identify(post(kBody, replaced(kHeaderAuth, "AKIAEC2SIMEXAMPLE01", "123456789012")), none, false);
  CHECK(caller.account == "123456789012");
  CHECK(caller.region->name == "eu-west-1");
  CHECK(open.identify({"POST", "/", "", {}}, none, false).account == "000000000000");
  try {
    open.identify(post(kBody, replaced(kHeaderAuth, "eu-west-1", "ap-northeast-9")), none, false);
    FAIL("a Region that does not exist was accepted");
  } catch (const ApiError& e) {
    CHECK(e.code() == "AuthFailure");
    CHECK(e.status() == 401);
    CHECK(std::string(e.what()).find("'ap-northeast-9'") != std::string::npos);
  }
}

TEST_CASE("credential files are checked when read", "[auth]") {
  CHECK_THROWS_WITH(CredentialFile::parse("[]"), Catch::Contains("expected"));
  CHECK_THROWS_WITH(CredentialFile::parse(R"({"credentials":[{"access_key":"A","secret_key":"s","account_id":"12"}]})"),
                    Catch::Contains("12 digits"));
  CHECK_THROWS_WITH(
      CredentialFile::parse(R"({"credentials":[{"access_key":"A","secret_key":"s","account_id":"111122223333"},
                                               {"access_key":"A","secret_key":"t","account_id":"111122223333"}]})"),
      Catch::Contains("twice"));
  CHECK_THROWS_WITH(CredentialFile::parse(R"({"credentials":[{"secret_key":"s","account_id":"111122223333"}]})"),
                    Catch::Contains("access_key"));
}

TEST_CASE("ISO 8601 times in both forms", "[auth]") {
  CHECK(sim::parse_iso8601("20261201T120000Z") == sim::parse_iso8601("2026-12-01T12:00:00.000Z"));
  CHECK(!sim::parse_iso8601("20261301T120000Z"));
  CHECK(!sim::parse_iso8601("2026-12-01 12:00:00Z"));
  CHECK(!sim::parse_iso8601("20261201T120000"));
  CHECK(!sim::parse_iso8601(""));
  CHECK(!sim::parse_iso8601("24261201T120000Z"));  // found by fuzz_signatures: beyond what the clock holds
}

TEST_CASE("request times as ISO 8601 or epoch seconds, within what the clock holds", "[time]") {
  CHECK(sim::parse_request_time("1764590400") == sim::parse_iso8601("2025-12-01T12:00:00Z"));
  CHECK(sim::parse_request_time("2026-12-01T12:00:00Z") == sim::parse_iso8601("2026-12-01T12:00:00Z"));
  CHECK(!sim::parse_request_time("999999999999"));  // year 33658: would overflow the clock's nanoseconds
  CHECK(!sim::parse_request_time("-5"));
  CHECK(!sim::parse_request_time("soon"));
}
