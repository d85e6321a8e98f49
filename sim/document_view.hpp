// How a stored record becomes the document the EC2 API shows.
//
// A parsed document costs several times its text in memory, and most of an instance's
// ~120 members are either the same for every instance (its enclave, maintenance and DNS
// name options …) or follow from its other members (its primary network interface repeats
// its addresses, groups and subnet). Records keep neither: a DocumentView supplies them
// when the record is shown, as defaults under the record's own members and derived
// members computed from it. The encoder applies a view to a borrowed record while writing
// it (no copy); complete() builds the whole document where one is needed.
#pragma once

#include <nlohmann/json.hpp>

namespace ec2sim::sim {

struct DocumentView {
  // Members a record shows unless it has its own (an object). A default that is an object
  // is a default per member: a record's own object shows over it (a record's Placement
  // keeps its zone; its tenancy and group name are the defaults').
  const nlohmann::ordered_json* defaults = nullptr;
  // The members that follow from `record` (an object). A member the record has itself
  // wins (none does: records keep only their own, schema 7 upgraded older ones). The result may be reused
  // by the next call on the same thread (so that describing a page of records does not
  // allocate a new copy of them per record): read it before deriving again.
  const nlohmann::ordered_json& (*derive)(const nlohmann::ordered_json& record) = nullptr;
};

// `record` with the view's defaults and derived members filled in.
nlohmann::ordered_json complete(const nlohmann::ordered_json& record, const DocumentView& view);

// A member as the view shows it: the record's own, else derived, else its default (null
// when none has it). An object the record has is returned as it is, without the members
// its default adds (read those with own_or_default on it, or through sim/records.hpp). For reading what a record may leave to its view. A derived value is
// valid until the view derives again on this thread.
const nlohmann::ordered_json& shown_member(const nlohmann::ordered_json& record, const DocumentView& view,
                                           const char* key);

// A member the record keeps itself (null when it has none, or is no object).
const nlohmann::ordered_json& own_member(const nlohmann::ordered_json& record, const char* key);

// A member the record keeps, else the view's default for it (null when neither has it).
// Unlike shown_member it never derives: for members a record may leave to its defaults.
const nlohmann::ordered_json& own_or_default(const nlohmann::ordered_json& record, const DocumentView& view,
                                             const char* key);

// Drops the members of `record` that equal their default (and the members of its objects
// that equal theirs), so the record keeps only what is its own.
void drop_defaults(nlohmann::ordered_json& record, const DocumentView& view);

// `to = from`, reusing the strings and arrays `to` already holds where the two have the
// same shape, so that refilling a derived document allocates nothing.
void assign_in_place(nlohmann::ordered_json& to, const nlohmann::ordered_json& from);

}  // namespace ec2sim::sim
