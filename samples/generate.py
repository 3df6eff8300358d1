#!/usr/bin/env python3
"""Generates the sample county: village boundaries, teams, personnel and
target drops.  Deterministic (fixed seed); run from anywhere:

    python3 samples/generate.py            # writes into samples/
    python3 samples/generate.py --out DIR  # the same files elsewhere (the test compares them)
    python3 samples/generate.py --big DIR  # a 300+ village, 2000+ target county for tests

Villages are cells of a jittered lattice whose shared edges are the same
jittered polylines on both sides, so the layer has no gaps or overlaps, like
a real cadastral set.  One village has a hole filled by an exclave of its
neighbour (a multipolygon), another has a pond (a hole nobody owns).
Gauss-Krüger values come from PROJ's cs2cs, not from a formula of ours.
"""
import argparse, csv, io, json, math, os, random, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOWNS = ["龙河镇", "树人镇", "高家镇", "双路镇", "兴义镇", "三建乡", "仁沙镇", "青龙乡"]
VILLAGE_WORDS = ["石板", "红花", "大湾", "观音", "柏林", "新场", "桂花", "太平", "碑垭", "杨柳",
                 "竹林", "龙井", "白果", "长岭", "金竹", "响水", "梨子", "青岗", "黄桷", "水井",
                 "双河", "三合", "凉风", "庙垭", "大坪", "高峰", "松林", "坪上", "马鞍", "鹿鸣"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰文斌"


def jitter_edge(p, q, key, rnd_seed, n=5, amp=0.18):
    """Points strictly between p and q, jittered perpendicular to the edge.
    Keyed by the unordered edge so both villages get the same polyline."""
    a, b = (p, q) if p <= q else (q, p)
    r = random.Random(hash((a, b, rnd_seed)) & 0xffffffff)
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    nx, ny = -dy / length, dx / length
    pts = []
    for i in range(1, n):
        t = i / n
        off = r.uniform(-amp, amp) * length / n * 2
        pts.append((a[0] + dx * t + nx * off, a[1] + dy * t + ny * off))
    return pts if (p, q) == (a, b) else pts[::-1]


def lattice(cols, rows, lon0, lat0, dlon, dlat, seed):
    r = random.Random(seed)
    nodes = {}
    for i in range(cols + 1):
        for j in range(rows + 1):
            jx = r.uniform(-0.25, 0.25) * dlon if 0 < i < cols else 0
            jy = r.uniform(-0.25, 0.25) * dlat if 0 < j < rows else 0
            nodes[(i, j)] = (round(lon0 + i * dlon + jx, 7), round(lat0 + j * dlat + jy, 7))
    return nodes


def cell_ring(nodes, i, j, seed):
    corners = [nodes[(i, j)], nodes[(i + 1, j)], nodes[(i + 1, j + 1)], nodes[(i, j + 1)]]
    ring = []
    for k in range(4):
        p, q = corners[k], corners[(k + 1) % 4]
        ring.append(p)
        ring.extend(jitter_edge(p, q, None, seed))
    ring = [(round(x, 7), round(y, 7)) for x, y in ring]
    ring.append(ring[0])
    return ring


def point_in_ring(x, y, ring):
    inside = False
    for k in range(len(ring) - 1):
        (x0, y0), (x1, y1) = ring[k], ring[k + 1]
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def in_village(x, y, v):
    return sum(point_in_ring(x, y, ring) for poly in v["polys"] for ring in poly) % 2 == 1


def square(cx, cy, h):
    return [(cx - h, cy - h), (cx + h, cy - h), (cx + h, cy + h), (cx - h, cy + h), (cx - h, cy - h)]


def make_county(cols, rows, towns_x, towns_y, lon0, lat0, seed, county_code="500230"):
    dlon, dlat = 0.022, 0.02
    nodes = lattice(cols, rows, lon0, lat0, dlon, dlat, seed)
    villages = []
    r = random.Random(seed + 1)
    per_town = {}
    for j in range(rows):
        for i in range(cols):
            t = (j * towns_y // rows) * towns_x + (i * towns_x // cols)
            per_town[t] = per_town.get(t, 0) + 1
            code = "%s%03d%03d" % (county_code, 101 + t, 200 + per_town[t])
            word = VILLAGE_WORDS[(i * 7 + j * 13 + t) % len(VILLAGE_WORDS)]
            villages.append({"code": code, "name": word + "村", "township": TOWNS[t % len(TOWNS)],
                             "polys": [[cell_ring(nodes, i, j, seed)]], "cell": (i, j)})
    # a hole in one village filled by an exclave of its east neighbour
    a = next(v for v in villages if v["cell"] == (2, 2))
    b = next(v for v in villages if v["cell"] == (3, 2))
    cx = (nodes[(2, 2)][0] + nodes[(3, 3)][0]) / 2
    cy = (nodes[(2, 2)][1] + nodes[(3, 3)][1]) / 2
    hole = [(round(x, 7), round(y, 7)) for x, y in square(cx, cy, 0.002)]
    a["polys"][0].append(hole[::-1])
    b["polys"].append([hole])
    # a pond nobody owns
    c = next(v for v in villages if v["cell"] == (5, 4 if rows > 4 else 1))
    px = (nodes[(5, c["cell"][1])][0] + nodes[(6, c["cell"][1] + 1)][0]) / 2
    py = (nodes[(5, c["cell"][1])][1] + nodes[(6, c["cell"][1] + 1)][1]) / 2
    c["polys"][0].append([(round(x, 7), round(y, 7)) for x, y in square(px, py, 0.0012)][::-1])
    c["pond"] = (px, py)
    a["enclave_point"] = (cx, cy)
    return villages


def geojson_villages(villages):
    feats = []
    for v in villages:
        coords = [[[list(p) for p in ring] for ring in poly] for poly in v["polys"]]
        feats.append({"type": "Feature",
                      "properties": {"村代码": v["code"], "村名称": v["name"], "乡镇名称": v["township"]},
                      "geometry": {"type": "MultiPolygon", "coordinates": coords}})
    return {"type": "FeatureCollection", "name": "villages",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
            "features": feats}


def random_point_in(v, r):
    xs = [p[0] for p in v["polys"][0][0]]
    ys = [p[1] for p in v["polys"][0][0]]
    while True:
        x, y = r.uniform(min(xs), max(xs)), r.uniform(min(ys), max(ys))
        if in_village(x, y, v):
            return round(x, 7), round(y, 7)


def person(r):
    return r.choice(SURNAMES) + r.choice(GIVEN) + (r.choice(GIVEN) if r.random() < 0.6 else "")


def phone(r):
    # eleven digits, as a mobile number has; the draw as before, so the rest
    # of the sample stays the same
    return "1%d%08d" % (r.choice([35, 38, 39, 50, 58, 87]), r.randrange(10 ** 9) % 10 ** 8)


def teams_and_people(villages, seed, no_team=2):
    r = random.Random(seed + 2)
    teams, people = [], []
    covered = villages[:-no_team] if no_team else villages
    by_town = {}
    for v in covered:
        by_town.setdefault(v["township"], []).append(v)
    n = 0
    for town, vs in by_town.items():
        for k in range(0, len(vs), 4):
            n += 1
            group = vs[k:k + 4]
            teams.append({"id": "T%02d" % n, "name": "%s第%d踏查组" % (town, k // 4 + 1),
                          "leader": person(r), "phone": phone(r),
                          "villages": ";".join(v["code"] for v in group)})
    for v in villages:
        for role in ["镇街干部", "村社干部", "派出所民警", "网格员"]:
            people.append((v["code"], role, person(r), phone(r)))
    return teams, people


def dms(value, pos, neg, style):
    hemi = pos if value >= 0 else neg
    value = abs(value)
    d = int(value)
    m = int((value - d) * 60)
    s = (value - d - m / 60) * 3600
    if style == 0:
        return "%d°%02d'%05.2f\"%s" % (d, m, s, hemi)
    return "%d %d %.2f" % (d, m, s)


def cs2cs_gk(points, epsg):
    """lon/lat -> (northing, easting) with PROJ, authority axis order."""
    text = "".join("%.9f %.9f\n" % (lat, lon) for lon, lat in points)
    out = subprocess.run(["cs2cs", "-f", "%.3f", "EPSG:4490", "EPSG:%d" % epsg],
                         input=text, capture_output=True, text=True, check=True).stdout
    res = []
    for line in out.splitlines():
        n, e = line.split()[:2]
        res.append((float(n), float(e)))
    return res


def offset_m(lon, lat, dx_m, dy_m):
    return (lon + dx_m / (111320 * math.cos(math.radians(lat))), lat + dy_m / 110540)


def outer_edge_point(v, r):
    """A point just outside the county's west or south edge next to v."""
    ring = v["polys"][0][0]
    k = r.randrange(len(ring) - 1)
    return ring[k]


def write_csv(path, header, rows, encoding, bom=False):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    data = buf.getvalue().encode(encoding)
    with open(path, "wb") as f:
        f.write((b"\xef\xbb\xbf" if bom else b"") + data)


def sample(out):
    villages = make_county(8, 6, 2, 2, 107.55, 29.80, 2026)
    r = random.Random(7)
    with open(os.path.join(out, "villages.geojson"), "w", encoding="utf-8") as f:
        json.dump(geojson_villages(villages), f, ensure_ascii=False)
    teams, people = teams_and_people(villages, 2026)
    write_csv(os.path.join(out, "teams.csv"), ["组号", "组名", "组长", "电话", "负责村"],
              [[t["id"], t["name"], t["leader"], t["phone"], t["villages"]] for t in teams], "utf-8", bom=True)
    write_csv(os.path.join(out, "personnel.csv"), ["village_code", "role", "name", "phone"],
              people, "utf-8", bom=True)

    header = ["靶标编号", "经度", "纬度", "面积(平方米)", "影像日期", "反馈期限", "类型", "乡镇", "村"]
    rows, n = [], 0

    def add(lon, lat, note="", code=None, area=None, lon_text=None, lat_text=None, v=None):
        nonlocal n
        n += 1
        rows.append([code if code is not None else "TM26-%04d" % n,
                     lon_text if lon_text is not None else "%.6f" % lon,
                     lat_text if lat_text is not None else "%.6f" % lat,
                     "%.1f" % (area if area is not None else r.uniform(30, 900)),
                     "2026-03-%02d" % r.randint(1, 20), "2026/4/30", r.choice(["罂粟", "大麻", "疑似罂粟"]),
                     v["township"] if v else "", (v["name"] if v else "") + note])

    for k in range(170):
        v = villages[k % len(villages)]
        lon, lat = random_point_in(v, r)
        style = k % 10
        if style == 7:
            add(lon, lat, v=v, lon_text=dms(lon, "E", "W", 0), lat_text=dms(lat, "N", "S", 0))
        elif style == 8:
            add(lon, lat, v=v, lon_text=dms(lon, "E", "W", 1), lat_text=dms(lat, "N", "S", 1))
        else:
            add(lon, lat, v=v)
    # near the county edge, outside by ~20 m: near_boundary
    for v in [villages[0], villages[3], villages[5]]:
        lon, lat = v["polys"][0][0][1]
        lon, lat = offset_m(lon, lat, 0, -20)
        add(lon, lat, v=None)
    # inside the enclave (belongs to the east neighbour)
    ex, ey = next(v for v in villages if "enclave_point" in v)["enclave_point"]
    add(ex, ey, note="(飞地)")
    # far outside the county: outside_county
    add(108.30, 29.95)
    add(107.20, 29.60)
    # villages without a team (the last two)
    for v in villages[-2:]:
        lon, lat = random_point_in(v, r)
        add(lon, lat, v=v)
    # duplicates: a second code 8 m from an earlier target
    for k in (3, 40, 90):
        lon, lat = float(rows[k][1]), float(rows[k][2])
        lon2, lat2 = offset_m(lon, lat, 6, 5)
        add(lon2, lat2, note="(疑重复)")
    # bad rows, each a case of the rules
    good = villages[10]
    glon, glat = random_point_in(good, r)
    add(glon, glat, code="", v=good)                                  # empty code
    add(glon, glat, lon_text="一百零七", v=good)                        # non-numeric
    add(glon, glat, lat_text="95.5", v=good)                          # out of range
    add(glon, glat, lon_text="%.6f" % glat, lat_text="%.6f" % glon, v=good)   # swapped
    add(2.35, 48.85, v=None)                                          # outside China (Paris)
    add(glon, glat, lon_text="107°75'00\"E", v=good)                  # minutes >= 60
    add(glon, glat, code="TM26-0001", v=good)                         # duplicate code in file
    add(glon, glat, lon_text="", v=good)                              # empty coordinate
    write_csv(os.path.join(out, "drop-2026-03.csv"), header, rows, "gb18030")

    # a Gauss-Krüger drop, as a surveying team would type it: X(北), Y(东)
    pts, gk_rows = [], []
    for k in range(30):
        v = villages[(k * 5) % len(villages)]
        pts.append(random_point_in(v, r))
    prefixed = cs2cs_gk(pts, 4524)
    plain = cs2cs_gk(pts, 4545)
    for k, (pt, (n1, e1), (n2, e2)) in enumerate(zip(pts, prefixed, plain)):
        if k % 2 == 0:
            gk_rows.append(["GK26-%03d" % (k + 1), "%.2f" % n1, "%.2f" % e1, "%.0f" % r.uniform(50, 600)])
        else:
            gk_rows.append(["GK26-%03d" % (k + 1), "%.2f" % n2, "%.2f" % e2, "%.0f" % r.uniform(50, 600)])
    n1, e1 = prefixed[0]
    gk_rows.append(["GK26-901", "%.2f" % n1, "%.2f" % (e1 + 2_000_000), "100"])   # zone 38: wrong zone
    gk_rows.append(["GK26-902", "%.2f" % n1, "%.2f" % (e1 - 36_000_000 + 980_000 - 500_000 + 36_000_000), "100"])  # far off the zone
    write_csv(os.path.join(out, "drop-2026-04-gk.csv"), ["编号", "X(北)", "Y(东)", "面积"], gk_rows,
              "utf-8", bom=True)

    # polygon and point targets as GeoJSON, from a remote-sensing side that draws plots
    feats = []
    for k in range(24):
        v = villages[(k * 3 + 1) % len(villages)]
        lon, lat = random_point_in(v, r)
        if k % 3 == 0:
            geom = {"type": "Point", "coordinates": [lon, lat]}
        else:
            w, h = r.uniform(0.0002, 0.0005), r.uniform(0.0002, 0.0004)
            ring = [[lon - w, lat - h], [lon + w, lat - h], [lon + w * 1.2, lat + h], [lon - w, lat + h * 0.8], [lon - w, lat - h]]
            geom = {"type": "Polygon", "coordinates": [[[round(a, 7), round(b, 7)] for a, b in ring]]}
        feats.append({"type": "Feature", "properties": {"code": "PG26-%03d" % (k + 1), "影像日期": "2026-04-02",
                                                       "反馈期限": "2026-05-15", "类型": "罂粟"},
                      "geometry": geom})
    with open(os.path.join(out, "drop-2026-04.geojson"), "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": feats}, f, ensure_ascii=False)
    print("sample county: %d villages, %d teams, %d + %d + %d drop rows" %
          (len(villages), len(teams), len(rows), len(gk_rows), len(feats)))


def big(out, n_targets=2400):
    """A county of 18 x 17 = 306 villages and n_targets random targets."""
    os.makedirs(out, exist_ok=True)
    villages = make_county(18, 17, 4, 2, 107.40, 29.60, 99)
    r = random.Random(11)
    with open(os.path.join(out, "villages.geojson"), "w", encoding="utf-8") as f:
        json.dump(geojson_villages(villages), f, ensure_ascii=False)
    teams, people = teams_and_people(villages, 99, no_team=0)
    write_csv(os.path.join(out, "teams.csv"), ["team_id", "team_name", "leader", "phone", "villages"],
              [[t["id"], t["name"], t["leader"], t["phone"], t["villages"]] for t in teams], "utf-8")
    write_csv(os.path.join(out, "personnel.csv"), ["village_code", "role", "name", "phone"], people, "utf-8")
    xs = [p[0] for v in villages for p in v["polys"][0][0]]
    ys = [p[1] for v in villages for p in v["polys"][0][0]]
    rows = []
    for k in range(n_targets):
        lon, lat = r.uniform(min(xs) - 0.01, max(xs) + 0.01), r.uniform(min(ys) - 0.01, max(ys) + 0.01)
        rows.append(["B%05d" % k, "%.7f" % lon, "%.7f" % lat])
    write_csv(os.path.join(out, "drop.csv"), ["code", "lon", "lat"], rows, "utf-8")
    print("big county: %d villages, %d targets" % (len(villages), n_targets))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--big", metavar="DIR")
    ap.add_argument("--targets", type=int, default=2400)
    ap.add_argument("--out", metavar="DIR", default=HERE, help="where the sample county goes (default: samples/)")
    a = ap.parse_args()
    if a.big:
        big(a.big, a.targets)
    else:
        os.makedirs(a.out, exist_ok=True)
        sample(a.out)
