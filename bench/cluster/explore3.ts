import { airline, clothing } from './datasets';
import { ClusterModel } from '../../src/lib/cluster/model';
import { adjustedRandIndex as ari, normalisedMutualInformation as nmi } from '../../src/lib/cluster/metrics';
for (const set of [airline(), clothing('Department Name'), clothing('Class Name')]) {
	const n = Math.min(5000, set.texts.length);
	const texts = set.texts.slice(0, n), labels = set.labels.slice(0, n);
	let t = performance.now();
	const model = new ClusterModel(texts);
	const tm = performance.now() - t;
	const ks = process.argv[2] ? process.argv[2].split(',').map(Number) : [0];
	for (const k of ks) {
		t = performance.now();
		const s = model.suggest(k ? { clusters: k } : {});
		const pred: (number|string)[] = new Array(n);
		s.groups.forEach((g, gi) => g.members.forEach((i) => (pred[i] = gi)));
		for (const i of s.unclustered) pred[i] = 'u' + i;
		console.log(set.name, n, 'k', s.clusters, 'ARI', ari(labels, pred).toFixed(3), 'NMI', nmi(labels, pred).toFixed(3), 'uncl', (s.unclustered.length / n).toFixed(2), 'model ms', tm.toFixed(0), 'suggest ms', (performance.now() - t).toFixed(0));
		if (!k) for (const g of s.groups) console.log('   ', g.members.length, g.title, g.cohesion.toFixed(2));
	}
}
