/**
 * Redis Pub/Sub for the fan-out: {@link io.nearby.ring.pubsub.RedisPubSub} implements
 * {@link io.nearby.ring.pubsub.PubSub} over one {@link io.nearby.ring.pubsub.RedisNode} per Redis server, each channel
 * routed by a {@link io.nearby.ring.pubsub.ChannelRouter}.
 *
 * <p><b>Per node and process:</b> ONE subscriber connection, whatever the number of clients, and the server's ONE
 * pipelined writer connection. Two platform daemon threads drive the subscriber:
 * {@code nearby-pubsub-reader[host:port]} connects, runs the blocking Jedis read loop (every message and
 * confirmation is handled there), and reconnects after a loss with capped exponential backoff and jitter
 * (50 ms doubling to 2 s); {@code nearby-pubsub-writer[host:port]} alone sends on the connection: batched
 * SUBSCRIBE/UNSUBSCRIBE (at most {@code batchSize} channels each) and a PING every 5 s. Callers only change the
 * desired channel set under a lock ({@code SubscriptionDesk}) and wake the writer; the pure bookkeeping
 * ({@code SubscriptionBook}) turns the set's changes into commands and Redis' confirmations into completed futures.
 *
 * <p><b>Publishing (and the location cache's writes):</b> {@code publish} puts a {@code RedisCommand} on the bounded
 * queue ({@code CommandQueue}, a {@code LinkedBlockingQueue} of {@code publishQueueCapacity}, 100,000 by default) of
 * the server's {@code PipelinedWriter} and returns at once; its thread, {@code nearby-redis-writer[host:port]}, drains
 * it in order, up to {@code publishBatchSize} (1,000) commands per Jedis pipeline on its one connection. There is one
 * writer per Redis server per process ({@code RedisWriters}): the location cache's SET of an update and its PUBLISH
 * share a pipeline when both live on the same server. A full queue refuses the command at once; every command ends in
 * its {@code WriteTally} as written, failed or dropped.
 *
 * <p><b>Failures:</b> a connection that breaks, or stays silent for {@code pingInterval + pongTimeout} (half-open,
 * Redis frozen), is replaced; every desired channel is subscribed again and {@code MessageSink.resubscribed} reports
 * them once all are confirmed. Publishing to an unreachable node still returns at once: the batch in flight is lost,
 * the writer reconnects with the same backoff, and queued messages older than {@code publishMaxAge} (2 s) are
 * dropped rather than sent late; every loss is counted, never thrown.
 *
 * <p><b>Ring changes:</b> {@link io.nearby.ring.pubsub.RedisPubSub#reroute} switches publishing to the new owners
 * atomically and moves exactly the subscribed channels whose owner changed: subscribe on the new owner, wait for its
 * confirmation, report {@code MessageSink.resubscribed}, keep the old owner for {@code moveGrace}, then unsubscribe
 * there and close the nodes that left ({@link io.nearby.ring.pubsub.MoveReport} says what happened).
 */
package io.nearby.ring.pubsub;
