package io.nearby.friends;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Profiles and opt-in flags in the user DB. Blocking calls: use from virtual threads. */
public interface UserDirectory {
    Optional<UserProfile> find(String userId);

    /** Profiles of the given ids that exist, in one round trip (used for the names in a nearby page). */
    Map<String, UserProfile> findAll(Collection<String> userIds);

    /** Creates the profile (flags off) or updates name and avatar, keeping the flags. */
    UserProfile upsertProfile(String userId, String name, String avatarUrl);

    /**
     * Sharing on, or off until the user turns it on again (either ends a timed pause).
     *
     * @return the updated profile, empty when the user has no profile yet
     */
    Optional<UserProfile> setSharing(String userId, boolean enabled);

    /**
     * Sharing off until {@code untilMillis} (ms since the epoch), when it resumes by itself ("ghost mode"); the
     * caller has checked the bounds.
     *
     * @return the updated profile, empty when the user has no profile yet
     */
    Optional<UserProfile> pauseSharing(String userId, long untilMillis);

    /**
     * The proximity alert distance, 0 = off; the caller has checked the bounds.
     *
     * @return the updated profile, empty when the user has no profile yet
     */
    Optional<UserProfile> setAlertMeters(String userId, int meters);

    /** @return the updated profile, empty when the user has no profile yet */
    Optional<UserProfile> setDiscoverable(String userId, boolean enabled);
}
