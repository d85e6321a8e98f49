#include "api/dispatcher.hpp"
#include "api/model.hpp"
#include "api/operation_table.hpp"
#include "connect/connect_service.hpp"

#include <pugixml.hpp>

#include "test_support.hpp"

using namespace ec2sim;

namespace {

struct Fixture {
  const catalog::Catalog& catalog = shared_catalog();
  store::Store store{":memory:"};
  sim::SimClock clock;
  api::Dispatcher dispatcher{catalog, store, clock, {"ap-northeast-2", {sim::Timing::instant(), {}, {}, {}}, {}, ""}};

  static const catalog::Catalog& shared_catalog() {
    static const catalog::Catalog c = catalog::Catalog::load_builtin();
    return c;
  }

  api::HttpReply post(std::string body, std::string authorization = "") {
    return dispatcher.handle({"POST", "/", body, {{"Authorization", authorization}}});
  }
};

std::string error_code(const api::HttpReply& reply) {
  pugi::xml_document doc;
  REQUIRE(doc.load_string(reply.body.c_str()));
  return doc.child("Response").child("Errors").child("Error").child_value("Code");
}

std::string signed_for(const char* region, const char* service = "ec2") {
  return std::string("AWS4-HMAC-SHA256 Credential=123456789012/20260101/") + region + "/" + service +
         "/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";
}

}  // namespace

TEST_CASE_METHOD(Fixture, "success envelope carries the request id of the header", "[dispatcher]") {
  auto reply = post("Action=DescribeRegions&Version=2016-11-15");
  REQUIRE(reply.status == 200);
  pugi::xml_document doc;
  REQUIRE(doc.load_string(reply.body.c_str()));
  auto root = doc.child("DescribeRegionsResponse");
  REQUIRE(root);
  CHECK(root.child_value("requestId") == reply.request_id);
  CHECK(reply.request_id.size() == 36);
}

TEST_CASE_METHOD(Fixture, "GET query strings work like POST bodies", "[dispatcher]") {
  auto reply = dispatcher.handle({"GET", "/?Action=DescribeAvailabilityZones&Version=2016-11-15", "", {}});
  CHECK(reply.status == 200);
  CHECK(reply.body.find("ap-northeast-2d") != std::string::npos);
}

TEST_CASE_METHOD(Fixture, "a GET's last parameter ends where the target ends", "[dispatcher]") {
  // Regression: the target is a view into the connection's buffer; bytes after it (an
  // earlier request's, say) must never reach the action name, the reply or the log.
  const std::string buffer = "/?Version=2016-11-15&Action=DescribeRegions<requestId>other</requestId>";
  std::string_view target(buffer.data(), buffer.find('<'));
  for (int i = 0; i < 3; ++i) {
    auto reply = dispatcher.handle({"GET", target, "", {}});
    CHECK(reply.status == 200);
    CHECK(reply.action == "DescribeRegions");
    CHECK(reply.body.find("other") == std::string::npos);
  }
}

TEST_CASE_METHOD(Fixture, "the region comes from the credential scope", "[dispatcher]") {
  auto reply = post("Action=DescribeAvailabilityZones&Version=2016-11-15", signed_for("eu-west-1"));
  CHECK(reply.region == "eu-west-1");
  CHECK(reply.account == "123456789012");
  CHECK(reply.body.find("eu-west-1a") != std::string::npos);
  // A scope naming a Region that does not exist is refused, as AWS refuses it, naming it.
  auto typo = post("Action=DescribeAvailabilityZones&Version=2010-08-31", signed_for("ap-northeast-9"));
  CHECK(typo.status == 401);
  CHECK(error_code(typo) == "AuthFailure");
  CHECK(typo.body.find("ap-northeast-9") != std::string::npos);
}

