package io.nearby.server.protocol;

/**
 * A minimal JSON object writer for server messages: fields in the order written ({@code type} first),
 * strings escaped per RFC 8259. Hand-written because friend_location is serialised once per delivery on
 * the hot path; it allocates one StringBuilder.
 */
final class JsonText {
    private final StringBuilder sb = new StringBuilder(160);
    private boolean first = true;

    /** An object without a type (an entry inside a message). */
    JsonText() {
        sb.append('{');
    }

    /** A message: {@code type} comes first. */
    JsonText(String type) {
        this();
        string("type", type);
    }

    JsonText string(String name, String value) {
        key(name);
        quote(value);
        return this;
    }

    JsonText number(String name, long value) {
        key(name);
        sb.append(value);
        return this;
    }

    /** Finite doubles only (validated upstream); written with up to 7 decimals. */
    JsonText number(String name, double value) {
        key(name);
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            sb.append((long) value);
        } else {
            sb.append(Math.round(value * 1e7) / 1e7);
        }
        return this;
    }

    JsonText bool(String name, boolean value) {
        key(name);
        sb.append(value);
        return this;
    }

    JsonText raw(String name, CharSequence json) {
        key(name);
        sb.append(json);
        return this;
    }

    String end() {
        return sb.append('}').toString();
    }

    private void key(String name) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        quote(name);
        sb.append(':');
    }

    private void quote(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
