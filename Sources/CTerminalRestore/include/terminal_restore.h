#ifndef CONFAB_TERMINAL_RESTORE_H
#define CONFAB_TERMINAL_RESTORE_H

/// Saves the terminal's settings (call before curses starts) and installs handlers for crash
/// signals that restore them with async-signal-safe calls only, then re-raise the signal.
void ctr_install_crash_restore(void);

/// Stops the process as a cooked terminal's ^Z would (SIGTSTP, default action) and returns
/// once it is continued. Call with the terminal already restored.
void ctr_stop_until_continued(void);

#endif
