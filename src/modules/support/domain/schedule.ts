import { addMonths, firstOfMonth, type LocalDate } from './local-date.js';

export type Instalment = { dueMonth: LocalDate; amountCents: number };

/** The monthly credits on the rent receipt of a granted aid, from the month it starts. */
export function aidSchedule(startsOn: LocalDate, monthlyCents: number, months: number): Instalment[] {
  const first = firstOfMonth(startsOn);
  return Array.from({ length: months }, (_, i) => ({ dueMonth: addMonths(first, i), amountCents: monthlyCents }));
}

/** What an early end gives back to the fund: every instalment not paid and due from `endMonth` on. */
export function releasedByEarlyEnd(instalments: { dueMonth: LocalDate; amountCents: number; paid: boolean }[], endMonth: LocalDate): number {
  const from = firstOfMonth(endMonth);
  return instalments.filter((i) => !i.paid && i.dueMonth >= from).reduce((s, i) => s + i.amountCents, 0);
}