TEST_CASE_METHOD(Fixture, "error envelopes and statuses", "[dispatcher]") {
  auto unknown = post("Action=LaunchRocket&Version=2016-11-15");
  CHECK(unknown.status == 400);
  CHECK(error_code(unknown) == "InvalidAction");

  auto unbuilt = post("Action=DescribeFleets&Version=2016-11-15");
  CHECK(unbuilt.status == 400);
  CHECK(error_code(unbuilt) == "UnsupportedOperation");

  auto dry = post("Action=DescribeRegions&DryRun=true");
  CHECK(dry.status == 412);
  CHECK(error_code(dry) == "DryRunOperation");

  CHECK(error_code(post("Version=2016-11-15")) == "MissingAction");
  CHECK(error_code(post("Action=DescribeRegions&Nope=1")) == "UnknownParameter");
  CHECK(error_code(post("Action=DescribeRegions&a=%zz")) == "MalformedQueryString");
  auto put = dispatcher.handle({"PUT", "/", "Action=DescribeRegions", {}});
  CHECK(put.status == 405);
}

TEST_CASE_METHOD(Fixture, "STS GetCallerIdentity at the same endpoint", "[dispatcher][sts]") {
  auto reply = post("Action=GetCallerIdentity&Version=2011-06-15", signed_for("us-east-1", "sts"));
  REQUIRE(reply.status == 200);
  pugi::xml_document doc;
  REQUIRE(doc.load_string(reply.body.c_str()));
  auto result = doc.child("GetCallerIdentityResponse").child("GetCallerIdentityResult");
  CHECK(std::string(result.child_value("Account")) == "123456789012");
  CHECK(std::string(result.child_value("Arn")) == "arn:aws:iam::123456789012:root");
  CHECK(std::string(doc.child("GetCallerIdentityResponse").child("ResponseMetadata").child_value("RequestId")) ==
        reply.request_id);

  auto other = post("Action=AssumeRole&Version=2011-06-15");
  CHECK(other.status == 400);
  pugi::xml_document err;
  REQUIRE(err.load_string(other.body.c_str()));
  CHECK(std::string(err.child("ErrorResponse").child("Error").child_value("Code")) == "InvalidAction");
}

TEST_CASE_METHOD(Fixture, "control routes answer JSON", "[dispatcher]") {
  auto health = dispatcher.handle({"GET", "/_ec2sim/health", "", {}});
  CHECK(health.status == 200);
  auto body = nlohmann::ordered_json::parse(health.body);
  CHECK(body["status"] == "ok");
  CHECK(body["catalog"]["regions"].get<int>() >= 30);
  CHECK(dispatcher.handle({"GET", "/_ec2sim/nothing", "", {}}).status == 404);
}

TEST_CASE_METHOD(Fixture, "members newer than the model are understood: DescribeImages pages", "[dispatcher]") {
  auto page_of = [&](const std::string& extra) {
    auto reply = post("Action=DescribeImages&Version=2016-11-15&Owner.1=amazon&MaxResults=5" + extra);
    REQUIRE(reply.status == 200);
    pugi::xml_document doc;
    REQUIRE(doc.load_string(reply.body.c_str()));
    auto root = doc.child("DescribeImagesResponse");
    std::vector<std::string> ids;
    for (auto item : root.child("imagesSet").children("item")) ids.push_back(item.child_value("imageId"));
    return std::pair{ids, std::string(root.child_value("nextToken"))};
  };
  auto [first, token] = page_of("");
  CHECK(first.size() == 5);
  REQUIRE(!token.empty());
  auto [second, token2] = page_of("&NextToken=" + token);
  CHECK(second.size() == 5);
  CHECK(first.back() < second.front());
  CHECK(error_code(post("Action=DescribeImages&ImageId.1=ami-12345678&MaxResults=5")) == "InvalidParameterCombination");
}

TEST_CASE("the operation table is sorted and names model operations", "[dispatcher]") {
  auto ops = api::implemented_operations();
  for (std::size_t i = 0; i < ops.size(); ++i) {
    CHECK(model::find_operation(ops[i].action) != nullptr);
    if (i) CHECK(ops[i - 1].action < ops[i].action);
    CHECK(api::find_implemented(ops[i].action) == &ops[i]);
  }
}

