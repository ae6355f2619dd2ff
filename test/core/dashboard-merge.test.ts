/** The dashboard's field-by-field diff and three-way merge of scenario inputs (web/dashboard/merge.ts). */
import { diffInputs, merge3, same, showValue } from '../../web/dashboard/merge';

const base = {
  name: 'Sora on A100s',
  tags: ['video'],
  model: { parameters: 3e9 },
  data: [
    { kind: 'VIDEO', count: 1e6, width: 1280, height: 720 },
    { kind: 'IMAGE', count: 5e6, width: 512, height: 512 },
  ],
  cluster: { hardware: 'a100-sxm', gpuCount: 10000, utilization: 0.4 },
};
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe('diffInputs', () => {
  test('names each changed field by its path, in the order of the input, with both values', () => {
    const after = clone(base) as any;
    after.cluster.gpuCount = 20000;
    after.data[1].count = 6e6;
    delete after.cluster.utilization;
    after.training = { epochs: 2 };
    after.tags = ['video', 'h100'];
    expect(diffInputs(base, after)).toEqual([
      { path: 'tags', before: ['video'], after: ['video', 'h100'] },
      { path: 'data[1].count', before: 5e6, after: 6e6 },
      { path: 'cluster.gpuCount', before: 10000, after: 20000 },
      { path: 'cluster.utilization', before: 0.4, after: undefined },
      { path: 'training.epochs', before: undefined, after: 2 },
    ]);
  });

  test('equal inputs have no differences, whatever order their keys were set in; an added list element is each of its fields', () => {
    const reordered = {
      cluster: { utilization: 0.4, gpuCount: 10000, hardware: 'a100-sxm' },
      data: base.data,
      model: base.model,
      tags: base.tags,
      name: base.name,
    };
    expect(diffInputs(base, reordered)).toEqual([]);
    expect(same(base, reordered)).toBe(true);
    const added = clone(base) as any;
    added.data.push({ kind: 'TEXT', count: 7 });
    expect(diffInputs(base, added)).toEqual([
      { path: 'data[2].kind', before: undefined, after: 'TEXT' },
      { path: 'data[2].count', before: undefined, after: 7 },
    ]);
  });
});

describe('merge3', () => {
  test('changes to different fields: both kept, no conflict', () => {
    const mine = clone(base) as any;
    mine.cluster.utilization = 0.45;
    mine.data[0].count = 2e6;
    const theirs = clone(base) as any;
    theirs.cluster.gpuCount = 30000;
    theirs.name = 'Sora on 30k A100s';
    const m = merge3(base, mine, theirs);
    expect(m.conflicts).toEqual([]);
    expect(m.unresolved).toEqual([]);
    expect(m.result).toEqual({ ...theirs, cluster: { ...theirs.cluster, utilization: 0.45 }, data: [{ ...base.data[0], count: 2e6 }, base.data[1]] });
    // Nothing of either side is lost: every change of each side is in the result.
    for (const c of [...diffInputs(base, mine), ...diffInputs(base, theirs)]) expect(diffInputs(base, m.result).some((d) => same(d, c))).toBe(true);
  });

  test('the same field changed to the same value on both sides is no conflict', () => {
    const mine = { ...clone(base), cluster: { ...base.cluster, gpuCount: 20000 } };
    const theirs = { ...clone(base), cluster: { ...base.cluster, gpuCount: 20000 } };
    expect(merge3(base, mine, theirs)).toEqual({ result: mine, conflicts: [], unresolved: [] });
  });

  test('the same field changed differently is a conflict holding both values, resolved by the pick', () => {
    const mine = { ...clone(base), cluster: { ...base.cluster, utilization: 0.45, gpuCount: 12000 } };
    const theirs = { ...clone(base), cluster: { ...base.cluster, utilization: 0.5 } };
    const open = merge3(base, mine, theirs);
    expect(open.conflicts).toEqual([{ path: 'cluster.utilization', base: 0.4, mine: 0.45, theirs: 0.5 }]);
    expect(open.unresolved).toEqual(['cluster.utilization']);
    const theirsPicked = merge3(base, mine, theirs, { 'cluster.utilization': 'theirs' });
    expect(theirsPicked.unresolved).toEqual([]);
    expect((theirsPicked.result as any).cluster).toEqual({ hardware: 'a100-sxm', gpuCount: 12000, utilization: 0.5 });
    const minePicked = merge3(base, mine, theirs, { 'cluster.utilization': 'mine' });
    expect((minePicked.result as any).cluster).toEqual({ hardware: 'a100-sxm', gpuCount: 12000, utilization: 0.45 });
  });

  test('a field one side removed and the other changed is a conflict; removed on one side only, it stays removed', () => {
    const mine = clone(base) as any;
    delete mine.cluster.utilization;
    const theirs = { ...clone(base), cluster: { ...base.cluster, utilization: 0.5 } };
    expect(merge3(base, mine, theirs).conflicts).toEqual([{ path: 'cluster.utilization', base: 0.4, mine: undefined, theirs: 0.5 }]);
    const picked = merge3(base, mine, theirs, { 'cluster.utilization': 'mine' }).result as any;
    expect('utilization' in picked.cluster).toBe(false);
    const onlyMine = merge3(base, mine, { ...clone(base), name: 'renamed' }).result as any;
    expect(onlyMine).toEqual({ ...mine, name: 'renamed' });
  });

  test('a list whose length one side changed merges as one field', () => {
    const mine = clone(base) as any;
    mine.data.push({ kind: 'TEXT', count: 1e9 });
    const theirs = clone(base) as any;
    theirs.data[0].count = 3e6;
    const m = merge3(base, mine, theirs);
    expect(m.conflicts.map((c) => c.path)).toEqual(['data']);
    expect((merge3(base, mine, theirs, { data: 'theirs' }).result as any).data).toEqual(theirs.data);
    // Only one side touching the list: taken whole.
    expect((merge3(base, mine, { ...clone(base), name: 'x' }).result as any).data).toEqual(mine.data);
  });

  test('data on one side and stages on the other are one field: the result has one of them, never both', () => {
    const mine = clone(base) as any;
    mine.stages = [{ name: 'one', data: mine.data }];
    delete mine.data;
    const theirs = clone(base) as any;
    theirs.data[0].count = 3e6;
    const m = merge3(base, mine, theirs);
    expect(m.conflicts.map((c) => c.path)).toEqual(['data / stages']);
    expect(Object.keys(m.result as object)).toEqual(expect.arrayContaining(['stages']));
    expect('data' in (m.result as object)).toBe(false);
    const t = merge3(base, mine, theirs, { 'data / stages': 'theirs' }).result as any;
    expect(t.data).toEqual(theirs.data);
    expect('stages' in t).toBe(false);
    // Only mine moved to stages, theirs changed elsewhere: mine's stages, their other change.
    const other = merge3(base, mine, { ...clone(base), name: 'renamed' }).result as any;
    expect(other).toEqual({ ...mine, name: 'renamed' });
  });
});

test('showValue writes a value as the diff shows it', () => {
  expect(showValue(30000)).toBe('30000');
  expect(showValue(undefined)).toBe('—');
  expect(showValue('H100')).toBe('"H100"');
  expect(showValue(['a', 'b'])).toBe('["a", "b"]');
  expect(showValue({ kind: 'TEXT', count: 1 })).toBe('{"kind":"TEXT","count":1}');
  expect(showValue({ long: 'x'.repeat(200) }, 20)).toHaveLength(20);
});
