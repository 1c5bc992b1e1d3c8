package io.nearby.credentials;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ONE place where credentials are taken out of text the service prints: logs, health details, error messages,
 * the operator command's output. Everything that may carry a URL, a JDBC URL, a contact point or an exception
 * message about one goes through {@link #redact} before it leaves the process.
 *
 * <pre>{@code
 * Redaction.redact("redis://nearby:s3cret@cache:6379")                  // redis://nearby:***@cache:6379
 * Redaction.redact("jdbc:h2:file:./data/x;USER=sa;PASSWORD=s3cret")      // jdbc:h2:file:./data/x;USER=sa;PASSWORD=***
 * Redaction.redact("jdbc:postgresql://db/n?user=u&password=s3cret&ssl=1") // ...?user=u&password=***&ssl=1
 * }</pre>
 *
 * <p>What is masked, wherever it appears in the text (also several times, also inside a longer message):
 * <ul>
 *   <li>the user info of any {@code scheme://user:password@host} ({@code redis://}, {@code rediss://}, {@code http://},
 *       {@code https://}, {@code jdbc:postgresql://}, ...): the password becomes {@value #MASK}, the user name stays
 *       (it helps operators and is not a secret); user info without a colon ({@code https://TOKEN@host}) is masked
 *       whole;</li>
 *   <li>the same without a scheme ({@code user:password@host}, {@code password@host}: a mistyped URL); an e-mail
 *       address loses its local part the same way;</li>
 *   <li>the value of every {@code key=value} option whose key contains {@code password}, {@code passwd}, {@code pwd},
 *       {@code secret} or {@code token}, in any case: H2's {@code ;PASSWORD=…}, PostgreSQL's {@code ?password=…} and
 *       {@code &sslpassword=…}, and the like.</li>
 * </ul>
 * It errs on the side of masking: an odd text may lose a little more than the secret, never keep it. Thread-safe,
 * no state.
 */
public final class Redaction {
    /** What a secret is replaced with. */
    public static final String MASK = "***";

    /** {@code scheme://userinfo@}: userinfo runs to the last {@code @} before a path, whitespace or quote. */
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.\\-]*://)([^\\s/\"'<>`]+)@");
    /**
     * {@code user:password@host} without a scheme (a mistyped URL, {@code host:port} lists): a word before an {@code @}
     * that follows a host character, at the start of the text or after a space, quote, comma, {@code =} or {@code ;}.
     */
    private static final Pattern BARE_USER_INFO = Pattern.compile("(^|[\\s'\"(,=;])([^\\s/@'\"<>(),=;]+)@(?=[A-Za-z0-9\\[])");
    /** {@code ...password=value}, {@code pwd=value}, {@code secret=value}, {@code token=value} (any case). */
    private static final Pattern SECRET_OPTION = Pattern.compile(
            "(?i)((?<![A-Za-z0-9])[A-Za-z0-9_.\\-]*(?:password|passwd|pwd|secret|token)[A-Za-z0-9_.\\-]*=)([^;&\\s,\"'<>)\\]}]+)");

    private Redaction() {
    }

    /** {@code text} with every credential it carries replaced by {@value #MASK}; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = replace(USER_INFO.matcher(text), m -> m.group(1) + userInfo(m.group(2)) + "@");
        masked = replace(BARE_USER_INFO.matcher(masked), m -> m.group(1) + userInfo(m.group(2)) + "@");
        return replace(SECRET_OPTION.matcher(masked), m -> m.group(1) + MASK);
    }

    /** {@code user:secret} keeps the user; anything else is a secret as a whole (a bare token or password). */
    private static String userInfo(String info) {
        if (info.equals(MASK) || info.endsWith(":" + MASK)) {
            return info;
        }
        int colon = info.indexOf(':');
        return colon < 0 ? MASK : info.substring(0, colon) + ":" + MASK;
    }

    /** {@code String.valueOf(value)}, redacted: for objects whose {@code toString} may name an address. */
    public static String redact(Object value) {
        return redact(String.valueOf(value));
    }

    private static String replace(Matcher matcher, java.util.function.Function<Matcher, String> replacement) {
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher)));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
