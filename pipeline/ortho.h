/* ortho: the workspace's drone orthophotos.  Registering one records what
 * it is and the footprint of its valid pixels in the local CRS (geo/raster
 * reads it); from the footprints every target knows whether imagery covers
 * it, and the office sees which targets still need a flight.  A raster
 * that cannot be used (no georeferencing, damaged, unreachable, entirely
 * outside the county) is refused with the reason and nothing of it is
 * recorded; the others still go in. */
#ifndef SWEEP_ORTHO_H
#define SWEEP_ORTHO_H

#include <stddef.h>

#include "cli.h"
#include "raster.h"

struct ortho_added {
	char *source; /* as recorded: an absolute path, or the URL */
	char *why;    /* NULL when registered, else why it was refused */
	int replaced; /* it was registered before: the record renewed */
	struct raster_info info;
	long covers; /* open targets inside its footprint */
};

struct ortho_add_result {
	size_t n;
	struct ortho_added *items;
};

/* Registers each source (a file or an http(s) URL); date (YYYY-MM-DD or
 * NULL) is the flight day for those whose file says none.  One
 * transaction per source.  -1 only when the store fails. */
int ortho_add_run(struct cli_workspace *ws, char *const *sources, size_t n, const char *date,
		  struct ortho_add_result *res, struct sweep_err *err);
void ortho_add_result_release(struct ortho_add_result *res);

struct ortho_coverage {
	long orthos;  /* registered */
	long open;    /* open targets */
	long covered; /* of them, inside some footprint */
};

/* How the open targets stand against the footprints; per_ortho (may be
 * NULL) is called with each orthophoto, best first, and the open targets
 * it covers. */
int ortho_coverage(struct store *s, struct ortho_coverage *cov,
		   int (*per_ortho)(void *ctx, const struct store_ortho *o, long covers), void *ctx,
		   struct sweep_err *err);

/* The same, the open targets counted already (sweep status's counts, read
 * in the same snapshot): with no orthophoto they are not counted again. */
int ortho_coverage_of(struct store *s, long open, struct ortho_coverage *cov,
		      struct sweep_err *err);

/* Flight requests: the open targets no orthophoto covers, grouped so that
 * targets within distance_m of each other (directly or through others) fly
 * together; each area the group's extent plus margin_m on every side. */
struct flight_area {
	double bbox[4]; /* local CRS: xmin, ymin, xmax, ymax, margin included */
	size_t n_codes;
	char **codes;
};
struct flight_areas {
	size_t n;
	struct flight_area *areas;
	long targets; /* open targets without imagery */
};
int ortho_flight_areas(struct store *s, double distance_m, double margin_m, struct flight_areas *fa,
		       struct sweep_err *err);
/* Only how many areas there are (sweep status): nothing built per target. */
int ortho_flight_area_count(struct store *s, double distance_m, size_t *n, struct sweep_err *err);
/* Writes them as KML polygons (lon/lat) a flight planner imports. */
int ortho_flight_areas_write(const struct county *c, const struct flight_areas *fa,
			     const char *path, struct sweep_err *err);
void flight_areas_release(struct flight_areas *fa);

#endif
