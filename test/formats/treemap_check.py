#!/usr/bin/env python3
"""treemap_check.py PAGE: the page's treemap adds up.  Every rectangle
with data-b has an area proportional to its bytes (one scale for the
whole map), the rectangles with the same data-p tile their parent (areas
sum to its area, and lie inside it), and the page loads nothing: no src,
no href, no URL but the SVG namespace."""
import html.parser
import re
import sys

page = open(sys.argv[1], encoding="utf-8").read()


class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.rects = []
        self.links = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("src", "href", "xlink:href", "action"):
            if k in a:
                self.links.append((tag, k, a[k]))
        if tag == "rect" and "data-b" in a:
            self.rects.append(a)


p = P()
p.feed(page)
bad = 0
urls = [u for u in re.findall(r'(?:https?|ftp|wss?)://[^\s"\'<>)]+', page)
        if u != "http://www.w3.org/2000/svg"]
for u in urls:
    print("a URL in the page: %s" % u)
    bad += 1
for t in p.links:
    print("a link in the page: <%s %s=%r>" % t)
    bad += 1
nodes = {}
kids = {}
for r in p.rects:
    x, y = float(r["x"]), float(r["y"])
    w, h = float(r["width"]), float(r["height"])
    b = int(r["data-b"])
    e = {"x": x, "y": y, "w": w, "h": h, "b": b, "a": w * h, "r": r}
    if "data-n" in r:
        nodes[r["data-n"]] = e
    kids.setdefault(r["data-p"], []).append(e)
roots = kids.get("0", [])
if len(roots) != 1:
    print("%d root rectangles" % len(roots))
    sys.exit(1)
root = roots[0]
scale = root["a"] / root["b"]


def tol(e):
    # coordinates are written with two decimals
    return 0.01 * (e["w"] + e["h"]) + 0.02 + 1e-6 * e["a"]


for e in [v for vs in kids.values() for v in vs]:
    if abs(e["a"] - scale * e["b"]) > tol(e):
        print("area %.2f for %d bytes, %.2f expected (%s)" %
              (e["a"], e["b"], scale * e["b"], e["r"].get("data-n")))
        bad += 1
checked = 0
for pid, cs in kids.items():
    if pid == "0":
        continue
    par = nodes.get(pid)
    if par is None:
        print("no parent %s" % pid)
        bad += 1
        continue
    s = sum(c["a"] for c in cs)
    if abs(s - par["a"]) > sum(tol(c) for c in cs) + tol(par):
        print("children of %s: %.2f, parent %.2f" % (pid, s, par["a"]))
        bad += 1
    if sum(c["b"] for c in cs) != par["b"]:
        print("children of %s: %d bytes, parent %d" %
              (pid, sum(c["b"] for c in cs), par["b"]))
        bad += 1
    for c in cs:
        if c["x"] < par["x"] - 0.02 or c["y"] < par["y"] - 0.02 or \
                c["x"] + c["w"] > par["x"] + par["w"] + 0.03 or \
                c["y"] + c["h"] > par["y"] + par["h"] + 0.03:
            print("a child of %s lies outside it" % pid)
            bad += 1
    checked += 1
print("%d rectangles, %d parents tiled, %d problems" %
      (len(p.rects), checked, bad))
sys.exit(1 if bad else 0)
