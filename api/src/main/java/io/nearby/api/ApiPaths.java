package io.nearby.api;

import java.util.regex.Pattern;

/** Path checks shared by the filters: repeated slashes collapse ({@code //api/x} is {@code /api/x}). */
final class ApiPaths {
    /** The prefix of the REST API. */
    static final String API = "/api";
    private static final Pattern REPEATED_SLASHES = Pattern.compile("/{2,}");

    private ApiPaths() {
    }

    /** {@code path} with every run of slashes collapsed to one; the same string when there is none. */
    static String normalize(String path) {
        return path.contains("//") ? REPEATED_SLASHES.matcher(path).replaceAll("/") : path;
    }

    /** Whether a {@link #normalize normalized} path is {@code /api} or under {@code /api/}. */
    static boolean isApi(String normalizedPath) {
        return isAt(normalizedPath, API);
    }

    /** Whether a {@link #normalize normalized} path is {@code prefix} or under {@code prefix/}. */
    static boolean isAt(String normalizedPath, String prefix) {
        return normalizedPath.startsWith(prefix)
                && (normalizedPath.length() == prefix.length() || normalizedPath.charAt(prefix.length()) == '/');
    }
}
