package io.nearby.api;

import java.util.regex.Pattern;

/** The one definition of a valid user id (PROTOCOL.md): 1–64 characters of {@code [A-Za-z0-9_-]}. */
public final class UserIds {
    /** Longest valid id. */
    public static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");

    private UserIds() {
    }

    /** @return true when {@code id} is non-null and a valid user id; never throws */
    public static boolean valid(String id) {
        return id != null && id.length() <= MAX_LENGTH && VALID.matcher(id).matches();
    }
}
