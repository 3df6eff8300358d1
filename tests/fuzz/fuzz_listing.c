/* libFuzzer harness: the folder listings servers send `sweep run` — a
 * WebDAV PROPFIND answer (remote_parse_webdav) and the "ls -l" lines of an
 * SFTP or FTP listing (remote_parse_ls).  Every entry they give is a plain
 * name (it becomes a file name in the workspace: never empty, ".", ".." or
 * holding a "/"), with a size that is not negative and a tag. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "remote.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct remote_listing *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct remote_entry *e = &l->items[i];
		if (!e->name[0] || !strcmp(e->name, ".") || !strcmp(e->name, "..") ||
		    strchr(e->name, '/') || e->size < 0 || !e->tag)
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct remote_listing l = {0};
	struct sweep_err err = {0};

	if (remote_parse_webdav((const char *)data, size, "https://dav.example/drops/", &l, &err) ==
	    0)
		check(&l);
	remote_listing_release(&l);
	remote_parse_ls((const char *)data, size, &l);
	check(&l);
	remote_listing_release(&l);
	return 0;
}
