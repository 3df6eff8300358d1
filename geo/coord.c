/* coord: see coord.h. */
#include "coord.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "banned.h"

#define ANGLE_MAX_LEN 64

int coord_parse_number(const char *text, size_t len, double *value)
{
	char buf[ANGLE_MAX_LEN + 1], *end;
	size_t a = 0, b = len;

	while (a < b && isspace((unsigned char)text[a]))
		a++;
	while (b > a && isspace((unsigned char)text[b - 1]))
		b--;
	if (b == a || b - a > ANGLE_MAX_LEN)
		return 0;
	memcpy(buf, text + a, b - a);
	buf[b - a] = '\0';
	/* strtod also reads "inf", "nan" and hex: none is a coordinate */
	if (strpbrk(buf, "xXiInN"))
		return 0;
	*value = strtod(buf, &end);
	return end != buf && *end == '\0' && isfinite(*value);
}

/* Symbols that end a degree, minute or second number, in the spellings
 * county files use: ASCII stand-ins, the typographic marks, full-width
 * Chinese punctuation and the words 度分秒. */
static const struct {
	const char *text;
	int unit; /* 0 degree, 1 minute, 2 second */
} angle_marks[] = {
    {"°", 0},  {"º", 0},  {"度", 0}, {"d", 0},  {"D", 0},  {"'", 1}, {"′", 1},
    {"’", 1},  {"分", 1}, {"＇", 1}, {"m", 1},  {"\"", 2}, {"″", 2}, {"”", 2},
    {"秒", 2}, {"＂", 2}, {"s", 2},  {"''", 2}, {"′′", 2},
};

static int set_why(char *why, size_t why_size, const char *msg)
{
	if (why && why_size)
		snprintf(why, why_size, "%s", _(msg));
	return -1;
}

int coord_parse_angle(const char *text, size_t len, double *deg, char *hemi_out, char *why,
		      size_t why_size)
{
	double parts[3] = {0, 0, 0};
	int have[3] = {0, 0, 0}, n_parts = 0, next_unit = 0, negative = 0;
	char hemi = 0;
	size_t i = 0;

	if (len > ANGLE_MAX_LEN)
		return set_why(why, why_size, "too long to be a coordinate");
	if (coord_parse_number(text, len, deg)) {
		if (hemi_out)
			*hemi_out = 0;
		return 0;
	}
	while (i < len) {
		unsigned char c = (unsigned char)text[i];
		size_t m;
		int matched = 0;

		if (isspace(c) || c == ':' || c == ',') {
			i++;
			continue;
		}
		if (strchr("NSEWnsew", c)) {
			if (hemi)
				return set_why(why, why_size, "has two hemisphere letters");
			hemi = (char)toupper(c);
			i++;
			continue;
		}
		if (c == '-' && n_parts == 0 && !negative) {
			negative = 1;
			i++;
			continue;
		}
		if (isdigit(c) || c == '.') {
			char num[ANGLE_MAX_LEN + 1], *end;
			size_t j = i;
			while (j < len && (isdigit((unsigned char)text[j]) || text[j] == '.'))
				j++;
			memcpy(num, text + i, j - i);
			num[j - i] = '\0';
			if (n_parts >= 3 || next_unit > 2)
				return set_why(
				    why, why_size,
				    "has more numbers than degrees, minutes and seconds");
			parts[next_unit] = strtod(num, &end);
			if (*end != '\0')
				return set_why(why, why_size, "has a malformed number");
			have[next_unit] = 1;
			n_parts++;
			i = j;
			/* an explicit unit mark may follow; otherwise the next
			 * number is the next unit ("29 48 36.2") */
			while (i < len && isspace((unsigned char)text[i]))
				i++;
			for (m = 0; m < sizeof angle_marks / sizeof angle_marks[0]; m++) {
				size_t ml = strlen(angle_marks[m].text);
				/* prefer the longest mark: '' before ' */
				if (i + ml <= len &&
				    memcmp(text + i, angle_marks[m].text, ml) == 0 &&
				    (ml > 1 ||
				     !(text[i] == '\'' && i + 1 < len && text[i + 1] == '\''))) {
					if (angle_marks[m].unit < next_unit)
						return set_why(why, why_size,
							       "has its degree, minute and second "
							       "marks out of order");
					if (angle_marks[m].unit != next_unit) {
						parts[angle_marks[m].unit] = parts[next_unit];
						parts[next_unit] = 0;
						have[angle_marks[m].unit] = 1;
						have[next_unit] = 0;
					}
					next_unit = angle_marks[m].unit + 1;
					i += ml;
					matched = 1;
					break;
				}
			}
			if (!matched)
				next_unit++;
			continue;
		}
		return set_why(why, why_size,
			       "is not a number or a degree-minute-second value (expected e.g. "
			       "107.72 or 107°43'12.5\")");
	}
	if (n_parts == 0)
		return set_why(why, why_size, "has no number");
	if (have[1] && parts[1] >= 60)
		return set_why(why, why_size, "has minutes of 60 or more");
	if (have[2] && parts[2] >= 60)
		return set_why(why, why_size, "has seconds of 60 or more");
	if ((have[1] && parts[0] != floor(parts[0])) || (have[2] && parts[1] != floor(parts[1])))
		return set_why(why, why_size, "has a fraction before its last part");
	*deg = parts[0] + parts[1] / 60.0 + parts[2] / 3600.0;
	if (negative && (hemi == 'S' || hemi == 'W'))
		return set_why(why, why_size, "has both a minus sign and S or W");
	if (negative || hemi == 'S' || hemi == 'W')
		*deg = -*deg;
	if (hemi_out)
		*hemi_out = hemi;
	return 0;
}

