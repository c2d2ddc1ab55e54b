#!/usr/bin/env python3
"""Drops one review's files from the page cache (posix_fadvise DONTNEED on
each file), for a cold-start figure on a machine where dropping every cache
(`echo 3 > /proc/sys/vm/drop_caches`) is not allowed or would slow others.
Folders' entries and inodes may stay cached: a start after this is colder
than a warm one, not as cold as after a reboot.
Usage: evict_cache.py DIR"""
import os
import sys

n = 0
for root, _, files in os.walk(sys.argv[1]):
    for name in files:
        fd = os.open(os.path.join(root, name), os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            n += 1
        finally:
            os.close(fd)
print(f"{n} files dropped from the page cache", file=sys.stderr)
