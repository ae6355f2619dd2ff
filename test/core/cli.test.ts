/** The command-line entry: argument parsing, the table, exit codes; and once for real, compiled. */
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { formatSci, PRESETS } from '../../src/core';
import { CliIo, listLine, main, parseArgs, wrap } from '../../src/cli/estimate';

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

  it('marks information "i" and warnings "!": GPT-3\'s distance from Chinchilla is information', () => {
    const { out } = runCli(['--preset', 'gpt-3']);
    expect(out).toMatch(/^ {2}i FAR_FROM_CHINCHILLA_OPTIMAL: /m);
    expect(out).toMatch(/^ {2}! NO_PRICE: /m);
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

  it('lists the presets: one line per preset, its key and name, within an 80-column terminal', () => {
    const { code, out } = runCli(['--list']);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(PRESETS.length);
    expect(lines.map((l) => l.split(/ +/)[0])).toEqual(PRESETS.map((p) => p.key));
    PRESETS.forEach((p, i) => expect(lines[i]).toBe(`${p.key.padEnd(22)}${p.name}`));
    expect(lines.filter((l) => [...l].length > 80)).toEqual([]);
    // The tags and descriptions are in the JSON listing.
    const json = JSON.parse(runCli(['--list', '--format', 'json']).out);
    expect(json.map((p: { key: string; tags: string[] }) => [p.key, p.tags])).toEqual(PRESETS.map((p) => [p.key, p.tags]));
  });

  it('a preset name too long for the line ends in "…" at column 80', () => {
    const line = listLine('some-preset', 'x'.repeat(100));
    expect([...line]).toHaveLength(80);
    expect(line).toMatch(/^some-preset {11}x+…$/);
    expect(listLine('gpt-3', 'GPT-3 175B')).toBe(`${'gpt-3'.padEnd(22)}GPT-3 175B`);
  });

  it.each(PRESETS.map((p) => p.key))('preset %s: every line within an 80-column terminal', (key) => {
    const { code, out } = runCli(['--preset', key]);
    expect(code).toBe(0);
    expect(out.split('\n').filter((l) => [...l].length > 80)).toEqual([]);
  });

  describe('a scenario trained in stages (DiT-XL/2, Peebles & Xie 2023: 256², then 512²)', () => {
    /** DiT-XL/2: 28 blocks × 1152, 16 heads, ImageNet's 1,000 classes, learned Σ (8 output channels); 675M parameters. */
    const DIT = { family: 'DIT', layers: 28, hiddenSize: 1152, heads: 16, classes: 1000, outputChannels: 8 };
    const staged = (stage2: Record<string, unknown> = {}) => ({
      name: 'DiT-XL/2, 256 then 512',
      model: { architecture: DIT },
      stages: [
        { name: '256 px', data: [{ kind: 'IMAGE', steps: 400_000, batchSize: 256, width: 256, height: 256 }] },
        { name: '512 px', data: [{ kind: 'IMAGE', steps: 100_000, batchSize: 256, width: 512, height: 512 }], cluster: { gpuCount: 512 }, ...stage2 },
      ],
      tokenizer: { method: 'LATENT', patchSize: 2 },
      cluster: { hardware: 'h100-sxm', gpuCount: 256 },
    });
    const run = (spec: unknown) => runCli(['--json', 's.json'], { 's.json': JSON.stringify(spec) });
    /** The lines of one section: from its title to the next blank line. */
    const section = (out: string, title: string) => {
      const lines = out.split('\n');
      const at = lines.indexOf(title);
      expect(at).toBeGreaterThan(-1);
      const end = lines.indexOf('', at);
      return lines.slice(at + 1, end === -1 ? undefined : end);
    };
    /** 2.37e19, 102M, 1.02k, $4.5k as numbers. */
    const num = (t: string) => {
      const m = /^\$?([\d.]+(?:e[-+]?\d+)?)([kMBT]?)$/.exec(t);
      if (!m) throw new Error(`not a number: ${t}`);
      return Number(m[1]) * ({ '': 1, k: 1e3, M: 1e6, B: 1e9, T: 1e12 } as Record<string, number>)[m[2]];
    };

    it('prints every line within an 80-column terminal', () => {
      const { code, out } = run(staged({ training: { recomputation: 'FULL' } }));
      expect(code).toBe(0);
      const long = out.split('\n').filter((l) => [...l].length > 80);
      expect(long).toEqual([]);
    });

    it('lists each stage as it runs: its data, and the cluster it sets over the scenario’s', () => {
      const { out } = run(staged());
      const inputs = section(out, 'Inputs');
      expect(inputs).toContain('  stage 1           256 px');
      expect(inputs).toContain('    data[0]         IMAGE 400k steps × 256 images, 256×256');
      expect(inputs.filter((l) => /^ {4}cluster +256 × NVIDIA H100 SXM/.test(l))).toHaveLength(1);
      expect(inputs.filter((l) => /^ {4}cluster +512 × NVIDIA H100 SXM/.test(l))).toHaveLength(1);
      expect(section(out, 'Compute')).toContain(
        '  wall-clock days   ' + section(out, 'By stage').slice(-1)[0].trim().split(/ +/)[4] + ', the stages one after another',
      );
    });

    it('prints the stages table: 256 and 1,024 latent patches, 118.6 and 524.6 GMACs forward per image (DiT, Table 4) × 2 × 3, totals their sums', () => {
      const { out } = run(staged());
      const [head, ...rows] = section(out, 'By stage');
      // No recomputation: hardware FLOPs are the model FLOPs, and no column says them again.
      expect(head.trim().split(/ +/)).toEqual(['#', 'samples', 'tokens/sample', 'FLOPs', 'GPU-days', 'days', 'cost']);
      expect(rows.map((r) => r.trim().split(/ +/)[0])).toEqual(['1', '2', 'total']);
      const [one, two, total] = rows.map((r) => r.trim().split(/ +/).slice(1));
      expect(one.slice(0, 2)).toEqual(['102M', '256']); // 400k steps × 256
      expect(two.slice(0, 2)).toEqual(['25.6M', '1.02k']); // 100k steps × 256; (512 / 8 / 2)² patches
      const within = (x: number, want: number, tol: number) => expect(Math.abs(x / want - 1)).toBeLessThan(tol);
      within(num(one[2]), 400_000 * 256 * 6 * 118.6e9, 0.01);
      within(num(two[2]), 100_000 * 256 * 6 * 524.6e9, 0.01);
      // The totals row: samples and FLOPs the stages' sums (to the printed three digits); days one stage after the other.
      within(num(total[0]), num(one[0]) + num(two[0]), 0.01);
      within(num(total[1]), num(one[2]) + num(two[2]), 0.01);
      within(num(total[3]), num(one[4]) + num(two[4]), 0.01);
      within(num(total[4].replace('$', '')), num(one[5].replace('$', '')) + num(two[5].replace('$', '')), 0.01);
    });

    it('adds hardware FLOPs where a stage recomputes: FULL runs the forward again, 4/3 of the model FLOPs (Narayanan et al. 2021)', () => {
      const { out } = run(staged({ training: { recomputation: 'FULL' } }));
      const [head, one, two] = section(out, 'By stage').map((r) => r.trim().split(/ +/));
      expect(head).toContain('hw');
      // Columns: #, samples, tokens/sample, FLOPs, hw FLOPs.
      expect(one[3]).toBe(one[4]);
      expect(Math.abs(num(two[4]) / num(two[3]) - 4 / 3)).toBeLessThan(0.01);
      expect(section(out, 'Compute').some((l) => /^ {2}hardware FLOPs +\d/.test(l))).toBe(true);
    });

    it('prints the FLOPs by component as bars with their shares, and the parameters counted from the architecture', () => {
      const { out } = run(staged());
      const parts = section(out, 'Training FLOPs by component');
      expect(parts.map((l) => l.slice(2, 20).trim())).toEqual(['linear layers', 'attention', 'conditioning', 'embeddings']);
      const shares = parts.map((l) => Number((/([\d.]+)%/.exec(l) ?? ['', '0'])[1]));
      expect(Math.abs(shares.reduce((a, b) => a + b, 0) - 100)).toBeLessThan(0.2);
      expect(parts[0]).toMatch(/█+/);
      const parameters = section(out, 'Parameters, counted from the architecture');
      expect(parameters[0]).toBe('  total             675M');
      expect(parameters.find((l) => l.includes('per sample'))).toMatch(/per sample +2\d\dM +run once per sample/); // adaLN: a third of DiT
    });

    describe('with a frozen T5-XXL encoder (4,762,310,656 parameters on 512 tokens, docs/model.md “Frozen encoders”)', () => {
      const T5 = { name: 'T5-XXL encoder', parameters: 4_762_310_656, tokensPerSample: 512 };
      const withEncoders = (encoders: Record<string, unknown>[]) => {
        const spec = staged();
        return { ...spec, model: { ...spec.model, encoders } };
      };
      /** 400k × 256 samples at 256², then 100k × 256 at 512². */
      const SAMPLES = [400_000 * 256, 100_000 * 256];
      const forward = 2 * T5.parameters * T5.tokensPerSample; // Kaplan et al. 2020: a forward pass is 2·N per token
      const totalLine = (out: string) => {
        const compute = section(out, 'Compute');
        const at = compute.findIndex((l) => l.startsWith('  training FLOPs'));
        // The value, with its wrapped continuation lines.
        const rest = compute.slice(at + 1).filter((l, i, all) => all.slice(0, i + 1).every((x) => x.startsWith(' '.repeat(20))));
        return [compute[at], ...rest]
          .map((l) => l.trim())
          .join(' ')
          .replace(/^training FLOPs +/, '');
      };

      it('the total says what it is made of: matmuls + attention + frozen encoders, which add up to it', () => {
        const { code, out } = run(withEncoders([T5]));
        expect(code).toBe(0);
        const m = /^(\S+) = matmuls (\S+) \+ attention (\S+) \+ frozen encoders (\S+)$/.exec(totalLine(out));
        expect(m).not.toBeNull();
        const [total, matmuls, attention, encoders] = (m as RegExpExecArray).slice(1).map(num);
        expect(Math.abs((matmuls + attention + encoders) / total - 1)).toBeLessThan(0.01);
        // 2 · 4.76e9 · 512 = 4.88e12 FLOPs on each of the 128M samples: forward only, in both stages.
        expect(Math.abs(encoders / (forward * (SAMPLES[0] + SAMPLES[1])) - 1)).toBeLessThan(0.005);
        // The trained model's own part is what it was without the encoder.
        const plain = totalLine(run(staged()).out);
        expect(plain).toMatch(/^\S+ = matmuls \S+ \+ attention \S+$/);
        expect(plain.replace(/^\S+ = /, '')).toBe(`matmuls ${formatSci(matmuls)} + attention ${formatSci(attention)}`);
      });

      it('lists the encoder under the model, with its forward FLOPs per sample', () => {
        const { out } = run(withEncoders([T5, { name: 'VAE encoder', forwardFlopsPerSample: 1.1e12, precomputed: true }]));
        const inputs = section(out, 'Inputs').join('\n');
        expect(inputs).toMatch(/^ {4}encoders\[0\] +T5-XXL encoder: 4\.76B parameters × 512 tokens = 4\.88e12\n? +FLOPs per sample, forward on every sample$/m);
        expect(inputs).toMatch(/^ {4}encoders\[1\] +VAE encoder: 1\.1e12 forward FLOPs per sample, precomputed\n? +\(adds 0\)$/m);
        expect(out.split('\n').filter((l) => [...l].length > 80)).toEqual([]);
      });

      it('the stages table keeps its columns; each stage’s FLOPs gain the encoder’s forward on its own samples, the totals their sums', () => {
        const before = section(run(staged()).out, 'By stage');
        const after = section(run(withEncoders([T5])).out, 'By stage');
        expect(after[0]).toBe(before[0]);
        const cells = (rows: string[]) => rows.slice(1).map((r) => r.trim().split(/ +/));
        const [b1, b2] = cells(before);
        const [a1, a2, total] = cells(after);
        expect(a1.slice(0, 3)).toEqual(b1.slice(0, 3)); // samples and tokens per sample unchanged
        expect(Math.abs((num(a1[3]) - num(b1[3])) / (forward * SAMPLES[0]) - 1)).toBeLessThan(0.01);
        expect(Math.abs((num(a2[3]) - num(b2[3])) / (forward * SAMPLES[1]) - 1)).toBeLessThan(0.01);
        expect(Math.abs(num(total[2]) / (num(a1[3]) + num(a2[3])) - 1)).toBeLessThan(0.01);
      });

      it('the breakdown has a frozen-encoders bar; its shares still sum to 100%', () => {
        const parts = section(run(withEncoders([T5])).out, 'Training FLOPs by component');
        expect(parts.map((l) => l.slice(2, 20).trim())).toEqual(['linear layers', 'attention', 'conditioning', 'embeddings', 'frozen encoders']);
        const shares = parts.map((l) => Number((/([\d.]+)%/.exec(l) ?? ['', '0'])[1]));
        expect(Math.abs(shares.reduce((a, b) => a + b, 0) - 100)).toBeLessThan(0.2);
      });

      it('precomputed: the total is the model’s alone, and says so', () => {
        const pre = run(withEncoders([{ ...T5, precomputed: true }])).out;
        const plain = totalLine(run(staged()).out);
        expect(totalLine(pre)).toBe(`${plain} + frozen encoders 0 (precomputed)`);
        expect(section(pre, 'Training FLOPs by component').map((l) => l.slice(2, 20).trim())).not.toContain('frozen encoders');
      });
    });

    it('exits 2 naming the stage’s field on a stage with 0 steps', () => {
      const spec = staged();
      spec.stages[1].data[0].steps = 0;
      const { code, out, err } = run(spec);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(/stages\[1\]\.data\[0\]\.steps: /);
    });
  });

  it('without an architecture the total is 6·N·D + the encoders’ forward passes: 6 · 1e9 · 2.56e8 tokens + 2 · 4.76e9 · 512 · 1e6 images', () => {
    const spec = {
      model: { parameters: 1e9, encoders: [{ name: 'T5-XXL encoder', parameters: 4_762_310_656, tokensPerSample: 512 }] },
      data: [{ kind: 'IMAGE', count: 1e6, width: 256, height: 256 }],
      tokenizer: { method: 'LATENT' },
    };
    const { code, out } = runCli(['--json', 's.json'], { 's.json': JSON.stringify(spec) });
    expect(code).toBe(0);
    const dense = 6 * 1e9 * 1e6 * 256; // 256 latent patches per 256² image (÷8 VAE, 2×2 patches)
    const encoders = 2 * 4_762_310_656 * 512 * 1e6;
    expect(out).toContain(`  training FLOPs    ${formatSci(dense + encoders)} = 6·N·D ${formatSci(dense)} + frozen encoders ${formatSci(encoders)}`);
    expect(out).toMatch(/^ {2}6·N·D +█+/m);
    expect(out).toMatch(/^ {2}frozen encoders +█+/m);
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
