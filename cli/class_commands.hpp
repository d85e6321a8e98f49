// `ec2sim class init`: a classroom in one command. Writes a strict server's credentials
// file (one account, access key and secret per student) and a printable sheet — HTML,
// one card per student to cut out, and CSV — with each student's keys, the endpoint and
// the console's link, and says how to start the server for the room.
#pragma once

#include <string>

namespace ec2sim::cli {

struct ClassOptions {
  int students = 0;
  std::string prefix = "student";       // student01, student02 …
  std::string directory = ".";          // where the three files go
  std::string endpoint;                 // what students use; empty: http://<this machine's address>:4566
  std::string region = "ap-northeast-2";
  bool force = false;                   // replace files that exist
};

// Returns the exit status: 0 written, 1 a file exists (without --force) or cannot be written.
int class_init_command(const ClassOptions& options);

}  // namespace ec2sim::cli
