import { bandOf, bandsOf, type Bands } from '../../src/domain/bands.js';

const SCORES: Bands<'LOW' | 'MIDDLE' | 'HIGH'> = { below: [['LOW', 10], ['MIDDLE', 20]], rest: 'HIGH' };

describe('bands', () => {
  it('puts a value in the first band it is below, the rest in the last', () => {
    expect([0, 9, 10, 19, 20, 1_000].map((value) => bandOf(SCORES, value))).toEqual(['LOW', 'LOW', 'MIDDLE', 'MIDDLE', 'HIGH', 'HIGH']);
  });

  it('lists the bands lowest first', () => {
    expect(bandsOf(SCORES)).toEqual(['LOW', 'MIDDLE', 'HIGH']);
  });
});
