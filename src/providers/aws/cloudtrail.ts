/**
 * Evidence of use beyond IAM's last-used record: CloudTrail LookupEvents by access key id since the
 * leak, read with the operator's credentials in each region searched (event history is regional and
 * kept 90 days), summarised as event names, source IPs, regions, first and last event, failed calls.
 */
import { LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail';
import { listed } from '../analysis.js';
import type { Activity, Outcome, ProviderContext } from '../contract.js';
import { awsCall } from './call.js';
import { cloudTrailRegions, operatorCloudTrail } from './clients.js';
import type { AwsKey } from './key.js';

/** Pages of 50 events read per region at most (LookupEvents allows 2 calls a second per region). */
const MAX_PAGES = 10;
const HISTORY_DAYS = 90;

interface Recorded {
  name: string;
  time: string | null;
  sourceIp: string | null;
  region: string;
  failed: boolean;
}

function recordOf(event: Event, searched: string): Recorded {
  let detail: { sourceIPAddress?: unknown; awsRegion?: unknown; errorCode?: unknown } = {};
  try {
    detail = JSON.parse(event.CloudTrailEvent ?? '{}') as typeof detail;
  } catch {
    // the summary fields of the event still count
  }
  return {
    name: event.EventName ?? '?',
    time: event.EventTime ? event.EventTime.toISOString() : null,
    sourceIp: typeof detail.sourceIPAddress === 'string' ? detail.sourceIPAddress : null,
    region: typeof detail.awsRegion === 'string' ? detail.awsRegion : searched,
    failed: typeof detail.errorCode === 'string' && detail.errorCode !== '',
  };
}

export function summariseEvents(records: Recorded[], source: string, since: string, truncated: boolean): Activity {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.name, (counts.get(r.name) ?? 0) + 1);
  const times = records.map((r) => r.time).filter((t): t is string => t !== null).sort();
  return {
    source, since, events: records.length, truncated,
    first: times[0] ?? null,
    last: times[times.length - 1] ?? null,
    eventNames: [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
    sourceIps: [...new Set(records.map((r) => r.sourceIp).filter((ip): ip is string => ip !== null))].sort(),
    regions: [...new Set(records.map((r) => r.region))].sort(),
    failed: records.filter((r) => r.failed).length,
  };
}

/** One line for the evidence notes and the report. */
export function activityLine(a: Activity): string {
  const day = a.since.slice(0, 10);
  if (a.events === 0) return `CloudTrail since ${day}: no events of this key in ${a.source} (event history keeps 90 days)`;
  const names = listed(a.eventNames.map((e) => `${e.name} ×${e.count}`), 6);
  return `CloudTrail since ${day}: ${a.events}${a.truncated ? '+' : ''} events, first ${a.first}, last ${a.last}; ${names}; from ${listed(a.sourceIps, 6) || 'unknown addresses'}; regions ${listed(a.regions)}${a.failed ? `; ${a.failed} failed (denied or invalid) calls` : ''}`;
}

/** The key's events since `since` (null: as far back as event history goes). */
export async function lookUpActivity(ctx: ProviderContext, key: AwsKey, since: string | null): Promise<Outcome<Activity>> {
  const start = since && !Number.isNaN(Date.parse(since)) ? new Date(since) : new Date(Date.now() - HISTORY_DAYS * 86_400_000);
  const regions = cloudTrailRegions(ctx.env);
  const records: Recorded[] = [];
  let truncated = false;
  for (const region of regions) {
    const client = operatorCloudTrail(ctx.env, region);
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await awsCall(ctx, key, {
        call: 'cloudtrail:LookupEvents',
        keyId: key.keyId,
        signedBy: 'operator',
        send: () => client.send(new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: key.keyId }],
          StartTime: start, EndTime: new Date(), MaxResults: 50, NextToken: token,
        })),
        journal: (out) => ({ region, events: out.Events?.length ?? 0 }),
      });
      if (answer.state !== 'ok') return answer;
      records.push(...(answer.value.Events ?? []).map((event) => recordOf(event, region)));
      token = answer.value.NextToken;
      if (!token) break;
      if (page === MAX_PAGES - 1) truncated = true;
    }
  }
  return { state: 'ok', value: summariseEvents(records, `CloudTrail event history (${regions.join(', ')})`, start.toISOString(), truncated) };
}
