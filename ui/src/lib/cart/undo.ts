// Undo / redo of quantity changes in the cart (Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y). A step is one or more changes
// made together; undoing a step gives the changes that put the quantities back (0 removes a line again).

export type QuantityChange = {
  code: string;
  /** For the announcement ("已撤销：中华(硬) 12 → 0"). */
  name: string;
  from: number;
  to: number;
};

export const UNDO_LIMIT = 100;

export class UndoStack {
  private done: QuantityChange[][] = [];
  private undone: QuantityChange[][] = [];

  constructor(private readonly limit = UNDO_LIMIT) {}

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  get depth(): { undo: number; redo: number } {
    return { undo: this.done.length, redo: this.undone.length };
  }

  /** A new change (not an undo or redo): it can be undone, and what was undone can no longer be redone. */
  record(step: QuantityChange | readonly QuantityChange[]): void {
    const changes = (Array.isArray(step) ? step : [step]).filter((c) => c.from !== c.to);
    if (changes.length === 0) return;
    this.done.push(changes.map((c) => ({ ...c })));
    if (this.done.length > this.limit) this.done.splice(0, this.done.length - this.limit);
    this.undone = [];
  }

  /** The changes that undo the last step (latest first), now redoable; null when there is nothing to undo. */
  undo(): QuantityChange[] | null {
    const step = this.done.pop();
    if (!step) return null;
    this.undone.push(step);
    return [...step].reverse().map((c) => ({ ...c, from: c.to, to: c.from }));
  }

  /** The changes of the last undone step, again; null when there is nothing to redo. */
  redo(): QuantityChange[] | null {
    const step = this.undone.pop();
    if (!step) return null;
    this.done.push(step);
    return step.map((c) => ({ ...c }));
  }

  clear(): void {
    this.done = [];
    this.undone = [];
  }
}
