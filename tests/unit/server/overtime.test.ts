import { describe, expect, it } from 'vitest';
import { ArgError, parseArgs } from '@server/cli/args';
import { withOvertime } from '@server/commands/crews';
import { parseCommand } from '@server/commands/parse';
import { decideCommand } from '@server/commands/decide';
import { loadKey, rowKey, type Item, type Row, type World } from '@server/commands/types';
import { chooseCrew } from '@server/domain/booking';
import { capacityOn } from '@shared/crew-rules';
import { smsText } from '@server/notify/webhook';

const crew = (id: string, over: Partial<Row> = {}): Row => ({ id, version: 5, deleted: false, skills: ['wardrobe'], capacityPerDay: 1, unavailable: [], districts: ['徐汇区'], district: '徐汇区', overtime: [], ...over });
const job = (id: string): Row => ({ id, version: 3, deleted: false, orderId: `o${id}`, crewId: null, date: null, window: null, skill: 'wardrobe', status: 'unbooked' });
const order = (id: string): Row => ({ id, version: 3, deleted: false, stage: 10, causes: [], crewId: null, bookedSlot: null, note: null });
const DAY = '2026-03-02';

function world(rows: [string, Row][], loads: [string, number][] = []): World {
  return { rows: new Map(rows.map(([e, r]) => [rowKey(e, r.id), r])), loads: new Map(loads), mutations: new Map() };
}

const items = (type: string, payload: unknown): Item[] => {
  const p = parseCommand(type, payload);
  if (!p.ok) throw new Error(p.message);
  return p.items;
};

const codeOf = (w: World, list: Item[]) => {
  const r = decideCommand(w, list);
  return r.ok ? 'applied' : r.rejection.code;
};

describe('overtime', () => {
  it('keeps one entry per date, sorted, and 0 removes it', () => {
    const days = withOvertime(withOvertime([], '2026-03-05', 2), DAY, 1);
    expect(days).toEqual([{ date: DAY, extraJobs: 1 }, { date: '2026-03-05', extraJobs: 2 }]);
    expect(withOvertime(days, DAY, 3)).toEqual([{ date: DAY, extraJobs: 3 }, { date: '2026-03-05', extraJobs: 2 }]);
    expect(withOvertime(days, DAY, 0)).toEqual([{ date: '2026-03-05', extraJobs: 2 }]);
  });

  it('adds to the capacity of that date only, also when booking from the floor', () => {
    const c = { id: 'c1', district: '徐汇区', districts: ['徐汇区'], skills: ['wardrobe'], capacityPerDay: 2, unavailable: [], overtime: [{ date: DAY, extraJobs: 2 }] };
    expect(capacityOn(c, DAY)).toBe(4);
    expect(capacityOn(c, '2026-03-03')).toBe(2);
    expect(capacityOn({ capacityPerDay: 2 }, DAY)).toBe(2);
    expect(chooseCrew([c], () => 3, { district: '徐汇区', skill: 'wardrobe', fromDate: DAY, days: 2 })).toEqual({ crewId: 'c1', date: DAY });
  });

  it('counts overtime set earlier in the same batch, and refuses lowering it below the booked jobs', () => {
    const w = world([['crew', crew('c1')], ['job', job('1')], ['job', job('2')], ['order', order('o1')], ['order', order('o2')]], [[loadKey('c1', DAY), 1]]);
    const reassign = { type: 'job.reassign', payload: { jobs: [{ jobId: '1', crewId: 'c1', date: DAY, expectedVersion: 3 }] } };
    const overtime = (extraJobs: number) => ({ type: 'crew.overtime', payload: { crews: [{ crewId: 'c1', date: DAY, extraJobs, expectedVersion: 5 }] } });
    expect(codeOf(w, items('batch', { commands: [reassign] }))).toBe('over_capacity');
    expect(codeOf(w, items('batch', { commands: [overtime(1), reassign] }))).toBe('applied');
    // the order inside a batch does not matter: capacity is checked on the final state
    expect(codeOf(w, items('batch', { commands: [reassign, overtime(1)] }))).toBe('applied');
    const booked = world([['crew', crew('c1', { overtime: [{ date: DAY, extraJobs: 2 }] })]], [[loadKey('c1', DAY), 3]]);
    expect(codeOf(booked, items('crew.overtime', overtime(2).payload))).toBe('applied');
    expect(codeOf(booked, items('crew.overtime', overtime(1).payload))).toBe('over_capacity');
  });

  it('answers conflict before not_found before crew_unavailable; removing overtime on leave is allowed', () => {
    const leave = crew('c2', { unavailable: [{ from: DAY, to: DAY, reason: '病假' }], overtime: [{ date: DAY, extraJobs: 1 }] });
    const w = world([['crew', crew('c1')], ['crew', leave]], [[loadKey('c2', DAY), 0]]);
    const item = (crewId: string, extraJobs: number, expectedVersion = 5) => ({ crewId, date: DAY, extraJobs, expectedVersion });
    expect(codeOf(w, items('crew.overtime', { crews: [item('c2', 2), item('nope', 1), item('c1', 1, 4)] }))).toBe('conflict');
    expect(codeOf(w, items('crew.overtime', { crews: [item('c2', 2), item('nope', 1)] }))).toBe('not_found');
    expect(codeOf(w, items('crew.overtime', { crews: [item('c2', 2)] }))).toBe('crew_unavailable');
    const r = decideCommand(w, items('crew.overtime', { crews: [item('c2', 0)] }));
    expect(r.ok && r.plan.images).toEqual([{ entity: 'crew', id: 'c2', named: true, before: { overtime: [{ date: DAY, extraJobs: 1 }] }, after: { overtime: [] } }]);
  });
});

