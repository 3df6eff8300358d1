/* remote: see remote.h. */
#define _GNU_SOURCE /* strcasestr */
#include "remote.h"

#include <dirent.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <pwd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "fileio.h"
#include "i18n.h"
#include "log.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

enum scheme { SCHEME_HTTP, SCHEME_SFTP, SCHEME_FTP, SCHEME_FILE, SCHEME_SMTP, SCHEME_OTHER };

struct remote {
	CURL *curl;
	const struct settings *s;
	char *user, *password; /* from the environment; NULL: ~/.netrc */
	char *login;           /* who runs sweep: SFTP's user when none is set */
	char *ssh_key, *known_hosts;
	struct curl_slist *headers;
	char errbuf[CURL_ERROR_SIZE];
	/* a server found down in this cycle is not tried again by the next
	 * step: its host and port, and what was said */
	char down[256];
	int unreachable; /* the last failure was the server not answering */
};

static enum scheme scheme_of(const char *url)
{
	if (!strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8))
		return SCHEME_HTTP;
	if (!strncasecmp(url, "sftp://", 7))
		return SCHEME_SFTP;
	if (!strncasecmp(url, "ftp://", 6) || !strncasecmp(url, "ftps://", 7))
		return SCHEME_FTP;
	if (!strncasecmp(url, "file://", 7))
		return SCHEME_FILE;
	if (!strncasecmp(url, "smtp://", 7) || !strncasecmp(url, "smtps://", 8))
		return SCHEME_SMTP;
	return SCHEME_OTHER;
}

int remote_is_mail(const char *url)
{
	return scheme_of(url) == SCHEME_SMTP;
}

/* A part of url, decoded (path: "/" when none); NULL when url is not one. */
static char *url_part(const char *url, CURLUPart what, int decode)
{
	CURLU *h = curl_url();
	char *part = NULL, *copy = NULL;

	if (h && curl_url_set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
	    curl_url_get(h, what, &part, decode ? CURLU_URLDECODE : 0) == CURLUE_OK)
		copy = xstrdup(part);
	curl_free(part);
	curl_url_cleanup(h);
	return copy;
}

const char *remote_url_problem(const char *url)
{
	char *user;

	if (scheme_of(url) == SCHEME_OTHER)
		return N_(
		    "it should begin with https://, http://, sftp://, ftp://, ftps://, file:// "
		    "or smtp(s)://");
	if (!(user = url_part(url, CURLUPART_HOST, 0)) && scheme_of(url) != SCHEME_FILE)
		return N_("it is not a URL sweep can read");
	free(user);
	if ((user = url_part(url, CURLUPART_USER, 0)) != NULL) {
		free(user);
		return N_("it holds a user name: put the user and password in ~/.netrc, or in the "
			  "variables [remote] user_env and password_env name, never in sweep.ini");
	}
	return NULL;
}

char *remote_url_safe(const char *url)
{
	CURLU *h = curl_url();
	char *out = NULL, *copy;

	if (h && curl_url_set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK) {
		curl_url_set(h, CURLUPART_USER, NULL, 0);
		curl_url_set(h, CURLUPART_PASSWORD, NULL, 0);
		curl_url_set(h, CURLUPART_OPTIONS, NULL, 0);
		curl_url_get(h, CURLUPART_URL, &out, 0);
	}
	copy = xstrdup(out ? out : "(a URL sweep cannot read)");
	curl_free(out);
	curl_url_cleanup(h);
	return copy;
}

char *remote_url_join(const char *dir_url, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = strlen(name);
	int folder = len > 0 && name[len - 1] == '/';
	char *escaped = curl_easy_escape(NULL, name, (int)(len - (size_t)folder));

	strbuf_adds(&sb, dir_url);
	if (sb.len == 0 || sb.buf[sb.len - 1] != '/')
		strbuf_addch(&sb, '/');
	strbuf_adds(&sb, escaped ? escaped : "");
	if (folder)
		strbuf_addch(&sb, '/');
	curl_free(escaped);
	return strbuf_detach(&sb);
}

/* The folder a file:// URL names on this machine. */
static char *file_url_path(const char *url)
{
	return url_part(url, CURLUPART_PATH, 1);
}

static char *home_file(const char *name)
{
	const char *home = getenv("HOME");
	char *path;

	if (!home || !*home)
		return NULL;
	path = file_join(home, name);
	if (file_exists(path))
		return path;
	free(path);
	return NULL;
}

struct remote *remote_open(const struct settings *s, struct sweep_err *err)
{
	struct remote *r;
	static int started;

	if (!started) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			err_set(err, ERR_SYSTEM, "libcurl cannot start");
			return NULL;
		}
		started = 1;
	}
	r = xcalloc(1, sizeof *r);
	r->s = s;
	if (s->remote_user_env && *s->remote_user_env) {
		const char *v = getenv(s->remote_user_env);
		if (!v || !*v) {
			err_set(
			    err, ERR_SETTINGS,
			    "sweep.ini [remote] user_env names the variable %s, which is not set",
			    s->remote_user_env);
			goto fail;
		}
		r->user = xstrdup(v);
	}
	if (s->remote_password_env && *s->remote_password_env) {
		const char *v = getenv(s->remote_password_env);
		if (!v) {
			err_set(
			    err, ERR_SETTINGS,
			    "sweep.ini [remote] password_env names the variable %s, which is not "
			    "set",
			    s->remote_password_env);
			goto fail;
		}
		r->password = xstrdup(v);
	}
	{
		struct passwd *pw = getpwuid(getuid());
		if (pw && pw->pw_name)
			r->login = xstrdup(pw->pw_name);
	}
	r->ssh_key = s->remote_ssh_key && *s->remote_ssh_key ? xstrdup(s->remote_ssh_key) : NULL;
	if (!r->ssh_key && !(r->ssh_key = home_file(".ssh/id_ed25519")))
		r->ssh_key = home_file(".ssh/id_rsa");
	r->known_hosts = s->remote_known_hosts && *s->remote_known_hosts
			     ? xstrdup(s->remote_known_hosts)
			     : home_file(".ssh/known_hosts");
	if (!(r->curl = curl_easy_init())) {
		err_set(err, ERR_SYSTEM, "libcurl cannot start");
		goto fail;
	}
	return r;
