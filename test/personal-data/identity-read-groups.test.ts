/** The records of one answer's reads: per following PLIE, at most PEOPLE_PER_RECORD people each, every person once. */
import { IdentityReads, PEOPLE_PER_RECORD } from '../../src/personal-data/identity-reads.js';

it('splits a large read into records of at most PEOPLE_PER_RECORD people, per following PLIE, each person once', () => {
  const reads = new IdentityReads();
  const people = Array.from({ length: 2 * PEOPLE_PER_RECORD + 500 }, (_, index) => `person-${index}`);
  for (const person of [...people, ...people]) reads.add('plie-a', person);
  reads.add('plie-b', 'person-b');
  const groups = reads.groups();
  expect(groups.map((group) => [group.followed_by_id, group.beneficiary_ids.length])).toEqual([
    ['plie-a', PEOPLE_PER_RECORD], ['plie-a', PEOPLE_PER_RECORD], ['plie-a', 500], ['plie-b', 1],
  ]);
  expect(groups.filter((group) => group.followed_by_id === 'plie-a').flatMap((group) => group.beneficiary_ids)).toEqual(people);
  expect(new IdentityReads().groups()).toEqual([]);
});
