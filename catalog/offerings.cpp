// Which instance types each Region offers (catalog/offerings.json). A Region names what
// it offers as families ("m5"), types ("m1.small") or named sets of those ("nitro-2019"),
// then what it leaves out the same way; a Region the file does not list offers nothing.
// No "regions" at all (tests' small catalogs): every type everywhere.
#include <set>
#include <stdexcept>

#include "catalog/catalog.hpp"

namespace ec2sim::catalog {
namespace {

using json = nlohmann::ordered_json;

// Adds to `out` what `name` stands for: a set (recursively), a family or a type.
void expand(const json& doc, const std::string& name, std::set<std::string>& families, std::set<std::string>& types,
            int depth = 0) {
  if (depth > 8) throw std::runtime_error("offerings: set '" + name + "' nests too deep");
  if (const auto sets = doc.find("sets"); sets != doc.end() && sets->contains(name)) {
    for (const auto& member : sets->at(name)) expand(doc, member.get<std::string>(), families, types, depth + 1);
    return;
  }
  (name.find('.') == std::string::npos ? families : types).insert(name);
}

}  // namespace

std::vector<const InstanceType*> load_offerings(const json& doc, std::string_view region, const std::vector<InstanceType>& all) {
  std::vector<const InstanceType*> out;
  const auto regions = doc.find("regions");
  if (regions == doc.end()) {  // no offerings: every type everywhere
    for (const auto& t : all) out.push_back(&t);
    return out;
  }
  const auto listed = regions->find(std::string(region));
  if (listed == regions->end()) return out;
  const json& entry = *listed;
  std::set<std::string> families, types, without_families, without_types;
  for (const auto& name : entry.at("offers")) expand(doc, name.get<std::string>(), families, types);
  for (const auto& name : entry.value("except", json::array())) expand(doc, name.get<std::string>(), without_families, without_types);
  // A name that is no family or type of the catalog is a mistake in the data, not a type
  // to leave out silently.
  std::set<std::string> known_families, known_types;
  for (const auto& t : all) {
    known_families.insert(t.family);
    known_types.insert(t.name);
  }
  for (const auto* names : {&families, &without_families})
    for (const auto& name : *names)
      if (!known_families.contains(name)) throw std::runtime_error("offerings: " + std::string(region) + " names no family " + name);
  for (const auto* names : {&types, &without_types})
    for (const auto& name : *names)
      if (!known_types.contains(name)) throw std::runtime_error("offerings: " + std::string(region) + " names no type " + name);
  for (const auto& t : all) {
    const bool offered = families.contains(t.family) || types.contains(t.name);
    const bool withdrawn = without_families.contains(t.family) || without_types.contains(t.name);
    if (offered && !withdrawn) out.push_back(&t);
  }
  return out;
}

}  // namespace ec2sim::catalog
