package io.nearby.server.session;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.nearby.friends.UserProfile;

/**
 * One copy of each friend profile per server, however many sessions show that friend: a user's profile is loaded by
 * the session of each of their friends on this server (by the seed's numbers, tens of them), and each copy is about
 * a hundred bytes. Equal profiles (same id, name, avatar, flags) are the same object; a changed one replaces the old.
 * Entries are weak: a profile no session holds any more is collected, and its entry removed on a later call.
 * Thread-safe, never blocks.
 */
public final class SharedProfiles {
    private static final class Entry extends WeakReference<UserProfile> {
        final String id;

        Entry(UserProfile profile, ReferenceQueue<UserProfile> queue) {
            super(profile, queue);
            this.id = profile.id();
        }
    }

    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final ReferenceQueue<UserProfile> collected = new ReferenceQueue<>();

    public SharedProfiles() {
    }

    /** The shared copy equal to {@code profile} (which becomes the shared copy if there is none). */
    UserProfile intern(UserProfile profile) {
        purge();
        Entry entry = byId.get(profile.id());
        UserProfile shared = entry == null ? null : entry.get();
        if (profile.equals(shared)) {
            return shared;
        }
        byId.put(profile.id(), new Entry(profile, collected));
        return profile;
    }

    /** {@link #intern} of each. */
    Map<String, UserProfile> intern(Map<String, UserProfile> profiles) {
        Map<String, UserProfile> shared = new HashMap<>(profiles.size() * 2);
        profiles.forEach((id, p) -> shared.put(id, intern(p)));
        return shared;
    }

    /** Profiles known (for tests). */
    int size() {
        purge();
        return byId.size();
    }

    private void purge() {
        for (Entry gone = (Entry) collected.poll(); gone != null; gone = (Entry) collected.poll()) {
            byId.remove(gone.id, gone);
        }
    }
}
