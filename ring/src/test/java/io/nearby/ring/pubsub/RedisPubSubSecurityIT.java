package io.nearby.ring.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nearby.credentials.TlsTrust;
import io.nearby.testkit.RedisServer;
import io.nearby.testkit.TestCertificates;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Pub/Sub nodes that require a password ({@code requirepass}) and speak TLS ({@code rediss://}), on real
 * redis-servers: AUTH on the subscriber's and the writer's connection, again after every reconnect; TLS with the
 * certificate checked; a missing or wrong password, or an untrusted certificate, is a node that is down with a
 * reason — never a password in what is reported.
 */
class RedisPubSubSecurityIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String PASSWORD = "pubsub-it-s3cret";

    @Test
    void aPasswordNodeServesAfterAuthAndAuthenticatesAgainAfterARestart() throws Exception {
        try (RedisServer redis = RedisServer.start(RedisServer.Options.password(PASSWORD))) {
            RecordingSink sink = new RecordingSink();
            try (RedisPubSub pubsub = new RedisPubSub(Rings.one(redis.url()), sink,
                    PubSubConfig.defaults(), null, RedisSecurity.password(PASSWORD))) {
                pubsub.subscribe(List.of("user:1")).get(5, TimeUnit.SECONDS);
                await("published and received through the authenticated connections").atMost(WAIT)
                        .until(() -> pubsub.publish("user:1", "hello") && sink.messages("user:1").contains("hello"));

                redis.kill();
                await("subscriber sees the loss").atMost(WAIT).until(() -> !pubsub.connected());
                redis.restart();
                try (RedisInspector view = new RedisInspector(redis.urlWithPassword())) {
                    await("resubscribed after AUTH on the new connection").atMost(WAIT)
                            .until(() -> view.channels("user:*").contains("user:1"));
                    assertThat(view.clients("nearby-sub-" + pubsub.processId())).hasSize(1);
                }
                await("the writer authenticated again too").atMost(WAIT)
                        .until(() -> pubsub.publish("user:1", "again") && sink.messages("user:1").contains("again"));
                assertThat(pubsub.health()).singleElement().satisfies(h -> assertThat(h.detail()).doesNotContain(PASSWORD));
            }
        }
    }

    @Test
    void withoutOrWithAWrongPasswordTheNodeIsDownWithTheReasonAndNoPassword() {
        try (RedisServer redis = RedisServer.start(RedisServer.Options.password(PASSWORD))) {
            for (RedisSecurity security : List.of(RedisSecurity.NONE, RedisSecurity.password("wrong-" + PASSWORD))) {
                try (RedisPubSub pubsub = new RedisPubSub(Rings.one(redis.url()), new RecordingSink(), PubSubConfig.defaults(), null, security)) {
                    await("the failure is reported").atMost(WAIT).until(() -> pubsub.health().getFirst().detail()
                            .matches("(?s).*(NOAUTH|WRONGPASS).*"));
                    NodeHealth health = pubsub.health().getFirst();
                    assertThat(health.up()).as(health.detail()).isFalse();
                    assertThat(health.detail()).doesNotContain(PASSWORD);
                    assertThat(pubsub.publish("user:1", "x")).as("publishing still never blocks").isTrue();
                }
            }
        }
    }

    @Test
    void aTlsNodeWithAPasswordServesWhenItsCaIsTrustedAndIsDownOtherwise() throws Exception {
        TestCertificates certificates = TestCertificates.shared();
        try (RedisServer redis = RedisServer.start(RedisServer.Options.password(PASSWORD).withTls(certificates))) {
            assertThat(redis.url()).startsWith("rediss://");
            RedisSecurity trusted = RedisSecurity.password(PASSWORD)
                    .withTrust(Optional.of(TlsTrust.fromCaFile(certificates.caFile())));
            RecordingSink sink = new RecordingSink();
            try (RedisPubSub pubsub = new RedisPubSub(Rings.one(redis.url()), sink,
                    PubSubConfig.defaults(), null, trusted)) {
                pubsub.subscribe(List.of("user:2")).get(5, TimeUnit.SECONDS);
                await("messages over TLS").atMost(WAIT)
                        .until(() -> pubsub.publish("user:2", "sealed") && sink.messages("user:2").contains("sealed"));
                assertThat(pubsub.health().getFirst().node()).isEqualTo(redis.url());
            }
            // the JDK's default CAs do not know the test CA: the handshake fails, the node is down, nothing is sent
            try (RedisPubSub untrusted = new RedisPubSub(Rings.one(redis.url()), new RecordingSink(), PubSubConfig.defaults(), null, RedisSecurity.password(PASSWORD))) {
                await("the certificate is refused").atMost(WAIT).until(() -> untrusted.health().getFirst().detail()
                        .matches("(?s).*(PKIX|certificate|SSL|ssl).*"));
                assertThat(untrusted.connected()).isFalse();
                assertThat(untrusted.health().getFirst().detail()).doesNotContain(PASSWORD);
            }
        }
    }
}
