// Building an Intl formatter with a time zone costs about a tenth of a millisecond (far more under
// load); formatting with one costs a microsecond. Pages format many dates: every formatter is made once.
const dates = new Map<string, Intl.DateTimeFormat>();
const numbers = new Map<string, Intl.NumberFormat>();

/** The one Intl.DateTimeFormat for these locale and options. */
export function dateFormat(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${tag}|${JSON.stringify(options)}`;
  let f = dates.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(tag, options);
    dates.set(key, f);
  }
  return f;
}

/** The one Intl.NumberFormat for these locale and options. */
export function numberFormat(tag: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${tag}|${JSON.stringify(options)}`;
  let f = numbers.get(key);
  if (!f) {
    f = new Intl.NumberFormat(tag, options);
    numbers.set(key, f);
  }
  return f;
}
