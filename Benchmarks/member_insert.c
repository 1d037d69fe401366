// Inserting a member extract's rows into a store as an import makes it (a new SQLite file: 16 KiB
// pages, no journal, one transaction; 31 columns a row), two ways, timed: statements of 16 rows of
// bound parameters (what imports did until the twenty-ninth session), and one INSERT … SELECT per
// block of rows over the project's feed (`Sources/CSQLiteFeed`: the rows' texts read where they
// lie, what imports do now). Benchmarks/README.md (twenty-ninth session) has the figures.
//
//     cc -O2 -I Sources/CSQLiteFeed/include Benchmarks/member_insert.c Sources/CSQLiteFeed/SQLiteFeed.c \
//         $(pkg-config --cflags --libs sqlite3) -o /tmp/member_insert
//     /tmp/member_insert Benchmarks/data/m1000000-p1000000-s1/members.csv 0   # bound parameters
//     /tmp/member_insert Benchmarks/data/m1000000-p1000000-s1/members.csv 1   # the feed
//
// The extract's cells are split at commas (the generated extract quotes none of the columns
// inserted here in a way that matters for timing); the first ROWS rows are read into memory first.
#define _GNU_SOURCE
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "SQLiteFeed.h"

#define COLUMNS 26
#define ROWS 1000000
#define BLOCK 512

static const char *cell[ROWS][COLUMNS];
static int length[ROWS][COLUMNS];
static char line[ROWS][12];
static int lineLength[ROWS];
static long rows;
static const char *columns =
    "programme, ffn, status, tier, tierExpiry, allianceTier, enrollmentDate, balance, coalition, languages, "
    "segments, title, firstName, familyName, dateOfBirth, gender, maritalStatus, nationality, email, "
    "phoneCountryCode, phoneNumber, phoneType, addressLines, postCode, country, documents";

static double seconds(clockid_t clock) {
    struct timespec now;
    clock_gettime(clock, &now);
    return now.tv_sec + now.tv_nsec * 1e-9;
}

static void load(const char *path) {
    FILE *file = fopen(path, "r");
    if (file == NULL) {
        perror(path);
        exit(66);
    }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    rewind(file);
    char *data = malloc(size + 1);
    if (data == NULL || fread(data, 1, size, file) != (size_t)size) exit(74);
    data[size] = 0;
    fclose(file);
    char *next = strchr(data, '\n');
    if (next == NULL) exit(65);
    next++;
    for (rows = 0; rows < ROWS && *next; rows++) {
        for (int column = 0; column < COLUMNS; column++) {
            char *end = next;
            while (*end != ',' && *end != '\n' && *end) end++;
            cell[rows][column] = next;
            length[rows][column] = (int)(end - next);
            next = *end == ',' ? end + 1 : end;
        }
        while (*next != '\n' && *next) next++;
        if (*next) next++;
        lineLength[rows] = sprintf(line[rows], "%ld", rows + 2);
    }
}

typedef struct {
    long row, end;
    const char *texts[COLUMNS + 2];
    int lengths[COLUMNS + 2];
} Cursor;

static int nextRow(void *context) {
    Cursor *cursor = context;
    if (cursor->row >= cursor->end) return 0;
    long row = cursor->row++;
    cursor->texts[0] = "0";
    cursor->lengths[0] = 1;
    cursor->texts[1] = line[row];
    cursor->lengths[1] = lineLength[row];
    for (int column = 0; column < COLUMNS; column++) {
        cursor->texts[column + 2] = cell[row][column];
        cursor->lengths[column + 2] = length[row][column];
    }
    return 1;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s MEMBERS.csv 0|1\n", argv[0]);
        return 64;
    }
    load(argv[1]);
    int feed = atoi(argv[2]);
    const char *path = "/tmp/member_insert.sqlite";
    remove(path);
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK) return 73;
    sqlite3_exec(db,
                 "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
                 "PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -32768;",
                 0, 0, 0);
    char sql[65536];
    snprintf(sql, sizeof sql,
             "CREATE TABLE members (id INTEGER PRIMARY KEY, sourceFile INTEGER NOT NULL, sourceLine INTEGER NOT NULL, "
             "%s)",
             columns);
    sqlite3_exec(db, sql, 0, 0, 0);
    double wall = seconds(CLOCK_MONOTONIC), cpu = seconds(CLOCK_PROCESS_CPUTIME_ID);
    sqlite3_exec(db, "BEGIN", 0, 0, 0);
    sqlite3_stmt *statement;
    if (!feed) {
        int used = snprintf(sql, sizeof sql, "INSERT INTO members (sourceFile, sourceLine, %s) VALUES ", columns);
        for (int row = 0; row < 16; row++) {
            used += snprintf(sql + used, sizeof sql - used, "%s(", row ? ", " : "");
            for (int column = 0; column < COLUMNS + 2; column++)
                used += snprintf(sql + used, sizeof sql - used, "%s?", column ? ", " : "");
            used += snprintf(sql + used, sizeof sql - used, ")");
        }
        if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, 0) != SQLITE_OK) return 70;
        for (long row = 0; row + 16 <= rows; row += 16) {
            for (int member = 0; member < 16; member++) {
                int first = member * (COLUMNS + 2);
                sqlite3_bind_int64(statement, first + 1, 0);
                sqlite3_bind_int64(statement, first + 2, row + member + 2);
                for (int column = 0; column < COLUMNS; column++)
                    sqlite3_bind_text(statement, first + 3 + column, cell[row + member][column],
                                      length[row + member][column], SQLITE_STATIC);
            }
            sqlite3_step(statement);
            sqlite3_reset(statement);
        }
    } else {
        char names[4096];
        snprintf(names, sizeof names, "sourceFile, sourceLine, %s", columns);
        memberlink_feed_register(db, "member_rows", names);
        snprintf(sql, sizeof sql, "INSERT INTO members (%s) SELECT %s FROM member_rows(?1)", names, names);
        if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, 0) != SQLITE_OK) return 70;
        for (long row = 0; row < rows / 16 * 16; row += BLOCK) {
            Cursor cursor = {.row = row, .end = row + BLOCK < rows / 16 * 16 ? row + BLOCK : rows / 16 * 16};
            memberlink_feed rowsFeed = {.context = &cursor, .next = nextRow, .columnCount = COLUMNS + 2,
                                        .texts = cursor.texts, .lengths = cursor.lengths, .textsOutliveNextRow = 1};
            memberlink_feed_bind(statement, 1, &rowsFeed);
            while (sqlite3_step(statement) == SQLITE_ROW) {
            }
            sqlite3_reset(statement);
        }
    }
    sqlite3_finalize(statement);
    sqlite3_exec(db, "COMMIT", 0, 0, 0);
    wall = seconds(CLOCK_MONOTONIC) - wall;
    cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu;
    sqlite3_stmt *count;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM members", -1, &count, 0);
    sqlite3_step(count);
    printf("%s: %lld members inserted in %.2f s (%.2f s of CPU)\n", feed ? "feed" : "bound parameters",
           sqlite3_column_int64(count, 0), wall, cpu);
    sqlite3_finalize(count);
    sqlite3_close(db);
    remove(path);
    return 0;
}
