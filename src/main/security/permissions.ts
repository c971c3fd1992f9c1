/**
 * Web permissions (camera, geolocation, notifications, clipboard, HID, …): the desk needs none,
 * so every request and every check is denied, whoever asks. Electron-free, so it is unit-tested.
 * A permission the desk ever needs is added here, by name, for the desk's own pages only.
 */
export const GRANTED_PERMISSIONS: readonly string[] = [];

export function permissionAllowed(permission: string, requestingUrl: string, isOwnUrl: (url: string) => boolean): boolean {
  return GRANTED_PERMISSIONS.includes(permission) && isOwnUrl(requestingUrl);
}
