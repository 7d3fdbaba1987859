// Usual products (常用商品) rank first in search. The backend can pin and unpin them but not list them yet, so
// this only knows what was pinned in this session: those rows offer "unpin"; every other row offers "pin".
import * as backend from "../backend";
import { app } from "../app/app.svelte";
import type { MessageKey } from "../i18n/messages";

export const TOAST_MS = 4000;

export type Toast = { key: MessageKey; name: string; id: number };

class UsualStore {
  /** Codes pinned in this session (and not unpinned since). */
  pinned = $state<Set<string>>(new Set());
  /** Codes whose pin / unpin is on its way. */
  pending = $state<Set<string>>(new Set());
  /** The last confirmation, shown briefly. */
  toast = $state<Toast | null>(null);

  private timer: ReturnType<typeof setTimeout> | null = null;
  private toastId = 0;

  isPinned(code: string): boolean {
    return this.pinned.has(code);
  }

  /** Pin the product, or unpin it when it was pinned in this session. Resolves to false when refused. */
  async toggle(code: string, name: string): Promise<boolean> {
    if (this.pending.has(code)) return false;
    const usual = !this.pinned.has(code);
    this.pending = new Set(this.pending).add(code);
    try {
      await backend.setUsualProduct(code, usual);
      const next = new Set(this.pinned);
      if (usual) next.add(code);
      else next.delete(code);
      this.pinned = next;
      this.show({ key: usual ? "usual.pinned" : "usual.unpinned", name, id: ++this.toastId });
      app.clearError("usual");
      return true;
    } catch (e) {
      app.report("usual", e);
      return false;
    } finally {
      const rest = new Set(this.pending);
      rest.delete(code);
      this.pending = rest;
    }
  }

  private show(toast: Toast) {
    this.toast = toast;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.toast = null;
      this.timer = null;
    }, TOAST_MS);
  }

  reset() {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pinned = new Set();
    this.pending = new Set();
    this.toast = null;
  }
}

export const usual = new UsualStore();
