/** A state machine as data: from each state, the events allowed and the state each leads to. */
export type Machine<S extends string, E extends string> = Record<S, Partial<Record<E, S>>>;

export type Step<S> = { ok: true; to: S } | { ok: false; error: 'support.transition.refused' };

/** The state an event leads to, or a refusal when the event is not allowed from `from`. */
export function next<S extends string, E extends string>(machine: Machine<S, E>, from: S, event: E): Step<S> {
  const to = machine[from]?.[event];
  return to ? { ok: true, to } : { ok: false, error: 'support.transition.refused' };
}

/** Every event allowed from a state, for the buttons a page offers. */
export function allowedEvents<S extends string, E extends string>(machine: Machine<S, E>, from: S): E[] {
  return Object.keys(machine[from] ?? {}) as E[];
}
