#pragma once
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <wchar.h>

/* Small C helpers for what Swift cannot import from ncurses: macros, C globals (which Swift 6
   rejects as unsafe shared state), and signal handlers that restore the terminal. */

/* Sets the locale from the environment; falls back to C.UTF-8 when that is not UTF-8.
   Returns 1 when the locale in force is UTF-8. */
int ap_setup_locale(void);

/* 1 when both standard input and standard output are terminals. */
int ap_stdio_are_ttys(void);

/* 1 when the terminfo database knows the terminal type (checked without printing anything). */
int ap_terminal_known(const char *term);

/* newterm on standard output and input; NULL when it fails. */
SCREEN *ap_newterm(void);

WINDOW *ap_stdscr(void);
void ap_getmaxyx(WINDOW *win, int *rows, int *cols);
/* Reads the terminal's real size and, when ncurses has another one (a resize signal was lost or
   merged with another), resizes ncurses to it. Returns 1 when it resized. */
int ap_sync_size(void);

attr_t ap_a_normal(void);
attr_t ap_a_bold(void);
attr_t ap_a_reverse(void);
attr_t ap_a_underline(void);
attr_t ap_a_dim(void);
int ap_set_attr(WINDOW *win, attr_t attrs, short pair);
int ap_put(WINDOW *win, int y, int x, const char *utf8);

/* Repaint the whole terminal at the next refresh (curscr is a C global). */
void ap_clear_on_next_refresh(void);

/* Key codes that are macros. */
int ap_key_f0(void);

/* Mouse: enables clicks, double clicks and the wheel; reads one event.
   ap_read_mouse returns 0 for nothing useful, 1 click, 2 double click, 3 wheel up, 4 wheel down. */
void ap_enable_mouse(void);
int ap_read_mouse(int *x, int *y);

/* Terminal restoration: on SIGINT, SIGTERM, SIGHUP, SIGQUIT and on crashes (SIGSEGV, SIGBUS,
   SIGILL, SIGTRAP, SIGABRT, SIGFPE) and at exit, leave curses mode, then let the signal do
   what it would have done. */
void ap_install_restore_handlers(void);
void ap_set_curses_active(int active);
void ap_restore_terminal(void);
/* Bracketed paste (ESC[?2004h): on while the UI runs, off in every restore path.
   ap_define_paste_keys makes ncurses return start_code for ESC[200~ and end_code for ESC[201~. */
void ap_bracketed_paste(int on);
int ap_define_paste_keys(int start_code, int end_code);

/* The note file of $EDITOR and its private folder: removed at exit and on SIGINT, SIGTERM,
   SIGHUP and SIGQUIT (where the terminal is restored); kept, with its path on standard error,
   after a crash. NULL forgets it. */
void ap_set_note_file(const char *file, const char *dir);
void ap_remove_note_file(void);
/* The editor running in the foreground (0 for none): a SIGTERM or SIGHUP is passed on to it. */
void ap_set_editor_pid(int pid);

/* While an external editor runs in the foreground, Ctrl-C belongs to it. */
void ap_ignore_interrupts(int ignore);

/* The process environment, for posix_spawn. */
char **ap_environ(void);
