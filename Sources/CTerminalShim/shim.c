#define _GNU_SOURCE
#include "CTerminalShim.h"
#include <sys/ioctl.h>
#include <unistd.h>
#include <errno.h>
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
static volatile sig_atomic_t paste_mode_on = 0;

void ap_set_curses_active(int active) { curses_active = active; }

static void write_all(int fd, const char *text, size_t length) {
    while (length > 0) {
        ssize_t n = write(fd, text, length);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        text += n;
        length -= (size_t)n;
    }
}

/* Written straight to the terminal with write(2), which is async-signal-safe, so that the
   signal handlers can turn the mode off too. */
void ap_bracketed_paste(int on) {
    if (on) {
        write_all(STDOUT_FILENO, "\033[?2004h", 8);
        paste_mode_on = 1;
    } else if (paste_mode_on) {
        paste_mode_on = 0;
        write_all(STDOUT_FILENO, "\033[?2004l", 8);
    }
}

int ap_define_paste_keys(int start_code, int end_code) {
    return define_key("\033[200~", start_code) == OK && define_key("\033[201~", end_code) == OK;
}

void ap_restore_terminal(void) {
    if (curses_active) {
        curses_active = 0;
        endwin();
        fflush(stdout);
    }
    ap_bracketed_paste(0);
}

/* The note file of $EDITOR and its private folder, kept in static buffers so that a signal
   handler can remove them without allocating. */
static char note_file[4096];
static char note_dir[4096];
static volatile sig_atomic_t note_registered = 0;
static volatile pid_t editor_pid = 0;

void ap_set_note_file(const char *file, const char *dir) {
    note_registered = 0;
    if (!file || !dir || strlen(file) >= sizeof note_file || strlen(dir) >= sizeof note_dir) return;
    strcpy(note_file, file);
    strcpy(note_dir, dir);
    note_registered = 1;
}

void ap_remove_note_file(void) {
    if (!note_registered) return;
    note_registered = 0;
    unlink(note_file);
    rmdir(note_dir);
}

void ap_set_editor_pid(int pid) { editor_pid = pid; }

static void at_exit_cleanup(void) {
    ap_restore_terminal();
    ap_remove_note_file();
}

static void on_fatal_signal(int sig) {
    /* endwin is not async-signal-safe, but the process is about to die and a terminal left
       in raw mode with the mouse on is worse than the small risk. */
    ap_restore_terminal();
    if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP || sig == SIGQUIT) {
        /* Asked to stop: the note file goes with the program, and so does a running editor. */
        ap_remove_note_file();
        if (editor_pid > 0) kill(editor_pid, sig == SIGQUIT ? SIGTERM : sig);
    } else if (note_registered) {
        /* A crash: keep the note and say where it is (swept after a day). */
        static const char before[] = "actionplan: your unsaved note is in ";
        write_all(STDERR_FILENO, before, sizeof before - 1);
        write_all(STDERR_FILENO, note_file, strlen(note_file));
        write_all(STDERR_FILENO, "\n", 1);
    }
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
    atexit(at_exit_cleanup);
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
