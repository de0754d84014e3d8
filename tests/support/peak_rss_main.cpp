// peak_rss COMMAND [ARGS...]: runs COMMAND and writes its peak resident memory in KiB (the
// kernel's high-water mark, /proc/PID/status VmHWM at its exit) to standard error as
// "peak_rss_kib N". A small process of its own, so the measure holds only COMMAND: a child
// forked straight from a large test process would count the test's pages from before exec.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: peak_rss COMMAND [ARGS...]\n");
    return 1;
  }
  const pid_t pid = ::fork();
  if (pid < 0) return 1;
  if (pid == 0) {
    ::execv(argv[1], argv + 1);
    ::_exit(127);
  }
  int status = 0;
  rusage usage{};
  if (::wait4(pid, &status, 0, &usage) != pid) return 1;
  std::fprintf(stderr, "peak_rss_kib %ld\n", usage.ru_maxrss);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}