/* China spans northings of about 0.4e6 to 6.0e6 m; a plain easting lies
 * within a zone's ±~400 km band (300 km margin for 6° zones). */
#define NORTHING_MIN 300000.0
#define NORTHING_MAX 6100000.0
#define EASTING_MIN 50000.0
#define EASTING_MAX 950000.0

static int split_prefix(double value, int *zone, double *easting)
{
	double z = floor(value / 1e6);

	if (z < 13 || z > 45 || z == 24)
		return 0;
	*zone = (int)z;
	*easting = value - z * 1e6;
	return *easting >= EASTING_MIN && *easting <= EASTING_MAX;
}

int coord_classify_gk(double first, double second, struct coord_gk *gk, char *why, size_t why_size)
{
	double a = first, b = second;
	int zone;
	double easting;

	memset(gk, 0, sizeof *gk);
	if (fabs(a) <= 360 && fabs(b) <= 360)
		return 0; /* degrees */
	if (fabs(a) <= 360 || fabs(b) <= 360)
		return set_why(why, why_size,
			       "one value looks like degrees and the other like metres");
	/* the value of 10 million or more is a zone-prefixed easting */
	if (a >= 1e7 || b >= 1e7) {
		int first_is_easting = a >= 1e7;
		double e = first_is_easting ? a : b, n = first_is_easting ? b : a;
		if (a >= 1e7 && b >= 1e7)
			return set_why(
			    why, why_size,
			    "both values have 8 digits; one must be the northing X (7 digits)");
		if (!split_prefix(e, &zone, &easting))
			return set_why(why, why_size,
				       "the 8-digit easting Y does not start with a Gauss-Krüger "
				       "zone number (13–23 for 6° zones, 25–45 for 3° zones) "
				       "followed by an easting of 50 000–950 000 m");
		if (n < NORTHING_MIN || n > NORTHING_MAX)
			return set_why(
			    why, why_size,
			    "the northing X is outside China (expected 300 000–6 100 000 m)");
		gk->kind = COORD_GK_PREFIXED;
		gk->zone = zone;
		gk->zone_width_deg = zone <= 23 ? 6 : 3;
		gk->easting_m = easting;
		gk->northing_m = n;
		gk->swapped = first_is_easting;
		return 0;
	}
	/* plain: decide the roles by range, refusing a pair that fits neither */
	{
		int a_north = a >= NORTHING_MIN && a <= NORTHING_MAX;
		int b_north = b >= NORTHING_MIN && b <= NORTHING_MAX;
		int a_east = a >= EASTING_MIN && a <= EASTING_MAX;
		int b_east = b >= EASTING_MIN && b <= EASTING_MAX;
		if (a_north && b_east && !(b_north && a_east && b > a)) {
			gk->northing_m = a;
			gk->easting_m = b;
		} else if (b_north && a_east) {
			gk->northing_m = b;
			gk->easting_m = a;
			gk->swapped = 1;
		} else {
			return set_why(why, why_size,
				       "not a Gauss-Krüger pair: expected a northing X of 300 "
				       "000–6 100 000 m and an easting Y of 50 000–950 000 m (or 8 "
				       "digits with the zone number in front)");
		}
		/* with both in both ranges, the larger is the northing: all of
		 * China north of 8.5°N has northings above 950 km */
		if (a_north && b_north && a_east && b_east) {
			gk->northing_m = fmax(a, b);
			gk->easting_m = fmin(a, b);
			gk->swapped = b > a;
		}
		gk->kind = COORD_GK_PLAIN;
	}
	return 0;
}

int coord_zone_3deg(double lon_deg)
{
	return (int)floor(lon_deg / 3.0 + 0.5);
}

int coord_zone_6deg(double lon_deg)
{
	return (int)floor(lon_deg / 6.0) + 1;
}

int coord_gk_epsg(int zone, int width_deg, int prefixed)
{
	if (width_deg == 3 && zone >= 25 && zone <= 45)
		return prefixed ? 4513 + zone - 25 : 4534 + zone - 25;
	if (width_deg == 6 && zone >= 13 && zone <= 23)
		return prefixed ? 4491 + zone - 13 : 4502 + zone - 13;
	return 0;
}

int coord_gk_from_epsg(int epsg, int *zone, int *width_deg, int *prefixed, double *cm_deg)
{
	int z, w, p;

	if (epsg >= 4491 && epsg <= 4501) {
		z = epsg - 4491 + 13, w = 6, p = 1;
	} else if (epsg >= 4502 && epsg <= 4512) {
		z = epsg - 4502 + 13, w = 6, p = 0;
	} else if (epsg >= 4513 && epsg <= 4533) {
		z = epsg - 4513 + 25, w = 3, p = 1;
	} else if (epsg >= 4534 && epsg <= 4554) {
		z = epsg - 4534 + 25, w = 3, p = 0;
	} else {
		return -1;
	}
	if (zone)
		*zone = z;
	if (width_deg)
		*width_deg = w;
	if (prefixed)
		*prefixed = p;
	if (cm_deg)
		*cm_deg = w == 3 ? 3.0 * z : 6.0 * z - 3.0;
	return 0;
}

int coord_in_china(double lon_deg, double lat_deg)
{
	return lon_deg >= 73.4 && lon_deg <= 135.1 && lat_deg >= 3.8 && lat_deg <= 53.6;
}
