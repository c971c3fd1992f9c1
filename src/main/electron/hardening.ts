/**
 * Electron's security checklist, applied once for the whole app: every window sandboxed and
 * isolated, permissions denied by default, navigation and new windows blocked, webviews refused.
 */
import { app, session, shell } from 'electron';
import { contentSecurityPolicy } from '@main/transports/security-headers';

export { secureWebPreferences } from './web-preferences';

/** Only these external pages may be opened in the system browser. */
const EXTERNAL_ALLOW_LIST = [/^https:\/\/www\.electronjs\.org\//];

export function hardenApp(isOwnUrl: (url: string) => boolean): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy()] } });
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isOwnUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isOwnUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (EXTERNAL_ALLOW_LIST.some((re) => re.test(url))) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
      return { action: 'deny' };
    });
  });
}
