// EBS volumes as records: the rules each volume type puts on size, IOPS and throughput,
// the Volume document, CreateVolume, DeleteVolume and DescribeVolumes (attachments are in
// sim/volume_attachments.cpp, timed changes in sim/volume_lifecycle.hpp, contents in
// sim/guest_storage.hpp).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/context.hpp"
#include "sim/document_view.hpp"

namespace ec2sim::sim {

struct VolumeSpec {
  std::string type = "gp2";
  int size_gib = 0;
  int iops = 0;        // 0: the type's default (or none)
  int throughput = 0;  // MiB/s; gp3 only
  bool encrypted = false;
  std::string snapshot_id;
};

// The account's AWS-managed EBS key (alias/aws/ebs), which encrypts a volume that names
// no key of its own; AWS will not share what it encrypted with another account.
std::string default_ebs_key(const RequestContext& ctx);
bool is_default_ebs_key(const std::string& key_id);

// Reads an EbsBlockDevice-like JSON (VolumeType, VolumeSize, Iops, Throughput, Encrypted,
// SnapshotId), applying defaults: a snapshot's size when no size is given, and a gp3's
// 3000 IOPS / 125 MiB/s. Checks the type's limits with AWS's error codes; `min_size` is
// the size of the snapshot the volume starts from (0 for none).
VolumeSpec volume_spec_from(const nlohmann::ordered_json& ebs, int min_size, const std::string& default_type);

// A volume as the API shows it, from the record the store keeps: what most volumes share
// (no tags, unencrypted, single-attach) is a default the record leaves out.
const DocumentView& volume_view();

// A new Volume document (state "creating" unless `state` says otherwise).
nlohmann::ordered_json volume_document(const RequestContext& ctx, const std::string& id, const std::string& zone,
                               const VolumeSpec& spec, const nlohmann::ordered_json& tags, const std::string& state);

// Throws VolumeLimitExceeded or MaxIOPSLimitExceeded (AWS's storage and IOPS quotas per
// volume type and Region) unless `count` more volumes of each of `specs` fit beside the
// account's; then counts them as made (call before w puts them). The tally is kept
// between requests while the volume table's stamp says it is current.
void take_storage(store::Writer& w, const RequestContext& ctx, const std::vector<VolumeSpec>& specs, int count = 1);

// The volume `id` of the request's account and Region. Throws InvalidVolumeID.Malformed
// or InvalidVolume.NotFound.
const nlohmann::ordered_json& find_volume(const store::Reader& w, const RequestContext& ctx, const std::string& id);

}  // namespace ec2sim::sim
