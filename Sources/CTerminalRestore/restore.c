// Crash-signal terminal restore. A signal handler may only make async-signal-safe calls
// (endwin is not one), so the settings are saved up front and written back with tcsetattr and
// write(2). The saved settings live in this file's static storage because a handler has no
// other way to reach them; they are written once, before any handler is installed.
#include "terminal_restore.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved_settings;
static int have_saved_settings = 0;

// Leave the alternate screen, show the cursor, reset attributes and keypad mode.
static const char reset_sequence[] = "\033[?1049l\033[?25h\033[0m\033[?1l\033>\r\n";

static void restore_and_reraise(int number) {
  if (have_saved_settings) tcsetattr(STDIN_FILENO, TCSANOW, &saved_settings);
  ssize_t ignored = write(STDOUT_FILENO, reset_sequence, sizeof reset_sequence - 1);
  (void)ignored;
  struct sigaction fallback;
  memset(&fallback, 0, sizeof fallback);
  fallback.sa_handler = SIG_DFL;
  sigemptyset(&fallback.sa_mask);
  sigaction(number, &fallback, NULL);
  raise(number);
}

void ctr_install_crash_restore(void) {
  if (tcgetattr(STDIN_FILENO, &saved_settings) == 0) have_saved_settings = 1;
  // Every signal whose default action ends the process and that the run loop does not take
  // itself (INT, TERM, HUP and QUIT arrive through its inbox and quit cleanly).
  const int crashes[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGPIPE, SIGUSR1, SIGUSR2,
                         SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ, SIGSYS, SIGIO};
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = restore_and_reraise;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;
  for (unsigned i = 0; i < sizeof crashes / sizeof crashes[0]; i++) sigaction(crashes[i], &action, NULL);
}

void ctr_stop_until_continued(void) {
  // The run loop may be on a thread that blocks SIGTSTP (dispatch and Swift concurrency
  // workers block most signals), and ncurses may have its own handler: a blocked or caught
  // SIGTSTP never stops the process. So: default action, unblocked here, raised at this thread.
  struct sigaction stop, previous;
  memset(&stop, 0, sizeof stop);
  stop.sa_handler = SIG_DFL;
  sigemptyset(&stop.sa_mask);
  sigaction(SIGTSTP, &stop, &previous);
  sigset_t only, mask;
  sigemptyset(&only);
  sigaddset(&only, SIGTSTP);
  pthread_sigmask(SIG_UNBLOCK, &only, &mask);
  raise(SIGTSTP);  // the process stops here until SIGCONT
  pthread_sigmask(SIG_SETMASK, &mask, NULL);
  sigaction(SIGTSTP, &previous, NULL);
}
