import { spawn } from 'node:child_process';
import type { DriverInput, DriverResult } from './booking-driver.js';

/** Runs the booking driver in its own process, so the load never shares the bench's event loop. */
export function drive(input: DriverInput): Promise<DriverResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/booking-driver.ts', JSON.stringify(input)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out) as DriverResult);
      } catch {
        reject(new Error(`the booking driver gave no result (exit ${code})`));
      }
    });
  });
}
