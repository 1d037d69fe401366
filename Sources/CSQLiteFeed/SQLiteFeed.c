#include "SQLiteFeed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// A virtual table whose rows come from a memberlink_feed passed as its one (hidden) argument
// (https://www.sqlite.org/vtab.html, https://www.sqlite.org/bindptr.html). Eponymous: it needs no
// CREATE VIRTUAL TABLE. Rows are read once, in the feed's order; the statement reading them sees
// them in that order (no ORDER BY is needed, none is promised).

static const char *const pointerType = "memberlink_feed";

typedef struct {
    sqlite3_vtab base;
    int columnCount;  // the hidden argument column is column `columnCount`
} FeedTable;

typedef struct {
    sqlite3_vtab_cursor base;
    memberlink_feed *feed;
    int atEnd;
    sqlite3_int64 row;
} FeedCursor;

typedef struct {
    char *columns;
    int columnCount;
} FeedModuleInfo;

static int feedConnect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **table, char **error) {
    (void)argc;
    (void)argv;
    (void)error;
    FeedModuleInfo *info = aux;
    char *schema = sqlite3_mprintf("CREATE TABLE x(%s, feed HIDDEN)", info->columns);
    if (schema == NULL) return SQLITE_NOMEM;
    int rc = sqlite3_declare_vtab(db, schema);
    sqlite3_free(schema);
    if (rc != SQLITE_OK) return rc;
    FeedTable *created = sqlite3_malloc(sizeof(FeedTable));
    if (created == NULL) return SQLITE_NOMEM;
    memset(created, 0, sizeof(FeedTable));
    created->columnCount = info->columnCount;
    *table = &created->base;
    return SQLITE_OK;
}

static int feedDisconnect(sqlite3_vtab *table) {
    sqlite3_free(table);
    return SQLITE_OK;
}

static int feedBestIndex(sqlite3_vtab *table, sqlite3_index_info *index) {
    int hidden = ((FeedTable *)table)->columnCount;
    for (int i = 0; i < index->nConstraint; i++) {
        const struct sqlite3_index_constraint *constraint = &index->aConstraint[i];
        if (constraint->iColumn == hidden && constraint->op == SQLITE_INDEX_CONSTRAINT_EQ) {
            if (!constraint->usable) return SQLITE_CONSTRAINT;
            index->aConstraintUsage[i].argvIndex = 1;
            index->aConstraintUsage[i].omit = 1;
            index->estimatedCost = 1;
            index->idxNum = 1;
            return SQLITE_OK;
        }
    }
    // Without its feed the table has no rows to give: the plan is refused.
    return SQLITE_CONSTRAINT;
}

static int feedOpen(sqlite3_vtab *table, sqlite3_vtab_cursor **cursor) {
    (void)table;
    FeedCursor *opened = sqlite3_malloc(sizeof(FeedCursor));
    if (opened == NULL) return SQLITE_NOMEM;
    memset(opened, 0, sizeof(FeedCursor));
    opened->atEnd = 1;
    *cursor = &opened->base;
    return SQLITE_OK;
}

static int feedClose(sqlite3_vtab_cursor *cursor) {
    sqlite3_free(cursor);
    return SQLITE_OK;
}

static int feedAdvance(FeedCursor *cursor) {
    int rc = cursor->feed->next(cursor->feed->context);
    if (rc < 0) {
        cursor->atEnd = 1;
        sqlite3_free(cursor->base.pVtab->zErrMsg);
        cursor->base.pVtab->zErrMsg = sqlite3_mprintf("the row feed failed");
        return SQLITE_ERROR;
    }
    cursor->atEnd = rc == 0;
    cursor->row += 1;
    return SQLITE_OK;
}

static int feedFilter(sqlite3_vtab_cursor *base, int idxNum, const char *idxStr, int argc, sqlite3_value **argv) {
    (void)idxNum;
    (void)idxStr;
    FeedCursor *cursor = (FeedCursor *)base;
    cursor->feed = argc == 1 ? sqlite3_value_pointer(argv[0], pointerType) : NULL;
    cursor->row = 0;
    if (cursor->feed == NULL) {
        cursor->atEnd = 1;
        return SQLITE_OK;
    }
    return feedAdvance(cursor);
}

static int feedNext(sqlite3_vtab_cursor *base) { return feedAdvance((FeedCursor *)base); }

static int feedEof(sqlite3_vtab_cursor *base) { return ((FeedCursor *)base)->atEnd; }

static int feedColumn(sqlite3_vtab_cursor *base, sqlite3_context *context, int column) {
    FeedCursor *cursor = (FeedCursor *)base;
    if (column >= ((FeedTable *)base->pVtab)->columnCount || column >= cursor->feed->columnCount) {
        sqlite3_result_null(context);
        return SQLITE_OK;
    }
    const char *text = cursor->feed->texts[column];
    // Copied by SQLite (SQLITE_TRANSIENT) when the bytes are valid only until the feed moves on;
    // read where they are (SQLITE_STATIC) when they outlive the next row, which is longer than an
    // INSERT … SELECT holds a row's values (it writes the row before it asks for the next).
    sqlite3_result_text(
        context, text == NULL ? "" : text, cursor->feed->lengths[column],
        cursor->feed->textsOutliveNextRow ? SQLITE_STATIC : SQLITE_TRANSIENT);
    return SQLITE_OK;
}

static int feedRowid(sqlite3_vtab_cursor *base, sqlite3_int64 *rowid) {
    *rowid = ((FeedCursor *)base)->row;
    return SQLITE_OK;
}

static const sqlite3_module feedModule = {
    .iVersion = 0,
    .xCreate = NULL,  // eponymous-only
    .xConnect = feedConnect,
    .xBestIndex = feedBestIndex,
    .xDisconnect = feedDisconnect,
    .xDestroy = feedDisconnect,
    .xOpen = feedOpen,
    .xClose = feedClose,
    .xFilter = feedFilter,
    .xNext = feedNext,
    .xEof = feedEof,
    .xColumn = feedColumn,
    .xRowid = feedRowid,
};

static void freeInfo(void *pointer) {
    FeedModuleInfo *info = pointer;
    free(info->columns);
    free(info);
}

int memberlink_feed_register(sqlite3 *db, const char *name, const char *columns) {
    FeedModuleInfo *info = malloc(sizeof(FeedModuleInfo));
    if (info == NULL) return SQLITE_NOMEM;
    info->columns = strdup(columns);
    if (info->columns == NULL) {
        free(info);
        return SQLITE_NOMEM;
    }
    info->columnCount = 1;
    for (const char *c = columns; *c; c++) {
        if (*c == ',') info->columnCount += 1;
    }
    return sqlite3_create_module_v2(db, name, &feedModule, info, freeInfo);
}

int memberlink_feed_bind(sqlite3_stmt *statement, int index, memberlink_feed *feed) {
    return sqlite3_bind_pointer(statement, index, feed, pointerType, NULL);
}
