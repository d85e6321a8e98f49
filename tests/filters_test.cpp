#include "sim/filters.hpp"

#include "test_support.hpp"

using namespace ec2sim::sim;
using json = nlohmann::ordered_json;

TEST_CASE("wildcards: * any run, ? one character, \\ escapes", "[filters]") {
  CHECK(wildcard_match("al2023-*", "al2023-ami-2023.9-x86_64"));
  CHECK(wildcard_match("*x86_64", "al2023-ami-2023.9-x86_64"));
  CHECK(wildcard_match("*", ""));
  CHECK(wildcard_match("t?.micro", "t2.micro"));
  CHECK(!wildcard_match("t?.micro", "t3a.micro"));
  CHECK(!wildcard_match("al2023", "al2023-ami"));
  CHECK(wildcard_match("a*b*c", "aXXbYYc"));
  CHECK(!wildcard_match("a*b*c", "aXXbYY"));
  CHECK(wildcard_match("100\\*", "100*"));
  CHECK(!wildcard_match("100\\*", "1000"));
  CHECK(wildcard_match("what\\?", "what?"));
  CHECK(!wildcard_match("what\\?", "whatX"));
  CHECK(wildcard_match("back\\\\slash", "back\\slash"));
  // Pathological patterns stay linear-ish rather than exploding.
  CHECK(!wildcard_match("*a*a*a*a*a*a*a*a*b", std::string(5000, 'a')));
}

TEST_CASE("OR within a filter, AND across filters, tags", "[filters]") {
  FilterTable table({{"name", FilterTable::path("Name")},
                     {"size", FilterTable::path("Disks.Size")},
                     {"public", FilterTable::path("Public")}},
                    /*has_tags=*/true);
  json r = {{"Name", "web-1"},
            {"Public", true},
            {"Disks", json::array({{{"Size", 8}}, {{"Size", 100}}})},
            {"Tags", json::array({{{"Key", "Name"}, {"Value", "My-First-EC2"}}, {{"Key", "env"}, {"Value", "dev"}}})}};
  auto match = [&](Filters f) { return table.matches(f, r); };
  CHECK(match({{"name", {"db-*", "web-*"}}}));
  CHECK(!match({{"name", {"db-*"}}}));
  CHECK(match({{"name", {"web-1"}}, {"public", {"true"}}}));
  CHECK(!match({{"name", {"web-1"}}, {"public", {"false"}}}));
  CHECK(match({{"size", {"100"}}}));  // any element of a list matches
  CHECK(match({{"size", {"100.0"}}}));  // numbers compare as numbers
  CHECK(!match({{"size", {"50"}}}));
  CHECK(match({{"tag:Name", {"My-First-*"}}}));
  CHECK(!match({{"tag:Name", {"dev"}}}));
  CHECK(match({{"tag-key", {"env"}}}));
  CHECK(match({{"tag-value", {"dev"}}}));
  CHECK(!match({{"tag:Owner", {"*"}}}));
}

TEST_CASE("unknown filter names are InvalidParameterValue", "[filters]") {
  FilterTable table({{"name", FilterTable::path("Name")}});
  CHECK(AWS_ERROR_CODE(table.validate({{"nmae", {"x"}}})) == "InvalidParameterValue");
  CHECK(AWS_ERROR_CODE(table.validate({{"tag:Name", {"x"}}})) == "InvalidParameterValue");  // no tags here
  CHECK(AWS_ERROR_CODE(table.validate({{"name", {"x"}}})) == "");
}

TEST_CASE("filters come from the decoded request", "[filters]") {
  auto f = filters_from_request({{"Filters", json::array({{{"Name", "a"}, {"Values", {"1", "2"}}}})}});
  REQUIRE(f.size() == 1);
  CHECK(f[0].values.size() == 2);
  CHECK(filters_from_request(json::object()).empty());
}

TEST_CASE("a member path reads the record's own value, else its default, member by member", "[filters]") {
  static const json defaults = {{"Placement", {{"GroupName", ""}, {"Tenancy", "default"}}}, {"Hypervisor", "xen"}};
  FilterTable table{{{"tenancy", FilterTable::path("Placement.Tenancy", &defaults)},
                     {"availability-zone", FilterTable::path("Placement.AvailabilityZone", &defaults)},
                     {"hypervisor", FilterTable::path("Hypervisor", &defaults)}}};
  const json own_zone = {{"Placement", {{"AvailabilityZone", "ap-northeast-2a"}}}};
  const json dedicated = {{"Placement", {{"AvailabilityZone", "ap-northeast-2b"}, {"Tenancy", "dedicated"}}}};
  const Filters by_tenancy = {{"tenancy", {"default"}}};
  CHECK(table.matches(by_tenancy, own_zone));
  CHECK(!table.matches(by_tenancy, dedicated));
  CHECK(table.matches({{"availability-zone", {"ap-northeast-2a"}}}, own_zone));
  CHECK(table.matches({{"hypervisor", {"xen"}}}, dedicated));
}
