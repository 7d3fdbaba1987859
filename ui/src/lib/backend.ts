// Every call to the Rust side goes through this module: the commands, generated from their Rust declarations
// (src-tauri/src/commands.rs), and the events the Rust side sends.
import { listen } from "@tauri-apps/api/event";
import { hasBackend } from "./invoke";
import type { SyncProgress } from "./types";

export { hasBackend, isApiError, toApiError } from "./invoke";
export * from "./generated/commands";

/** Calls `handler` with each sync progress report (at most ten a second); returns how to stop listening. */
export async function onSyncProgress(handler: (progress: SyncProgress) => void): Promise<() => void> {
  if (!hasBackend()) return () => {};
  return listen<SyncProgress>("sync-progress", (event) => handler(event.payload));
}
