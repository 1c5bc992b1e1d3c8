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

    /** @return the updated profile, empty when the user has no profile yet */
    Optional<UserProfile> setSharing(String userId, boolean enabled);

    /** @return the updated profile, empty when the user has no profile yet */
    Optional<UserProfile> setDiscoverable(String userId, boolean enabled);
}
