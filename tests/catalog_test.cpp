#include "catalog/catalog.hpp"

#include <algorithm>
#include <set>

#include "test_support.hpp"

using namespace ec2sim::catalog;

namespace {

const Catalog& builtin() {
  static const Catalog c = Catalog::load_builtin();
  return c;
}

const nlohmann::ordered_json& type(const char* name) {
  const auto* t = builtin().find_instance_type(name);
  REQUIRE(t != nullptr);
  return t->info;
}

}  // namespace

TEST_CASE("at least 300 instance types across every family the lesson names", "[catalog]") {
  CHECK(builtin().instance_types().size() >= 300);
  std::set<std::string> families;
  for (const auto& t : builtin().instance_types()) families.insert(t.family);
  for (const char* f : {"t2", "t3", "t3a", "t4g", "m5", "m6i", "m6g", "m7i", "m7g", "c5", "c6i", "c6g", "c7g", "g4dn",
                        "g5", "p3", "p4d", "r5", "r6i", "r6g", "x1e", "x2idn", "z1d", "d2", "d3", "i3", "i3en", "i4i"})
    CHECK(families.contains(f));
}

TEST_CASE("t2.micro is the free-tier type of the lesson", "[catalog]") {
  const auto& t = type("t2.micro");
  CHECK(t["FreeTierEligible"] == true);
  CHECK(t["VCpuInfo"]["DefaultVCpus"] == 1);
  CHECK(t["MemoryInfo"]["SizeInMiB"] == 1024);
  CHECK(t["InstanceStorageSupported"] == false);
  CHECK(t["NetworkInfo"]["NetworkPerformance"] == "Low to Moderate");
  CHECK(t["Hypervisor"] == "xen");
  CHECK(t["BurstablePerformanceSupported"] == true);
  CHECK(type("t3.micro")["FreeTierEligible"] == true);
  CHECK(type("t3.small")["FreeTierEligible"] == false);
}

TEST_CASE("sizes follow the family rules", "[catalog]") {
  CHECK(type("m5.large")["VCpuInfo"]["DefaultVCpus"] == 2);
  CHECK(type("m5.large")["VCpuInfo"]["DefaultCores"] == 1);
  CHECK(type("m5.large")["MemoryInfo"]["SizeInMiB"] == 8192);
  CHECK(type("m5.metal")["VCpuInfo"]["DefaultVCpus"] == 96);
  CHECK(type("m5.metal")["BareMetal"] == true);
  CHECK(!type("m5.metal").contains("Hypervisor"));
  CHECK(type("c5.9xlarge")["MemoryInfo"]["SizeInMiB"] == 72 * 1024);
  CHECK(type("r6g.medium")["VCpuInfo"]["DefaultVCpus"] == 1);
  CHECK(type("r6g.medium")["MemoryInfo"]["SizeInMiB"] == 8192);
  CHECK(type("m7g.xlarge")["ProcessorInfo"]["SupportedArchitectures"] == nlohmann::ordered_json::array({"arm64"}));
  CHECK(type("m7g.xlarge")["VCpuInfo"]["DefaultThreadsPerCore"] == 1);
  CHECK(type("p4d.24xlarge")["GpuInfo"]["Gpus"][0]["Count"] == 8);
  CHECK(type("p4d.24xlarge")["GpuInfo"]["TotalGpuMemoryInMiB"] == 8 * 40960);
}

TEST_CASE("local-disk types carry their instance store", "[catalog]") {
  const auto& i3 = type("i3.large");
  CHECK(i3["InstanceStorageSupported"] == true);
  CHECK(i3["InstanceStorageInfo"]["TotalSizeInGB"] == 475);
  CHECK(i3["InstanceStorageInfo"]["Disks"][0]["Type"] == "ssd");
  CHECK(i3["InstanceStorageInfo"]["NvmeSupport"] == "required");
  const auto& d2 = type("d2.8xlarge");
  CHECK(d2["InstanceStorageInfo"]["Disks"][0]["Count"] == 24);
  CHECK(d2["InstanceStorageInfo"]["Disks"][0]["Type"] == "hdd");
  CHECK(type("m5d.24xlarge")["InstanceStorageInfo"]["TotalSizeInGB"] == 3600);
}

