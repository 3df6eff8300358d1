/* fileio: see fileio.h.  SHA-256 comes from nettle, which GnuTLS already
 * brings onto every Debian machine. */
#define _GNU_SOURCE /* syncfs */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>
#include <signal.h>

#include <nettle/base16.h>
#include <nettle/sha2.h>

#include "strbuf.h"
#include "xalloc.h"
#include "i18n.h"
#include "banned.h"

FILE *file_open_regular(const char *path, struct sweep_err *err)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), flags;
	struct stat st;
	FILE *f;

	if (fd < 0) {
		err_set(err, ERR_INPUT, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		err_set(err, ERR_INPUT, "%s: is not a file but %s: give sweep a regular file", path,
			S_ISDIR(st.st_mode)                          ? _("a folder")
			: S_ISFIFO(st.st_mode)                       ? _("a pipe (FIFO)")
			: S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? _("a device")
								     : _("something else"));
		close(fd);
		return NULL;
	}
	flags = fcntl(fd, F_GETFL);
	if (flags >= 0)
		fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	f = fdopen(fd, "rb");
	if (!f) {
		err_set(err, ERR_SYSTEM, "%s: cannot open: %s", path, strerror(errno));
		close(fd);
	}
	return f;
}

char *file_read_all(const char *path, size_t max_bytes, size_t *len, struct sweep_err *err)
{
	FILE *f = NULL;
	char *data = NULL, *result = NULL;
	size_t cap = 0, used = 0, got;

	f = file_open_regular(path, err);
	if (!f)
		goto done;
	for (;;) {
		xgrow((void **)&data, &cap, used + 65536 + 1, 1);
		got = fread(data + used, 1, cap - used - 1, f);
		used += got;
		if (used > max_bytes) {
			err_set(err, ERR_INPUT,
				"%s: file is larger than %zu MB, which sweep does not read", path,
				max_bytes >> 20);
			goto done;
		}
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		err_set(err, ERR_INPUT, "%s: read error: %s", path, strerror(errno));
		goto done;
	}
	data[used] = '\0';
	if (len)
		*len = used;
	result = data;
	data = NULL;
done:
	free(data);
	if (f)
		fclose(f);
	return result;
}

int file_write_fd(int fd, const char *data, size_t len)
{
	size_t off = 0;

	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		off += (size_t)n;
	}
	return 0;
}

int file_atomic_open(struct file_atomic *fa, const char *path, struct sweep_err *err)
{
	/* the writer's pid in the name: file_clean_stale can tell a crashed
	 * writer's leftovers from a running one's */
	fa->path = xstrdup(path);
	fa->tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
	fa->failed = 0;
	fa->no_sync = 0;
	fa->fd = open(fa->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fa->fd < 0) {
		err_set(err, ERR_SYSTEM, "%s: cannot create: %s", fa->tmp, strerror(errno));
		file_atomic_abort(fa);
		return -1;
	}
	return 0;
}

void file_atomic_write(struct file_atomic *fa, const char *data, size_t len)
{
	if (!fa->failed && file_write_fd(fa->fd, data, len) != 0)
		fa->failed = errno ? errno : EIO;
}

int file_atomic_commit(struct file_atomic *fa, struct sweep_err *err)
{
	int rc = -1;

	if (fa->failed) {
		err_set(err, ERR_SYSTEM, "%s: write failed: %s", fa->tmp, strerror(fa->failed));
		goto done;
	}
	if ((!fa->no_sync && fsync(fa->fd) != 0) || close(fa->fd) != 0) {
		fa->fd = -1;
		err_set(err, ERR_SYSTEM, "%s: cannot flush to disk: %s", fa->tmp, strerror(errno));
		goto done;
	}
	fa->fd = -1;
	if (rename(fa->tmp, fa->path) != 0) {
		err_set(err, ERR_SYSTEM, "%s: cannot rename into place: %s", fa->path,
			strerror(errno));
		goto done;
	}
	rc = 0;
done:
	if (rc != 0)
		file_atomic_abort(fa);
	else {
		free(fa->tmp);
		free(fa->path);
		fa->tmp = fa->path = NULL;
	}
	return rc;
}

