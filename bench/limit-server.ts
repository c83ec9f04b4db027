// The limit of this machine in the same run: a bare node:http + pg page doing what a TechEmpower
// "Fortunes" page does (one query, escaped HTML). Palier's pages are measured as a ratio to it.
import { createServer } from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const server = createServer(async (_req, res) => {
  try {
    const { rows } = await pool.query<{ id: number; message: string }>('select id, message from bench_fortune');
    rows.push({ id: 0, message: 'Additional fortune added at request time.' });
    rows.sort((a, b) => (a.message < b.message ? -1 : 1));
    const body = `<!doctype html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>${rows.map((r) => `<tr><td>${r.id}</td><td>${escape(r.message)}</td></tr>`).join('')}</table></body></html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  } catch {
    res.writeHead(500);
    res.end();
  }
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
