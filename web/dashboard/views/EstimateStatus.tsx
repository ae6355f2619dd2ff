/**
 * What a screen reader hears as a scenario is edited: each new estimate's headline figures, or that
 * the input has problems and the figures shown are stale, said politely once typing pauses
 * (LiveStatus), never for the estimate the page opened with.
 */
import { useRef } from 'preact/hooks';
import type { FullEstimate, Issue } from '../api';
import { METRICS } from '../format';
import { LiveStatus } from '../ui';

export function estimateMessage(estimate: FullEstimate): string {
  const f = (k: 'flops' | 'wallClockDays' | 'costUsd') => {
    const v = estimate[k];
    return v === null ? null : METRICS[k].format(v);
  };
  const days = f('wallClockDays');
  const cost = f('costUsd');
  return `New estimate: ${f('flops')} FLOPs${days ? `, ${days} days` : ''}${cost ? `, ${cost}` : ''}.`;
}

export function EstimateStatus({ estimate, issues }: { estimate: FullEstimate | null; issues: Issue[] }) {
  // The estimate the page opened with is on the screen already: only later ones are news.
  const first = useRef<FullEstimate | null>(null);
  if (!first.current && estimate) first.current = estimate;
  const message = issues.length
    ? `The input has ${issues.length === 1 ? 'a problem' : `${issues.length} problems`} (${issues[0].path}: ${issues[0].message}); the estimate shown is for the last valid input.`
    : estimate && estimate !== first.current
      ? estimateMessage(estimate)
      : null;
  return <LiveStatus message={message} testId="estimate-status" />;
}
