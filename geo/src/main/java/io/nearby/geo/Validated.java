package io.nearby.geo;

import java.util.Objects;

/**
 * The outcome of validating untrusted input: either a {@link Valid} value or an {@link Invalid} reason.
 * Validators return this instead of throwing, so a bad client message can never escape as an exception.
 *
 * <pre>{@code
 * switch (validator.validate(lat, lon, ts)) {
 *     case Validated.Valid<LocationFix>(LocationFix fix) -> store(fix);
 *     case Validated.Invalid<LocationFix> bad -> sendError("bad_request", bad.message());
 * }
 * }</pre>
 *
 * @param <T> the type of the validated value
 */
public sealed interface Validated<T> permits Validated.Valid, Validated.Invalid {

    /** Input that passed every check. */
    record Valid<T>(T value) implements Validated<T> {
        public Valid {
            Objects.requireNonNull(value, "value");
        }
    }

    /** Input that failed the first check it did not pass; {@code message} is fit to show to a client. */
    record Invalid<T>(GeoError error, String message) implements Validated<T> {
        public Invalid {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(message, "message");
        }

        /** The same failure as the result of another validation (an Invalid carries no value). */
        @SuppressWarnings("unchecked")
        public <U> Invalid<U> retyped() {
            return (Invalid<U>) (Invalid<?>) this;
        }
    }

    /** Shorthand for {@code new Invalid<>(error, message)}. */
    static <T> Invalid<T> invalid(GeoError error, String message) {
        return new Invalid<>(error, message);
    }
}
