#include "sim/document_view.hpp"

namespace ec2sim::sim {

using json = nlohmann::ordered_json;

namespace {

// `own` over `shown`: objects member by member, at every depth; anything else replaces.
void show_over(json& shown, const json& own) {
  if (!shown.is_object() || !own.is_object()) {
    shown = own;
    return;
  }
  for (const auto& [key, value] : own.items()) show_over(shown[key], value);
}

}  // namespace

json complete(const json& record, const DocumentView& view) {
  json out = view.defaults ? *view.defaults : json::object();
  const json* derived = view.derive ? &view.derive(record) : nullptr;
  if (derived)
    for (const auto& [key, value] : derived->items()) out[key] = value;  // replaces a default whole
  for (const auto& [key, value] : record.items()) {
    if (derived && derived->contains(key))
      out[key] = value;
    else
      show_over(out[key], value);  // over its default, member by member
  }
  return out;
}

const json& shown_member(const json& record, const DocumentView& view, const char* key) {
  static const json kNull;
  if (auto it = record.find(key); it != record.end()) return *it;
  if (view.derive) {
    const json& derived = view.derive(record);
    if (auto it = derived.find(key); it != derived.end()) return *it;
  }
  if (view.defaults)
    if (auto it = view.defaults->find(key); it != view.defaults->end()) return *it;
  return kNull;
}

const json& own_member(const json& record, const char* key) {
  static const json kNull;
  if (!record.is_object()) return kNull;
  auto it = record.find(key);
  return it == record.end() ? kNull : *it;
}

const json& own_or_default(const json& record, const DocumentView& view, const char* key) {
  const json& own = own_member(record, key);
  return own.is_null() && view.defaults ? own_member(*view.defaults, key) : own;
}

void drop_defaults(json& record, const DocumentView& view) {
  if (!view.defaults) return;
  for (const auto& [key, value] : view.defaults->items()) {
    auto it = record.find(key);
    if (it == record.end()) continue;
    if (it->is_object() && value.is_object())
      for (const auto& [k, v] : value.items())
        if (auto own = it->find(k); own != it->end() && *own == v) it->erase(own);
    if (*it == value || (it->is_object() && it->empty())) record.erase(it);
  }
}

void assign_in_place(json& to, const json& from) {
  if (to.type() == from.type()) {
    if (from.is_string()) {
      to.get_ref<std::string&>() = from.get_ref<const std::string&>();  // keeps the buffer
      return;
    }
    if (from.is_array()) {
      auto& items = to.get_ref<json::array_t&>();
      const auto& given = from.get_ref<const json::array_t&>();
      items.resize(given.size());
      for (std::size_t i = 0; i < given.size(); ++i) assign_in_place(items[i], given[i]);
      return;
    }
    if (from.is_object() && to.size() == from.size()) {
      bool same_keys = true;
      auto a = to.cbegin();
      for (auto b = from.begin(); same_keys && b != from.end(); ++a, ++b) same_keys = a.key() == b.key();
      if (same_keys) {
        auto a = to.begin();
        for (auto b = from.begin(); b != from.end(); ++a, ++b) assign_in_place(*a, *b);
        return;
      }
    }
  }
  to = from;
}

}  // namespace ec2sim::sim