fail:
	remote_close(r);
	return NULL;
}

void remote_close(struct remote *r)
{
	if (!r)
		return;
	if (r->curl)
		curl_easy_cleanup(r->curl);
	curl_slist_free_all(r->headers);
	if (r->password) /* not left in freed memory */
		memset(r->password, 0, strlen(r->password));
	free(r->user);
	free(r->login);
	free(r->password);
	free(r->ssh_key);
	free(r->known_hosts);
	free(r);
}

static size_t to_strbuf(char *data, size_t size, size_t n, void *user)
{
	strbuf_add(user, data, size * n);
	return size * n;
}

static size_t to_nowhere(char *data, size_t size, size_t n, void *user)
{
	(void)data;
	(void)user;
	return size * n;
}

/* A handle ready for url: the settings' TLS, credentials, timeouts. */
static CURL *setup(struct remote *r, const char *url)
{
	CURL *c = r->curl;
	long timeout = (long)r->s->remote_timeout_seconds;

	curl_easy_reset(c);
	curl_slist_free_all(r->headers);
	r->headers = NULL;
	r->errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "sweep");
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,ftp,ftps,sftp,file,smtp,smtps");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout < 30 ? timeout : 30L);
	/* a stalled line is cut; a slow one that moves is not */
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, timeout);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, to_nowhere);
	curl_easy_setopt(c, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
	if (r->user)
		curl_easy_setopt(c, CURLOPT_USERNAME, r->user);
	else if (scheme_of(url) == SCHEME_SFTP && r->login)
		curl_easy_setopt(c, CURLOPT_USERNAME, r->login); /* as ssh does */
	if (r->password)
		curl_easy_setopt(c, CURLOPT_PASSWORD, r->password);
	if (r->s->remote_ca_bundle && *r->s->remote_ca_bundle)
		curl_easy_setopt(c, CURLOPT_CAINFO, r->s->remote_ca_bundle);
	if (r->ssh_key)
		curl_easy_setopt(c, CURLOPT_SSH_PRIVATE_KEYFILE, r->ssh_key);
	if (r->known_hosts)
		curl_easy_setopt(c, CURLOPT_SSH_KNOWNHOSTS, r->known_hosts);
	curl_easy_setopt(c, CURLOPT_SSH_AUTH_TYPES,
			 (long)(CURLSSH_AUTH_PUBLICKEY | CURLSSH_AUTH_PASSWORD));
	if (!strncasecmp(url, "ftps://", 7) || !strncasecmp(url, "smtps://", 8))
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	else if (!strncasecmp(url, "smtp://", 7) || !strncasecmp(url, "ftp://", 6))
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	return c;
}

/* Attempt results: done, may pass (try again), refused (do not). */
enum attempt { ATTEMPT_DONE = 0, ATTEMPT_AGAIN = 1, ATTEMPT_REFUSED = -1 };

/* Says in err what went wrong with `what` on url, in words for the office,
 * and whether it may pass. */
static enum attempt failed(struct remote *r, CURLcode rc, const char *what, const char *url,
			   struct sweep_err *err)
{
	char *safe = remote_url_safe(url);
	const char *detail = r->errbuf[0] ? r->errbuf : curl_easy_strerror(rc);
	enum attempt again = ATTEMPT_REFUSED;
	long status = 0;

	curl_easy_getinfo(r->curl, CURLINFO_RESPONSE_CODE, &status);
	r->unreachable = rc == CURLE_COULDNT_RESOLVE_HOST || rc == CURLE_COULDNT_CONNECT ||
			 (rc == CURLE_OPERATION_TIMEDOUT && status == 0);
	switch (rc) {
	case CURLE_HTTP_RETURNED_ERROR:
		if (status == 401)
			err_set(err, ERR_SYSTEM,
				"%s: the server refused the user name or password (set them in "
				"~/.netrc, or in the variables [remote] user_env and password_env "
				"name)",
				safe);
		else if (status == 403)
			err_set(err, ERR_SYSTEM, "%s: the server does not allow this (%s)", safe,
				what);
		else if (status == 404)
			err_set(err, ERR_SYSTEM, "%s: the server has no such file or folder", safe);
		else {
			again = status >= 500 || status == 408 || status == 429 ? ATTEMPT_AGAIN
										: ATTEMPT_REFUSED;
			err_set(err, ERR_SYSTEM, "%s: the server answered %ld to %s", safe, status,
				what);
		}
		break;
	case CURLE_LOGIN_DENIED:
		err_set(err, ERR_SYSTEM,
			"%s: the server refused the user name or password (set them in ~/.netrc, "
			"or in the variables [remote] user_env and password_env name)",
			safe);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_INVALIDCERTSTATUS:
		if (scheme_of(url) == SCHEME_SFTP)
			err_set(
			    err, ERR_SYSTEM,
			    "%s: the server's host key is not the one in known_hosts (%s): add it "
			    "with ssh-keyscan once you know it is the right server",
			    safe, detail);
		else
			err_set(
			    err, ERR_SYSTEM,
			    "%s: the server's certificate cannot be trusted (%s): have it renewed "
			    "on the server, or name its CA in sweep.ini [remote] ca_bundle",
			    safe, detail);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		again = ATTEMPT_AGAIN;
		err_set(err, ERR_SYSTEM,
			"%s: the server's name cannot be found (check the address in sweep.ini "
			"[remote] and the network)",
			safe);
		break;
	case CURLE_COULDNT_CONNECT:
		again = ATTEMPT_AGAIN;
		err_set(err, ERR_SYSTEM, "%s: the server does not answer (%s)", safe, detail);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		again = ATTEMPT_AGAIN;
		err_set(err, ERR_SYSTEM, "%s: the transfer stalled (%s)", safe, detail);
		break;
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_SSH:
	case CURLE_SSL_CONNECT_ERROR:
		again = ATTEMPT_AGAIN;
		err_set(err, ERR_SYSTEM, "%s: the transfer was cut (%s)", safe, detail);
		break;
	case CURLE_REMOTE_FILE_NOT_FOUND:
		err_set(err, ERR_SYSTEM, "%s: the server has no such file or folder", safe);
		break;
	case CURLE_REMOTE_ACCESS_DENIED:
	case CURLE_QUOTE_ERROR:
	case CURLE_UPLOAD_FAILED:
		err_set(err, ERR_SYSTEM, "%s: the server does not allow this (%s: %s)", safe, what,
			detail);
		break;
	case CURLE_WRITE_ERROR:
		err_set(err, ERR_SYSTEM, "%s: cannot write what came (%s)", safe, detail);
		break;
	default:
		err_set(err, ERR_SYSTEM, "%s: %s failed: %s", safe, what, detail);
		break;
	}
	free(safe);
	return again;
}

