#define _GNU_SOURCE
#include "CTerminalShim.h"
#include <sys/ioctl.h>
#include <unistd.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

extern char **environ;

int ap_setup_locale(void) {
    setlocale(LC_ALL, "");
    const char *codeset = nl_langinfo(CODESET);
    if (codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0)) return 1;
    if (setlocale(LC_ALL, "C.UTF-8") == NULL) return 0;
    codeset = nl_langinfo(CODESET);
    return codeset && strcmp(codeset, "UTF-8") == 0;
}

int ap_stdio_are_ttys(void) { return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO); }

int ap_terminal_known(const char *term) {
    int err = 0;
    if (setupterm((char *)term, STDOUT_FILENO, &err) != OK) return 0;
    del_curterm(cur_term);
    return 1;
}

SCREEN *ap_newterm(void) { return newterm(NULL, stdout, stdin); }

WINDOW *ap_stdscr(void) { return stdscr; }
void ap_getmaxyx(WINDOW *win, int *rows, int *cols) {
    int y = 0, x = 0;
    if (win) getmaxyx(win, y, x);
    *rows = y;
    *cols = x;
}

int ap_sync_size(void) {
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 && ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) != 0) return 0;
    if (ws.ws_row == 0 || ws.ws_col == 0) return 0;
    if (!is_term_resized(ws.ws_row, ws.ws_col)) return 0;
    resizeterm(ws.ws_row, ws.ws_col);
    return 1;
}

attr_t ap_a_normal(void) { return A_NORMAL; }
attr_t ap_a_bold(void) { return A_BOLD; }
attr_t ap_a_reverse(void) { return A_REVERSE; }
attr_t ap_a_underline(void) { return A_UNDERLINE; }
attr_t ap_a_dim(void) { return A_DIM; }
int ap_set_attr(WINDOW *win, attr_t attrs, short pair) { return wattr_set(win, attrs, pair, NULL); }
int ap_put(WINDOW *win, int y, int x, const char *utf8) { return mvwaddstr(win, y, x, utf8); }

void ap_clear_on_next_refresh(void) { clearok(curscr, TRUE); }

int ap_key_f0(void) { return KEY_F0; }

void ap_enable_mouse(void) {
    mmask_t mask = BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED;
#ifdef BUTTON5_PRESSED
    mask |= BUTTON5_PRESSED;
#endif
    mousemask(mask, NULL);
}

int ap_read_mouse(int *x, int *y) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    *x = event.x;
    *y = event.y;
    if (event.bstate & BUTTON1_DOUBLE_CLICKED) return 2;
    if (event.bstate & BUTTON1_CLICKED) return 1;
    if (event.bstate & BUTTON4_PRESSED) return 3;
#ifdef BUTTON5_PRESSED
    if (event.bstate & BUTTON5_PRESSED) return 4;
#endif
    return 0;
}

static volatile sig_atomic_t curses_active = 0;

void ap_set_curses_active(int active) { curses_active = active; }

void ap_restore_terminal(void) {
    if (curses_active) {
        curses_active = 0;
        endwin();
        fflush(stdout);
    }
}

static void on_fatal_signal(int sig) {
    /* endwin is not async-signal-safe, but the process is about to die and a terminal left
       in raw mode with the mouse on is worse than the small risk. */
    ap_restore_terminal();
    signal(sig, SIG_DFL);
    raise(sig);
}

void ap_install_restore_handlers(void) {
    static const int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE};
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_fatal_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) sigaction(signals[i], &action, NULL);
    atexit(ap_restore_terminal);
}

void ap_ignore_interrupts(int ignore) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = ignore ? SIG_IGN : on_fatal_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = ignore ? 0 : SA_RESETHAND;
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGQUIT, &action, NULL);
}

char **ap_environ(void) { return environ; }
