import { createRequire } from 'node:module';

interface Sample {
  value?: string;
  labels?: Record<string, string>;
  buckets?: Record<string, string>;
  count?: string;
  sum?: string;
}

interface Family {
  name: string;
  help: string;
  type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  metrics: Sample[];
}

// The parser is CommonJS without types; prom2json's shape, which the README documents.
const parse = createRequire(import.meta.url)('parse-prometheus-text-format') as (text: string) => Family[];

/** A scrape, parsed by a Prometheus text-format parser of its own (not prom-client's writer). */
export interface Scrape {
  families: Family[];
  type(name: string): Family['type'] | undefined;
  /** The value of the sample of `name` whose labels include `labels`; undefined when there is none. */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /**
   * A histogram's count in its +Inf bucket. This parser keeps a histogram's buckets by `le` only,
   * folding its other labels together, so per-label counts are read from prom-client instead.
   */
  observations(name: string): number | undefined;
  samples(name: string): Sample[];
}

export function parseScrape(text: string): Scrape {
  const families = parse(text);
  const samples = (name: string) => families.find((f) => f.name === name)?.metrics ?? [];
  const find = (name: string, labels: Record<string, string> = {}) =>
    samples(name).find((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v));
  return {
    families,
    type: (name) => families.find((f) => f.name === name)?.type,
    value(name, labels) {
      const sample = find(name, labels);
      return sample?.value === undefined ? undefined : Number(sample.value);
    },
    observations(name) {
      const inf = samples(name)[0]?.buckets?.['+Inf'];
      return inf === undefined ? undefined : Number(inf);
    },
    samples,
  };
}
