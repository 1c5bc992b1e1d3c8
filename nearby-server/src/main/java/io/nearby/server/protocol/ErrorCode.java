package io.nearby.server.protocol;

/** The catalogue of {@code error} codes a WebSocket client can receive (PROTOCOL.md). */
public enum ErrorCode {
    /** Malformed JSON, wrong types, missing fields, out-of-range or non-finite values, absurd timestamps, unknown type. */
    BAD_REQUEST("bad_request"),
    /** Anything but {@code init} or {@code ping} before {@code init}. */
    NOT_INITIALIZED("not_initialized"),
    /** {@code subscribe}/{@code unsubscribe} of someone who is not a mutual friend. */
    NOT_FRIEND("not_friend"),
    /** {@code random} by a user who has not opted in to being discoverable. */
    NOT_DISCOVERABLE("not_discoverable"),
    /** The connection exceeded its message rate; the message was dropped. */
    RATE_LIMITED("rate_limited"),
    /** A message over the size limit. */
    TOO_LARGE("too_large"),
    /** A location implying a move faster than {@code NEARBY_MAX_SPEED_KMH} from the last accepted one: not stored. */
    IMPLAUSIBLE("implausible"),
    /** A location older than the last accepted one: not stored, not shown. */
    STALE("stale"),
    /** An {@code auth} message whose token is invalid, expired or for another user. */
    UNAUTHORIZED("unauthorized"),
    /** The server failed; the message may not have taken effect. */
    INTERNAL("internal");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
