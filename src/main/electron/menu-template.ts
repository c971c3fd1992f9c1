/**
 * The native menu (File / View / Help — 文件 / 视图 / 帮助), carrying the page's own shortcuts
 * (SHORTCUTS in @shared/war-room). Those are single keys handled by the page, so they are shown but
 * not registered (registering would swallow them while the supervisor types in a field); choosing
 * the item asks the page to run the same action. Type-only electron import: unit tested without it.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { SHORTCUTS, type MenuAction } from '@shared/war-room';
import type { MenuLang } from './about';

export interface MenuHooks {
  /** ask the page to run an action (a shortcut's, or switching the language) */
  send: (action: MenuAction) => void;
  about: () => void;
  openDataFolder: () => void;
  /** save the current shift's report as a PDF (report-export.ts: printToPDF of the report view) */
  exportReport: () => void;
}

const L = {
  file: { zh: '文件', en: 'File' },
  view: { zh: '视图', en: 'View' },
  help: { zh: '帮助', en: 'Help' },
  dataFolder: { zh: '打开数据目录', en: 'Open the data folder' },
  exportReport: { zh: '导出交班报告 (PDF)…', en: 'Export the shift report (PDF)…' },
  quit: { zh: '退出', en: 'Quit' },
  language: { zh: '切换到英文界面', en: 'Switch to Chinese' },
  reload: { zh: '重新加载', en: 'Reload' },
  fullScreen: { zh: '全屏', en: 'Full screen' },
  zoomIn: { zh: '放大', en: 'Zoom in' },
  zoomOut: { zh: '缩小', en: 'Zoom out' },
  resetZoom: { zh: '实际大小', en: 'Actual size' },
  about: { zh: '关于 DutyDesk', en: 'About DutyDesk' },
} as const;

export function menuLang(locale: string): MenuLang {
  return /^en\b/i.test(locale) ? 'en' : 'zh-CN';
}

export function menuTemplate(lang: MenuLang, hooks: MenuHooks, platform: NodeJS.Platform = process.platform): MenuItemConstructorOptions[] {
  const tr = (l: { zh: string; en: string }) => (lang === 'en' ? l.en : l.zh);
  const shortcut = (action: MenuAction): MenuItemConstructorOptions => {
    const s = SHORTCUTS.find((x) => x.action === action)!;
    return { id: action, label: lang === 'en' ? s.en : s.zh, accelerator: s.accelerator, registerAccelerator: false, click: () => hooks.send(action) };
  };
  return [
    {
      label: tr(L.file),
      submenu: [
        shortcut('search'),
        { type: 'separator' },
        { id: 'exportReport', label: tr(L.exportReport), click: hooks.exportReport },
        { id: 'dataFolder', label: tr(L.dataFolder), click: hooks.openDataFolder },
        { type: 'separator' },
        { id: 'quit', label: tr(L.quit), role: 'quit', accelerator: platform === 'darwin' ? 'Cmd+Q' : 'Ctrl+Q' },
      ],
    },
    {
      label: tr(L.view),
      submenu: [
        shortcut('nextIncident'),
        shortcut('previousIncident'),
        shortcut('openIncident'),
        shortcut('close'),
        { type: 'separator' },
        { id: 'toggleLanguage', label: tr(L.language), click: () => hooks.send('toggleLanguage') },
        { type: 'separator' },
        { id: 'reload', label: tr(L.reload), role: 'reload', accelerator: 'CmdOrCtrl+R' },
        { id: 'fullScreen', label: tr(L.fullScreen), role: 'togglefullscreen', accelerator: platform === 'darwin' ? 'Ctrl+Cmd+F' : 'F11' },
        { id: 'zoomIn', label: tr(L.zoomIn), role: 'zoomIn', accelerator: 'CmdOrCtrl+=' },
        { id: 'zoomOut', label: tr(L.zoomOut), role: 'zoomOut', accelerator: 'CmdOrCtrl+-' },
        { id: 'resetZoom', label: tr(L.resetZoom), role: 'resetZoom', accelerator: 'CmdOrCtrl+0' },
      ],
    },
    {
      label: tr(L.help),
      role: 'help',
      submenu: [shortcut('help'), { type: 'separator' }, { id: 'about', label: tr(L.about), click: hooks.about }],
    },
  ];
}
