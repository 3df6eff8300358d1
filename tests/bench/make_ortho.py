#!/usr/bin/env python3
"""A drone-sized orthophoto and targets over it, for bench_chips.sh.

    make_ortho.py OUT_TIF OUT_CSV --centre EAST NORTH [--px N] [--targets M]

OUT_TIF: an N x N px (default 20000), 512-px-tiled, JPEG-compressed
(YCbCr) RGB GeoTIFF at 5 cm in EPSG:4545, centred on EAST/NORTH, with a
texture of fields and noise (so JPEG has real work to decode, as with
imagery of crops).  OUT_CSV: M targets (default 1000) spread over it on a
jittered grid, as the sample county's GK drops spell them (编号, X(北), Y(东)).
Deterministic: the same arguments give the same files."""
import argparse
import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()
ap = argparse.ArgumentParser()
ap.add_argument("tif")
ap.add_argument("csv")
ap.add_argument("--centre", nargs=2, type=float, required=True)
ap.add_argument("--px", type=int, default=20000)
ap.add_argument("--targets", type=int, default=1000)
a = ap.parse_args()

pixel = 0.05
n = a.px
west = a.centre[0] - n * pixel / 2
north = a.centre[1] + n * pixel / 2
gdal.SetCacheMax(256 << 20)
ds = gdal.GetDriverByName("GTiff").Create(
    a.tif, n, n, 3, gdal.GDT_Byte,
    ["TILED=YES", "BLOCKXSIZE=512", "BLOCKYSIZE=512", "COMPRESS=JPEG",
     "PHOTOMETRIC=YCBCR", "JPEG_QUALITY=85", "BIGTIFF=IF_SAFER"])
srs = osr.SpatialReference()
srs.ImportFromEPSG(4545)
ds.SetProjection(srs.ExportToWkt())
ds.SetGeoTransform([west, pixel, 0, north, 0, -pixel])
ds.SetMetadataItem("TIFFTAG_DATETIME", "2026:04:18 10:30:00")
rng = np.random.default_rng(20260418)
# fields: a coarse random colour per 40 m cell, bilinearly smooth, plus
# per-pixel noise of a crop canopy
cell = 800
coarse = rng.integers(40, 200, size=(n // cell + 2, n // cell + 2, 3)).astype(np.float32)
cols = np.arange(n, dtype=np.float32) / cell
c0 = cols.astype(int)
fc = (cols - c0)[:, None]
strip = 512
for top in range(0, n, strip):
    h = min(strip, n - top)
    rows = (np.arange(top, top + h, dtype=np.float32) / cell)
    r0 = rows.astype(int)
    fr = (rows - r0)[:, None, None]
    a00 = coarse[r0][:, c0]
    a01 = coarse[r0][:, c0 + 1]
    a10 = coarse[r0 + 1][:, c0]
    a11 = coarse[r0 + 1][:, c0 + 1]
    img = (a00 * (1 - fc) + a01 * fc) * (1 - fr) + (a10 * (1 - fc) + a11 * fc) * fr
    img += rng.normal(0, 18, size=img.shape).astype(np.float32)
    img = np.clip(img, 0, 255).astype(np.uint8)
    ds.WriteRaster(0, top, n, h, np.ascontiguousarray(img.transpose(2, 0, 1)).tobytes())
ds = None

side = int(np.ceil(np.sqrt(a.targets)))
step = n * pixel / side
with open(a.csv, "w", encoding="utf-8") as f:
    f.write("编号,X(北),Y(东),面积\n")
    k = 0
    for i in range(side):
        for j in range(side):
            if k == a.targets:
                break
            e = west + (j + 0.5) * step + rng.uniform(-0.3, 0.3) * step
            nn = north - (i + 0.5) * step + rng.uniform(-0.3, 0.3) * step
            k += 1
            f.write("B%04d,%.2f,%.2f,400\n" % (k, nn, e))
