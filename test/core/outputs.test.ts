/** The ten outputs of an estimate, named once (OUTPUTS) and read from the computed stages. */
import { OUTPUTS, estimate, findPreset, outputColumns, outputsOf, setOutputs } from '../../src/core';

describe('OUTPUTS', () => {
  it('names the ten outputs, in the order the API lists them', () => {
    expect(OUTPUTS).toEqual(['tokens', 'flops', 'hardwareFlops', 'pfDays', 'gpuDays', 'gpuHours', 'wallClockDays', 'costUsd', 'energyMWh', 'ratioVsGPT3']);
  });

  it('outputsOf reads each output from its stage', () => {
    const e = estimate(findPreset('sora-2024')!.input);
    expect(outputsOf(e)).toEqual({
      tokens: e.tokens.total,
      flops: e.flops.total,
      hardwareFlops: e.flops.hardware,
      pfDays: e.cluster.pfDays,
      gpuDays: e.cluster.gpuDays,
      gpuHours: e.cluster.gpuHours,
      wallClockDays: e.cluster.wallClockDays,
      costUsd: e.cluster.costUsd,
      energyMWh: e.cluster.energyMWh,
      ratioVsGPT3: e.ratioVsGPT3,
    });
    expect(Object.keys(outputsOf(e))).toEqual([...OUTPUTS]);
  });

  it('setOutputs stores every output of a point in its column', () => {
    const e = estimate(findPreset('gpt-3')!.input); // no price: costUsd is null
    const columns = outputColumns(2);
    setOutputs(columns, 1, outputsOf(e));
    for (const o of OUTPUTS) expect(columns[o][1]).toBe(outputsOf(e)[o]);
    expect(columns.costUsd[1]).toBeNull();
  });
});
