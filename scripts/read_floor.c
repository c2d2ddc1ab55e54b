/* The read floor: list DIR/studies and read every file in it to the end on
 * two threads, doing nothing with the bytes. No program that reads a review
 * can load it faster than this on the same machine; scripts/bench.sh times
 * `litrev tally` against it.
 *
 *   cc -O2 -pthread -o read_floor scripts/read_floor.c
 *   ./read_floor DIR            prints: files, bytes
 *
 * Each thread opens its files relative to the folder (openat) into one
 * reused buffer, as cheaply as the kernel allows. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct job {
    int dir;
    char **names;
    size_t from, to;
    unsigned long long bytes;
};

static void *reader(void *arg) {
    struct job *j = arg;
    static __thread char buf[1 << 16];
    for (size_t i = j->from; i < j->to; i++) {
        int fd = openat(j->dir, j->names[i], O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            continue;
        }
        ssize_t n;
        while ((n = read(fd, buf, sizeof buf)) > 0) {
            j->bytes += (unsigned long long)n;
        }
        close(fd);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: read_floor DIR\n");
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/studies", argv[1]);
    DIR *d = opendir(path);
    if (!d) {
        perror(path);
        return 2;
    }
    size_t cap = 1024, n = 0;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 5, ".toml") != 0) {
            continue;
        }
        if (n == cap) {
            cap *= 2;
            names = realloc(names, cap * sizeof *names);
        }
        names[n++] = strdup(e->d_name);
    }
    int dir = dirfd(d);
    struct job jobs[2] = {
        {dir, names, 0, n / 2, 0},
        {dir, names, n / 2, n, 0},
    };
    pthread_t t[2];
    for (int i = 0; i < 2; i++) {
        pthread_create(&t[i], NULL, reader, &jobs[i]);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(t[i], NULL);
    }
    printf("%zu files, %llu bytes\n", n, jobs[0].bytes + jobs[1].bytes);
    closedir(d);
    return 0;
}
