package io.nearby.api;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Limits REST calls under {@code /api/}: per caller (the {@link Caller} that {@link AuthFilter} registered, so add
 * this filter after it) or, for anonymous calls such as the dev token endpoint, per remote address. Over the rate →
 * 429 {@code rate_limited} with {@code Retry-After: 1}. Defaults ({@link #withDefaults()}): 20 requests/s sustained,
 * bursts of 40, per key.
 */
public final class RateLimitFilter implements Filter {
    /** Sustained requests per second per caller. */
    public static final double DEFAULT_PER_SECOND = 20;
    /** Burst per caller. */
    public static final int DEFAULT_BURST = 40;

    private final RateLimiter limiter;

    public RateLimitFilter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    /** 20 requests/s, bursts of 40, per caller. */
    public static RateLimitFilter withDefaults() {
        return new RateLimitFilter(RateLimiter.create(DEFAULT_PER_SECOND, DEFAULT_BURST));
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!ApiPaths.isApi(ApiPaths.normalize(req.path().absolute().path()))) {
            chain.proceed();
            return;
        }
        String key = req.context().get(Caller.class)
                .map(caller -> "u:" + caller.userId())
                .orElseGet(() -> "a:" + req.remotePeer().host());
        if (limiter.tryAcquire(key)) {
            chain.proceed();
        } else {
            ApiError.RATE_LIMITED.send(res, ApiError.RATE_LIMITED.defaultMessage());
        }
    }
}