static long response_code(struct remote *r)
{
	long status = 0;

	curl_easy_getinfo(r->curl, CURLINFO_RESPONSE_CODE, &status);
	return status;
}

typedef enum attempt (*attempt_fn)(struct remote *r, void *ctx, struct sweep_err *err);

/* "host:port" of url, for telling a server that is down. */
static void server_of(const char *url, char *out, size_t size)
{
	char *host = url_part(url, CURLUPART_HOST, 0), *port = url_part(url, CURLUPART_PORT, 0);

	snprintf(out, size, "%s:%s", host ? host : "", port ? port : "");
	free(host);
	free(port);
}

/* Runs an attempt on url until it is done or refused, waiting 1, 2, 4 ... s
 * between tries while [remote] retry_seconds allow. */
static int with_retries(struct remote *r, const char *url, attempt_fn fn, void *ctx,
			struct sweep_err *err)
{
	double budget = r->s->remote_retry_seconds;
	time_t start = time(NULL);
	unsigned wait = 1;
	char server[256];

	server_of(url, server, sizeof server);
	if (r->down[0] && !strcmp(server, r->down)) {
		/* not tried again this cycle; the next one does */
		char *safe = remote_url_safe(url);
		err_set(err, ERR_SYSTEM, "%s: the server did not answer earlier in this cycle",
			safe);
		free(safe);
		return -1;
	}
	for (;;) {
		enum attempt a;
		err_clear(err);
		r->unreachable = 0;
		a = fn(r, ctx, err);
		if (a == ATTEMPT_DONE)
			return 0;
		if (a == ATTEMPT_REFUSED || difftime(time(NULL), start) + wait > budget) {
			if (r->unreachable && strncasecmp(url, "file:", 5) != 0) {
				snprintf(r->down, sizeof r->down, "%s", server);
			}
			return -1;
		}
		log_say(LOG_INFO, _("sweep: %s; trying again in %u s\n"), err->msg, wait);
		sleep(wait);
		wait = wait >= 32 ? 60 : wait * 2;
	}
}

/* ---- listing ---- */

static void listing_add(struct remote_listing *l, const char *name, long long size, const char *tag,
			int is_dir)
{
	struct remote_entry *e;

	/* a name is used as a file name in the workspace: never a path */
	if (!*name || !strcmp(name, ".") || !strcmp(name, "..") || strchr(name, '/'))
		return;
	l->items = xrealloc(l->items, (l->n + 1) * sizeof *l->items);
	e = &l->items[l->n++];
	e->name = xstrdup(name);
	e->size = size < 0 ? 0 : size;
	e->tag = xstrdup(tag ? tag : "");
	e->is_dir = is_dir;
}

static int entry_by_name(const void *a, const void *b)
{
	return strcmp(((const struct remote_entry *)a)->name,
		      ((const struct remote_entry *)b)->name);
}

static void sort_listing(struct remote_listing *l)
{
	if (l->n > 1)
		qsort(l->items, l->n, sizeof *l->items, entry_by_name);
}

void remote_listing_release(struct remote_listing *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].name);
		free(l->items[i].tag);
	}
	free(l->items);
	memset(l, 0, sizeof *l);
}

/* A DAV: element child of n by local name. */
static xmlNode *dav_child(xmlNode *n, const char *name)
{
	xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && c->ns && c->ns->href &&
		    !strcmp((const char *)c->ns->href, "DAV:") &&
		    !strcmp((const char *)c->name, name))
			return c;
	return NULL;
}

static char *node_text(xmlNode *n)
{
	xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
	char *copy = xstrdup(t ? (const char *)t : "");

	xmlFree(t);
	return copy;
}

