// libpq's client API. Debian's libpq-dev puts the header in /usr/include/postgresql; the full
// path is spelled here so the build does not depend on SwiftPM passing pkg-config's flags on.
//
// The program does not link libpq: it is opened (dlopen) when a PostgreSQL database is first
// used. Linking it made every command, on any database, load libpq and the 24 libraries behind
// it (TLS, Kerberos, LDAP): 3 ms of every start (docs/architecture.md, "libpq, loaded when used").
// The header gives the types and each function's exact signature; `actionplan_load_libpq`
// looks each one up.
#include <dlfcn.h>
#include <stddef.h>
#include <postgresql/libpq-fe.h>

/// The libpq functions the program calls, each with libpq's own signature.
typedef struct {
    __typeof__(PQconnectdbParams) * _Nonnull PQconnectdbParams;
    __typeof__(PQstatus) * _Nonnull PQstatus;
    __typeof__(PQerrorMessage) * _Nonnull PQerrorMessage;
    __typeof__(PQfinish) * _Nonnull PQfinish;
    __typeof__(PQsetNoticeProcessor) * _Nonnull PQsetNoticeProcessor;
    __typeof__(PQclear) * _Nonnull PQclear;
    __typeof__(PQcmdTuples) * _Nonnull PQcmdTuples;
    __typeof__(PQnfields) * _Nonnull PQnfields;
    __typeof__(PQftype) * _Nonnull PQftype;
    __typeof__(PQntuples) * _Nonnull PQntuples;
    __typeof__(PQgetisnull) * _Nonnull PQgetisnull;
    __typeof__(PQgetvalue) * _Nonnull PQgetvalue;
    __typeof__(PQgetlength) * _Nonnull PQgetlength;
    __typeof__(PQexec) * _Nonnull PQexec;
    __typeof__(PQprepare) * _Nonnull PQprepare;
    __typeof__(PQexecPrepared) * _Nonnull PQexecPrepared;
    __typeof__(PQexecParams) * _Nonnull PQexecParams;
    __typeof__(PQresultStatus) * _Nonnull PQresultStatus;
    __typeof__(PQresultErrorField) * _Nonnull PQresultErrorField;
    __typeof__(PQresultErrorMessage) * _Nonnull PQresultErrorMessage;
    __typeof__(PQsocket) * _Nonnull PQsocket;
    __typeof__(PQconsumeInput) * _Nonnull PQconsumeInput;
    __typeof__(PQnotifies) * _Nonnull PQnotifies;
    __typeof__(PQfreemem) * _Nonnull PQfreemem;
} ActionPlanLibpq;

/// Opens `library` (libpq.so.5) and fills `api`. Returns NULL, or the loader's message when the
/// library or one of its functions is missing (`api` is then not to be used).
static inline const char * _Nullable actionplan_load_libpq(const char * _Nonnull library, ActionPlanLibpq * _Nonnull api) {
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) return dlerror();
#define ACTIONPLAN_LIBPQ(name) \
    if ((api->name = (__typeof__(api->name))dlsym(handle, #name)) == NULL) return dlerror();
    ACTIONPLAN_LIBPQ(PQconnectdbParams)
    ACTIONPLAN_LIBPQ(PQstatus)
    ACTIONPLAN_LIBPQ(PQerrorMessage)
    ACTIONPLAN_LIBPQ(PQfinish)
    ACTIONPLAN_LIBPQ(PQsetNoticeProcessor)
    ACTIONPLAN_LIBPQ(PQclear)
    ACTIONPLAN_LIBPQ(PQcmdTuples)
    ACTIONPLAN_LIBPQ(PQnfields)
    ACTIONPLAN_LIBPQ(PQftype)
    ACTIONPLAN_LIBPQ(PQntuples)
    ACTIONPLAN_LIBPQ(PQgetisnull)
    ACTIONPLAN_LIBPQ(PQgetvalue)
    ACTIONPLAN_LIBPQ(PQgetlength)
    ACTIONPLAN_LIBPQ(PQexec)
    ACTIONPLAN_LIBPQ(PQprepare)
    ACTIONPLAN_LIBPQ(PQexecPrepared)
    ACTIONPLAN_LIBPQ(PQexecParams)
    ACTIONPLAN_LIBPQ(PQresultStatus)
    ACTIONPLAN_LIBPQ(PQresultErrorField)
    ACTIONPLAN_LIBPQ(PQresultErrorMessage)
    ACTIONPLAN_LIBPQ(PQsocket)
    ACTIONPLAN_LIBPQ(PQconsumeInput)
    ACTIONPLAN_LIBPQ(PQnotifies)
    ACTIONPLAN_LIBPQ(PQfreemem)
#undef ACTIONPLAN_LIBPQ
    return NULL;
}
