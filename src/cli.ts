import { runCli } from './cli/main.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// `npx palier …` (bin/palier.mjs) and `npm run palier -- …` land here.
runCli(process.argv.slice(2), { env: process.env, out: process.stdout, err: process.stderr, stdin: readStdin }).then((code) => process.exit(code));
