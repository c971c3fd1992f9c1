import type { DeskApi } from '@shared/contract';
import type { LinkListener } from '@renderer/api/link';

/** The desk API as the renderer holds it: the contract, plus what the transport can tell. */
export type DeskClient = DeskApi & {
  /** the renderer ↔ back end event link, when the transport can lose it (browser mode) */
  watchLink?: (listener: LinkListener) => () => void;
  transport: 'ipc' | 'http';
};
