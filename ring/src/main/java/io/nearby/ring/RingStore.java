package io.nearby.ring;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * Reads and changes the ring value in etcd. Every change is a compare-and-swap transaction on the key's mod revision
 * (retried on conflict with a fresh read), and gets {@code version = previous + 1}, so concurrent operators never
 * lose each other's edits. Used by the operator command and by a server seeding an absent key.
 *
 * <p>Blocking; every call bounded by the request timeout. Thread-safe. Does not own the client.
 */
public final class RingStore {
    private static final int MAX_ATTEMPTS = 16;

    private final Client client;
    private final String key;
    private final ByteSequence keyBytes;
    private final Duration timeout;

    /**
     * The key as read.
     *
     * @param value raw bytes, or null if the key is absent
     * @param modRevision the value's mod revision (0 if absent)
     * @param revision etcd's revision at the time of the read (watch from {@code revision + 1} to miss nothing)
     */
    public record Read(byte[] value, long modRevision, long revision) {
        public boolean absent() {
            return value == null;
        }

        public String text() {
            return value == null ? "" : new String(value, StandardCharsets.UTF_8);
        }
    }

    /** A ring as stored: the spec and the mod revision it was written at. */
    public record Stored(RingSpec spec, long modRevision) {
    }

    /** etcd did not answer in time, or refused the request. */
    public static final class EtcdUnavailableException extends RuntimeException {
        EtcdUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public RingStore(Client client, String key, Duration timeout) {
        this.client = client;
        this.key = key;
        this.keyBytes = ByteSequence.from(key, StandardCharsets.UTF_8);
        this.timeout = timeout;
    }

    public String key() {
        return key;
    }

    /** @throws EtcdUnavailableException if etcd does not answer within the timeout */
    public Read read() {
        GetResponse response = await(client.getKVClient().get(keyBytes, GetOption.DEFAULT), "read " + key);
        long revision = response.getHeader().getRevision();
        if (response.getKvs().isEmpty()) {
            return new Read(null, 0, revision);
        }
        KeyValue kv = response.getKvs().getFirst();
        return new Read(kv.getValue().getBytes(), kv.getModRevision(), revision);
    }

    /**
     * The stored ring, or empty if the key is absent.
     *
     * @throws StoredRingInvalidException if the stored value is invalid
     */
    public Optional<Stored> load() {
        Read read = read();
        if (read.absent()) {
            return Optional.empty();
        }
        return Optional.of(new Stored(parse(read), read.modRevision()));
    }

    /**
     * Applies {@code change} to the stored ring (null if the key is absent) and stores the result with the next
     * version, atomically: if someone else changed the key in between, reads again and re-applies.
     *
     * @param change returns the wanted nodes and vnodes (its version is ignored); may throw {@link RingSpecException}
     *     to refuse (e.g. removing the last node)
     * @param overwriteInvalid true to replace a stored value that does not parse (its change then gets null)
     * @throws StoredRingInvalidException if the stored value is invalid (and not overwritten)
     * @throws RingSpecException if the change is refused
     * @throws EtcdUnavailableException if etcd does not answer, or the key keeps changing under us
     */
    public Stored update(UnaryOperator<RingSpec> change, boolean overwriteInvalid) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Read read = read();
            RingSpec current = null;
            long nextVersion = 1;
            if (!read.absent()) {
                try {
                    current = parse(read);
                    nextVersion = current.version() + 1;
                } catch (StoredRingInvalidException e) {
                    if (!overwriteInvalid) {
                        throw e;
                    }
                    nextVersion = RingSpec.lenientVersion(read.value()) + 1;
                }
            }
            RingSpec wanted = change.apply(current);
            RingSpec next = new RingSpec(nextVersion, wanted.nodes(), wanted.vnodes());
            Cmp unchanged = read.absent()
                    ? new Cmp(keyBytes, Cmp.Op.EQUAL, CmpTarget.version(0))
                    : new Cmp(keyBytes, Cmp.Op.EQUAL, CmpTarget.modRevision(read.modRevision()));
            TxnResponse response = await(client.getKVClient().txn()
                    .If(unchanged)
                    .Then(Op.put(keyBytes, ByteSequence.from(next.toUtf8()), PutOption.DEFAULT))
                    .commit(), "compare-and-swap " + key);
            if (response.isSucceeded()) {
                return new Stored(next, response.getHeader().getRevision());
            }
            sleepQuietly(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
        }
        throw new EtcdUnavailableException("the ring under " + key + " kept changing during " + MAX_ATTEMPTS
                + " attempts; try again", null);
    }

    /**
     * Stores {@code spec} (as version 1) only if the key is absent; either way returns the key as it is right after
     * the transaction (ours, or the value another server or operator wrote first, unparsed), with the transaction's
     * revision: the same as a {@link #read()} at that revision, so a watch can start from {@code revision + 1}.
     */
    public Read createIfAbsent(RingSpec spec) {
        byte[] first = new RingSpec(1, spec.nodes(), spec.vnodes()).toUtf8();
        TxnResponse response = await(client.getKVClient().txn()
                .If(new Cmp(keyBytes, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(keyBytes, ByteSequence.from(first), PutOption.DEFAULT))
                .Else(Op.get(keyBytes, GetOption.DEFAULT))
                .commit(), "create " + key);
        long revision = response.getHeader().getRevision();
        if (response.isSucceeded()) {
            return new Read(first, revision, revision); // our put is the transaction's only change
        }
        KeyValue kv = response.getGetResponses().getFirst().getKvs().getFirst(); // version != 0: the key exists
        return new Read(kv.getValue().getBytes(), kv.getModRevision(), revision);
    }

    /**
     * The ring in a value read from this store's key.
     *
     * @throws StoredRingInvalidException if the value does not parse or validate (or the key is absent)
     */
    public RingSpec parse(Read read) {
        try {
            return RingSpec.parse(read.value());
        } catch (RingSpecException e) {
            throw new StoredRingInvalidException(key, read.modRevision(), e);
        }
    }

    private <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new EtcdUnavailableException("etcd did not answer '" + what + "' within " + timeout.toMillis()
                    + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            Status.Code code = Status.fromThrowable(cause).getCode();
            if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
                throw new EtcdUnavailableException("etcd did not answer '" + what + "' (" + code + ": "
                        + Status.fromThrowable(cause).getDescription() + ")", cause);
            }
            throw new EtcdUnavailableException("etcd refused '" + what + "': " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new EtcdUnavailableException("interrupted during '" + what + "'", e);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
