// Random reads of a file through the page cache, timed: what a run's member look-ups cost the
// kernel, without the run. Benchmarks/README.md (twenty-eighth session) compares copies of the
// lookup file made different ways with it: a file the page cache holds in larger pieces is
// cheaper to read at random.
//
//     cc -O2 Benchmarks/random_reads.c -o /tmp/random_reads
//     /tmp/random_reads Benchmarks/work/m1000000-p1000000-s1/pristine.sqlite.members-1.lookup 1000000
//
// Arguments: FILE READS [BYTES] (317 by default: the longest member record of the 1M-member
// directory, what a run reads per record). The offsets come from a fixed xorshift sequence, so
// two files of the same size are read at the same places.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return time.tv_sec + time.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s FILE READS [BYTES]\n", argv[0]);
        return 64;
    }
    long reads = atol(argv[2]);
    long bytes = argc > 3 ? atol(argv[3]) : 317;
    int descriptor = open(argv[1], O_RDONLY | O_NOATIME);
    if (descriptor < 0) descriptor = open(argv[1], O_RDONLY);
    struct stat status;
    if (descriptor < 0 || fstat(descriptor, &status) != 0 || reads <= 0 || bytes <= 0 || bytes > 65536
        || status.st_size <= bytes) {
        fprintf(stderr, "%s: cannot read %s as asked\n", argv[0], argv[1]);
        return 66;
    }
    char *buffer = malloc(bytes);
    unsigned long state = 88172645463325252UL, range = status.st_size - bytes;
    long total = 0;
    double start = now();
    for (long read = 0; read < reads; read++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        total += pread(descriptor, buffer, bytes, state % range);
    }
    double seconds = now() - start;
    printf("%s: %ld reads of %ld bytes, %.3f us each (%ld bytes read)\n", argv[1], reads, bytes,
           seconds / reads * 1e6, total);
    free(buffer);
    return 0;
}
