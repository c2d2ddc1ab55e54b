/* The write floor: creates, in an empty folder OUT, one file for every
 * `*.toml` file of SRC, with the same name and the same size, by
 * open(O_CREAT|O_EXCL)/write/close and nothing else: no fsync, no
 * temporary file, no rename, no check. That is the kernel's share of any
 * program writing those files (the filesystem creating each inode and
 * directory entry and taking its bytes into the page cache), which no
 * implementation can avoid; scripts/import-bench.sh sets `litrev import`
 * and the Python peer beside it.
 *
 *   cc -O2 -pthread -o write_floor scripts/write_floor.c
 *   ./write_floor SRC OUT [THREADS]   (THREADS: 1 by default, like the peer)
 *
 * Prints: files, bytes, and the seconds the creation alone took (listing
 * SRC and reading its sizes comes before and is not counted). Files are
 * created relative to OUT's descriptor (openat) from one buffer, each with
 * one write, as cheaply as the kernel allows. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct file {
    char *name;
    size_t size;
};

struct job {
    int dir;
    struct file *files;
    size_t from, to;
    const char *buf;
    int failed;
};

static void *writer(void *arg) {
    struct job *j = arg;
    for (size_t i = j->from; i < j->to; i++) {
        int fd = openat(j->dir, j->files[i].name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0) {
            j->failed = errno;
            continue;
        }
        size_t done = 0;
        while (done < j->files[i].size) {
            ssize_t n = write(fd, j->buf + done, j->files[i].size - done);
            if (n <= 0) {
                j->failed = errno ? errno : EIO;
                break;
            }
            done += (size_t)n;
        }
        close(fd);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: write_floor SRC OUT [THREADS]\n");
        return 2;
    }
    int threads = argc == 4 ? atoi(argv[3]) : 1;
    if (threads < 1 || threads > 64) {
        threads = 1;
    }
    DIR *d = opendir(argv[1]);
    if (!d) {
        perror(argv[1]);
        return 2;
    }
    size_t cap = 1024, n = 0, largest = 0;
    unsigned long long bytes = 0;
    struct file *files = malloc(cap * sizeof *files);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 5, ".toml") != 0) {
            continue;
        }
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) {
            continue;
        }
        if (n == cap) {
            cap *= 2;
            files = realloc(files, cap * sizeof *files);
        }
        files[n].name = strdup(e->d_name);
        files[n].size = (size_t)st.st_size;
        if (files[n].size > largest) {
            largest = files[n].size;
        }
        bytes += (unsigned long long)st.st_size;
        n++;
    }
    closedir(d);
    if (mkdir(argv[2], 0777) != 0 && errno != EEXIST) {
        perror(argv[2]);
        return 2;
    }
    int out = open(argv[2], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (out < 0) {
        perror(argv[2]);
        return 2;
    }
    char *buf = malloc(largest + 1);
    memset(buf, 'x', largest + 1);
    struct job *jobs = calloc((size_t)threads, sizeof *jobs);
    pthread_t *t = calloc((size_t)threads, sizeof *t);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < threads; i++) {
        jobs[i] = (struct job){out, files, n * (size_t)i / (size_t)threads,
                               n * (size_t)(i + 1) / (size_t)threads, buf, 0};
        pthread_create(&t[i], NULL, writer, &jobs[i]);
    }
    int failed = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(t[i], NULL);
        if (jobs[i].failed) {
            failed = jobs[i].failed;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (failed) {
        fprintf(stderr, "write_floor: %s\n", strerror(failed));
        return 1;
    }
    printf("%zu files, %llu bytes, %.2f s creating them (%d thread%s)\n", n, bytes,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, threads,
           threads == 1 ? "" : "s");
    close(out);
    return 0;
}
