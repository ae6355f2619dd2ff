/** The command-line entry: argument parsing, the table, exit codes; and once for real, compiled. */
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { PRESETS } from '../../src/core';
import { CliIo, main, parseArgs, wrap } from '../../src/cli/estimate';

function runCli(argv: string[], files: Record<string, string> = {}): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    readFile: (p) => {
      if (!(p in files)) throw new Error(`ENOENT: no such file '${p}'`);
      return files[p];
    },
  };
  return { code: main(argv, io), out, err };
}

describe('parseArgs', () => {
  it('reads the modes and the format', () => {
    expect(parseArgs(['--preset', 'gpt-3'])).toMatchObject({ preset: 'gpt-3', format: 'table' });
    expect(parseArgs(['--json=a.json', '--format', 'json'])).toMatchObject({ json: 'a.json', format: 'json' });
    expect(parseArgs(['--list'])).toMatchObject({ list: true });
  });
  it.each([[[]], [['--preset']], [['--preset', 'a', '--list']], [['--format', 'xml', '--list']], [['--frobnicate']]])('rejects %j', (argv) => {
    expect(() => parseArgs(argv as string[])).toThrow();
  });
});

describe('main', () => {
  it("prints the seed article as a table, with the field's number style", () => {
    const { code, out } = runCli(['--preset', 'sora-2024']);
    expect(code).toBe(0);
    expect(out).toMatch(/training FLOPs +2\.57e24/);
    expect(out).toMatch(/PF-days +29\.7k/);
    expect(out).toMatch(/wall-clock days +152 on 10k GPUs/);
    expect(out).toMatch(/cost +\$72\.7M/);
    expect(out).toMatch(/vs GPT-3 +8\.2x/);
    expect(out).toMatch(/data\[1\] IMAGE +1\.43e14 +100%/);
    expect(out).toMatch(/! SEED_VIDEO_RESOLUTION_IGNORED/);
    expect(out).toMatch(/cluster.pricePerGpuHour = 1.99/);
  });

  it('estimates a JSON file, and prints JSON on request', () => {
    const spec = { name: 'tiny', model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 2e10 }] };
    const { code, out } = runCli(['--json', 's.json', '--format', 'json'], { 's.json': JSON.stringify(spec) });
    expect(code).toBe(0);
    expect(JSON.parse(out).flops.total).toBe(1.2e20);
  });

  it('exits 2 on bad input, naming each field', () => {
    const spec = { model: { parameters: 0 }, data: [{ kind: 'VIDEO', count: 1, width: 10, height: 10, durationSeconds: 1 }] };
    const { code, out, err } = runCli(['--json', 's.json'], { 's.json': JSON.stringify(spec) });
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/model\.parameters: must be a positive finite number, got 0/);
    expect(err).toMatch(/data\[0\]\.fps: is required for VIDEO sources/);
  });

  it('exits 2 on an unknown preset, unreadable file, bad JSON or bad arguments', () => {
    expect(runCli(['--preset', 'sora']).err).toMatch(/unknown preset "sora"; presets: sora-2024/);
    expect(runCli(['--preset', 'sora']).code).toBe(2);
    expect(runCli(['--json', 'missing.json']).code).toBe(2);
    expect(runCli(['--json', 'bad.json'], { 'bad.json': '{ not json' }).err).toMatch(/cannot read a scenario from bad.json/);
    expect(runCli(['--nope']).code).toBe(2);
  });

  it('lists the presets', () => {
    const { code, out } = runCli(['--list']);
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(PRESETS.length);
    expect(out).toMatch(/^sora-2024 /m);
  });

  it('wraps long lines, keeping the indent', () => {
    // "  - aaa bbb" is 11 columns; adding " ccc" would make 15
    expect(wrap('  - aaa bbb ccc ddd', 12, '    ')).toBe('  - aaa bbb\n    ccc ddd');
    expect(wrap('short', 80, '    ')).toBe('short');
  });
});

describe('the compiled CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'flopscope-cli-'));
    const root = join(__dirname, '..', '..');
    execFileSync(
      process.execPath,
      [
        require.resolve('typescript/bin/tsc'),
        join(root, 'src/cli/estimate.ts'),
        '--outDir',
        dir,
        '--rootDir',
        root,
        '--target',
        'ES2022',
        '--module',
        'commonjs',
        '--strict',
        '--skipLibCheck',
        '--types',
        'node',
      ],
      { stdio: 'pipe' },
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs --preset sora-2024 and exits 0', () => {
    const r = spawnSync(process.execPath, [join(dir, 'src/cli/estimate.js'), '--preset', 'sora-2024'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/vs GPT-3 +8\.2x/);
  });

  it('exits 2 with the field on bad input', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 1e9 }], cluster: { utilization: 1.5 } }));
    const r = spawnSync(process.execPath, [join(dir, 'src/cli/estimate.js'), '--json', file], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cluster\.utilization: must be a number in \(0, 1\], got 1\.5/);
  });
});