TEST_CASE("regions and zones", "[catalog]") {
  CHECK(builtin().regions().size() >= 30);
  const auto* seoul = builtin().find_region("ap-northeast-2");
  REQUIRE(seoul);
  REQUIRE(seoul->zones.size() == 4);
  for (int i = 0; i < 4; ++i) {
    CHECK(seoul->zones[i].name == std::string("ap-northeast-2") + static_cast<char>('a' + i));
    CHECK(seoul->zones[i].id == "apne2-az" + std::to_string(i + 1));
  }
  CHECK(builtin().find_region("us-east-1")->zones.size() == 6);
  CHECK(!builtin().find_region("moon-1"));
}

TEST_CASE("every region has Amazon Linux 2023 with stable, region-specific ids", "[catalog]") {
  std::set<std::string> ids;
  for (const auto& r : builtin().regions()) {
    bool found = false;
    for (const auto& image : builtin().images(r.name)) {
      if (image.info["Name"].get<std::string>().starts_with("al2023-ami-2023") &&
          image.info["Architecture"] == "x86_64") {
        found = true;
        CHECK(image.info["ImageOwnerAlias"] == "amazon");
        CHECK(image.id.size() == 21);  // ami- and 17 hex digits
        ids.insert(image.id);
      }
    }
    CHECK(found);
  }
  CHECK(ids.size() >= builtin().regions().size());  // no id shared across regions
  CHECK(stable_id("ami", "x") == stable_id("ami", "x"));
  CHECK(stable_id("ami", "x") != stable_id("ami", "y"));
}

TEST_CASE("every type AWS offers today, previous generations too, with AWS's per-size values", "[catalog]") {
  CHECK(builtin().instance_types().size() >= 1200);
  for (const char* name : {"c8i.large", "m8i.48xlarge", "r8a.medium", "c6in.32xlarge", "m5dn.metal", "r7iz.metal-32xl",
                           "i7ie.48xlarge", "i8g.large", "x8g.metal-48xl", "u7i-12tb.224xlarge", "p5en.48xlarge",
                           "m1.small", "t1.micro", "c3.large", "r3.8xlarge", "i2.xlarge"})
    CHECK(builtin().find_instance_type(name) != nullptr);
  const auto& m1 = type("m1.small");
  CHECK(m1["CurrentGeneration"] == false);
  CHECK(m1["ProcessorInfo"]["SupportedArchitectures"] == nlohmann::ordered_json::array({"i386", "x86_64"}));
  CHECK(m1["NetworkInfo"]["Ipv6Supported"] == false);
  // Values AWS answers that the family rules alone got wrong.
  CHECK(type("d2.2xlarge")["InstanceStorageInfo"]["TotalSizeInGB"] == 12288);
  CHECK(type("c7g.2xlarge")["NetworkInfo"]["NetworkPerformance"] == "Up to 15 Gigabit");
  CHECK(type("d3.xlarge")["NetworkInfo"]["Ipv4AddressesPerInterface"] == 3);
  CHECK(type("p4d.24xlarge")["NetworkInfo"]["MaximumNetworkCards"] == 4);
  CHECK(type("p4d.24xlarge")["NetworkInfo"]["NetworkCards"].size() == 4);
  CHECK(type("c4.large")["HibernationSupported"] == true);
  CHECK(type("c5.24xlarge")["HibernationSupported"] == false);  // 192 GiB: over AWS's limit
  // ValidCores as AWS lists them, so the vcpu-info.valid-* filters find them.
  CHECK(type("m5.xlarge")["VCpuInfo"]["ValidCores"] == nlohmann::ordered_json::array({2}));
  CHECK(type("t3.micro")["VCpuInfo"]["ValidCores"] == nlohmann::ordered_json::array({1}));
  CHECK(type("c7g.xlarge")["VCpuInfo"]["ValidThreadsPerCore"] == nlohmann::ordered_json::array({1}));
  CHECK(!type("m5.metal")["VCpuInfo"].contains("ValidCores"));
  CHECK(type("u-6tb1.56xlarge")["VCpuInfo"]["DefaultCores"] == 224);  // one thread per core at this size only
  CHECK(type("u-6tb1.112xlarge")["VCpuInfo"]["DefaultThreadsPerCore"] == 2);
  // Accelerators other than GPUs, each in the member AWS reports its kind in.
  CHECK(type("inf2.xlarge")["NeuronInfo"]["NeuronDevices"][0]["Name"] == "Inferentia2");
  CHECK(type("trn1.32xlarge")["NeuronInfo"]["TotalNeuronDeviceMemoryInMiB"] == 16 * 32768);
  CHECK(type("f1.2xlarge")["FpgaInfo"]["Fpgas"][0]["Count"] == 1);
  CHECK(type("vt1.3xlarge").contains("MediaAcceleratorInfo"));
}

