/// <reference types="vite/client" />
import type { DeskApi } from '@shared/contract';

declare global {
  interface Window {
    /** exposed by the Electron preload through contextBridge; absent in browser mode */
    dutydesk?: DeskApi;
  }
}

export {};
