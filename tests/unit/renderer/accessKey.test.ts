import { describe, expect, it } from 'vitest';
import { ACCESS_KEY_STORAGE, eventsUrl, takeAccessKey, type KeyStorage } from '@renderer/api/accessKey';

function memoryStorage(): KeyStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('access key (browser mode)', () => {
  it('takes the key from the URL, keeps it, and strips it from the visible URL', () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const key = takeAccessKey({ href: 'http://127.0.0.1:5123/?key=abc&wall=1#map', storage, replaceUrl: (u) => replaced.push(u) });
    expect(key).toBe('abc');
    expect(storage.data.get(ACCESS_KEY_STORAGE)).toBe('abc');
    expect(replaced).toEqual(['/?wall=1#map']);
  });

  it('reads the kept key after a reload without touching the URL', () => {
    const storage = memoryStorage();
    storage.setItem(ACCESS_KEY_STORAGE, 'kept');
    const replaced: string[] = [];
    expect(takeAccessKey({ href: 'http://127.0.0.1:5123/', storage, replaceUrl: (u) => replaced.push(u) })).toBe('kept');
    expect(replaced).toEqual([]);
  });

  it('has no key when neither URL nor storage has one', () => {
    expect(takeAccessKey({ href: 'http://127.0.0.1:5123/', storage: null, replaceUrl: () => {} })).toBeNull();
  });

  it('builds the events URL on the page origin', () => {
    expect(eventsUrl('http://127.0.0.1:5123/x?y=1', 'a b')).toBe('ws://127.0.0.1:5123/api/events?key=a%20b');
    expect(eventsUrl('https://desk.example/', null)).toBe('wss://desk.example/api/events');
  });
});
