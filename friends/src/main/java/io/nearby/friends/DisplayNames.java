package io.nearby.friends;

import java.util.Optional;

/**
 * What a display name may contain: it is shown to friends and, for discoverable users, to strangers, so it must not
 * be able to disguise itself or the text around it. Refused: control characters (C0, C1, DEL), format characters
 * (zero-width spaces and joiners, the BOM, soft hyphen...) and the bidirectional embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) that reorder what is displayed, line and paragraph separators; at most
 * {@link #MAX_CODE_POINTS} code points after trimming, and not blank.
 */
public final class DisplayNames {
    public static final int MAX_CODE_POINTS = 64;

    private DisplayNames() {
    }

    /** Empty if {@code name} (already trimmed) is acceptable, else the reason, worded for the client. */
    public static Optional<String> problem(String name) {
        if (name.isBlank()) {
            return Optional.of("must not be blank");
        }
        if (name.codePointCount(0, name.length()) > MAX_CODE_POINTS) {
            return Optional.of("must be at most " + MAX_CODE_POINTS + " characters");
        }
        boolean hidden = name.codePoints().anyMatch(cp -> {
            int type = Character.getType(cp);
            return Character.isISOControl(cp) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
                    || type == Character.PRIVATE_USE || type == Character.SURROGATE;
        });
        return hidden ? Optional.of("must not contain control, format or bidirectional-override characters")
                : Optional.empty();
    }
}
