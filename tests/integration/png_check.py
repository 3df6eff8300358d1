# png_check.py PNG WIDTH HEIGHT MIN_DARK MIN_COLOURED: decodes a screenshot
# (8-bit RGB/RGBA, all five PNG filters) with the standard library only and
# checks its size and that it is not blank: enough dark pixels (text,
# lines) and enough strongly coloured ones (map markers).
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
bpp = {2: 3, 6: 4}[ctype]
raw, stride, prev, ink, colour = zlib.decompress(idat), w * bpp, bytearray(w * bpp), 0, 0
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        r, g, b_ = line[x], line[x + 1], line[x + 2]
        if r + g + b_ < 600: ink += 1
        if max(r, g, b_) - min(r, g, b_) > 100: colour += 1   # coloured map markers
    prev = line
print("# %dx%d, %d dark pixels, %d coloured marker pixels" % (w, h, ink, colour))
assert (w, h) == (int(sys.argv[2]), int(sys.argv[3])), (w, h)
assert ink > int(sys.argv[4]) and colour > int(sys.argv[5]), (ink, colour)