void file_atomic_abort(struct file_atomic *fa)
{
	if (fa->fd >= 0)
		close(fa->fd);
	fa->fd = -1;
	if (fa->tmp)
		unlink(fa->tmp);
	free(fa->tmp);
	free(fa->path);
	fa->tmp = fa->path = NULL;
}

int file_write_atomic(const char *path, const char *data, size_t len, struct sweep_err *err)
{
	struct file_atomic fa;

	if (file_atomic_open(&fa, path, err) != 0)
		return -1;
	file_atomic_write(&fa, data, len);
	return file_atomic_commit(&fa, err);
}

int file_write_whole(const char *path, const char *data, size_t len, struct sweep_err *err)
{
	struct file_atomic fa;

	if (file_atomic_open(&fa, path, err) != 0)
		return -1;
	fa.no_sync = 1;
	file_atomic_write(&fa, data, len);
	return file_atomic_commit(&fa, err);
}

int file_sync_filesystem(const char *dir, struct sweep_err *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	if (fd < 0 || syncfs(fd) != 0) {
		err_set(err, ERR_SYSTEM, "%s: cannot flush to disk: %s", dir, strerror(errno));
		rc = -1;
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

int file_copy(const char *from, const char *to, struct sweep_err *err)
{
	size_t len = 0;
	char *data = file_read_all(from, (size_t)1 << 30, &len, err);
	int rc;

	if (!data)
		return -1;
	rc = file_write_atomic(to, data, len, err);
	free(data);
	return rc;
}

/* A digest in lower-case hex through nettle's base16 (snprintf per byte
 * was most of the audit trail's hashing on a big ingest). */
static void digest_hex(const uint8_t digest[SHA256_DIGEST_SIZE], char out[65])
{
	base16_encode_update(out, SHA256_DIGEST_SIZE, digest);
	out[2 * SHA256_DIGEST_SIZE] = '\0';
}

void sha256_hex(const void *data, size_t len, char out[65])
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof digest, digest);
	digest_hex(digest, out);
}

int file_sha256_hex(const char *path, char out[65], struct sweep_err *err)
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	unsigned char buf[65536];
	FILE *f = file_open_regular(path, err);
	size_t n;

	if (!f)
		return -1;
	sha256_init(&ctx);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sha256_update(&ctx, n, buf);
	if (ferror(f)) {
		err_set(err, ERR_INPUT, "%s: read error: %s", path, strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	sha256_digest(&ctx, sizeof digest, digest);
	digest_hex(digest, out);
	return 0;
}

int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

char *file_absolute(const char *path)
{
	char cwd[PATH_MAX];

	if (path[0] == '/' || !getcwd(cwd, sizeof cwd))
		return xstrdup(path);
	return xasprintf("%s/%s", cwd, path);
}

char *file_join(const char *dir, const char *name)
{
	if (!dir || !dir[0] || name[0] == '/')
		return xstrdup(name);
	return xasprintf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);
}

const char *file_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* The pid at the end of a temporary name ("x.tmp-123", ".tmp-T01-123",
 * ".old-T01-123"), or 0 when the name is not one of sweep's. */
static long temp_owner(const char *name)
{
	const char *dash = strrchr(name, '-'), *p;
	long pid = 0;

	if (!dash || !dash[1] ||
	    !(strstr(name, ".tmp-") || (name[0] == '.' && !strncmp(name, ".old-", 5))))
		return 0;
	for (p = dash + 1; *p; p++) {
		if (*p < '0' || *p > '9' || pid > 4194304)
			return 0;
		pid = pid * 10 + (*p - '0');
	}
	return pid;
}

static void remove_tree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;

	/* a link is removed, never followed */
	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode) || !(d = opendir(path))) {
		unlink(path);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		char *child;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		child = file_join(path, e->d_name);
		remove_tree(child);
		free(child);
	}
	closedir(d);
	rmdir(path);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **file_list(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t cap = 0;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			names = xrealloc(names, cap * sizeof *names);
		}
		names[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof *names, compare_names);
	return names;
}

int file_folder_is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return 0;
	while (empty && (e = readdir(d)) != NULL)
		empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
	closedir(d);
	return empty;
}

