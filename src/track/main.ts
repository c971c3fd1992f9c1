/**
 * The customer self-service page (客户自助查询页, issue 18): phone → code → the phone's orders → one
 * order. Hash routes (#/orders, #/orders/<orderNo>) so the phone's back button works, also inside
 * WeChat's in-app browser; the session itself is the server's HttpOnly cookie.
 */
import { dropPrefetch } from './api';
import type { Ctx } from './context';
import { h } from './dom';
import { sessionLikely } from './session';
import { TEXT, langOf, type Lang } from './text';
import { codeScreen } from './views/code';
import { listScreen } from './views/list';
import { orderScreen } from './views/order';
import { phoneScreen } from './views/phone';
import './style.css';

const LANG_KEY = 'dd_track_lang';

function storedLang(): string | null {
  try {
    return localStorage.getItem(LANG_KEY);
  } catch {
    return null;
  }
}

function boot(): void {
  const main = document.getElementById('main')!;
  const lang = langOf(storedLang(), navigator.language);
  const ctx: Ctx = {
    main,
    lang,
    t: TEXT[lang],
    phone: null,
    start(error) {
      if (location.hash) history.replaceState(null, '', location.pathname + location.search);
      phoneScreen(ctx, error);
    },
    code(phone) {
      ctx.phone = phone;
      codeScreen(ctx, phone);
    },
    go(hash) {
      if (location.hash === hash) route();
      else location.hash = hash;
    },
  };

  const setLang = (l: Lang) => {
    ctx.lang = l;
    ctx.t = TEXT[l];
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
    document.title = ctx.t.title;
    brand.textContent = ctx.t.brand;
    toggle.textContent = ctx.t.lang;
    toggle.lang = l === 'zh' ? 'en' : 'zh-CN';
  };
  const brand = document.querySelector('.brand')!;
  const toggle = h('button', { type: 'button', class: 'lang' });
  toggle.addEventListener('click', () => {
    const next: Lang = ctx.lang === 'zh' ? 'en' : 'zh';
    try {
      localStorage.setItem(LANG_KEY, next);
    } catch {
      // storage refused: the choice holds for this visit
    }
    setLang(next);
    route();
  });
  document.querySelector('header')!.append(toggle);
  setLang(lang);

  const route = () => {
    const m = /^#\/orders(?:\/(.+))?$/.exec(location.hash);
    if (m && m[1] !== undefined) void orderScreen(ctx, decodeURIComponent(m[1]));
    else if (m) void listScreen(ctx);
    else phoneScreen(ctx);
    // each screen asks for its data before its first await: what it left of the early request is stale
    dropPrefetch();
  };
  window.addEventListener('hashchange', route);
  if (!location.hash && sessionLikely(Date.now())) ctx.go('#/orders');
  else route();
}

boot();
