#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro cast of -1 to a function pointer, which Swift cannot express.
static inline void (*memberlink_sqlite_transient(void))(void *) { return SQLITE_TRANSIENT; }
// SQLITE_STATIC likewise: SQLite reads the bound bytes in place, which must outlive the step.
static inline void (*memberlink_sqlite_static(void))(void *) { return SQLITE_STATIC; }

// sqlite3_config is variadic, which Swift cannot call. Memory statistics cost a global mutex on
// every allocation SQLite makes (https://www.sqlite.org/c3ref/c_config_covering_index_scan.html);
// MemberLink never reads them. Must run before the first connection opens.
static inline int memberlink_sqlite_disable_memstatus(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
