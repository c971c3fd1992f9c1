// In Electron the renderer's events come through the preload: they pass the same contract guard
// (DeskEvent) as browser mode's event socket, so neither transport hands the page an event the
// contract does not describe.
import { describe, expect, it } from 'vitest';
import type { DeskEvent } from '@shared/contract';

describe('the Electron transport', () => {
  it('hands the page only events the contract describes', async () => {
    let push: (event: unknown) => void = () => {};
    (globalThis as { window?: unknown }).window = { dutydesk: { subscribe: (l: (e: unknown) => void) => ((push = l), () => {}) } };
    const { getDeskApi } = await import('@renderer/api/deskClient');
    const got: DeskEvent[] = [];
    getDeskApi().subscribe((e) => got.push(e));
    push({ type: 'auto', run: { at: '2026-12-07T21:00:00+08:00', incidentId: 'i', title: 't', cause: 'logistics', actionId: null, moved: 0, outcome: 'skipped', detail: null } });
    push({ type: 'overview', overview: {} });
    push({ type: 'menu', action: 'search' });
    push('status');
    expect(got.map((e) => e.type)).toEqual(['auto', 'menu']);
    expect(getDeskApi().transport).toBe('ipc');
  });
});
