#include "api/response_encoder.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <vector>

#include "api/xml_writer.hpp"
#include "sim/borrowed.hpp"
#include "sim/errors.hpp"

namespace ec2sim::api {
namespace {

using json = nlohmann::ordered_json;
using model::Kind;

void write_scalar(XmlWriter& xml, std::string& out, const json& v) {
  switch (v.type()) {
    case json::value_t::string: xml.text(v.get_ref<const std::string&>()); break;
    case json::value_t::boolean: out += v.get<bool>() ? "true" : "false"; break;
    case json::value_t::number_integer: out += std::to_string(v.get<std::int64_t>()); break;
    case json::value_t::number_unsigned: out += std::to_string(v.get<std::uint64_t>()); break;
    case json::value_t::number_float: {
      char buf[32];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v.get<double>());
      out.append(buf, ec == std::errc{} ? end : buf);
      break;
    }
    default: throw ApiError::internal("a result field holds no scalar value");
  }
}

using Borrowed = std::vector<sim::BorrowedDocument>;

void write_value(XmlWriter& xml, std::string& out, model::ShapeId id, std::string_view name, const json& v,
                 const Borrowed& borrowed);

// The document `v` stands for: itself, or the borrowed one it names (with its view).
sim::BorrowedDocument resolve(const json& v, const Borrowed& borrowed) {
  if (!v.is_object() || v.size() != 1) return {&v};
  auto it = v.begin();
  if (it.key() != "$borrowed") return {&v};
  const auto index = it->get<std::size_t>();
  if (index >= borrowed.size()) throw ApiError::internal("a result refers to a document it did not borrow");
  return borrowed[index];
}

// Names ordered by length first: most comparisons are then settled without reading a byte.
bool shorter_or_before(std::string_view a, std::string_view b) {
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

// For each structure, the positions of its members in shorter_or_before order.
const std::vector<std::uint16_t>& members_by_name(const model::Shape& s) {
  static const auto index = [] {
    std::vector<std::vector<std::uint16_t>> all;
    for (const auto& shape : model::shapes()) {
      const auto members = model::members_of(shape);
      std::vector<std::uint16_t> order(shape.kind == Kind::Structure ? members.size() : 0);
      for (std::uint16_t i = 0; i < order.size(); ++i) order[i] = i;
      std::sort(order.begin(), order.end(),
                [&](auto a, auto b) { return shorter_or_before(members[a].name, members[b].name); });
      all.push_back(std::move(order));
    }
    return all;
  }();
  return index[static_cast<std::size_t>(&s - model::shapes().data())];
}

void write_members(XmlWriter& xml, std::string& out, const model::Shape& s, std::initializer_list<const json*> layers,
                   const Borrowed& borrowed);

bool is_stand_in(const json& v) { return v.is_object() && v.size() == 1 && v.begin().key() == "$borrowed"; }

// A member found in the layers: `value`, over `under` when `value` is the last layer's
// object over the first layer's (a record's own object over its view's default, which is
// a default per member; a derived member replaces a default whole, as complete() has it).
struct Found {
  const json* value = nullptr;
  const json* under = nullptr;
  std::size_t layer = 0;
  void set(const json& v, std::size_t in_layer, std::size_t last_layer) {
    const bool per_member = value && layer == 0 && in_layer == last_layer && value->is_object() && v.is_object() &&
                            !is_stand_in(*value) && !is_stand_in(v);
    under = per_member ? value : nullptr;
    value = &v;
    layer = in_layer;
  }
};

void write_found(XmlWriter& xml, std::string& out, const model::Member& m, const Found& found, const Borrowed& borrowed) {
  if (!found.value || found.value->is_null()) return;
  if (!found.under || model::shape(m.shape).kind != Kind::Structure)
    return write_value(xml, out, m.shape, m.wire_out, *found.value, borrowed);
  xml.open(m.wire_out);
  write_members(xml, out, model::shape(m.shape), {found.under, found.value}, borrowed);
  xml.close(m.wire_out);
}

// Writes a structure whose members come from `layers` (objects, later ones winning): a
// plain document is one layer; a viewed record is its defaults, derived members, itself.
void write_members(XmlWriter& xml, std::string& out, const model::Shape& s, std::initializer_list<const json*> layers,
                   const Borrowed& borrowed) {
  for (const json* layer : layers)
    if (layer && !layer->is_object()) throw ApiError::internal("result for " + std::string(s.name) + " is not an object");
  const auto members = model::members_of(s);
  constexpr std::size_t kSlots = 64;
  if (members.size() <= 4 || members.size() > kSlots) {  // small: a find per member is cheapest
    for (const auto& m : members) {
      Found found;
      std::size_t n = 0;
      for (const json* layer : layers) {
        if (layer)
          if (auto it = layer->find(m.name); it != layer->end()) found.set(*it, n, layers.size() - 1);
        ++n;
      }
      write_found(xml, out, m, found, borrowed);
    }
    return;
  }
  // Large (an Instance has 37 members, its document ~60): finding each member by a linear
  // search of the document cost thousands of string compares per instance. Instead, one
  // pass over each layer places its values by binary search, then they are written in
  // the model's order.
  const auto& by_name = members_by_name(s);
  std::array<Found, kSlots> slots{};
  std::size_t n = 0;
  for (const json* layer : layers) {
    if (!layer) {
      ++n;
      continue;
    }
    for (auto it = layer->begin(); it != layer->end(); ++it) {
      const std::string& key = it.key();
      auto pos = std::lower_bound(by_name.begin(), by_name.end(), key, [&](std::uint16_t i, const std::string& k) {
        return shorter_or_before(members[i].name, k);
      });
      if (pos != by_name.end() && members[*pos].name == key) slots[*pos].set(*it, n, layers.size() - 1);
    }
    ++n;
  }
  for (std::size_t i = 0; i < members.size(); ++i) write_found(xml, out, members[i], slots[i], borrowed);
}

void write_document(XmlWriter& xml, std::string& out, const model::Shape& s, const sim::BorrowedDocument& d,
                    const Borrowed& borrowed) {
  if (!d.view) return write_members(xml, out, s, {d.doc}, borrowed);
  // Derived members are plain values: writing them derives nothing else, so they stay
  // valid throughout (see DocumentView::derive).
  write_members(xml, out, s, {d.view->defaults, d.view->derive ? &d.view->derive(*d.doc) : nullptr, d.doc}, borrowed);
}

// A resource's tags ({Key, Value} items). AWS leaves out an untagged resource's tagSet
// (SDKs then show no Tags at all), where it writes other empty lists.
bool is_tag_list(const model::Shape& list) {
  const auto items = model::members_of(model::shape(list.first));
  return items.size() == 2 && items[0].name == "Key" && items[1].name == "Value";
}

void write_value(XmlWriter& xml, std::string& out, model::ShapeId id, std::string_view name, const json& given,
                 const Borrowed& borrowed) {
  const auto& s = model::shape(id);
  const auto resolved = resolve(given, borrowed);
  const json& v = *resolved.doc;
  if (s.kind == Kind::List) {
    if (!v.is_array()) throw ApiError::internal("result list " + std::string(name) + " is not an array");
    if (v.empty()) {
      if (!is_tag_list(s)) xml.empty(name);
      return;
    }
    xml.open(name);
    for (const auto& item : v) write_value(xml, out, s.first, s.item_name, item, borrowed);
    xml.close(name);
    return;
  }
  xml.open(name);
  if (s.kind == Kind::Structure)
    write_document(xml, out, s, resolved, borrowed);
  else
    write_scalar(xml, out, v);
  xml.close(name);
}

}  // namespace

std::string ec2_namespace(std::string_view v) {
  auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i)
      if (v[i] < '0' || v[i] > '9') return false;
    return true;
  };
  bool dated = v.size() == 10 && digits(0, 4) && v[4] == '-' && digits(5, 2) && v[7] == '-' && digits(8, 2);
  return "http://ec2.amazonaws.com/doc/" + std::string(dated ? v : kModelVersion) + "/";
}

std::string encode_response(const model::Operation& op, const json& result, std::string_view request_id,
                            std::string_view xmlns, const Borrowed& borrowed) {
  std::string out;
  out.reserve(512);
  XmlWriter xml(out);
  std::string root = std::string(op.name) + "Response";
  xml.declaration();
  xml.open(root, xmlns);
  xml.element("requestId", request_id);
  // A call that succeeded says so: <return>true</return>, as AWS answers an action with
  // nothing else to return, or one whose result has a Return its handler left to us.
  static const json kSucceeded = {{"Return", true}};
  if (op.output != model::kNoShape)
    write_members(xml, out, model::shape(op.output), {&kSucceeded, &result}, borrowed);
  else
    xml.element("return", "true");
  xml.close(root);
  return out;
}

}  // namespace ec2sim::api
