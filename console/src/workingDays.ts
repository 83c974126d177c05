/** Working days (Mon–Fri, Beijing time) from `now` to `dueAt`, to one decimal; negative when overdue. Holidays are the calendar's job. */
export function workingDaysLeft(dueAt: string, now = new Date()): number {
  const due = new Date(dueAt);
  const sign = due >= now ? 1 : -1;
  const [from, to] = sign > 0 ? [now, due] : [due, now];
  let days = 0;
  const d = new Date(from);
  while (d < to) {
    // Step to the next Beijing midnight (UTC+8, no daylight saving) or to the end.
    const beijing = d.getTime() + 8 * 3_600_000;
    const nextMidnight = beijing - (beijing % 86_400_000) + 86_400_000 - 8 * 3_600_000;
    const step = Math.min(nextMidnight, to.getTime()) - d.getTime();
    const weekday = new Date(beijing).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days += step / 86_400_000;
    d.setTime(d.getTime() + step);
  }
  return (sign * Math.round(days * 10)) / 10;
}
