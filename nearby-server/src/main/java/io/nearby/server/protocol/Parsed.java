package io.nearby.server.protocol;

/** Outcome of parsing one text frame: a message, or the error to answer with. Never an exception. */
public sealed interface Parsed {
    record Ok(ClientMessage message) implements Parsed {
    }

    record Rejected(ErrorCode code, String message) implements Parsed {
    }

    static Parsed bad(String message) {
        return new Rejected(ErrorCode.BAD_REQUEST, message);
    }
}
