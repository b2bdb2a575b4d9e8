/** Plain-text tables for the benchmark's figures. */
import os from 'node:os';

export type Align = 'left' | 'right';

/** A table with a header row, a rule under it, and columns padded to their widest cell. */
export function table(headers: string[], rows: string[][], align: Align[] = []): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (align[column] === 'right' ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

export function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

/** Requests per second: no decimals from 100 on, one below. */
export function rate(value: number): string {
  return fixed(value, value >= 100 ? 0 : 1);
}

export function ratio(numerator: number, denominator: number): string {
  return denominator > 0 ? `${(numerator / denominator).toFixed(2)}×` : '—';
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MiB`;
}

/** A report's title, then the facts about the machine and the run that its figures depend on. */
export function printTitle(title: string, runtime: string, loadBefore: number): void {
  const cpus = os.cpus();
  console.log('');
  console.log(title);
  console.log('='.repeat(title.length));
  console.log(`date       ${new Date().toISOString()}`);
  console.log(`machine    ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`);
  console.log(`runtime    Node ${process.version}, ${runtime}`);
  console.log(`busy       load average ${loadBefore.toFixed(2)} (1 min) when the run started: other work on the machine skews the figures`);
}
