#!/usr/bin/env python3
"""A synthetic province for the province-scale benchmark (tests/bench/province.sh).

    python3 tests/bench/province.py OUT --villages 20000 --targets 1000000

writes into OUT:
  villages.gpkg   N villages, EPSG:4490, fields 村代码 村名称 乡镇名称: cells of a
                  jittered lattice whose shared edges are the same densified,
                  jittered polyline on both sides (no gaps, no overlaps), with
                  150-400 vertices per village; ten villages to a township
  teams.csv       one sweep team per township (its villages)
  personnel.csv   the four persons of every village (四包一)
  targets.csv     M targets (靶标编号 经度 纬度 面积 影像日期 类型); 3 % outside
                  every village (beyond the province's edge, 0.5-20 km off),
                  and 1 in 10,000 exactly on a vertex of a shared boundary
  on_edge.txt     the codes of those placed exactly on a shared boundary

Deterministic (fixed seeds).  Everything lies in 3-degree Gauss-Krüger zone 35
(central meridian 105 E), so one county CRS holds it all.
"""
import argparse
import os
import struct
import sys

import numpy as np
from osgeo import gdal, ogr, osr

gdal.UseExceptions()

LON0, LAT0 = 103.55, 26.0  # south-west corner; the province spans ~2.9 x ~4 degrees
SPAN_LON, SPAN_LAT = 2.9, 4.0


def edge_key(a, b):
    return (a, b) if a <= b else (b, a)


class Lattice:
    def __init__(self, cols, rows, seed=20261202):
        self.cols, self.rows = cols, rows
        self.dlon, self.dlat = SPAN_LON / cols, SPAN_LAT / rows
        rnd = np.random.default_rng(seed)
        jx = rnd.uniform(-0.25, 0.25, (cols + 1, rows + 1)) * self.dlon
        jy = rnd.uniform(-0.25, 0.25, (cols + 1, rows + 1)) * self.dlat
        jx[0, :] = jx[-1, :] = 0
        jy[:, 0] = jy[:, -1] = 0
        i, j = np.meshgrid(np.arange(cols + 1), np.arange(rows + 1), indexing="ij")
        self.nx = np.round(LON0 + i * self.dlon + jx, 7)
        self.ny = np.round(LAT0 + j * self.dlat + jy, 7)
        self.seed = seed
        self.edges = {}

    def node(self, i, j):
        return (self.nx[i, j], self.ny[i, j])

    def edge(self, p, q):
        """The interior points of the shared edge between lattice nodes p and q
        (index pairs), from p to q; computed once per unordered edge."""
        a, b = edge_key(p, q)
        pts = self.edges.get((a, b))
        if pts is None:
            rnd = np.random.default_rng((self.seed, a[0], a[1], b[0], b[1]))
            k = int(rnd.integers(36, 99))  # 4 edges x (k + 1): 148-396 vertices
            (ax, ay), (bx, by) = self.node(*a), self.node(*b)
            t = np.arange(1, k + 1) / (k + 1)
            dx, dy = bx - ax, by - ay
            length = np.hypot(dx, dy)
            nx, ny = -dy / length, dx / length
            # a smooth random wiggle, zero at both ends so corners stay clean
            walk = np.cumsum(rnd.normal(0, 1, k))
            walk -= t * walk[-1]
            walk /= max(1e-9, np.abs(walk).max())
            off = walk * np.sin(np.pi * t) * length * 0.06
            xs = np.round(ax + dx * t + nx * off, 7)
            ys = np.round(ay + dy * t + ny * off, 7)
            pts = np.column_stack([xs, ys])
            self.edges[(a, b)] = pts
        return pts if (p, q) == (a, b) else pts[::-1]

    def ring(self, i, j):
        corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
        parts = []
        for k in range(4):
            p, q = corners[k], corners[(k + 1) % 4]
            parts.append(np.array([self.node(*p)]))
            parts.append(self.edge(p, q))
        parts.append(np.array([self.node(*corners[0])]))
        return np.concatenate(parts)

    def drop_cell(self, i, j):
        """Edges of cells no longer needed are forgotten (memory stays flat)."""
        for key in [edge_key((i, j), (i + 1, j)), edge_key((i, j), (i, j + 1))]:
            self.edges.pop(key, None)


def wkb_polygon(ring):
    # a MultiPolygon of one Polygon of one ring, little-endian WKB
    return (struct.pack("<BII", 1, 6, 1) + struct.pack("<BII", 1, 3, 1)
            + struct.pack("<I", len(ring)) + ring.astype("<f8").tobytes())


