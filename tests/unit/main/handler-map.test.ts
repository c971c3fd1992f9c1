// The back end's handler map is combined from the features' maps: every contract method exactly once.
import { describe, expect, it } from 'vitest';
import { DESK_METHODS, type DeskHandlers } from '@shared/contract';
import { combineHandlers } from '@main/handler-map';

const handler = () => ({}) as never;
const all = Object.fromEntries(DESK_METHODS.map((m) => [m, handler])) as unknown as DeskHandlers;
const without = (method: string) => Object.fromEntries(Object.entries(all).filter(([m]) => m !== method));

describe('combineHandlers', () => {
  it('takes features that together handle every contract method once', () => {
    const [first, ...rest] = DESK_METHODS;
    const combined = combineHandlers({ a: { [first!]: handler }, b: Object.fromEntries(rest.map((m) => [m, handler])) });
    expect(Object.keys(combined).sort()).toEqual([...DESK_METHODS].sort());
  });

  it('names a method two features both handle', () => {
    expect(() => combineHandlers({ warRoom: all, plans: { status: handler } })).toThrow('desk method status: handled by both warRoom and plans');
  });

  it('names the methods nobody handles', () => {
    expect(() => combineHandlers({ sync: without('verify') })).toThrow('desk methods without a handler: verify');
  });

  it('refuses a handler for a method the contract does not have', () => {
    expect(() => combineHandlers({ sync: { ...all, selfDestruct: handler } as never })).toThrow('desk method selfDestruct (sync): not in the contract');
  });
});
