/* test_remote: what remote.c reads from servers and makes of URLs — a
 * WebDAV PROPFIND answer (nginx's, with a Chinese name, the folder itself,
 * an absolute href), SFTP "ls -l" lines (a link, a name with a space),
 * names that would leave the folder; URLs joined with escaping, passwords
 * kept out of messages, settings URLs refused with a reason. */
#include <stdlib.h>
#include <string.h>

#include "remote.h"
#include "tap.h"

static const char propfind[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n"
    "<D:multistatus xmlns:D=\"DAV:\">"
    "<D:response><D:href>/dav/drops/</D:href><D:propstat><D:prop>"
    "<D:resourcetype><D:collection/></D:resourcetype></D:prop>"
    "<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"
    "<D:response><D:href>/dav/drops/%E4%B8%8B%E5%8F%91%20%E4%B8%89%E6%9C%88.csv</D:href>"
    "<D:propstat><D:prop><D:getcontentlength>15259</D:getcontentlength>"
    "<D:getetag>\"6a5e-3b9b\"</D:getetag><D:resourcetype/></D:prop>"
    "<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"
    "<D:response><D:href>https://dav.example/dav/drops/done/</D:href><D:propstat><D:prop>"
    "<D:getlastmodified>Wed, 02 Dec 2026 12:30:41 GMT</D:getlastmodified>"
    "<D:resourcetype><D:collection/></D:resourcetype></D:prop>"
    "<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"
    "<D:response><D:href>/dav/drops/..</D:href><D:propstat><D:prop><D:resourcetype/>"
    "</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"
    "</D:multistatus>";

static const char ls[] =
    "drwxr-xr-x    3 root     root         4096 Dec  2 12:31 done\r\n"
    "-rw-r--r--    1 root     root         1181 Dec  2 12:31 drop-2026-04-gk.csv\n"
    "-rw-r--r--    1 1000     1000        15259 Mar 14  2026 下发 2026-03.csv\n"
    "lrwxrwxrwx    1 root     root           10 Dec  2 12:31 link -> target\n"
    "-rw-r--r--    1 root     root            1 Dec  2 12:31 ../../etc/passwd\n"
    "total 12\n";

int main(void)
{
	struct remote_listing l = {0};
	struct sweep_err err = {0};
	char *s;

	tap_ok(remote_parse_webdav(propfind, sizeof propfind - 1, "http://h:8080/dav/drops/", &l,
				   &err) == 0,
	       "nginx's PROPFIND answer is read");
	tap_ok(l.n == 2, "two entries: the folder itself and '..' are not among them");
	if (l.n == 2) {
		tap_str(l.items[0].name, "done", "an absolute href gives its last segment");
		tap_ok(l.items[0].is_dir, "a collection is a folder");
		tap_str(l.items[0].tag, "Wed, 02 Dec 2026 12:30:41 GMT",
			"no ETag: the modification time tells versions apart");
		tap_str(l.items[1].name, "下发 三月.csv", "names are decoded");
		tap_ok(l.items[1].size == 15259 && !l.items[1].is_dir, "with their size");
		tap_str(l.items[1].tag, "\"6a5e-3b9b\"", "and the ETag");
	}
	remote_listing_release(&l);
	tap_ok(remote_parse_webdav("<html>not found</html>", 22, "http://h/x/", &l, &err) != 0 &&
		   strstr(err.msg, "not WebDAV's"),
	       "an HTML page instead of a listing is refused with a reason");
	remote_listing_release(&l);

	remote_parse_ls(ls, sizeof ls - 1, &l);
	tap_ok(l.n == 3, "ls lines: a folder and two files; no link, no path, no 'total'");
	if (l.n == 3) {
		tap_ok(!strcmp(l.items[0].name, "done") && l.items[0].is_dir, "the folder");
		tap_ok(!strcmp(l.items[1].name, "drop-2026-04-gk.csv") && l.items[1].size == 1181,
		       "a file and its size");
		tap_str(l.items[1].tag, "Dec 2 12:31", "its time as its tag");
		tap_str(l.items[2].name, "下发 2026-03.csv", "a name with a space, whole");
	}
	remote_listing_release(&l);

	s = remote_url_join("https://dav.example/packets/", "T01-龙河镇第1踏查组/");
	tap_str(s,
		"https://dav.example/packets/"
		"T01-%E9%BE%99%E6%B2%B3%E9%95%87%E7%AC%AC1%E8%B8%8F%E6%9F%A5%E7%BB%84/",
		"a folder name is escaped and keeps its slash");
	free(s);
	s = remote_url_join("sftp://h/up", "a b#c.csv");
	tap_str(s, "sftp://h/up/a%20b%23c.csv",
		"a file name is escaped; the folder gets its slash");
	free(s);
	s = remote_url_safe("https://office:secret@dav.example/drops/");
	tap_str(s, "https://dav.example/drops/", "a URL for messages holds no user or password");
	free(s);
	tap_ok(remote_url_problem("https://office:secret@dav.example/") != NULL,
	       "a password in a settings URL is refused");
	tap_ok(remote_url_problem("gopher://dav.example/") != NULL, "an unknown scheme is refused");
	tap_ok(remote_url_problem("sftp://dav.example:2222/srv/sweep/") == NULL &&
		   remote_url_problem("file:///srv/share/drops/") == NULL &&
		   remote_url_problem("smtps://mail.example/") == NULL,
	       "sftp, file and smtps URLs are taken");
	tap_ok(remote_is_mail("smtps://mail.example/") && !remote_is_mail("https://x/"),
	       "mail is told from folders");
	return tap_done();
}
