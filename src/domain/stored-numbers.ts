// The ranges the database's number columns hold. A number read from chat beyond them cannot name a row and
// must not reach a query (Prisma refuses it with a validation error, PostgreSQL with "out of range").

/** PostgreSQL `integer` (Prisma `Int`): decision numbers, counts, progress. */
export const MAX_INT_COLUMN = 2_147_483_647;

/** `Decimal(14, 4)`, the indicator reading columns: ten digits before the point. */
export const MAX_READING_VALUE = 9_999_999_999.9999;
