import { GraphQLLocalDate } from 'graphql-scalars';

/** Calendar dates travel as 'YYYY-MM-DD' strings, as they are stored. */
export const LocalDate = GraphQLLocalDate;
