/** Wall mode (`?wall=1`): read only, large type, the bottom panel cycling. Read once at start. */
export function isWallMode(href: string = window.location.href): boolean {
  try {
    return new URL(href).searchParams.get('wall') === '1';
  } catch {
    return false;
  }
}