/* The last segment of a decoded path ("" for the folder itself). */
static const char *last_segment(char *path)
{
	size_t len = strlen(path);
	char *slash;

	while (len > 0 && path[len - 1] == '/')
		path[--len] = '\0';
	slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* libxml2 reports some problems (bad encodings) on stderr whatever the
 * parse flags say; under cron that would be mail.  They are refusals here. */
static void xml_quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

int remote_parse_webdav(const char *xml, size_t len, const char *dir_url,
			struct remote_listing *out, struct sweep_err *err)
{
	xmlDoc *doc = NULL;
	char *dir_path = url_part(dir_url, CURLUPART_PATH, 1);
	xmlNode *root, *resp;
	int rc = 0;

	xmlSetGenericErrorFunc(NULL, xml_quiet);
	if (len <= (size_t)INT32_MAX)
		doc = xmlReadMemory(xml, (int)len, "propfind.xml", NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

	if (dir_path)
		last_segment(dir_path); /* trims the trailing slash */
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root || strcmp((const char *)root->name, "multistatus") != 0) {
		char *safe = remote_url_safe(dir_url);
		err_set(err, ERR_SYSTEM, "%s: the server's folder listing is not WebDAV's", safe);
		free(safe);
		rc = -1;
		goto done;
	}
	for (resp = root->children; resp; resp = resp->next) {
		xmlNode *prop, *propstat;
		char *href, *path, *size_text, *etag, *modified;
		const char *name;
		int is_dir;
		if (resp->type != XML_ELEMENT_NODE || strcmp((const char *)resp->name, "response"))
			continue;
		href = node_text(dav_child(resp, "href"));
		/* an absolute URL or a path: the path, decoded */
		path = strstr(href, "://") ? url_part(href, CURLUPART_PATH, 1) : NULL;
		if (!path) {
			char *dec = curl_easy_unescape(NULL, href, 0, NULL);
			path = xstrdup(dec ? dec : href);
			curl_free(dec);
		}
		free(href);
		name = last_segment(path);
		if (dir_path && !strcmp(path, dir_path)) {
			free(path);
			continue; /* the folder itself */
		}
		prop = NULL;
		for (propstat = resp->children; propstat && !prop; propstat = propstat->next) {
			xmlNode *status = dav_child(propstat, "status");
			char *st = node_text(status);
			if (propstat->type == XML_ELEMENT_NODE &&
			    !strcmp((const char *)propstat->name, "propstat") && strstr(st, " 200"))
				prop = dav_child(propstat, "prop");
			free(st);
		}
		is_dir = dav_child(dav_child(prop, "resourcetype"), "collection") != NULL;
		size_text = node_text(dav_child(prop, "getcontentlength"));
		etag = node_text(dav_child(prop, "getetag"));
		modified = node_text(dav_child(prop, "getlastmodified"));
		listing_add(out, name, strtoll(size_text, NULL, 10), *etag ? etag : modified,
			    is_dir);
		free(size_text);
		free(etag);
		free(modified);
		free(path);
	}
	sort_listing(out);
done:
	free(dir_path);
	xmlFreeDoc(doc);
	return rc;
}

struct list_ctx {
	const char *dir_url;
	struct remote_listing *out;
};

static const char propfind_body[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
    "<propfind xmlns=\"DAV:\"><prop><resourcetype/><getcontentlength/><getetag/>"
    "<getlastmodified/></prop></propfind>";

static enum attempt list_dav(struct remote *r, void *ctx, struct sweep_err *err)
{
	struct list_ctx *lc = ctx;
	struct strbuf xml = STRBUF_INIT;
	CURL *c = setup(r, lc->dir_url);
	enum attempt a = ATTEMPT_DONE;
	CURLcode rc;

	r->headers = curl_slist_append(r->headers, "Depth: 1");
	r->headers = curl_slist_append(r->headers, "Content-Type: application/xml; charset=utf-8");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, r->headers);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "PROPFIND");
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, propfind_body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, to_strbuf);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &xml);
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		a = failed(r, rc, _("list the folder"), lc->dir_url, err);
	else if (response_code(r) != 207) {
		char *safe = remote_url_safe(lc->dir_url);
		err_set(err, ERR_SYSTEM,
			"%s: the server answered %ld to a WebDAV listing (PROPFIND): is WebDAV on "
			"there?",
			safe, response_code(r));
		free(safe);
		a = ATTEMPT_REFUSED;
	} else {
		remote_listing_release(lc->out);
		if (remote_parse_webdav(xml.buf ? xml.buf : "", xml.len, lc->dir_url, lc->out,
					err) != 0)
			a = ATTEMPT_REFUSED;
	}
	strbuf_release(&xml);
	return a;
}

/* One "ls -l" line of an SFTP or FTP listing: type and mode, links, owner,
 * group, size, three fields of date, then the name. */
static void parse_ls_line(char *line, struct remote_listing *out)
{
	char *fields[8], *p = line, *arrow;
	int i;

	for (i = 0; i < 8; i++) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return;
		fields[i] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
	}
	while (*p == ' ')
		p++;
	if (fields[0][0] != '-' && fields[0][0] != 'd')
		return; /* links and devices are not drops */
	if ((arrow = strstr(p, " -> ")) != NULL)
		*arrow = '\0';
	{
		char tag[64];
		snprintf(tag, sizeof tag, "%s %s %s", fields[5], fields[6], fields[7]);
		listing_add(out, p, strtoll(fields[4], NULL, 10), tag, fields[0][0] == 'd');
	}
}

static enum attempt list_ls(struct remote *r, void *ctx, struct sweep_err *err)
{
	struct list_ctx *lc = ctx;
	struct strbuf text = STRBUF_INIT;
	CURL *c = setup(r, lc->dir_url);
	CURLcode rc;

	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, to_strbuf);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &text);
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK) {
		strbuf_release(&text);
		return failed(r, rc, _("list the folder"), lc->dir_url, err);
	}
	remote_listing_release(lc->out);
	remote_parse_ls(text.buf ? text.buf : "", text.len, lc->out);
	strbuf_release(&text);
	return ATTEMPT_DONE;
}

void remote_parse_ls(const char *text, size_t len, struct remote_listing *out)
{
	char *copy = xstrndup(text, len), *line, *save = NULL;

	for (line = strtok_r(copy, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save))
		parse_ls_line(line, out);
	free(copy);
	sort_listing(out);
}

