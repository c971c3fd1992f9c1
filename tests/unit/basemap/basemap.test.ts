import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The offline base map produced by scripts/basemap/build.mjs (see resources/basemap/SOURCES.md).
const file = (name: string) => fileURLToPath(new URL(`../../../resources/basemap/${name}`, import.meta.url));

type Position = [number, number];
type Geometry = { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };
interface Props {
  name: string;
  adcode: string;
  level: 'province' | 'city' | 'district';
  province: string;
  city?: string;
  center: Position;
}
interface Feature {
  type: 'Feature';
  properties: Props;
  geometry: Geometry;
}
interface District {
  adcode: string;
  name: string;
  province: string;
  city: string;
  lng: number;
  lat: number;
  hasPolygon: boolean;
}

const geo = JSON.parse(readFileSync(file('east-china.geo.json'), 'utf8')) as { type: string; features: Feature[] };
const districts = JSON.parse(readFileSync(file('districts.json'), 'utf8')) as District[];

const SHANGHAI = ['黄浦区', '徐汇区', '长宁区', '静安区', '普陀区', '虹口区', '杨浦区', '闵行区', '宝山区', '嘉定区', '浦东新区', '金山区', '松江区', '青浦区', '奉贤区', '崇明区'];
const CITIES = ['苏州市', '无锡市', '常州市', '南京市', '南通市', '杭州市', '嘉兴市', '湖州市', '绍兴市', '宁波市'];
const inEastChina = ([lng, lat]: Position) => lng >= 115 && lng <= 123 && lat >= 27 && lat <= 35;
const polygonsOf = (g: Geometry): Position[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

describe('offline base map (resources/basemap)', () => {
  it('parses as a FeatureCollection with the documented properties', () => {
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features.length).toBeGreaterThan(100);
    for (const f of geo.features) {
      const p = f.properties;
      expect(typeof p.name).toBe('string');
      expect(p.adcode).toMatch(/^\d{6}$/);
      expect(['province', 'city', 'district']).toContain(p.level);
      expect(typeof p.province).toBe('string');
      if (p.level === 'district') expect(typeof p.city).toBe('string');
      expect(p.center).toHaveLength(2);
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
    }
    expect(Array.isArray(districts)).toBe(true);
  });

  it('has the provinces 上海市, 江苏省, 浙江省 as outlines', () => {
    const provinces = geo.features.filter((f) => f.properties.level === 'province');
    const byName = new Map(provinces.map((f) => [f.properties.name, f.properties.adcode]));
    expect(byName.get('上海市')).toBe('310000');
    expect(byName.get('江苏省')).toBe('320000');
    expect(byName.get('浙江省')).toBe('330000');
  });

  it('has all 16 official Shanghai districts with 3101 adcodes', () => {
    const sh = geo.features.filter((f) => f.properties.level === 'district' && f.properties.province === '上海市');
    expect(sh.map((f) => f.properties.name).sort()).toEqual([...SHANGHAI].sort());
    for (const f of sh) expect(f.properties.adcode).toMatch(/^3101\d\d$/);
    for (const name of SHANGHAI) {
      const d = districts.find((x) => x.name === name && x.province === '上海市');
      expect(d?.adcode, name).toMatch(/^3101\d\d$/);
    }
  });

  it('has districts for the 10 named cities, and a city feature for each', () => {
    for (const city of CITIES) {
      const polys = geo.features.filter((f) => f.properties.level === 'district' && f.properties.city === city);
      expect(polys.length, city).toBeGreaterThanOrEqual(4);
      expect(districts.filter((d) => d.city === city).length, city).toBeGreaterThanOrEqual(polys.length);
      const c = geo.features.find((f) => f.properties.level === 'city' && f.properties.name === city);
      expect(c, city).toBeDefined();
      for (const f of polys) expect(f.properties.adcode.slice(0, 4)).toBe(c!.properties.adcode.slice(0, 4));
    }
  });

  it('keeps districts.json and the GeoJSON consistent', () => {
    const adcodes = districts.map((d) => d.adcode);
    expect(new Set(adcodes).size).toBe(adcodes.length);
    const geoDistricts = geo.features.filter((f) => f.properties.level === 'district');
    for (const f of geoDistricts) {
      const d = districts.find((x) => x.adcode === f.properties.adcode);
      expect(d, f.properties.name).toBeDefined();
      expect(d!.name).toBe(f.properties.name);
      expect([d!.lng, d!.lat]).toEqual(f.properties.center);
      expect(d!.hasPolygon).toBe(true);
    }
    expect(districts.filter((d) => d.hasPolygon).length).toBe(geoDistricts.length);
  });

  it('puts every centre inside plausible East China bounds', () => {
    for (const f of geo.features) expect(inEastChina(f.properties.center), f.properties.name).toBe(true);
    for (const d of districts) expect(inEastChina([d.lng, d.lat]), d.name).toBe(true);
  });

  it('has closed polygon rings of at least 4 points', () => {
    const bad: string[] = [];
    for (const f of geo.features) {
      const name = f.properties.name;
      const polys = polygonsOf(f.geometry);
      if (polys.length === 0) bad.push(`${name}: no polygon`);
      for (const poly of polys) {
        if (poly.length === 0) bad.push(`${name}: empty polygon`);
        for (const ring of poly) {
          const first = ring[0];
          const last = ring[ring.length - 1];
          if (ring.length < 4) bad.push(`${name}: ring of ${ring.length} points`);
          else if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) bad.push(`${name}: open ring`);
          // vertices stay in the region (a little wider than the centre bounds: outlines reach the coast and Anhui)
          if (ring.some(([lng, lat]) => !(lng > 114 && lng < 124 && lat > 26 && lat < 36))) bad.push(`${name}: vertex out of region`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
