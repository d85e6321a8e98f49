// The commands that take a student into an instance (connect/connect_service.hpp):
//   ec2sim connect-info i-…     {"host": "127.0.0.1", "port": PORT, "user": "ec2-user"}
//   ec2sim ssh-config           the ~/.ssh/config block that lets the lesson's literal
//                               `ssh -i key.pem ec2-user@ec2-3-35-….compute.amazonaws.com` work
//   ec2sim ssh-proxy HOST       that block's ProxyCommand: stdin/stdout to the instance's port
#pragma once

#include <string>

#include "cli/control_client.hpp"

namespace ec2sim::cli {

int connect_info_command(const ControlEndpoint& endpoint, const std::string& instance_id);
int ssh_config_command(const ControlEndpoint& endpoint);
// With `check`, only says (exit status 0 or 1) whether ec2sim knows `host` (ssh's Match exec).
int ssh_proxy_command(const ControlEndpoint& endpoint, const std::string& host, bool check);

}  // namespace ec2sim::cli