void file_list_release(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int file_clean_stale_of(const char *dir, const char *only)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *prefix = only ? xasprintf(".tmp-%s-", only) : NULL;
	int removed = 0;

	if (!d) {
		free(prefix);
		return 0;
	}
	while ((e = readdir(d)) != NULL) {
		long pid = temp_owner(e->d_name);
		char *path;
		if (pid <= 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		/* only NAME's: the folder may be anybody's */
		if (prefix && (strncmp(e->d_name, prefix, strlen(prefix)) != 0 ||
			       strchr(e->d_name + strlen(prefix), '-')))
			continue;
		path = file_join(dir, e->d_name);
		remove_tree(path);
		free(path);
		removed++;
	}
	closedir(d);
	free(prefix);
	return removed;
}

int file_clean_stale(const char *dir)
{
	return file_clean_stale_of(dir, NULL);
}

void file_remove_tree(const char *path)
{
	remove_tree(path);
}

/* See fileio.h.  Bidirectional-override and zero-width characters make a
 * name read other than it is; the length bound keeps the temporary name
 * around it (".tmp-NAME-PID") within NAME_MAX. */
char *file_safe_name(const char *text)
{
	char *s = xstrdup(text), *p;
	size_t n;

	for (p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f || strchr("/\\:*?\"<>|", *p))
			*p = '_';
		/* U+200B..U+200F, U+202A..U+202E, U+2066..U+2069 */
		else if (c == 0xE2 && p[1] && p[2] &&
			 (((unsigned char)p[1] == 0x80 &&
			   (((unsigned char)p[2] >= 0x8B && (unsigned char)p[2] <= 0x8F) ||
			    ((unsigned char)p[2] >= 0xAA && (unsigned char)p[2] <= 0xAE))) ||
			  ((unsigned char)p[1] == 0x81 && (unsigned char)p[2] >= 0xA6 &&
			   (unsigned char)p[2] <= 0xA9))) {
			memmove(p + 1, p + 3, strlen(p + 3) + 1);
			*p = '_';
		}
	}
	if (s[0] == '.' || s[0] == '-')
		s[0] = '_';
	n = strlen(s);
	if (n > FILE_SAFE_NAME_MAX) {
		n = FILE_SAFE_NAME_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		s[n] = '\0';
	}
	return s;
}

int file_append(const char *path, const char *data, size_t len, const char *header,
		struct sweep_err *err)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644), rc = -1;
	struct stat st;
	struct strbuf sb = STRBUF_INIT;

	if (fd < 0) {
		err_set(err, ERR_SYSTEM, "%s: cannot open to append: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		err_set(err, ERR_SYSTEM, "%s: %s", path, strerror(errno));
		goto done;
	}
	if (st.st_size == 0 && header)
		strbuf_adds(&sb, header);
	else if (st.st_size > 0) {
		/* a line cut short by a crash is ended before new ones follow */
		char last = '\n';
		int rfd = open(path, O_RDONLY | O_CLOEXEC);
		if (rfd >= 0) {
			if (pread(rfd, &last, 1, st.st_size - 1) != 1)
				last = '\n';
			close(rfd);
		}
		if (last != '\n')
			strbuf_addch(&sb, '\n');
	}
	strbuf_add(&sb, data, len);
	if (file_write_fd(fd, sb.buf, sb.len) != 0) {
		err_set(err, ERR_SYSTEM, "%s: cannot append: %s", path, strerror(errno));
		goto done;
	}
	if (fsync(fd) != 0) {
		err_set(err, ERR_SYSTEM, "%s: cannot flush to disk: %s", path, strerror(errno));
		goto done;
	}
	rc = 0;
done:
	strbuf_release(&sb);
	if (close(fd) != 0 && rc == 0) {
		err_set(err, ERR_SYSTEM, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	return rc;
}

int file_make_dirs(const char *path, struct sweep_err *err)
{
	char *copy = xstrdup(path), *p;
	int rc = 0;

	for (p = copy + 1; rc == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		{
			char keep = *p;
			*p = '\0';
			if (mkdir(copy, 0755) != 0 && errno != EEXIST) {
				err_set(err, ERR_SYSTEM, "%s: cannot create the folder: %s", copy,
					strerror(errno));
				rc = -1;
			}
			*p = keep;
		}
		if (*p == '\0')
			break;
	}
	free(copy);
	return rc;
}
