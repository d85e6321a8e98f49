// Lock rules written on the members they guard, checked by clang's -Wthread-safety (the
// sanitizer build turns it on; other compilers ignore the attributes). As in LevelDB:
// a member says which mutex guards it (GUARDED_BY), a function which it needs held
// (REQUIRES, REQUIRES_SHARED), and the mutexes and locks below are the annotated
// counterparts of std::mutex, std::shared_mutex and their scoped locks.
#pragma once

#include <mutex>
#include <shared_mutex>

#if defined(__clang__)
#define EC2SIM_THREAD_ATTRIBUTE(x) __attribute__((x))
#else
#define EC2SIM_THREAD_ATTRIBUTE(x)
#endif

#define CAPABILITY(x) EC2SIM_THREAD_ATTRIBUTE(capability(x))
#define SCOPED_CAPABILITY EC2SIM_THREAD_ATTRIBUTE(scoped_lockable)
#define GUARDED_BY(x) EC2SIM_THREAD_ATTRIBUTE(guarded_by(x))
#define REQUIRES(...) EC2SIM_THREAD_ATTRIBUTE(requires_capability(__VA_ARGS__))
#define REQUIRES_SHARED(...) EC2SIM_THREAD_ATTRIBUTE(requires_shared_capability(__VA_ARGS__))
#define ACQUIRE(...) EC2SIM_THREAD_ATTRIBUTE(acquire_capability(__VA_ARGS__))
#define ACQUIRE_SHARED(...) EC2SIM_THREAD_ATTRIBUTE(acquire_shared_capability(__VA_ARGS__))
#define RELEASE(...) EC2SIM_THREAD_ATTRIBUTE(release_capability(__VA_ARGS__))
#define RELEASE_SHARED(...) EC2SIM_THREAD_ATTRIBUTE(release_shared_capability(__VA_ARGS__))
#define RELEASE_GENERIC(...) EC2SIM_THREAD_ATTRIBUTE(release_generic_capability(__VA_ARGS__))
#define EXCLUDES(...) EC2SIM_THREAD_ATTRIBUTE(locks_excluded(__VA_ARGS__))
#define ASSERT_CAPABILITY(x) EC2SIM_THREAD_ATTRIBUTE(assert_capability(x))
#define ASSERT_SHARED_CAPABILITY(x) EC2SIM_THREAD_ATTRIBUTE(assert_shared_capability(x))
#define NO_THREAD_SAFETY_ANALYSIS EC2SIM_THREAD_ATTRIBUTE(no_thread_safety_analysis)

namespace ec2sim {

class CAPABILITY("mutex") Mutex {
 public:
  void lock() ACQUIRE() { mutex_.lock(); }
  void unlock() RELEASE() { mutex_.unlock(); }
  // For std::condition_variable, which waits on the standard mutex itself.
  std::mutex& native() { return mutex_; }

 private:
  std::mutex mutex_;
};

class CAPABILITY("shared mutex") SharedMutex {
 public:
  void lock() ACQUIRE() { mutex_.lock(); }
  void unlock() RELEASE() { mutex_.unlock(); }
  void lock_shared() ACQUIRE_SHARED() { mutex_.lock_shared(); }
  void unlock_shared() RELEASE_SHARED() { mutex_.unlock_shared(); }
  // For a shared lock that outlives the scope that took it (sim/borrowed.hpp's hold).
  std::shared_mutex& native() { return mutex_; }

 private:
  std::shared_mutex mutex_;
};

// Holds a Mutex, or a SharedMutex exclusively, for its scope.
template <class M>
class SCOPED_CAPABILITY ExclusiveLock {
 public:
  explicit ExclusiveLock(M& mutex) ACQUIRE(mutex) : mutex_(mutex) { mutex_.lock(); }
  ~ExclusiveLock() RELEASE() { mutex_.unlock(); }
  ExclusiveLock(const ExclusiveLock&) = delete;
  ExclusiveLock& operator=(const ExclusiveLock&) = delete;

 private:
  M& mutex_;
};

// Holds a SharedMutex shared for its scope.
class SCOPED_CAPABILITY SharedLock {
 public:
  explicit SharedLock(SharedMutex& mutex) ACQUIRE_SHARED(mutex) : mutex_(mutex) { mutex_.lock_shared(); }
  ~SharedLock() RELEASE_GENERIC() { mutex_.unlock_shared(); }
  SharedLock(const SharedLock&) = delete;
  SharedLock& operator=(const SharedLock&) = delete;

 private:
  SharedMutex& mutex_;
};

}  // namespace ec2sim
