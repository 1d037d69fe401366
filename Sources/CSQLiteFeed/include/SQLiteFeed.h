#ifndef MEMBERLINK_SQLITEFEED_H
#define MEMBERLINK_SQLITEFEED_H

#include <sqlite3.h>

/// Rows handed to one SQLite statement by the caller, read as the table-valued function
/// registered by `memberlink_feed_register`: `SELECT … FROM NAME(?1)`, with `?1` bound by
/// `memberlink_feed_bind`. Every column is text.
typedef struct memberlink_feed {
    void *context;
    /// Moves to the next row: 1 when there is one, 0 at the end, -1 on an error (kept by the
    /// caller). With a row, it has set `texts` and `lengths` (one each per column) to the row's
    /// bytes, valid until it is called again.
    int (*next)(void *context);
    /// The columns the feed gives (`texts` and `lengths` hold as many); a column past them is NULL.
    int columnCount;
    const char **texts;
    int *lengths;
    /// Nonzero when a row's bytes stay valid and unchanged until `next` has been called twice more:
    /// SQLite then reads them where they are (`SQLITE_STATIC`) instead of copying each text.
    int textsOutliveNextRow;
} memberlink_feed;

/// Registers the table-valued function `name` on `db`, whose rows are a feed's and whose columns
/// are `columns` (`"a, b, c"`: SQL column names).
int memberlink_feed_register(sqlite3 *db, const char *name, const char *columns);

/// Binds `feed` as parameter `index` of `statement` (the function's argument). The feed must
/// outlive the statement's steps.
int memberlink_feed_bind(sqlite3_stmt *statement, int index, memberlink_feed *feed);

#endif
