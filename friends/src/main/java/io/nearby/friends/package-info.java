/**
 * Users (profile, sharing and discoverable flags) and mutual friendships in the user DB (H2 embedded, PostgreSQL in production) through helidon-dbclient, with their REST API.
 */
package io.nearby.friends;
