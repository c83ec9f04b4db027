import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath } from '../test/chromium.js';

export type PageWeight = { path: string; status: number; requests: number; html_bytes: number; html_gzip_bytes: number; js_gzip_bytes: number; css_gzip_bytes: number; other_bytes: number };

/** Where a resident goes most: the pages whose weight a cheap phone on a poor network pays for. */
export const RESIDENT_PAGES = ['/', '/spaces', '/spaces/bookings', '/concierge', '/community'];

/**
 * Loads each page in Chromium as a signed-in resident and weighs everything it fetches. Sizes are
 * gzip level 6 of each body, computed here: what a compressing reverse proxy sends on the wire.
 */
export async function measurePageWeight(base: string, cookie: string): Promise<PageWeight[]> {
  const browser = await chromium.launch({ executablePath: chromiumPath() ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  try {
    // The cookie goes as a header: a __Host- cookie cannot be set on the http:// loopback origin.
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, extraHTTPHeaders: { cookie } });
    const page = await context.newPage();
    const paths = [...RESIDENT_PAGES];
    const results: PageWeight[] = [];
    for (let k = 0; k < paths.length; k++) {
      const path = paths[k];
      const bodies: Promise<{ type: string; bytes: Buffer }>[] = [];
      const onResponse = (res: import('playwright-core').Response) => {
        bodies.push(res.body().then((b) => ({ type: res.request().resourceType(), bytes: b }), () => ({ type: res.request().resourceType(), bytes: Buffer.alloc(0) })));
      };
      page.on('response', onResponse);
      const res = await page.goto(base + path, { waitUntil: 'load' });
      page.off('response', onResponse);
      const all = await Promise.all(bodies);
      const sum = (type: string, gz: boolean) => all.filter((x) => x.type === type).reduce((n, x) => n + (gz ? gzipSync(x.bytes).length : x.bytes.length), 0);
      results.push({
        path,
        status: res?.status() ?? 0,
        requests: all.length,
        html_bytes: sum('document', false),
        html_gzip_bytes: sum('document', true),
        js_gzip_bytes: sum('script', true),
        css_gzip_bytes: sum('stylesheet', true),
        other_bytes: all.filter((x) => !['document', 'script', 'stylesheet'].includes(x.type)).reduce((n, x) => n + x.bytes.length, 0),
      });
      // Follow the first space and the first event from their lists: their pages are weighed too.
      if (path === '/spaces' || path === '/community') {
        const prefix = path === '/spaces' ? '/spaces/' : '/community/events/';
        const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
        const next = hrefs.find((h) => h.startsWith(prefix) && /[0-9a-f]{8}-[0-9a-f]{4}/.test(h));
        if (next) paths.push(next);
      }
    }
    await context.close();
    return results;
  } finally {
    await browser.close();
  }
}