TEST_CASE("each Region offers its own types", "[catalog]") {
  CHECK(builtin().offers("ap-northeast-2", "t2.micro"));
  CHECK(builtin().offers("ap-northeast-2", "t3.micro"));
  CHECK(!builtin().offers("ap-northeast-2", "m1.small"));  // previous generations stay in the older Regions
  CHECK(builtin().offers("us-east-1", "m1.small"));
  CHECK(!builtin().offers("ap-northeast-2", "a1.large"));
  CHECK(!builtin().offers("moon-1", "t2.micro"));
  for (const auto& region : builtin().regions())  // every Region's offerings name real families, and some
    CHECK(!builtin().offered_types(region.name).empty());
  const auto& seoul = builtin().offered_types("ap-northeast-2");
  CHECK(seoul.size() < builtin().offered_types("us-east-1").size());
  CHECK(std::is_sorted(seoul.begin(), seoul.end(), [](auto* a, auto* b) { return a->name < b->name; }));
  // A catalog without offerings (tests' small ones) offers every type everywhere.
  const auto small = Catalog::load(R"({"regions": [{"name": "r-1", "zone_prefix": "r1", "opt_in": false, "zones": [["a", 1]]}]})",
                                   R"({"size_vcpus": {}, "families": [{"family": "x1z", "arch": ["x86_64"], "clock": 1,
                                       "manufacturer": "Intel", "rows": [["large", 2, 4]], "network": ["Low"]}]})",
                                   R"({"families": []})");
  CHECK(small.offers("r-1", "x1z.large"));
}

TEST_CASE("malformed catalog data is reported, not half-loaded", "[catalog]") {
  CHECK_THROWS_AS(Catalog::load("{}", "{}", "{}"), std::runtime_error);
  CHECK_THROWS_AS(Catalog::load("not json", "{}", "{}"), std::runtime_error);
  const char* regions = R"({"regions": [{"name": "r-1", "zone_prefix": "r1", "opt_in": false, "zones": [["a", 1]]}]})";
  const char* types = R"({"size_vcpus": {}, "families": [{"family": "x1z", "arch": ["x86_64"], "clock": 1,
                          "manufacturer": "Intel", "rows": [["large", 2, 4]], "network": ["Low"]}]})";
  CHECK_THROWS_AS(Catalog::load(regions, types, R"({"families": []})", R"({"regions": {"r-1": {"offers": "x1z"}}})"),
                  std::runtime_error);
  // A Region naming a family the catalog lacks is found when its types are first expanded.
  const auto misspelt = Catalog::load(regions, types, R"({"families": []})", R"({"regions": {"r-1": {"offers": ["x1y"]}}})");
  CHECK_THROWS_AS(misspelt.offered_types("r-1"), std::runtime_error);
  // A per-size list that does not match the sizes is reported when the types are expanded.
  const auto short_list = Catalog::load(regions, R"({"size_vcpus": {}, "families": [{"family": "x1z", "arch": ["x86_64"],
      "clock": 1, "manufacturer": "Intel", "rows": [["large", 2, 4]], "network": ["Low"], "enis": []}]})", R"({"families": []})");
  CHECK_THROWS_AS(short_list.instance_types(), std::runtime_error);
}
