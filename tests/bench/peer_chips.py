#!/usr/bin/env python3
"""The loop a GIS scripter writes to cut chips, for bench_chips.sh: one
process, GDAL Translate with a projWin per target, each to a JPEG of at
most 512 px a side.

    peer_chips.py ORTHO TARGETS_CSV OUT_DIR SIZE_M"""
import csv
import os
import sys
from osgeo import gdal

gdal.UseExceptions()
ortho, targets, out, size = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
px = max(abs(gdal.Info(ortho, format="json")["geoTransform"][1]), size / 512)
n = int(round(size / px))
os.makedirs(out, exist_ok=True)
with open(targets, encoding="utf-8") as f:
    for row in csv.DictReader(f):
        x, y = float(row["Y(东)"]), float(row["X(北)"])
        gdal.Translate(os.path.join(out, row["编号"] + ".jpg"), ortho, format="JPEG",
                       projWin=[x - size / 2, y + size / 2, x + size / 2, y - size / 2],
                       width=n, height=n, creationOptions=["QUALITY=90"])
