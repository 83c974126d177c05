// Instants on the programme's wall clock. Asia/Shanghai is UTC+8 all year (no DST), so a fixed offset
// is exact and needs no timezone database — which also keeps workflow code deterministic.

export const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The UTC instant of a Shanghai wall-clock time. Month is 1-based; day may overflow (Jul 32 = Aug 1). */
export function shanghaiInstant(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute) - SHANGHAI_OFFSET_MS);
}

/** The Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(instant: Date | string | number): string {
  return new Date(new Date(instant).getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Shanghai wall-clock time (YYYY-MM-DDTHH:mm) of an instant, for messages and exports. */
export function shanghaiDateTime(instant: Date | string | number): string {
  return new Date(new Date(instant).getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16);
}