static int list_local(const char *dir_url, struct remote_listing *out, struct sweep_err *err)
{
	char *dir = file_url_path(dir_url);
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;

	if (!d) {
		err_set(err, ERR_SYSTEM, "%s: cannot read the folder: %s", dir ? dir : dir_url,
			strerror(errno));
		free(dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		char *path = file_join(dir, e->d_name), tag[64];
		struct stat st;
		if (stat(path, &st) == 0 && (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) {
			snprintf(tag, sizeof tag, "%lld.%09ld", (long long)st.st_mtim.tv_sec,
				 st.st_mtim.tv_nsec);
			listing_add(out, e->d_name, (long long)st.st_size, tag,
				    S_ISDIR(st.st_mode));
		}
		free(path);
	}
	closedir(d);
	free(dir);
	return 0;
}

int remote_list(struct remote *r, const char *dir_url, struct remote_listing *out,
		struct sweep_err *err)
{
	struct list_ctx lc = {dir_url, out};
	int rc;

	memset(out, 0, sizeof *out);
	switch (scheme_of(dir_url)) {
	case SCHEME_HTTP:
		rc = with_retries(r, dir_url, list_dav, &lc, err);
		break;
	case SCHEME_SFTP:
	case SCHEME_FTP:
		rc = with_retries(r, dir_url, list_ls, &lc, err);
		break;
	case SCHEME_FILE:
		rc = list_local(dir_url, out, err);
		break;
	default:
		err_set(err, ERR_SETTINGS, "%s: a folder cannot be listed there", dir_url);
		rc = -1;
	}
	if (rc == 0)
		sort_listing(out);
	return rc;
}

/* ---- fetching ---- */

struct get_ctx {
	const char *url, *part;
	long long size;
	int restart; /* the server cannot resume: start the part over */
};

static enum attempt get_once(struct remote *r, void *ctx, struct sweep_err *err)
{
	struct get_ctx *g = ctx;
	FILE *f = fopen(g->part, g->restart ? "wb" : "ab");
	long long have;
	enum attempt a = ATTEMPT_DONE;
	CURLcode rc;
	CURL *c;

	if (!f) {
		err_set(err, ERR_SYSTEM, "%s: cannot write: %s", g->part, strerror(errno));
		return ATTEMPT_REFUSED;
	}
	g->restart = 0;
	fseek(f, 0, SEEK_END);
	have = ftell(f);
	if (g->size >= 0 && have > g->size) { /* not this file's beginning */
		fclose(f);
		g->restart = 1;
		return get_once(r, ctx, err);
	}
	if (g->size >= 0 && have == g->size) {
		fclose(f);
		return ATTEMPT_DONE;
	}
	c = setup(r, g->url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, NULL); /* fwrite */
	curl_easy_setopt(c, CURLOPT_WRITEDATA, f);
	if (have > 0)
		curl_easy_setopt(c, CURLOPT_RESUME_FROM_LARGE, (curl_off_t)have);
	rc = curl_easy_perform(c);
	if (fclose(f) != 0 && rc == CURLE_OK) {
		err_set(err, ERR_SYSTEM, "%s: cannot write: %s", g->part, strerror(errno));
		return ATTEMPT_REFUSED;
	}
	if (rc == CURLE_RANGE_ERROR ||
	    (rc == CURLE_HTTP_RETURNED_ERROR && response_code(r) == 416)) {
		g->restart = 1; /* the server sends whole files only */
		err_set(err, ERR_SYSTEM, "%s: the server cannot resume a transfer", g->url);
		return ATTEMPT_AGAIN;
	}
	if (rc != CURLE_OK)
		return failed(r, rc, _("fetch the file"), g->url, err);
	if (g->size >= 0) {
		struct stat st;
		if (stat(g->part, &st) != 0 || (long long)st.st_size != g->size) {
			char *safe = remote_url_safe(g->url);
			err_set(err, ERR_SYSTEM,
				"%s: %lld bytes came of the %lld the folder listing gave: the file "
				"changed while it was fetched, or the transfer was cut",
				safe, (long long)(stat(g->part, &st) == 0 ? st.st_size : 0),
				g->size);
			free(safe);
			g->restart = 1;
			a = ATTEMPT_AGAIN;
		}
	}
	return a;
}

int remote_get(struct remote *r, const char *url, long long size, const char *part_path,
	       struct sweep_err *err)
{
	struct get_ctx g = {url, part_path, size, 0};

	if (scheme_of(url) == SCHEME_SMTP || scheme_of(url) == SCHEME_OTHER) {
		err_set(err, ERR_SETTINGS, "%s: files cannot be fetched from there", url);
		return -1;
	}
	return with_retries(r, url, get_once, &g, err);
}

/* ---- putting ---- */

/* The temporary name a file is sent under beside its place: hidden, and
 * the same each time, so a retry replaces what a cut try left. */
static char *temporary_name(const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, ".%s.sweep-part", name);
	return strbuf_detach(&sb);
}

static enum attempt dav_request(struct remote *r, const char *url, const char *method,
				const char *destination, const char *what, long *status,
				struct sweep_err *err)
{
	CURL *c = setup(r, url);
	CURLcode rc;

	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_FAILONERROR, 0L); /* the caller reads the status */
	if (destination) {
		struct strbuf h = STRBUF_INIT;
		strbuf_addf(&h, "Destination: %s", destination);
		r->headers = curl_slist_append(r->headers, h.buf);
		r->headers = curl_slist_append(r->headers, "Overwrite: T");
		strbuf_release(&h);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, r->headers);
	}
	rc = curl_easy_perform(c);
	*status = response_code(r);
	if (rc != CURLE_OK)
		return failed(r, rc, what, url, err);
	if (*status == 401)
		return failed(r, CURLE_LOGIN_DENIED, what, url, err);
	if (*status >= 500) {
		char *safe = remote_url_safe(url);
		err_set(err, ERR_SYSTEM, "%s: the server answered %ld to %s", safe, *status, what);
		free(safe);
		return ATTEMPT_AGAIN;
	}
	return ATTEMPT_DONE;
}

