package io.nearby.server.location;

/**
 * What the location cache says about itself for the {@code location-cache} health check.
 *
 * @param up the cache can serve (for a cluster: at least part of it, see {@link ClusterLocationCache#health()})
 * @param detail for operators: the address(es), and what is wrong; never credentials
 */
public record CacheHealth(boolean up, String detail) {
    static CacheHealth up(String detail) {
        return new CacheHealth(true, detail);
    }

    static CacheHealth down(String detail) {
        return new CacheHealth(false, detail);
    }
}
