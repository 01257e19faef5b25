#ifndef SIGNAL_PIPE_H
#define SIGNAL_PIPE_H

/* Signals as bytes in a pipe: each signal's number is written by a handler that only calls
   write(2) (async-signal-safe), installed with sigaction before `signal_pipe_open` returns.
   A dispatch signal source registers on libdispatch's manager thread some time after it is
   resumed; a signal that came before (under load, after the first frame) was lost. One pipe
   per process. */

/* Installs the handler for `signals` and returns the pipe's read end (non-blocking,
   close-on-exec), or -1 (errno set) when a pipe is open already or cannot be made. */
int signal_pipe_open(const int *signals, int count);

/* Puts back what `signals` did before, and closes the write end (the reader then sees the
   end of the pipe; closing the read end is the reader's). */
void signal_pipe_close(const int *signals, int count);

#endif
