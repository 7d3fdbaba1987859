// Small timing helpers for search-as-you-type.

export interface Debounced {
  /** (Re)start the wait; the action runs `delayMs` after the last call. */
  schedule(): void;
  /** Run now if a run is waiting; resolves when that run (or the one already running) has finished. */
  flush(): Promise<void>;
  /** Run now, whether or not a run was waiting. */
  now(): Promise<void>;
  cancel(): void;
}

export function debounce(action: () => Promise<void>, delayMs: number): Debounced {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> = Promise.resolve();

  const run = () => {
    timer = null;
    running = action().catch(() => {
      // The action reports its own errors; a failure must not break later runs.
    });
    return running;
  };

  return {
    schedule() {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(run, delayMs);
    },
    flush() {
      if (timer !== null) {
        clearTimeout(timer);
        return run();
      }
      return running;
    },
    now() {
      if (timer !== null) clearTimeout(timer);
      return run();
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}

/** Hands out tickets so that only the answer to the latest request is used, whatever order answers arrive in. */
export class LatestOnly {
  private issued = 0;

  next(): number {
    this.issued += 1;
    return this.issued;
  }

  isLatest(ticket: number): boolean {
    return ticket === this.issued;
  }
}

/** Runs tasks one after another, in the order they were queued (e.g. cart edits, then the submit). */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  /** Tasks queued and not yet settled. */
  private waiting = 0;

  /**
   * Runs `task` after everything queued before it. With nothing queued it starts at once, in the caller's own
   * turn: a keystroke's save then leaves for the backend before the page goes on to move the focus and redraw.
   */
  run<T>(task: () => Promise<T>): Promise<T> {
    const start = async () => task();
    const result = this.waiting === 0 ? start() : this.tail.then(start, start);
    this.waiting += 1;
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.tail = settled.then(() => {
      this.waiting -= 1;
    });
    return result;
  }

  /** Resolves once everything queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
