#include "sim/guest_fs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <mutex>
#include <set>
#include <system_error>
#include <vector>

namespace ec2sim::sim {
namespace {

// A descriptor closed when it goes out of scope.
struct Fd {
  int fd = -1;
  explicit Fd(int f = -1) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  explicit operator bool() const { return fd >= 0; }
};

[[noreturn]] void fail_with_errno(const std::string& what) { throw std::system_error(errno, std::generic_category(), what); }

// Copies the bytes of `in` to `out`: in the kernel (copy_file_range, which shares the blocks
// where the file system can), else through a buffer.
void copy_bytes(int in, int out, const std::string& name) {
  for (;;) {
    const ssize_t n = ::copy_file_range(in, nullptr, out, nullptr, 1 << 30, 0);
    if (n == 0) return;
    if (n < 0) break;  // not between these files: the buffer below
  }
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(in, buffer, sizeof buffer);
    if (n == 0) return;
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_with_errno("read " + name);
    }
    for (ssize_t done = 0; done < n;) {
      const ssize_t w = ::write(out, buffer + done, static_cast<std::size_t>(n - done));
      if (w < 0 && errno != EINTR) fail_with_errno("write " + name);
      if (w > 0) done += w;
    }
  }
}

// Copies the regular file `name` of directory `from` to `name` of directory `to`, replacing
// what is there by a rename (so a link planted at the destination is replaced, not followed).
void copy_file_at(int from, int to, const char* name, const struct stat& st) {
  Fd in(::openat(from, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  struct stat now {};
  if (!in || ::fstat(in.fd, &now) != 0 || !S_ISREG(now.st_mode)) return;  // changed under us: left out
  // A short name of ec2sim's own (a guest's name may be as long as a name can be).
  static std::atomic<unsigned> copies = 0;
  const std::string temporary = ".ec2sim-copy-" + std::to_string(::getpid()) + "-" + std::to_string(++copies);
  ::unlinkat(to, temporary.c_str(), 0);
  Fd out(::openat(to, temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, st.st_mode & 07777));
  if (!out) fail_with_errno(std::string("create a copy of ") + name);
  copy_bytes(in.fd, out.fd, name);
  if (::renameat(to, temporary.c_str(), to, name) != 0) fail_with_errno(std::string("rename a copy of ") + name);
}

// The names in the directory `dir_fd` (but . and ..), read before anything in it changes.
std::vector<std::string> entry_names(int dir_fd) {
  Fd listing(::dup(dir_fd));
  DIR* dir = listing ? ::fdopendir(listing.fd) : nullptr;
  if (!dir) fail_with_errno("list a guest directory");
  listing.fd = -1;  // the DIR owns it now
  std::vector<std::string> names;
  while (dirent* e = ::readdir(dir))
    if (std::string_view(e->d_name) != "." && std::string_view(e->d_name) != "..") names.emplace_back(e->d_name);
  ::closedir(dir);
  return names;
}

// Guests' trees deeper than this are not walked further (each level holds descriptors).
constexpr int kMaxDepth = 128;

void copy_tree_at(int from, int to, int depth = 0) {
  if (depth > kMaxDepth) return;
  for (const auto& name : entry_names(from)) {
    struct stat st {};
    if (::fstatat(from, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      // Made writable for the copy, given its own mode after (a 0555 directory holds files).
      if (::mkdirat(to, name.c_str(), 0700) != 0 && errno != EEXIST) fail_with_errno("mkdir " + name);
      Fd sub_from(::openat(from, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      Fd sub_to(::openat(to, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (sub_from && sub_to) copy_tree_at(sub_from.fd, sub_to.fd, depth + 1);
      if (sub_to) ::fchmod(sub_to.fd, st.st_mode & 07777);
    } else if (S_ISREG(st.st_mode)) {
      copy_file_at(from, to, name.c_str(), st);
    } else if (S_ISLNK(st.st_mode)) {
      char target[4096];
      const ssize_t n = ::readlinkat(from, name.c_str(), target, sizeof target - 1);
      if (n < 0) continue;
      target[n] = '\0';
      ::unlinkat(to, name.c_str(), 0);
      ::symlinkat(target, to, name.c_str());
    }
  }
}

void unshare_at(int dir_fd, int depth = 0) {
  if (depth > kMaxDepth) return;
  for (const auto& name : entry_names(dir_fd)) {
    struct stat st {};
    if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      Fd sub(::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (sub) unshare_at(sub.fd, depth + 1);
    } else if (S_ISREG(st.st_mode) && st.st_nlink > 1) {
      try {
        copy_file_at(dir_fd, dir_fd, name.c_str(), st);
      } catch (const std::system_error&) {
        // A directory the guest made read-only to ec2sim's user: its files stay shared.
      }
    }
  }
}

}  // namespace

std::optional<std::string> read_guest_file(const std::filesystem::path& root, std::string_view path,
                                           std::size_t max_bytes) {
  Fd base(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!base) return std::nullopt;
  open_how how{};
  how.flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;
  const std::string relative(path.starts_with('/') ? path.substr(1) : path);
  Fd file(static_cast<int>(::syscall(SYS_openat2, base.fd, relative.c_str(), &how, sizeof how)));
  struct stat st {};
  if (!file || ::fstat(file.fd, &st) != 0 || !S_ISREG(st.st_mode) || static_cast<std::size_t>(st.st_size) > max_bytes)
    return std::nullopt;
  std::string out;
  char buffer[8192];
  for (ssize_t n; (n = ::read(file.fd, buffer, sizeof buffer)) > 0;) {
    out.append(buffer, static_cast<std::size_t>(n));
    if (out.size() > max_bytes) return std::nullopt;
  }
  return out;
}

void copy_guest_tree(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::filesystem::create_directories(to);
  Fd source(::open(from.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  Fd target(::open(to.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!source) return;  // never written: nothing to copy
  if (!target) fail_with_errno("open " + to.string());
  copy_tree_at(source.fd, target.fd);
}

void unshare_hard_links(const std::filesystem::path& dir) {
  Fd top(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (top) unshare_at(top.fd);
}

namespace {

// The directories running guests write in place, and the lock that orders marking them
// against snapshotting them.
struct LiveDirectories {
  std::mutex mutex;
  std::multiset<std::filesystem::path> dirs;
};
LiveDirectories& live() {
  static LiveDirectories* directories = new LiveDirectories();  // lives as long as the process
  return *directories;
}

}  // namespace

std::shared_ptr<void> hold_live_directories(std::vector<std::filesystem::path> dirs) {
  {
    std::lock_guard lock(live().mutex);
    for (const auto& d : dirs) {
      live().dirs.insert(d);
      unshare_hard_links(d);
    }
  }
  return std::shared_ptr<void>(nullptr, [dirs = std::move(dirs)](void*) {
    std::lock_guard lock(live().mutex);
    for (const auto& d : dirs)
      if (auto it = live().dirs.find(d); it != live().dirs.end()) live().dirs.erase(it);
  });
}

void snapshot_tree(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::lock_guard lock(live().mutex);
  if (live().dirs.count(from)) {
    copy_guest_tree(from, to);
    return;
  }
  if (!std::filesystem::exists(from)) return;
  std::filesystem::create_directories(to);
  std::filesystem::copy(from, to, std::filesystem::copy_options::recursive |
                                      std::filesystem::copy_options::create_hard_links |
                                      std::filesystem::copy_options::copy_symlinks);
}

void create_guest_file(const std::filesystem::path& path, std::string_view text) {
  Fd out(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (!out) return;  // there already (a file, or a link the guest made): left alone
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(out.fd, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace ec2sim::sim
