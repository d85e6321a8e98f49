#include "sim/store/checkpointer.hpp"

#include <chrono>
#include <cstdio>

#include "sim/store/database.hpp"

namespace ec2sim::store {

Checkpointer::Checkpointer(std::string path) : path_(std::move(path)), thread_([this] { run(); }) {}

Checkpointer::~Checkpointer() {
  {
    ExclusiveLock lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Checkpointer::run() {
  try {
    Database db(path_);
    std::unique_lock lock(mutex_.native());
    while (true) {
      const bool stop = wake_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stopping(); });
      lock.unlock();
      db.checkpoint();
      lock.lock();
      if (stop) return;
    }
  } catch (const std::exception& e) {
    // The main connection still checkpoints on its own (Database keeps SQLite's
    // automatic checkpoint as a backstop), so this is worth a line, not a stop.
    std::fprintf(stderr, "ec2sim: background checkpoints stopped: %s\n", e.what());
  }
}

}  // namespace ec2sim::store
