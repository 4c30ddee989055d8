/**
 * Prints the offline evaluation of the "also tried" recommender against the popularity baseline on the generated
 * try-on log (see tools/eval/recommend-eval.ts). Run: `npx jiti scripts/recommend-eval.ts [seed ...]`.
 */
import { evaluate } from '../tools/eval/recommend-eval';

const seeds = process.argv.slice(2).map(Number).filter(Number.isFinite);
for (const seed of seeds.length ? seeds : [7, 11, 2024]) {
  const r = evaluate({ seed });
  console.log(
    `seed ${seed}: hit-rate@${r.k} model ${r.hitRate.model.toFixed(3)} vs popularity ${r.hitRate.popularity.toFixed(3)} ` +
      `(${r.testQueries} test queries, ${r.trainVisits} training visits); cold start ${r.cold.model.toFixed(3)} vs ${r.cold.popularity.toFixed(3)} (${r.cold.queries} queries)`,
  );
}
