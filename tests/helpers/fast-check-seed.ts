import fc from 'fast-check';

/**
 * Property tests run on a fixed seed so that a test run is repeatable; `FC_SEED=random` (or a
 * number) explores new cases, and a failing run reports its seed and path to replay.
 */
const requested = process.env.FC_SEED;
const seed = requested === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(requested ?? 20261201);
if (requested === 'random') console.log(`fast-check seed ${seed}`);
fc.configureGlobal({ seed });