describe('SMS text and flags', () => {
  it('renders the template with the order’s customer and number', () => {
    const text = smsText({ id: 'n1', orderId: 'o1', template: 'install_booked', params: { date: DAY, window: '09:00-12:00', orderNo: 'ignored' }, order: { orderNo: 'TM-1', customerName: '王芳', customerPhone: '139' } });
    expect(text).toBe('【华东定制家居】尊敬的王芳，您的订单TM-1已预约安装：2026-03-02 09:00-12:00。');
  });

  it('fills the crew, date and window from the order’s booking when the command did not name them (a plan’s texts)', () => {
    const order = { orderNo: 'TM-2', customerName: '李雷', customerPhone: '138', bookedSlot: '2026-03-03 13:00-17:00', crewName: '浦东2组' };
    expect(smsText({ id: 'n2', orderId: 'o2', template: 'install_reassigned', params: null, order })).toBe('【华东定制家居】尊敬的李雷，您的订单TM-2的安装改由浦东2组负责，时间2026-03-03 13:00-17:00。给您带来不便，敬请谅解。');
    expect(smsText({ id: 'n3', orderId: 'o2', template: 'install_rescheduled', params: { amountYuan: 150 }, order })).toContain('改期至2026-03-03 13:00-17:00，我们将按超时赔付标准补偿您¥150');
  });

  it('parses --sms-webhook and its secret', () => {
    const base = ['serve', '--db', 'a.db', '--port', '0'];
    expect(parseArgs([...base, '--sms-webhook', 'https://sms.example.com/send', '--sms-webhook-secret', 'x'])).toMatchObject({ smsWebhook: { url: 'https://sms.example.com/send', secret: 'x' } });
    expect(parseArgs(base)).not.toHaveProperty('smsWebhook');
    const err = (argv: string[]) => {
      try {
        parseArgs(argv);
        return 'ok';
      } catch (e) {
        if (e instanceof ArgError) return e.message;
        throw e;
      }
    };
    expect(err([...base, '--sms-webhook', 'ftp://x'])).toContain('--sms-webhook:');
    expect(err([...base, '--sms-webhook', 'not a url'])).toContain('--sms-webhook:');
    expect(err([...base, '--sms-webhook-secret', 'x'])).toContain('--sms-webhook-secret: only with --sms-webhook');
  });
});
