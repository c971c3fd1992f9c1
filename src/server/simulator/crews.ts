/**
 * The installation crews of the simulated company: ~40 crews with a home district, 2-4
 * neighbouring districts, skills, a daily capacity and a phone for crew texts. Every district is served by some crew
 * that covers every product type's skill.
 */
import { PRODUCT_TYPES } from '@shared/vocab';
import type { CrewRow } from '@server/db/schema';
import { DISTRICTS, distanceKm, neighbours, type District } from '@server/simulator/geo';
import { crewName } from '@server/simulator/people';
import type { Rng } from '@server/simulator/prng';

export type CrewSeed = Omit<CrewRow, 'version' | 'deleted'>;

/** crews per city (40 in all); Shanghai's weight puts three crews in 浦东新区 */
const CREWS_PER_CITY: Record<string, number> = {
  上海市: 18, 苏州市: 4, 无锡市: 2, 常州市: 2, 南京市: 3, 南通市: 1, 杭州市: 4, 嘉兴市: 2, 湖州市: 1, 绍兴市: 1, 宁波市: 2,
};

export const LEAVE_DISTRICT = '浦东新区';

/**
 * The crew's mobile for crew texts: made from its index, not drawn from the generator, so adding
 * phones changed no other seeded value (the same seed gives the same crews, orders and jobs).
 */
export const crewPhone = (index: number): string => `137${String(index + 1).padStart(8, '0')}`;

export function generateCrews(rng: Rng): CrewSeed[] {
  const homes: District[] = [];
  for (const [city, n] of Object.entries(CREWS_PER_CITY)) {
    const inCity = DISTRICTS.filter((d) => d.city === city);
    if (city === '上海市') {
      // one crew per district, the rest where most orders are
      homes.push(...inCity);
      const pudong = inCity.find((d) => d.name === LEAVE_DISTRICT);
      if (pudong) homes.push(pudong, pudong);
      continue;
    }
    const chosen = new Set<District>();
    while (chosen.size < Math.min(n, inCity.length)) chosen.add(rng.weighted(inCity, (d) => d.weight));
    homes.push(...chosen);
  }
  const crews: CrewSeed[] = homes.map((home, i) => {
    const nb = neighbours(home, rng.int(2, 4)).map((d) => d.name);
    const skills: string[] = rng.sample(PRODUCT_TYPES, rng.int(2, 4));
    if (!skills.includes('wardrobe') && rng.chance(0.6)) skills.push('wardrobe');
    if (rng.chance(0.3)) skills.push('old_house');
    return {
      id: `crew-${String(i + 1).padStart(3, '0')}`,
      name: crewName(rng, home, (i % 3) + 1),
      district: home.name,
      districts: [home.name, ...nb],
      skills,
      capacityPerDay: rng.int(3, 6),
      unavailable: [],
      phone: crewPhone(i),
    };
  });
  ensureCoverage(crews);
  return crews;
}

/** Every district gets a crew, and the crews serving it cover every product type. */
function ensureCoverage(crews: CrewSeed[]): void {
  const homeOf = (c: CrewSeed) => DISTRICTS.find((d) => d.name === c.district) as District;
  for (const d of DISTRICTS) {
    let serving = crews.filter((c) => c.districts.includes(d.name));
    if (serving.length === 0) {
      const nearest = [...crews].sort((a, b) => distanceKm(homeOf(a), d) - distanceKm(homeOf(b), d))[0] as CrewSeed;
      nearest.districts.push(d.name);
      serving = [nearest];
    }
    for (const skill of PRODUCT_TYPES) {
      if (serving.some((c) => c.skills.includes(skill))) continue;
      const fewest = [...serving].sort((a, b) => a.skills.length - b.skills.length || (a.id < b.id ? -1 : 1))[0] as CrewSeed;
      fewest.skills.push(skill);
    }
  }
}
