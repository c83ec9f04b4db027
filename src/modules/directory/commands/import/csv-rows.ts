import { Readable } from 'node:stream';
import { parse } from 'csv-parse';

export type CsvRow = { line: number; cells: string[] };
export type CsvFile = { header: string[]; delimiter: ';' | ','; rows: AsyncIterable<CsvRow> };

/**
 * Landlords' registers come out of Excel as often as out of an ERP: UTF-8 (with or without BOM)
 * or Windows-1252. The first 64 KB decide; a file whose start is not valid UTF-8 is read as Windows-1252.
 */
async function* decode(bytes: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let sample: Uint8Array[] = [];
  let sampled = 0;
  const decide = () => {
    const all = Buffer.concat(sample);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(all, { stream: true });
      decoder = new TextDecoder('utf-8');
    } catch {
      decoder = new TextDecoder('windows-1252');
    }
    sample = [];
    return decoder.decode(all, { stream: true });
  };
  for await (const chunk of bytes) {
    if (typeof chunk === 'string') {
      yield chunk;
    } else if (decoder) {
      yield (decoder as TextDecoder).decode(chunk, { stream: true });
    } else {
      sample.push(chunk);
      sampled += chunk.length;
      if (sampled >= 65_536) yield decide();
    }
  }
  if (!decoder && sample.length) yield decide();
  if (decoder) {
    const rest = (decoder as TextDecoder).decode();
    if (rest) yield rest;
  }
}

/** The separator of the header line: French Excel writes `;`, most other tools `,`. */
export function detectDelimiter(firstLine: string): ';' | ',' {
  let semi = 0;
  let comma = 0;
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ';') semi++;
    else if (!quoted && ch === ',') comma++;
  }
  return semi >= comma && semi > 0 ? ';' : ',';
}

/**
 * Streams a CSV file: the header first, then each record with the line number it starts on in the
 * file, so a rejected row can be found in the spreadsheet. Memory stays flat whatever the size.
 */
export async function openCsv(source: AsyncIterable<Uint8Array | string>): Promise<CsvFile | null> {
  const text = decode(source);
  let head = '';
  let firstDone = false;
  while (!/\r|\n/.test(head)) {
    const next = await text.next();
    if (next.done) {
      firstDone = true;
      break;
    }
    head += next.value;
  }
  const firstLine = head.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)[0];
  if (!firstLine.trim()) return null;
  const delimiter = detectDelimiter(firstLine);
  async function* all(): AsyncGenerator<string> {
    yield head;
    if (firstDone) return;
    for (;;) {
      const next = await text.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const parser = Readable.from(all()).pipe(
    parse({ delimiter, bom: true, info: true, trim: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true }),
  );
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;
  const first = await iterator.next();
  if (first.done) return null;
  const header = first.value.record;
  async function* rows(): AsyncGenerator<CsvRow> {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      const { record, info } = next.value;
      // A line of separators only (";;;;") is an empty row that Excel leaves at the end of sheets.
      if (record.every((c) => c === '')) continue;
      yield { line: info.lines, cells: record };
    }
  }
  return { header, delimiter, rows: rows() };
}
