/**
 * The desk's estimate of the order server's clock. The server may run fast (the simulator's
 * clockRate), so "now" for every overdue rule is the server's, never the desk's wall clock.
 */
export class ServerClock {
  private serverMs: number | null = null;
  private localMs = 0;
  private rate = 1;
  /** before the first hello: the server time the replica was last complete at (see assumeUntilHello) */
  private assumed: number | null = null;

  constructor(private readonly localNow: () => number = Date.now) {}

  sync(serverNowIso: string, clockRate?: number): void {
    const ms = Date.parse(serverNowIso);
    if (Number.isNaN(ms)) return;
    this.serverMs = ms;
    this.localMs = this.localNow();
    if (clockRate && clockRate > 0) this.rate = clockRate;
  }

  /**
   * A back end that starts while the server is down has no server time yet; rather than the
   * machine's clock (which may be hours or, against a simulated server, days away), the rules use
   * the last server time the replica was complete at, held still until the server answers.
   */
  assumeUntilHello(serverMs: number): void {
    this.assumed = serverMs;
  }

  get known(): boolean {
    return this.serverMs !== null;
  }

  get clockRate(): number {
    return this.rate;
  }

  now(): number {
    if (this.serverMs === null) return this.assumed ?? this.localNow();
    return this.serverMs + (this.localNow() - this.localMs) * this.rate;
  }
}