/* The parent folder URL of a folder URL ("" at the top). */
static char *parent_url(const char *dir_url)
{
	char *copy = xstrdup(dir_url);
	size_t len = strlen(copy);
	char *slash;

	while (len > 0 && copy[len - 1] == '/')
		copy[--len] = '\0';
	slash = strrchr(copy, '/');
	if (!slash || slash - copy < (long)strlen("https://x") || slash[-1] == '/')
		copy[0] = '\0';
	else
		slash[1] = '\0';
	return copy;
}

/* MKCOL dir_url and, when its parent is missing (409), the parent first. */
static enum attempt dav_make_folder(struct remote *r, const char *dir_url, int depth,
				    struct sweep_err *err)
{
	enum attempt a;
	long status = 0;

	a = dav_request(r, dir_url, "MKCOL", NULL, _("make the folder"), &status, err);
	if (a != ATTEMPT_DONE)
		return a;
	if (status == 409 && depth < 16) {
		char *parent = parent_url(dir_url);
		a = *parent ? dav_make_folder(r, parent, depth + 1, err) : ATTEMPT_REFUSED;
		free(parent);
		if (a != ATTEMPT_DONE)
			return a;
		a = dav_request(r, dir_url, "MKCOL", NULL, _("make the folder"), &status, err);
		if (a != ATTEMPT_DONE)
			return a;
	}
	/* 201 made; 405: it is there already */
	if (status == 201 || status == 405 || status == 200 || status == 204)
		return ATTEMPT_DONE;
	{
		char *safe = remote_url_safe(dir_url);
		err_set(err, ERR_SYSTEM, "%s: the server answered %ld to making the folder", safe,
			status);
		free(safe);
	}
	return ATTEMPT_REFUSED;
}

struct put_ctx {
	const char *dir_url, *name, *local;
};

/* Uploads local to url (its folders made as needed for (s)ftp). */
static enum attempt upload(struct remote *r, const char *url, const char *local,
			   struct curl_slist *postquote, struct sweep_err *err)
{
	FILE *f = fopen(local, "rb");
	struct stat st;
	CURLcode rc;
	CURL *c;

	if (!f || fstat(fileno(f), &st) != 0) {
		err_set(err, ERR_SYSTEM, "%s: cannot read: %s", local, strerror(errno));
		if (f)
			fclose(f);
		return ATTEMPT_REFUSED;
	}
	c = setup(r, url);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READDATA, f);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)st.st_size);
	curl_easy_setopt(c, CURLOPT_FTP_CREATE_MISSING_DIRS, (long)CURLFTP_CREATE_DIR_RETRY);
	curl_easy_setopt(c, CURLOPT_NEW_DIRECTORY_PERMS, 0755L);
	if (postquote)
		curl_easy_setopt(c, CURLOPT_POSTQUOTE, postquote);
	rc = curl_easy_perform(c);
	fclose(f);
	if (rc != CURLE_OK)
		return failed(r, rc, _("send the file"), url, err);
	return ATTEMPT_DONE;
}

static enum attempt put_dav(struct remote *r, struct put_ctx *p, const char *tmp_url,
			    const char *final_url, struct sweep_err *err)
{
	enum attempt a = upload(r, tmp_url, p->local, NULL, err);
	long status = 0;

	status = response_code(r);
	/* its folder is missing: 409 by the RFC, 500 or 404 from some servers */
	if (a != ATTEMPT_DONE && (status == 409 || status == 404 || status == 500)) {
		a = dav_make_folder(r, p->dir_url, 0, err);
		if (a == ATTEMPT_DONE)
			a = upload(r, tmp_url, p->local, NULL, err);
	}
	if (a != ATTEMPT_DONE)
		return a;
	a = dav_request(r, tmp_url, "MOVE", final_url, _("move the file into place"), &status, err);
	if (a == ATTEMPT_DONE && status != 201 && status != 204) {
		char *safe = remote_url_safe(final_url);
		err_set(err, ERR_SYSTEM,
			"%s: the server answered %ld to moving the file into place", safe, status);
		free(safe);
		a = ATTEMPT_REFUSED;
	}
	return a;
}

/* A path in a quote command, in double quotes. */
static void add_quoted(struct strbuf *sb, const char *path)
{
	strbuf_addch(sb, '"');
	for (; *path; path++) {
		if (*path == '"' || *path == '\\')
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *path);
	}
	strbuf_addch(sb, '"');
}

static struct curl_slist *quote_add(struct curl_slist *list, const char *command, const char *path1,
				    const char *path2, int sftp)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, command);
	strbuf_addch(&sb, ' ');
	if (sftp)
		add_quoted(&sb, path1);
	else
		strbuf_adds(&sb, path1);
	if (path2) {
		strbuf_addch(&sb, ' ');
		add_quoted(&sb, path2);
	}
	list = curl_slist_append(list, sb.buf);
	strbuf_release(&sb);
	return list;
}

/* The path of name in dir_url as (s)ftp quote commands take it: SFTP's
 * absolute, FTP's relative to where the login starts. */
static char *quote_path(const char *dir_url, const char *name, int sftp)
{
	char *dir = url_part(dir_url, CURLUPART_PATH, 1);
	struct strbuf sb = STRBUF_INIT;
	const char *d = dir ? dir : "/";

	if (!sftp)
		while (*d == '/')
			d++;
	strbuf_adds(&sb, d);
	if (sb.len > 0 && sb.buf[sb.len - 1] != '/')
		strbuf_addch(&sb, '/');
	strbuf_adds(&sb, name);
	free(dir);
	return strbuf_detach(&sb);
}

