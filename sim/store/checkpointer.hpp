// Copies a file database's write-ahead log back into the database file from a thread and
// connection of its own.
//
// Left to SQLite, the connection that commits the 1,000th WAL page runs the checkpoint
// itself: one request in a thousand stalls to write back and fsync megabytes, and every
// page rewritten in between is copied again. Five times a second the checkpointer copies what
// has accumulated (PASSIVE: it never blocks the writer), so requests only append.
#pragma once

#include <condition_variable>
#include <string>
#include <thread>

#include "sim/thread_safety.hpp"

namespace ec2sim::store {

class Checkpointer {
 public:
  explicit Checkpointer(std::string path);
  ~Checkpointer();  // one last checkpoint, then the thread ends
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

 private:
  // Waits on a condition variable, which takes the standard mutex: beyond the analysis.
  void run() NO_THREAD_SAFETY_ANALYSIS;
  // stopping_, read by the wait's predicate, which holds mutex_ through the standard lock.
  bool stopping() const NO_THREAD_SAFETY_ANALYSIS { return stopping_; }

  std::string path_;
  Mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace ec2sim::store
