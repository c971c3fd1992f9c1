/**
 * Electron's security checklist, applied once for the whole app: every window sandboxed and
 * isolated, permissions denied by default (requests and checks), navigation and new windows
 * blocked, webviews refused, external links only to allow-listed https hosts. The rules live in
 * electron-free modules (src/main/security/*) and are unit-tested there.
 */
import { app, session, shell } from 'electron';
import { isAllowedExternalUrl } from '@main/security/external-links';
import { permissionAllowed } from '@main/security/permissions';

export { secureWebPreferences } from './web-preferences';

export function hardenApp(isOwnUrl: (url: string) => boolean): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => callback(permissionAllowed(permission, details.requestingUrl, isOwnUrl)));
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin, isOwnUrl));
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    // the same literal as CONTENT_SECURITY_POLICY in @main/transports/security-headers (a unit test keeps them equal)
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ],
      },
    });
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isOwnUrl(url)) event.preventDefault();
    });
    contents.on('will-frame-navigate', (event) => {
      if (!isOwnUrl(event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isOwnUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // allow-listed https hosts only, parsed not pattern-matched (docs/decisions/0022)
      if (isAllowedExternalUrl(url)) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
      return { action: 'deny' };
    });
  });
}
