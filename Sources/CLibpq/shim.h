// libpq's client API. Debian's libpq-dev puts the header in /usr/include/postgresql, which
// pkg-config's cflags name; the full path is spelled here so the build does not depend on
// SwiftPM passing those flags on.
#include <postgresql/libpq-fe.h>
