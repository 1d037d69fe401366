/*
 * The floor under a CSV run on this machine: the work that any design bound by the contract and the
 * memory target has to do, and nothing else. Built and run by Benchmarks/run.sh (step `csv-floor`):
 *
 *     cc -O2 Benchmarks/csv_floor.c $(pkg-config --cflags --libs sqlite3) -o csv_floor
 *     ./csv_floor INPUT LOOKUP_FILE READS LEDGER_DB OUTPUT...
 *
 * Four parts, each timed alone on one thread (wall and CPU of that thread):
 *   1. reading INPUT once, 1 MiB at a time (the run reads it twice);
 *   2. READS member records read at random from the member directory's lookup file (a
 *      HashedRecordFile: the records its first table points to, shuffled), one `pread` each of
 *      the longest record's size, as MemberLink reads them. READS is the number of passengers
 *      attached: each attachment needs its member's record. A directory of tens of millions of
 *      members cannot be held in 256 MB, and a memory map would count its pages as the
 *      process's own (Benchmarks/README.md), so the records are read from the page cache;
 *   3. writing the bytes of the run's OUTPUT files again (1 MiB writes, then fsync), in fresh
 *      files beside them that are removed at once; only write and fsync are timed;
 *   4. inserting the rows of LEDGER_DB's ledger (the run's attachments) into the ledger of a fresh
 *      SQLite database as MemberLink's directory keeps it (WAL, synchronous NORMAL, a WITHOUT
 *      ROWID table keyed by booking and passenger), in key order, in one statement and one
 *      transaction, then closing it (SQLite's checkpoint). Reading LEDGER_DB, in key order too, is
 *      timed with it: a few hundredths of a second.
 *
 * Not in the floor: tokenizing the CSV, the field rules, name matching, formatting the outputs,
 * the staging of attachments, hashing. The floor is what the parts above cost with all of that
 * free. On two cores it is at best max(CPU / 2, the ledger's wall time): SQLite has one writer.
 * The last line says it: `two-core floor: S s`.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    double wall, cpu;
} Span;

static double seconds(clockid_t clock) {
    struct timespec now;
    clock_gettime(clock, &now);
    return now.tv_sec + now.tv_nsec / 1e9;
}

static Span start_span(void) { return (Span){seconds(CLOCK_MONOTONIC), seconds(CLOCK_THREAD_CPUTIME_ID)}; }

static Span end_span(Span start) {
    return (Span){seconds(CLOCK_MONOTONIC) - start.wall, seconds(CLOCK_THREAD_CPUTIME_ID) - start.cpu};
}

static void add_span(Span *total, Span part) {
    total->wall += part.wall;
    total->cpu += part.cpu;
}

static void fail(const char *what, const char *path) {
    fprintf(stderr, "csv_floor: %s: %s\n", what, path);
    exit(1);
}

static uint64_t le64(const unsigned char *bytes) {
    uint64_t value = 0;
    for (int index = 7; index >= 0; index--) value = value << 8 | bytes[index];
    return value;
}

static Span read_input(const char *path, double *megabytes) {
    int descriptor = open(path, O_RDONLY);
    if (descriptor < 0) fail("cannot open", path);
    static unsigned char buffer[1 << 20];
    uint64_t total = 0;
    Span span = start_span();
    ssize_t count;
    while ((count = read(descriptor, buffer, sizeof buffer)) > 0) total += (uint64_t)count;
    span = end_span(span);
    if (count < 0) fail("cannot read", path);
    close(descriptor);
    *megabytes = total / 1e6;
    return span;
}

static Span read_records(const char *path, long reads, long *record_size) {
    int descriptor = open(path, O_RDONLY);
    if (descriptor < 0) fail("cannot open", path);
    unsigned char header[256];
    if (pread(descriptor, header, sizeof header, 0) != sizeof header || memcmp(header, "MLHASHF1", 8) != 0)
        fail("not a lookup file (HashedRecordFile)", path);
    uint64_t records_end = le64(header + 16);
    uint64_t table_offset = le64(header + 24), slot_count = le64(header + 32);
    uint64_t longest = le64(header + 216);
    *record_size = longest > 16 ? (long)longest : 512;
    unsigned char *slots = malloc(slot_count * 16);
    if (!slots || pread(descriptor, slots, slot_count * 16, (off_t)table_offset) != (ssize_t)(slot_count * 16))
        fail("cannot read the first table", path);
    uint64_t *offsets = malloc(slot_count * sizeof *offsets);
    uint64_t filled = 0;
    for (uint64_t slot = 0; slot < slot_count; slot++)
        if (le64(slots + slot * 16) != 0) offsets[filled++] = le64(slots + slot * 16 + 8);
    free(slots);
    if (filled == 0) fail("the first table is empty", path);
    uint64_t state = 0x9E3779B97F4A7C15u;  // a fixed shuffle: the same reads every run
    for (uint64_t index = filled - 1; index > 0; index--) {
        state ^= state << 13, state ^= state >> 7, state ^= state << 17;
        uint64_t other = state % (index + 1), kept = offsets[index];
        offsets[index] = offsets[other], offsets[other] = kept;
    }
    unsigned char *record = malloc((size_t)*record_size);
    uint64_t sum = 0;
    Span span = start_span();
    for (long read = 0; read < reads; read++) {
        uint64_t offset = offsets[(uint64_t)read % filled];
        uint64_t size = records_end - offset < (uint64_t)*record_size ? records_end - offset : (uint64_t)*record_size;
        if (pread(descriptor, record, size, (off_t)offset) != (ssize_t)size) fail("cannot read a record", path);
        sum += record[0];
    }
    span = end_span(span);
    if (sum == 1) fprintf(stderr, " ");  // keeps the reads' bytes used
    free(record);
    free(offsets);
    close(descriptor);
    return span;
}

static Span write_again(char **paths, int count, double *megabytes) {
    static unsigned char buffer[1 << 20];
    Span total = {0, 0};
    *megabytes = 0;
    for (int index = 0; index < count; index++) {
        int source = open(paths[index], O_RDONLY);
        if (source < 0) fail("cannot open", paths[index]);
        char copy[4096];
        snprintf(copy, sizeof copy, "%s.csv-floor-copy", paths[index]);
        int target = open(copy, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (target < 0) fail("cannot create", copy);
        ssize_t got;
        while ((got = read(source, buffer, sizeof buffer)) > 0) {
            Span span = start_span();
            if (write(target, buffer, (size_t)got) != got) fail("cannot write", copy);
            add_span(&total, end_span(span));
            *megabytes += got / 1e6;
        }
        Span span = start_span();
        if (fsync(target) != 0) fail("cannot fsync", copy);
        add_span(&total, end_span(span));
        close(target);
        close(source);
        unlink(copy);
    }
    return total;
}

static void check(sqlite3 *database, int status, const char *doing) {
    if (status != SQLITE_OK && status != SQLITE_DONE && status != SQLITE_ROW) {
        fprintf(stderr, "csv_floor: SQLite, %s: %s\n", doing, sqlite3_errmsg(database));
        exit(1);
    }
}

static Span insert_ledger(const char *source_path, long *rows) {
    char path[] = "/tmp/csv-floor-ledger-XXXXXX";
    int descriptor = mkstemp(path);
    if (descriptor < 0) fail("cannot create a temporary file", path);
    close(descriptor);
    sqlite3 *database;
    check(NULL, sqlite3_open(path, &database), "create the ledger");
    check(database,
          sqlite3_exec(database,
                       "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                       "CREATE TABLE ledger (system TEXT NOT NULL, bookingCode TEXT NOT NULL,"
                       " passengerId TEXT NOT NULL, airline TEXT NOT NULL, membershipId TEXT NOT NULL,"
                       " PRIMARY KEY (system, bookingCode, passengerId)) WITHOUT ROWID;",
                       NULL, NULL, NULL),
          "create the ledger");
    sqlite3_stmt *attach;
    check(database, sqlite3_prepare_v2(database, "ATTACH DATABASE ?1 AS run", -1, &attach, NULL), "attach");
    sqlite3_bind_text(attach, 1, source_path, -1, SQLITE_STATIC);
    check(database, sqlite3_step(attach), "attach the run's directory");
    sqlite3_finalize(attach);
    // Warm the source's pages, so that what is timed is the insert.
    check(database, sqlite3_exec(database, "SELECT count(*), max(membershipId) FROM run.ledger", NULL, NULL, NULL),
          "read the run's ledger");
    Span span = start_span();
    check(database,
          sqlite3_exec(database,
                       "BEGIN; INSERT INTO main.ledger SELECT system, bookingCode, passengerId, airline,"
                       " membershipId FROM run.ledger ORDER BY system, bookingCode, passengerId; COMMIT;",
                       NULL, NULL, NULL),
          "insert the run's ledger");
    *rows = sqlite3_changes(database);
    check(database, sqlite3_exec(database, "DETACH DATABASE run", NULL, NULL, NULL), "detach");
    check(database, sqlite3_close(database), "close");
    span = end_span(span);
    char companion[64];
    unlink(path);
    snprintf(companion, sizeof companion, "%s-wal", path);
    unlink(companion);
    snprintf(companion, sizeof companion, "%s-shm", path);
    unlink(companion);
    return span;
}

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: csv_floor INPUT LOOKUP_FILE READS LEDGER_DB OUTPUT...\n");
        return 64;
    }
    double input_megabytes, output_megabytes;
    long record_size, rows, reads = atol(argv[3]);
    Span input = read_input(argv[1], &input_megabytes);
    Span records = read_records(argv[2], reads, &record_size);
    Span outputs = write_again(argv + 5, argc - 5, &output_megabytes);
    Span ledger = insert_ledger(argv[4], &rows);
    printf("read the input once: %.0f MB, %.2f s wall, %.2f s CPU\n", input_megabytes, input.wall, input.cpu);
    printf("read %ld member records at random (pread of %ld bytes): %.2f s wall, %.2f s CPU (%.2f us each)\n", reads,
           record_size, records.wall, records.cpu, reads > 0 ? records.wall / reads * 1e6 : 0.0);
    printf("write the outputs: %.0f MB, then fsync: %.2f s wall, %.2f s CPU\n", output_megabytes, outputs.wall,
           outputs.cpu);
    printf("insert %ld ledger rows in key order, commit and checkpoint (SQLite): %.2f s wall, %.2f s CPU\n", rows,
           ledger.wall, ledger.cpu);
    double cpu = input.cpu + records.cpu + outputs.cpu + ledger.cpu;
    double floor = cpu / 2 > ledger.wall ? cpu / 2 : ledger.wall;
    printf("CPU in all: %.2f s\n", cpu);
    printf("two-core floor: %.2f s\n", floor);
    return 0;
}
