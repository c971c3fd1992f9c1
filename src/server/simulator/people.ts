/** Fake but realistic people, places and paperwork for the simulator. */
import type { Rng } from '@server/simulator/prng';
import type { District } from '@server/simulator/geo';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '沈', '陆', '顾', '蒋', '钱', '姚', '范', '金'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '婷', '浩', '宇', '欣怡', '子涵', '梓萱', '一鸣', '佳怡', '晨', '雪', '思远', '建华', '海燕', '志强', '文博', '雨桐', '嘉怡', '俊杰'];
const ROADS = ['中山路', '人民路', '解放路', '建设路', '长江路', '淮海路', '世纪大道', '南京路', '延安路', '新华路', '文化路', '学府路', '滨湖路', '湖滨路', '太湖大道', '金鸡湖大道', '钱江路', '沿江大道', '东方路', '锦绣路'];
const ESTATES = ['花园', '新村', '公寓', '苑', '华庭', '名邸', '家园', '雅苑', '佳园', '城'];
const ESTATE_HEADS = ['阳光', '绿地', '万科', '保利', '碧桂园', '融创', '金地', '中海', '龙湖', '华润', '世茂', '新城', '招商', '滨江', '翠湖'];

export const DESIGNERS = ['设计师·沈悦', '设计师·顾晨', '设计师·陆一帆', '设计师·钱佳', '设计师·吴桐', '设计师·周可', '设计师·孙浩然', '设计师·许诺', '设计师·林夕', '设计师·蒋宁'];
export const WORKSHOPS: readonly { workshop: string; lines: readonly string[] }[] = [
  { workshop: '苏州一厂', lines: ['开料1线', '封边1线', '封边2线', '钻孔1线', '包装1线'] },
  { workshop: '嘉兴二厂', lines: ['开料2线', '封边3线', '钻孔2线', '包装2线'] },
];
/** The stage a line works, by its kind (its name's first two characters): 开料 4, 封边 5, 钻孔 6, 包装 7. */
const LINE_KIND_STAGE: Readonly<Record<string, number>> = { 开料: 4, 封边: 5, 钻孔: 6, 包装: 7 };
export const stageOfLine = (line: string): number | null => LINE_KIND_STAGE[line.slice(0, 2)] ?? null;

/** A line of `workshop` that works `stage` (4..7), picked at random among those of its kind. */
export function lineFor(rng: Rng, workshop: string, stage: number): string {
  const all = WORKSHOPS.find((w) => w.workshop === workshop)?.lines ?? [];
  const fit = all.filter((l) => stageOfLine(l) === stage);
  return rng.pick(fit.length > 0 ? fit : all);
}

/** The factory a line belongs to (line names are unique across the workshops), or null. */
export const factoryOfLine = (line: string): string | null => WORKSHOPS.find((w) => w.lines.includes(line))?.workshop ?? null;

/** The carriers the warehouse books (the express carrier of resources/carriers.json is bought only by plans). */
export const CARRIERS: readonly { name: string; prefix: string }[] = [
  { name: '德邦物流', prefix: 'DPK' },
  { name: '安能物流', prefix: 'ANE' },
  { name: '顺丰快运', prefix: 'SF' },
  { name: '日日顺物流', prefix: 'RRS' },
];
export const SKU_PREFIX: Readonly<Record<string, string>> = { wardrobe: 'YG', kitchen: 'CG', bookcase: 'SG', shoe_cabinet: 'XG', tatami: 'TTM' };
export const AMOUNT_RANGE: Readonly<Record<string, [number, number]>> = {
  wardrobe: [8000, 32000],
  kitchen: [12000, 48000],
  bookcase: [4000, 16000],
  shoe_cabinet: [1800, 6500],
  tatami: [6000, 22000],
};

export function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN);
}

export function mobile(rng: Rng): string {
  return `1${rng.int(3, 9)}${rng.digits(9)}`;
}

export function addressDetail(rng: Rng): string {
  return `${rng.pick(ROADS)}${rng.int(1, 1999)}号${rng.pick(ESTATE_HEADS)}${rng.pick(ESTATES)}${rng.int(1, 36)}栋${rng.int(1, 32)}0${rng.int(1, 6)}室`;
}

/** A point near the district centre (about ±3 km). */
export function jitter(rng: Rng, d: District): { lat: number; lng: number } {
  return { lat: round6(d.lat + rng.range(-0.025, 0.025)), lng: round6(d.lng + rng.range(-0.03, 0.03)) };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function crewName(rng: Rng, d: District, n: number): string {
  return `${d.name.replace(/(新区|区|市|县)$/, '')}${rng.pick(SURNAMES)}师傅安装${n}队`;
}