def village_code(n):
    town, village = divmod(n, 10)
    return "5%05d%03d%03d" % (town // 1000, town % 1000, 200 + village)


def write_villages(out, lat, n):
    path = os.path.join(out, "villages.gpkg")
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4490)
    layer = ds.CreateLayer("villages", srs, ogr.wkbMultiPolygon)
    for name in ("村代码", "村名称", "乡镇名称"):
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    defn = layer.GetLayerDefn()
    layer.StartTransaction()
    count = 0
    vertices = []
    for j in range(lat.rows):
        for i in range(lat.cols):
            if count == n:
                break
            ring = lat.ring(i, j)
            vertices.append(len(ring) - 1)
            f = ogr.Feature(defn)
            f.SetField(0, village_code(count))
            f.SetField(1, "第%d村" % (count % 10 + 1))
            f.SetField(2, "第%d镇" % (count // 10 + 1))
            f.SetGeometry(ogr.CreateGeometryFromWkb(wkb_polygon(ring)))
            layer.CreateFeature(f)
            count += 1
            if j > 0:
                lat.drop_cell(i, j - 1)
    layer.CommitTransaction()
    ds = None
    return count, vertices


def write_tables(out, n):
    towns = (n + 9) // 10
    with open(os.path.join(out, "teams.csv"), "w", encoding="utf-8") as f:
        f.write("组号,组名,组长,电话,负责村\n")
        for t in range(towns):
            codes = ";".join(village_code(v) for v in range(t * 10, min(n, t * 10 + 10)))
            f.write("T%05d,第%d镇踏查组,组长%d,139%08d,%s\n" % (t + 1, t + 1, t + 1, t, codes))
    with open(os.path.join(out, "personnel.csv"), "w", encoding="utf-8") as f:
        f.write("village_code,role,name,phone\n")
        for v in range(n):
            for k, role in enumerate(("镇街干部", "村社干部", "派出所民警", "网格员")):
                f.write("%s,%s,%s%d,15%d%08d\n" % (village_code(v), role, role[:2], v + 1, k, v))


def write_targets(out, lat, n_villages, m, seed=7):
    rnd = np.random.default_rng(seed)
    codes = np.array(["P%08d" % (k + 1) for k in range(m)])
    outside = rnd.random(m) < 0.03
    on_edge = (~outside) & (rnd.random(m) < 0.0001)
    inside = ~outside & ~on_edge
    lon = np.empty(m)
    lat_ = np.empty(m)
    # inside: a random village's cell, somewhere around its middle
    cell = rnd.integers(0, n_villages, m)
    ci, cj = cell % lat.cols, cell // lat.cols
    fx, fy = rnd.uniform(0.1, 0.9, m), rnd.uniform(0.1, 0.9, m)
    x0, x1 = lat.nx[ci, cj], lat.nx[ci + 1, cj]
    y0, y1 = lat.ny[ci, cj], lat.ny[ci, cj + 1]
    lon[inside] = (x0 + (x1 - x0) * fx)[inside]
    lat_[inside] = (y0 + (y1 - y0) * fy)[inside]
    # on a shared boundary: an interior lattice node (a corner of four villages)
    full_rows = n_villages // lat.cols
    ei = rnd.integers(1, lat.cols, m)
    ej = rnd.integers(1, max(2, full_rows), m)
    lon[on_edge] = lat.nx[ei, ej][on_edge]
    lat_[on_edge] = lat.ny[ei, ej][on_edge]
    # outside: beyond the west, east or south edge, 0.005-0.2 degrees off
    side = rnd.integers(0, 3, m)
    off = rnd.uniform(0.005, 0.2, m)
    along_lat = LAT0 + rnd.uniform(0, SPAN_LAT * 0.9, m)
    along_lon = LON0 + rnd.uniform(0, SPAN_LON, m)
    olon = np.where(side == 0, LON0 - off, np.where(side == 1, LON0 + SPAN_LON + off, along_lon))
    olat = np.where(side == 2, LAT0 - off, along_lat)
    lon[outside] = olon[outside]
    lat_[outside] = olat[outside]
    area = np.round(rnd.uniform(50, 3000, m), 1)
    day = rnd.integers(1, 29, m)
    crop = np.where(rnd.random(m) < 0.8, "罂粟", "大麻")
    with open(os.path.join(out, "targets.csv"), "w", encoding="utf-8") as f:
        f.write("靶标编号,经度,纬度,面积,影像日期,类型\n")
        step = 200000
        for s in range(0, m, step):
            e = min(m, s + step)
            f.write("".join("%s,%.7f,%.7f,%.1f,2026-03-%02d,%s\n" % row for row in zip(
                codes[s:e], lon[s:e], lat_[s:e], area[s:e], day[s:e], crop[s:e])))
    with open(os.path.join(out, "on_edge.txt"), "w") as f:
        f.write("".join(c + "\n" for c in codes[on_edge]))
    return int(outside.sum()), int(on_edge.sum())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--villages", type=int, default=20000)
    ap.add_argument("--targets", type=int, default=1000000)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    cols = int(np.ceil(np.sqrt(a.villages * SPAN_LON / SPAN_LAT)))
    rows = (a.villages + cols - 1) // cols
    lat = Lattice(cols, rows)
    n, vertices = write_villages(a.out, lat, a.villages)
    write_tables(a.out, n)
    n_out, n_edge = write_targets(a.out, lat, n, a.targets)
    print("%d villages (%d-%d vertices, mean %.0f), %d targets (%d outside, %d on a boundary)"
          % (n, min(vertices), max(vertices), sum(vertices) / len(vertices), a.targets, n_out,
             n_edge))


if __name__ == "__main__":
    sys.exit(main())
