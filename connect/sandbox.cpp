#include "connect/sandbox.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <utility>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include <nlohmann/json.hpp>

#include "sim/guest_fs.hpp"

namespace ec2sim::connect {
namespace {

namespace fs = std::filesystem;

// The root volume's directories the guest sees as its own.
constexpr const char* kRootDirs[] = {"etc", "home", "root", "var", "opt", "srv", "mnt", "tmp"};

// Host files a shell needs in /etc that an AMI's /etc would have: the dynamic linker's
// cache, the alternatives behind `awk`, `vi` …, bash's and the login shell's profiles.
// Copied into the root volume when missing (the guest may edit them, as its own).
constexpr const char* kHostEtc[] = {"ld.so.cache", "alternatives", "bash.bashrc", "profile", "profile.d", "inputrc",
                                    "nsswitch.conf", "localtime", "skel", "terminfo", "environment", "login.defs"};

// Limits for every process of a guest: enough for a shell, a compiler or a web server,
// not enough to take the host down (a fork bomb, a runaway allocation, a disk-filling file,
// a loop that runs for ever: four hours of CPU each, at a lower priority than ec2sim's).
void limit_resources() {
  const struct {
    int resource;
    rlim_t value;
  } limits[] = {{RLIMIT_NPROC, 4096},  {RLIMIT_AS, rlim_t(4) << 30}, {RLIMIT_FSIZE, rlim_t(8) << 30},
                {RLIMIT_NOFILE, 4096}, {RLIMIT_CORE, 0},             {RLIMIT_CPU, 4 * 3600}};
  for (const auto& l : limits) {
    rlimit r{l.value, l.value};
    setrlimit(l.resource, &r);
  }
  // A guest that spins yields to the API it runs beside.
  setpriority(PRIO_PROCESS, 0, 10);
}

// The root volume's directories, made real: the guest may have left a symbolic link (or a
// file) where one was — to a host directory, which bwrap would then bind — from another
// instance the volume was attached to. Such an entry is removed and the directory made.
void prepare_root(const fs::path& root, const std::string& login_user) {
  for (const char* d : kRootDirs) {
    std::error_code ec;
    if (const auto status = fs::symlink_status(root / d, ec); fs::exists(status) && !fs::is_directory(status))
      fs::remove(root / d);
    fs::create_directories(root / d);
  }
  for (const char* d : {"var/log", "var/lib", "var/tmp", "var/cache"}) fs::create_directories(root / d);
  fs::permissions(root / "tmp", fs::perms::all | fs::perms::sticky_bit);
  for (const char* name : kHostEtc) {
    const fs::path from = fs::path("/etc") / name, to = root / "etc" / name;
    std::error_code ec;
    if (fs::exists(fs::symlink_status(to, ec)) || !fs::exists(fs::symlink_status(from, ec))) continue;
    fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::copy_symlinks, ec);
  }
  // Amazon Linux's and RHEL's prompt, [ec2-user@ip-172-31-5-9 ~]$, where Debian's bash.bashrc
  // would print Debian's.
  if (login_user == "ec2-user" && fs::is_directory(fs::symlink_status(root / "etc" / "profile.d")))
    sim::create_guest_file(root / "etc" / "profile.d" / "ec2-prompt.sh", "[ -n \"$BASH_VERSION\" ] && PS1='[\\u@\\h \\W]\\$ '\n");
}

// The host's programs: /usr read-only, and merged /usr's links (/bin, /lib64 …).
void add_system(std::vector<std::string>& args) {
  args.insert(args.end(), {"--ro-bind", "/usr", "/usr"});
  for (std::string link : {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"})
    if (fs::is_symlink(link)) args.insert(args.end(), {"--symlink", fs::read_symlink(link).string(), link});
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// The namespaces of a running sandbox, opened before forking (the child may only make
// system calls). bwrap, given a uid other than its own, nests a user namespace inside the
// one that owns the sandbox's other namespaces: joining needs the outer one first.
struct Namespaces {
  int outer_user = -1, user = -1, mnt = -1, uts = -1, ipc = -1, net = -1, pid = -1, root = -1;
  explicit Namespaces(pid_t init) {
    const std::string base = "/proc/" + std::to_string(init);
    auto open_ns = [&](const char* name) {
      int fd = ::open((base + "/ns/" + name).c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        const std::string reason = std::strerror(errno);
        close_all();  // the ones opened before this
        throw std::runtime_error(std::string("cannot open the sandbox's ") + name + " namespace: " + reason);
      }
      return fd;
    };
    user = open_ns("user");
    mnt = open_ns("mnt");
    uts = open_ns("uts");
    ipc = open_ns("ipc");
    net = open_ns("net");
    pid = open_ns("pid");
    root = ::open((base + "/root").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    const int parent = ::ioctl(user, NS_GET_PARENT);
    struct stat ours {}, theirs {};
    if (parent >= 0 && ::stat("/proc/self/ns/user", &ours) == 0 && ::fstat(parent, &theirs) == 0 &&
        ours.st_ino != theirs.st_ino)
      outer_user = parent;
    else if (parent >= 0)
      ::close(parent);
  }
  ~Namespaces() { close_all(); }
  void close_all() {
    for (int* fd : {&outer_user, &user, &mnt, &uts, &ipc, &net, &pid, &root})
      if (*fd >= 0) ::close(std::exchange(*fd, -1));
  }
  // In a forked child: into the outer user namespace (where the others can be joined).
  bool enter_owner() const { return outer_user < 0 || ::setns(outer_user, CLONE_NEWUSER) == 0; }
};

[[noreturn]] void child_fail(int code) { _exit(code); }

// In a session's waiting process (single-threaded, after fork): the guest process whose
// session its signal handler passes hangups on to.
volatile pid_t forward_to_session = 0;

// bwrap --die-with-parent ends the sandbox when the *thread* that forked it ends (the
// kernel's parent-death signal follows the thread). Sandboxes are asked for on connection
// threads that come and go, so they are forked on this one, which lives as long as ec2sim.
pid_t on_launcher_thread(const std::function<pid_t()>& fork_sandbox) {
  struct Launcher {
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<std::packaged_task<pid_t()>> tasks;
    Launcher() {
      std::thread([this] {
        for (;;) {
          std::unique_lock lock(mutex);
          wake.wait(lock, [&] { return !tasks.empty(); });
          auto task = std::move(tasks.front());
          tasks.pop_front();
          lock.unlock();
          task();
        }
      }).detach();
    }
  };
  static Launcher* launcher = new Launcher();  // never destroyed: its thread outlives main
  std::packaged_task<pid_t()> task(fork_sandbox);
  auto result = task.get_future();
  {
    std::lock_guard lock(launcher->mutex);
    launcher->tasks.push_back(std::move(task));
  }
  launcher->wake.notify_one();
  return result.get();
}

// The joined process holds every capability of the sandbox's user namespace until it
// execs as the login user (uid 1000 there), which clears them; no setuid program or file
// capability may give one back. (The bounding set stays: `sudo`'s nested root needs it.)
void drop_privileges() { ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); }

// A one-byte message that carries one descriptor (SCM_RIGHTS), to send or receive.
struct FdMessage {
  char data = 'x';
  iovec iov{&data, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr message{};
  FdMessage() {
    message.msg_iov = &iov;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
  }
  FdMessage(const FdMessage&) = delete;
  FdMessage& operator=(const FdMessage&) = delete;
};

pid_t read_child_pid(int fd) {
  std::string text;
  char buffer[512];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) {
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.find('}') != std::string::npos) break;
  }
  auto info = nlohmann::json::parse(text, nullptr, false);
  if (info.is_discarded() || !info.contains("child-pid")) return -1;
  return info["child-pid"].get<pid_t>();
}

}  // namespace

std::unique_ptr<Sandbox> Sandbox::start(const SandboxHost& host, const sim::ConnectTarget& t) {
  if (t.root.empty()) throw std::runtime_error("the instance has no root EBS volume to boot from");
  prepare_root(t.root, t.login_user);
  std::unique_ptr<Sandbox> box(new Sandbox());
  std::vector<fs::path> disks = {t.root};
  for (const auto& d : t.disks) disks.push_back(d.files);
  box->live_disks_ = sim::hold_live_directories(std::move(disks));
  // A directory of its own per start: a sandbox that died and is replaced removes its own.
  static std::atomic<unsigned> starts = 0;
  box->run_dir_ = host.run_dir / (t.instance_id + "-" + std::to_string(++starts));
  fs::remove_all(box->run_dir_);
  fs::create_directories(box->run_dir_);

  std::vector<std::string> args;
  auto add = [&](std::initializer_list<std::string> more) { args.insert(args.end(), more); };
  add({host.bwrap.string(), "--unshare-all", "--die-with-parent", "--uid", "1000", "--gid", "1000", "--hostname",
       t.host_name});
  add_system(args);
  for (const char* d : kRootDirs) add({"--bind", (t.root / d).string(), (fs::path("/") / d).string()});
  add({"--proc", "/proc", "--dev", "/dev", "--tmpfs", "/run", "--dir", "/media"});
  add({"--ro-bind", host.guest_bin.string(), "/usr/local/bin"});
  add({"--bind", box->run_dir_.string(), "/run/ec2sim/instance"});
  for (const auto& d : t.disks)
    add({"--bind", d.files.string(),
         (fs::path("/media") / (d.virtual_name.empty() ? fs::path(d.device).filename().string() : d.virtual_name)).string()});
  // bwrap says the sandbox's pid on fd 3 as soon as it has one; the sandbox's first command
  // says on fd 4 that the sandbox is complete (its root in place), which is when it can be
  // joined.
  int info[2], ready[2];
  if (::pipe2(info, O_CLOEXEC) != 0) throw std::runtime_error("pipe: " + std::string(std::strerror(errno)));
  if (::pipe2(ready, O_CLOEXEC) != 0) {
    ::close(info[0]);
    ::close(info[1]);
    throw std::runtime_error("pipe: " + std::string(std::strerror(errno)));
  }
  add({"--info-fd", "3", "--", "/usr/bin/bash", "-c", "echo >&4; exec 4>&-; exec /usr/bin/sleep infinity"});
  auto argv = c_strings(args);
  const pid_t pid = on_launcher_thread([&] {
    const pid_t child = ::fork();
    if (child == 0) {
      ::setpgid(0, 0);  // signals to ec2sim's terminal (Ctrl-C) do not reach guests
      ::signal(SIGPIPE, SIG_DFL);  // ec2sim ignores it; a guest's `yes | head` must not
      limit_resources();
      if (::dup2(info[1], 3) < 0 || ::dup2(ready[1], 4) < 0) child_fail(126);
      const int null = ::open("/dev/null", O_RDWR);
      ::dup2(null, 0);
      // Nothing of ec2sim's — its listeners, other guests' sessions — goes into the sandbox
      // (asio's sockets are not close-on-exec).
      ::close_range(5, ~0u, 0);
      ::execv(argv[0], argv.data());
      child_fail(127);
    }
    return child;
  });
  ::close(info[1]);
  ::close(ready[1]);
  if (pid < 0) {
    ::close(info[0]);
    ::close(ready[0]);
    throw std::runtime_error("fork: " + std::string(std::strerror(errno)));
  }
  box->bwrap_ = pid;
  box->init_ = read_child_pid(info[0]);
  ::close(info[0]);
  char byte = 0;
  const bool complete = ::read(ready[0], &byte, 1) == 1;
  ::close(ready[0]);
  if (box->init_ <= 0 || !complete) {
    ::kill(pid, SIGKILL);  // it may be alive, half set up
    int status = 0;
    ::waitpid(pid, &status, 0);
    box->bwrap_ = -1;
    throw std::runtime_error("bwrap could not start the sandbox (exit status " +
                             std::to_string(exit_code(status)) + ")");
  }
  return box;
}

Sandbox::~Sandbox() { end(); }

void Sandbox::end() {
  if (const pid_t pid = bwrap_.exchange(-1); pid > 0) {
    ::kill(pid, SIGKILL);  // its first process dies with it (--die-with-parent), and with that
    ::waitpid(pid, nullptr, 0);  // every process of its PID namespace
    std::error_code ignored;
    fs::remove_all(run_dir_, ignored);
    live_disks_.reset();  // snapshots may link its disks' files again
  }
}

bool Sandbox::alive() const {
  const pid_t pid = bwrap_.load();
  siginfo_t info{};  // WNOWAIT: a sandbox that died is still reaped by end(), once
  return pid > 0 && ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == 0;
}

pid_t Sandbox::spawn(const GuestProcess& p) const {
  if (!alive()) throw std::runtime_error("the instance's sandbox has ended");
  const Namespaces ns(init_);
  std::vector<std::string> argv_strings = p.argv;
  std::vector<std::string> env_strings = p.env;
  if (p.as_root) {  // a nested user namespace whose root is the login user
    argv_strings.insert(argv_strings.begin(), {"/usr/bin/unshare", "--map-root-user", "--"});
  }
  auto argv = c_strings(argv_strings);
  auto envp = c_strings(env_strings);
  const char* directory = p.directory.c_str();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork: " + std::string(std::strerror(errno)));
  if (pid != 0) return pid;
  // The child: only system calls from here on (the parent has other threads).
  if (!ns.enter_owner() || ::setns(ns.mnt, CLONE_NEWNS) || ::setns(ns.uts, CLONE_NEWUTS) ||
      ::setns(ns.ipc, CLONE_NEWIPC) || ::setns(ns.net, CLONE_NEWNET) || ::setns(ns.pid, CLONE_NEWPID) ||
      ::setns(ns.user, CLONE_NEWUSER) || ::fchdir(ns.root) || ::chroot("."))
    child_fail(125);
  limit_resources();
  drop_privileges();
  // The guest's descriptors as 0, 1 and 2 from here on, and nothing else of ec2sim's.
  if ((p.stdin_fd >= 0 && ::dup2(p.stdin_fd, 0) < 0) || (p.stdout_fd >= 0 && ::dup2(p.stdout_fd, 1) < 0) ||
      (p.stderr_fd >= 0 && ::dup2(p.stderr_fd, 2) < 0))
    child_fail(125);
  ::close_range(3, ~0u, 0);
  // Joining a PID namespace takes effect for children: the guest process is the grandchild,
  // this one waits for it and exits as it did, and passes ec2sim's hangup (the client left)
  // or kill on to the guest's session.
  const pid_t guest = ::fork();
  if (guest < 0) child_fail(125);
  if (guest > 0) {
    forward_to_session = guest;
    struct sigaction forward {};
    forward.sa_handler = [](int signal) {
      ::kill(-forward_to_session, signal);
      ::kill(forward_to_session, signal);
    };
    ::sigaction(SIGHUP, &forward, nullptr);
    ::sigaction(SIGTERM, &forward, nullptr);
    int status = 0;
    while (::waitpid(guest, &status, 0) < 0 && errno == EINTR) {
    }
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  }
  ::setsid();
  ::signal(SIGPIPE, SIG_DFL);  // ec2sim ignores it; a guest's `yes | head` must not
  ::signal(SIGHUP, SIG_DFL);
  ::signal(SIGTERM, SIG_DFL);
  if (p.controlling_terminal) ::ioctl(0, TIOCSCTTY, 0);
  if (::chdir(directory) != 0 && ::chdir("/") != 0) child_fail(125);
  ::execve(argv[0], argv.data(), envp.data());
  child_fail(127);
}

std::pair<int, int> Sandbox::open_terminal(const struct winsize& size) const {
  const std::string dev = "/proc/" + std::to_string(init_) + "/root/dev/";
  const int master = ::open((dev + "ptmx").c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
  unsigned number = 0;
  int unlock = 0;
  if (master < 0 || ::ioctl(master, TIOCSPTLCK, &unlock) != 0 || ::ioctl(master, TIOCGPTN, &number) != 0) {
    if (master >= 0) ::close(master);
    throw std::runtime_error("cannot open a terminal in the sandbox: " + std::string(std::strerror(errno)));
  }
  const int slave = ::open((dev + "pts/" + std::to_string(number)).c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0) {
    ::close(master);
    throw std::runtime_error("cannot open the sandbox's terminal: " + std::string(std::strerror(errno)));
  }
  ::ioctl(master, TIOCSWINSZ, &size);
  return {master, slave};
}

int Sandbox::listen_inside(const std::string& address, int port) const {
  const Namespaces ns(init_);
  in_addr ip{};
  if (::inet_pton(AF_INET, address.c_str(), &ip) != 1) throw std::runtime_error("not an IPv4 address: " + address);
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
    throw std::runtime_error("socketpair: " + std::string(std::strerror(errno)));
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(pair[0]);
    ::close(pair[1]);
    throw std::runtime_error("fork: " + std::string(std::strerror(errno)));
  }
  if (pid == 0) {
    if (!ns.enter_owner() || ::setns(ns.net, CLONE_NEWNET)) child_fail(1);
    // The address on the loopback interface (as an alias, lo:1), then a socket bound to it.
    const int control = ::socket(AF_INET, SOCK_DGRAM, 0);
    ifreq request{};
    std::strncpy(request.ifr_name, "lo:1", IFNAMSIZ - 1);
    auto* sin = reinterpret_cast<sockaddr_in*>(&request.ifr_addr);
    sin->sin_family = AF_INET;
    sin->sin_addr = ip;
    if (control < 0 || ::ioctl(control, SIOCSIFADDR, &request) != 0) child_fail(2);
    // Any user of the guest may serve port 80, as root of an instance may (`sudo python3 -m
    // http.server 80`): the sandbox's root is not root of this network namespace.
    if (const int sysctl = ::open("/proc/sys/net/ipv4/ip_unprivileged_port_start", O_WRONLY); sysctl >= 0) {
      if (::write(sysctl, "0", 1) != 1) child_fail(2);
      ::close(sysctl);
    }
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in bind_to{};
    bind_to.sin_family = AF_INET;
    bind_to.sin_port = htons(static_cast<std::uint16_t>(port));
    bind_to.sin_addr = ip;
    const int one = 1;
    ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&bind_to), sizeof bind_to) != 0 ||
        ::listen(listener, 64) != 0)
      child_fail(3);
    FdMessage out;
    cmsghdr* c = CMSG_FIRSTHDR(&out.message);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(c), &listener, sizeof(int));
    _exit(::sendmsg(pair[1], &out.message, 0) == 1 ? 0 : 4);
  }
  ::close(pair[1]);
  FdMessage in;
  const ssize_t got = ::recvmsg(pair[0], &in.message, MSG_CMSG_CLOEXEC);
  msghdr& message = in.message;
  ::close(pair[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  cmsghdr* c = CMSG_FIRSTHDR(&message);
  if (got != 1 || !c || c->cmsg_type != SCM_RIGHTS)
    throw std::runtime_error("could not listen on " + address + ":" + std::to_string(port) + " inside the sandbox (step " +
                             std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
  int fd = -1;
  std::memcpy(&fd, CMSG_DATA(c), sizeof(int));
  return fd;
}

std::string sandbox_unavailable_reason(const SandboxHost& host) {
  if (::access(host.bwrap.c_str(), X_OK) != 0)
    return host.bwrap.string() + " is missing: install Debian's bubblewrap package (scripts/install-deps.sh does)";
  std::vector<std::string> args = {host.bwrap.string(), "--unshare-all", "--uid", "1000"};
  add_system(args);
  args.insert(args.end(), {"--", "/usr/bin/true"});
  auto argv = c_strings(args);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return "bwrap cannot make a sandbox here (unprivileged user namespaces are off: sysctl "
           "kernel.unprivileged_userns_clone=1, or a container without them)";
  return "";
}

int exit_code(int wait_status) {
  return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
}

void reap_in_background(pid_t pid) {
  std::thread([pid] { ::waitpid(pid, nullptr, 0); }).detach();
}

void hang_up(pid_t pid) {
  ::kill(pid, SIGHUP);
  reap_in_background(pid);
}

std::vector<std::string> login_environment(const std::string& user, const std::string& home) {
  return {"HOME=" + home, "USER=" + user, "LOGNAME=" + user, "SHELL=/bin/bash",
          "PATH=/usr/local/bin:/usr/bin:/usr/local/sbin:/usr/sbin", "LANG=C.UTF-8"};
}

}  // namespace ec2sim::connect
