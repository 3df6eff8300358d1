/* qrcode: see qrcode.h. */
#include "qrcode.h"

#include <qrencode.h>

#include "banned.h"

#define QUIET_ZONE 4 /* modules of white around it, as the standard asks */

/* A small non-negative number after a letter: a packet's sheet draws a
 * code per target, and printf's formatting was a third of an export. */
static void add_step(struct strbuf *sb, char letter, int n)
{
	strbuf_addch(sb, letter);
	strbuf_add_int(sb, n);
}

int qrcode_svg(struct strbuf *sb, const char *text, double side_mm)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int x, y, side;

	if (!qr)
		return -1;
	side = qr->width + 2 * QUIET_ZONE;
	strbuf_addf(sb,
		    "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		    "width=\"%.1fmm\" height=\"%.1fmm\" shape-rendering=\"crispEdges\">"
		    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
		    side, side, side_mm, side_mm, side, side);
	/* one path: a row's run of dark modules as one rectangle */
	for (y = 0; y < qr->width; y++)
		for (x = 0; x < qr->width;) {
			int run = 0;
			while (x + run < qr->width && (qr->data[y * qr->width + x + run] & 1))
				run++;
			if (run) {
				/* "M x y h run v1 h-run z" */
				add_step(sb, 'M', x + QUIET_ZONE);
				add_step(sb, ' ', y + QUIET_ZONE);
				add_step(sb, 'h', run);
				strbuf_adds(sb, "v1h");
				add_step(sb, '-', run);
				strbuf_addch(sb, 'z');
				x += run;
			} else
				x++;
		}
	strbuf_adds(sb, "\"/></svg>");
	QRcode_free(qr);
	return 0;
}
