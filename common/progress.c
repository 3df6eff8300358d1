/* progress: see progress.h. */
#include "progress.h"

#include <string.h>
#include <unistd.h>

#include "banned.h"

#define BAR_WIDTH 30

void progress_begin(struct progress *p, const char *label, int quiet)
{
	memset(p, 0, sizeof *p);
	p->shown = -1;
	snprintf(p->label, sizeof p->label, "%s", label ? label : "");
	if (!quiet && isatty(STDERR_FILENO))
		p->out = stderr;
}

void progress_update(struct progress *p, double done, double total)
{
	char bar[BAR_WIDTH + 1];
	double fraction;
	int permille, filled;

	if (!p || !p->out)
		return;
	fraction = total > 0 ? done / total : 1.0;
	fraction = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
	permille = (int)(fraction * 1000);
	if (permille == p->shown)
		return;
	p->shown = permille;
	filled = (int)(fraction * BAR_WIDTH);
	memset(bar, '#', (size_t)filled);
	memset(bar + filled, '.', (size_t)(BAR_WIDTH - filled));
	bar[BAR_WIDTH] = '\0';
	fprintf(p->out, "\r%.60s [%s] %5.1f%%", p->label, bar, permille / 10.0);
	fflush(p->out);
}

void progress_end(struct progress *p)
{
	if (!p || !p->out)
		return;
	progress_update(p, 1, 1);
	fputc('\n', p->out);
	fflush(p->out);
	p->out = NULL;
}

int progress_gdal(double complete, const char *message, void *progress)
{
	(void)message;
	progress_update(progress, complete, 1.0);
	return 1;
}