static enum attempt put_ssh_ftp(struct remote *r, struct put_ctx *p, const char *tmp_url,
				const char *tmp, struct sweep_err *err)
{
	int sftp = scheme_of(p->dir_url) == SCHEME_SFTP;
	char *from = quote_path(p->dir_url, tmp, sftp), *to = quote_path(p->dir_url, p->name, sftp);
	struct curl_slist *post = NULL;
	enum attempt a;

	if (sftp) {
		/* SFTP's rename does not replace: the old file goes first ("*": it
		 * may not be there) */
		post = quote_add(post, "*rm", to, NULL, 1);
		post = quote_add(post, "rename", from, to, 1);
	} else {
		post = quote_add(post, "*DELE", p->name, NULL, 0);
		post = quote_add(post, "RNFR", tmp, NULL, 0);
		post = quote_add(post, "RNTO", p->name, NULL, 0);
	}
	a = upload(r, tmp_url, p->local, post, err);
	curl_slist_free_all(post);
	free(from);
	free(to);
	return a;
}

static enum attempt put_local(struct remote *r, struct put_ctx *p, const char *tmp_url,
			      const char *tmp, struct sweep_err *err)
{
	char *dir = file_url_path(p->dir_url), *from, *to;
	enum attempt a = ATTEMPT_REFUSED;

	if (!dir || file_make_dirs(dir, err) != 0) {
		free(dir);
		return ATTEMPT_REFUSED;
	}
	from = file_join(dir, tmp);
	to = file_join(dir, p->name);
	if ((a = upload(r, tmp_url, p->local, NULL, err)) == ATTEMPT_DONE &&
	    rename(from, to) != 0) {
		err_set(err, ERR_SYSTEM, "%s: cannot move into place: %s", to, strerror(errno));
		a = ATTEMPT_REFUSED;
	}
	free(from);
	free(to);
	free(dir);
	return a;
}

static enum attempt put_once(struct remote *r, void *ctx, struct sweep_err *err)
{
	struct put_ctx *p = ctx;
	char *tmp = temporary_name(p->name);
	char *tmp_url = remote_url_join(p->dir_url, tmp);
	char *final_url = remote_url_join(p->dir_url, p->name);
	enum attempt a;

	switch (scheme_of(p->dir_url)) {
	case SCHEME_HTTP:
		a = put_dav(r, p, tmp_url, final_url, err);
		break;
	case SCHEME_SFTP:
	case SCHEME_FTP:
		a = put_ssh_ftp(r, p, tmp_url, tmp, err);
		break;
	case SCHEME_FILE:
		a = put_local(r, p, tmp_url, tmp, err);
		break;
	default:
		err_set(err, ERR_SETTINGS, "%s: files cannot be sent there", p->dir_url);
		a = ATTEMPT_REFUSED;
	}
	free(final_url);
	free(tmp_url);
	free(tmp);
	return a;
}

int remote_put(struct remote *r, const char *dir_url, const char *name, const char *local_path,
	       struct sweep_err *err)
{
	struct put_ctx p = {dir_url, name, local_path};

	return with_retries(r, dir_url, put_once, &p, err);
}

/* ---- acknowledging ---- */

struct move_ctx {
	const char *dir_url, *name, *sub;
	int not_allowed;
};

static enum attempt move_once(struct remote *r, void *ctx, struct sweep_err *err)
{
	struct move_ctx *m = ctx;
	enum scheme scheme = scheme_of(m->dir_url);
	struct strbuf sub = STRBUF_INIT;
	enum attempt a = ATTEMPT_REFUSED;
	long status = 0;

	strbuf_addf(&sub, "%s/", m->sub);
	if (scheme == SCHEME_HTTP) {
		char *sub_url = remote_url_join(m->dir_url, sub.buf);
		char *from = remote_url_join(m->dir_url, m->name);
		char *to = remote_url_join(sub_url, m->name);
		a = dav_request(r, sub_url, "MKCOL", NULL, _("make the folder"), &status, err);
		if (a == ATTEMPT_DONE && (status == 403 || status == 405 || status == 201))
			a = dav_request(r, from, "MOVE", to, _("move the file"), &status, err);
		if (a == ATTEMPT_DONE && (status == 403 || status == 405 || status == 501))
			m->not_allowed = 1;
		else if (a == ATTEMPT_DONE && status == 404)
			; /* moved already, by a run killed before it could record so */
		else if (a == ATTEMPT_DONE && status != 201 && status != 204) {
			char *safe = remote_url_safe(from);
			err_set(err, ERR_SYSTEM, "%s: the server answered %ld to moving it into %s",
				safe, status, m->sub);
			free(safe);
			a = ATTEMPT_REFUSED;
		}
		free(to);
		free(from);
		free(sub_url);
	} else if (scheme == SCHEME_SFTP || scheme == SCHEME_FTP) {
		int sftp = scheme == SCHEME_SFTP;
		char *dir_path = quote_path(m->dir_url, m->sub, sftp);
		char *from = quote_path(m->dir_url, m->name, sftp);
		char *to = NULL;
		struct curl_slist *q = NULL;
		CURLcode rc;
		CURL *c;
		strbuf_adds(&sub, m->name);
		to = quote_path(m->dir_url, sub.buf, sftp);
		q = quote_add(q, sftp ? "*mkdir" : "*MKD", dir_path, NULL, sftp);
		q = quote_add(q, sftp ? "*rm" : "*DELE", to, NULL, sftp);
		if (sftp)
			q = quote_add(q, "rename", from, to, 1);
		else {
			q = quote_add(q, "RNFR", from, NULL, 0);
			q = quote_add(q, "RNTO", to, NULL, 0);
		}
		c = setup(r, m->dir_url);
		curl_easy_setopt(c, CURLOPT_QUOTE, q);
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
		/* FTP's paths here are from where the login starts; a reused
		 * connection may stand in another folder */
		if (!sftp)
			curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
		rc = curl_easy_perform(c);
		a = rc == CURLE_OK ? ATTEMPT_DONE
				   : failed(r, rc, _("move the file"), m->dir_url, err);
		if (rc == CURLE_QUOTE_ERROR) { /* a server that lets nobody move */
			m->not_allowed = 1;
			a = ATTEMPT_DONE;
		}
		curl_slist_free_all(q);
		free(to);
		free(from);
		free(dir_path);
	} else if (scheme == SCHEME_FILE) {
		char *dir = file_url_path(m->dir_url), *sub_dir, *from, *to;
		sub_dir = file_join(dir, m->sub);
		from = file_join(dir, m->name);
		to = file_join(sub_dir, m->name);
		if (mkdir(sub_dir, 0755) != 0 && errno != EEXIST)
			m->not_allowed = 1, a = ATTEMPT_DONE;
		else if (rename(from, to) != 0) {
			if (errno == EACCES || errno == EPERM || errno == EROFS)
				m->not_allowed = 1, a = ATTEMPT_DONE;
			else
				err_set(err, ERR_SYSTEM, "%s: cannot move into %s: %s", from,
					m->sub, strerror(errno));
		} else
			a = ATTEMPT_DONE;
		free(to);
		free(from);
		free(sub_dir);
		free(dir);
	}
	strbuf_release(&sub);
	return a;
}

