/* qrcode: a QR code as inline SVG (libqrencode), for the printed task
 * sheet: a phone's camera opens the link it carries (a route to the
 * target) without anyone typing coordinates. */
#ifndef SWEEP_QRCODE_H
#define SWEEP_QRCODE_H

#include "strbuf.h"

/* Appends an <svg class="qr"> of text, side_mm millimetres wide, error
 * correction level M, with the quiet zone QR readers need.  0, or -1
 * when libqrencode cannot encode it (nothing appended then). */
int qrcode_svg(struct strbuf *sb, const char *text, double side_mm);

#endif
