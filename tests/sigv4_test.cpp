#include "api/sigv4.hpp"

#include "test_support.hpp"

using namespace ec2sim::api;

TEST_CASE("the Authorization header botocore writes names key, region and service", "[sigv4]") {
  // Produced by botocore's SigV4Auth for ec2 in eu-west-1.
  auto c = parse_sigv4_authorization(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/eu-west-1/ec2/aws4_request, "
      "SignedHeaders=content-type;host;x-amz-date, "
      "Signature=c565324842edb84d1e09019256cfa0d5795e3eef674a152d8246e67583a3cc0d");
  REQUIRE(c);
  CHECK(c->access_key == "AKIDEXAMPLE");
  CHECK(c->date == "20261128");
  CHECK(c->region == "eu-west-1");
  CHECK(c->service == "ec2");
}

TEST_CASE("presigned URLs carry the scope in X-Amz-Credential", "[sigv4]") {
  // botocore's SigV4QueryAuth URL, query part, already percent-decoded.
  QueryParams params;
  parse_query_params(
      "Action=DescribeRegions&Version=2016-11-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261128"
      "%2Fus-east-2%2Fec2%2Faws4_request&X-Amz-Date=20261128T122953Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host",
      params);
  auto c = find_credential("", params);
  REQUIRE(c);
  CHECK(c->region == "us-east-2");
  CHECK(c->access_key == "AKIDEXAMPLE");
}

TEST_CASE("SigV2 clients name only the key", "[sigv4]") {
  QueryParams params{{"AWSAccessKeyId", "111122223333"}, {"SignatureVersion", "2"}};
  auto c = find_credential("", params);
  REQUIRE(c);
  CHECK(c->access_key == "111122223333");
  CHECK(c->region.empty());
}

TEST_CASE("malformed or foreign credentials are not parsed", "[sigv4]") {
  CHECK(!parse_sigv4_authorization("Basic dXNlcjpwYXNz"));
  CHECK(!parse_sigv4_authorization("AWS4-HMAC-SHA256 SignedHeaders=host"));
  CHECK(!parse_credential_scope("AKID/20240101/us-east-1/ec2"));
  CHECK(!parse_credential_scope("AKID/20240101/us-east-1/ec2/aws5_request"));
  CHECK(!find_credential("", {}));
}

TEST_CASE("accounts come from the access key", "[sigv4]") {
  CHECK(account_for_access_key("123456789012") == "123456789012");
  CHECK(account_for_access_key("AKIAIOSFODNN7EXAMPLE") == "000000000000");
  CHECK(account_for_access_key("12345678901") == "000000000000");
  CHECK(account_for_access_key("") == "000000000000");
}

TEST_CASE("form bodies decode + as space and %-escapes", "[query]") {
  QueryParams params;
  parse_query_params("Filter.1.Value.1=a+b%2Fc&Empty=&Flag", params);
  REQUIRE(params.size() == 3);
  CHECK(params[0].second == "a b/c");
  CHECK(params[1].second.empty());
  CHECK(params[2].first == "Flag");
  QueryParams bad;
  CHECK(AWS_ERROR_CODE(parse_query_params("a=%zz", bad)) == "MalformedQueryString");
  CHECK(AWS_ERROR_CODE(parse_query_params("a=%2", bad)) == "MalformedQueryString");
  // Parameters are text: bytes that are not UTF-8 never reach a stored document.
  CHECK(AWS_ERROR_CODE(parse_query_params("Value=%B2", bad)) == "MalformedQueryString");
  CHECK(AWS_ERROR_CODE(parse_query_params("Value=%C3", bad)) == "MalformedQueryString");
  CHECK(AWS_ERROR_CODE(parse_query_params("Value=%ED%A0%80", bad)) == "MalformedQueryString");  // a surrogate
  CHECK(AWS_ERROR_CODE(parse_query_params("Value=%C0%AF", bad)) == "MalformedQueryString");     // overlong '/'
  QueryParams text;
  parse_query_params("Value=%C3%A9%EC%84%9C%EC%9A%B8%F0%9F%98%80", text);
  CHECK(text[0].second == "\xC3\xA9\xEC\x84\x9C\xEC\x9A\xB8\xF0\x9F\x98\x80");
}

TEST_CASE("decoding reads nothing past the end of its view", "[query]") {
  // The HTTP target is a view into the connection's buffer, followed by other requests'
  // bytes and no NUL: the last value must end where the view ends.
  const std::string buffer = "Version=2016-11-15&Action=DescribeRegionsLEAKED-BYTES";
  std::string_view view(buffer.data(), buffer.find("LEAKED"));
  QueryParams params;
  parse_query_params(view, params);
  REQUIRE(params.size() == 2);
  CHECK(params[1].first == "Action");
  CHECK(params[1].second == "DescribeRegions");
  QueryParams keyed;
  parse_query_params(std::string_view(buffer.data(), buffer.find("=2016")), keyed);
  REQUIRE(keyed.size() == 1);
  CHECK(keyed[0].first == "Version");
  CHECK(keyed[0].second.empty());
}
