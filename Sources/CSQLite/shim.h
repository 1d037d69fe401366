#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro cast of -1 to a function pointer, which Swift cannot express.
static inline void (*memberlink_sqlite_transient(void))(void *) { return SQLITE_TRANSIENT; }
