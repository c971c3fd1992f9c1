/**
 * The preload: exposes the desk API contract to the sandboxed renderer as named functions only.
 * Never raw ipcRenderer. Type-only import, so nothing but this file ends up in the CommonJS bundle.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { DeskApi, DeskEvent, DeskInput, DeskMethod, DeskOutput } from '@shared/contract';

type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

function call<M extends DeskMethod>(method: M): (input: DeskInput<M>) => Promise<DeskOutput<M>> {
  return async (input) => {
    const reply = (await ipcRenderer.invoke(`desk:${method}`, input ?? {})) as Envelope;
    if (reply.ok) return reply.value as DeskOutput<M>;
    const err = new Error(`${reply.error.code}: ${reply.error.message}`);
    (err as Error & { code?: string }).code = reply.error.code;
    throw err;
  };
}

const dutydesk = {
  status: call('status'),
  digest: call('digest'),
  overview: call('overview'),
  overdueOrders: call('overdueOrders'),
  commands: call('commands'),
  verify: call('verify'),
  tagCause: call('tagCause'),
  addNote: call('addNote'),
  reassignJobs: call('reassignJobs'),
  incidents: call('incidents'),
  incidentBoard: call('incidentBoard'),
  setIncidentState: call('setIncidentState'),
  mapSnapshot: call('mapSnapshot'),
  bottlenecks: call('bottlenecks'),
  crewLoad: call('crewLoad'),
  findOrders: call('findOrders'),
  diagnoseOrder: call('diagnoseOrder'),
  auditTrail: call('auditTrail'),
  shiftReport: call('shiftReport'),
  saveShiftNotes: call('saveShiftNotes'),
  plans: call('plans'),
  replan: call('replan'),
  applyPlan: call('applyPlan'),
  undo: call('undo'),
  actions: call('actions'),
  autoPolicy: call('autoPolicy'),
  setAutoRule: call('setAutoRule'),
  crewSuggestions: call('crewSuggestions'),
  subscribe(listener: (event: DeskEvent) => void): () => void {
    const handler = (_event: unknown, payload: DeskEvent) => listener(payload);
    ipcRenderer.on('desk:event', handler);
    return () => {
      ipcRenderer.removeListener('desk:event', handler);
    };
  },
} satisfies DeskApi;

contextBridge.exposeInMainWorld('dutydesk', dutydesk);
