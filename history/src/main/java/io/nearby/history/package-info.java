/**
 * Location history (user id, latitude, longitude, timestamp): the bounded asynchronous {@link
 * io.nearby.history.HistoryWriter} that never blocks the live path, the stores behind {@link
 * io.nearby.history.HistoryStore} (Cassandra in production, the user DB through JDBC as the embedded default), the
 * Cassandra schema and its day-bucket partitioning, and the REST service {@code /api/users/me/history}. See
 * docs/history.md.
 */
package io.nearby.history;
