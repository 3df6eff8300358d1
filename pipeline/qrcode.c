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
		    "width=\"%.1fmm\" height=\"%.1fmm\">"
		    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path stroke=\"#000\" d=\"",
		    side, side, side_mm, side_mm, side, side);
	/* A row's runs of dark modules as strokes one module wide along the
	 * row's middle, each but the first reached by a relative move: "M4
	 * 4.5h7m2 0h1" is half the text of a rectangle per run, and the QR
	 * codes were three quarters of a sheet's bytes.  Not crispEdges:
	 * Chromium prints strokes drawn so as hairlines, and the code is lost. */
	for (y = 0; y < qr->width; y++) {
		int end = -1; /* where the row's last run ended; -1: none yet */
		for (x = 0; x < qr->width;) {
			int run = 0;
			while (x + run < qr->width && (qr->data[y * qr->width + x + run] & 1))
				run++;
			if (!run) {
				x++;
				continue;
			}
			if (end < 0) {
				add_step(sb, 'M', x + QUIET_ZONE);
				add_step(sb, ' ', y + QUIET_ZONE);
				strbuf_adds(sb, ".5");
			} else {
				add_step(sb, 'm', x - end);
				strbuf_adds(sb, " 0");
			}
			add_step(sb, 'h', run);
			x += run;
			end = x;
		}
	}
	strbuf_adds(sb, "\"/></svg>");
	QRcode_free(qr);
	return 0;
}
