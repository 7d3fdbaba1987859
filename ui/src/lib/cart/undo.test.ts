import { describe, expect, it } from "vitest";
import { UndoStack, type QuantityChange } from "./undo";

const change = (code: string, from: number, to: number): QuantityChange => ({ code, name: `P${code}`, from, to });

describe("UndoStack", () => {
  it("undoes the last change by putting the previous quantity back, then redoes it", () => {
    const stack = new UndoStack();
    stack.record(change("A", 0, 12)); // added
    stack.record(change("B", 5, 10));
    expect(stack.undo()).toEqual([change("B", 10, 5)]);
    expect(stack.undo()).toEqual([change("A", 12, 0)]); // 0: the line leaves the cart again
    expect(stack.undo()).toBeNull();
    expect(stack.canUndo).toBe(false);
    expect(stack.redo()).toEqual([change("A", 0, 12)]);
    expect(stack.redo()).toEqual([change("B", 5, 10)]);
    expect(stack.redo()).toBeNull();
  });

  it("forgets what was undone once a new change is made", () => {
    const stack = new UndoStack();
    stack.record(change("A", 0, 6));
    stack.undo();
    expect(stack.canRedo).toBe(true);
    stack.record(change("B", 0, 6));
    expect(stack.canRedo).toBe(false);
    expect(stack.redo()).toBeNull();
  });

  it("undoes a step of several changes together, latest first", () => {
    const stack = new UndoStack();
    stack.record([change("A", 1, 2), change("B", 3, 4)]);
    expect(stack.undo()).toEqual([change("B", 4, 3), change("A", 2, 1)]);
    expect(stack.redo()).toEqual([change("A", 1, 2), change("B", 3, 4)]);
  });

  it("ignores changes that change nothing", () => {
    const stack = new UndoStack();
    stack.record(change("A", 6, 6));
    stack.record([]);
    expect(stack.canUndo).toBe(false);
  });

  it("keeps only the latest steps", () => {
    const stack = new UndoStack(3);
    for (let i = 1; i <= 5; i++) stack.record(change("A", i - 1, i));
    expect(stack.depth).toEqual({ undo: 3, redo: 0 });
    expect(stack.undo()).toEqual([change("A", 5, 4)]);
    stack.undo();
    expect(stack.undo()).toEqual([change("A", 3, 2)]);
    expect(stack.undo()).toBeNull();
  });

  it("is emptied by clear", () => {
    const stack = new UndoStack();
    stack.record(change("A", 0, 1));
    stack.undo();
    stack.record(change("B", 0, 1));
    stack.clear();
    expect(stack.depth).toEqual({ undo: 0, redo: 0 });
  });

  it("does not share the recorded objects", () => {
    const stack = new UndoStack();
    const c = change("A", 0, 1);
    stack.record(c);
    c.to = 99;
    expect(stack.undo()).toEqual([change("A", 1, 0)]);
  });
});
