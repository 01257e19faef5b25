// Signals as bytes in a pipe. The write end and the earlier handlers live in this file's
// static storage because a handler has no other way to reach them; they are set before any
// handler is installed and cleared after the last is removed.
#include "signal_pipe.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t write_end = -1;
static struct sigaction previous[NSIG];

static void forward(int number) {
  const int saved = errno;
  const int end = write_end;
  unsigned char byte = (unsigned char)number;
  // A full pipe already holds signals the reader has yet to see: dropping one more loses nothing it acts on.
  if (end >= 0) (void)!write(end, &byte, 1);
  errno = saved;
}

int signal_pipe_open(const int *signals, int count) {
  if (write_end >= 0) {
    errno = EBUSY;
    return -1;
  }
  int ends[2];
  if (pipe(ends) != 0) return -1;
  for (int i = 0; i < 2; i++) {
    fcntl(ends[i], F_SETFL, fcntl(ends[i], F_GETFL) | O_NONBLOCK);
    fcntl(ends[i], F_SETFD, FD_CLOEXEC);
  }
  write_end = ends[1];
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = forward;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (int i = 0; i < count; i++) {
    if (signals[i] > 0 && signals[i] < NSIG) sigaction(signals[i], &action, &previous[signals[i]]);
  }
  return ends[0];
}

void signal_pipe_close(const int *signals, int count) {
  for (int i = 0; i < count; i++) {
    if (signals[i] > 0 && signals[i] < NSIG) sigaction(signals[i], &previous[signals[i]], NULL);
  }
  const int end = write_end;
  write_end = -1;
  if (end >= 0) close(end);
}
