import { beforeAll, describe, expect, it } from 'vitest';
import { loadDrugIndex, searchDrugs, type DrugIndex } from './index.js';

let index: DrugIndex;
beforeAll(async () => {
  index = await loadDrugIndex();
}, 60_000);

describe('searchDrugs', () => {
  it.each([
    ['dolipr', /^DOLIPRANE/],
    ['levothyr 75', /^LEVOTHYROX 75 microgrammes/],
    ['amox 1g', /1 g/],
    ['paracétamol 500', /500 mg/],
    ['DAFALG', /^DAFALGAN/],
  ])('completes %s', (query, expected) => {
    const hits = searchDrugs(index, query, 10);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]?.name).toMatch(expected);
  });

  it('ranks marketed specialties before withdrawn ones of equal match', () => {
    const hits = searchDrugs(index, 'dolipr', 100);
    const firstWithdrawn = hits.findIndex((h) => !h.marketed);
    const lastMarketed = hits.map((h) => h.marketed).lastIndexOf(true);
    if (firstWithdrawn >= 0) expect(firstWithdrawn).toBeGreaterThan(lastMarketed - 1);
  });

  it('matches a one-letter query against the start of names only', () => {
    const hits = searchDrugs(index, 'k', 50);
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.name.normalize('NFD').toLowerCase()).toMatch(/^k/);
  });

  it('returns at most k results and nothing for unknown words', () => {
    expect(searchDrugs(index, 'a', 3)).toHaveLength(3);
    expect(searchDrugs(index, 'zzzqqq', 10)).toEqual([]);
  });
});
