import type { DeskMethod } from '@shared/contract';

declare global {
  /** the contract's method names, written in by electron.vite.config.ts (`define`) */
  const __DESK_METHODS__: readonly DeskMethod[];
}
