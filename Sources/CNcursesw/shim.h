#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
/* Must precede <ncurses.h>: enables cchar_t, get_wch, setcchar (SwiftPM drops pkg-config -D flags). */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>
#if __has_include(<ncursesw/ncurses.h>)
#include <ncursesw/ncurses.h>
#else
#include <ncurses.h>
#endif

/* Swift 6 rejects reads of C mutable globals; wrap the few we need. */
static inline int tui_colors(void) { return COLORS; }
static inline int tui_color_pairs(void) { return COLOR_PAIRS; }
static inline void tui_getmaxyx(WINDOW *w, int *y, int *x) { getmaxyx(w, *y, *x); }
/* Attribute macros use casts Swift cannot import. */
static inline attr_t tui_a_bold(void) { return A_BOLD; }
static inline attr_t tui_a_dim(void) { return A_DIM; }
static inline attr_t tui_a_underline(void) { return A_UNDERLINE; }
static inline attr_t tui_a_reverse(void) { return A_REVERSE; }
static inline attr_t tui_a_italic(void) { return A_ITALIC; }
static inline attr_t tui_a_normal(void) { return A_NORMAL; }
/* setcchar with an int pair number through opts, so pairs above 32767 work. */
static inline int tui_setcchar(cchar_t *cc, const wchar_t *wch, attr_t attrs, int pair) {
  return setcchar(cc, wch, attrs, (short)(pair > 32767 ? 0 : pair), (void *)&pair);
}
/* wattr_set with an int pair number through opts, as tui_setcchar. */
static inline int tui_wattr_set(WINDOW *w, attr_t attrs, int pair) {
  return wattr_set(w, attrs, (short)(pair > 32767 ? 0 : pair), (void *)&pair);
}
/* The kernel's idea of the window size (after SIGWINCH); -1 when stdout is no terminal. */
static inline int tui_window_size(int *rows, int *cols) {
  struct winsize size;
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return -1;
  *rows = size.ws_row;
  *cols = size.ws_col;
  return 0;
}
/* wcwidth is X/Open and not exported by Swift's Glibc module. */
extern int wcwidth(wchar_t);
static inline int tui_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }
#endif
