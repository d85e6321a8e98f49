// The files control route: a running instance's disks as a test, a scenario or a
// teacher's shell sees them (ec2sim runs no machines, so this is how a file gets onto a
// volume):
//
//   GET    /_ec2sim/instances/{id}/files/{device}/{path}  a file's bytes, or a directory's
//                                                         listing as JSON
//   PUT    /_ec2sim/instances/{id}/files/{device}/{path}  the body becomes the file
//   DELETE /_ec2sim/instances/{id}/files/{device}/{path}  removes a file or a directory
//
// {device} is a device name without /dev/ (xvda, sdf, sdb) or an instance-store volume's
// virtual name (ephemeral0). As with a real disk, the route answers only while the
// instance is running (409 otherwise), and a volume holds no more than its size (507).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "catalog/catalog.hpp"
#include "sim/clock.hpp"
#include "sim/store/store.hpp"

namespace ec2sim::sim {

struct GuestFilesReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// `only_account`, when not empty, is the caller's account (a signed request in strict
// mode): another account's instance is answered as one that does not exist.
GuestFilesReply guest_files(store::Store& store, const catalog::Catalog& catalog, std::chrono::system_clock::time_point now,
                            const Settings& settings, std::string_view method, std::string_view instance_id,
                            std::string_view device_and_path, std::string_view body, std::string_view only_account = {});

}  // namespace ec2sim::sim
