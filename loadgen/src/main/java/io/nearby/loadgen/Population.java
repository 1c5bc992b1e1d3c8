package io.nearby.loadgen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * Creates the run's users through the REST API, as real clients would: profile ({@code PUT /api/users/me}), sharing
 * on ({@code PUT /api/users/me/sharing}), then every friendship as two {@code POST /api/friends/{id}} (friendship is
 * mutual). At most {@code concurrency} requests are in flight (virtual threads behind a semaphore). A 429 waits for
 * {@code Retry-After} and retries; other failures retry twice, then stop the run with the status and body.
 */
final class Population {
    private static final int MAX_ATTEMPTS = 20;

    private final HttpClient http;
    private final String base;
    private final Tokens tokens;
    private final RunIds ids;
    private final int concurrency;
    final LongAdder requests = new LongAdder();
    final LongAdder retries = new LongAdder();

    Population(HttpClient http, URI serverUrl, Tokens tokens, RunIds ids, int concurrency) {
        this.http = http;
        this.base = serverUrl.toString().replaceAll("/+$", "");
        this.tokens = tokens;
        this.ids = ids;
        this.concurrency = concurrency;
    }

    void createUsers(int users) throws InterruptedException {
        forEach(users, u -> {
            call(u, "PUT", "/api/users/me", "{\"name\":\"User " + u + "\"}");
            call(u, "PUT", "/api/users/me/sharing", "{\"enabled\":true}");
        });
    }

    /**
     * Every friendship as two POSTs, in an order shuffled with {@code seed}: in the graph's own order a user's
     * friendships come one after another, so one caller would spend its REST rate limit (20/s, bursts of 40) and wait
     * on 429s when it has many friends (80 in the seed preset).
     */
    void befriend(List<int[]> edges, long seed) throws InterruptedException {
        List<int[]> order = new java.util.ArrayList<>(edges);
        java.util.Collections.shuffle(order, new java.util.Random(seed));
        forEach(order.size(), i -> {
            int[] e = order.get(i);
            call(e[0], "POST", "/api/friends/" + ids.id(e[1]), null);
            call(e[1], "POST", "/api/friends/" + ids.id(e[0]), null);
        });
    }

    private void forEach(int n, IntConsumer task) throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?>[] futures = new Future<?>[n];
            for (int i = 0; i < n; i++) {
                permits.acquire();
                int index = i;
                futures[i] = threads.submit(() -> {
                    try {
                        task.accept(index);
                    } finally {
                        permits.release();
                    }
                });
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("setup failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
        }
    }

    private void call(int user, String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + tokens.of(user))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        int failures = 0;
        for (int attempt = 1; ; attempt++) {
            requests.increment();
            String problem;
            try {
                HttpResponse<String> res = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() / 100 == 2) {
                    return;
                }
                problem = res.statusCode() + " " + res.body();
                if (res.statusCode() == 429 && attempt < MAX_ATTEMPTS) {
                    retries.increment();
                    sleep(res.headers().firstValue("Retry-After").map(Population::seconds).orElse(1L) * 1000);
                    continue;
                }
                if (res.statusCode() / 100 == 4) {
                    throw new IllegalStateException(method + " " + path + " as " + ids.id(user) + " → " + problem);
                }
            } catch (IOException e) {
                problem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
            if (++failures > 2) {
                throw new IllegalStateException(method + " " + path + " as " + ids.id(user) + " failed: " + problem);
            }
            retries.increment();
            sleep(500L * failures);
        }
    }

    private static long seconds(String header) {
        try {
            return Math.max(1, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
