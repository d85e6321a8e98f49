// Copies a file database's write-ahead log back into the database file from a thread and
// connection of its own.
//
// Left to SQLite, the connection that commits the 1,000th WAL page runs the checkpoint
// itself: one request in a thousand stalls to write back and fsync megabytes, and every
// page rewritten in between is copied again. Five times a second the checkpointer copies what
// has accumulated (PASSIVE: it never blocks the writer), so requests only append.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace ec2sim::store {

class Checkpointer {
 public:
  explicit Checkpointer(std::string path);
  ~Checkpointer();  // one last checkpoint, then the thread ends
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

 private:
  void run();

  std::string path_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ec2sim::store