int remote_move_into(struct remote *r, const char *dir_url, const char *name, const char *sub,
		     struct sweep_err *err)
{
	struct move_ctx m = {dir_url, name, sub, 0};

	if (with_retries(r, dir_url, move_once, &m, err) != 0)
		return -1;
	return m.not_allowed;
}

/* ---- mail ---- */

/* An RFC 2047 encoded word, so a Chinese subject survives every relay. */
static void add_encoded_word(struct strbuf *sb, const char *text)
{
	strbuf_adds(sb, "=?UTF-8?B?");
	strbuf_add_base64(sb, text, strlen(text));
	strbuf_adds(sb, "?=");
}

static const char *mime_type_of(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (!dot)
		return "application/octet-stream";
	if (!strcasecmp(dot, ".csv"))
		return "text/csv; charset=UTF-8";
	if (!strcasecmp(dot, ".xlsx"))
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	if (!strcasecmp(dot, ".geojson") || !strcasecmp(dot, ".json"))
		return "application/geo+json";
	if (!strcasecmp(dot, ".html"))
		return "text/html; charset=UTF-8";
	return "application/octet-stream";
}

struct mail_ctx {
	const char *url, *subject, *body;
	char *const *files;
	size_t n_files;
};

static enum attempt mail_once(struct remote *r, void *ctx, struct sweep_err *err)
{
	struct mail_ctx *m = ctx;
	const struct settings *s = r->s;
	struct curl_slist *rcpt = NULL;
	struct strbuf h = STRBUF_INIT, addr = STRBUF_INIT;
	char *list = xstrdup(s->remote_mail_to), *tok, *save = NULL;
	curl_mime *mime;
	curl_mimepart *part;
	enum attempt a = ATTEMPT_DONE;
	char date[64];
	time_t now = time(NULL);
	struct tm tm;
	CURLcode rc;
	size_t i;
	CURL *c = setup(r, m->url);

	strbuf_addf(&addr, "<%s>", s->remote_mail_from);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, addr.buf);
	strbuf_reset(&addr);
	for (tok = strtok_r(list, ",; ", &save); tok; tok = strtok_r(NULL, ",; ", &save)) {
		struct strbuf one = STRBUF_INIT;
		strbuf_addf(&one, "<%s>", tok);
		rcpt = curl_slist_append(rcpt, one.buf);
		strbuf_addf(&addr, "%s%s", addr.len ? ", " : "", tok);
		strbuf_release(&one);
	}
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	strbuf_adds(&h, "Subject: ");
	add_encoded_word(&h, m->subject);
	r->headers = curl_slist_append(r->headers, h.buf);
	strbuf_reset(&h);
	strbuf_addf(&h, "From: %s", s->remote_mail_from);
	r->headers = curl_slist_append(r->headers, h.buf);
	strbuf_reset(&h);
	strbuf_addf(&h, "To: %s", addr.buf);
	r->headers = curl_slist_append(r->headers, h.buf);
	strbuf_reset(&h);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S %z", localtime_r(&now, &tm));
	strbuf_addf(&h, "Date: %s", date);
	r->headers = curl_slist_append(r->headers, h.buf);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, r->headers);
	mime = curl_mime_init(c);
	part = curl_mime_addpart(mime);
	curl_mime_data(part, m->body, CURL_ZERO_TERMINATED);
	curl_mime_type(part, "text/plain; charset=UTF-8");
	curl_mime_encoder(part, "quoted-printable");
	for (i = 0; i < m->n_files; i++) {
		part = curl_mime_addpart(mime);
		curl_mime_filedata(part, m->files[i]);
		curl_mime_filename(part, file_basename(m->files[i]));
		curl_mime_type(part, mime_type_of(m->files[i]));
		curl_mime_encoder(part, "base64");
	}
	curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		a = failed(r, rc, _("mail the reports"), m->url, err);
	curl_easy_setopt(c, CURLOPT_MIMEPOST, NULL);
	curl_mime_free(mime);
	curl_slist_free_all(rcpt);
	strbuf_release(&h);
	strbuf_release(&addr);
	free(list);
	return a;
}

int remote_mail(struct remote *r, const char *url, const char *subject, const char *body,
		char *const *files, size_t n_files, struct sweep_err *err)
{
	struct mail_ctx m = {url, subject, body, files, n_files};

	if (!r->s->remote_mail_from || !*r->s->remote_mail_from || !r->s->remote_mail_to ||
	    !*r->s->remote_mail_to) {
		err_set(
		    err, ERR_SETTINGS,
		    "sweep.ini [remote] reports is a mail server (%s): set mail_from and mail_to "
		    "too",
		    url);
		return -1;
	}
	return with_retries(r, url, mail_once, &m, err);
}
