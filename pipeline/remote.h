/* remote: files on other machines, through libcurl — list a folder, fetch
 * a file (resuming a cut transfer), put a file so no reader ever sees half
 * of it, move a file, make a folder, and mail files.
 *
 * One URL scheme per endpoint: http(s):// is WebDAV (PROPFIND, PUT, MKCOL,
 * MOVE), sftp:// and ftp(s):// use the servers' own rename and mkdir, file://
 * is a local or mounted folder, smtp(s):// only mails.  TLS is verified
 * (ca_bundle adds certificates); the user and password come from ~/.netrc
 * or from environment variables named in settings, and no URL this module
 * puts in a message or hands back carries them.  A transfer that fails for
 * a reason that may pass (the server restarting, a cut line) is tried again
 * with waits of 1, 2, 4 ... seconds while [remote] retry_seconds allow; a
 * refusal (wrong password, bad certificate, no such folder) is not. */
#ifndef SWEEP_REMOTE_H
#define SWEEP_REMOTE_H

#include <stddef.h>

#include "err.h"
#include "settings.h"

struct remote;

/* The transport for this settings' [remote]; NULL (err set) when libcurl
 * cannot start. */
struct remote *remote_open(const struct settings *s, struct sweep_err *err);
void remote_close(struct remote *r);

/* One entry of a folder: tag is the ETag, else the modification time, so
 * the same name with new content is told apart. */
struct remote_entry {
	char *name; /* decoded, no folder part */
	long long size;
	char *tag;
	int is_dir;
};
struct remote_listing {
	size_t n;
	struct remote_entry *items;
};
/* The entries of the folder at dir_url (ending in "/"), by name. */
int remote_list(struct remote *r, const char *dir_url, struct remote_listing *out,
		struct sweep_err *err);
void remote_listing_release(struct remote_listing *l);

/* The entries a folder listing names (never ".", "..", nor a name with a
 * "/"): a WebDAV multistatus answer to PROPFIND of dir_url, or the "ls -l"
 * lines of an SFTP or FTP listing.  Parsers of what servers send, apart for
 * the tests and the fuzzer. */
int remote_parse_webdav(const char *xml, size_t len, const char *dir_url,
			struct remote_listing *out, struct sweep_err *err);
void remote_parse_ls(const char *text, size_t len, struct remote_listing *out);

/* Fetches url into part_path, resuming from what part_path already holds;
 * done when it holds exactly `size` bytes (size < 0: whatever the server
 * sends in full).  A part that cannot be resumed is started over. */
int remote_get(struct remote *r, const char *url, long long size, const char *part_path,
	       struct sweep_err *err);

/* Puts local_path as dir_url/name: sent under a temporary name in the same
 * folder, then renamed over name, so readers see the old file or the new,
 * never half.  dir_url's folders are made as needed. */
int remote_put(struct remote *r, const char *dir_url, const char *name, const char *local_path,
	       struct sweep_err *err);

/* Moves dir_url/name into dir_url/sub/name (sub made as needed).  1 when
 * the server allows no move (nothing done), 0 when moved. */
int remote_move_into(struct remote *r, const char *dir_url, const char *name, const char *sub,
		     struct sweep_err *err);

/* Mails files (their names as the attachments' names) through the
 * smtp(s):// url to settings' mail_to. */
int remote_mail(struct remote *r, const char *url, const char *subject, const char *body,
		char *const *files, size_t n_files, struct sweep_err *err);

/* dir_url + name escaped for a URL (a folder when name ends in "/"). */
char *remote_url_join(const char *dir_url, const char *name);
/* url without a user or password, for messages and the transfer trail. */
char *remote_url_safe(const char *url);
/* 1 for smtp:// and smtps://. */
int remote_is_mail(const char *url);
/* NULL when url can be used as an endpoint, else why not (static text). */
const char *remote_url_problem(const char *url);

#endif
