#include "sim/pagination.hpp"

#include "test_support.hpp"

using namespace ec2sim::sim;

namespace {

struct Item {
  std::string key;
};

std::vector<std::string> keys(const std::vector<const Item*>& page) {
  std::vector<std::string> out;
  for (const auto* i : page) out.push_back(i->key);
  return out;
}

}  // namespace

TEST_CASE("pages follow each other through NextToken", "[pagination]") {
  std::vector<Item> items{{"a"}, {"b"}, {"c"}, {"d"}, {"e"}};
  std::vector<const Item*> ptrs;
  for (const auto& i : items) ptrs.push_back(&i);
  auto key_of = [](const Item& i) -> const std::string& { return i.key; };

  std::optional<std::string> next;
  auto page = take_page(ptrs, page_request({{"MaxResults", 2}}, 100), key_of, next);
  CHECK(keys(page) == std::vector<std::string>{"a", "b"});
  REQUIRE(next);
  page = take_page(ptrs, page_request({{"MaxResults", 2}, {"NextToken", *next}}, 100), key_of, next);
  CHECK(keys(page) == std::vector<std::string>{"c", "d"});
  REQUIRE(next);
  page = take_page(ptrs, page_request({{"MaxResults", 2}, {"NextToken", *next}}, 100), key_of, next);
  CHECK(keys(page) == std::vector<std::string>{"e"});
  CHECK(!next);
}

TEST_CASE("a token stays on its item when earlier items go away", "[pagination]") {
  std::vector<Item> items{{"b"}, {"c"}, {"d"}};
  std::vector<const Item*> ptrs;
  for (const auto& i : items) ptrs.push_back(&i);
  std::optional<std::string> next;
  auto page = take_page(ptrs, page_request({{"NextToken", encode_page_token("c")}}, 0),
                        [](const Item& i) -> const std::string& { return i.key; }, next);
  CHECK(keys(page) == std::vector<std::string>{"c", "d"});
}

TEST_CASE("default page size and unbounded pages", "[pagination]") {
  CHECK(page_request(nlohmann::ordered_json::object(), 100).max_results == 100);
  CHECK(page_request(nlohmann::ordered_json::object(), 0).max_results == 0);
  CHECK(!page_request({{"NextToken", ""}}, 0).after_key);
}

TEST_CASE("tokens we did not issue are InvalidPaginationToken", "[pagination]") {
  CHECK(AWS_ERROR_CODE(page_request({{"NextToken", "garbage"}}, 10)) == "InvalidPaginationToken");
  CHECK(AWS_ERROR_CODE(page_request({{"NextToken", "aGVsbG8="}}, 10)) == "InvalidPaginationToken");  // "hello"
  CHECK(AWS_ERROR_CODE(page_request({{"NextToken", "!!!!"}}, 10)) == "InvalidPaginationToken");
  CHECK(*page_request({{"NextToken", encode_page_token("m5.large")}}, 10).after_key == "m5.large");
}
