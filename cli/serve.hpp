// `ec2sim serve`: the EC2 endpoint, its scheduler and its graceful stop.
#pragma once

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace ec2sim::cli {

struct ServeOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 4566;
  std::string db = "ec2sim.db";
  bool memory = false;
  std::string region = "ap-northeast-2";
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::size_t body_limit = 1 << 20;
  int read_timeout = 60;
  bool quiet = false;
  std::string timing = "realistic";
  std::vector<std::string> quotas;  // NAME=VALUE
  double rate_limit = 0;
  std::size_t max_connections = 1024;
  int evict_after = 60;
  std::string data_dir;  // empty: next to --db, or a temporary one with --memory
  std::string auth = "open";
  std::string credentials;
  std::string admin_token;  // empty: made up at start when one is needed
  std::string scenario;     // a scenario file (scenarios/*.json) each new account is set up by
};

// Runs until SIGINT/SIGTERM; returns the process's exit status (2: bad options).
int serve(const ServeOptions& options);

}  // namespace ec2sim::cli
