/**
 * Redis Pub/Sub for the fan-out: {@link io.nearby.ring.pubsub.RedisPubSub} implements
 * {@link io.nearby.ring.pubsub.PubSub} over one {@link io.nearby.ring.pubsub.RedisNode} per Redis server, each channel
 * routed by a {@link io.nearby.ring.pubsub.ChannelRouter}.
 *
 * <p><b>Per node and process:</b> ONE subscriber connection, whatever the number of clients, and a bounded publisher
 * pool ({@code PubSubConfig.publisherPoolSize}, 8 by default). Two platform daemon threads drive the subscriber:
 * {@code nearby-pubsub-reader[host:port]} connects, runs the blocking Jedis read loop (every message and
 * confirmation is handled there), and reconnects after a loss with capped exponential backoff and jitter
 * (50 ms doubling to 2 s); {@code nearby-pubsub-writer[host:port]} alone sends on the connection: batched
 * SUBSCRIBE/UNSUBSCRIBE (at most {@code batchSize} channels each) and a PING every 5 s. Callers only change the
 * desired channel set under a lock ({@code SubscriptionDesk}) and wake the writer; the pure bookkeeping
 * ({@code SubscriptionBook}) turns the set's changes into commands and Redis' confirmations into completed futures.
 *
 * <p><b>Failures:</b> a connection that breaks, or stays silent for {@code pingInterval + pongTimeout} (half-open,
 * Redis frozen), is replaced; every desired channel is subscribed again and {@code MessageSink.resubscribed} reports
 * them once all are confirmed. A publish to an unreachable node returns -1 (within the connect timeout, then at once
 * for {@code publishFailFast}) and is counted, never thrown.
 *
 * <p><b>Ring changes:</b> {@link io.nearby.ring.pubsub.RedisPubSub#reroute} switches publishing to the new owners
 * atomically and moves exactly the subscribed channels whose owner changed: subscribe on the new owner, wait for its
 * confirmation, report {@code MessageSink.resubscribed}, keep the old owner for {@code moveGrace}, then unsubscribe
 * there and close the nodes that left ({@link io.nearby.ring.pubsub.MoveReport} says what happened).
 */
package io.nearby.ring.pubsub;
