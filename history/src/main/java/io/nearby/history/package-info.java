/**
 * Location history (user id, latitude, longitude, timestamp) in Cassandra: schema, a bounded asynchronous writer that never blocks the live path, and the history query.
 */
package io.nearby.history;
