package io.nearby.ring.admin;

import io.etcd.jetcd.Client;
import io.nearby.ring.EtcdAccess;
import io.nearby.ring.EtcdSettings;
import io.nearby.ring.HashRing;
import io.nearby.ring.RingEdits;
import io.nearby.ring.RingNode;
import io.nearby.ring.RingSpec;
import io.nearby.ring.RingSpecException;
import io.nearby.ring.RingStore;
import io.nearby.ring.RingStore.EtcdUnavailableException;
import io.nearby.ring.StoredRingInvalidException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The operator command behind {@code ./nearby ring}: shows and changes the Pub/Sub ring in etcd. Every change is a
 * compare-and-swap on the key's mod revision (retried on conflict) and increments the version; every server watching
 * the key applies it within about a second.
 *
 * <pre>
 * NEARBY_ETCD_ENDPOINTS=http://etcd:2379 ./nearby ring show
 * ./nearby ring add redis://10.0.0.4:6379
 * ./nearby ring remove redis://10.0.0.2:6379
 * ./nearby ring replace redis://10.0.0.1:6379 redis://10.0.0.9:6379
 * ./nearby ring set redis://10.0.0.1:6379 redis://10.0.0.2:6379
 * </pre>
 *
 * Exit status: 0 done; 1 etcd unreachable, no ring or an invalid stored ring; 2 usage error or a refused change (bad
 * URL, unknown node, removing the last node).
 */
public final class RingCli {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** Channel names sampled by {@code show} and by the moved-share estimate: user channels {@code u:0 ...}. */
    static final int SAMPLE = 100_000;

    private final RingStore store;
    private final String where;
    private final PrintStream out;

    private RingCli(RingStore store, String where, PrintStream out) {
        this.store = store;
        this.where = where;
        this.out = out;
    }

