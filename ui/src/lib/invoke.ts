// The one way to the Rust side: commands take one camelCase argument object and reject with an ApiError; anything
// else that comes back as a rejection is turned into one, so callers handle one shape. The commands themselves are
// generated from the Rust declarations (./generated/commands.ts, from src-tauri/src/commands.rs).
import { invoke } from "@tauri-apps/api/core";
import type { ApiError, ErrorCode } from "./types";

/** True inside the Tauri webview; false in a plain browser (e.g. `vite` opened without the app). */
export function hasBackend(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

/** Is this value an ApiError as the backend sends it? */
export function isApiError(value: unknown): value is ApiError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === "string" && typeof v.message === "string";
}

/** Turn whatever a failed call produced into an ApiError. */
export function toApiError(value: unknown): ApiError {
  if (isApiError(value)) return value;
  if (typeof value === "string") return { code: "internal", message: value };
  if (value instanceof Error) return { code: "internal", message: value.message };
  return { code: "internal", message: String(value) };
}

export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  if (!hasBackend()) {
    const code: ErrorCode = "internal";
    throw {
      code,
      message: `Restock's backend is not available: "${command}" can only run inside the desktop app (Tauri), not in a plain browser.`,
    } satisfies ApiError;
  }
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toApiError(e);
  }
}
