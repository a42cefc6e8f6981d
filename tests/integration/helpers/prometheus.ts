/** A parsed Prometheus text exposition: samples by name, each with its labels. */
export interface Sample {
	labels: Record<string, string>;
	value: number;
}

export interface Exposition {
	types: Map<string, string>;
	samples: Map<string, Sample[]>;
	/** The value of a sample without labels, or with exactly these labels. */
	value(name: string, labels?: Record<string, string>): number | undefined;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parsePrometheus(text: string): Exposition {
	const types = new Map<string, string>();
	const samples = new Map<string, Sample[]>();
	for (const line of text.split('\n')) {
		if (!line.trim()) continue;
		if (line.startsWith('# TYPE ')) {
			const [, , name, type] = line.split(' ');
			types.set(name, type);
			continue;
		}
		if (line.startsWith('#')) continue;
		const match = SAMPLE.exec(line);
		if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
		const [, name, rawLabels, rawValue] = match;
		const labels: Record<string, string> = {};
		for (const [, key, value] of (rawLabels ?? '').matchAll(LABEL)) labels[key] = value;
		// Special values are case-insensitive, as Prometheus reads them (prom-client writes "Nan").
		const special: Record<string, number> = { '+inf': Infinity, inf: Infinity, '-inf': -Infinity, nan: NaN };
		const lower = rawValue.toLowerCase();
		const value = lower in special ? special[lower] : Number(rawValue);
		if (Number.isNaN(value) && lower !== 'nan') throw new Error(`bad value in: ${line}`);
		samples.set(name, [...(samples.get(name) ?? []), { labels, value }]);
	}
	return {
		types,
		samples,
		value(name, labels = {}) {
			const want = Object.entries(labels);
			return samples
				.get(name)
				?.find((s) => Object.keys(s.labels).length === want.length && want.every(([k, v]) => s.labels[k] === v))?.value;
		}
	};
}

export async function scrape(baseUrl: string): Promise<Exposition> {
	const res = await fetch(`${baseUrl}/metrics`);
	if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
	if (!res.headers.get('content-type')?.startsWith('text/plain')) throw new Error('/metrics is not Prometheus text');
	return parsePrometheus(await res.text());
}