    public static void main(String[] args) {
        if (!"true".equalsIgnoreCase(System.getenv("NEARBY_RING_VERBOSE"))) {
            Logger.getLogger("").setLevel(Level.SEVERE); // jetcd/grpc retry chatter would bury the answer
        }
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs one command; the exit status is returned, never {@code System.exit}. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0 || Arrays.asList("help", "-h", "--help").contains(args[0])) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? USAGE : OK;
        }
        String command = args[0];
        int wanted = switch (command) {
            case "show" -> 0;
            case "add", "remove" -> 1;
            case "replace" -> 2;
            case "set" -> -1;
            default -> Integer.MIN_VALUE;
        };
        List<String> operands = List.of(args).subList(1, args.length);
        if (wanted == Integer.MIN_VALUE) {
            err.println("nearby ring: unknown command '" + command + "'");
            usage(err);
            return USAGE;
        }
        if (wanted >= 0 && operands.size() != wanted || wanted < 0 && operands.isEmpty()) {
            err.println("nearby ring: wrong number of arguments for '" + command + "'");
            usage(err);
            return USAGE;
        }
        String endpoints = env.getOrDefault("NEARBY_ETCD_ENDPOINTS", "").trim();
        if (endpoints.isEmpty()) {
            err.println("nearby ring: NEARBY_ETCD_ENDPOINTS is not set (comma-separated http[s]://host:port of etcd)");
            return USAGE;
        }
        EtcdSettings settings;
        try {
            settings = EtcdSettings.defaults(Arrays.stream(endpoints.split(",")).map(String::trim)
                    .filter(s -> !s.isEmpty()).toList(), env.get("NEARBY_RING_KEY"))
                    .withAccess(EtcdAccess.fromEnvironment(env));
        } catch (IllegalArgumentException e) {
            err.println("nearby ring: " + e.getMessage());
            return USAGE;
        }
        Duration timeout = Duration.ofSeconds(5);
        settings = settings.withTimeouts(timeout, timeout);
        try (Client client = settings.newClient()) {
            RingCli cli = new RingCli(new RingStore(client, settings.key(), timeout),
                    "key " + settings.key() + " at etcd " + String.join(",", settings.endpoints()), out);
            return switch (command) {
                case "show" -> cli.show();
                case "add" -> cli.change("add", ring -> RingEdits.add(ring, operands.get(0)), false);
                case "remove" -> cli.change("remove", ring -> RingEdits.remove(ring, operands.get(0)), false);
                case "replace" -> cli.change("replace",
                        ring -> RingEdits.replace(ring, operands.get(0), operands.get(1)), false);
                default -> cli.change("set", ring -> RingEdits.set(ring, operands), true);
            };
        } catch (StoredRingInvalidException e) {
            err.println("nearby ring: " + e.getMessage());
            err.println("nearby ring: running servers keep their previous ring");
            return FAILED;
        } catch (RingSpecException e) {
            err.println("nearby ring: " + e.getMessage());
            return USAGE;
        } catch (EtcdUnavailableException e) {
            err.println("nearby ring: " + e.getMessage() + " (" + settings.endpoints() + ")");
            return FAILED;
        }
    }

    private int show() {
        RingStore.Read read = store.read();
        if (read.absent()) {
            out.println("no ring under " + where + "; create one with: ./nearby ring add redis://HOST:PORT");
            return FAILED;
        }
        RingSpec spec;
        try {
            spec = store.parse(read);
        } catch (StoredRingInvalidException e) {
            out.println("the ring under " + where + " (mod revision " + e.modRevision() + ") is INVALID: " + e.reason());
            out.println("stored value: " + read.text());
            out.println("servers keep their previous ring; overwrite it with: ./nearby ring set redis://HOST:PORT ...");
            return FAILED;
        }
        HashRing ring = new HashRing(spec);
        out.printf("ring %s%nversion %d, mod revision %d, %d node(s), %d virtual nodes each%n", where, spec.version(),
                read.modRevision(), spec.nodes().size(), spec.vnodes());
        Map<String, Double> space = ring.hashSpaceShares();
        Map<String, Integer> sample = sampleCounts(ring);
        int width = Math.max(4, spec.urls().stream().mapToInt(String::length).max().orElse(4));
        out.printf("  %-" + width + "s  %10s  %14s  %s%n", "node", "hash space", "sample u:0..", "token");
        for (RingNode node : spec.nodes()) {
            out.printf("  %-" + width + "s  %9.2f%%  %13.2f%%  %s%n", node.url(), 100 * space.get(node.url()),
                    100.0 * sample.getOrDefault(node.url(), 0) / SAMPLE, node.ownPositions() ? "(own)" : node.token());
        }
        out.println("stored value: " + read.text());
        return OK;
    }

    private int change(String verb, UnaryOperator<RingSpec> edit, boolean overwriteInvalid) {
        Optional<RingStore.Stored> before = loadQuietly();
        RingStore.Stored after = store.update(edit, overwriteInvalid);
        String from = before.map(b -> "v" + b.spec().version()).orElse("(none)");
        out.printf("%s: ring %s -> v%d at mod revision %d (%s)%n", verb, from, after.spec().version(),
                after.modRevision(), where);
        out.println("nodes: " + after.spec().urls());
        before.ifPresent(b -> out.printf("channels moving to another node: %.1f%% (of %,d sample channels)%n",
                100 * RingEdits.movedShare(new HashRing(b.spec()), new HashRing(after.spec()), SAMPLE), SAMPLE));
        out.println("servers watching the key apply it now; check with: ./nearby ring show, and each server's"
                + " nearby_ring_version metric");
        return OK;
    }

    private Optional<RingStore.Stored> loadQuietly() {
        try {
            return store.load();
        } catch (StoredRingInvalidException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Integer> sampleCounts(HashRing ring) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < SAMPLE; i++) {
            counts.merge(ring.nodeFor("u:" + i), 1, Integer::sum);
        }
        return counts;
    }

    private static void usage(PrintStream to) {
        to.println("""
                usage: ./nearby ring COMMAND        (etcd: NEARBY_ETCD_ENDPOINTS, key: NEARBY_RING_KEY [/nearby/pubsub-ring];
                                                     etcd auth/TLS: NEARBY_ETCD_USER, NEARBY_ETCD_PASSWORD, NEARBY_ETCD_TLS_CA_FILE)
                  show                 version, revision, nodes and each node's share of the channels
                  add URL              add a node (creates the ring if there is none); ~1/(N+1) of channels move to it
                  remove URL           remove a node; only its channels move (to the others); never the last node
                  replace OLD NEW      NEW takes OLD's place on the ring: exactly OLD's channels move, all to NEW
                  set URL [URL...]     make the ring exactly these nodes (also overwrites an invalid value);
                                       nodes keep no replaced positions: most channels may move
                URL is redis://host:port (rediss:// for TLS). Exit status: 0 done, 1 etcd or stored ring problem, 2 usage or refused change.""");
    }
}
