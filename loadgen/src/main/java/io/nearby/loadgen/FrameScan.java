package io.nearby.loadgen;

/**
 * Reads {@code type}, {@code id} and {@code ts} out of one flat JSON object without building a tree: the generator's
 * fast path for the tens of thousands of {@code friend_location} frames a second it receives (Jackson would cost the
 * generator a visible share of the 2 cores it shares with the server). Nested values are skipped whole, strings are
 * read with their escapes, so a key inside a string or a nested object is never mistaken for a top-level one. Pure.
 *
 * @param type the top-level {@code type} string, or null
 * @param id   the top-level {@code id} string, or null
 * @param ts   the top-level {@code ts} integer, or {@link #NO_TS}
 */
record FrameScan(String type, String id, long ts) {
    static final long NO_TS = Long.MIN_VALUE;

    /** The three fields, or null when the text is not a JSON object this scanner can read (then use a real parser). */
    static FrameScan of(CharSequence text) {
        try {
            return new Scanner(text).object();
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    private static final class Scanner {
        private static final int OTHER = 0;
        private static final int TYPE = 1;
        private static final int ID = 2;
        private static final int TS = 3;

        private final CharSequence s;
        private int i;

        /** Reads a key string and says which of the three it is, without building it (unless it has escapes). */
        private int key() {
            int start = i + 1;
            expect('"');
            while (true) {
                char c = next();
                if (c == '"') {
                    return keyOf(s, start, i - 1);
                }
                if (c == '\\') {
                    i = start - 1;
                    String k = string();
                    return switch (k) {
                        case "type" -> TYPE;
                        case "id" -> ID;
                        case "ts" -> TS;
                        default -> OTHER;
                    };
                }
            }
        }

        private static int keyOf(CharSequence s, int from, int to) {
            int n = to - from;
            if (n == 4 && s.charAt(from) == 't' && s.charAt(from + 1) == 'y' && s.charAt(from + 2) == 'p' && s.charAt(from + 3) == 'e') {
                return TYPE;
            }
            if (n == 2 && s.charAt(from) == 'i' && s.charAt(from + 1) == 'd') {
                return ID;
            }
            if (n == 2 && s.charAt(from) == 't' && s.charAt(from + 1) == 's') {
                return TS;
            }
            return OTHER;
        }

        Scanner(CharSequence s) {
            this.s = s;
        }

        FrameScan object() {
            skipSpace();
            expect('{');
            String type = null;
            String id = null;
            long ts = NO_TS;
            skipSpace();
            if (peek() == '}') {
                i++;
                return end(type, id, ts);
            }
            while (true) {
                skipSpace();
                int key = key();
                skipSpace();
                expect(':');
                skipSpace();
                switch (key) {
                    case TYPE -> type = peek() == '"' ? string() : skipValueAndNull();
                    case ID -> id = peek() == '"' ? string() : skipValueAndNull();
                    case TS -> ts = integer();
                    default -> skipValue();
                }
                skipSpace();
                char c = next();
                if (c == '}') {
                    return end(type, id, ts);
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected , or } at " + (i - 1));
                }
            }
        }

        private FrameScan end(String type, String id, long ts) {
            skipSpace();
            if (i != s.length()) {
                throw new IllegalArgumentException("trailing text");
            }
            return new FrameScan(type, id, ts);
        }

        private String skipValueAndNull() {
            skipValue();
            return null;
        }

        private long integer() {
            int start = i;
            if (peek() == '-') {
                i++;
            }
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                throw new IllegalArgumentException("ts is not an integer");
            }
            return Long.parseLong(s, start, i, 10);
        }

        private String string() {
            expect('"');
            StringBuilder out = null;
            int start = i;
            while (true) {
                char c = next();
                if (c == '"') {
                    return out == null ? new StringBuilder(i - 1 - start).append(s, start, i - 1).toString() : out.toString();
                }
                if (c == '\\') {
                    if (out == null) {
                        out = new StringBuilder().append(s, start, i - 1);
                    }
                    char e = next();
                    switch (e) {
                        case '"', '\\', '/' -> out.append(e);
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'n' -> out.append('\n');
                        case 'r' -> out.append('\r');
                        case 't' -> out.append('\t');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(s, i, i + 4, 16));
                            i += 4;
                        }
                        default -> throw new IllegalArgumentException("bad escape");
                    }
                } else if (out != null) {
                    out.append(c);
                }
            }
        }

        private void skipValue() {
            char c = peek();
            if (c == '"') {
                string();
                return;
            }
            if (c == '{' || c == '[') {
                int depth = 0;
                do {
                    char d = peek();
                    if (d == '"') {
                        string();
                        continue;
                    }
                    i++;
                    if (d == '{' || d == '[') {
                        depth++;
                    } else if (d == '}' || d == ']') {
                        depth--;
                    }
                } while (depth > 0);
                return;
            }
            int start = i;
            while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            if (i == start) {
                throw new IllegalArgumentException("missing value");
            }
        }

        private void skipSpace() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            return s.charAt(i);
        }

        private char next() {
            char c = peek();
            i++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw new IllegalArgumentException("expected " + c + " at " + (i - 1));
            }
        }
    }
}