TEST_CASE("each operation's needs agree with what the model says of it", "[dispatcher]") {
  for (const auto& op : api::implemented_operations()) {
    INFO(op.action);
    const auto* model_op = model::find_operation(op.action);
    bool takes_token = false;
    if (model_op->input != model::kNoShape)
      for (const auto& member : model::members_of(model::shape(model_op->input)))
        takes_token = takes_token || member.name == "ClientToken";
    // An operation whose model takes a ClientToken must honour it (a retry may not make two).
    CHECK(op.needs.client_token == takes_token);
    // Describe* and Get* read; everything else changes state, and settles first.
    const bool reads = op.action.starts_with("Describe") || op.action.starts_with("Get");
    CHECK(op.needs.writes == !reads);
    if (op.needs.writes) CHECK(op.needs.settled);
  }
}

TEST_CASE_METHOD(Fixture, "the console: a browser at / is sent to it; its files come gzipped with an ETag", "[dispatcher][console]") {
  auto root = dispatcher.handle({"GET", "/", "", {{"Accept", "text/html,application/xhtml+xml"}}});
  CHECK(root.status == 302);
  CHECK(root.headers == decltype(root.headers){{"Location", "/console/"}});
  // An API client's GET / (no HTML wanted) is still EC2's: MissingAction.
  CHECK(error_code(dispatcher.handle({"GET", "/", "", {}})) == "MissingAction");
  CHECK(dispatcher.handle({"GET", "/console", "", {}}).status == 301);

  auto header = [](const api::HttpReply& reply, std::string_view name) {
    for (const auto& [n, v] : reply.headers)
      if (n == name) return v;
    return std::string();
  };
  auto page = dispatcher.handle({"GET", "/console/", "", {}});
  REQUIRE(page.status == 200);
  CHECK(page.content_type == "text/html; charset=utf-8");
  CHECK(page.body.find("<script type=\"module\" src=\"console.js\">") != std::string::npos);
  CHECK(header(page, "Content-Encoding").empty());  // no Accept-Encoding: the bytes themselves

  auto script = dispatcher.handle({"GET", "/console/console.js", "", {{"Accept-Encoding", "gzip, deflate, br"}}});
  REQUIRE(script.status == 200);
  CHECK(script.content_type == "text/javascript; charset=utf-8");
  CHECK(header(script, "Content-Encoding") == "gzip");
  CHECK(script.body.substr(0, 2) == "\x1f\x8b");
  const auto etag = header(script, "ETag");
  REQUIRE(etag.size() == 37);  // "<32 hex>-gz"
  CHECK(dispatcher.handle({"GET", "/console/console.js", "", {{"Accept-Encoding", "gzip;q=0"}}}).body.substr(0, 2) != "\x1f\x8b");
  auto again = dispatcher.handle({"GET", "/console/console.js", "", {{"Accept-Encoding", "gzip"}, {"If-None-Match", etag}}});
  CHECK(again.status == 304);
  CHECK(again.body.empty());

  CHECK(dispatcher.handle({"GET", "/console/no-such-file.js", "", {}}).status == 404);
  CHECK(dispatcher.handle({"POST", "/console/console.js", "", {}}).status == 405);
}

TEST_CASE_METHOD(Fixture, "my-ip says the caller's address; the terminal route wants a WebSocket", "[dispatcher][console]") {
  api::HttpRequest request{"GET", "/_ec2sim/my-ip", "", {}};
  request.peer_address = "192.0.2.10";
  auto reply = dispatcher.handle(request);
  CHECK(reply.status == 200);
  CHECK(reply.body == R"({"address":"192.0.2.10"})");
  CHECK(dispatcher.handle({"GET", "/_ec2sim/instances/i-0123456789abcdef0/terminal", "", {}}).status == 426);
  CHECK(api::is_terminal_path("/_ec2sim/instances/i-1/terminal"));
  CHECK_FALSE(api::is_terminal_path("/_ec2sim/instances//terminal"));
  CHECK_FALSE(api::is_terminal_path("/_ec2sim/instances/i-1/files/terminal"));
  // Without connect (this fixture has none), the terminal says so rather than fail.
  auto terminal = dispatcher.open_terminal({"GET", "/_ec2sim/instances/i-1/terminal?user=ec2-user", "", {}});
  CHECK(terminal.status == 503);
  CHECK(terminal.error == "ConnectUnavailable");
}
