/* fileio: whole-file reads with a size cap, atomic writes, and SHA-256.
 *
 * Files for people and the workspace's own files are written to NAME.tmp-PID
 * in the same folder, fsync'ed, then renamed over NAME, so a crash leaves
 * either the old file or the new one, never half of one. */
#ifndef SWEEP_FILEIO_H
#define SWEEP_FILEIO_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

/* Opens a regular file for reading; a folder, FIFO or device (or a link to
 * one) is refused without blocking.  NULL and err set on failure. */
FILE *file_open_regular(const char *path, struct sweep_err *err);
/* Removes the temporary files and folders a killed sweep left in dir
 * (NAME.tmp-PID, .tmp-NAME-PID, .old-NAME-PID whose PID is gone).
 * Returns how many. */
int file_clean_stale(const char *dir);
/* The same for the temporary folders of one name only (.tmp-NAME-PID), in
 * a folder that is not sweep's own. */
int file_clean_stale_of(const char *dir, const char *name);
/* Removes a file, or a folder and everything in it (links not followed). */
void file_remove_tree(const char *path);
/* The names in dir, sorted, without those starting with '.'; NULL (and
 * *n 0) when there are none or dir cannot be read. */
char **file_list(const char *dir, size_t *n);
void file_list_release(char **names, size_t n);
/* 1 when dir is a folder with nothing in it, not even dot-files. */
int file_folder_is_empty(const char *dir);
/* Reads a whole file into fresh memory (NUL-terminated; *len excludes the
 * NUL).  Files larger than max_bytes are refused.  The caller frees. */
char *file_read_all(const char *path, size_t max_bytes, size_t *len, struct sweep_err *err);
/* A file written in pieces and put in place whole: NAME.tmp-PID, then
 * fsync and rename on commit; abort (or any failure) removes it.  A write
 * error is kept and reported by commit. */
struct file_atomic {
	char *path, *tmp;
	int fd, failed;
	int no_sync; /* set after open: rename without waiting for the disk */
};
int file_atomic_open(struct file_atomic *fa, const char *path, struct sweep_err *err);
void file_atomic_write(struct file_atomic *fa, const char *data, size_t len);
int file_atomic_commit(struct file_atomic *fa, struct sweep_err *err);
void file_atomic_abort(struct file_atomic *fa);
/* Writes all of data to fd, through short writes and signals; -1 with errno. */
int file_write_fd(int fd, const char *data, size_t len);
/* Writes data atomically (tmp + fsync + rename). */
int file_write_atomic(const char *path, const char *data, size_t len, struct sweep_err *err);
/* Writes data whole (tmp + rename) without waiting for the disk, for many
 * small files made durable together by file_sync_filesystem before anything
 * relies on them: a killed process leaves each file whole or absent; only a
 * power cut before that sync can leave one empty. */
int file_write_whole(const char *path, const char *data, size_t len, struct sweep_err *err);
/* Waits until everything written to the filesystem holding dir is on disk. */
int file_sync_filesystem(const char *dir, struct sweep_err *err);
/* Appends data to a log file (creating it with header first), fsync'ed;
 * a last line cut short by a crash is ended first. */
int file_append(const char *path, const char *data, size_t len, const char *header,
		struct sweep_err *err);
/* Copies a file atomically. */
int file_copy(const char *from, const char *to, struct sweep_err *err);
/* Hex SHA-256 of a file (65 bytes with the NUL) into out. */
int file_sha256_hex(const char *path, char out[65], struct sweep_err *err);
void sha256_hex(const void *data, size_t len, char out[65]);
int file_exists(const char *path);
/* mkdir -p: path and every missing folder above it. */
int file_make_dirs(const char *path, struct sweep_err *err);
/* Returns a fresh absolute path for `path` (relative to the current folder). */
char *file_absolute(const char *path);
/* "dir/name" in fresh memory. */
char *file_join(const char *dir, const char *name);
/* A file or folder name from outside text (a team's name): no path or
 * reserved characters, no control, bidirectional-override or zero-width
 * characters, no leading '.' or '-', at most FILE_SAFE_NAME_MAX bytes cut
 * on a character boundary.  Fresh memory; the caller frees. */
#define FILE_SAFE_NAME_MAX 120
char *file_safe_name(const char *text);
/* The final component of a path (points into `path`). */
const char *file_basename(const char *path);

#endif
